"""Equivalence charts, checked by structure on the cited fixture dataset.

Edge cases the cited rows do not contain (a CI that crosses its margin, a CI without
a point estimate, a single margin limit) are made by editing a copy of one row here;
they test drawing rules, not facts.
"""

from __future__ import annotations

import pandas as pd
import pytest

from denocompare.core import compare as C
from denocompare.core.view import View
from denocompare.plotting import arms as A
from denocompare.plotting import build_chart
from denocompare.plotting import equivalence as E
from tests.plotting.helpers import (
    ALL_MINI,
    by_gid,
    drawn,
    flat,
    legend_texts,
    row_labels,
    texts,
    with_table,
)


def _edit_result(ds, study_id: str, analysis_set: str, **values):
    res = ds["study_results"].copy()
    hit = (res["study_id"] == study_id) & (res["analysis_set"] == analysis_set).fillna(False)
    assert hit.sum() == 1
    for column, value in values.items():
        res.loc[hit, column] = value
    return with_table(ds, "study_results", res)


# --- result in each arm -------------------------------------------------------------
def test_arms_bars_values_and_total_n(mini):
    fig = drawn(build_chart("study_arms", mini, ALL_MINI))
    bars = by_gid(fig, "arm-bar")
    assert [round(b.get_height(), 1) for b in bars] == [5.3, 5.2]
    shown = [flat(t) for t in texts(fig)]
    assert "5.3 %" in shown and "5.2 %" in shown
    assert "n = 532 randomised (both arms)" in shown
    assert legend_texts(fig) == ["Kefdensis", "Prolia"]
    assert "% change from baseline" in fig.axes[0].get_ylabel()


def test_arms_studies_without_values_are_listed_not_dropped(mini):
    fig = build_chart("study_arms", mini, ALL_MINI)
    (panel,) = by_gid(fig, "arms-not-reported")
    text = flat(panel.get_text())
    assert "Arm results not reported in source for:" in text
    assert "Stoboclo: CT-P41 3.1" in text and "Obodence: SB16-3001" in text
    footer = fig.get_supxlabel()
    assert all(s in footer for s in ("S56", "S65", "S200"))


def test_arms_only_studies_without_values(mini):
    fig = build_chart("study_arms", mini, View("prolia", ("stoboclo",)))
    every = " ".join(flat(t) for t in texts(fig))
    assert A.ARMS_NOT_REPORTED in every and "CT-P41 3.1" in every
    assert not by_gid(fig, "arm-bar")


def test_arms_no_studies_at_all(mini):
    fig = build_chart("study_arms", mini, View("prolia"))
    assert A.NO_STUDIES in texts(fig)


@pytest.mark.parametrize("row, expected", [
    (dict(n_biosimilar=260, n_reference=266, n_randomised=532), ("n = 260", "n = 266", None)),
    (dict(n_biosimilar_study=225, n_reference_study=232, n_randomised=457),
     ("n = 225", "n = 232", None)),
    (dict(n_randomised=532), (None, None, "n = 532 randomised (both arms)")),
    (dict(), (None, None, "n not reported")),
])
def test_arm_n_prefers_the_most_specific_count(row, expected):
    full = {"n_biosimilar": pd.NA, "n_reference": pd.NA, "n_biosimilar_study": pd.NA,
            "n_reference_study": pd.NA, "n_randomised": pd.NA, **row}
    assert A.arm_n_labels(pd.Series(full)) == expected


# --- forest plot --------------------------------------------------------------------
def test_forest_one_row_per_study_and_analysis_set_with_ci_level(mini):
    fig = drawn(build_chart("forest", mini, ALL_MINI))
    labels = [flat(t) for t in row_labels(fig)]
    assert not fig.axes[0].get_yticks().size  # rows are labelled by texts, not ticks
    assert len(labels) == 4
    assert labels[0].startswith("Kefdensis vs Prolia (EMA overview)")
    assert "full analysis set, week 52, 95 % CI" in labels[1]
    assert "per-protocol set, week 52, 95 % CI" in labels[2]
    assert "full analysis set, month 12, 90 % CI" in labels[3]


def test_forest_margin_band_estimates_and_zero_line(mini):
    fig = build_chart("forest", mini, ALL_MINI)
    margins = by_gid(fig, "margin-")
    assert sorted(m.get_gid() for m in margins) == ["margin-1", "margin-2"]
    for patch in margins:
        assert patch.get_x() == pytest.approx(-1.503)
        assert patch.get_width() == pytest.approx(3.006)
    estimates = {e.get_gid(): e.get_xdata()[0] for e in by_gid(fig, "estimate-")}
    assert estimates == pytest.approx({"estimate-1": -0.139, "estimate-2": -0.28,
                                       "estimate-3": 0.33})
    (ci,) = by_gid(fig, "ci-3")
    assert list(ci.get_xdata()) == pytest.approx([-0.25, 0.91])
    ax = fig.axes[0]
    assert any(list(line.get_xdata()) == [0, 0] for line in ax.get_lines())
    lo, hi = ax.get_xlim()
    assert lo == pytest.approx(-hi) and hi > 1.503


def test_forest_verdicts_are_computed_and_written(mini):
    fig = build_chart("forest", mini, ALL_MINI)
    verdicts = [flat(v.get_text()) for v in sorted(by_gid(fig, "verdict-"),
                                                   key=lambda a: a.get_gid())]
    assert verdicts == ["? " + C.VERDICT_UNKNOWN, "\u2713 " + C.VERDICT_WITHIN,
                        "\u2713 " + C.VERDICT_WITHIN, "? " + C.VERDICT_UNKNOWN]
    legend = legend_texts(fig)
    assert legend == ["Equivalence margin", "Confidence interval",
                      "Difference (point estimate)"]


def test_forest_row_with_nothing_shows_only_the_verdict(mini):
    fig = build_chart("forest", mini, View("prolia", ("kefdensis",)))
    assert not by_gid(fig, "estimate-") and not by_gid(fig, "ci-") \
        and not by_gid(fig, "margin")
    assert [flat(v.get_text()) for v in by_gid(fig, "verdict-")] == ["? " + C.VERDICT_UNKNOWN]
    assert "no difference, CI or margin reported" in texts(fig)
    assert not fig.legends and fig.axes[0].get_legend() is None


def test_forest_ci_without_difference_shows_the_ci_only(mini):
    ds = _edit_result(mini, "sb16", "full analysis set", difference=pd.NA)
    fig = build_chart("forest", ds, View("prolia", ("obodence",)))
    assert by_gid(fig, "ci-0") and not by_gid(fig, "estimate-")


def test_forest_crossing_ci_is_called_so(mini):
    ds = _edit_result(mini, "ctp41", "full analysis set", ci_high=1.6, margin_low=-1.503,
                      margin_high=1.503)
    fig = build_chart("forest", ds, View("prolia", ("stoboclo",)))
    verdicts = [flat(v.get_text()) for v in sorted(by_gid(fig, "verdict-"),
                                                   key=lambda a: a.get_gid())]
    assert verdicts == ["\u2717 " + C.VERDICT_CROSSES, "\u2713 " + C.VERDICT_WITHIN]


def test_forest_single_margin_limit_is_marked_not_shaded(mini):
    ds = _edit_result(mini, "sb16", "full analysis set", margin_low=-1.45)
    fig = build_chart("forest", ds, View("prolia", ("obodence",)))
    assert not by_gid(fig, "margin-0")
    (bound,) = by_gid(fig, "margin-bound-0")
    assert list(bound.get_xdata()) == pytest.approx([-1.45, -1.45])
    assert "Margin: one limit only" in legend_texts(fig)


def test_forest_no_studies(mini):
    fig = build_chart("forest", mini, View("prolia"))
    assert A.NO_STUDIES in texts(fig)
    assert fig.get_supxlabel()


def test_forest_many_rows_fall_back_to_one_line_labels(mini):
    res = mini["study_results"]
    many = pd.concat([res] * 4, ignore_index=True)
    fig = drawn(build_chart("forest", with_table(mini, "study_results", many), ALL_MINI))
    labels = row_labels(fig)
    assert len(labels) == 16 and all("\n" not in t for t in labels)
    assert "FAS" in " ".join(labels)


@pytest.mark.parametrize("size", [(7.0, 7.0), (7.7, 6.9), (8.0, 4.5), (10.0, 5.6)])
@pytest.mark.parametrize("copies", [1, 4])
def test_forest_keeps_a_plot_in_a_narrow_window(mini, size, copies):
    # Row labels and verdicts take at most a share of the width; before, a window
    # 7.7 in wide squeezed the plot to nothing and constrained layout gave up.
    import warnings

    from matplotlib.figure import Figure

    res = pd.concat([mini["study_results"]] * copies, ignore_index=True)
    ds = with_table(mini, "study_results", res)
    fig = Figure(figsize=size, layout="constrained")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "axes sizes collapsed to zero" is a UserWarning
        drawn(build_chart("forest", ds, ALL_MINI, fig=fig))
    assert fig.axes[0].get_position().width * size[0] > 1.5  # inches of plot left
    rows = len(row_labels(fig))
    lines = E._forest_layout(fig, rows)[1]
    # Each verdict fits its row: no more lines than the row labels may have.
    assert all(v.get_text().count("\n") < lines for v in by_gid(fig, "verdict-"))


def test_forest_on_a_slide_cuts_no_verdict():
    # Exports and the report use the slide size: the narrow-window cuts never apply.
    # The bundled family has the longest verdict ("not computable: CI or margin not
    # reported") on 14 one-line rows.
    from denocompare.io.validate import load_dataset
    from denocompare.resources import bundled_data_dir

    ds = load_dataset(bundled_data_dir())
    fig = drawn(build_chart("forest", ds, View("prolia", tuple(ds.family("prolia")))))
    verdicts = [flat(v.get_text()) for v in by_gid(fig, "verdict-")]
    assert any(C.VERDICT_UNKNOWN in v for v in verdicts)
    assert not any("\u2026" in v for v in verdicts)
