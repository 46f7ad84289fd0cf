"""Things said once: how a cell reads, the state colours, the chart order."""

from __future__ import annotations

import pandas as pd

from denocompare.core import compare as C
from denocompare.core.text import cell_text


def test_a_cell_reads_the_same_everywhere():
    assert [cell_text(v) for v in (None, pd.NA, float("nan"), 60.0, 1.7, -0.0, 3, "x")] == \
        ["", "", "", "60", "1.7", "0", "3", "x"]
    assert cell_text(60.0, "mg") == "60 mg" and cell_text(None, "mg") == ""


def test_every_cell_state_has_one_colour_for_window_and_report():
    from denocompare.report import build

    states = {v for k, v in vars(C).items() if k.isupper() and isinstance(v, str)
              and k in ("SAME", "DIFFERS", "MISSING", "CONFLICT", "REFERENCE", "AUTHORISED",
                        "NOT_AUTHORISED", "CARVE_OUT", "NOTE")}
    assert states - {C.SAME} <= set(C.STATE_COLOURS)
    assert not hasattr(build, "STATE_FILL")  # no second copy to disagree


def test_the_report_lists_charts_in_the_registry_order(bundled):
    from denocompare.core.view import View
    from denocompare.plotting import CHARTS
    from denocompare.report.build import build_html

    asked: list[str] = []
    build_html(bundled, View("prolia", ("kefdensis",)),
               image=lambda key: asked.append(key) or f"{key}.png")
    assert asked == list(CHARTS)
