"""Readers: a folder of CSV files or one XLSX workbook -> raw tables of text.

Readers never interpret values; they turn whatever a pharmacist saved (Excel's
UTF-8 with BOM, Windows-1252, UTF-16, semicolons, LibreOffice workbooks) into frames
of strings, indexed by the row number the user sees in a spreadsheet. ``validate``
then types and checks them. Readers are registered by file type in ``READERS``.
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from denocompare.core.errors import DataError, Problem
from denocompare.core.schema import TABLES, TABLES_BY_NAME

#: Files larger than this are refused before reading: a dataset this size is not a
#: formulary dataset, and reading it would exhaust memory on a workstation.
MAX_FILE_BYTES = 400 * 1024 * 1024

ProgressFn = Callable[[float, str], None]


@dataclass
class RawTable:
    """One table as read: strings only, index = spreadsheet row number."""

    name: str
    label: str  # what the user calls it: "products.csv" or "sheet 'products'"
    frame: pd.DataFrame
    delimiter: str = ","


@dataclass
class RawDataset:
    """Everything a reader found, plus the problems it met on the way."""

    source: str
    tables: dict[str, RawTable] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


class Cancelled(Exception):
    """Raised from a progress callback to stop a long read."""


def _noop(_fraction: float, _message: str) -> None:
    return None


def decode_text(data: bytes, label: str, problems: list[Problem]) -> str | None:
    """Decode a CSV file's bytes the way a spreadsheet user would expect.

    Excel writes UTF-8 with a byte-order mark, or the Windows code page; "Unicode
    text" is UTF-16 with a BOM. Plain UTF-8 is tried first because cp1252 accepts
    almost any byte sequence and would silently mangle real UTF-8.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            problems.append(Problem(label, "the file says it is UTF-16 but is damaged"))
            return None
    if b"\x00" in data[:65536]:
        problems.append(Problem(label, "this is not a text (CSV) file: it contains binary "
                                "data. Save the table from your spreadsheet as CSV."))
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    text = data.decode("cp1252", errors="replace")
    problems.append(Problem(label, "not UTF-8; read as Windows-1252 (Western European). "
                            "Check accented characters.", severity="warning"))
    return text


def sniff_delimiter(text: str) -> str:
    """Pick the delimiter from the header line: comma, semicolon or tab."""
    header = text.split("\n", 1)[0]
    counts = {d: header.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def read_csv_text(text: str, name: str, label: str, problems: list[Problem]) -> RawTable | None:
    """Parse CSV text into a frame of strings; report, never raise, on bad input."""
    if not text.strip():
        problems.append(Problem(label, "the file is empty: it needs a header row and "
                                "data rows"))
        return None
    delim = sniff_delimiter(text)
    try:
        frame = pd.read_csv(io.StringIO(text), sep=delim, dtype=str, keep_default_na=False,
                            skip_blank_lines=True, engine="c")
    except (pd.errors.ParserError, csv.Error, ValueError) as exc:
        problems.append(Problem(label, f"could not be read as CSV: {_first_line(exc)}"))
        return None
    frame.index = pd.RangeIndex(2, 2 + len(frame))
    return RawTable(name, label, frame, delim)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def read_csv_folder(path: Path, progress: ProgressFn = _noop) -> RawDataset:
    """Read ``<table>.csv`` for every table the schema knows from one folder."""
    raw = RawDataset(str(path))
    files = {p.name.lower(): p for p in path.iterdir() if p.is_file()}
    for i, table in enumerate(TABLES):
        progress(i / len(TABLES), f"Reading {table.filename}")
        found = files.get(table.filename)
        if found is None:
            if not table.optional:
                raw.problems.append(Problem(table.filename, f"the required table "
                                            f"'{table.name}' is missing from {path.name}"))
            continue
        size = found.stat().st_size
        if size > MAX_FILE_BYTES:
            raw.problems.append(Problem(found.name, f"the file is {size / 2**20:.0f} MB; "
                                        f"files over {MAX_FILE_BYTES // 2**20} MB are "
                                        "refused"))
            continue
        text = decode_text(found.read_bytes(), found.name, raw.problems)
        if text is None:
            continue
        tab = read_csv_text(text, table.name, found.name, raw.problems)
        if tab is not None:
            raw.tables[table.name] = tab
    _report_unknown(raw, [p.stem for p in files.values() if p.suffix.lower() == ".csv"],
                    "file", ".csv")
    progress(1.0, "Read")
    return raw


def _report_unknown(raw: RawDataset, names: list[str], what: str, suffix: str) -> None:
    for name in names:
        if name.lower() not in TABLES_BY_NAME:
            raw.problems.append(Problem(f"{name}{suffix}", f"{what} is not a table DenoCompare "
                                        "knows; ignored", severity="warning"))


def _cell_text(value: object) -> str:
    """Workbook cell value -> text, the way the user sees it (no 532.0, no 00:00:00)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, _dt.datetime):
        return value.date().isoformat() if value.time() == _dt.time() else value.isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    return str(value)


def read_workbook(path: Path, progress: ProgressFn = _noop) -> RawDataset:
    """Read one sheet per table from an XLSX workbook (Excel or LibreOffice)."""
    from openpyxl import load_workbook  # deferred: openpyxl costs start-up time

    raw = RawDataset(str(path))
    label = path.name
    try:
        # data_only: a formula cell gives the value Excel last computed, never the formula.
        wb = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError, TypeError) as exc:
        raw.problems.append(Problem(label, "could not be opened as an Excel workbook "
                                    f"(.xlsx): {_first_line(exc) or 'damaged or truncated'}"))
        return raw
    try:
        sheets = {ws.title.strip().lower(): ws for ws in wb.worksheets}
        for i, table in enumerate(TABLES):
            progress(i / len(TABLES), f"Reading sheet {table.name}")
            ws = sheets.get(table.name)
            sheet_label = f"{label}, sheet '{table.name}'"
            if ws is None:
                if not table.optional:
                    raw.problems.append(Problem(label, f"the required sheet '{table.name}' "
                                                "is missing"))
                continue
            if ws.sheet_state != "visible":
                raw.problems.append(Problem(sheet_label, "this sheet is hidden in the "
                                            "workbook; it was read all the same",
                                            severity="warning"))
            tab = _sheet_table(ws, table.name, sheet_label, raw.problems)
            if tab is not None:
                raw.tables[table.name] = tab
        _report_unknown(raw, [ws.title for ws in wb.worksheets
                              if ws.title.strip().lower() not in ("readme", "columns")],
                        "sheet", "")
    except (zipfile.BadZipFile, OSError, KeyError, ValueError, TypeError, EOFError) as exc:
        raw.problems.append(Problem(label, f"the workbook is damaged: {_first_line(exc)}"))
    finally:
        wb.close()
    progress(1.0, "Read")
    return raw


def _sheet_table(ws, name: str, label: str, problems: list[Problem]) -> RawTable | None:
    rows = ws.iter_rows(values_only=True)
    header = next(rows, None)
    if header is None or all(v is None for v in header):
        problems.append(Problem(label, "the sheet is empty: it needs a header row in row 1"))
        return None
    width = max(i for i, v in enumerate(header) if v is not None) + 1
    columns = [_cell_text(v) for v in header[:width]]
    records, index = [], []
    for number, row in enumerate(rows, start=2):
        cells = [_cell_text(v) for v in row[:width]]
        if not any(c.strip() for c in cells):
            continue  # Excel leaves formatted but empty rows below the data
        cells += [""] * (width - len(cells))
        records.append(cells)
        index.append(number)
    frame = pd.DataFrame(records, columns=columns, index=index, dtype=str)
    if frame.columns.duplicated().any():
        dup = sorted(set(frame.columns[frame.columns.duplicated()]))
        problems.append(Problem(label, f"column heading(s) appear twice: {', '.join(dup)}"))
        return None
    return RawTable(name, label, frame)


READERS: dict[str, Callable[[Path, ProgressFn], RawDataset]] = {
    "folder": read_csv_folder,
    ".xlsx": read_workbook,
    ".xlsm": read_workbook,
}


def read_raw(path: str | Path, progress: ProgressFn = _noop) -> RawDataset:
    """Read a dataset from a folder of CSV files or a workbook.

    A single CSV file named like a table (``products.csv``) opens the folder it is in.
    Raises ``DataError`` when the path cannot be a dataset at all.
    """
    path = Path(path)
    label = path.name or str(path)
    if not path.exists():
        raise DataError(label, [Problem(label, f"no such file or folder: {path}")])
    if path.is_file() and path.suffix.lower() == ".csv" and path.stem.lower() in TABLES_BY_NAME:
        path = path.parent
    if path.is_dir():
        reader = READERS["folder"]
    else:
        found = READERS.get(path.suffix.lower())
        if found is None:
            raise DataError(label, [Problem(label, "not a dataset: open a folder of CSV "
                                            "files or an Excel workbook (.xlsx)")])
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise DataError(label, [Problem(label, f"the file is {size / 2**20:.0f} MB; "
                                            f"files over {MAX_FILE_BYTES // 2**20} MB "
                                            "are refused")])
        reader = found
    try:
        return reader(path, progress)
    except PermissionError as exc:
        raise DataError(label, [Problem(label, f"permission denied: {exc.filename}")]) from exc
