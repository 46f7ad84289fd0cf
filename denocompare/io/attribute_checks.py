"""Checks of the attributes table's optional columns: what kind a date is, the date a
status holds on, and the structured value beside the wording.

Each rule names the attribute, so that a pharmacist who typed 'weeks' as the unit of a
dose, or 'announcement' on a company name, sees which row and why.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pandas as pd

from denocompare.core import schema as S

if TYPE_CHECKING:
    from denocompare.io.checks import Collector
    from denocompare.io.raw import RawTable

_STATUS = tuple(a for a in S.STATUS_VALUES if a != "us_interchangeability")


def check_structured(tab: RawTable, f: pd.DataFrame, out: Collector,
                     kinds: dict[str, str] | None = None) -> None:
    """Every rule on ``date_kind``, ``as_of`` and ``value_number/unit/code``.

    ``f`` is the table as validation typed it: every column is there (one the file
    lacks is empty).

    ``kinds``: the attribute names the dataset may use, with their kinds (a dataset's
    own date attribute takes no ``date_kind``: it names no event the app knows)."""
    attr = f["attribute"].astype(object)
    _check_date_kind(tab, f, attr, out, kinds or {})
    as_of = f["as_of"].notna()
    bad = as_of & ~attr.isin(_STATUS)
    out.cells(tab, "as_of", bad[bad].index, lambda r: f"as_of is for a status ("
              f"{', '.join(_STATUS)}); {attr.loc[r]} takes no as_of date")
    number, unit, code = (f[c] for c in ("value_number", "value_unit", "value_code"))
    has = number.notna() | unit.notna() | code.notna()
    loose = has & ~attr.isin(list(S.STRUCTURED))
    out.cells(tab, "value_number", loose[loose].index, lambda r: f"{attr.loc[r]} takes no "
              "structured value; structured values are for: " + ", ".join(S.STRUCTURED))
    for row in f.index[has & ~loose]:
        _check_one(tab, row, str(attr.loc[row]), number.loc[row], unit.loc[row],
                   code.loc[row], _text(f.loc[row, "value"]), out)


def _check_date_kind(tab: RawTable, f: pd.DataFrame, attr: pd.Series, out: Collector,
                     kinds: dict[str, str]) -> None:
    kind = f["date_kind"]
    for row in f.index[kind.notna()]:
        a, k = str(attr.loc[row]), str(kind.loc[row])
        allowed: tuple[str, ...]
        if a in S.DATE_KIND_OF:
            allowed = (S.DATE_KIND_OF[a], *S.PROXY_DATE_KINDS)
        elif a in _STATUS:
            allowed = S.DATE_KINDS
        elif kinds.get(a) == S.DATE:
            out.add(tab.label, f"date_kind is for the dates and statuses the app knows; "
                    f"{a} is the dataset's own date, leave date_kind empty", int(row),
                    "date_kind")
            continue
        else:
            out.add(tab.label, f"date_kind is for a date or a status; {a} is neither, "
                    "leave date_kind empty", int(row), "date_kind")
            continue
        if k not in allowed:
            out.add(tab.label, f"'{k}' is not a kind of date {a} can have (allowed: "
                    f"{', '.join(allowed)})", int(row), "date_kind")


def _check_one(tab: RawTable, row: int, attr: str, number: object, unit: object,
               code: object, wording: str, out: Collector) -> None:
    spec = S.STRUCTURED[attr]
    has_number = not pd.isna(number)
    unit_text = "" if pd.isna(unit) else str(unit)
    if unit_text and unit_text not in spec.units:
        allowed = ", ".join(spec.units) if spec.units else "none: leave it empty"
        out.add(tab.label, f"'{unit_text}' is not a unit of {attr} (allowed: {allowed})",
                int(row), "value_unit")
    elif has_number and spec.units and not unit_text:
        out.add(tab.label, f"value_number needs its unit for {attr} ("
                f"{' or '.join(spec.units)})", int(row), "value_unit")
    elif unit_text and not has_number:
        out.add(tab.label, "value_unit is given but value_number is empty", int(row),
                "value_number")
    if has_number and not spec.units:
        out.add(tab.label, f"{attr} takes no number; put its structured value in "
                "value_code", int(row), "value_number")
    code_text = "" if pd.isna(code) else str(code)
    if code_text and spec.codes and code_text.lower() not in {c.lower() for c in spec.codes}:
        out.add(tab.label, f"'{code_text[:60]}' is not a value_code of {attr} (allowed: "
                f"{', '.join(spec.codes)})", int(row), "value_code")
    if has_number and wording and not number_in_wording(float(str(number)), wording):
        out.add(tab.label, f"value_number {float(str(number)):g} does not appear in the "
                f"wording '{wording[:60]}'; correct one of them", int(row), "value_number")


def number_in_wording(number: float, wording: str) -> bool:
    """Whether ``wording`` states ``number`` ('60 mg' states 60; '1,000' states 1000)."""
    found = re.findall(r"\d+(?:[.,]\d+)*", wording)
    for text in found:
        plain = text.replace(",", "") if re.fullmatch(r"\d{1,3}(,\d{3})+", text) \
            else text.replace(",", ".")
        try:
            if float(plain) == number:
                return True
        except ValueError:
            continue
    return False


def _text(value: object) -> str:
    return "" if value is None or pd.isna(value) else str(value)
