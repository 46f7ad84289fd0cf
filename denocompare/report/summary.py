"""The report's one-page summary: what a committee needs before the detail.

What is compared; carve-outs; interchangeability; presentation differences; each
study's verdict (taken from ``core.compare``, never recomputed here); what the sources
do not report. Long lists are cut to ``MAX_ITEMS`` with a count of the rest, so the
summary stays one page for a whole family; the sections after it hold everything.
"""

from __future__ import annotations

import html

from denocompare.core import compare as C
from denocompare.core import schema as S
from denocompare.core.dataset import Dataset
from denocompare.core.text import cell_text
from denocompare.core.view import View
from denocompare.report.decision_section import summary_items
from denocompare.report.tables import ReportTables

#: Items listed per point before "and N more".
MAX_ITEMS = 6
#: Attribute rows that describe how the product is presented and given.
PRESENTATION = ("Strength", "Volume", *(S.ATTRIBUTES[a][0] for a in (
    "presentation", "route", "administered_by", "excipients", "latex", "storage",
    "room_temperature_allowance") if a in S.ATTRIBUTES))
INTERCHANGEABLE = S.ATTRIBUTES["us_interchangeability"][0]


def _esc(value: object) -> str:
    return html.escape(str(value), quote=True)


def _listed(items: list[str], none: str) -> str:
    if not items:
        return f"<i>{_esc(none)}</i>"
    more = len(items) - MAX_ITEMS
    shown = "; ".join(_esc(i) for i in items[:MAX_ITEMS])
    return shown + (f"; and {more} more (see the sections below)" if more > 0 else "")


def _compared(ds: Dataset, view: View, filters: str) -> str:
    ref = ds.display_name(view.reference)
    comps = [ds.display_name(c) for c in view.comparators]
    return (f"Reference {_esc(ref)}; {len(comps)} compared: {_listed(comps, 'none')}. "
            f"Regions: {_esc(', '.join(view.regions))}."
            + (f" Adverse reactions shown: {_esc(filters)}." if filters else ""))


def _carve_outs(ds: Dataset, view: View, tables: ReportTables | None = None) -> list[str]:
    tables = tables or ReportTables(ds, view)
    out = []
    for region in view.regions:
        m = tables.indications(region)
        for c, name in enumerate(m.values.columns):
            rows = [str(m.values.index[r]) for r in range(len(m.values.index))
                    if m.states.iat[r, c] == C.CARVE_OUT]
            if rows:
                out.append(f"{name} ({region}): " + ", ".join(rows))
    return out


def _row(table: C.CellTable, label: str) -> int | None:
    where = [i for i, x in enumerate(table.values.index) if x == label]
    return where[0] if where else None


def _interchangeable(table: C.CellTable) -> list[str]:
    r = _row(table, INTERCHANGEABLE)
    if r is None:
        return []
    return [f"{name}: {table.values.iat[r, c]}" for c, name in enumerate(table.values.columns)
            if table.states.iat[r, c] not in (C.MISSING, C.REFERENCE)
            and table.values.iat[r, c]]


def _presentation(table: C.CellTable) -> list[str]:
    out = []
    for label in PRESENTATION:
        r = _row(table, label)
        if r is None:
            continue
        names = [str(n) for c, n in enumerate(table.values.columns)
                 if table.states.iat[r, c] in (C.DIFFERS, C.CONFLICT)]
        if names:
            out.append(f"{label} differs from the reference's: " + ", ".join(names))
    return out


def _verdicts(ds: Dataset, view: View) -> list[str]:
    res = C.study_results(ds, view.products)
    out = []
    for r in res.to_dict("records"):
        where = ", ".join(cell_text(r[k]) for k in ("endpoint", "timepoint")
                          if cell_text(r[k]))
        out.append(f"{r['name']} ({r['biosimilar']} vs {r['reference']}; {where}): "
                   f"{r['verdict']} [{ds.cite(r['source_id'])}]")
    return out


def summary_html(ds: Dataset, view: View, filters: str = "",
                 tables: ReportTables | None = None) -> str:
    """The summary as an HTML section (one page for any number of comparators);
    ``tables``: the report's, when it has them already."""
    tables = tables or ReportTables(ds, view)
    table = tables.attributes
    verdicts = _verdicts(ds, view)
    gaps = tables.gaps
    items = [
        ("What is compared", _compared(ds, view, filters)),
        ("Carve-outs (indications the reference has and a product lacks)",
         _listed(_carve_outs(ds, view, tables), "none in the sources")),
        ("US interchangeability", _listed(_interchangeable(table),
                                          "not reported in the sources for these products")),
        ("Presentation differences", _listed(_presentation(table),
                                             "none in the sources")),
        ("Comparative studies: verdict per result",
         _listed(verdicts, "no result of a comparative study is reported")
         + ("" if not verdicts else " <span class='note'>(verdicts from the CI and margin "
            "the source gives; else the source's own conclusion, marked as such)</span>")),
        ("What the sources do not report", f"{len(gaps)} facts, listed in section 5"),
        *summary_items(ds, view),  # the budget, the ranking, the decision: where present
    ]
    body = "".join(f"<dt>{_esc(k)}</dt><dd>{v}</dd>" for k, v in items)
    return f"<div class='summary'><h2>Summary</h2><dl>{body}</dl></div>"
