"""More of what the forest plot means: rows with nothing to draw, the axes' reach, the
verdicts' heading, the legend's neutral keys, and what a narrow window keeps.

Each test states one rule a reader of the chart relies on; the edge cases are made by
editing copies of the cited fixture rows (drawing rules, not facts).
"""

from __future__ import annotations

import math

import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import same_color
from matplotlib.figure import Figure

from denocompare.core import equivalence as Q
from denocompare.core.view import View
from denocompare.plotting import build_chart
from denocompare.plotting import style as St
from denocompare.plotting.render import settle_layout
from tests.plotting.helpers import (
    ALL_MINI,
    by_gid,
    flat,
    legend_texts,
    row_labels,
    with_results,
    with_table,
)

KEFDENSIS = View("prolia", ("kefdensis",))
OBODENCE = View("prolia", ("obodence",))
STOBOCLO = View("prolia", ("stoboclo",))


_results = with_results


def _verdicts(ax) -> list:
    return sorted(by_gid(ax, "verdict-"), key=lambda t: int(t.get_gid().rsplit("-", 1)[1]))


# --- a study with no results yet --------------------------------------------------------
def test_a_study_with_no_results_yet_keeps_its_row_with_nothing_in_the_legend(mini):
    """Kefdensis's one study without its result row: the row says so, no key is listed."""
    res = mini["study_results"]
    ds = with_table(mini, "study_results", res[res["study_id"] != "kef-ema"])
    fig = build_chart("forest", ds, KEFDENSIS)
    assert [flat(x) for x in row_labels(fig)] == [
        "Kefdensis vs Prolia (EMA overview) results not reported in source"]
    (verdict,) = _verdicts(fig.axes[0])
    assert flat(verdict.get_text()) == f"? {Q.NOT_COMPUTABLE}"
    assert legend_texts(fig) == []
    assert fig.axes[0].get_xlim() == (-2.0, 2.0)


# --- how far the axis reaches -------------------------------------------------------------
def test_an_axis_with_no_number_still_spans_the_usual_margins(mini):
    """Nothing reported: a difference axis reads -2 to 2, a ratio axis 1/1.5 to 1.5
    (room for the usual margins, +-1.5 points or 0.8 to 1.25), not each other's range."""
    fig = build_chart("forest", mini, KEFDENSIS)
    assert fig.axes[0].get_xlim() == pytest.approx((-2.0, 2.0))
    ratio = build_chart("forest", _results(mini, {0: {"measure": "ratio"}}), KEFDENSIS)
    lo, hi = ratio.axes[0].get_xlim()
    assert ratio.axes[0].get_xscale() == "log"
    assert (lo, hi) == pytest.approx((1 / 1.5, 1.5))


@pytest.mark.parametrize("measure, value, centre", [(pd.NA, 0.0, 0.0), ("ratio", 1.0, 1.0)])
def test_an_estimate_of_exactly_no_difference_gets_an_axis_around_it(mini, measure, value,
                                                                     centre):
    """The one number is the centre itself (0, or a ratio of 1): the axis still spans
    the empty axis's range, with the estimate in the middle."""
    ds = _results(mini, {0: {"measure": measure, "difference": value}})
    fig = build_chart("forest", ds, KEFDENSIS)
    ax = fig.axes[0]
    lo, hi = ax.get_xlim()
    expected = (-2.0, 2.0) if centre == 0 else (1 / 1.5, 1.5)
    assert (lo, hi) == pytest.approx(expected)
    (point,) = by_gid(ax, "estimate-0")
    assert list(point.get_xdata()) == [value]


def test_the_ratio_axis_ends_just_past_its_farthest_limit(mini):
    """A ratio margin of 0.8 to 1.25 fills most of its log axis (15 % past the farthest
    limit, on the log scale): the margin is not shrunk to a sliver in the middle."""
    ds = _results(mini, {1: {"measure": "ratio", "difference": 1.02, "ci_low": 0.95,
                             "ci_high": 1.10, "margin_low": 0.8, "margin_high": 1.25},
                         2: {"measure": "ratio", "difference": 0.98, "ci_low": 0.9,
                             "ci_high": 1.05, "margin_low": 0.8, "margin_high": 1.25}})
    fig = build_chart("forest", ds, STOBOCLO)
    ax = fig.axes[0]
    assert ax.get_xscale() == "log"
    lo, hi = ax.get_xlim()
    assert lo * hi == pytest.approx(1.0)
    assert 1.25 < hi < 1.25 * 1.1
    band = math.log(1.25 / 0.8) / math.log(hi / lo)
    assert band > 0.8  # the margin spans most of the axis


# --- the verdicts' heading ---------------------------------------------------------------
def test_the_verdicts_heading_sits_above_the_top_row_over_the_verdicts(mini):
    fig = build_chart("forest", mini, ALL_MINI, fig=Figure(figsize=St.FIGSIZE, dpi=100,
                                                           layout="constrained"))
    settle_layout(fig, 100)
    ax = fig.axes[0]
    renderer = FigureCanvasAgg(fig).get_renderer()
    (heading,) = [t for t in ax.texts if t.get_text() == "Verdict (CI vs margin)"]
    box, plot = heading.get_window_extent(renderer), ax.get_window_extent(renderer)
    top = _verdicts(ax)[0].get_window_extent(renderer)
    assert box.y0 >= plot.y1 - 4  # over the plot's top edge, not inside a row
    assert box.x0 == pytest.approx(top.x0, abs=1)  # where the verdicts start
    assert box.x0 > plot.x1  # right of the plot, over the verdicts


# --- the legend -------------------------------------------------------------------------
def test_the_legend_keys_are_neutral_not_a_products_colour(mini):
    """The keys explain the marks; in a product's colour they would read as that product."""
    fig = build_chart("forest", mini, ALL_MINI)
    legend = fig.axes[0].get_legend()
    keys = dict(zip([t.get_text() for t in legend.get_texts()], legend.legend_handles,
                    strict=True))
    point, ci = keys["Difference (point estimate)"], keys["Confidence interval"]
    colours = [St.style_for(St.product_styles(ALL_MINI.products), p).color
               for p in ALL_MINI.products]
    for key in (point, ci):
        assert same_color(key.get_color(), St.MUTED)
        assert not any(same_color(key.get_color(), c) for c in colours)
    assert same_color(point.get_markerfacecolor(), St.MUTED)


@pytest.mark.parametrize("missing", ["ci_low", "ci_high"])
def test_a_ci_of_unstated_sides_with_one_limit_has_no_whisker_and_no_key(mini, missing):
    """Sides not stated and one limit missing: nothing is drawn, so nothing is keyed."""
    ds = _results(mini, {3: {"ci_sides": pd.NA, missing: pd.NA}})
    fig = build_chart("forest", ds, OBODENCE)
    ax = fig.axes[0]
    assert not by_gid(ax, "ci-")
    assert legend_texts(fig) == ["Difference (point estimate)"]


# --- a narrow window ----------------------------------------------------------------------
NARROW = (6.0, 4.6)


def test_in_a_narrow_window_the_labels_are_cut_and_the_plot_keeps_its_room(mini):
    """Six inches wide: the row labels give way, the plot keeps about its share of the
    width (it is what the chart is for)."""
    fig = build_chart("forest", mini, ALL_MINI, fig=Figure(figsize=NARROW, dpi=100,
                                                           layout="constrained"))
    settle_layout(fig, 100)
    assert fig.axes[0].get_position().width > 0.3
    assert any("\u2026" in label for label in row_labels(fig))  # cut, and it says so


def test_in_a_narrow_window_the_axis_label_wraps_inside_the_figure(mini):
    fig = build_chart("forest", mini, ALL_MINI, fig=Figure(figsize=(5.0, 4.0), dpi=100,
                                                           layout="constrained"))
    settle_layout(fig, 100)
    label = fig.axes[0].xaxis.label
    box = label.get_window_extent(FigureCanvasAgg(fig).get_renderer())
    assert flat(label.get_text()) == \
        "Difference in % change from baseline (biosimilar \u2212 reference)"
    assert fig.bbox.x0 - 1 <= box.x0 and box.x1 <= fig.bbox.x1 + 1
