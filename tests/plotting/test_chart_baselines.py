"""Image tests: each chart, drawn from the fixture, against a committed baseline PNG.

Baselines are small (60 dpi) and compared with a tolerance, because text rendering
varies a little between FreeType builds. After an intended change of look, regenerate
them and look at every one before committing:

    DENOCOMPARE_REGEN_BASELINES=1 python -m pytest tests/plotting/test_chart_baselines.py
"""

from __future__ import annotations

import os
from pathlib import Path

import matplotlib.style
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.testing.compare import compare_images

from denocompare.core.view import View
from denocompare.plotting import CHARTS, build_chart
from tests.plotting.helpers import ALL_MINI

BASELINE = Path(__file__).resolve().parent / "baseline"
DPI = 60
TOLERANCE = 5
REGENERATE = os.environ.get("DENOCOMPARE_REGEN_BASELINES") == "1"

CASES = {
    **{key: (key, ALL_MINI) for key in CHARTS},
    "adverse_bands_filtered": ("adverse_bands", View("prolia", ("kefdensis",), text="osteo")),
}


def _render(ds, key, view, path: Path) -> None:
    # The default style, so a user's matplotlibrc cannot change the picture.
    with matplotlib.style.context("default"):
        fig = build_chart(key, ds, view)
        FigureCanvasAgg(fig)
        fig.savefig(path, dpi=DPI, metadata={"Software": None})


@pytest.mark.parametrize("case", list(CASES))
def test_chart_matches_baseline(mini, case, tmp_path):
    key, view = CASES[case]
    expected = BASELINE / f"{case}.png"
    if REGENERATE:
        BASELINE.mkdir(exist_ok=True)
        _render(mini, key, view, expected)
        pytest.skip(f"baseline regenerated: {expected}")
    assert expected.exists(), (f"no baseline {expected.name}; run with "
                               "DENOCOMPARE_REGEN_BASELINES=1 and inspect the images")
    actual = tmp_path / f"{case}.png"
    _render(mini, key, view, actual)
    failure = compare_images(str(expected), str(actual), tol=TOLERANCE)
    assert failure is None, f"{failure}\n(diff image beside {actual})"
