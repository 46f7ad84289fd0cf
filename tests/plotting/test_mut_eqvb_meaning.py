"""What the forest plot means where its survivors showed the tests did not look.

Each test states a rule a reader relies on: where the source's words sit beside a
verdict, what a row with nothing says and where, how a one-sided CI's limit reads,
and what the subtitle advises when results are cut (issue 22, helper eqvB).
"""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure

from denocompare.core.view import View
from denocompare.plotting import build_chart
from denocompare.plotting import equivalence as E
from denocompare.plotting.arms import CARDS_ADVICE
from tests.plotting.helpers import ALL_MINI, drawn, flat, texts, with_results, with_table

OBODENCE = View("prolia", ("obodence",))


_results = with_results


def _gid(ax, gid: str):
    found = [a for a in ax.findobj() if a.get_gid() == gid]
    assert len(found) <= 1, gid
    return found[0] if found else None


def _extent(fig: Figure, artist):
    return artist.get_window_extent(fig.canvas.get_renderer())


def _centre_line(ax, centre: float):
    (line,) = [line for line in ax.get_lines() if list(line.get_xdata()) == [centre] * 2]
    return line


# --- the source's words beside the verdict -------------------------------------------
def test_the_sources_words_sit_right_of_the_plot_under_their_verdict(mini):
    ds = _results(mini, {3: {"stated_conclusion": "equivalent"}})
    fig = drawn(build_chart("forest", ds, ALL_MINI))
    ax = fig.axes[0]
    verdict, said = _gid(ax, "verdict-3"), _gid(ax, "stated-3")
    plot, v, s = ax.get_window_extent(), _extent(fig, verdict), _extent(fig, said)
    # Outside the plot, never over the intervals: right of its right edge.
    assert s.x0 >= plot.x1
    # Under the verdict, starting where it starts (a few pixels at most).
    assert abs(s.x0 - v.x0) < 3
    assert s.y1 <= v.y0 + 3
    # In the verdict's own row: between the middles of the rows above and below.
    row_top, row_bottom = (ax.transData.transform((0, y))[1] for y in (2.5, 3.5))
    assert row_bottom < (s.y0 + s.y1) / 2 < row_top


def test_one_line_rows_put_the_sources_words_right_of_the_plot_in_the_row(mini):
    res = mini["study_results"].assign(stated_conclusion="equivalent")
    ds = with_table(mini, "study_results", pd.concat([res] * 4, ignore_index=True))
    fig = drawn(build_chart("forest", ds, ALL_MINI))
    ax = fig.axes[0]
    assert E._forest_layout(fig, 16)[1] == 1
    verdict, said = _gid(ax, "verdict-5"), _gid(ax, "stated-5")
    plot, v, s = ax.get_window_extent(), _extent(fig, verdict), _extent(fig, said)
    assert s.x0 >= v.x0 > plot.x1
    middle = ax.transData.transform((0, 5))[1]
    assert abs((s.y0 + s.y1) / 2 - middle) < 3 and abs((v.y0 + v.y1) / 2 - middle) < 3


# --- a row with nothing drawn ----------------------------------------------------------
def _two_line_figure() -> Figure:
    """A figure whose four rows get two label lines each (not three, not one)."""
    for height in (3.6, 3.8, 4.0, 4.2, 4.4, 4.6):
        fig = Figure(figsize=(13.33, height))
        if E._forest_layout(fig, 4)[1] == 2:
            return fig
    raise AssertionError("no height gives two lines")


def test_rows_of_two_lines_say_in_full_what_is_missing(mini):
    fig = build_chart("forest", mini, ALL_MINI, fig=_two_line_figure())
    ax = fig.axes[0]
    notes = [t for t in ax.texts if t.get_position() == (0.0, 0) and not t.get_gid()]
    assert [t.get_text() for t in notes] == ["no difference, CI or margin reported"]


def test_a_row_with_nothing_says_so_centred_on_the_line_and_legibly_over_it(mini):
    fig = drawn(build_chart("forest", mini, ALL_MINI))
    ax = fig.axes[0]
    (note,) = [t for t in ax.texts if t.get_position() == (0.0, 0) and not t.get_gid()]
    line = _centre_line(ax, 0.0)
    # Centred on the line of no difference: on neither side, so it reads as no result.
    box = _extent(fig, note)
    at = ax.transData.transform((0.0, 0))[0]
    assert abs((box.x0 + box.x1) / 2 - at) < 2
    # An opaque white box over the line, so the line does not strike the words through.
    patch = note.get_bbox_patch()
    assert patch is not None and patch.get_facecolor()[:3] == (1.0, 1.0, 1.0)
    assert patch.get_facecolor()[3] == 1.0
    assert note.get_zorder() > line.get_zorder()


# --- a one-sided CI ----------------------------------------------------------------------
def test_a_one_sided_ci_is_an_arrow_with_no_words_and_its_limit_over_the_centre_line(mini):
    # A lower limit exactly at 0: its mark must still show over the line at 0.
    ds = _results(mini, {3: {"ci_sides": "one-sided, lower", "ci_low": 0.0}})
    fig = build_chart("forest", ds, OBODENCE)
    ax = fig.axes[0]
    cap, arrow = _gid(ax, "ci-0"), _gid(ax, "ci-open-0")
    assert arrow.get_text() == ""
    assert not [t for t in texts(fig) if "XX" in t]
    assert cap.get_zorder() > _centre_line(ax, 0.0).get_zorder()


def test_a_cis_limits_are_marked_visibly(mini):
    # The caps show where the CI ends, the end compared with the margin: not a speck
    # (at least half the estimate's height; their exact size is layout).
    two = build_chart("forest", mini, OBODENCE)
    one = build_chart("forest", _results(mini, {3: {"ci_sides": "one-sided, upper"}}),
                      OBODENCE)
    for fig in (two, one):
        ax = fig.axes[0]
        cap, point = _gid(ax, "ci-0"), _gid(ax, "estimate-0")
        assert cap.get_marker() == "|"
        assert cap.get_markersize() >= point.get_markersize() / 2


# --- cut rows -------------------------------------------------------------------------
def test_the_cut_note_says_how_to_see_the_results_left_out(mini):
    res = pd.concat([mini["study_results"]] * 4, ignore_index=True)
    fig = Figure(figsize=(10, 4))
    build_chart("forest", with_table(mini, "study_results", res), ALL_MINI, fig=fig)
    every = " ".join(flat(t) for t in texts(fig))
    assert "of 16 results" in every
    assert flat(CARDS_ADVICE) in every
    assert "None" not in every
