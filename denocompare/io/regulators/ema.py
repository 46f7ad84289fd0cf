"""EMA medicines data: the XLSX ``medicines-output-medicines-report_en.xlsx`` and the JSON
``medicines-output-medicines_json-report_en.json``.

The workbook has a title block (rows 1-8 in the files seen) and then the header; some
headings hold line breaks. The header row is found by its content (the row naming
'Name of medicine'), not by its number. The JSON is ``{"data": [...], "meta": {...}}``
with dates as DD/MM/YYYY. Both are matched by name: a heading and a JSON key are
compared ignoring case, spaces, punctuation and line breaks.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from denocompare.core.errors import Problem
from denocompare.core.regulator_file import FIELDS
from denocompare.core.schema import MAX_WORKBOOK_CELLS
from denocompare.io.regulators.common import (
    Picker,
    cell,
    clean_frame,
    fail,
    match_columns,
    norm,
    parse_date,
)

LAYOUT = "the EMA medicines data (medicines-output-medicines-report_en)"
COLUMNS: dict[str, tuple[str, ...]] = {
    "number": ("ema product number", "product number"),
    "brand": ("name of medicine", "medicine name"),
    "proper_name": ("international non proprietary name inn common name",
                    "international non proprietary name inn", "inn common name",
                    "inn", "active substance"),
    "status": ("medicine status", "authorisation status"),
    "biosimilar": ("biosimilar",),
    "approval_date": ("marketing authorisation date",),
    "withdrawal_date": ("withdrawal expiry revocation lapse of marketing authorisation date",
                        "withdrawal of marketing authorisation date", "date of withdrawal",
                        "withdrawal date"),
    "suspension_date": ("suspension of marketing authorisation date", "date of suspension",
                        "suspension date"),
    "holder": ("marketing authorisation developer applicant holder",
               "marketing authorisation holder", "marketing authorisation holder company name"),
    "category": ("category",),
    "url": ("medicine url", "url"),
    "_updated": ("last updated date",),
}
_KNOWN = tuple(norm(c) for c in (
    "Active substance", "Opinion status", "Latest procedure affecting product information",
    "Therapeutic area (MeSH)", "Species (veterinary)", "Patient safety", "ATC code (human)",
    "ATCvet code (veterinary)", "Pharmacotherapeutic group (human)",
    "Pharmacotherapeutic group (veterinary)", "Therapeutic indication",
    "Accelerated assessment", "Additional monitoring", "Advanced therapy",
    "Conditional approval", "Exceptional circumstances", "Generic or hybrid",
    "Orphan medicine", "PRIME: priority medicine", "European Commission decision date",
    "Start of rolling review date", "Start of evaluation date", "Opinion adopted date",
    "Withdrawal of application date", "Refusal of marketing authorisation date",
    "Revision number", "First published date"))
REQUIRED = ("number", "brand", "proper_name", "status")
_DATES = ("approval_date", "withdrawal_date", "suspension_date", "_updated")
_HEADER_SCAN = 30


def _fields() -> dict[str, tuple[str, ...]]:
    return {**COLUMNS, **{f"_known{i}": (k,) for i, k in enumerate(_KNOWN)}}


def _date(value: object) -> str | None:
    text = cell(value)
    if not text:
        return None
    return parse_date(text.split(" ")[0].split("T")[0] if "/" in text else text, True)


def _as_of(texts: list[str], updated_cells: list[object], basis: str) -> tuple[str, str]:
    """The date the title or meta states, else the latest 'Last updated date' of every
    record (of every molecule, whichever were read)."""
    for text in texts:
        for word in text.replace(",", " ").split():
            d = _date(word)
            if d:
                return d, f"{basis} ({text.strip()[:80]})"
    updated = sorted({d for v in set(updated_cells) if (d := _date(v))})
    if updated:
        return max(updated), "the latest 'Last updated date' it lists"
    return "", "no date found"


def _clean(raw: pd.DataFrame, found: Mapping[str, object], rows: list[int], label: str,
           warnings: list[Problem]) -> pd.DataFrame:
    mine = {f: k for f, k in found.items() if not f.startswith("_known")}
    return clean_frame(raw, mine, _DATES, True, rows, label, (*FIELDS, "_updated"), warnings)


def read_ema_json(data: bytes, label: str, only: Collection[str] | None = None) -> tuple:
    """Records (of the molecules ``only`` names, when given), the ``Picker`` that counted
    them all, "as of" date and its basis, and warnings from the JSON file."""
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise fail(label, f"expected {LAYOUT} as JSON text; the file is not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        if not data.rstrip().endswith((b"}", b"]")) or exc.pos >= len(data.rstrip()) - 2:
            raise fail(label, f"the JSON ends early (at character {exc.pos:,} of "
                       f"{len(data):,}): the download was cut short. Download it again.") from None
        raise fail(label, f"expected {LAYOUT} as JSON; the file is not valid JSON "
                   f"({exc.msg}, line {exc.lineno})") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("data"), list):
        what = f"an object with keys {', '.join(list(doc)[:6])}" if isinstance(doc, dict) \
            else f"a JSON {type(doc).__name__}"
        raise fail(label, f"expected {LAYOUT}: an object with a 'data' list and 'meta'; "
                   f"found {what}")
    items = [d for d in doc["data"] if isinstance(d, dict)]
    keys: list[str] = []
    for item in items[:200]:
        keys.extend(k for k in item if k not in keys)
    found, warnings = match_columns(keys, _fields(), REQUIRED, label, LAYOUT)
    proper = keys[found["proper_name"]]
    picker = Picker(only)
    keep = picker.pick([[d.get(proper) for d in items]])
    rows = [n for n, k in enumerate(keep, start=1) if k]
    raw = pd.DataFrame([items[n - 1] for n in rows], columns=keys, dtype=object)
    records = _clean(raw, {f: keys[i] for f, i in found.items()}, rows, label, warnings)
    updated = [d.get(keys[found["_updated"]]) for d in items] if "_updated" in found else []
    meta: dict[str, Any] = doc["meta"] if isinstance(doc.get("meta"), dict) else {}
    stamps = [str(v) for k, v in meta.items() if isinstance(v, str | int | float)
              and any(w in k.lower() for w in ("date", "time", "updated", "generated"))]
    as_of, basis = _as_of(stamps, updated, "its 'meta' timestamp")
    return records[[*FIELDS, "row"]], picker, as_of, basis, warnings


def read_ema_xlsx(path: Path, label: str, only: Collection[str] | None = None) -> tuple:
    """What ``read_ema_json`` gives, from the workbook."""
    from openpyxl import load_workbook

    from denocompare.io.xlsx_reader import _not_a_workbook

    why = _not_a_workbook(path)
    if why:
        raise fail(label, why)
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises anything on a damaged file
        raise fail(label, f"the workbook is damaged and could not be opened ({exc}); "
                   "download it again") from None
    try:
        return _read_sheet(wb.worksheets[0], label, only)
    finally:
        wb.close()


def _read_sheet(ws, label: str, only: Collection[str] | None) -> tuple:
    rows = ws.iter_rows(values_only=True)
    title: list[str] = []
    header: tuple | None = None
    header_row = 0
    for n, values in enumerate(rows, start=1):
        names = [norm(v) for v in values if v is not None]
        if "name of medicine" in names or "medicine name" in names:
            header, header_row = values, n
            break
        title.extend(str(v) for v in values if v is not None)
        if n >= _HEADER_SCAN:
            break
    if header is None:
        raise fail(label, f"expected {LAYOUT}: a header row naming 'Name of medicine' "
                   f"within the first {_HEADER_SCAN} rows; found none in sheet "
                   f"'{ws.title}'")
    headings = ["" if h is None else str(h) for h in header]
    found, warnings = match_columns(headings, _fields(), REQUIRED, label, LAYOUT)
    cells: list[tuple] = []
    where: list[int] = []
    width = len(headings)
    limit = MAX_WORKBOOK_CELLS // max(width, 1)
    for n, values in enumerate(rows, start=header_row + 1):
        if not any(v not in (None, "") for v in values):
            continue
        if len(cells) >= limit:
            raise fail(label, f"the sheet has more than {limit:,} rows; the EMA file has "
                       "a few thousand. Check that this is the right file.")
        cells.append(tuple(values[:width]) + (None,) * (width - len(values)))
        where.append(n)
    picker = Picker(only)
    keep = picker.pick([[r[found["proper_name"]] for r in cells]])
    stamp = found.get("_updated")
    updated = [] if stamp is None else [r[stamp] for r in cells]
    where = [n for n, k in zip(where, keep, strict=True) if k]
    raw = pd.DataFrame([r for r, k in zip(cells, keep, strict=True) if k],
                       columns=range(width), dtype=object)
    records = _clean(raw, found, where, label, warnings)
    as_of, basis = _as_of(title, updated, "the date its title block states")
    return records[[*FIELDS, "row"]], picker, as_of, basis, warnings
