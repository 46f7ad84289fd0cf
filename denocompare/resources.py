"""Where the bundled data and assets are, installed or in a source checkout.

The bundled datasets are the folders of ``data/`` (one per molecule, each a folder of
CSV files); ``data/README.md`` documents the format they share.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
#: The dataset opened when none is named: the first one DenoCompare shipped.
DEFAULT_DATASET = "denosumab"


def _find(name: str) -> Path:
    # A wheel carries them inside the package; a source checkout or an editable
    # install has them at the repository root, beside the package.
    for candidate in (_PACKAGE / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"the bundled '{name}' folder is missing from this installation")


def data_root() -> Path:
    """The folder holding every bundled dataset (read-only: never written to)."""
    return _find("data")


def bundled_datasets() -> list[str]:
    """The names of the bundled datasets, the default first, then by name."""
    try:
        names = [p.name for p in data_root().iterdir()
                 if p.is_dir() and (p / "metadata.csv").is_file()]
    except FileNotFoundError:
        return []
    return sorted(names, key=lambda n: (n != DEFAULT_DATASET, n))


def bundled_data_dir(name: str = DEFAULT_DATASET) -> Path:
    """The folder of the bundled, cited dataset ``name`` (read-only: never written to).

    Raises ``FileNotFoundError`` naming the bundled datasets if there is no such one.
    """
    folder = data_root() / name
    if name not in bundled_datasets():
        raise FileNotFoundError(f"there is no bundled dataset '{name}'; the bundled "
                                f"datasets are: {', '.join(bundled_datasets())}")
    return folder


def dataset_path(arg: str | Path | None) -> Path:
    """A ``--data`` argument as a path: a bundled dataset's name (``ustekinumab``), unless
    a file or folder of that name exists here, else the path itself; None: the default."""
    if arg is None or str(arg) == "":
        return bundled_data_dir()
    path = Path(arg).expanduser()
    if not path.exists() and str(arg) in bundled_datasets():
        return bundled_data_dir(str(arg))
    return path


def bundled_name(path: str | Path) -> str:
    """The bundled dataset's name if ``path`` is one of their folders, else ''."""
    try:
        resolved = Path(path).resolve()
    except (OSError, RuntimeError):
        return ""
    for name in bundled_datasets():
        if resolved == (data_root() / name).resolve():
            return name
    return ""


def assets_dir() -> Path:
    return _find("assets")


def is_bundled(path: str | Path) -> bool:
    """True if ``path`` lies inside the bundled data (which must never be written)."""
    try:
        Path(path).resolve().relative_to(data_root().resolve())
    except (ValueError, FileNotFoundError):
        return False
    return True
