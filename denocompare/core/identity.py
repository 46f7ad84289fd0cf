"""What a dataset is called: a bundled release, a modified copy of one, or the user's own.

A chart, report or export made from edited values must not pass for the cited release.
Each bundled dataset folder carries a ``RELEASE`` manifest: the release's name and
version and the SHA-256 of each table file's bytes (``denocompare.io.release`` writes
and reads it). A dataset is named as the release only when every table file it was
read from is that release byte for byte; one changed byte makes it a modified copy.
This module only compares: it reads no file, so core stays free of input and output.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

RELEASE = "release"
MODIFIED = "modified"
OWN = "own"


@dataclass(frozen=True)
class Release:
    """One bundled release: its name, version and each table file's SHA-256."""

    name: str
    version: str
    hashes: Mapping[str, str] = field(default_factory=dict)  # file name -> sha256 hex

    @property
    def size(self) -> int:
        return len(self.hashes)

    @property
    def label(self) -> str:
        return f"{self.name} {self.version}".strip()


@dataclass(frozen=True)
class Identity:
    """How the app names a dataset everywhere: ``text``, and which ``kind`` it is."""

    text: str
    kind: str = OWN  # RELEASE, MODIFIED or OWN
    #: Of a modified copy: the release it names ("<name> <version>") and its file.
    of: str = ""
    file: str = ""

    @property
    def is_release(self) -> bool:
        return self.kind == RELEASE


def name_dataset(name: str, version: str, file_name: str,
                 hashes: Mapping[str, str] | None,
                 releases: Iterable[Release]) -> Identity:
    """Name a loaded dataset.

    Parameters
    ----------
    name, version
        What the dataset's own metadata table says.
    file_name
        The folder or workbook it was read from, as the user knows it.
    hashes
        SHA-256 of each table file's bytes (file name -> hex), or ``None`` when they
        were not computed (a workbook; files whose sizes match no release).
    releases
        The bundled releases.

    Returns
    -------
    Identity
        ``"<name> <version>"`` of a release when the hashes are exactly a release's;
        ``"modified copy of <name> <version> (<file name>)"`` when the metadata names a
        release but the bytes differ; else the dataset's own ``"<name> <version>"``.
    """
    releases = list(releases)
    if hashes:
        for rel in releases:
            if dict(rel.hashes) == {k.lower(): v for k, v in hashes.items()}:
                return Identity(rel.label, RELEASE)
    same_name = [r for r in releases if r.name == name]
    if same_name:
        rel = next((r for r in same_name if r.version == version), same_name[0])
        where = f" ({file_name})" if file_name else ""
        return Identity(f"modified copy of {rel.label}{where}", MODIFIED, rel.label, file_name)
    return Identity(f"{name} {version}".strip(), OWN)


def parse_release(text: str) -> Release:
    """A ``RELEASE`` manifest's text -> ``Release`` (``ValueError`` when malformed).

    Lines are ``name: ...``, ``version: ...`` and ``<sha256>  <file name>`` (the
    format ``sha256sum`` writes, so ``sha256sum -c RELEASE`` checks it too);
    ``#`` starts a comment.
    """
    meta: dict[str, str] = {}
    hashes: dict[str, str] = {}
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        key, sep, value = line.partition(":")
        if sep and key in ("name", "version"):
            meta[key] = value.strip()
            continue
        digest, _, fname = line.partition(" ")
        fname = fname.strip().lstrip("*")
        if len(digest) != 64 or not fname:
            raise ValueError(f"unreadable line in the release manifest: {line!r}")
        hashes[fname.lower()] = digest.lower()
    if "name" not in meta or not hashes:
        raise ValueError("the release manifest names no dataset or no files")
    return Release(meta["name"], meta.get("version", ""), hashes)


def format_release(release: Release, command: str) -> str:
    """The text of a ``RELEASE`` manifest; ``command`` is how to make it again."""
    head = ["# Bundled release manifest: SHA-256 of each table file, byte for byte.",
            f"# Made by `{command}`; do not edit by hand. A dataset whose files",
            "# differ from these is named a modified copy of this release.",
            f"name: {release.name}", f"version: {release.version}"]
    return "\n".join(head + [f"{h}  {f}" for f, h in sorted(release.hashes.items())]) + "\n"
