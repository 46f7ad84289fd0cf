"""The committee report written as a self-contained HTML file.

The HTML itself is built by ``denocompare.report.build``; this module only writes it.
"""

from __future__ import annotations

from pathlib import Path

from denocompare.core.dataset import Dataset
from denocompare.core.errors import ExportError
from denocompare.core.view import View
from denocompare.output.writers import atomic_write
from denocompare.report.build import build_html


def write_html(ds: Dataset, view: View, target: Path) -> Path:
    """Write the report as a self-contained HTML file (charts embedded), atomically."""
    text = build_html(ds, view)
    return atomic_write(Path(target), lambda fh: fh.write(text.encode("utf-8")))


def write_report(ds: Dataset, view: View, target: Path, paper: str = "A4") -> Path:
    """HTML here; PDF needs Qt's renderer, which the caller imports from ``ui``."""
    if Path(target).suffix.lower() in (".html", ".htm"):
        return write_html(ds, view, target)
    raise ExportError(f"{Path(target).name}: the report is written as .pdf or .html")
