"""Printing to a file from the print dialog is a file write: it reports failure and loses nothing.

Rule: when the printer the user chose is a PDF file, the pages go through the atomic
writer (a chart or a table) or the report's own PDF writer (the report); a full disk
gives a message and leaves the previous file byte-identical, with no temporary file.
A real printer is painted on directly.
"""

from __future__ import annotations

import pandas as pd
import pytest
from PySide6.QtGui import QColor, QImage
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QMessageBox

from denocompare.output import writers as W
from denocompare.ui import printing as P
from tests.output.writer_cases import OLD, FullDisk, leftovers


def _image() -> QImage:
    image = QImage(400, 300, QImage.Format.Format_RGB32)
    image.fill(QColor("steelblue"))
    return image


def _pdf_printer(target) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(target))
    return printer


@pytest.fixture
def warnings(monkeypatch):
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning",
                        lambda parent, title, text, *a: said.append(f"{title}: {text}"))
    return said


def test_a_chart_printed_to_file_is_a_complete_pdf(qapp, tmp_path, warnings):
    target = tmp_path / "chart.pdf"
    image = _image()
    assert P.finish_print(None, lambda dev: P.paint_image(image, dev), _pdf_printer(target))
    data = target.read_bytes()
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    assert warnings == [] and leftovers(tmp_path) == []


def test_a_table_printed_to_file_keeps_its_text(qapp, tmp_path, warnings):
    target = tmp_path / "table.pdf"
    doc = P.table_document(pd.DataFrame({"Prolia": ["60 mg"]}, index=["Strength"]),
                           "Products")
    assert P.finish_print(None, doc.print_, _pdf_printer(target))
    assert target.read_bytes().startswith(b"%PDF-")
    assert warnings == []


@pytest.mark.parametrize("room", [0, 4096])
def test_a_full_disk_is_said_and_the_previous_file_kept(qapp, tmp_path, warnings,
                                                        monkeypatch, room):
    target = tmp_path / "chart.pdf"
    target.write_bytes(OLD)
    monkeypatch.setattr(W, "_open_temp", lambda tmp: FullDisk(tmp, room, False))
    image = _image()
    ok = P.finish_print(None, lambda dev: P.paint_image(image, dev), _pdf_printer(target))
    assert ok is False
    assert target.read_bytes() == OLD
    assert leftovers(tmp_path) == []
    assert len(warnings) == 1 and "chart.pdf" in warnings[0] and "full" in warnings[0]


def test_the_report_printed_to_file_goes_to_its_own_writer(qapp, tmp_path, warnings):
    target = tmp_path / "report.pdf"
    painted, written = [], []
    ok = P.finish_print(None, painted.append, _pdf_printer(target), to_file=written.append)
    assert ok and written == [target] and painted == []
    assert not target.exists()  # nothing written by Qt's printer behind the writer's back


def test_a_printer_that_is_not_a_file_is_painted_on(qapp, tmp_path, warnings):
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)  # no file name: not a file
    assert P.file_target(printer) is None
    painted = []
    assert P.finish_print(None, painted.append, printer, to_file=pytest.fail)
    assert painted == [printer]
