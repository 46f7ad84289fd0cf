"""Printing and print preview for a chart (as a 300 dpi image) or a table (as HTML).

The report has its own renderer (``report_pdf``); single charts and tables use these
two painters, behind the same print and preview dialogs.

"Print to file" in the print dialog is a file write like any other: a ``QPrinter``
writing a PDF reports no failed or short write and may load the print system, so the
pages are painted into memory by a ``QPdfWriter`` and written by the atomic writer
(or, for the report, by the report's own PDF writer), which reports a full disk and
leaves the previous file untouched.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
from PySide6.QtCore import QBuffer, QIODevice, QRect, Qt
from PySide6.QtGui import QImage, QPagedPaintDevice, QPainter, QPdfWriter, QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QMessageBox

from denocompare.core.errors import ExportError
from denocompare.output.writers import atomic_write

Paint = Callable[[QPagedPaintDevice], object]


def paint_image(image: QImage, printer: QPagedPaintDevice) -> None:
    """The image scaled to the printable page, aspect kept, top-centred."""
    painter = QPainter(printer)
    try:
        page = printer.pageLayout().paintRectPixels(printer.logicalDpiX())
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


def pdf_bytes(paint: Paint, printer: QPrinter) -> bytes:
    """What ``paint`` draws, as a PDF in memory, on the page the user chose."""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(printer.resolution())
    writer.setPageLayout(printer.pageLayout())
    paint(writer)
    del writer  # ends the PDF: its last bytes are written when the writer goes
    return bytes(buffer.data().data())


def print_to_file(paint: Paint, printer: QPrinter, target: Path) -> Path:
    """Write the pages to ``target`` atomically; ExportError if it could not be written."""
    data = pdf_bytes(paint, printer)
    return atomic_write(target, lambda fh: fh.write(data))


def file_target(printer: QPrinter) -> Path | None:
    """The file the user chose in the print dialog ("Print to file"), if any."""
    name = printer.outputFileName()
    if name and printer.outputFormat() == QPrinter.OutputFormat.PdfFormat:
        return Path(name)
    return None


def finish_print(parent, paint: Paint, printer: QPrinter,
                 to_file: Callable[[Path], object] | None = None) -> bool:
    """Print on the chosen printer, or write the file; a failed write is said, not lost."""
    target = file_target(printer)
    if target is None:
        paint(printer)
        return True
    try:
        if to_file is not None:
            to_file(target)
        else:
            print_to_file(paint, printer, target)
    except ExportError as err:
        QMessageBox.warning(parent, "Not printed to file", str(err))
        return False
    return True


def print_with_dialog(parent, paint: Paint, preview: bool = False,
                      printer: QPrinter | None = None,
                      to_file: Callable[[Path], object] | None = None) -> bool:
    """Ask for a printer (or show a preview) and paint; False if cancelled or not written.

    ``to_file`` writes the document itself when the user prints to a file (the report
    uses its own PDF writer); otherwise the painted pages go through ``print_to_file``.
    """
    printer = printer or QPrinter(QPrinter.PrinterMode.HighResolution)
    if preview:
        dialog = QPrintPreviewDialog(printer, parent)
        dialog.paintRequested.connect(paint)
        return bool(dialog.exec())
    if not QPrintDialog(printer, parent).exec():
        return False
    return finish_print(parent, paint, printer, to_file)
