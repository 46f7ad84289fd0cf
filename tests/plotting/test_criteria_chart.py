"""The weighted-criteria chart shows what the ranking says: bars in rank order, each
criterion's segment its share, and every gap named on its product's row."""

from __future__ import annotations

import pytest
from matplotlib.figure import Figure

from denocompare.core import criteria as K
from denocompare.plotting.criteria import draw_weighted_scores

SCORES = {"a": {"p": 1.0, "q": 0.0, "r": None}, "b": {"p": 0.0, "q": 1.0, "r": 1.0},
          "c": {"p": None, "q": 1.0, "r": 1.0}}
LABELS = {"a": "Price", "b": "Supply", "c": "Latex"}
NAMES = {"p": "Pa", "q": "Qu", "r": "Ro"}


def _draw(policies=None):
    ranked = K.rank(SCORES, {"a": 20, "b": 10, "c": 10}, policies)
    fig = Figure(figsize=(10, 5.6), layout="constrained")
    draw_weighted_scores(fig, ranked, NAMES, LABELS)
    fig.canvas.draw()
    return fig, ranked


def _bars(fig, key):
    ax = fig.axes[0]
    return [p for p in ax.patches if p.get_gid() == f"criterion-{key}"]


def test_bars_are_in_rank_order_best_at_the_top_and_their_segments_add_up():
    fig, ranked = _draw()
    totals = {r.product: 100 * r.total for r in ranked}
    rows = list(reversed(ranked))  # y = 0 is the bottom row
    for y, r in enumerate(rows):
        ends = [b.get_x() + b.get_width() for key in LABELS for b in _bars(fig, key)
                if abs(b.get_y() + b.get_height() / 2 - y) < 1e-9]
        assert max(ends) == pytest.approx(totals[r.product])
    labels = [t.get_text() for t in fig.axes[0].texts if (t.get_gid() or "").startswith("row")]
    assert labels[-1].startswith(NAMES[ranked[0].product])


def test_a_segment_is_the_criterion_weighted_share():
    fig, ranked = _draw()
    q = next(r for r in ranked if r.product == "q")
    y = list(reversed(ranked)).index(q)
    supply = next(b for b in _bars(fig, "b") if abs(b.get_y() + b.get_height() / 2 - y) < 1e-9)
    assert supply.get_width() == pytest.approx(100 * 10 / 40)


def test_each_gap_is_named_on_its_row_as_scored_worst_or_left_out():
    fig, _ = _draw({"c": K.LEAVE_OUT})
    labels = [t.get_text() for t in fig.axes[0].texts if (t.get_gid() or "").startswith("row")]
    assert any(t.startswith("Ro\n") and "gap scored worst: Price" in t for t in labels)
    assert any(t.startswith("Pa\n") and "left out: Latex" in t for t in labels)
    assert any(t == "Qu" for t in labels)


def test_nothing_to_rank_says_so_in_the_body():
    fig = Figure(figsize=(10, 5.6), layout="constrained")
    draw_weighted_scores(fig, [], NAMES, LABELS)
    texts = [t.get_text() for ax in fig.axes for t in ax.texts]
    assert "Nothing to rank" in texts


def test_the_decision_tabs_chart_ranks_the_views_own_settings(bundled):
    from denocompare.core.view import View
    from denocompare.plotting import CRITERIA_CHART, build_chart

    settings = K.Settings(weights=(("interchangeability", 50.0), ("latex", 0.0),
                                   ("evidence", 10.0)))
    view = View("prolia", ("kefdensis", "jubbonti", "stoboclo"), criteria=settings)
    fig = build_chart(CRITERIA_CHART, bundled, view)
    values = settings.scores(K.automatic_scores(bundled, view), list(view.comparators))
    ranked = K.rank(values, dict(settings.weights))
    ax = next(a for a in fig.axes if a.patches)
    rows = [t.get_text() for t in ax.texts if (t.get_gid() or "").startswith("row")]
    assert [r.split("\n")[0] for r in reversed(rows)] == \
        [bundled.short_name(r.product) for r in ranked]
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["US interchangeability", "Equivalence evidence"]  # weight 0: none
    # What the canvas compares to skip a redraw: the criteria are part of the picture.
    assert CRITERIA_CHART.drawn_from(view) != \
        CRITERIA_CHART.drawn_from(view.replace(criteria=None))


def test_the_tabs_chart_names_the_sources_of_its_shown_scores_and_the_dataset(bundled):
    # A slide made from it must be traceable, as every other chart's: the footer names
    # the sources the weighted automatic scores rest on (not those of a criterion of
    # weight 0) and the dataset.
    from denocompare.core.view import View
    from denocompare.plotting import CRITERIA_CHART, build_chart

    only_us = K.Settings(weights=(("us_status", 10.0),))
    view = View("prolia", ("kefdensis", "jubbonti"), criteria=only_us)
    footer = build_chart(CRITERIA_CHART, bundled, view)._supxlabel.get_text()
    assert "S132" in footer and "S37" in footer  # Kefdensis' no licence, Jubbonti's BLA
    assert "SEED-KEF" not in footer  # its EU authorisation: EU status weighs nothing
    assert bundled.title() in footer.replace("\n", " ")
