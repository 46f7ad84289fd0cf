"""Charts of many rows draw as many as fit and say so; nothing goes unmentioned.

A dataset of the benchmark's scale (30 products, thousands of reactions, 200 studies)
made every chart unreadable and held the window for up to 27 s (the trial-incidence
chart of a whole family); now each chart draws a legible number of rows and its
subtitle says how many are left out and where to find them.
"""

from __future__ import annotations

import pandas as pd
import pytest
from matplotlib.figure import Figure

from benchmarks.scale import generate
from denocompare.core.view import View
from denocompare.io.validate import load_dataset
from denocompare.plotting import CHARTS, build_chart
from denocompare.plotting import adverse as A
from denocompare.plotting import arms as Arms
from denocompare.plotting import equivalence as E
from denocompare.plotting import style as St
from tests.plotting.helpers import (
    ALL_MINI,
    by_gid,
    drawn,
    flat,
    legend_texts,
    row_labels,
    with_table,
)
from tests.plotting.helpers import texts as all_texts


@pytest.fixture(scope="module")
def large(tmp_path_factory):
    """30 products, 3,000 reaction rows (400 reactions), 200 studies; synthetic."""
    ds = load_dataset(generate(tmp_path_factory.mktemp("caps") / "dataset", 3_000))
    return ds, View("ref", tuple(ds.family("ref")))


#: Rows a slide-sized chart draws (27: as many as fit at 6 pt).
LIMIT = St.row_limit(Figure(figsize=St.FIGSIZE))


def subtitle(fig) -> str:
    return flat(" ".join(t for t in all_texts(fig) if "showing the first" in flat(t)))


def test_bands_draw_the_most_frequent_reactions_and_say_how_many_are_left(large):
    ds, family = large
    reactions = A.band_rows(ds, family)["reaction"].drop_duplicates()
    assert len(reactions) > St.MAX_ROWS
    fig = drawn(build_chart("adverse_bands", ds, family))
    labels = [flat(t).split(" (")[0] for t in row_labels(fig)]
    assert labels == [St.fit(r, 44) for r in reactions[:LIMIT]]
    assert f"showing the first {LIMIT} of {len(reactions):,} reactions" in subtitle(fig)
    assert "the table lists every row" in subtitle(fig)
    drawn_y = {y for line in by_gid(fig, "band-markers-") for y in line.get_ydata()}
    assert drawn_y <= set(range(LIMIT))


def test_incidence_draws_the_first_rows_and_says_how_many_are_left(large):
    ds, family = large
    rows = A.incidence_rows(ds, family)
    assert len(rows) > St.MAX_ROWS
    fig = drawn(build_chart("adverse_incidence", ds, family))
    assert len(row_labels(fig)) == LIMIT
    assert f"showing the first {LIMIT} of {len(rows):,} rows" in subtitle(fig)


def test_forest_draws_the_first_results_and_says_how_many_are_left(large):
    ds, family = large
    rows = E.forest_rows(ds, family)
    assert len(rows) > St.MAX_ROWS
    fig = drawn(build_chart("forest", ds, family))
    assert len(row_labels(fig)) == len(by_gid(fig, "verdict-")) == LIMIT
    assert f"showing the first {LIMIT} of {len(rows):,} results" in subtitle(fig)
    assert "the study cards list every result" in subtitle(fig)


def test_arms_draw_the_first_groups_and_say_how_many_are_left(mini):
    res = pd.concat([mini["study_results"]] * 20, ignore_index=True)
    ds = with_table(mini, "study_results", res)
    rows, _missing = Arms.arm_results(ds, ALL_MINI)
    assert len(rows) > St.MAX_GROUPS
    fig = drawn(build_chart("study_arms", ds, ALL_MINI))
    assert len(fig.axes[0].get_xticks()) == St.MAX_GROUPS
    assert f"showing the first {St.MAX_GROUPS} of {len(rows):,} results" in subtitle(fig)


@pytest.mark.parametrize("key", list(CHARTS))
def test_charts_of_the_bundled_data_leave_nothing_out(key):
    from denocompare.resources import bundled_data_dir

    ds = load_dataset(bundled_data_dir())
    for ref in ("prolia", "xgeva"):
        fig = drawn(build_chart(key, ds, View(ref, tuple(ds.family(ref)))))
        assert not subtitle(fig)


def test_a_long_legend_counts_the_entries_it_leaves_out(large):
    ds, family = large
    fig = drawn(build_chart("adverse_bands", ds, family))
    entries = legend_texts(fig)
    assert len(entries) == 6 * St.MAX_LEGEND_ROWS
    assert entries[-1] == f"\u2026 and {len(family.products) - len(entries) + 1} more"


def test_a_long_title_wraps_inside_the_figure(large):
    ds, family = large
    fig = drawn(build_chart("adverse_incidence", ds, family))
    title = fig.get_suptitle()
    assert "\n" in title.strip()
    renderer = fig.canvas.get_renderer()
    assert fig._suptitle.get_window_extent(renderer).x1 <= fig.bbox.x1


def test_a_taller_figure_draws_more_rows_up_to_the_most(large):
    ds, family = large
    for height, rows in ((4.0, 12), (St.FIGSIZE[1], LIMIT), (7.0, St.MAX_ROWS),
                         (12.0, St.MAX_ROWS)):
        fig = Figure(figsize=(St.FIGSIZE[0], height), layout="constrained")
        drawn(build_chart("forest", ds, family, fig=fig))
        assert len(row_labels(fig)) == rows, height
    assert 12 < LIMIT < St.MAX_ROWS
