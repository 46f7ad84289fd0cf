"""The budget charts: what they draw, with and without inputs; not in the chart registry."""

from __future__ import annotations

from matplotlib.figure import Figure

from denocompare.core.budget import compute
from denocompare.plotting import CHARTS
from denocompare.plotting.budget import BUDGET_CHARTS, NO_INPUTS
from tests.core.test_budget import worked


def texts(fig: Figure) -> str:
    return " ".join(t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_text")))


def test_annual_cost_draws_status_quo_beside_the_scenario_by_product():
    fig = BUDGET_CHARTS["budget_annual"].draw(Figure(), compute(worked(20, horizon=2)))
    bars = {p.get_gid() for p in fig.axes[0].patches}
    assert {"bar-status-quo", "bar-prolia", "bar-kefdensis", "bar-switching"} <= bars
    assert "−9,000" in texts(fig) and "ILLUSTRATIVE" not in texts(fig)


def test_the_tornado_has_a_row_per_varied_input_and_marks_illustrative_prices():
    result = compute(worked(illustrative=True))
    fig = BUDGET_CHARTS["budget_tornado"].draw(Figure(), result, str.title)
    assert "ILLUSTRATIVE PRICES" in texts(fig) and "Cost per dose: Prolia" in texts(fig)
    lows = [p for p in fig.axes[0].patches if (p.get_gid() or "").startswith("low-")]
    assert len(lows) == len(result.sensitivity) == 5


def test_no_inputs_draw_a_message_and_the_registry_holds_no_budget_chart():
    for chart in BUDGET_CHARTS.values():
        assert NO_INPUTS in texts(chart.draw(Figure(), None))
    assert not set(BUDGET_CHARTS) & set(CHARTS)
