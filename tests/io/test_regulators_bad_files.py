"""Files that are not a regulator's download get a message naming what was expected."""

from __future__ import annotations

import os

import pytest

from denocompare.core.errors import DataError
from denocompare.io import regulators
from denocompare.io.regulators import read_regulator_file
from tests.helpers import DATA


def _fails(path, *words):
    with pytest.raises(DataError) as err:
        read_regulator_file(path)
    text = str(err.value)
    for w in words:
        assert w in text, text
    return text


def test_an_html_error_page_saved_as_csv(tmp_path):
    path = tmp_path / "purplebook-search-november-2026-data-download.csv"
    path.write_text("<!DOCTYPE html>\n<html><head><title>Access Denied</title></head>"
                    "<body>Error</body></html>")
    _fails(path, "web page (HTML)", "Download the file again", "FDA Purple Book")


def test_a_dataset_table_is_an_unknown_layout(tmp_path):
    _fails(DATA / "products.csv", "unknown layout", "expected the FDA Purple Book",
           "product_id,name_eu")


def test_empty_pdf_and_binary(tmp_path):
    empty = tmp_path / "a.csv"
    empty.write_text("  \n")
    _fails(empty, "empty")
    pdf = tmp_path / "b.csv"
    pdf.write_bytes(b"%PDF-1.7 ...")
    _fails(pdf, "PDF")
    binary = tmp_path / "c.json"
    binary.write_bytes(b"\x00\x01\x02garbage")
    _fails(binary, "binary")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_named_pipe_is_refused_without_opening_it(tmp_path):
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    _fails(fifo, "named pipe")


def test_a_file_over_the_size_limit_is_refused_before_reading(tmp_path, monkeypatch):
    path = tmp_path / "big.csv"
    path.write_text("N/R/U,x\n" * 100)
    monkeypatch.setattr(regulators, "MAX_FILE_BYTES", 100)
    _fails(path, "reads files up to")


def test_missing_file(tmp_path):
    _fails(tmp_path / "nope.csv", "no such file")
