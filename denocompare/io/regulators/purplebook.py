"""The FDA Purple Book monthly data download (``purplebook-search-<month>-data-download.csv``).

Title lines come first, then two tables under the same header row: the month's changes
and the full database. The table read is the one under the *last* ``N/R/U`` header,
unless the line above it calls it the changes and another table is not (files have
come in both orders). Columns are matched by name, never by position: older files say
``BLA Type`` where newer ones say ``License Type``. Dates look like ``31-Dec-02``;
``N/A`` is a missing value; a quoted Strength can hold a line break.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection

import numpy as np
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
from denocompare.io.regulators.csvgrid import Grid

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
    grid = Grid(text)
    headers = _headers(grid)
    if not headers:
        raise fail(label, f"expected {LAYOUT}; no 'N/R/U' header row was found")
    _check_complete(grid, headers[-1], label)
    pick = _choose(grid, headers)
    head_cells = grid.row(headers[pick])
    fields = {**COLUMNS, **{f"_known{i}": (k,) for i, k in enumerate(_KNOWN)}}
    found, warnings = match_columns(head_cells, fields, REQUIRED, label, LAYOUT)
    end = headers[pick + 1] if pick + 1 < len(headers) else len(grid)
    picker = Picker(only)
    records, dates = _table(grid, (headers[pick] + 1, end), found, len(head_cells), label,
                            warnings, picker)
    if len(headers) > 1:
        warnings.append(Problem(label, f"{len(headers)} tables found; read the one under "
                                f"the header on line {grid.lines[headers[pick]]} "
                                f"({_caption(grid, headers[pick]) or 'no title'})",
                                severity="warning"))
    as_of, basis = _as_of([grid.row(i) for i in range(headers[0])], label, dates)
    return records, picker, as_of, basis, warnings


def _is_header(cells: list[str]) -> bool:
    if "N/R/U" not in "\x1f".join(cells).upper():
        return False  # most lines: one join, not a normalised name per cell
    names = {norm(c) for c in cells}
    return "n r u" in names and "bla number" in names


def _headers(grid: Grid) -> list[int]:
    """The records that are header rows: of those that hold 'N/R/U' (found in the text:
    testing every record's cells took 4 ms for a full download)."""
    return [i for i in grid.holding("N/R/U") if _is_header(grid.row(i))]


def _blank(cells: list[str]) -> bool:
    return not "".join(cells).strip()


def _caption(grid: Grid, header: int) -> str:
    for i in reversed(range(max(0, header - 3), header)):
        words = " ".join(c for c in grid.row(i) if c.strip())
        if words:
            return words[:120]
    return ""


def _choose(grid: Grid, headers: list[int]) -> int:
    """The last table, unless it is titled as the changes and another is not."""
    changes = ["change" in _caption(grid, h).lower() for h in headers]
    if changes[-1] and not all(changes):
        return max(i for i, c in enumerate(changes) if not c)
    return len(headers) - 1


def _check_complete(grid: Grid, header: int, label: str) -> None:
    """A file cut short ends in a row with fewer cells than its header (whichever table
    is read: the cut may be in the one that is not)."""
    width = int(grid.counts[header])
    last = next((i for i in range(len(grid) - 1, header, -1) if not _blank(grid.row(i))),
                None)
    if last is not None and grid.counts[last] < width:
        raise fail(label, f"the file ends in the middle of a row (line {grid.lines[last]} "
                   f"has {grid.counts[last]} of the {width} columns): the download was cut "
                   "short. Download it again.")


def _rows_read(grid: Grid, span: tuple[int, int], found: dict[str, int], width: int,
               label: str, warnings: list[Problem]) -> np.ndarray:
    """The records of ``span`` that are rows of the table: not blank, not short (a short
    one with more than one cell filled is a warning; one cell is the next table's
    title)."""
    rows = np.arange(*span)
    full = grid.counts[rows] >= width
    for i in rows[~full]:
        cells = grid.row(i)
        if sum(1 for c in cells if c.strip()) > 1:
            warnings.append(Problem(label, f"line {grid.lines[i]} has {len(cells)} of the "
                                    f"{width} columns; it was not read", severity="warning"))
    rows = rows[full]
    blank = [i for i in grid.maybe_blank(rows).tolist() if _blank(grid.row(i))]
    return rows[~np.isin(rows, blank)] if blank else rows


def _table(grid: Grid, span: tuple[int, int], found: dict[str, int], width: int, label: str,
           warnings: list[Problem], picker: Picker
           ) -> tuple[pd.DataFrame, Callable[[], list[list[str]]]]:
    """The records ``picker`` keeps, cleaned; and every record's raw date cells."""
    mine = {f: pos for f, pos in found.items() if not f.startswith("_")}
    names = [found[f] for f in ("proper_name", "reference_proper") if f in found]
    grid.load(names)  # what every record is read for: 2 of the download's 28 columns
    every = _rows_read(grid, span, found, width, label, warnings)
    keep = picker.pick([grid.column(j)[every].tolist() for j in names])
    kept = every[np.array(keep, dtype=bool)] if len(every) else every
    cols = sorted(set(mine.values()))
    raw = pd.DataFrame(grid.take(kept, cols), columns=cols, dtype=object)
    out = clean_frame(raw, mine, _DATES, False, grid.lines[kept].tolist(), label, FIELDS,
                      warnings)
    number = out["number"].str.replace(r"\D", "", regex=True).str.lstrip("0")
    out["number"] = number.mask(number == "")
    def dates() -> list[list[str]]:  # read only if the title and name give no month
        return [grid.column(found[f])[every].tolist() for f in _DATES if f in found]
    return out, dates


def _as_of(title_rows: list[list[str]], label: str, dates: Callable[[], list[list[str]]]
           ) -> tuple[str, str]:
    for cells in title_rows:
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
    iso = {d for column in dates() for v in set(column) if (d := clean_cell(v, True, False))}
    return (max(iso), "the latest date it lists") if iso else ("", "no date found")
