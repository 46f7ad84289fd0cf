"""HTML fragments shared by the window and the committee report."""

from __future__ import annotations

import html

import pandas as pd

from denocompare.core import compare as C
from denocompare.core.dataset import NOT_REPORTED, Dataset, _text


def _v(value, unit: str = "") -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return f"<i>{NOT_REPORTED}</i>"
    if isinstance(value, float):
        value = f"{value:g}"
    return html.escape(f"{value}{(' ' + unit) if unit else ''}")


def study_cards_html(ds: Dataset, products: list[str]) -> str:
    """One card per comparative study of the chosen products, with its results."""
    studies = ds["studies"]
    studies = studies[studies["biosimilar_id"].isin(products)]
    if studies.empty:
        return "<p><i>No comparative study of the chosen products is reported in the " \
               "sources.</i></p>"
    results = C.study_results(ds, products)
    parts = []
    for _i, s in studies.iterrows():
        rows = [("Biosimilar vs reference", f"{html.escape(ds.short_name(s['biosimilar_id']))}"
                 f" vs {html.escape(ds.short_name(s['reference_id']))}"
                 + (f" ({html.escape(_text(s['comparator_sourcing']))})"
                    if _text(s["comparator_sourcing"]) else "")),
                ("Registry", _v(s["registry_ids"])), ("Design", _v(s["design"])),
                ("Population", _v(s["population"])),
                ("Randomised", _v(s["n_randomised"]) + _arms(s)),
                ("Primary endpoint", _v(s["primary_endpoint"]))]
        if _text(s["outcome_statement"]):
            rows.append(("Reported outcome", f"“{html.escape(_text(s['outcome_statement']))}”"))
        rows.append(("Source", html.escape(ds.cite(s["source_id"]))))
        if _text(s["note"]):
            rows.append(("Note", html.escape(_text(s["note"]))))
        body = "".join(f"<tr><th align='left' valign='top' width='28%'>{k}</th><td>{v}</td>"
                       "</tr>" for k, v in rows)
        res = results[results["study_id"] == s["study_id"]]
        parts.append(f"<h3>{html.escape(_text(s['name']))}</h3><table cellpadding='3' "
                     f"cellspacing='0' border='0' width='100%'>{body}</table>"
                     + results_table_html(ds, res))
    return "".join(parts)


def _arms(s) -> str:
    b, r = s["n_biosimilar"], s["n_reference"]
    if pd.isna(b) and pd.isna(r):
        return ""
    return f" (biosimilar {_v(b)}, reference {_v(r)})"


def results_table_html(ds: Dataset, res: pd.DataFrame) -> str:
    if res.empty:
        return f"<p><i>Numeric results: {NOT_REPORTED}.</i></p>"
    head = ("Endpoint", "Timepoint", "Analysis set", "Biosimilar", "Reference", "Difference",
            "CI", "Margin", "Verdict", "Source")
    rows = []
    for _i, r in res.iterrows():
        ci = (f"{_v(r['ci_level'])}% CI {_v(r['ci_low'])} to {_v(r['ci_high'])}"
              if not pd.isna(r["ci_low"]) else f"<i>{NOT_REPORTED}</i>")
        margin = f"{_v(r['margin_low'])} to {_v(r['margin_high'])}"
        cells = (_v(r["endpoint"]), _v(r["timepoint"]), _v(r["analysis_set"]),
                 _v(r["result_biosimilar"]), _v(r["result_reference"]), _v(r["difference"]),
                 ci, margin, f"<b>{html.escape(r['verdict'])}</b>",
                 html.escape(ds.cite(r["source_id"])))
        rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    header = "".join(f"<th align='left'>{h}</th>" for h in head)
    return (f"<table class='results' cellpadding='3' cellspacing='0' border='1' width='100%'>"
            f"<tr>{header}</tr>{''.join(rows)}</table>")
