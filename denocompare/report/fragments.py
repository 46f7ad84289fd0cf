"""HTML fragments shared by the window and the committee report."""

from __future__ import annotations

import html

import pandas as pd

from denocompare.core import compare as C
from denocompare.core.dataset import NOT_REPORTED, Dataset, _text
from denocompare.core.text import cell_text, is_blank


def _v(value, unit: str = "") -> str:
    if is_blank(value):
        return f"<i>{NOT_REPORTED}</i>"
    return html.escape(cell_text(value, unit))


def study_cards_html(ds: Dataset, products: list[str]) -> str:
    """One card per comparative study of the chosen products, with its results."""
    studies = C.studies_for(ds, products)
    if studies.empty:
        return "<p><i>No comparative study of the chosen products, nor of the same "\
               "molecule under another brand, is reported in the sources.</i></p>"
    # Rows read as dicts, all at once: a Series per row, or a filter per study, cost
    # 2.5 ms each, half a second for 200 studies on every change of selection.
    by_study: dict[object, list[dict]] = {}
    for r in C.study_results(ds, products).to_dict("records"):
        by_study.setdefault(r["study_id"], []).append(r)
    parts = []
    for s in studies.to_dict("records"):
        rows = [("Biosimilar vs reference", f"{html.escape(ds.short_name(s['biosimilar_id']))}"
                 f" vs {html.escape(ds.short_name(s['reference_id']))}"
                 + (f" ({html.escape(_text(s['comparator_sourcing']))})"
                    if _text(s["comparator_sourcing"]) else "")),
                ("Registry", _v(s["registry_ids"])), ("Design", _v(s["design"])),
                ("Population", _v(s["population"])),
                ("Randomised", _v(s["n_randomised"]) + _arms(s)),
                ("Primary endpoint", _v(s["primary_endpoint"]))]
        if s["link"]:
            rows.insert(0, ("Shown for", html.escape(s["link"])))
        if _text(s["outcome_statement"]):
            rows.append(("Reported outcome", f"“{html.escape(_text(s['outcome_statement']))}”"))
        rows.append(("Source", html.escape(ds.cite(s["source_id"]))))
        if _text(s["note"]):
            rows.append(("Note", html.escape(_text(s["note"]))))
        body = "".join(f"<p style='margin:2px 0'><b>{k}:</b> {v}</p>" for k, v in rows)
        parts.append(f"<h3>{html.escape(_text(s['name']))}</h3>{body}"
                     + results_table_html(ds, by_study.get(s["study_id"], [])))
    return "".join(parts)


def _arms(s) -> str:
    b, r = s["n_biosimilar"], s["n_reference"]
    if pd.isna(b) and pd.isna(r):
        return ""
    return f" (biosimilar {_v(b)}, reference {_v(r)})"


def _interval(low, high) -> str:
    if pd.isna(low) and pd.isna(high):
        return f"<i>{NOT_REPORTED}</i>"
    return f"{_v(low)} to {_v(high)}"


def _margins(r: dict) -> str:
    """'equivalence margin -1.5 to 1.5', or each regulator's ('FDA margin -10 to 10 (90 % CI)')."""
    if _text(r.get("margins")):
        return "equivalence " + html.escape(_text(r["margins"]))
    return f"equivalence margin {_interval(r['margin_low'], r['margin_high'])}"


def results_table_html(ds: Dataset, res: list[dict]) -> str:
    """Each result (a row of ``compare.study_results``, as a dict) as one readable
    paragraph: arms, difference, CI, margin, verdict."""
    if not res:
        return f"<p><i>Numeric results: {NOT_REPORTED}.</i></p>"
    items = []
    for r in res:
        level = f"{_v(r['ci_level'])}% " if not pd.isna(r["ci_level"]) else ""
        head = ", ".join(html.escape(_text(r[k])) for k in ("endpoint", "timepoint")
                         if _text(r[k]))
        aset = html.escape(_text(r["analysis_set"])) or "analysis set not stated"
        unit = html.escape(_text(r["unit"]))
        items.append(
            f"<li><b>{head}</b> ({aset}){': ' + unit if unit else ''}<br>"
            f"{html.escape(_text(r['biosimilar']))}: {_v(r['result_biosimilar'])}; "
            f"{html.escape(_text(r['reference']))}: {_v(r['result_reference'])}; "
            f"difference {_v(r['difference'])}; {level}CI {_interval(r['ci_low'], r['ci_high'])}"
            f"; {_margins(r)}.<br>"
            f"Verdict: <b>{html.escape(r['verdict'])}</b> "
            + (f"<span style='color:#555'><i>({html.escape(r['stated'])})</i></span> "
               if _text(r.get("stated")) else "")
            + f"<span style='color:#555'>[{html.escape(ds.cite(r['source_id']))}]</span>"
            + (f"<br><i>Note: {html.escape(_text(r['note']))}</i>" if _text(r["note"]) else "")
            + "</li>")
    return "<ul>" + "".join(items) + "</ul>"
