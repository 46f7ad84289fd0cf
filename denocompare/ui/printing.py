"""Printing and print preview for a chart (as a 300 dpi image) or a table (as HTML).

The report has its own renderer (``report_pdf``); single charts and tables use these
two painters, behind the same print and preview dialogs.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QImage, QPainter, QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog


def paint_image(image: QImage, printer: QPrinter) -> None:
    """The image scaled to the printable page, aspect kept, top-centred."""
    painter = QPainter(printer)
    try:
        page = printer.pageLayout().paintRectPixels(printer.resolution())
        size = image.size().scaled(page.size(), Qt.AspectRatioMode.KeepAspectRatio)
        target = QRect(0, 0, size.width(), size.height())
        target.moveLeft((page.width() - size.width()) // 2)
        painter.drawImage(target, image)
    finally:
        painter.end()


def table_document(frame: pd.DataFrame, title: str = "") -> QTextDocument:
    """A table as a printable document (text escaped, headers kept)."""
    body = frame.to_html(escape=True, na_rep="", border=1).replace(
        "<table ", "<table cellspacing='0' cellpadding='3' ", 1)
    doc = QTextDocument()
    doc.setHtml(f"<h3>{pd.io.formats.printing.pprint_thing(title, escape_chars=None)}</h3>"
                f"<div style='font-size:8pt'>{body}</div>" if title else body)
    return doc


def print_with_dialog(parent, paint: Callable[[QPrinter], None], preview: bool = False,
                      printer: QPrinter | None = None) -> bool:
    """Ask for a printer (or show a preview) and paint; False if the user cancelled."""
    printer = printer or QPrinter(QPrinter.PrinterMode.HighResolution)
    if preview:
        dialog = QPrintPreviewDialog(printer, parent)
        dialog.paintRequested.connect(paint)
        return bool(dialog.exec())
    if not QPrintDialog(printer, parent).exec():
        return False
    paint(printer)
    return True
