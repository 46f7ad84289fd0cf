"""The FDA Purple Book monthly data download (``purplebook-search-<month>-data-download.csv``).

Title lines come first, then two tables under the same header row: the month's changes
and the full database. The table read is the one under the *last* ``N/R/U`` header,
unless the line above it calls it the changes and another table is not (files have
come in both orders). Columns are matched by name, never by position: older files say
``BLA Type`` where newer ones say ``License Type``. Dates look like ``31-Dec-02``;
``N/A`` is a missing value; a quoted Strength can hold a line break.
"""

from __future__ import annotations

import bisect
import csv
import io
import re
from collections.abc import Collection

import pandas as pd

from denocompare.core.errors import Problem
from denocompare.core.regulator_file import FIELDS
from denocompare.io.regulators.common import (
    Picker,
    clean_cell,
    clean_frame,
    fail,
    match_columns,
    norm,
)

LAYOUT = "the FDA Purple Book data download, whose tables start with an 'N/R/U' column"
#: Field -> the headings (normalised) that name it, the current name first.
COLUMNS: dict[str, tuple[str, ...]] = {
    "number": ("bla number",),
    "brand": ("proprietary name",),
    "proper_name": ("proper name",),
    "licence_type": ("license type", "bla type", "licence type"),
    "strength": ("strength",),
    "marketing_status": ("marketing status",),
    "status": ("licensure",),
    "approval_date": ("approval date",),
    "interchangeable_date": ("inter approval date", "interchangeable approval date"),
    "holder": ("applicant",),
    "reference_brand": ("ref product proprietary name",),
    "reference_proper": ("ref product proper name",),
}
#: Columns of the download this reader knows and does not need (no warning for them).
_KNOWN = tuple(norm(c) for c in (
    "N/R/U", "Dosage Form", "Route of Administration", "Product Presentation",
    "Supplement Number", "Submission Type", "Inter. Supplement Number", "License Number",
    "Product Number", "Center", "Date of First Licensure", "Exclusivity Expiration Date",
    "First Interchangeable Exclusivity Exp. Date", "Ref. Product Exclusivity Exp. Date",
    "Orphan Exclusivity Exp. Date", "Patent List Provided"))
REQUIRED = ("number", "brand", "proper_name", "licence_type", "approval_date")
_DATES = ("approval_date", "interchangeable_date")
_MONTH_YEAR = re.compile(r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*[\s,-]+"
                         r"(\d{4})\b", re.I)
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def is_purple_book(text: str) -> bool:
    """Content test: a line near the top names both the N/R/U and the BLA Number columns."""
    return any("N/R/U" in line and "bla number" in line.lower()
               for line in text[:200_000].splitlines())


def read_purple_book(text: str, label: str, only: Collection[str] | None = None) -> tuple:
    """Records of the table read (of the molecules ``only`` names, when given), a
    ``Picker`` that counted them all, the file's "as of" date and its basis, and
    warnings."""
    rows = _records(text)
    headers = _headers(text, rows)
    if not headers:
        raise fail(label, f"expected {LAYOUT}; no 'N/R/U' header row was found")
    _check_complete(rows, headers[-1], label)
    pick = _choose(rows, headers)
    head_cells = rows[headers[pick]][1]
    fields = {**COLUMNS, **{f"_known{i}": (k,) for i, k in enumerate(_KNOWN)}}
    found, warnings = match_columns(head_cells, fields, REQUIRED, label, LAYOUT)
    end = headers[pick + 1] if pick + 1 < len(headers) else len(rows)
    picker = Picker(only)
    records, dates = _table(rows, (headers[pick] + 1, end), found, len(head_cells), label,
                            warnings, picker)
    if len(headers) > 1:
        warnings.append(Problem(label, f"{len(headers)} tables found; read the one under "
                                f"the header on line {rows[headers[pick]][0]} "
                                f"({_caption(rows, headers[pick]) or 'no title'})",
                                severity="warning"))
    as_of, basis = _as_of(rows[:headers[0]], label, dates)
    return records, picker, as_of, basis, warnings


def _is_header(cells: list[str]) -> bool:
    if "N/R/U" not in "\x1f".join(cells).upper():
        return False  # most lines: one join, not a normalised name per cell
    names = {norm(c) for c in cells}
    return "n r u" in names and "bla number" in names


def _headers(text: str, rows: list[tuple[int, list[str]]]) -> list[int]:
    """The records that are header rows: of those whose lines hold 'N/R/U' (found in
    the text: testing every record's cells took 4 ms for a full download)."""
    starts = [line for line, _cells in rows]
    found: list[int] = []
    upper = text.upper()
    cr = "\r" in text
    at, before, line = upper.find("N/R/U"), 0, 1
    while at >= 0:
        # the line as the csv module counts lines: \r\n, \n or \r ends one (counted on
        # from the last header: never between the \r and \n of one line end)
        line += text.count("\n", before, at)
        if cr:
            line += text.count("\r", before, at) - text.count("\r\n", before, at)
        before = at
        i = bisect.bisect_right(starts, line) - 1
        if i >= 0 and (not found or found[-1] != i) and _is_header(rows[i][1]):
            found.append(i)
        at = upper.find("N/R/U", at + 5)
    return found


def _records(text: str) -> list[tuple[int, list[str]]]:
    """(first line, cells) of every CSV record; a quoted line break stays in its cell."""
    reader = csv.reader(io.StringIO(text, newline=""))
    out, line = [], 1
    for cells in reader:
        out.append((line, cells))
        line = reader.line_num + 1
    return out


def _caption(rows: list[tuple[int, list[str]]], header: int) -> str:
    for _line, cells in reversed(rows[max(0, header - 3):header]):
        words = " ".join(c for c in cells if c.strip())
        if words:
            return words[:120]
    return ""


def _choose(rows: list[tuple[int, list[str]]], headers: list[int]) -> int:
    """The last table, unless it is titled as the changes and another is not."""
    changes = ["change" in _caption(rows, h).lower() for h in headers]
    if changes[-1] and not all(changes):
        return max(i for i, c in enumerate(changes) if not c)
    return len(headers) - 1


def _check_complete(rows: list[tuple[int, list[str]]], header: int, label: str) -> None:
    """A file cut short ends in a row with fewer cells than its header (whichever table
    is read: the cut may be in the one that is not)."""
    width = len(rows[header][1])
    last = next((r for r in reversed(rows[header + 1:]) if any(c.strip() for c in r[1])),
                None)
    if last is not None and len(last[1]) < width:
        raise fail(label, f"the file ends in the middle of a row (line {last[0]} has "
                   f"{len(last[1])} of the {width} columns): the download was cut short. "
                   "Download it again.")


def _table(rows, span: tuple[int, int], found: dict[str, int], width: int, label: str,
           warnings: list[Problem], picker: Picker) -> tuple[pd.DataFrame, list[list[str]]]:
    """The records ``picker`` keeps, cleaned; and every record's raw date cells."""
    every: list[list[str]] = []
    lines: list[int] = []
    for i in range(*span):
        line, row = rows[i]
        if not row or not (row[0].strip() or "".join(row).strip()):  # a blank line
            continue
        if len(row) < width:
            if sum(1 for c in row if c.strip()) > 1:  # else: the title of the next table
                warnings.append(Problem(label, f"line {line} has {len(row)} of the {width} "
                                        "columns; it was not read", severity="warning"))
            continue
        every.append(row)
        lines.append(line)
    keep = picker.pick([[r[found[f]] for r in every] for f in ("proper_name", "reference_proper")
                        if f in found])
    cells = [r[:width] for r, k in zip(every, keep, strict=True) if k]
    where = [n for n, k in zip(lines, keep, strict=True) if k]
    raw = pd.DataFrame(cells, columns=range(width), dtype=object)
    mine = {f: pos for f, pos in found.items() if not f.startswith("_")}
    out = clean_frame(raw, mine, _DATES, False, where, label, FIELDS, warnings)
    number = out["number"].str.replace(r"\D", "", regex=True).str.lstrip("0")
    out["number"] = number.mask(number == "")
    dates = [[r[found[f]] for r in every] for f in _DATES if f in found]
    return out, dates


def _as_of(title_rows, label: str, dates: list[list[str]]) -> tuple[str, str]:
    for _line, cells in title_rows:
        text = " ".join(cells)
        m = _MONTH_YEAR.search(text)
        if m:
            month = _MONTHS.index(m.group(1).lower()[:3]) + 1
            basis = f"the report month its title states ({text.strip()[:80]})"
            return f"{m.group(2)}-{month:02d}", basis
    m = _MONTH_YEAR.search(label.replace("-", " "))
    if m:
        month = _MONTHS.index(m.group(1).lower()[:3]) + 1
        return f"{m.group(2)}-{month:02d}", "the report month in its file name"
    # every record's, whichever molecules were read
    iso = {d for column in dates for v in set(column) if (d := clean_cell(v, True, False))}
    return (max(iso), "the latest date it lists") if iso else ("", "no date found")
