"""The budget charts: annual cost by scenario, and the one-way sensitivity (tornado).

Builders like the others, ``draw_x(fig, result, name, ds) -> Figure``, but they draw a
``BudgetResult``, not a ``View`` of the dataset: they are kept out of ``CHARTS``, which
"Export all charts", ``denocompare export`` and the report draw for every comparison,
with or without budget inputs. ``BUDGET_CHARTS`` lists them for the Budget tab,
``denocompare budget`` and the report's budget section. ``result=None`` (no inputs, or
inputs with problems) draws a message, never an empty or made-up chart.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from denocompare.core.budget import BudgetResult
from denocompare.core.budget_tables import ILLUSTRATIVE, sensitivity_label
from denocompare.core.dataset import Dataset
from denocompare.plotting.style import (
    FONT,
    GRID,
    INK,
    MUTED,
    add_legend,
    fit,
    label_rows,
    product_styles,
    row_font,
    set_titles,
    show_message,
    style_axes,
    wrap,
    wrap_to_fit,
)

Name = Callable[[str], str]
NO_INPUTS = "No budget inputs"
NO_INPUTS_DETAIL = ("Enter prices, patients and uptake on the Budget tab, or read an inputs "
                    "sheet (denocompare budget --inputs FILE)")


def money(value: float) -> str:
    """12,345 (no decimals: a budget chart's bars are thousands)."""
    text = f"{value:,.0f}"
    return "0" if text == "-0" else text.replace("-", "\u2212")


def _subtitle(result: BudgetResult, extra: str) -> str:
    mark = f"{ILLUSTRATIVE.upper()} · " if result.inputs.illustrative else ""
    return f"{mark}{extra}"


def _footer(fig: Figure, result: BudgetResult, ds: Dataset | None) -> None:
    inputs = result.inputs
    prices = ILLUSTRATIVE if inputs.illustrative else "entered by the committee"
    data = f" · Data: {ds.title()}" if ds is not None else ""
    text = (f"Prices: {prices} ({inputs.currency}; none are bundled) · doses per patient per "
            f"year: {inputs.doses_per_year:g}, {inputs.doses_source}{data}")
    fig.supxlabel(wrap_to_fit(fig, FONT["footer"], lambda w: wrap(text, w)), x=0.01, ha="left",
                  fontsize=FONT["footer"], color=MUTED, linespacing=1.3)


def draw_budget_annual(fig: Figure, result: BudgetResult | None, name: Name = str,
                       ds: Dataset | None = None) -> Figure:
    """Each year's cost: everyone on the reference beside the scenario, by product.

    The scenario's bar is stacked by product (the reference's colour first, then each
    biosimilar's, as in the other charts); a one-off switching cost is its own part.
    """
    if result is None:
        show_message(fig, NO_INPUTS, NO_INPUTS_DETAIL)
        return fig
    inputs, years = result.inputs, result.years
    styles = product_styles(inputs.products)
    ax = fig.add_subplot()
    style_axes(ax, "y")
    x = np.arange(len(years))
    width = 0.38
    ref = styles[inputs.reference]
    ax.bar(x - width / 2, years["status_quo"], width, color=ref.color, edgecolor=INK,
           linewidth=0.6, gid="bar-status-quo")
    handles = [Patch(facecolor=ref.color, edgecolor=INK,
                     label=f"Status quo: all on {name(inputs.reference)}"),
               *_scenario_bars(ax, result, x + width / 2, width, name)]
    for xi, total, diff in zip(x, years["scenario"], years["difference"], strict=True):
        ax.annotate(f"{'+' if diff > 0 else ''}{money(diff)}", (xi + width / 2, total),
                    xytext=(0, 3), textcoords="offset points", ha="center", va="bottom",
                    fontsize=FONT["annotation"], color=INK)
    ax.set_xticks(x, [f"Year {y}" for y in years["year"]])
    ax.set_ylabel(f"Cost ({inputs.currency})", fontsize=FONT["label"], color=INK)
    ax.yaxis.set_major_formatter(lambda v, _pos: money(v))
    ax.margins(y=0.12)
    add_legend(ax, handles, ncols=3)
    t = result.totals
    set_titles(fig, "Budget impact: annual cost, status quo vs scenario", _subtitle(
        result, f"Over {inputs.horizon} year{'s' if inputs.horizon != 1 else ''}: status quo "
        f"{money(t['status_quo'])}, scenario {money(t['scenario'])}, difference "
        f"{money(t['difference'])} {inputs.currency} (above each bar: the year's difference)"))
    _footer(fig, result, ds)
    return fig


def draw_budget_tornado(fig: Figure, result: BudgetResult | None, name: Name = str,
                        ds: Dataset | None = None) -> Figure:
    """The cumulative difference with each input at -/+ the range, widest at the top."""
    if result is None:
        show_message(fig, NO_INPUTS, NO_INPUTS_DETAIL)
        return fig
    s = result.sensitivity
    inputs = result.inputs
    pct = f"{inputs.sensitivity_pct:g} %"
    base = float(result.totals["difference"])
    ax = fig.add_subplot()
    style_axes(ax, "x")
    if s.empty:
        ax.set_axis_off()
        ax.text(0.5, 0.5, "Every input is 0: nothing to vary", ha="center",
                transform=ax.transAxes, fontsize=FONT["label"], color=INK)
    labels = [fit(sensitivity_label(r, name), 34) for r in s.to_dict("records")]
    y = np.arange(len(s))[::-1]
    low_style, high_style = product_styles(["low", "high"]).values()
    for yi, lo, hi in zip(y, s["difference_low"], s["difference_high"], strict=True):
        ax.barh(yi, lo - base, left=base, height=0.6, color=low_style.color, edgecolor=INK,
                linewidth=0.6, gid=f"low-{yi}")
        ax.barh(yi, hi - base, left=base, height=0.6, color=high_style.color,
                hatch=high_style.hatch, edgecolor=INK, linewidth=0.6, gid=f"high-{yi}")
    ax.axvline(base, color=INK, linewidth=1.0)
    if len(s):
        label_rows(ax, labels[::-1], row_font(fig, len(s)))
        ax.set_ylim(-0.6, len(s) - 0.4)
    ax.xaxis.set_major_formatter(lambda v, _pos: money(v))
    ax.set_xlabel(f"Cumulative difference, scenario − status quo ({inputs.currency}); "
                  f"base {money(base)}", fontsize=FONT["label"], color=INK)
    ax.grid(axis="x", color=GRID, linewidth=0.8)
    add_legend(ax, [Patch(facecolor=low_style.color, edgecolor=INK, label=f"input −{pct}"),
                    Patch(facecolor=high_style.color, hatch=high_style.hatch, edgecolor=INK,
                          label=f"input +{pct}")], ncols=2)
    set_titles(fig, "Budget impact: one-way sensitivity", _subtitle(
        result, f"Each input alone at −/+{pct}, over {inputs.horizon} year"
        f"{'s' if inputs.horizon != 1 else ''}; below 0 is a saving"))
    _footer(fig, result, ds)
    return fig


def _scenario_bars(ax, result: BudgetResult, x: np.ndarray, width: float,
                   name: Name) -> list[Patch]:
    """The scenario's bars, stacked by product then the switching cost; their legend."""
    inputs, years = result.inputs, result.years
    styles = product_styles(inputs.products)
    bottom = np.zeros(len(years))
    handles = []
    for pid in inputs.products:
        values = result.by_product.loc[pid].to_numpy(dtype=float)
        style = styles[pid]
        ax.bar(x, values, width, bottom=bottom, color=style.color,
               hatch=style.hatch or "...", edgecolor=INK, linewidth=0.6, gid=f"bar-{pid}")
        bottom += values
        handles.append(Patch(facecolor=style.color, hatch=style.hatch or "...", edgecolor=INK,
                             label=f"Scenario: {name(pid)}"))
    switching = years["scenario"].to_numpy(dtype=float) - bottom
    if inputs.switching_cost and switching.any():
        ax.bar(x, switching, width, bottom=bottom, color="white", edgecolor=INK,
               hatch="---", linewidth=0.6, gid="bar-switching")
        handles.append(Patch(facecolor="white", hatch="---", edgecolor=INK,
                             label="Scenario: one-off switching cost"))
    return handles


@dataclass(frozen=True)
class BudgetChart:
    key: str
    title: str
    draw: Callable[..., Figure]
    filename: str


#: The budget charts, in the order the tab, the command line and the report show them.
BUDGET_CHARTS: dict[str, BudgetChart] = {c.key: c for c in (
    BudgetChart("budget_annual", "Budget impact: annual cost by scenario", draw_budget_annual,
                "budget-annual-cost"),
    BudgetChart("budget_tornado", "Budget impact: one-way sensitivity", draw_budget_tornado,
                "budget-sensitivity-tornado"),
)}
