"""What counts as a difference between a regulator's record and a dataset product.

Each rule reads one thing the file says (an approval date, the licence type, a
status, the holder) and compares it with the value the dataset shows (its preferred
row), in the dataset's own vocabulary (``core.vocabulary``). Where the vocabulary has
no word for what the file says (a product 'Rx' again after 'discontinued': launched
or not?), the difference is shown but cannot be accepted.
"""

from __future__ import annotations

import re

from denocompare.core.changes import NEW_PRODUCT, Change
from denocompare.core.dataset import Dataset, _text
from denocompare.core.matching import Index, squash, strength_mg
from denocompare.core.regulator_file import RegulatorFile
from denocompare.core.schema import DATE_KIND_OF, NO_LICENCE_STATUSES
from denocompare.core.values import display_value

_WITHDRAWN = ("withdrawn", "expired", "lapsed", "revoked", "not renewed")


def cite(ds: Dataset, cell: object, limit: int = 70) -> str:
    """'S33 (FDA label for Jubbonti…); A3 (…)': ids with a short title each."""
    parts = []
    for sid in ds.source_ids_in(cell):
        s = ds["sources"]
        title = s.loc[s["source_id"] == sid, "title"]
        short = _text(title.iloc[0]) if len(title) else ""
        cut = f"{short[:limit]}{'…' if len(short) > limit else ''}"
        parts.append(f"{sid} ({cut})" if short else sid)
    return "; ".join(parts)


class _Rules:
    """The differences of one matched product, built up one rule at a time."""

    def __init__(self, ds: Dataset, rfile: RegulatorFile, g: dict, pid: str, how: str,
                 index: Index):
        self.ds, self.f, self.g, self.pid, self.how, self.index = ds, rfile, g, pid, how, index
        self.out: list[Change] = []

    def add(self, kind: str, attribute: str, new: str, date_kind: str = "",
            as_of: str = "", note: str = "", applicable: bool = True,
            old_row: dict | None = None) -> None:
        row = old_row if old_row is not None else self.index.row(self.pid, attribute)
        old = _text(row["value"]) if row else ""
        if row and _text(row.get("as_of")) and attribute not in DATE_KIND_OF:
            old = display_value(attribute, old, row.get("date_kind"), row.get("as_of"))
        elif row and _text(row.get("date_kind")):
            old += f" ({_text(row['date_kind'])})"
        self.out.append(Change(
            kind, self.pid, self.ds.display_name(self.pid), self.f.region, attribute,
            old=old, old_source=cite(self.ds, row["source_id"]) if row else "",
            new=new + (f" ({date_kind})" if date_kind and attribute in DATE_KIND_OF else ""),
            new_source=self.source(), date_kind=date_kind, as_of=as_of,
            matched_by=self.how, note=note, applicable=applicable, row=int(self.g["row"]),
            value=new))

    def source(self) -> str:
        rows = self.g["rows"]
        more = f" (and {len(rows) - 1} more)" if len(rows) > 1 else ""
        return f"{self.f.where(rows[0])}{more}; {self.f.layout}, as of {self.f.as_of or '?'}"

    def date(self, kind: str, attribute: str, new: str, note: str = "") -> None:
        """A dated event: a difference when the dataset lacks it, gives another date, or
        gives only the day it was announced."""
        if not new:
            return
        want = DATE_KIND_OF[attribute]
        row = self.index.row(self.pid, attribute)
        if row and _text(row["value"]) == new and _text(row.get("date_kind")) in ("", want):
            return
        if row and new.startswith(_text(row["value"])):
            note = (note + " " if note else "") + "The file gives the full date."
        self.add(kind, attribute, new, date_kind=want, note=note)

    def holder(self) -> None:
        new = self.g["holder"]
        if not new:
            return
        old = self.index.value(self.pid, "marketing_authorisation_holder")
        a, b = squash(old), squash(new)
        if a and (a.startswith(b) or b.startswith(a)):
            return
        self.add("MAH", "marketing_authorisation_holder", new)

    def identifiers(self) -> None:
        if self.f.region == "US":
            if self.g["number"] and not self.index.value(self.pid, "us_application_number"):
                self.add("identifier", "us_application_number", f"BLA {self.g['number']}")
            proper = self.g["proper_name"]
            old = self.index.value(self.pid, "us_nonproprietary_name")
            if "-" in proper and old.lower() != proper.lower():
                self.add("identifier", "us_nonproprietary_name", proper.lower())
        elif self.g["number"] and not self.index.value(self.pid, "eu_procedure_number"):
            self.add("identifier", "eu_procedure_number", self.g["number"])


def compare_group(ds: Dataset, rfile: RegulatorFile, g: dict, pid: str, how: str,
                  index: Index) -> list[Change]:
    """Every difference between the file's record ``g`` and the product ``pid``."""
    r = _Rules(ds, rfile, g, pid, how, index)
    if rfile.region == "US":
        _us(r)
    else:
        _eu(r)
    r.holder()
    r.identifiers()
    return r.out


# A status read from a regulator's file is true as of the date the file states: no
# date kind of the vocabulary names that (it is not a publication about it, nor the
# event's own date), so such a row has ``as_of`` alone ("discontinued (as of 2026-11)").


def _us(r: _Rules) -> None:
    g = r.g
    r.date("approval date", "us_approval_date", g["approval_date"])
    status = r.index.value(r.pid, "us_status")
    if status in NO_LICENCE_STATUSES and "revoked" not in g["status"].lower():
        r.add("licence status", "us_status", "authorised", as_of=r.f.as_of,
              note="The Purple Book lists it as licensed.")
    if "revoked" in g["status"].lower() and status != "withdrawn":
        r.add("withdrawal or suspension", "us_status", "withdrawn", as_of=r.f.as_of,
              note=f"Purple Book licensure: {g['status']}.")
    licence = g["licence_type"].lower()
    inter = r.index.value(r.pid, "us_interchangeability")
    if "interchangeable" in licence and inter != "yes":
        r.add("interchangeable", "us_interchangeability", "yes",
              note=f"Licence type: {g['licence_type']}.")
    elif "biosimilar" in licence and inter in ("", "yes", "not stated"):
        r.add("interchangeability", "us_interchangeability", "no",
              note=f"Licence type: {g['licence_type']} (not Interchangeable).")
    r.date("interchangeability date", "us_interchangeability_date", g["interchangeable_date"],
           note="The Purple Book's 'Inter. Approval Date'.")
    _market(r)


def _market(r: _Rules) -> None:
    """'Disc' on every row of the product: discontinued. 'Rx' where the dataset says
    discontinued: marketed again, but whether it is launched is not in the file."""
    said = r.g["marketing_status"]
    old = r.index.value(r.pid, "us_market_status")
    if said.lower().startswith("disc") and old != "discontinued":
        r.add("marketing status", "us_market_status", "discontinued", as_of=r.f.as_of,
              note=f"Purple Book marketing status: {said}"
              + (f" (the dataset: {old})." if old else "."))
    elif said and not said.lower().startswith("disc") and old == "discontinued":
        r.add("marketing status", "us_market_status", said, applicable=False,
              note=f"Purple Book marketing status: {said}, no longer discontinued; the file "
              "does not say whether it is launched: review it by hand.")


def _eu(r: _Rules) -> None:
    g = r.g
    status = g["status"].lower()
    old = r.index.value(r.pid, "eu_status")
    if status.startswith("authorised") or status == "authorized":
        r.date("EU authorisation", "eu_authorisation_date", g["approval_date"])
        if old and old != "authorised":
            r.add("EU authorisation", "eu_status", "authorised", date_kind="publication",
                  as_of=r.f.as_of, note=f"Medicine status: {g['status']}.")
    elif any(status.startswith(w) for w in _WITHDRAWN):
        when = g["withdrawal_date"]
        if old != "withdrawn":
            r.add("withdrawal or suspension", "eu_status", "withdrawn",
                  date_kind="EC decision" if when else "",
                  as_of=when or r.f.as_of, note=f"Medicine status: {g['status']}"
                  + (f", withdrawn {when}." if when else "."))
    elif status.startswith("suspended") and old != "suspended":
        when = g["suspension_date"]
        r.add("withdrawal or suspension", "eu_status", "suspended",
              date_kind="EC decision" if when else "", as_of=when or r.f.as_of,
              note=f"Medicine status: {g['status']}" + (f", suspended {when}." if when
                                                       else "."))
    elif status.startswith("refused") and old != "refused":
        r.add("EU authorisation", "eu_status", "refused", as_of=r.f.as_of,
              note=f"Medicine status: {g['status']}.")


def proposed_id(ds: Dataset, brand: str) -> str:
    base = re.sub(r"[^0-9a-z]+", "_", brand.lower()).strip("_") or "product"
    taken = set(ds.product_ids())
    pid, n = base, 2
    while pid in taken:
        pid, n = f"{base}_{n}", n + 1
    return pid


def new_product(ds: Dataset, rfile: RegulatorFile, g: dict, index: Index) -> Change:
    """A product of the dataset's molecules the dataset lacks."""
    brand = g["brand"] or g["proper_name"]
    pid = proposed_id(ds, brand)
    ref = index.originators.get(squash(g["reference_brand"]))
    note, ok = "", True
    if rfile.region == "US" and ref is None:
        ok = False
        note = (f"its reference product '{g['reference_brand'] or '?'}' is not an originator "
                "the dataset holds")
    elif rfile.region == "EU":
        ok = False
        note = ("the EMA file does not say which reference product it was compared with; "
                "add it by hand (products.csv), then import again")
    mg = strength_mg(g["strength"])
    summary = ", ".join(x for x in (g["proper_name"], g["strength"], g["licence_type"],
                                    f"approved {g['approval_date']}" if g["approval_date"]
                                    else "") if x)
    record = tuple((k, str(v)) for k, v in g.items() if k != "rows" and v)
    return Change(NEW_PRODUCT, pid, brand, rfile.region, "", new=summary,
                  new_source=_Rules(ds, rfile, g, pid, "", index).source(),
                  matched_by=f"reference: {ds.display_name(ref)}" if ref else "",
                  note=note + (f"; strength {mg:g} mg" if mg and not ok else ""),
                  applicable=ok, row=int(g["row"]), record=record)
