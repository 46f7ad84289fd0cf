"""Which dataset product a regulator's record is about: by number, then by names.

A record fits a product by its BLA number or EMA product number (when the file gives
that number to one brand only: one BLA may cover two brands), else by its brand
name, else, for an unbranded record, by its US proper name; strength narrows a name
that several products share. A number and a name that point at different products,
or a name that fits several, is "could not match" with the reason: never a guess.
"""

from __future__ import annotations

import re

import pandas as pd

from denocompare.core.dataset import Dataset, _text, records

_MG = re.compile(r"(\d+(?:\.\d+)?)\s*mg", re.I)


def squash(text: object) -> str:
    return re.sub(r"[^0-9a-z]+", "", _text(text).lower())


def number_key(text: object) -> str:
    """'BLA 761362', 'BLA761362', '761362' -> '761362'; 'EMEA/H/C/002173' -> '2173'."""
    t = _text(text)
    last = re.split(r"[/\s]", t)[-1] if "/" in t else t
    return re.sub(r"\D", "", last).lstrip("0")


def strength_mg(text: object) -> float | None:
    m = _MG.search(_text(text))
    return float(m.group(1)) if m else None


class Index:
    """The dataset's products as the matcher looks them up, for one region."""

    def __init__(self, ds: Dataset, region: str):
        self.ds, self.region = ds, region
        self.rows: dict[tuple, dict] = {}
        for row in records(ds["attributes"]):
            if row["preferred"] != "no":  # a row with no mark is shown; the first counts
                self.rows.setdefault((row["product_id"], row["region"], row["attribute"]), row)
        p = records(ds["products"])
        own, other = ("name_us", "name_eu") if region == "US" else ("name_eu", "name_us")
        self.names = {r["product_id"]: squash(r[own]) for r in p}
        self.other = {r["product_id"]: squash(r[other]) for r in p}
        self.mg = {r["product_id"]: (None if pd.isna(r["strength_mg"])
                                     else float(r["strength_mg"])) for r in p}
        attr = "us_application_number" if region == "US" else "eu_procedure_number"
        self.number = {pid: number_key(self.value(pid, attr)) for pid in self.names}
        self.proper = {pid: _text(self.value(pid, "us_nonproprietary_name")).lower()
                       for pid in self.names}
        self.originators = {squash(r[own]): r["product_id"] for r in p
                            if r["role"] == "originator" and squash(r[own])}

    def row(self, pid: str, attribute: str, region: str | None = None) -> dict | None:
        return self.rows.get((pid, region or self.region, attribute))

    def value(self, pid: str, attribute: str) -> str:
        r = self.row(pid, attribute)
        return _text(r["value"]) if r else ""

    def by_name(self, name: str) -> list[str]:
        found = [p for p, n in self.names.items() if n and n == name]
        return found or [p for p, n in self.other.items() if n and n == name]


def group_records(frame: pd.DataFrame) -> list[dict]:
    """One entry per product in the file: the Purple Book lists one row per presentation.

    Rows of one brand and number are one product: its earliest dates, 'Interchangeable'
    if any row says so, 'Rx' if any row is not discontinued; ``rows`` lists them all.
    """
    out: dict[tuple[str, str], dict] = {}
    for rec in records(frame):
        rec = {k: ("" if v is None or v is pd.NA else str(v)) for k, v in rec.items()}
        key = (squash(rec["brand"]) or squash(rec["proper_name"]), rec["number"])
        g = out.get(key)
        if g is None:
            out[key] = {**rec, "rows": [rec["row"]]}
            continue
        g["rows"].append(rec["row"])
        # empty fields first: the rules below then compare with a value, never with ''
        for k, v in rec.items():
            if v and not g.get(k):
                g[k] = v
        for d in ("approval_date", "interchangeable_date"):
            if rec[d]:
                g[d] = min(g[d], rec[d])
        if "interchangeable" in rec["licence_type"].lower():
            g["licence_type"] = rec["licence_type"]
        if rec["marketing_status"] and rec["marketing_status"].lower() != "disc":
            g["marketing_status"] = rec["marketing_status"]
    return list(out.values())


def _narrow(index: Index, cands: list[str], g: dict) -> list[str]:
    """The candidates of the record's US proper name (in the US), then of its strength;
    a condition no candidate meets is dropped, so one candidate stays itself."""
    if index.region == "US" and g["proper_name"]:
        same = [p for p in cands if index.proper[p] == g["proper_name"].lower()]
        cands = same or cands
    mg = strength_mg(g["strength"])
    if mg is not None:
        same = [p for p in cands if index.mg[p] == mg]
        cands = same or cands
    return cands


def _names(index: Index, pids: list[str]) -> str:
    return ", ".join(index.ds.display_name(p) for p in pids)


def match_group(index: Index, g: dict, groups: list[dict]) -> tuple[str | None, str]:
    """(product id, how it was matched), or (None, why not); 'new…' for a product the
    dataset lacks."""
    number, brand = g["number"], squash(g["brand"])
    label = "BLA number" if index.region == "US" else "EMA product number"
    key = number_key(number)
    by_number = [p for p, n in index.number.items() if key and n == key]
    # one BLA may cover two brands: a number the file gives to another brand too says nothing
    if by_number and not any(o is not g and o["number"] == number
                             and squash(o["brand"]) != brand for o in groups):
        cands = _narrow(index, by_number, g)
        if len(cands) == 1:
            pid = cands[0]
            own = index.names[pid] or index.other[pid]
            if brand and own and own != brand and index.other[pid] != brand:
                return None, (f"the dataset gives {label} {number} to "
                              f"{index.ds.display_name(pid)}, but the file names it "
                              f"'{g['brand']}': renamed, or a different product?")
            return pid, label
        return None, f"{label} {number} fits several products: {_names(index, cands)}"
    by_brand = index.by_name(brand)  # [] for no brand: by_name skips empty names
    if by_brand:
        cands = _narrow(index, by_brand, g)
        if len(cands) > 1:
            return None, f"the name '{g['brand']}' fits several products: {_names(index, cands)}"
        pid = cands[0]
        if key and index.number[pid] and index.number[pid] != key:
            return None, (f"the file gives {label} {number} for '{g['brand']}'; the dataset "
                          f"gives {index.value(pid, _number_attr(index))}")
        return pid, "brand name"
    return _by_proper(index, g, brand)


def _number_attr(index: Index) -> str:
    return "us_application_number" if index.region == "US" else "eu_procedure_number"


def _by_proper(index: Index, g: dict, brand: str) -> tuple[str | None, str]:
    proper = g["proper_name"].lower()
    same = [p for p, n in index.proper.items() if n and n == proper] if "-" in proper else []
    if same and brand and brand != squash(proper):
        return None, (f"'{g['brand']}' is not a brand the dataset holds, but its proper name "
                      f"{g['proper_name']} is that of {_names(index, same)}: a new brand, or "
                      "a renamed one?")
    if same:
        cands = _narrow(index, same, g)
        if len(cands) == 1:
            return cands[0], "proper name and strength"
        return None, f"the proper name {g['proper_name']} fits several products: " \
            f"{_names(index, cands)}"
    if "351(a)" in g["licence_type"]:
        return None, "an originator (351(a)) the dataset does not hold"
    if g["biosimilar"].lower() in ("no", "false", "0"):
        return None, "not a biosimilar, and not a product the dataset holds"
    return None, "new"
