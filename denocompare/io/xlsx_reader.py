"""An Excel workbook (.xlsx, Excel or LibreOffice) -> one ``RawTable`` per sheet.

Workbooks fail in ways CSV files cannot: a file that is not a workbook at all, a
password, formulas nobody calculated, merged cells, hidden sheets. Each is reported in
words a pharmacist can act on; nothing here raises on a damaged file.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import re
import zipfile
from collections.abc import Callable, Generator, Iterator
from pathlib import Path
from typing import Any

import pandas as pd

from denocompare.core.errors import Problem
from denocompare.core.schema import MAX_UNPACKED_BYTES, MAX_WORKBOOK_CELLS, TABLES, TABLES_BY_NAME
from denocompare.io.raw import (
    Cancelled,
    ProgressFn,
    RawDataset,
    RawTable,
    column_letter,
    first_line,
    noop_progress,
    not_regular,
)

__all__ = ["MAX_UNPACKED_BYTES", "MAX_WORKBOOK_CELLS", "read_workbook"]
#: Sheets the app writes itself, or a pharmacist adds for notes; never tables.
_NOTE_SHEETS = ("readme", "columns")
_FORMULA_RE = re.compile(rb"<(?:\w+:)?f[\s>/]")
#: A cell element in a sheet's XML (with or without a namespace prefix), counted
#: before openpyxl parses the sheet, so that too large a sheet is refused at once.
_CELL_RE = re.compile(rb"<(?:\w+:)?c[\s>/]")
_MERGE_RE = re.compile(rb'<(?:\w+:)?mergeCell\s[^>]*ref="([A-Z]+[0-9]+(?::[A-Z]+[0-9]+)?)"')
_NO_VALUE = ("formula without a computed value; open and save the workbook in "
             "Excel/LibreOffice, or type the value")


_USE_CSV = ("Check that this is the right file; for tables this large, save each sheet as "
            "'CSV UTF-8' into one folder and open the folder (CSV files of a million rows "
            "load in about a second).")


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


def _not_a_workbook(path: Path) -> str | None:
    """Why ``path`` cannot be opened as a workbook, before openpyxl sees it."""
    with open(path, "rb") as fh:
        head = fh.read(512)
    if not head:
        return "the file is empty (0 bytes); it is not a workbook"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return ("the workbook is password-protected (encrypted), or saved in the old Excel "
                "97-2003 (.xls) format. Remove the password, or save it as 'Excel Workbook "
                "(.xlsx)', and open it again.")
    if not head.startswith(b"PK"):
        if b"\0" not in head and (b"," in head or b";" in head or b"\t" in head):
            return ("this is not an Excel workbook: the file holds text, like a CSV file "
                    "renamed to .xlsx. Open the folder of CSV files instead.")
        return "this is not an Excel workbook (.xlsx), or it is badly damaged"
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            unpacked = sum(info.file_size for info in zf.infolist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        return ("the workbook is damaged or incomplete (it may have been cut short while "
                "copying or downloading). Open the original in Excel and save it again.")
    if "xl/workbook.xml" not in names:
        if "content.xml" in names:
            return ("this is an OpenDocument spreadsheet (.ods) renamed to .xlsx. Save it "
                    "from LibreOffice as 'Excel 2007-365 (.xlsx)'.")
        return "this is a zip archive, not an Excel workbook; unzip it and open what is inside"
    if unpacked > MAX_UNPACKED_BYTES:
        return (f"the workbook unpacks to {unpacked / 2**20:,.0f} MB; DenoCompare reads "
                f"workbooks that unpack to at most {MAX_UNPACKED_BYTES // 2**20:,} MB. "
                + _USE_CSV)
    return None


def read_workbook(path: Path, progress: ProgressFn = noop_progress) -> RawDataset:
    """Read one sheet per table from an XLSX workbook (Excel or LibreOffice)."""
    from openpyxl import load_workbook  # deferred: openpyxl costs start-up time

    raw = RawDataset(str(path))
    label = path.name
    why = not_regular(path) or _not_a_workbook(path)
    if why:
        raw.problems.append(Problem(label, why))
        return raw
    try:
        # data_only: a formula cell gives the value Excel last computed, never the formula.
        wb = load_workbook(path, read_only=True, data_only=True)
    except Cancelled:
        raise
    except Exception as exc:  # noqa: BLE001 - openpyxl raises anything on a damaged file
        raw.problems.append(Problem(label, "the workbook is damaged and could not be opened "
                                    f"({first_line(exc)}). Open it in Excel or LibreOffice and "
                                    "save it again, or use the last good copy."))
        return raw
    try:
        _read_sheets(wb, path, raw, progress)
    except Cancelled:
        raise
    except Exception as exc:  # noqa: BLE001 - a damaged part surfaces only when read
        raw.tables.clear()
        raw.problems.append(Problem(label, "the workbook is damaged and could not be read "
                                    f"to the end ({first_line(exc)}). Open it in Excel or "
                                    "LibreOffice and save it again, or use the last good copy."))
    finally:
        wb.close()
    progress(1.0, "Read")
    return raw


def _read_sheets(wb, path: Path, raw: RawDataset, progress: ProgressFn) -> None:
    label = path.name
    sheets, doubles = _match_sheets(wb, label, raw.problems)
    budget = [MAX_WORKBOOK_CELLS]  # cells left to read, over all sheets
    for i, table in enumerate(TABLES):
        progress(i / len(TABLES), f"Reading sheet {table.name}")
        ws = sheets.get(table.name)
        if ws is None:
            if not table.optional and table.name not in doubles:
                raw.problems.append(Problem(label, f"the required sheet '{table.name}' "
                                            "is missing"))
            continue
        sheet_label = f"{label}, sheet '{ws.title}'"
        if ws.sheet_state != "visible":
            raw.problems.append(Problem(sheet_label, "this sheet is hidden in the workbook; "
                                        "it was read all the same", severity="warning"))
        has_formulas, merges, cells = _scan_sheet_xml(path, ws)
        budget[0] -= cells
        if budget[0] < 0:
            raw.tables.clear()
            raw.problems.append(_too_many_cells(label))
            return
        def tick(done: float, i: int = i, name: str = table.name) -> None:
            progress((i + done) / len(TABLES), f"Reading sheet {name}")
        try:
            tab = _read_one_sheet(path, ws, table.name, sheet_label, raw.problems, has_formulas,
                                  tick)
        except _TooManyCells:
            # Empty cells are not in the XML, so the count above can miss them.
            raw.tables.clear()
            raw.problems.append(_too_many_cells(label))
            return
        if tab is not None:
            _report_merges(tab, merges, raw.problems)
            raw.tables[table.name] = tab
    for ws in wb.worksheets:
        name = ws.title.strip().lower()
        if name not in TABLES_BY_NAME and name not in _NOTE_SHEETS:
            raw.problems.append(Problem(f"{label}, sheet '{ws.title}'", "this sheet is not a "
                                        "table DenoCompare knows; it was ignored",
                                        severity="warning"))


def _read_one_sheet(path: Path, ws, name: str, label: str, problems: list[Problem],
                    has_formulas: bool, tick: Callable[[float], None]) -> RawTable | None:
    """One sheet as a table; ``tick`` is where a cancel takes effect."""
    if has_formulas:
        with contextlib.closing(_formula_rows(path, ws.title)) as formulas:
            return _sheet_table(ws, name, label, problems, formulas, tick)
    return _sheet_table(ws, name, label, problems, tick=tick)


def _match_sheets(wb, label: str, problems: list[Problem]) -> tuple[dict[str, Any], set[str]]:
    """Sheets by table name (case and spaces forgiven), and the tables named twice.

    Two sheets for one table ('Products ' and 'products') are an error naming both:
    reading either would silently drop the other's rows.
    """
    sheets: dict[str, Any] = {}
    doubles: set[str] = set()
    for ws in wb.worksheets:
        name = ws.title.strip().lower()
        if name in sheets and name in TABLES_BY_NAME:
            if name not in doubles:
                problems.append(Problem(label, f"two sheets are named like the table "
                                        f"'{name}': '{sheets[name].title}' and '{ws.title}' "
                                        "(names are matched ignoring case and spaces); keep "
                                        "one of them, or rename the other"))
            doubles.add(name)
            continue
        sheets[name] = ws
    for name in doubles:
        del sheets[name]
    return sheets, doubles


class _TooManyCells(Exception):
    """A sheet read past the workbook's cell limit (said once, for the workbook)."""


def _too_many_cells(label: str) -> Problem:
    return Problem(label, f"the workbook holds more than {MAX_WORKBOOK_CELLS:,} cells, the "
                   f"most DenoCompare reads from a workbook. {_USE_CSV}")


def _scan_sheet_xml(path: Path, ws) -> tuple[bool, list[str], int]:
    """Whether a sheet holds formulas, its merged ranges and its number of cells, from
    the raw XML.

    Read-only worksheets expose neither; streaming the part through regexes is cheap
    (a second for 200 MB) and spares a second, full parse of every sheet that has no
    formulas, and openpyxl's parse (minutes) of a sheet too large to read.
    ``_worksheet_path`` is openpyxl's own (private) name for the part: without it,
    formulas are assumed so the slower check still runs, and cells are counted as read.
    """
    part = getattr(ws, "_worksheet_path", None)
    if not part:
        return True, [], 0
    found, tail, cells = False, b"", 0
    merges: list[str] = []
    with zipfile.ZipFile(path) as zf, zf.open(part) as fh:
        while chunk := fh.read(1 << 20):
            window = tail + chunk
            found = found or bool(_FORMULA_RE.search(window))
            merges.extend(m.decode() for m in _MERGE_RE.findall(window))
            # A cell cut by the chunk's edge is counted once: the tail's own are taken off.
            cells += len(_CELL_RE.findall(window)) - len(_CELL_RE.findall(tail))
            tail = window[-200:]
            if cells > MAX_WORKBOOK_CELLS:
                break
    return found, sorted(set(merges)), cells


def _formula_rows(path: Path, title: str) -> Generator[tuple, None, None]:
    """The sheet's rows again, with formulas as text instead of their cached values."""
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True, data_only=False)
    try:
        yield from _rows(wb[title])
    finally:
        wb.close()


def _is_formula(value: object) -> bool:
    if isinstance(value, str):
        return value.startswith("=")
    return type(value).__name__ in ("ArrayFormula", "DataTableFormula")


def _rows(ws) -> Iterator[tuple]:
    """Every row from A1 on, as the user sees the values.

    openpyxl's advice for read-only mode: the size ("dimension") the writing program
    recorded may be wrong, so do not let it decide which rows and columns are read.
    """
    ws.reset_dimensions()
    for row in ws.iter_rows(min_row=1, min_col=1):
        yield tuple(_shown_value(cell) for cell in row)


def _shown_value(cell) -> object:
    """A cell's value; a number formatted as a percentage is given as the user typed it.

    Typing "5.3%" in Excel stores 0.053 with a '%' format; the dataset's % columns
    mean 5.3, so the stored fraction is scaled back.
    """
    value = getattr(cell, "value", None)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and \
            "%" in (getattr(cell, "number_format", "") or ""):
        return round(value * 100, 10)
    return value


def _sheet_table(ws, name: str, label: str, problems: list[Problem],
                 formulas: Iterator[tuple] | None = None,
                 tick: Callable[[float], None] = lambda _done: None) -> RawTable | None:
    rows = _rows(ws)
    header, header_row = _header(rows, formulas)
    if header is None:
        problems.append(Problem(label, "the sheet is empty: it needs a header row and "
                                "data rows"))
        return None
    width = max(i for i, v in enumerate(header) if v is not None) + 1
    columns = [_cell_text(v).strip() for v in header[:width]]
    records, index, beyond, cells = [], [], None, 0
    for number, row in enumerate(rows, start=header_row + 1):
        cells += len(row)
        if number % 4096 == 0:
            tick(min(cells / MAX_WORKBOOK_CELLS, 1.0))
        if cells > MAX_WORKBOOK_CELLS:  # the XML count missed them: a guard, as read
            raise _TooManyCells
        if formulas is not None:
            _check_formulas(row, next(formulas, ()), number, columns, label, problems)
        values = [_cell_text(v) for v in row[:width]]
        if beyond is None and any(v is not None for v in row[width:]):
            beyond = (number, width + next(i for i, v in enumerate(row[width:]) if v is not None))
        if not any(c.strip() for c in values):
            continue  # Excel leaves formatted but empty rows below the data
        values += [""] * (width - len(values))
        records.append(values)
        index.append(number)
    if beyond:
        problems.append(Problem(label, f"column {column_letter(beyond[1])} has values but no "
                                f"heading in row {header_row}; they were ignored", beyond[0],
                                f"(no heading, column {column_letter(beyond[1])})",
                                severity="warning"))
    frame = pd.DataFrame(records, columns=range(width), index=index, dtype=str)
    frame.columns = columns
    return RawTable(name, label, frame, header_row=header_row)


def _header(rows: Iterator[tuple], formulas: Iterator[tuple] | None
            ) -> tuple[tuple | None, int]:
    """The first row that holds anything, and its number: blank rows above the headings
    are skipped (as in a CSV file), so the rows keep the numbers the sheet shows."""
    for number, row in enumerate(rows, start=1):
        if formulas is not None:
            next(formulas, None)
        if any(v is not None and _cell_text(v).strip() for v in row):
            return row, number
    return None, 0


def _check_formulas(values: tuple, texts: tuple, row: int, columns: list[str], label: str,
                    problems: list[Problem]) -> None:
    for i, text in enumerate(texts[:len(columns)]):
        if _is_formula(text) and (i >= len(values) or values[i] is None):
            problems.append(Problem(label, _NO_VALUE, row,
                                    columns[i] or f"(no heading, column {column_letter(i)})"))


def _report_merges(tab: RawTable, merges: list[str], problems: list[Problem]) -> None:
    from openpyxl.utils.cell import range_boundaries

    headings = list(tab.frame.columns)
    for ref in merges:
        if ":" not in ref:
            continue
        c1, r1, c2, r2 = range_boundaries(ref)
        column = headings[c1 - 1] if c1 - 1 < len(headings) else None
        if r2 > r1:
            below = f"row {r2} has" if r2 == r1 + 1 else f"rows {r1 + 1}-{r2} have"
            problems.append(Problem(tab.label, f"cells {ref} are merged, so {below} no value "
                                    "here. Unmerge the cells and type the value in every row.",
                                    r1, column))
        else:
            problems.append(Problem(tab.label, f"cells {ref} are merged; only the value of "
                                    "the first cell was read", r1, column, severity="warning"))
