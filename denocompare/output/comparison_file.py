"""Write a saved comparison file, atomically (the format is ``denocompare.core.saved``)."""

from __future__ import annotations

import os
from pathlib import Path

from denocompare.core.dataset import Dataset
from denocompare.core.saved import SUFFIX, SavedComparison
from denocompare.core.view import View
from denocompare.output.writers import atomic_write


def write_comparison(ds: Dataset, view: View, path: str | os.PathLike) -> Path:
    """Save ``view`` made on ``ds`` to ``path`` (``.denocompare.json`` added if it has
    no extension) and return the path written. Raises ``ExportError`` saying why not."""
    target = Path(path)
    if not target.suffix:
        target = target.with_name(target.name + SUFFIX)
    data = SavedComparison.of(ds, view).to_json().encode("utf-8")
    return atomic_write(target, lambda fh: fh.write(data))
