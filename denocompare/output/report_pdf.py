"""The committee report as PDF, rendered by WeasyPrint: no Qt, no print system, no network.

Why WeasyPrint and not Qt's ``QPrinter``: Qt's printer never reports a failed write
(a full disk gave a truncated PDF and exit 0), loads the CUPS plugin, which connects
to the print server, and needs a display connection, so a dead one aborted the
command. WeasyPrint renders the report's HTML and CSS (paged media: repeated table
headers, page numbers, no row split across pages) to bytes in memory; the file is
then written like every other one, through ``atomic_write``. It fetches nothing: the
charts are ``data:`` URIs and any other URL is refused.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from denocompare.core.audit import Trail
from denocompare.core.dataset import Dataset
from denocompare.core.errors import ExportError
from denocompare.core.view import View
from denocompare.output.writers import atomic_write, check_target
from denocompare.report.build import build_html

PAPERS = ("A4", "Letter")

# WeasyPrint logs through "weasyprint"; with no handler anywhere Python would print its
# warnings (a missing optional library, say) on the command line. The application's
# log handlers, where there are any, still receive them.
logging.getLogger("weasyprint").addHandler(logging.NullHandler())


def _fetcher() -> Any:
    from weasyprint.urls import URLFetcher

    class DataOnly(URLFetcher):
        """``data:`` URIs only (decoded in memory); every other URL is an error."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            if not url.startswith("data:"):
                raise ValueError(f"the report fetches nothing, not even {url[:80]}")
            return super().fetch(url, headers)

    # fail_on_errors: a refused URL stops the report instead of a silent gap in it.
    return DataOnly(allowed_protocols=("data",), fail_on_errors=True)


def render_pdf(text: str, paper: str = "A4") -> bytes:
    """The HTML ``text`` as PDF bytes on ``paper``, fetching nothing.

    Text pages are portrait; the chart pages (``@page chart``) landscape.
    """
    import weasyprint

    if paper not in PAPERS:
        raise ExportError(f"the report is printed on A4 or Letter, not '{paper}'")
    # In the document, after its own style: WeasyPrint's ``stylesheets`` argument is a
    # user style sheet, which the document's ``@page { size: A4 }`` would override.
    page = (f"<style>@page {{ size: {paper} portrait; }} "
            f"@page chart {{ size: {paper} landscape; }}</style></head>")
    document = weasyprint.HTML(string=text.replace("</head>", page, 1), base_url=None,
                               url_fetcher=_fetcher())
    return document.write_pdf()


def write_pdf(ds: Dataset, view: View, target: Path, paper: str = "A4",
              trail: Trail | None = None, since: Dataset | None = None) -> Path:
    """Render the report to ``target`` (PDF), atomically.

    Parameters
    ----------
    ds : Dataset
        The loaded dataset.
    view : View
        The comparison the report shows (reference, comparators, filters).
    target : Path
        The PDF file to write.
    paper : {'A4', 'Letter'}
        Paper size: text pages portrait, chart pages landscape.
    trail : Trail, optional
        The audit trail (on the first page, at the end, in the PDF's info
        dictionary); by default made now, not saved.
    since : Dataset, optional
        The dataset last reviewed: the report lists what changed from it.

    Returns
    -------
    Path
        The file written.

    Raises
    ------
    ExportError
        When the target is refused or cannot be written (a full disk, a short write,
        a read-only file); the previous file is then untouched.
    """
    target = Path(target)
    check_target(target)  # refused before seconds of rendering, not after
    pdf = render_pdf(build_html(ds, view, trail=trail, since=since), paper)
    return atomic_write(target, lambda fh: fh.write(pdf))
