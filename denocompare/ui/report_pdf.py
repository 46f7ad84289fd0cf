"""The committee report rendered by Qt's rich-text engine: PDF, print and preview.

One renderer serves ``denocompare report --out x.pdf``, File > Export report and
File > Print: a QTextDocument printed to a QPrinter. Printing a document that has
no page size of its own makes Qt paginate it and number the pages.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QMarginsF, QUrl
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QTextDocument
from PySide6.QtPrintSupport import QPrinter

from denocompare.core.dataset import Dataset
from denocompare.core.view import View
from denocompare.output.writers import atomic_path
from denocompare.plotting import CHARTS
from denocompare.report.build import build_html, chart_png

PAPERS = {"A4": QPageSize.PageSizeId.A4, "Letter": QPageSize.PageSizeId.Letter}


def report_document(ds: Dataset, view: View, dpi: int = 300) -> QTextDocument:
    """The report as a QTextDocument with its charts as image resources."""
    doc = QTextDocument()
    for key in CHARTS:
        image = QImage.fromData(chart_png(ds, view, key, dpi=dpi), "PNG")
        doc.addResource(QTextDocument.ResourceType.ImageResource, QUrl(f"chart-{key}.png"),
                        image)
    doc.setHtml(build_html(ds, view, image=lambda key: f"chart-{key}.png"))
    return doc


#: More products than this and the attribute tables go landscape: in portrait, five or
#: more columns break words mid-way.
PORTRAIT_MAX_PRODUCTS = 4


def configure_printer(printer: QPrinter, paper: str = "A4", n_products: int = 2) -> QPrinter:
    orientation = QPageLayout.Orientation.Landscape if n_products > PORTRAIT_MAX_PRODUCTS \
        else QPageLayout.Orientation.Portrait
    printer.setPageLayout(QPageLayout(QPageSize(PAPERS.get(paper, PAPERS["A4"])), orientation,
                                      QMarginsF(15, 15, 15, 15), QPageLayout.Unit.Millimeter))
    return printer


def write_pdf(ds: Dataset, view: View, target: Path, paper: str = "A4") -> Path:
    """Render the report to ``target`` (PDF), atomically."""
    doc = report_document(ds, view)
    with atomic_path(Path(target)) as tmp:
        printer = configure_printer(QPrinter(QPrinter.PrinterMode.HighResolution), paper,
                                    len(view.products))
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(tmp))
        printer.setDocName(doc.metaInformation(QTextDocument.MetaInformation.DocumentTitle))
        printer.setCreator("DenoCompare")
        doc.print_(printer)
    return Path(target)


def headless_write_pdf(ds: Dataset, view: View, target: Path,
                       paper: str = "A4") -> Path:
    """For the CLI: a QGuiApplication (offscreen when there is no display), then write."""
    from PySide6.QtGui import QGuiApplication

    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QGuiApplication.instance() or QGuiApplication(["denocompare"])
    try:
        return write_pdf(ds, view, target, paper)
    finally:
        del app
