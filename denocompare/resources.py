"""Where the bundled data and assets are, installed or in a source checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _find(name: str) -> Path:
    # A wheel carries them inside the package; a source checkout or an editable
    # install has them at the repository root, beside the package.
    for candidate in (_PACKAGE / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"the bundled '{name}' folder is missing from this installation")


def bundled_data_dir() -> Path:
    """The folder of the bundled, cited dataset (read-only: never written to)."""
    return _find("data")


def assets_dir() -> Path:
    return _find("assets")


def is_bundled(path: str | Path) -> bool:
    """True if ``path`` lies inside the bundled data (which must never be written)."""
    try:
        Path(path).resolve().relative_to(bundled_data_dir().resolve())
    except (ValueError, FileNotFoundError):
        return False
    return True
