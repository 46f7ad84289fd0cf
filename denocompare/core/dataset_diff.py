"""What changed since our last review: two datasets compared, value by value.

Two versions of a dataset (last year's and this year's, or before and after an import)
give one list: per product, every value added, removed or changed, with the old and
the new value and the sources of each. The attributes table is compared on the value
each shows first (its preferred row), as the window and the report show it. Qt-free;
exported as CSV/XLSX (``denocompare changes``) and as a report section
(``report.changes_section``).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from denocompare.core.attributes import labels
from denocompare.core.change_rules import cite
from denocompare.core.dataset import Dataset
from denocompare.core.values import display_value
from denocompare.core.vocabulary import DATE_KIND_OF

COLUMNS = ("product", "product_id", "table", "item", "change", "old_value", "old_source",
           "new_value", "new_source")
ADDED, REMOVED, CHANGED = "added", "removed", "changed"


@dataclass(frozen=True)
class _Spec:
    table: str
    key: tuple[str, ...]
    values: tuple[str, ...]
    product: str = "product_id"


SPECS = (
    _Spec("products", ("product_id",), ("name_eu", "name_us", "inn", "strength_mg",
                                        "volume_ml", "role", "reference_product_id")),
    _Spec("attributes", ("product_id", "region", "attribute"), ("value", "date_kind", "as_of")),
    _Spec("indications", ("product_id", "region", "indication"), ("status", "wording", "basis")),
    _Spec("adverse_reactions", ("product_id", "region", "reaction", "study"),
          ("frequency_band", "product_pct", "comparator", "comparator_pct")),
    _Spec("studies", ("study_id",), ("name", "biosimilar_id", "reference_id", "n_randomised",
                                     "primary_endpoint", "outcome_statement"), "biosimilar_id"),
    _Spec("study_results", ("study_id", "endpoint", "timepoint", "analysis_set"),
          ("difference", "ci_level", "ci_low", "ci_high", "margin_low", "margin_high",
           "reported_conclusion"), ""),
)


def _shown(ds: Dataset, spec: _Spec) -> pd.DataFrame:
    f = ds[spec.table]
    if spec.table == "attributes":
        f = f[f["preferred"].fillna("yes") != "no"]
    f = f.drop_duplicates(list(spec.key))
    parts = [f[c].astype("string").fillna("") for c in spec.values]
    text = parts[0].str.cat(parts[1:], sep="\x1f") if len(parts) > 1 else parts[0]
    keys = f[list(spec.key)].astype("string").fillna("")
    out = keys.assign(_text=text.to_numpy(), _src=f["source_id"].astype("string").fillna(""))
    if spec.product and spec.product not in spec.key:
        out["_product"] = f[spec.product].astype("string").fillna("").to_numpy()
    return out


def _shown_text(spec: _Spec, packed: object, attribute: str = "") -> str:
    if not isinstance(packed, str) or not packed:
        return ""
    parts = packed.split("\x1f")
    if spec.table == "attributes":
        value, kind, as_of = (parts + ["", ""])[:3]
        if as_of and attribute not in DATE_KIND_OF:
            # a status with its date, as the product table says it ("reported …")
            return display_value(attribute, value, kind, as_of)
        extra = "; ".join(x for x in (kind, f"as of {as_of}" if as_of else "") if x)
        return f"{value} ({extra})" if extra else value
    pairs = zip(spec.values, parts, strict=False)
    return "; ".join(f"{c}: {v}" for c, v in pairs if v) if len(spec.values) > 1 else packed


def diff_datasets(old: Dataset, new: Dataset) -> pd.DataFrame:
    """Every value added, removed or changed from ``old`` to ``new`` (``COLUMNS``)."""
    rows: list[dict] = []
    study_product = {**_study_products(old), **_study_products(new)}
    for spec in SPECS:
        a, b = _shown(old, spec), _shown(new, spec)
        both = a.merge(b, on=list(spec.key), how="outer", suffixes=("_old", "_new"),
                       indicator=True)
        moved = (both["_merge"] != "both") | (both["_text_old"] != both["_text_new"])
        for r in both[moved.fillna(True)].to_dict("records"):
            rows.append(_row(old, new, spec, r, study_product))
    out = pd.DataFrame(rows, columns=list(COLUMNS))
    return out.sort_values(["product", "table", "item"], key=lambda s: s.str.lower(),
                           kind="stable").reset_index(drop=True)


def _study_products(ds: Dataset) -> dict[str, str]:
    s = ds["studies"]
    return {str(k): str(v) for k, v in zip(s["study_id"], s["biosimilar_id"], strict=True)}


def _row(old: Dataset, new: Dataset, spec: _Spec, r: dict, study_product: dict) -> dict:
    change = {"left_only": REMOVED, "right_only": ADDED}.get(str(r["_merge"]), CHANGED)
    if spec.product in spec.key:
        pid = r[spec.product]
    elif spec.product:
        pid = r.get("_product_new") if change == ADDED else r.get("_product_old")
    else:
        pid = study_product.get(str(r["study_id"]), "")
    pid = "" if pid is None or pid is pd.NA else str(pid)
    ds = new if change == ADDED else old
    name = ds.display_name(pid) if pid in ds.product_ids() else pid
    parts = [str(r[k]) for k in spec.key if k != spec.product and str(r[k])]
    attribute = str(r["attribute"]) if spec.table == "attributes" else ""
    if spec.table == "attributes":
        parts[-1] = labels(ds).get(parts[-1], (parts[-1],))[0]
    item = " / ".join(parts)
    return {"product": name, "product_id": pid, "table": spec.table,
            "item": item or pid, "change": change,
            "old_value": _shown_text(spec, r["_text_old"], attribute) if change != ADDED else "",
            "old_source": cite(old, r["_src_old"], 200) if change != ADDED else "",
            "new_value": _shown_text(spec, r["_text_new"], attribute) if change != REMOVED else "",
            "new_source": cite(new, r["_src_new"], 200) if change != REMOVED else ""}
