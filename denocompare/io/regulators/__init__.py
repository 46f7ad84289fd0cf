"""Regulators' own files, recognised by their content (never by their name).

``read_regulator_file(path)`` reads the FDA Purple Book data download or the EMA
medicines data (XLSX or JSON) into a ``core.regulator_file.RegulatorFile``, with no
network access. Files that are not one of these (a web page saved after a failed
download, a cut-short file, another layout) raise ``DataError`` saying what was
expected and what was found. The same limits as a dataset apply: no pipes or devices,
no file over ``MAX_FILE_BYTES``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection
from pathlib import Path

from denocompare.core.errors import DataError, Problem
from denocompare.core.regulator_file import EMA_JSON, EMA_XLSX, PURPLE_BOOK, RegulatorFile
from denocompare.core.schema import MAX_FILE_BYTES
from denocompare.io.raw import not_regular
from denocompare.io.regulators.common import fail
from denocompare.io.regulators.ema import read_ema_json, read_ema_xlsx
from denocompare.io.regulators.purplebook import is_purple_book, read_purple_book

__all__ = ["EXPECTED", "read_regulator_file", "sniff"]

EXPECTED = ("the FDA Purple Book data download (purplebook-search-<month>-data-download.csv) "
            "or the EMA medicines data (medicines-output-medicines-report_en.xlsx or "
            "medicines-output-medicines_json-report_en.json)")


def sniff(data: bytes) -> str:
    """The layout of a file from its first bytes: one of the layouts, or what it is."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf").lstrip()
    if head.startswith(b"PK\x03\x04"):
        return EMA_XLSX
    if head[:1] in (b"{", b"["):
        return EMA_JSON
    low = head[:200].lower()
    if low.startswith((b"<!doctype html", b"<html", b"<head", b"<body")) or (
            low.startswith(b"<") and b"<html" in data[:4096].lower()):
        return "html"
    if head.startswith(b"<"):
        return "xml"
    if head.startswith(b"%PDF"):
        return "pdf"
    if b"\0" in data[:4096]:
        return "binary"
    return "text"


_NOT_DATA = {
    "html": "this is a web page (HTML), not a data file: the download probably failed and "
            "an error or sign-in page was saved instead. Download the file again",
    "xml": "this is an XML document, not one of the regulators' data files",
    "pdf": "this is a PDF document, not a data file",
    "binary": "this is not a text file, a workbook or JSON: it holds binary data",
}


def read_regulator_file(path: str | Path, molecules: Collection[str] | None = None
                        ) -> RegulatorFile:
    """Read a regulator's file; ``DataError`` with every reason when it cannot be read.

    Given ``molecules`` (a dataset's: ``core.changes.dataset_molecules``), only their
    records are cleaned and kept (a proper name, or the reference's, of one of them);
    the others are counted. A bad date is then reported only in a kept record.
    """
    path = Path(path)
    label = path.name or str(path)
    data = _read_bytes(path, label)
    layout = sniff(data)
    if layout in _NOT_DATA:
        raise fail(label, f"{_NOT_DATA[layout]}. Expected {EXPECTED}.")
    if layout == EMA_XLSX:
        records, picker, as_of, basis, warnings = read_ema_xlsx(path, label, molecules)
    elif layout == EMA_JSON:
        records, picker, as_of, basis, warnings = read_ema_json(data, label, molecules)
    else:
        text = _decode(data)
        if not is_purple_book(text):
            first = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
            raise fail(label, f"unknown layout: expected {EXPECTED}; found a text file "
                       f"starting '{first[:100]}'")
        layout = PURPLE_BOOK
        records, picker, as_of, basis, warnings = read_purple_book(text, label, molecules)
    if not picker.listed:
        raise fail(label, "the file holds no products (its table is empty)")
    return RegulatorFile(name=label, sha256=hashlib.sha256(data).hexdigest(), layout=layout,
                         as_of=as_of, as_of_basis=basis, records=records,
                         listed=picker.listed, path=str(path), warnings=tuple(warnings),
                         only=picker.only, molecules=picker.molecules)


def _read_bytes(path: Path, label: str) -> bytes:
    if not path.exists():
        raise fail(label, f"no such file: {path}")
    special = not_regular(path)
    if special:
        raise fail(label, special)
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise fail(label, f"the file is {size / 2**20:,.0f} MB; DenoCompare reads files up "
                   f"to {MAX_FILE_BYTES // 2**20} MB, and the regulators' files are a few MB. "
                   "Check that this is the right file.")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DataError(label, [Problem(label, f"the file could not be read "
                                        f"({exc.strerror or exc})")]) from exc
    if not data.strip():
        raise fail(label, f"the file is empty; expected {EXPECTED}")
    return data


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")
