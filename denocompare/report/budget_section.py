"""The committee report's budget section, when the comparison has budget inputs.

The inputs, the results by year and over the horizon, the break-even prices, the
one-way sensitivity (table and tornado), and where the doses per year came from. The
tables are the ones the window and ``denocompare budget`` write (``core.budget_tables``),
the charts the same builders; illustrative prices say so in each.
"""

from __future__ import annotations

from io import BytesIO

import pandas as pd
from matplotlib.figure import Figure

from denocompare.core.budget import compute
from denocompare.core.budget_checks import check
from denocompare.core.budget_tables import ILLUSTRATIVE, result_tables
from denocompare.core.dataset import Dataset
from denocompare.core.view import View
from denocompare.plotting.budget import BUDGET_CHARTS
from denocompare.plotting.render import save_figure

TITLES = {"budget-inputs": "Inputs", "budget-by-year": "Results by year and over the horizon",
          "budget-break-even": "Break-even cost per dose",
          "budget-sensitivity": "One-way sensitivity of the cumulative difference"}


def budget_section(ds: Dataset, view: View, chart_size: tuple[float, float] = (8.2, 5.0)
                   ) -> list[str]:
    """The section's HTML parts; none when the view has no budget, or one that breaks
    a rule (the window says why on its Budget tab)."""
    from denocompare.report.build import data_uri, esc

    inputs = view.budget
    if inputs is None or check(inputs, view.products):
        return []
    result = compute(inputs)
    tables = result_tables(result, ds.short_name)
    mark = (f" <b>({esc(ILLUSTRATIVE.upper())}: not real prices)</b>"
            if inputs.illustrative else "")
    out = ["<h2 class='pb'>Budget impact</h2>",
           f"<p>The committee's own prices ({esc(inputs.currency)}) and uptake{mark}; "
           "DenoCompare ships no prices. Each number can be worked out by hand: cost per "
           "dose × doses per patient per year × patients, for each product and year; plus "
           "the one-off cost of each patient switched. Doses per patient per year: "
           f"{inputs.doses_per_year:g}, {esc(inputs.doses_source)}.</p>"]
    for stem, table in tables.items():
        out += [f"<h3>{esc(TITLES[stem])}</h3>", table_html(table)]
    for chart in BUDGET_CHARTS.values():
        buf = BytesIO()
        fig = chart.draw(Figure(figsize=chart_size, layout="constrained"), result,
                         ds.short_name, ds)
        save_figure(fig, buf, "png", 200)
        out.append(f"<div class='charts'><p class='chart'><img class='chart' "
                   f"src='{data_uri(buf.getvalue())}' alt='{esc(chart.title)}' width='470'>"
                   f"<br><span class='note'>{esc(chart.title)}</span></p></div>")
    return out


def table_html(frame: pd.DataFrame) -> str:
    """A table as HTML, as the report shows it (the Budget tab shows the same)."""
    from denocompare.report.build import esc

    head = "".join(f"<th>{esc(c)}</th>" for c in frame.columns)
    body = "".join("<tr>" + "".join(f"<td>{esc(_cell(v))}</td>" for v in row) + "</tr>"
                   for row in frame.itertuples(index=False, name=None))
    return (f"<table border='1' cellspacing='0' cellpadding='3' width='100%'><thead><tr>"
            f"{head}</tr></thead><tbody>{body}</tbody></table>")


def _cell(value: object) -> str:
    if isinstance(value, float):
        return "—" if pd.isna(value) else f"{value:,.2f}"
    return str(value)
