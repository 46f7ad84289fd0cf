"""The committee report for File > Print and Print preview, by Qt's rich-text engine.

Printing is a Qt job: a QTextDocument painted on the printer the user chose. Report
*files* never come from here: ``denocompare.output.report_pdf`` writes the PDF (a
QPrinter reports no failed write and loads the print system). Printing a document
that has no page size of its own makes Qt paginate it and number the pages.
"""

from __future__ import annotations

from PySide6.QtCore import QMarginsF, QUrl
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QTextDocument
from PySide6.QtPrintSupport import QPrinter

from denocompare.core.dataset import Dataset
from denocompare.core.view import View
from denocompare.plotting import CHARTS
from denocompare.report.build import build_html, chart_png

PAPERS = {"A4": QPageSize.PageSizeId.A4, "Letter": QPageSize.PageSizeId.Letter}


def report_document(ds: Dataset, view: View, dpi: int = 300, trail=None,
                    since: Dataset | None = None) -> QTextDocument:
    """The report as a QTextDocument with its charts as image resources (``since``: the
    dataset last reviewed, as ``build_html`` takes it)."""
    doc = QTextDocument()
    for key in CHARTS:
        image = QImage.fromData(chart_png(ds, view, key, dpi=dpi), "PNG")
        doc.addResource(QTextDocument.ResourceType.ImageResource, QUrl(f"chart-{key}.png"),
                        image)
    doc.setHtml(build_html(ds, view, image=lambda key: f"chart-{key}.png", trail=trail,
                           since=since))
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
