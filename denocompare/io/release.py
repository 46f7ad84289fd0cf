"""The ``RELEASE`` manifest beside each bundled dataset: write it, read it, check a load.

Make or refresh the manifests after changing bundled data (the tests fail until then)::

    python -m denocompare.io.release              # every bundled dataset folder
    python -m denocompare.io.release data/FOLDER  # one folder

Naming a loaded dataset costs a ``stat`` per table file; its bytes are hashed only when
every file is exactly as long as a release's (SHA-256 of the bundled tables, about
0.2 MB, takes well under a millisecond), so a user's large dataset is never hashed.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path

from denocompare.core.identity import (
    Identity,
    Release,
    format_release,
    name_dataset,
    parse_release,
)
from denocompare.core.schema import TABLES
from denocompare.resources import data_root

MANIFEST = "RELEASE"
COMMAND = "python -m denocompare.io.release"


def table_files(folder: Path) -> dict[str, Path]:
    """The table files of a CSV dataset folder (lower-case name -> path)."""
    names = {t.filename for t in TABLES}
    return {p.name.lower(): p for p in sorted(folder.iterdir())
            if p.name.lower() in names and p.is_file()}


def hash_files(files: Mapping[str, Path]) -> dict[str, str]:
    """SHA-256 of each file's bytes (name -> hex)."""
    return {name: hashlib.sha256(path.read_bytes()).hexdigest() for name, path in files.items()}


def read_release(folder: Path) -> Release | None:
    """The release manifest of ``folder``, or ``None`` when it has none."""
    path = folder / MANIFEST
    if not path.is_file():
        return None
    return parse_release(path.read_text(encoding="utf-8"))


def dataset_folders(root: Path | None = None) -> list[Path]:
    """Bundled dataset folders: the data folder itself and each of its sub-folders
    that holds a ``metadata.csv``."""
    root = root or data_root()
    found = [root] if (root / "metadata.csv").is_file() else []
    return found + [p for p in sorted(root.iterdir())
                    if p.is_dir() and (p / "metadata.csv").is_file()]


@lru_cache(maxsize=1)
def bundled_releases() -> tuple[tuple[Release, dict[str, int]], ...]:
    """Every bundled release with its files' sizes (read once; a few small files)."""
    out = []
    for folder in dataset_folders():
        rel = read_release(folder)
        if rel is not None:
            sizes = {n: (folder / n).stat().st_size for n in rel.hashes if (folder / n).is_file()}
            out.append((rel, sizes))
    return tuple(out)


def identify(files: Mapping[str, Path], name: str, version: str, origin: str) -> Identity:
    """Name the dataset read from ``files`` (the reader's table files, name -> path)."""
    known = bundled_releases()
    sizes = {n.lower(): p.stat().st_size for n, p in files.items()}
    hashes = None
    if files and any(s == sizes for _, s in known):
        hashes = hash_files(files)
    return name_dataset(name, version, Path(origin).name or origin, hashes,
                        [r for r, _ in known])


def write_release(folder: Path) -> Path:
    """Validate the dataset in ``folder`` and write its ``RELEASE`` manifest."""
    from denocompare.io.validate import load_dataset  # validate imports this module

    ds = load_dataset(folder)
    release = Release(ds.name, ds.version, hash_files(table_files(folder)))
    where = folder / MANIFEST
    where.write_text(format_release(release, COMMAND), encoding="utf-8", newline="\n")
    bundled_releases.cache_clear()
    return where


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    folders = [Path(a) for a in args] or dataset_folders()
    for folder in folders:
        print(f"wrote {write_release(folder)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
