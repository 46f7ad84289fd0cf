"""The rows of a workbook's first sheet, read from its XML with the standard library.

Why not openpyxl's read-only sheet: it builds an object per cell, and a rich-text one
per inline string (``cell.text.Text.from_tree``); on the EMA file's 2,500 medicines x
15 columns that was 90% of the import (profiled: 1.5 s of 2.1 s in ``parse_cell``).
Here each cell is one element read and cleared. The values are openpyxl's
``values_only`` ones: text (shared or inline, rich-text runs joined, phonetic runs left
out), numbers, booleans, and numbers in a date format as ``datetime`` (its own
``is_date_format`` and ``from_excel`` decide, on the workbook's epoch). Rows come in
sheet order from row 1, a missing row as an empty tuple, so row numbers stay true.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from xml.etree.ElementTree import Element, fromstring, iterparse

from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils.datetime import (
    CALENDAR_MAC_1904,
    CALENDAR_WINDOWS_1900,
    from_excel,
    from_ISO8601,
)

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_COLUMN = re.compile(r"[A-Z]+")


def _xml(zf: zipfile.ZipFile, name: str) -> Element | None:
    return fromstring(zf.read(name)) if name in zf.namelist() else None


def _text(si: Element) -> str:
    """A string item's text: its own ``t``, or its rich-text runs' (not ``rPh``)."""
    plain = si.find(f"{MAIN}t")
    if plain is not None:
        return plain.text or ""
    return "".join(r.findtext(f"{MAIN}t") or "" for r in si.findall(f"{MAIN}r"))


def _part(target: str) -> str:
    """A relationship's target as a name in the zip ('worksheets/sheet1.xml' ->
    'xl/worksheets/sheet1.xml'; '/xl/x.xml' -> 'xl/x.xml')."""
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join("xl", target))


def _first_sheet(zf: zipfile.ZipFile) -> tuple[str, str, bool, dict[str, str]]:
    """(title, part name, 1904 calendar, the parts by relationship type's last word:
    'sharedStrings', 'styles') of the workbook's first sheet."""
    book = _xml(zf, "xl/workbook.xml")
    if book is None:
        raise ValueError("the workbook has no xl/workbook.xml")
    sheet = book.find(f"{MAIN}sheets/{MAIN}sheet")
    if sheet is None:
        raise ValueError("the workbook has no sheet")
    rels = _xml(zf, "xl/_rels/workbook.xml.rels")
    links = [] if rels is None else list(rels)
    rid = sheet.get(f"{REL}id")
    part = _part(next((r.get("Target", "") for r in links if r.get("Id") == rid), ""))
    parts = {r.get("Type", "").rsplit("/", 1)[-1]: _part(r.get("Target", "")) for r in links}
    pr = book.find(f"{MAIN}workbookPr")
    mac = pr is not None and pr.get("date1904", "").lower() in ("1", "true")
    return sheet.get("name", ""), part, mac, parts


def _date_styles(zf: zipfile.ZipFile, name: str) -> set[int]:
    """The cell styles (``s``) whose number format is a date or a time."""
    styles = _xml(zf, name)
    if styles is None:
        return set()
    codes = dict(BUILTIN_FORMATS)
    for f in styles.iterfind(f"{MAIN}numFmts/{MAIN}numFmt"):
        codes[int(f.get("numFmtId", "0"))] = f.get("formatCode", "")
    xfs = styles.findall(f"{MAIN}cellXfs/{MAIN}xf")
    return {i for i, xf in enumerate(xfs)
            if is_date_format(codes.get(int(xf.get("numFmtId", "0")), ""))}


def _column(ref: str | None, previous: int) -> int:
    """The 1-based column of a cell reference ('C9' -> 3), or the next one."""
    letters = _COLUMN.match(ref or "")
    if letters is None:
        return previous + 1
    n = 0
    for ch in letters.group():
        n = n * 26 + ord(ch) - 64
    return n


def _value(c: Element, strings: list[str], dates: set[int], epoch) -> object:
    kind = c.get("t", "n")
    if kind == "inlineStr":
        item = c.find(f"{MAIN}is")
        return _text(item) if item is not None else None
    raw = c.findtext(f"{MAIN}v")
    if raw is None or raw == "":
        return None
    if kind == "s":
        return strings[int(raw)]
    if kind == "b":
        return bool(int(raw))
    if kind == "d":
        return from_ISO8601(raw)
    if kind in ("str", "e"):
        return raw
    # As openpyxl casts: a point or an exponent makes a float.
    number: float = float(raw) if "." in raw or "e" in raw.lower() else int(raw)
    if int(c.get("s", "0")) in dates:
        return from_excel(number, epoch)
    return number


def first_sheet_rows(path: Path) -> tuple[str, Iterator[tuple]]:
    """The first sheet's title and its rows (tuples of values, from row 1).

    Raises ``ValueError``, ``KeyError`` or ``zipfile.BadZipFile`` (or an XML
    ``ParseError``) on a damaged workbook; the caller says so.
    """
    zf = zipfile.ZipFile(path)
    try:
        title, part, mac, parts = _first_sheet(zf)
        shared = _xml(zf, parts.get("sharedStrings", "xl/sharedStrings.xml"))
        strings = [] if shared is None else [_text(si) for si in shared.iter(f"{MAIN}si")]
        dates = _date_styles(zf, parts.get("styles", "xl/styles.xml"))
        zf.getinfo(part)  # KeyError now, not at the first row
    except BaseException:
        zf.close()
        raise
    return title, _rows(zf, part, strings, dates,
                        CALENDAR_MAC_1904 if mac else CALENDAR_WINDOWS_1900)


def _rows(zf: zipfile.ZipFile, part: str, strings: list[str], dates: set[int],
          epoch) -> Iterator[tuple]:
    try:
        with zf.open(part) as fh:
            number = 0
            cells: dict[int, object] = {}
            col = 0
            for _event, el in iterparse(fh, events=("end",)):
                if el.tag == f"{MAIN}c":
                    col = _column(el.get("r"), col)
                    value = _value(el, strings, dates, epoch)
                    if value is not None:
                        cells[col] = value
                elif el.tag == f"{MAIN}row":
                    at = int(el.get("r") or number + 1)
                    while number < at - 1:  # rows the sheet leaves out: empty
                        number += 1
                        yield ()
                    number = at
                    width = max(cells, default=0)
                    yield tuple(cells.get(i) for i in range(1, width + 1))
                    cells, col = {}, 0
                    el.clear()
    finally:
        zf.close()
