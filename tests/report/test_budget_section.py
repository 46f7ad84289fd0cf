"""The report's budget section: there with budget inputs, and only then."""

from __future__ import annotations

from denocompare.core.view import View
from denocompare.report.budget_section import budget_section
from denocompare.report.build import build_html
from tests.core.test_budget import worked


def test_no_budget_no_section(bundled):
    view = View("prolia", ("kefdensis",))
    assert budget_section(bundled, view) == []
    assert "Budget impact" not in build_html(bundled, view, image=lambda key: key)


def test_the_section_shows_inputs_results_sensitivity_and_the_doses_source(bundled):
    view = View("prolia", ("kefdensis",), budget=worked(20, illustrative=True,
                                                          doses_source="from dataset: "
                                                          "interval 6 months, S3;S4"))
    html = build_html(bundled, view, image=lambda key: key)
    section = html[html.index("<h2 class='pb'>Budget impact"):]
    for text in ("Inputs", "Results by year", "Break-even", "One-way sensitivity",
                 "from dataset: interval 6 months, S3;S4", "ILLUSTRATIVE PRICES",
                 "60,000.00", "51,000.00", "-9,000.00", "290.00"):
        assert text in section, text
    assert section.count("<img class='chart'") == 2
    assert html.index("Budget impact") < html.index("6. Sources")


def test_a_budget_that_breaks_a_rule_is_left_out(bundled):
    assert budget_section(bundled, View("prolia", ("obodence",), budget=worked())) == []
