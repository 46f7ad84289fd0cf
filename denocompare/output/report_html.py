"""The committee report written as a self-contained HTML file, or as PDF by its name.

The HTML itself is built by ``denocompare.report.build``; this module only writes it.
"""

from __future__ import annotations

from pathlib import Path

from denocompare.core.audit import Trail
from denocompare.core.dataset import Dataset
from denocompare.core.errors import ExportError
from denocompare.core.view import View
from denocompare.output.writers import atomic_write, check_target
from denocompare.report.build import build_html


def write_html(ds: Dataset, view: View, target: Path, trail: Trail | None = None,
               since: Dataset | None = None) -> Path:
    """Write the report as a self-contained HTML file (charts embedded), atomically."""
    check_target(Path(target))  # refused before the charts are drawn
    text = build_html(ds, view, trail=trail, since=since)
    return atomic_write(Path(target), lambda fh: fh.write(text.encode("utf-8")))


def write_report(ds: Dataset, view: View, target: Path, paper: str = "A4",
                 trail: Trail | None = None, since: Dataset | None = None) -> Path:
    """The report as PDF or HTML by the target's suffix; the one writer of report files.

    ``trail`` is the audit trail it carries (by default made now, not saved); ``since``:
    the dataset last reviewed, for the section "What changed since our last review"
    (``report.changes_section``); None: no such section.
    """
    suffix = Path(target).suffix.lower()
    if suffix in (".html", ".htm"):
        return write_html(ds, view, target, trail, since)
    if suffix == ".pdf":
        from denocompare.output import report_pdf  # WeasyPrint: imported only for a PDF

        return report_pdf.write_pdf(ds, view, target, paper, trail, since)
    raise ExportError(f"{Path(target).name}: the report is written as .pdf or .html")
