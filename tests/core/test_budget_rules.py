"""The budget model's rules at their edges (core/budget.py, core/budget_checks.py), beyond
tests/core/test_budget.py: uptake of 0 and 100 %, year 1 and the last year, the
break-even where it cannot be said, the sensitivity's +/- range, and each input rule on
its limit and one past it, with the field, product and year it names."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

from denocompare.core.budget import (
    MAX_HORIZON,
    BudgetInputs,
    ProductPrice,
    Uptake,
    compute,
    cost_per_dose,
    sensitivity,
)
from denocompare.core.budget_checks import check
from denocompare.core.budget_presets import preset_shares
from tests.core.test_budget import worked


def two(**changes) -> BudgetInputs:
    """The worked example with a second biosimilar 'b' at 250 per dose."""
    prices = (*worked().prices, ProductPrice("b", 250, currency="EUR"))
    return worked(prices=prices, **changes)


# --- prices -----------------------------------------------------------------------------
def test_a_price_per_dose_is_used_as_given_else_the_pack_price_per_dose():
    assert ProductPrice("x", 300, pack_price=900, doses_per_pack=2).base_per_dose() == 300
    assert ProductPrice("x", pack_price=900, doses_per_pack=2).base_per_dose() == 450
    assert ProductPrice("x", pack_price=900).base_per_dose() == 900  # one dose a pack
    assert ProductPrice("x").base_per_dose() == 0


@pytest.mark.parametrize("discount, reimbursed, cost", [
    (0, None, 300), (100, None, 0), (10, None, 270), (0, 50, 250), (50, 200, -50)])
def test_the_net_cost_is_the_discounted_price_less_the_reimbursement(discount, reimbursed,
                                                                     cost):
    price = ProductPrice("x", 300, discount_pct=discount, reimbursement_per_dose=reimbursed)
    assert cost_per_dose(price) == pytest.approx(cost)


def test_the_inputs_name_their_products_currency_and_prices():
    inputs = worked(prices=(ProductPrice("b", 250), ProductPrice("prolia", 300, currency="EUR"),
                            ProductPrice("kefdensis", 200, currency="EUR"),
                            ProductPrice("b", 1)))
    assert inputs.biosimilars == ["b", "kefdensis", "b"] and inputs.products[0] == "prolia"
    assert inputs.currency == "EUR"  # the first price that names one
    assert inputs.price_of("b").price_per_dose == 250  # the first entered
    assert inputs.price_of("gone") is None
    assert BudgetInputs("r").currency == ""


# --- uptake -----------------------------------------------------------------------------
def test_years_not_entered_are_0_new_and_the_last_cumulative_share_switched():
    inputs = two(horizon=4, uptake=(Uptake("kefdensis", (10, 20), (30,)),
                                    Uptake("b", (5, 5, 5, 5, 5), ()),
                                    Uptake("prolia", (50,), (50,))))
    new, switched = inputs.shares()
    assert np.allclose(new, [[0.1, 0.2, 0, 0], [0.05] * 4])  # the 5th year ignored
    assert np.allclose(switched, [[0.3] * 4, [0] * 4])  # the reference's uptake: none


def test_uptake_of_a_product_not_priced_is_skipped_not_the_end_of_the_list():
    inputs = worked(uptake=(Uptake("gone", (10,), (10,)), Uptake("kefdensis", (20,), (30,))))
    new, switched = inputs.shares()
    assert np.allclose(new, [[0.2]]) and np.allclose(switched, [[0.3]])


def test_a_preset_replaces_the_uptake_entered_and_is_split_evenly():
    inputs = two(preset="nhs2025", horizon=2)
    new, switched = inputs.shares()
    assert np.allclose(new, [[0.5, 0.5], [0.5, 0.5]])
    assert np.allclose(switched, [[0.4, 0.4], [0.4, 0.4]])
    assert [a.shape for a in preset_shares("slow", 0, 3)] == [(0, 3), (0, 3)]


def test_no_uptake_is_the_status_quo_every_year():
    r = compute(worked(horizon=3, new_patients_per_year=10,
                       uptake=(Uptake("kefdensis", (0, 0, 0), (0, 0, 0)),)))
    assert list(r.years["difference"]) == [0, 0, 0]
    assert list(r.years["treated_patients"]) == [110, 120, 130]  # existing + new x year
    assert list(r.years["status_quo"]) == [110 * 600, 120 * 600, 130 * 600]
    assert r.by_product.loc["kefdensis"].tolist() == [0, 0, 0]


def test_uptake_of_100_percent_puts_everyone_on_the_biosimilar_in_year_1():
    r = compute(worked(30, new_patients_per_year=10,
                       uptake=(Uptake("kefdensis", (100,), (100,)),)))
    y1 = r.years.iloc[0]
    assert y1["treated_patients"] == 110 and y1["patients_switched"] == 100
    assert y1["scenario"] == 110 * 400 + 100 * 30  # no one left on the reference
    assert r.by_product.loc["prolia", 1] == 0 and r.by_product.loc["kefdensis", 1] == 44_000
    assert y1["status_quo_per_patient"] == 600
    assert r.totals == pytest.approx({
        "status_quo": 66_000, "scenario": 47_000, "difference": -19_000,
        "status_quo_per_patient": 600, "scenario_per_patient": 47_000 / 110})


def test_new_patients_started_on_a_biosimilar_accumulate_over_the_years():
    r = compute(worked(new_patients_per_year=10, horizon=3,
                       uptake=(Uptake("kefdensis", (50, 100, 0), (0, 0, 0)),)))
    # on the biosimilar: 5, then 5 + 10, then 15 + 0
    assert r.by_product.loc["kefdensis"].tolist() == [5 * 400, 15 * 400, 15 * 400]
    assert r.by_product.columns.tolist() == [1, 2, 3]


def test_the_last_year_of_the_horizon_is_computed():
    r = compute(worked(horizon=MAX_HORIZON, new_patients_per_year=1,
                       uptake=(Uptake("kefdensis", (), (10, 20, 30, 40, 50)),)))
    assert list(r.years["year"]) == [1, 2, 3, 4, 5]
    assert list(r.years["patients_switched"]) == pytest.approx([10, 10, 10, 10, 10])
    assert r.years.iloc[-1]["treated_patients"] == 105


def test_no_patients_at_all_costs_nothing_and_per_patient_is_not_a_number():
    r = compute(worked(existing_patients=0))
    assert r.years.loc[0, "status_quo"] == 0 and r.years.loc[0, "scenario"] == 0
    assert math.isnan(r.years.loc[0, "scenario_per_patient"])
    assert math.isnan(r.totals["status_quo_per_patient"])
    assert math.isnan(r.break_even.iloc[0]["break_even_cost_per_dose"])  # no doses of it
    # no patients to vary: the prices, the doses and the uptake change nothing
    assert r.sensitivity["input"].tolist() == ["prolia", "kefdensis", "doses", "uptake"]
    assert set(r.sensitivity["swing"]) == {0}


# --- break-even -------------------------------------------------------------------------
def test_a_free_biosimilar_has_no_break_even_discount_to_give():
    # a price of 0 is allowed (a free supply); a discount off nothing is not a number
    inputs = worked(prices=(ProductPrice("prolia", 300, currency="EUR"),
                            ProductPrice("kefdensis", 0, currency="EUR")))
    b = compute(inputs).break_even.iloc[0]
    assert b["cost_per_dose"] == 0 and math.isnan(b["break_even_discount_pct"])


def test_the_break_even_discount_is_off_the_gross_price_with_the_reimbursement_back():
    inputs = worked(prices=(ProductPrice("prolia", 300, currency="EUR"),
                            ProductPrice("kefdensis", 250, currency="EUR", discount_pct=20,
                                         reimbursement_per_dose=10)))
    b = compute(inputs).break_even.iloc[0]
    # cost 250 x 0.8 - 10 = 190; it breaks even at the reference's 300 (no switching cost)
    assert b["cost_per_dose"] == pytest.approx(190)
    assert b["break_even_cost_per_dose"] == pytest.approx(300)
    assert b["break_even_discount_pct"] == pytest.approx((1 - 310 / 250) * 100)
    assert b["below_reference_pct"] == pytest.approx(0)


def test_a_break_even_that_cannot_be_said_is_not_a_number():
    free = worked(prices=(ProductPrice("prolia", 0, currency="EUR"),
                          ProductPrice("kefdensis", 0, currency="EUR")))
    b = compute(free).break_even.iloc[0]
    assert b["break_even_cost_per_dose"] == 0
    assert math.isnan(b["break_even_discount_pct"]) and math.isnan(b["below_reference_pct"])
    unused = two(uptake=(Uptake("kefdensis", (), (50,)),))
    rows = compute(unused).break_even.set_index("product_id")
    assert math.isnan(rows.loc["b", "break_even_cost_per_dose"])
    assert rows.loc["kefdensis", "break_even_cost_per_dose"] == pytest.approx(300)


# --- sensitivity ------------------------------------------------------------------------
def test_the_sensitivity_varies_each_input_by_minus_and_plus_the_range():
    s = compute(worked(20, sensitivity_pct=25)).sensitivity.set_index("input")
    assert set(s.index) == {"prolia", "kefdensis", "doses", "existing", "switching_cost",
                            "uptake"}
    bio = s.loc["kefdensis"]
    assert (bio["base_value"], bio["low_value"], bio["high_value"]) == (200, 150, 250)
    # 100 biosimilar doses: 50 less or more per dose moves the difference by 5,000
    assert (bio["difference_low"], bio["difference_high"]) == pytest.approx((-14_000, -4_000))
    assert bio["swing"] == pytest.approx(10_000) and bio["base_difference"] == -9_000
    cost = s.loc["switching_cost"]
    assert (cost["difference_low"], cost["difference_high"]) == pytest.approx((-9_250, -8_750))
    assert s.loc["doses", "label"] == "Doses per patient per year"
    up = s.loc["uptake"]
    assert (up["base_value"], up["low_value"], up["high_value"]) == pytest.approx((1, .75, 1.25))
    # 37.5 or 62.5 patients switched, each saving 200 a year less the switching cost 20
    assert (up["difference_low"], up["difference_high"]) == pytest.approx((-6_750, -11_250))


def test_the_sensitivity_at_100_percent_takes_an_input_to_0_and_double():
    s = compute(worked(sensitivity_pct=100)).sensitivity.set_index("input")
    assert s.loc["existing", "difference_low"] == 0
    assert s.loc["existing", "difference_high"] == pytest.approx(-20_000)


def test_a_share_pushed_past_100_percent_is_scaled_back_to_100():
    s = compute(worked(uptake=(Uptake("kefdensis", (), (100,)),),
                       sensitivity_pct=50)).sensitivity.set_index("input")
    # 150 % switched is 100 %: the same saving as the base, 100 x 2 x 100
    assert s.loc["uptake", "difference_high"] == pytest.approx(-20_000)
    assert s.loc["uptake", "difference_low"] == pytest.approx(-10_000)


def test_the_widest_swing_comes_first_and_equal_swings_keep_their_order():
    s = sensitivity(worked())
    assert list(s["swing"]) == sorted(s["swing"], reverse=True)
    assert list(s.columns) == ["input", "label", "base_value", "low_value", "high_value",
                               "difference_low", "difference_high", "swing",
                               "base_difference"]
    # the doses, the patients and the uptake each move the difference by 4,000 (it is
    # linear in each): they stay in the order they are listed
    assert list(s["swing"]) == [12_000, 8_000, 4_000, 4_000, 4_000]
    assert list(s["input"]) == ["prolia", "kefdensis", "doses", "existing", "uptake"]


# --- the input rules, on the limit and one past it -------------------------------------
def problems(inputs: BudgetInputs, products=None) -> list[tuple[tuple, str]]:
    return check(inputs, products)


@pytest.mark.parametrize("change, key, message", [
    ({"horizon": 1}, None, None), ({"horizon": MAX_HORIZON}, None, None),
    ({"horizon": 0}, ("horizon_years", "", 0), "must be 1 to 5 years (is 0)"),
    ({"horizon": 6}, ("horizon_years", "", 0), "must be 1 to 5 years (is 6)"),
    ({"sensitivity_pct": 100}, None, None), ({"sensitivity_pct": 0.5}, None, None),
    ({"sensitivity_pct": 100.5}, ("sensitivity_percent", "", 0),
     "must be more than 0 and at most 100 (is 100.5)"),
    ({"sensitivity_pct": 0}, ("sensitivity_percent", "", 0),
     "must be more than 0 and at most 100 (is 0)"),
    ({"doses_per_year": 0.5}, None, None),
    ({"doses_per_year": 0}, ("doses_per_patient_per_year", "", 0), "must be more than 0 (is 0)"),
    ({"existing_patients": 0, "new_patients_per_year": 0, "switching_cost": 0}, None, None),
    ({"existing_patients": -0.5}, ("existing_patients", "", 0),
     "must not be negative (is -0.5)"),
    ({"new_patients_per_year": -1}, ("new_patients_per_year", "", 0),
     "must not be negative (is -1)"),
    ({"switching_cost": float("nan")}, ("switching_cost_per_patient", "", 0),
     "must not be negative (is nan)"),
    ({"preset": "slow"}, None, None),
    ({"preset": "quick"}, ("uptake_preset", "", 0),
     "'quick' is not a preset (use custom, slow, fast, nhs2025)"),
])
def test_each_number_rule_on_its_limit_and_past_it(change, key, message):
    assert problems(worked(**change)) == ([] if key is None else [(key, message)])


def _priced(**kw) -> BudgetInputs:
    return worked(prices=(ProductPrice("prolia", 300, currency="EUR"),
                          ProductPrice("kefdensis", **{"currency": "EUR", **kw})))


@pytest.mark.parametrize("price, key, message", [
    ({"price_per_dose": 200, "discount_pct": 0}, None, None),
    ({"price_per_dose": 200, "discount_pct": 100}, None, None),
    ({"price_per_dose": 200, "discount_pct": 100.5}, ("discount_percent", "kefdensis", 0),
     "must be 0 to 100 (is 100.5)"),
    ({"price_per_dose": 200, "discount_pct": -0.5}, ("discount_percent", "kefdensis", 0),
     "must be 0 to 100 (is -0.5)"),
    ({"pack_price": 400, "doses_per_pack": 1}, None, None),
    ({"pack_price": 400, "doses_per_pack": 0}, ("doses_per_pack", "kefdensis", 0),
     "a pack price needs the doses per pack (more than 0)"),
    ({"pack_price": -1, "doses_per_pack": 1}, ("pack_price", "kefdensis", 0),
     "must not be negative (is -1)"),
    ({"pack_price": 400, "doses_per_pack": 1, "price_per_dose": 200},
     ("pack_price", "kefdensis", 0), "give a price per dose or a pack price, not both"),
    ({}, ("price_per_dose", "kefdensis", 0),
     "missing: give a price per dose, or a pack price with doses per pack"),
    ({"price_per_dose": 200, "reimbursement_per_dose": 0}, None, None),
    ({"price_per_dose": 200, "reimbursement_per_dose": -1},
     ("reimbursement_per_dose", "kefdensis", 0), "must not be negative (is -1)"),
    ({"price_per_dose": 200, "currency": ""}, ("currency", "kefdensis", 0),
     "missing: name the currency (e.g. EUR)"),
    ({"price_per_dose": 200, "price_type": "tender"}, None, None),
    ({"price_per_dose": 200, "price_type": "ASP-based"}, None, None),
    ({"price_per_dose": 200, "price_type": "net"}, ("price_type", "kefdensis", 0),
     "'net' is not a price type (use list, contract, tender, ASP-based)"),
])
def test_each_price_rule_names_the_product(price, key, message):
    assert problems(_priced(**price)) == ([] if key is None else [(key, message)])


def test_a_budget_without_a_reference_or_biosimilar_price_is_refused():
    no_ref = worked(prices=(ProductPrice("kefdensis", 200, currency="EUR"),))
    assert problems(no_ref) == [(("price_per_dose", "prolia", 0),
                                 "the reference needs a price (status quo cost)")]
    no_bio = worked(prices=(ProductPrice("prolia", 300, currency="EUR"),), uptake=())
    assert problems(no_bio) == [(("price_per_dose", "", 0), "no biosimilar has a price")]


def test_the_comparison_decides_the_reference_and_the_products_allowed():
    assert problems(worked(), ["prolia", "kefdensis", "b"]) == []
    assert problems(worked(), ["xgeva", "prolia", "kefdensis"]) == [
        (("reference", "", 0), "'prolia' is not the reference of the comparison ('xgeva')")]
    assert problems(worked(), ["prolia"]) == [
        (("price_per_dose", "kefdensis", 0), "'kefdensis' is not in the comparison (prolia)")]


def test_mixed_currencies_are_named_in_order():
    inputs = worked(prices=(ProductPrice("prolia", 300, currency="GBP"),
                            ProductPrice("kefdensis", 200, currency="EUR"),
                            ProductPrice("b", 200, currency="GBP")))
    assert problems(inputs) == [(("currency", "", 0), "currencies are mixed (EUR, GBP); "
                                 "enter every price in one currency")]


def test_each_share_rule_names_the_product_and_the_year():
    inputs = two(horizon=2, uptake=(
        Uptake("kefdensis", (0, 100.5), (100, 90, 95)), Uptake("gone", (), ()),
        Uptake("b", (-1,), ())))
    assert problems(inputs) == [
        (("new_share_percent", "kefdensis", 2), "must be 0 to 100 % (is 100.5)"),
        (("switched_share_percent", "kefdensis", 3), "a year beyond the horizon (2 years)"),
        (("switched_share_percent", "kefdensis", 2),
         "falls from 100 to 90 %: the share switched is cumulative"),
        (("switched_share_percent", "gone", 0),
         "uptake of a product with no price, or of the reference"),
        (("new_share_percent", "b", 1), "must be 0 to 100 % (is -1)")]


def test_shares_of_0_and_100_and_a_horizon_exactly_filled_are_allowed():
    inputs = worked(horizon=2, uptake=(Uptake("kefdensis", (0, 100), (0, 100)),))
    assert problems(inputs) == []


def test_shares_adding_up_past_100_are_named_by_year():
    inputs = two(horizon=2, uptake=(Uptake("kefdensis", (50, 60), (50, 50)),
                                    Uptake("b", (50, 41), (50, 51))))
    assert problems(inputs) == [
        (("new_share_percent", "", 2),
         "the biosimilars' shares add up to 101 % in year 2, more than 100 %"),
        (("switched_share_percent", "", 2),
         "the biosimilars' shares add up to 101 % in year 2, more than 100 %")]


def test_shares_are_not_checked_under_a_preset_or_a_horizon_out_of_range():
    bad = (Uptake("kefdensis", (150,), (150,)),)
    assert [k[0] for k, _m in problems(worked(preset="fast", uptake=bad))] == []
    assert [k[0] for k, _m in problems(worked(horizon=0, uptake=bad))] == ["horizon_years"]
    assert [k[0] for k, _m in problems(worked(horizon=MAX_HORIZON, uptake=bad))] == [
        "new_share_percent", "switched_share_percent"]


def test_a_refused_input_is_said_by_field_in_the_error():
    with pytest.raises(ValueError) as err:
        compute(worked(horizon=0, doses_per_year=0))
    assert str(err.value) == ("doses_per_patient_per_year: must be more than 0 (is 0); "
                              "horizon_years: must be 1 to 5 years (is 0)")
    assert np.isfinite(compute(worked()).totals["difference"])


def test_no_patients_and_a_vanishing_reference_cost_compute_without_a_numeric_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # numpy's divide and overflow warnings included
        r = compute(worked(existing_patients=0))
        assert math.isnan(r.totals["scenario_per_patient"])
        tiny = compute(worked(20, prices=(ProductPrice("prolia", 1e-310, currency="EUR"),
                                          ProductPrice("kefdensis", 200, currency="EUR"))))
    # 10 dearer than free would still save nothing: said as infinitely below the reference
    assert tiny.break_even.iloc[0]["below_reference_pct"] == math.inf


def test_one_patient_is_a_patient_for_the_per_patient_cost():
    r = compute(worked(existing_patients=1, doses_per_year=1,
                       uptake=(Uptake("kefdensis", (), (100,)),)))
    assert (r.years.loc[0, "status_quo_per_patient"], r.years.loc[0, "scenario_per_patient"]) \
        == (300, 200)
    # one dose of the biosimilar over the horizon is enough to say its break-even
    assert r.break_even.iloc[0]["break_even_cost_per_dose"] == 300


def test_the_break_even_discount_without_a_reimbursement():
    b = compute(worked(20)).break_even.iloc[0]
    # it breaks even at 290 per dose: 45 % dearer than its price of 200, a discount of -45 %
    assert b["break_even_discount_pct"] == pytest.approx(-45)


def test_below_a_free_reference_is_not_a_percentage():
    free = worked(20, prices=(ProductPrice("prolia", 0, currency="EUR"),
                              ProductPrice("kefdensis", 200, currency="EUR")))
    b = compute(free).break_even.iloc[0]
    assert b["break_even_cost_per_dose"] == pytest.approx(-10)  # the switching cost per dose
    assert math.isnan(b["below_reference_pct"])


def test_a_share_scaled_back_to_100_percent_switches_no_one_back():
    # +50 %: a 75 % then 75 %, b 0 then 75 %; year 2's 150 % scaled back to 100 % makes
    # a fall to 50 %. 75 patients switched in year 1 and b's 50 in year 2; none back.
    def high(switching_cost):
        s = sensitivity(two(horizon=2, switching_cost=switching_cost, sensitivity_pct=50,
                            uptake=(Uptake("kefdensis", (), (50, 50)),
                                    Uptake("b", (), (0, 50)))))
        return s.set_index("input").loc["uptake", "difference_high"]
    assert high(20) - high(0) == pytest.approx(20 * (75 + 50))


def test_the_uptake_sensitivity_varies_new_and_switched_shares_year_by_year():
    s = sensitivity(worked(horizon=2, new_patients_per_year=10, sensitivity_pct=50,
                           uptake=(Uptake("kefdensis", (100, 100), (100, 100)),)))
    up = s.set_index("input").loc["uptake"]
    # everyone on the biosimilar: 110 then 120 patients, 200 a year less each
    assert up["base_difference"] == pytest.approx(-46_000)
    assert up["difference_high"] == pytest.approx(-46_000)  # 150 % is 100 %, each year
    # half: 50 existing switched, 5 then 10 new patients on it: 55 and 60 patients
    assert up["difference_low"] == pytest.approx(-200 * (55 + 60))


def test_each_input_varied_is_labelled():
    s = sensitivity(worked(20, new_patients_per_year=5))
    assert dict(zip(s["input"], s["label"], strict=True)) == {
        "prolia": "Cost per dose", "kefdensis": "Cost per dose",
        "doses": "Doses per patient per year", "existing": "Existing patients",
        "new_per_year": "New patients per year",
        "switching_cost": "Switching cost per patient", "uptake": "Uptake (every share)"}


def test_many_inputs_of_equal_swing_keep_the_order_entered():
    # twenty biosimilars priced but given no uptake: their costs change nothing (swing 0)
    unused = tuple(ProductPrice(f"b{i:02}", 200, currency="EUR") for i in range(20))
    s = sensitivity(worked(prices=(*worked().prices, *unused)))
    zero = [k for k, w in zip(s["input"], s["swing"], strict=True) if w == 0]
    assert zero == [f"b{i:02}" for i in range(20)]


def test_shares_over_100_percent_by_the_rounding_tolerance_only_are_allowed():
    def total(b_share):
        return two(uptake=(Uptake("kefdensis", (50,), ()), Uptake("b", (b_share,), ())))
    # 50 + 50.0000001 is 100 % and the tolerance (1e-9 of it) exactly: allowed
    assert problems(total(50.0000001)) == []
    assert [k for k, _m in problems(total(50.0000002))] == [("new_share_percent", "", 1)]


def test_products_outside_the_comparison_are_named_with_the_comparisons_products():
    assert problems(worked(), ["prolia", "obodence"]) == [
        (("price_per_dose", "kefdensis", 0),
         "'kefdensis' is not in the comparison (prolia, obodence)")]
