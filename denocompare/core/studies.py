"""Comparative studies of the chosen products: their results with computed verdicts,
and the forest rows (one per result and margin) the chart and the report draw."""

from __future__ import annotations

from typing import Any

import pandas as pd

from denocompare.core import equivalence as E
from denocompare.core.dataset import Dataset, _text

VERDICT_WITHIN = E.WITHIN
VERDICT_CROSSES = E.CROSSES
VERDICT_UNKNOWN = E.NOT_COMPUTABLE


def verdict(row: Any, margins: pd.DataFrame | None = None) -> str:
    """Equivalence verdict of one result row, computed from the data, never guessed.

    Against each margin that applies (the one stated with the result, and each
    regulator's in ``margins``), joined by '; ': 'CI within FDA margin; CI crosses EMA
    margin'. Without a CI or a margin it is 'not computable: CI or margin not
    reported', whatever the source says in words (``equivalence.stated`` quotes that).
    """
    found = E.margins_for(row, margins if margins is not None else _NO_MARGINS)
    if not found:
        return E.NOT_COMPUTABLE
    return "; ".join(dict.fromkeys(E.verdict_of(row, m) for m in found))


_NO_MARGINS = pd.DataFrame(columns=["study_id", "endpoint", "regulator", "ci_level",
                                    "analysis_set", "timepoint", "margin_low",
                                    "margin_high", "source_id"])


def development_codes(ds: Dataset) -> dict[str, str]:
    """Each product's development code (its molecule), from the preferred row; products
    no source gives a code for are left out. One pass over the attributes table."""
    a = ds["attributes"]
    rows = a[a["attribute"] == "development_code"]
    rows = rows.assign(_rank=rows["preferred"].fillna("yes").eq("no").astype(int))
    rows = rows.sort_values("_rank", kind="stable").drop_duplicates("product_id")
    return {str(p): _text(v) for p, v in zip(rows["product_id"], rows["value"], strict=True)
            if _text(v)}


def studies_for(ds: Dataset, products: list[str]) -> pd.DataFrame:
    """The studies of the chosen products, and those run with the same molecule under
    another brand (same development code): a brand's comparison shows the study run
    under its twin's name. Adds ``shown_for`` (the chosen product) and ``link`` ('' for
    a study of the product itself, else what the link is)."""
    return ds.derived(("studies_for", tuple(products)),
                      lambda: _studies_for(ds, list(products)))


def _studies_for(ds: Dataset, products: list[str]) -> pd.DataFrame:
    studies = ds["studies"]
    direct = studies[studies["biosimilar_id"].isin(products)].copy()
    direct["shown_for"], direct["link"] = direct["biosimilar_id"], ""
    parts, seen = [direct], set(direct["study_id"])
    code_of = development_codes(ds)
    for pid in products:
        code = code_of.get(pid, "")
        if not code:
            continue
        same = [q for q, c in code_of.items() if q != pid and c == code]
        linked = studies[studies["biosimilar_id"].isin(same) & ~studies["study_id"].isin(seen)]
        if linked.empty:
            continue
        linked = linked.copy()
        linked["shown_for"] = pid
        linked["link"] = [f"same molecule ({code}) as {ds.short_name(pid)}: study run with "
                          f"{ds.short_name(b)} against {ds.short_name(r)}"
                          for b, r in zip(linked["biosimilar_id"], linked["reference_id"],
                                          strict=True)]
        seen.update(linked["study_id"])
        parts.append(linked)
    return pd.concat(parts, ignore_index=True)


def studied_against_others(ds: Dataset, reference: str) -> dict[str, list[str]]:
    """Where a reference no study compares with was the comparator's place taken.

    When no study names ``reference`` as its reference (a second brand of the molecule,
    whose biosimilars were developed against the first), the studies of its biosimilars'
    molecules (the same development code) grouped by the reference they were run
    against: ``{'<first brand id>': [biosimilar ids studied, in the studies' order]}``.
    Empty when ``reference`` has studies of its own, or when none of its biosimilars'
    molecules was studied.
    """
    studies = ds["studies"]
    if (studies["reference_id"] == reference).any():
        return {}
    linked = studies_for(ds, [reference, *ds.family(reference)])
    other = linked[linked["reference_id"] != reference]
    found: dict[str, list[str]] = {}
    for ref, bio in zip(other["reference_id"], other["biosimilar_id"], strict=True):
        found.setdefault(str(ref), [])
        if bio not in found[str(ref)]:
            found[str(ref)].append(str(bio))
    return found


def study_results(ds: Dataset, products: list[str]) -> pd.DataFrame:
    """Results of the studies of the chosen products, with study facts and verdicts.

    Adds ``verdict`` (per margin, joined), ``margins`` (each margin as text) and
    ``stated`` (the source's own conclusion, quoted; never a verdict).
    """
    return ds.derived(("study_results", tuple(products)),
                      lambda: _study_results(ds, list(products)))


def _study_results(ds: Dataset, products: list[str]) -> pd.DataFrame:
    studies = studies_for(ds, products)
    res = ds["study_results"].merge(studies, on="study_id", suffixes=("", "_study"))
    margins = ds["study_margins"]
    rows = [r for _i, r in res.iterrows()]
    res["verdict"] = [verdict(r, margins) for r in rows] if rows else []
    res["margins"] = ["; ".join(E.margin_text(m) for m in E.margins_for(r, margins))
                      for r in rows] if rows else []
    res["stated"] = [E.stated(r) for r in rows] if rows else []
    res["biosimilar"] = [
        ds.short_name(b) + (f" (same molecule as {ds.short_name(f)})" if link else "")
        for b, f, link in zip(res["biosimilar_id"], res["shown_for"], res["link"],
                              strict=True)] if len(res) else []
    res["reference"] = res["reference_id"].map(ds.short_name) if len(res) else []
    return res.reset_index(drop=True)


def forest_rows(ds: Dataset, products: list[str]) -> pd.DataFrame:
    """One row per result and margin, in the order of ``products`` and the studies.

    A result judged against two regulators' margins gives two rows (``regulator``
    names whose); a regulator's margin that no result matches, a study with no results
    and a study waived or not performed each give one row too, so nothing silently
    drops out. ``verdict`` is that row's verdict, ``kind`` one of ``equivalence.KINDS``.
    """
    return ds.derived(("forest_rows", tuple(products)),
                      lambda: _forest_rows(ds, list(products)))


def _forest_rows(ds: Dataset, products: list[str]) -> pd.DataFrame:
    res = study_results(ds, products)
    margins = ds["study_margins"]
    out: list[dict] = []
    used: set[int] = set()
    for _i, row in res.iterrows():
        found: list[dict | None] = list(E.margins_for(row, margins)) or [None]
        for m in found:
            out.append(_judged(row, m))
        used.update(int(j) for j, m in margins.iterrows()
                    if m["study_id"] == row["study_id"] and E.applies(m, row))
    studies = studies_for(ds, products)
    by_id = {s["study_id"]: s for _i, s in studies.iterrows()}
    for j, m in margins.iterrows():
        if int(j) not in used and m["study_id"] in by_id:
            out.append(_margin_only(by_id[m["study_id"]], m))
    with_rows = {r["study_id"] for r in out}
    for sid, s in by_id.items():
        if sid not in with_rows:
            out.append(_bare(s))
    return _ordered(pd.DataFrame(out), products, list(studies["study_id"]))


def _judged(row: pd.Series, margin: dict | None) -> dict:
    rec = row.to_dict()
    rec["regulator"] = margin["regulator"] if margin else ""
    rec["margin_level"] = margin["margin_level"] if margin else pd.NA
    if margin is not None:
        rec["margin_low"], rec["margin_high"] = margin["margin_low"], margin["margin_high"]
    rec["verdict"] = E.verdict_of(row, margin)
    rec["kind"] = E.kind_of(rec["verdict"])
    return rec


def _margin_only(study: pd.Series, m: pd.Series) -> dict:
    rec = {**study.to_dict(), "endpoint": m["endpoint"], "timepoint": m["timepoint"],
           "analysis_set": m["analysis_set"], "margin_low": m["margin_low"],
           "margin_high": m["margin_high"], "regulator": m["regulator"],
           "margin_level": m["ci_level"], "source_id_study": study["source_id"],
           "source_id": m["source_id"], "stated": "", "verdict": E.NOT_COMPUTABLE,
           "kind": E.NOT_COMPUTABLE}
    return rec


def _bare(study: pd.Series) -> dict:
    status = _text(study.get("status"))
    kind = {"waived": E.WAIVED, "not performed": E.NOT_PERFORMED}.get(status,
                                                                       E.NOT_COMPUTABLE)
    return {**study.to_dict(), "endpoint": pd.NA, "source_id_study": study["source_id"],
            "regulator": "", "stated": "", "verdict": kind, "kind": kind}


def _ordered(frame: pd.DataFrame, products: list[str], study_order: list[str]) -> pd.DataFrame:
    if frame.empty:
        return frame
    order = {pid: i for i, pid in enumerate(products)}
    frame["_order"] = frame["shown_for"].map(order)
    frame["_study"] = frame["study_id"].map({s: i for i, s in enumerate(study_order)})
    # Two keys: pandas sorts them with a lexsort, which is stable (``kind`` would be
    # ignored), so rows of one product and study keep their order.
    frame = frame.sort_values(["_order", "_study"])
    return frame.drop(columns=["_order", "_study"]).reset_index(drop=True)
