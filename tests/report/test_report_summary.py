"""The report's first page: a summary, verdicts taken from core, and a readable layout."""

from __future__ import annotations

import re

from denocompare.core import compare as C
from denocompare.core.view import View
from denocompare.plotting import CHARTS
from denocompare.report import summary
from denocompare.report.build import CSS, build_html


def _html(ds, view):
    return build_html(ds, view, image=lambda k: f"{k}.png")


def test_the_summary_comes_first_with_every_point(bundled):
    text = _html(bundled, View("prolia", ("kefdensis",)))
    start = text.index("<h2>Summary</h2>")
    assert start < text.index("1. Product identity and attributes")
    block = text[start:text.index("</div>", start)]
    for point in ("What is compared", "Carve-outs", "US interchangeability",
                  "Presentation differences", "verdict per result",
                  "What the sources do not report"):
        assert point in block, point


def test_each_verdict_is_the_one_core_gives(bundled):
    view = View("prolia", tuple(bundled.family("prolia")))
    block = summary.summary_html(bundled, view)
    res = C.study_results(bundled, view.products)
    assert len(res) > summary.MAX_ITEMS  # the whole family's list is cut...
    assert f"and {len(res) - summary.MAX_ITEMS} more" in block  # ...and says so
    for r in res.head(summary.MAX_ITEMS).to_dict("records"):
        assert f"{r['verdict']} [{bundled.cite(r['source_id'])}]" in block


def test_a_carve_out_is_named_in_the_summary(bundled):
    view = View("prolia", tuple(bundled.family("prolia")))
    found = summary._carve_outs(bundled, view)
    matrix = C.indication_matrix(bundled, view)
    assert bool(found) == bool((matrix.states == C.CARVE_OUT).to_numpy().any())


def test_words_are_never_broken_and_captions_do_not_repeat_titles(bundled):
    assert re.search(r"hyphens:\s*none", CSS) and re.search(r"word-break:\s*keep-all", CSS)
    assert re.search(r"overflow-wrap:\s*normal", CSS)
    text = _html(bundled, View("prolia", ("kefdensis",)))
    for chart in CHARTS.values():
        assert text.count(chart.title) <= 1  # in the image's alt text only
