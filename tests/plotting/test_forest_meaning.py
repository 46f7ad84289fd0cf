"""What the forest plot means, read from the artists of the built figure (no rendering).

Each test states one drawing rule: the margin band spans the margin's own limits, each
verdict kind has its mark and colour, the source's words are quoted in grey and never
styled as a verdict, a one-sided CI opens towards its open side, a ratio is drawn on a
log axis around 1, and the legend lists what is drawn and nothing else. The edge cases
are made by editing copies of the cited fixture rows: they test drawing rules, not facts.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest
from matplotlib.colors import same_color
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from denocompare.core import equivalence as Q
from denocompare.core.view import View
from denocompare.plotting import build_chart
from denocompare.plotting import equivalence as E
from denocompare.plotting import style as St
from tests.plotting.helpers import (
    ALL_MINI,
    flat,
    legend_texts,
    row_labels,
    texts,
    with_results,
    with_table,
)

STOBOCLO = View("prolia", ("stoboclo",))
OBODENCE = View("prolia", ("obodence",))
MARKS = {"\u2713", "\u2717", "?", "\u2013"}


_results = with_results


def _with_study(ds, study_id: str, like: int, **values):
    """``ds`` with one more study, a copy of ``studies`` row ``like`` with ``values``."""
    studies = ds["studies"]
    extra = studies.iloc[[like]].copy().assign(study_id=study_id, **values)
    return with_table(ds, "studies", pd.concat([studies, extra], ignore_index=True))


def _gid(ax, gid: str):
    found = [a for a in ax.findobj() if a.get_gid() == gid]
    assert len(found) <= 1, gid
    return found[0] if found else None


def _verdicts(ax) -> list:
    return sorted((t for t in ax.texts if (t.get_gid() or "").startswith("verdict-")),
                  key=lambda t: int(t.get_gid().rsplit("-", 1)[1]))


@pytest.fixture
def family(mini):
    """Every verdict kind in one figure, top row first: a ratio within its margin (own
    panel), a crossing CI, a CI with no margin but the source's words, a waived study.

    Built for each test, not once per module: the mutation run maps a function to the
    tests that call it, and a shared fixture's calls count for its first test only."""
    ds = _results(mini, {
        0: {"measure": "ratio", "difference": 1.02, "ci_level": 90, "ci_low": 0.95,
            "ci_high": 1.10, "margin_low": 0.8, "margin_high": 1.25,
            "analysis_set": "per-protocol set"},
        2: {"ci_high": 1.6},
        3: {"stated_conclusion": "equivalent"}})
    ds = _with_study(ds, "sb16w", 2, name="SB16-W", status="waived")
    return ds, build_chart("forest", ds, ALL_MINI)


# --- verdicts: mark and colour per kind, the source's words never styled as one ----
def test_each_verdict_kind_has_its_own_mark_and_colour(family):
    _ds, fig = family
    difference, ratio = fig.axes
    shown = [(flat(t.get_text()), t.get_color()) for t in _verdicts(difference)]
    expected = [(f"\u2713 {Q.WITHIN}", "within"), (f"\u2717 {Q.CROSSES}", "crosses"),
                (f"? {Q.NOT_COMPUTABLE}", "unknown"), (f"\u2013 {Q.WAIVED}", "unknown")]
    assert [text for text, _c in shown] == [text for text, _k in expected]
    for (_t, colour), (_text, kind) in zip(shown, expected, strict=True):
        assert same_color(colour, St.VERDICT_COLOURS[kind]), (kind, colour)
    (within,) = _verdicts(ratio)
    assert flat(within.get_text()) == f"\u2713 {Q.WITHIN}"
    assert same_color(within.get_color(), St.VERDICT_COLOURS["within"])
    # A crossing verdict is never in the 'within' colour, nor the reverse.
    assert not same_color(St.VERDICT_COLOURS["crosses"], St.VERDICT_COLOURS["within"])


def test_not_performed_has_the_waived_mark_not_a_verdict(mini):
    ds = _with_study(mini, "sb16n", 2, name="SB16-N", status="not performed")
    fig = build_chart("forest", ds, OBODENCE)
    last = _verdicts(fig.axes[0])[-1]
    assert flat(last.get_text()) == f"\u2013 {Q.NOT_PERFORMED}"
    assert same_color(last.get_color(), St.VERDICT_COLOURS["unknown"])
    note = [t.get_text() for t in fig.axes[0].texts if t.get_position()[1] == 1]
    assert "study not performed (per source)" in note


def test_a_verdict_is_bold_in_its_row_and_the_sources_words_grey_italic_under_it(family):
    _ds, fig = family
    ax = fig.axes[0]
    verdict, said = _gid(ax, "verdict-2"), _gid(ax, "stated-2")
    assert verdict.get_fontweight() == "bold" and verdict.get_fontstyle() == "normal"
    assert flat(said.get_text()) == "source states: \u201cequivalent\u201d"
    assert said.get_text().strip()[0] not in MARKS  # no verdict mark on the words
    assert same_color(said.get_color(), St.MUTED) and said.get_fontstyle() == "italic"
    assert said.get_fontweight() == "normal"
    assert said.get_fontsize() < verdict.get_fontsize()
    # Under the verdict: both hang on one point in row 2, the verdict above it.
    at = verdict.get_position()[1]
    assert said.xy[1] == at and 2 < at < 2.5
    assert (verdict.get_va(), said.get_va()) == ("bottom", "top")
    assert not _gid(ax, "stated-1") and not _gid(ax, "stated-3")


def test_one_line_rows_put_the_sources_words_after_the_verdict(mini):
    res = mini["study_results"].assign(stated_conclusion="equivalent")
    ds = with_table(mini, "study_results", pd.concat([res] * 4, ignore_index=True))
    fig = build_chart("forest", ds, ALL_MINI)
    ax = fig.axes[0]
    assert E._forest_layout(fig, 16)[1] == 1
    verdict, said = _gid(ax, "verdict-5"), _gid(ax, "stated-5")
    assert verdict.get_position()[1] == 5 and verdict.get_va() == "center"
    assert verdict.get_fontweight() == "normal"
    assert said.get_text() == "\u00b7 source: \u201cequivalent\u201d"
    assert said.xy[1] == 5 and said.get_va() == "center"
    # After the verdict's text on the same line, about 0.56 em a character.
    assert said.xyann[0] == pytest.approx((len(verdict.get_text()) - 2 + 3) * 0.56
                                          * verdict.get_fontsize())
    assert said.get_fontsize() >= St.SMALLEST_ROW_FONT


# --- the margin -------------------------------------------------------------------
def test_margin_band_spans_its_own_limits_within_its_row(mini):
    ds = _results(mini, {1: {"margin_low": -1.0, "margin_high": 1.5}})
    fig = build_chart("forest", ds, STOBOCLO)
    band = _gid(fig.axes[0], "margin-0")
    assert isinstance(band, Rectangle)
    assert (band.get_x(), band.get_x() + band.get_width()) == pytest.approx((-1.0, 1.5))
    # Centred on its row and inside it.
    assert band.get_y() + band.get_height() / 2 == pytest.approx(0)
    assert -0.5 < band.get_y() < 0 < band.get_y() + band.get_height() < 0.5
    assert same_color(band.get_facecolor(), St.MARGIN_FILL)
    assert same_color(band.get_edgecolor(), St.MARGIN_EDGE)


@pytest.mark.parametrize("limit", ["margin_low", "margin_high"])
def test_one_margin_limit_is_a_dashed_mark_across_its_row(mini, limit):
    value = {"margin_low": -1.45, "margin_high": 1.45}[limit]
    ds = _results(mini, {3: {limit: value}})
    fig = build_chart("forest", ds, OBODENCE)
    ax = fig.axes[0]
    assert _gid(ax, "margin-0") is None
    bound = _gid(ax, "margin-bound-0")
    assert list(bound.get_xdata()) == [value, value]
    low, high = bound.get_ydata()
    assert -0.5 < low < 0 < high < 0.5 and low == -high
    assert bound.get_linestyle() == "--"
    assert same_color(bound.get_color(), St.MARGIN_EDGE)
    assert legend_texts(fig) == ["Margin: one limit only", "Confidence interval",
                                 "Difference (point estimate)"]


# --- the CI and the estimate ---------------------------------------------------------
@pytest.mark.parametrize("sides, limit, edge", [("one-sided, lower", -0.25, 1.0),
                                                ("one-sided, upper", 0.91, 0.0)])
def test_a_one_sided_ci_runs_from_its_limit_to_the_open_side(mini, sides, limit, edge):
    ds = _results(mini, {3: {"ci_sides": sides}})
    fig = build_chart("forest", ds, OBODENCE)
    ax = fig.axes[0]
    cap, arrow = _gid(ax, "ci-0"), _gid(ax, "ci-open-0")
    assert list(cap.get_xdata()) == [limit] and list(cap.get_ydata()) == [0]
    assert cap.get_marker() == "|"
    assert arrow.xy == (edge, 0) and arrow.xyann == (limit, 0)
    assert arrow.xycoords == ax.get_yaxis_transform() and arrow.anncoords == "data"
    style = St.product_styles(OBODENCE.products)["obodence"]
    assert same_color(arrow.arrow_patch.get_edgecolor(), style.color)
    assert same_color(cap.get_color(), style.color)
    assert "Confidence interval" in legend_texts(fig)


def test_a_one_sided_ci_without_its_limit_draws_nothing(mini):
    ds = _results(mini, {3: {"ci_sides": "one-sided, lower", "ci_low": pd.NA,
                             "difference": pd.NA}})
    fig = build_chart("forest", ds, OBODENCE)
    ax = fig.axes[0]
    assert _gid(ax, "ci-0") is None and _gid(ax, "ci-open-0") is None
    assert "Confidence interval" not in legend_texts(fig)


def test_a_two_sided_ci_with_one_limit_draws_no_whisker(mini):
    ds = _results(mini, {3: {"ci_high": pd.NA}})
    fig = build_chart("forest", ds, OBODENCE)
    assert _gid(fig.axes[0], "ci-0") is None and _gid(fig.axes[0], "ci-open-0") is None
    assert legend_texts(fig) == ["Difference (point estimate)"]


def test_ci_and_estimate_sit_on_their_row_in_the_products_look(mini):
    fig = build_chart("forest", mini, ALL_MINI)
    ax = fig.axes[0]
    styles = St.product_styles(ALL_MINI.products)
    for y, pid in ((1, "stoboclo"), (3, "obodence")):
        whisker, point = _gid(ax, f"ci-{y}"), _gid(ax, f"estimate-{y}")
        assert list(whisker.get_ydata()) == [y, y] and list(point.get_ydata()) == [y]
        assert whisker.get_marker() == "|" and whisker.get_linestyle() == "-"
        assert point.get_linestyle() == "None"
        assert point.get_marker() == styles[pid].marker
        assert same_color(point.get_color(), styles[pid].color)
        # A white edge parts the estimate from the whisker it sits on.
        assert same_color(point.get_markeredgecolor(), "white")
        assert same_color(whisker.get_color(), styles[pid].color)
        # The estimate is drawn over its CI, the CI over the margin band.
        assert point.get_zorder() > whisker.get_zorder()
        if y == 1:
            assert whisker.get_zorder() > _gid(ax, f"margin-{y}").get_zorder()


# --- rows with nothing drawn ---------------------------------------------------------
def test_a_row_with_nothing_says_so_at_the_centre_of_its_axis(family):
    _ds, fig = family
    difference, _ratio = fig.axes
    notes = [t for t in difference.texts if t.get_text() == "study waived (per source)"]
    assert [t.get_position() for t in notes] == [(0.0, 3)]
    assert notes[0].get_fontstyle() == "italic" and same_color(notes[0].get_color(), St.MUTED)


def test_nothing_reported_is_said_short_on_one_line_rows(mini):
    res = pd.concat([mini["study_results"]] * 4, ignore_index=True)
    fig = build_chart("forest", with_table(mini, "study_results", res), ALL_MINI)
    notes = [t for t in fig.axes[0].texts if t.get_text() == "not reported"]
    assert [t.get_position()[1] for t in notes] == [0, 1, 2, 3]  # Kefdensis's 4 copies


def test_a_ratio_row_with_nothing_says_so_at_1(mini):
    ds = _results(mini, {0: {"measure": "ratio"}})
    fig = build_chart("forest", ds, View("prolia", ("kefdensis",)))
    (note,) = [t for t in fig.axes[0].texts if t.get_text().startswith("no difference")]
    assert note.get_position() == (1.0, 0)


# --- axes, panels, titles -------------------------------------------------------------
def test_differences_on_a_linear_axis_symmetric_about_0_with_a_line_at_0(family):
    _ds, fig = family
    ax = fig.axes[0]
    assert ax.get_xscale() == "linear"
    lo, hi = ax.get_xlim()
    assert lo == -hi and hi > 1.6  # the farthest number (the crossing CI) is inside
    assert any(list(line.get_xdata()) == [0, 0] for line in ax.get_lines())
    assert ax.get_ylim() == (3.5, -0.5)  # four rows, the first at the top
    assert "Difference in % change from baseline" in flat(ax.get_xlabel())


def test_ratios_on_a_log_axis_around_1_in_a_panel_of_their_own(family):
    _ds, fig = family
    ax = fig.axes[1]
    assert ax.get_xscale() == "log"
    lo, hi = ax.get_xlim()
    assert lo * hi == pytest.approx(1.0) and hi > 1.25  # symmetric about 1, margin inside
    assert [t.get_text() for t in ax.get_xticklabels()] == ["0.8", "1", "1.25"]
    assert not list(ax.xaxis.get_minor_locator()())
    assert any(list(line.get_xdata()) == [1, 1] for line in ax.get_lines())
    assert ax.get_ylim() == (0.5, -0.5)
    assert flat(ax.get_xlabel()) == \
        "Ratio biosimilar / reference (% change from baseline), log axis"
    band = _gid(ax, "margin-0")
    assert (band.get_x(), band.get_x() + band.get_width()) == pytest.approx((0.8, 1.25))
    assert fig.axes[0].get_legend() is not None and ax.get_legend() is None


def test_titles_name_the_measures_drawn(family, mini):
    _ds, mixed = family
    title = mixed._suptitle.get_text().strip()
    assert title == "Equivalence: estimate against the margin"
    every = " ".join(flat(t) for t in texts(mixed))
    assert "Difference = biosimilar \u2212 reference" in every
    assert "Ratio = biosimilar / reference (log axis)" in every
    assert legend_texts(mixed)[-1] == "Estimate (point estimate)"
    ratio_only = build_chart("forest", _results(mini, {1: {"measure": "ratio"},
                                                             2: {"measure": "ratio"}}), STOBOCLO)
    assert ratio_only._suptitle.get_text().strip() == \
        "Equivalence: ratio of the arms against the margin"
    assert legend_texts(ratio_only)[-1] == "Ratio (point estimate)"
    plain = build_chart("forest", mini, STOBOCLO)
    assert plain._suptitle.get_text().strip() == \
        "Equivalence: difference between arms against the margin"


def test_footer_cites_the_results_and_the_studies_sources(mini):
    res = mini["study_results"].copy()
    res.loc[1:2, "source_id"] = "S56"  # the results from one source, the study from another
    fig = build_chart("forest", with_table(mini, "study_results", res), STOBOCLO)
    footer = fig.get_supxlabel()
    assert "S56" in footer and "S65" in footer


def test_more_rows_than_fit_are_cut_and_the_cut_is_said(mini):
    res = pd.concat([mini["study_results"]] * 4, ignore_index=True)
    fig = Figure(figsize=(10, 4))
    limit = St.row_limit(fig)
    assert limit < 16
    build_chart("forest", with_table(mini, "study_results", res), ALL_MINI, fig=fig)
    assert len(row_labels(fig)) == limit
    every = " ".join(flat(t) for t in texts(fig))
    assert f"showing the first {limit} of 16 results" in every


# --- row labels -----------------------------------------------------------------------
def _row(**values) -> pd.Series:
    base = {"kind": Q.WITHIN, "endpoint": "BMD", "ci_level": 95, "ci_low": -1, "ci_high": 1,
            "ci_sides": "two-sided", "regulator": "", "margin_level": pd.NA,
            "analysis_set": "full analysis set", "timepoint": "week 52"}
    return pd.Series({**base, **values})


@pytest.mark.parametrize("values, detail", [
    ({}, "full analysis set, week 52, 95 % CI"),
    ({"ci_sides": "one-sided, lower"}, "full analysis set, week 52, 95 % CI one-sided, lower"),
    ({"ci_level": pd.NA}, "full analysis set, week 52, CI level not reported"),
    ({"ci_level": pd.NA, "ci_low": pd.NA}, "full analysis set, week 52, CI level not reported"),
    ({"ci_level": pd.NA, "ci_high": pd.NA}, "full analysis set, week 52, CI level not reported"),
    ({"ci_level": pd.NA, "ci_low": pd.NA, "ci_high": pd.NA},
     "full analysis set, week 52, no CI reported"),
    ({"analysis_set": pd.NA, "timepoint": pd.NA}, "analysis set not stated, 95 % CI"),
    ({"regulator": "FDA", "margin_level": 90}, "FDA margin at 90 % CI: full analysis set, "
     "week 52, 95 % CI"),
    ({"regulator": "EMA"}, "EMA margin: full analysis set, week 52, 95 % CI"),
    ({"regulator": "not stated"}, "full analysis set, week 52, 95 % CI"),
    ({"endpoint": pd.NA}, "results not reported in source"),
    ({"kind": Q.WAIVED, "endpoint": pd.NA}, "comparative efficacy study waived"),
    ({"kind": Q.NOT_PERFORMED}, "comparative efficacy study not performed"),
])
def test_row_detail_says_set_timepoint_ci_and_whose_margin(values, detail):
    assert E._detail(_row(**values)) == detail


def test_one_line_labels_abbreviate_the_analysis_sets(mini):
    row = _row(name="CT-P41 3.1", biosimilar_id="stoboclo", reference_id="prolia")
    assert E.forest_label(mini, row, lines=1) == \
        "CT-P41 3.1: Stoboclo vs Prolia \u00b7 FAS, week 52, 95 % CI"
    pps = row.copy()
    pps["analysis_set"] = "per-protocol set"
    assert "\u00b7 PPS, week 52" in E.forest_label(mini, pps, lines=1)
    assert E.forest_label(mini, row, lines=2) == \
        "CT-P41 3.1: Stoboclo vs Prolia\nfull analysis set, week 52, 95 % CI"


@pytest.mark.parametrize("lines", [1, 2, 3])
def test_no_label_line_is_longer_than_the_width(mini, lines):
    row = _row(name="A very long study name that goes on and on for a while",
               biosimilar_id="stoboclo", reference_id="prolia", regulator="FDA",
               margin_level=90)
    label = E.forest_label(mini, row, lines=lines, width=30)
    assert label.count("\n") < lines and max(len(x) for x in label.split("\n")) <= 30


@pytest.mark.parametrize("measure, expected", [("ratio", "ratio"), (" ratio ", "ratio"),
                                               ("difference", "difference"),
                                               (pd.NA, "difference")])
def test_an_empty_measure_is_a_difference(measure, expected):
    assert E.measure_of(pd.Series({"measure": measure})) == expected


def test_verdict_room_holds_the_longest_verdict_on_a_slide():
    fig = Figure(figsize=St.FIGSIZE)
    longest = max(Q.KINDS, key=len)
    assert E._narrowing(fig) == 1.0
    assert E._narrowing(Figure(figsize=(St.FIGSIZE[0] / 2, 4))) == pytest.approx(0.5)
    for lines in (1, 2, 3):
        assert "\u2026" not in St.fit(longest, E._verdict_width(fig, lines), lines)


def test_reach_covers_the_farthest_number_from_the_centre():
    rows = pd.DataFrame({"difference": [0.5], "ci_low": [-3.0], "ci_high": [1.0]})
    assert E._reach(rows, ratio=False) > 3.0
    ratios = pd.DataFrame({"difference": [1.1], "margin_low": [0.5], "margin_high": [1.25]})
    assert E._reach(ratios, ratio=True) > math.log(2.0)  # 0.5 is as far as 2 on a log axis
    assert E._reach(pd.DataFrame({"ci_low": [pd.NA]}), ratio=False) > 0
    assert E._reach(pd.DataFrame({"ci_low": [0.0]}), ratio=True) > 0


@pytest.mark.parametrize("sides, present, missing", [
    ("one-sided, lower", "ci_low", "ci_high"), ("one-sided, upper", "ci_high", "ci_low")])
def test_the_legend_names_a_one_sided_ci_that_has_only_its_limit(mini, sides, present,
                                                                   missing):
    ds = _results(mini, {3: {"ci_sides": sides, missing: pd.NA, "difference": pd.NA}})
    fig = build_chart("forest", ds, OBODENCE)
    assert legend_texts(fig) == ["Confidence interval"]
    assert _gid(fig.axes[0], "ci-open-0") is not None


def test_the_legend_keys_look_like_what_they_name(mini):
    ds = _results(mini, {3: {"margin_low": -1.45}})
    fig = build_chart("forest", ds, View("prolia", ("stoboclo", "obodence")))
    legend = fig.axes[0].get_legend()
    keys = dict(zip([t.get_text() for t in legend.get_texts()], legend.legend_handles,
                    strict=True))
    band = keys["Equivalence margin"]
    assert same_color(band.get_facecolor(), St.MARGIN_FILL)
    assert same_color(band.get_edgecolor(), St.MARGIN_EDGE)
    one = keys["Margin: one limit only"]
    assert one.get_linestyle() == "--" and same_color(one.get_color(), St.MARGIN_EDGE)
    ci = keys["Confidence interval"]
    assert ci.get_marker() == "|" and same_color(ci.get_color(), St.MUTED)
    point = keys["Difference (point estimate)"]
    assert point.get_linestyle() == "None" and point.get_marker() == "o"


def test_the_subtitle_defines_the_measure_and_names_the_common_unit(mini):
    fig = build_chart("forest", mini, STOBOCLO)
    assert "Difference = biosimilar \u2212 reference; % change from baseline" in \
        [flat(t) for t in texts(fig)]


def test_mixed_units_are_not_named_on_the_axis(mini):
    ds = _results(mini, {2: {"unit": "g/cm2"}})
    fig = build_chart("forest", ds, STOBOCLO)
    assert flat(fig.axes[0].get_xlabel()) == \
        "Difference (biosimilar \u2212 reference), in each endpoint's unit"
    ratio = _results(mini, {1: {"measure": "ratio", "unit": "g/cm2"}, 2: {"measure": "ratio"}})
    fig = build_chart("forest", ratio, STOBOCLO)
    assert flat(fig.axes[0].get_xlabel()) == "Ratio biosimilar / reference, log axis"


def test_each_panel_is_as_tall_as_its_rows(family):
    _ds, fig = family
    difference, ratio = (ax.get_position().height for ax in fig.axes)
    assert difference / ratio == pytest.approx(4.0)


def test_verdicts_and_their_heading_are_drawn_outside_the_plot_unclipped(family):
    _ds, fig = family
    ax = fig.axes[0]
    for verdict in _verdicts(ax):
        assert verdict.get_position()[0] > 1 and not verdict.get_clip_on()
        assert verdict.get_transform() == ax.get_yaxis_transform()
    said = _gid(ax, "stated-2")
    assert said.xy[0] == _gid(ax, "verdict-2").get_position()[0]
    assert not said.get_annotation_clip()
    (heading,) = [t for t in ax.texts if t.get_text() == "Verdict (CI vs margin)"]
    assert heading.xy == (_gid(ax, "verdict-0").get_position()[0], 1.0)
    assert same_color(heading.get_color(), St.MUTED)


def test_the_line_of_no_difference_is_ink_under_the_intervals(family):
    _ds, fig = family
    for ax, centre in zip(fig.axes, (0, 1), strict=True):
        (line,) = [line for line in ax.get_lines() if list(line.get_xdata()) == [centre] * 2]
        assert same_color(line.get_color(), St.INK)
        assert line.get_zorder() < _gid(ax, "ci-0").get_zorder()
        assert line.get_zorder() > _gid(ax, "margin-0").get_zorder()
