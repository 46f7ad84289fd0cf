"""Accepted differences -> a new copy of the dataset, each new value citing the file.

The copy is the dataset as it was plus, for every accepted difference, a new row
citing one new source: the imported file (its name, SHA-256, the "as of" date it
states, the regulator as publisher, kind "regulator document or record"). The rows it
replaces are kept, marked ``preferred=no``, so the copy shows the file's value first
and still says what the dataset said before and on whose word. Values the file does
not speak to are left as they were. Qt-free; ``output.dataset_copy`` writes it.
"""

from __future__ import annotations

import datetime as _dt
import re
from pathlib import Path

import pandas as pd

from denocompare.core.changes import NEW_PRODUCT, Change, Differences
from denocompare.core.dataset import Dataset
from denocompare.core.matching import strength_mg
from denocompare.core.regulator_file import RegulatorFile
from denocompare.core.schema import DATE_KIND_OF, SOURCE_KINDS

REGULATOR_KIND = SOURCE_KINDS[0]  # "regulator document or record"
_ML = re.compile(r"/\s*(\d+(?:\.\d+)?)\s*mL", re.I)


def source_row(ds: Dataset, rfile: RegulatorFile, today: _dt.date | None = None) -> dict:
    """The new source row that cites the imported file."""
    taken = set(ds["sources"]["source_id"].astype(str))
    sid, n = f"REG-{rfile.sha256[:8]}", 2
    while sid in taken:
        sid, n = f"REG-{rfile.sha256[:8]}-{n}", n + 1
    url = Path(rfile.path).resolve().as_uri() if rfile.path else rfile.name
    day = (today or _dt.date.today()).isoformat()
    return {"source_id": sid, "title": f"{rfile.layout}: {rfile.name}",
            "publisher": rfile.publisher, "document_number": f"SHA-256 {rfile.sha256}",
            "date": rfile.as_of or None, "url": url, "kind": REGULATOR_KIND,
            "note": f"Imported into DenoCompare on {day}. As of {rfile.as_of or 'no date'}: "
                    f"{rfile.as_of_basis}."}


def apply_changes(ds: Dataset, diffs: Differences, accepted: list[Change],
                  today: _dt.date | None = None) -> Dataset:
    """A new Dataset: ``ds`` with the ``accepted`` differences written in.

    Differences that cannot be written (``applicable`` False) are skipped; the caller
    lists them. ``ds`` itself is not changed.
    """
    rfile = diffs.file
    src = source_row(ds, rfile, today)
    sid = src["source_id"]
    attrs = ds["attributes"].copy()
    new_attrs: list[dict] = []
    new_products: list[dict] = []
    for c in accepted:
        if not c.applicable:
            continue
        if c.kind == NEW_PRODUCT:
            product, rows = _new_product(ds, rfile, c, sid)
            new_products.append(product)
            new_attrs.extend(rows)
            continue
        same = (attrs["product_id"] == c.product_id) & (attrs["region"] == c.region) & \
            (attrs["attribute"] == c.attribute)
        attrs.loc[same, "preferred"] = "no"
        new_attrs.append(_row(c.product_id, c.region, c.attribute, c.value, sid,
                              f"{c.note} From {rfile.where(c.row)}.".strip(),
                              "yes" if same.any() else None, c.date_kind, c.as_of))
    tables = dict(ds.tables)
    tables["attributes"] = _append(attrs, new_attrs)
    tables["products"] = _append(ds["products"], new_products)
    tables["sources"] = _append(ds["sources"], [src])
    tables["metadata"] = _metadata(ds, rfile, today)
    return Dataset(tables, origin=f"{ds.origin} + {rfile.name}", warnings=())


def _row(pid: str, region: str, attribute: str, value: str, sid: str, note: str,
         preferred: str | None = None, date_kind: str = "", as_of: str = "") -> dict:
    return {"product_id": pid, "region": region, "attribute": attribute, "value": value,
            "preferred": preferred, "date_kind": date_kind or None, "as_of": as_of or None,
            "source_id": sid, "note": note or None}


def _new_product(ds: Dataset, rfile: RegulatorFile, c: Change, sid: str
                 ) -> tuple[dict, list[dict]]:
    g = dict(c.record)
    ref = next(p for p in ds.originators()
               if c.matched_by == f"reference: {ds.display_name(p)}")
    where = f"From {rfile.where(c.row)}."
    ml = _ML.search(g.get("strength", ""))
    product = {"product_id": c.product_id, "name_us": g.get("brand") or None,
               "inn": re.sub(r"-[a-z]{4}$", "", g.get("proper_name", "").lower()) or None,
               "strength_mg": strength_mg(g.get("strength")),
               "volume_ml": float(ml.group(1)) if ml else None, "role": "biosimilar",
               "reference_product_id": ref, "source_id": sid,
               "note": f"Added from {rfile.name} ({rfile.layout}, as of {rfile.as_of})."}
    licence = g.get("licence_type", "").lower()
    values = [("us_approval_date", g.get("approval_date")),
              ("us_application_number", f"BLA {g['number']}" if g.get("number") else None),
              ("us_nonproprietary_name", g.get("proper_name", "").lower() or None),
              ("us_interchangeability", "yes" if "interchangeable" in licence else "no"),
              ("us_interchangeability_date", g.get("interchangeable_date")),
              ("marketing_authorisation_holder", g.get("holder"))]
    rows = [_row(c.product_id, "US", a, v, sid, where, None, DATE_KIND_OF.get(a, ""))
            for a, v in values if v]
    return product, rows


def _append(frame: pd.DataFrame, rows: list[dict]) -> pd.DataFrame:
    if not rows:
        return frame.reset_index(drop=True)
    add = pd.DataFrame(rows, columns=frame.columns)
    both = pd.concat([frame.astype(object), add.astype(object)], ignore_index=True)
    both = both.where(both.notna(), None)
    return both.astype(dict(frame.dtypes))


def _metadata(ds: Dataset, rfile: RegulatorFile, today: _dt.date | None) -> pd.DataFrame:
    """The copy is another version: '<version>+us-2026-11', dated the day it was made."""
    m = ds["metadata"].copy()
    stamp = f"{rfile.region.lower()}-{rfile.as_of or 'import'}"
    day = (today or _dt.date.today()).isoformat()
    for key, value in (("version", f"{ds.version}+{stamp}"), ("date", day)):
        if (m["key"] == key).any():
            m.loc[m["key"] == key, "value"] = value
        else:
            m = _append(m, [{"key": key, "value": value}])
    return m.reset_index(drop=True)
