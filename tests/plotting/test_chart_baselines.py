"""Image tests: each chart, drawn from the fixture, against a committed baseline PNG,
and checked for what it means (``chart_meaning``) on the very figure compared.

Baselines are small (60 dpi). matplotlib's wheels carry their own FreeType (2.6.1
in 3.10), so text renders the same wherever the suite runs: five renderings of each
case measured RMS 0.00 to 0.019 against its baseline. The tolerance is 0.3; the
smallest real error measured (a point estimate moved across zero) is RMS 2.0. After
an intended change of look, or a matplotlib with another FreeType, regenerate them
and look at every one before committing:

    DENOCOMPARE_REGEN_BASELINES=1 python -m pytest tests/plotting/test_chart_baselines.py
"""

from __future__ import annotations

import os
from pathlib import Path

import matplotlib.style
import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.testing.compare import compare_images

from denocompare.core.view import View
from denocompare.plotting import CHARTS, build_chart
from denocompare.plotting import equivalence as E
from tests.plotting.chart_meaning import MEANING, NOTHING_REPORTED
from tests.plotting.helpers import ALL_MINI, with_table

BASELINE = Path(__file__).resolve().parent / "baseline"
DPI = 60
TOLERANCE = 0.3
REGENERATE = os.environ.get("DENOCOMPARE_REGEN_BASELINES") == "1"

CASES = {
    **{key: (key, ALL_MINI) for key in CHARTS},
    "adverse_bands_filtered": ("adverse_bands", View("prolia", ("kefdensis",), text="osteo")),
}


def test_every_case_has_its_meaning_checked():
    assert set(MEANING) == set(CASES)


def _render(ds, key, view, path: Path) -> Figure:
    # The default style, so a user's matplotlibrc cannot change the picture.
    with matplotlib.style.context("default"):
        fig = build_chart(key, ds, view)
        FigureCanvasAgg(fig)
        fig.savefig(path, dpi=DPI, metadata={"Software": None})
    return fig


def _rms_failure(case: str, actual: Path) -> str | None:
    return compare_images(str(BASELINE / f"{case}.png"), str(actual), tol=TOLERANCE)


@pytest.mark.parametrize("case", list(CASES))
def test_chart_matches_baseline_and_means_what_the_data_says(mini, case, tmp_path):
    key, view = CASES[case]
    expected = BASELINE / f"{case}.png"
    if REGENERATE:
        BASELINE.mkdir(exist_ok=True)
        _render(mini, key, view, expected)
        pytest.skip(f"baseline regenerated: {expected}")
    assert expected.exists(), (f"no baseline {expected.name}; run with "
                               "DENOCOMPARE_REGEN_BASELINES=1 and inspect the images")
    actual = tmp_path / f"{case}.png"
    fig = _render(mini, key, view, actual)
    MEANING[case](fig)
    failure = _rms_failure(case, actual)
    assert failure is None, f"{failure}\n(diff image beside {actual})"


# --- the checks catch the errors the old tolerance (RMS 5) let through ----------------
def _edit_ctp41_fas(ds, **values):
    res = ds["study_results"].copy()
    hit = (res["study_id"] == "ctp41") & (res["analysis_set"] == "full analysis set")
    for column, value in values.items():
        res.loc[hit.fillna(False), column] = value
    return with_table(ds, "study_results", res)


def _false_nothing_reported_on_row_1(monkeypatch) -> None:
    real = E._forest_row

    def also_the_note(ax, y, row, *args):
        real(ax, y, row, *args)
        if y == 1:  # a row with a margin, a CI and an estimate
            ax.text(0, y, NOTHING_REPORTED, ha="center", va="center", fontstyle="italic",
                    color=E.St.MUTED, zorder=3,
                    bbox={"boxstyle": "round,pad=0.3", "fc": "white", "ec": "none"})

    monkeypatch.setattr(E, "_forest_row", also_the_note)


MUTANTS = {
    "false 'nothing reported' over a real row": (None, _false_nothing_reported_on_row_1),
    "margin -1.503 moved to -1.0": ({"margin_low": -1.0}, None),
    "estimate -0.139 moved to +0.139": ({"difference": 0.139}, None),
}


@pytest.mark.parametrize("mutant", list(MUTANTS))
def test_a_wrong_forest_fails_both_the_image_and_the_meaning(mini, mutant, tmp_path,
                                                             monkeypatch):
    edits, patch = MUTANTS[mutant]
    ds = _edit_ctp41_fas(mini, **edits) if edits else mini
    if patch:
        patch(monkeypatch)
    actual = tmp_path / "forest.png"
    fig = _render(ds, "forest", ALL_MINI, actual)
    assert _rms_failure("forest", actual) is not None, "the image check let it through"
    with pytest.raises(AssertionError):
        MEANING["forest"](fig)


def test_the_mutants_change_only_what_they_say(mini):
    # Guard for the test above: each edit hits exactly one row of the fixture.
    ds = _edit_ctp41_fas(mini, margin_low=-1.0)
    diff = ds["study_results"].compare(mini["study_results"])
    assert list(diff.index) == [1] and isinstance(diff, pd.DataFrame)
