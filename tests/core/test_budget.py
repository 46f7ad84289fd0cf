"""The budget model: the README's worked example, its rules at their boundaries, and
properties that hold for any inputs."""

from __future__ import annotations

import math

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from denocompare.core.budget import BudgetInputs, ProductPrice, Uptake, compute, cost_per_dose
from denocompare.core.budget_checks import check
from denocompare.core.budget_presets import PRESETS
from denocompare.core.budget_tables import doses_from_dataset, result_tables, to_records


def worked(switching_cost: float = 0.0, **changes) -> BudgetInputs:
    """The README's worked example."""
    return BudgetInputs("prolia", (ProductPrice("prolia", 300, currency="EUR"),
                                   ProductPrice("kefdensis", 200, currency="EUR")),
                        (Uptake("kefdensis", (0,), (50,)),), existing_patients=100,
                        doses_per_year=2, switching_cost=switching_cost).replace(**changes)


def test_the_readme_worked_example():
    r = compute(worked())
    assert r.years.loc[0, "status_quo"] == 60_000
    assert r.years.loc[0, "scenario"] == 50_000
    assert r.totals["difference"] == -10_000
    assert r.years.loc[0, "scenario_per_patient"] == 500


def test_the_worked_example_with_a_switching_cost():
    r = compute(worked(switching_cost=20))
    assert r.totals["difference"] == -9_000
    assert r.years.loc[0, "patients_switched"] == 50


def test_switching_cost_is_paid_once_per_switched_patient_over_years():
    r = compute(worked(20, horizon=3, uptake=(Uptake("kefdensis", (), (50, 50, 80)),)))
    assert list(r.years["patients_switched"]) == pytest.approx([50, 0, 30])
    # year 3: 80 on the biosimilar (80 x 400) + 20 on the reference (20 x 600) + 30 x 20
    assert r.years.loc[2, "scenario"] == pytest.approx(80 * 400 + 20 * 600 + 30 * 20)


def test_new_patients_stay_on_what_they_started():
    inputs = worked(new_patients_per_year=10, horizon=2,
                    uptake=(Uptake("kefdensis", (100, 0), (0, 0)),))
    r = compute(inputs)
    # year 2: 120 treated; the 10 started on the biosimilar in year 1 stay on it
    assert r.years.loc[1, "treated_patients"] == 120
    assert r.years.loc[1, "scenario"] == 110 * 600 + 10 * 400


def test_cost_per_dose_from_a_pack_discount_and_reimbursement():
    price = ProductPrice("x", pack_price=500, doses_per_pack=2, currency="EUR",
                         discount_pct=10, reimbursement_per_dose=25)
    assert cost_per_dose(price) == pytest.approx(250 * 0.9 - 25)


def test_break_even_of_the_worked_example():
    b = compute(worked(20)).break_even.iloc[0]
    # 9,000 saved over 100 biosimilar doses: it breaks even 90 dearer per dose
    assert b["break_even_cost_per_dose"] == pytest.approx(290)
    assert b["below_reference_pct"] == pytest.approx(100 * (1 - 290 / 300))


def test_sensitivity_varies_each_input_by_the_range_widest_first():
    s = compute(worked(sensitivity_pct=10)).sensitivity
    ref = s[s["input"] == "prolia"].iloc[0]
    assert ref["low_value"] == pytest.approx(270) and ref["high_value"] == pytest.approx(330)
    # the reference's 100 doses at 270: 50 x 2 x 270 = 27,000 + 20,000 vs 54,000
    assert ref["difference_low"] == pytest.approx(-7_000)
    assert list(s["swing"]) == sorted(s["swing"], reverse=True)
    assert "new_per_year" not in set(s["input"])  # 0 new patients: nothing to vary


def test_presets_split_their_share_among_the_biosimilars():
    inputs = worked(preset="fast", horizon=3, prices=(
        ProductPrice("prolia", 300, currency="EUR"), ProductPrice("a", 200, currency="EUR"),
        ProductPrice("b", 200, currency="EUR")))
    new, switched = inputs.shares()
    assert switched[:, 0].sum() == pytest.approx(PRESETS["fast"][1][0] / 100)
    assert new[0, 2] == pytest.approx(0.5)


def test_the_tables_say_illustrative_prices_when_the_flag_is_set():
    plain = result_tables(compute(worked()))
    marked = result_tables(compute(worked(illustrative=True)))
    assert all("Prices" not in t.columns for t in plain.values())
    assert all((t["Prices"] == "illustrative prices").all() for t in marked.values())


def test_records_name_every_input():
    fields = {r["field"] for r in to_records(worked(20))}
    assert {"reference", "price_per_dose", "switched_share_percent",
            "switching_cost_per_patient", "doses_source"} <= fields


def test_doses_per_year_from_the_dosing_interval(bundled):
    assert doses_from_dataset(bundled, "prolia") == (2.0, "from dataset: interval 6 "
                                                     "months, S3;S4")
    assert doses_from_dataset(bundled, "xgeva")[0] == 13.0  # every 4 weeks
    assert doses_from_dataset(bundled, "prolia", ("US",))[1].endswith("S8;A1")


# --- the rules, at their boundaries ----------------------------------------------------
def fields(inputs: BudgetInputs, products=None) -> set[str]:
    return {key[0] for key, _m in check(inputs, products)}


def test_valid_inputs_break_no_rule():
    assert check(worked(), ["prolia", "kefdensis"]) == []


def test_a_share_of_exactly_100_is_allowed_and_a_hair_more_is_not():
    at = worked(uptake=(Uptake("kefdensis", (100,), (100,)),))
    over = worked(uptake=(Uptake("kefdensis", (100.01,), (50,)),))
    assert check(at) == []
    assert fields(over) == {"new_share_percent"}


def test_shares_of_two_biosimilars_over_100_together_are_refused():
    inputs = worked(prices=(*worked().prices, ProductPrice("b", 200, currency="EUR")),
                    uptake=(Uptake("kefdensis", (), (60,)), Uptake("b", (), (40.01,))))
    assert ["more than 100 %" in m for _k, m in check(inputs)] == [True]
    assert check(inputs.replace(uptake=(Uptake("kefdensis", (), (60,)),
                                        Uptake("b", (), (40,))))) == []


def test_price_zero_is_allowed_negative_and_missing_are_not():
    def priced(**kw):
        return worked(prices=(ProductPrice("prolia", 300, currency="EUR"),
                              ProductPrice("kefdensis", currency="EUR", **kw)))
    assert check(priced(price_per_dose=0)) == []
    assert fields(priced(price_per_dose=-0.01)) == {"price_per_dose"}
    assert fields(priced()) == {"price_per_dose"}
    assert fields(priced(pack_price=400)) == {"doses_per_pack"}


def test_mixed_currencies_are_refused():
    inputs = worked(prices=(ProductPrice("prolia", 300, currency="EUR"),
                            ProductPrice("kefdensis", 200, currency="GBP")))
    assert fields(inputs) == {"currency"}


def test_a_product_outside_the_comparison_is_refused():
    assert fields(worked(), ["prolia", "obodence"]) == {"price_per_dose"}
    assert fields(worked(), ["xgeva", "kefdensis"]) == {"reference", "price_per_dose"}


def test_a_cumulative_share_that_falls_is_refused():
    inputs = worked(horizon=2, uptake=(Uptake("kefdensis", (), (50, 40)),))
    assert fields(inputs) == {"switched_share_percent"}


@pytest.mark.parametrize("change, field", [
    ({"horizon": 0}, "horizon_years"), ({"horizon": 6}, "horizon_years"),
    ({"doses_per_year": 0}, "doses_per_patient_per_year"),
    ({"existing_patients": -1}, "existing_patients"),
    ({"switching_cost": -1}, "switching_cost_per_patient"),
    ({"sensitivity_pct": 0}, "sensitivity_percent"), ({"preset": "quick"}, "uptake_preset")])
def test_each_number_rule(change, field):
    assert fields(worked(**change)) == {field}


def test_nothing_is_computed_from_inputs_that_break_a_rule():
    with pytest.raises(ValueError, match="horizon"):
        compute(worked(horizon=0))


# --- properties --------------------------------------------------------------------------
money = st.floats(0, 5_000, allow_nan=False)
share = st.floats(0, 100, allow_nan=False)


@st.composite
def budgets(draw) -> BudgetInputs:
    years = draw(st.integers(1, 5))
    switched = sorted(draw(st.lists(share, min_size=years, max_size=years)))
    new = draw(st.lists(share, min_size=years, max_size=years))
    return BudgetInputs(
        "ref", (ProductPrice("ref", draw(money), currency="EUR"),
                ProductPrice("bio", draw(money), currency="EUR",
                             discount_pct=draw(st.floats(0, 100)))),
        (Uptake("bio", tuple(new), tuple(switched)),),
        existing_patients=draw(st.floats(0, 10_000)), new_patients_per_year=draw(
            st.floats(0, 1_000)), doses_per_year=draw(st.floats(0.5, 13)), horizon=years,
        switching_cost=draw(st.floats(0, 500)))


@settings(max_examples=60, deadline=None)
@given(budgets())
def test_no_one_switching_means_the_scenario_is_the_status_quo(inputs):
    none = inputs.replace(uptake=(Uptake("bio", (0,) * inputs.horizon,
                                         (0,) * inputs.horizon),))
    r = compute(none)
    assert r.years["scenario"].tolist() == pytest.approx(r.years["status_quo"].tolist())
    assert r.totals["difference"] == pytest.approx(0, abs=1e-6)


@settings(max_examples=60, deadline=None)
@given(budgets(), st.floats(0.01, 1))
def test_savings_never_shrink_as_the_biosimilars_price_falls(inputs, cut):
    bio = inputs.price_of("bio")
    cheaper = inputs.replace(prices=(inputs.prices[0], bio.__class__(
        "bio", bio.price_per_dose * (1 - cut), currency="EUR", discount_pct=bio.discount_pct)))
    assert compute(cheaper).totals["difference"] <= compute(inputs).totals["difference"] + 1e-6


@settings(max_examples=60, deadline=None)
@given(budgets())
def test_at_the_break_even_price_the_scenario_saves_nothing(inputs):
    r = compute(inputs)
    even = r.break_even.iloc[0]["break_even_cost_per_dose"]
    assume(not math.isnan(even) and even >= 0)
    at = inputs.replace(prices=(inputs.prices[0], ProductPrice("bio", even, currency="EUR")))
    # Relative to the sums involved: with a free reference (status quo 0) the scenario
    # still adds up thousands, and float rounding is relative to those.
    scale = max(1.0, abs(r.totals["status_quo"]), abs(r.totals["scenario"]))
    assert compute(at).totals["difference"] == pytest.approx(0, abs=1e-9 * scale)
