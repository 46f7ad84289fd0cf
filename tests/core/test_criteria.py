"""Weighted criteria (core/criteria.py): what the data scores and how, that a gap is
never favourable, the ranking, and the smallest weight change that moves first place."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from denocompare.core import criteria as K
from denocompare.core.view import View
from denocompare.io.validate import load_dataset
from tests.helpers import edit_csv

FOUR = View("prolia", ("kefdensis", "jubbonti", "obodence", "izamby"), regions=("EU", "US"))


@pytest.fixture(scope="module")
def scores(bundled):
    return K.automatic_scores(bundled, FOUR)


def test_the_comparators_are_scored_not_the_reference(scores):
    assert all(set(per) == set(FOUR.comparators) for per in scores.values())
    assert set(scores) == {c.key for c in K.AUTOMATIC}


@pytest.mark.parametrize("key, pid, value, used, sources", [
    ("us_status", "kefdensis", 0.0, "US status: no licence", "S132"),
    ("us_status", "jubbonti", 1.0, "US authorisation dated 2024-03-05", "S37;S33"),
    ("eu_status", "kefdensis", 1.0, "EU authorisation dated 2025-11-17", "SEED-KEF"),
    ("interchangeability", "jubbonti", 1.0, "US interchangeability: yes", "S33;A3"),
    ("interchangeability", "obodence", 0.5, "US interchangeability: provisional", "S53"),
    ("launch", "obodence", 0.0, "US: not launched", "S68"),
])
def test_each_score_says_the_value_it_used_and_its_sources(scores, key, pid, value, used,
                                                          sources):
    s = scores[key][pid]
    assert (s.value, s.used, s.sources) == (value, used, sources)


@pytest.mark.parametrize("key, pid", [
    ("interchangeability", "kefdensis"),  # no row at all
    ("interchangeability", "izamby"),     # the source says 'not stated'
    ("latex", "jubbonti"), ("launch", "kefdensis"), ("indications", "izamby"),
])
def test_what_no_source_reports_is_a_gap_not_a_score(scores, key, pid):
    s = scores[key][pid]
    assert s.value is None and "not reported in source" in s.used


def test_indications_count_where_the_product_holds_a_licence(scores):
    # Kefdensis holds no US licence: that is the US status criterion's 0, not a
    # second penalty here.
    assert scores["indications"]["kefdensis"].value == 1.0
    assert scores["indications"]["kefdensis"].used.endswith("(EU)")
    assert scores["indications"]["jubbonti"].used == \
        "9 of the reference's 9 authorised indications (EU, US)"


def test_a_carve_out_counts_against(data_copy):
    edit_csv(data_copy, "indications", lambda t: t.replace(
        "jubbonti,EU,giop,authorised,", "jubbonti,EU,giop,not authorised,", 1))
    ds = load_dataset(data_copy)
    s = K.automatic_scores(ds, View("prolia", ("jubbonti",), regions=("EU",)))
    assert s["indications"]["jubbonti"].value == pytest.approx(3 / 4)
    assert s["indications"]["jubbonti"].used == \
        "3 of the reference's 4 authorised indications (EU)"


def test_a_region_without_a_licence_is_not_a_presentation_difference(scores):
    # Kefdensis holds no US licence (S132): its US presentation row says so. That is the
    # US status criterion's 0, not a second penalty as a presentation "unlike" Prolia's;
    # its EU presentation is the reference's (a pre-filled syringe, 1 mL).
    s = scores["presentation"]["kefdensis"]
    assert s.value == 1.0 and "as the reference" in s.used
    assert s.used.endswith("(Presentation (US): no licence there, scored under its status)")
    assert scores["presentation"]["obodence"].value == 1.0


def test_a_presentation_unlike_the_reference_scores_0(data_copy):
    edit_csv(data_copy, "attributes", lambda t: t.replace(
        "60 mg/1 mL single-use pre-filled syringe,,,,1,mL,pre-filled syringe,",
        "60 mg/1 mL single-use vial,,,,1,mL,vial,", 1))
    ds = load_dataset(data_copy)
    s = K.automatic_scores(ds, View("prolia", ("kefdensis",), regions=("EU", "US")))
    assert s["presentation"]["kefdensis"].value == 0.0
    assert "differs from the reference" in s["presentation"]["kefdensis"].used


def test_no_licence_in_any_region_is_a_gap_not_a_difference(data_copy):
    # Kefdensis made unlicensed in the EU too (its EU presentation row removed, an EU
    # status "refused" added, in a copy): every presentation row says "no licence".
    def edit(t):
        lines = [ln for ln in t.splitlines(keepends=True)
                 if not ln.startswith("kefdensis,EU,presentation,")]
        return "".join(lines) + "kefdensis,EU,eu_status,refused,,,,,,,S100,test only\n"
    edit_csv(data_copy, "attributes", edit)
    ds = load_dataset(data_copy)
    got = K.automatic_scores(ds, View("prolia", ("kefdensis",)))["presentation"]["kefdensis"]
    assert got.value is None
    assert got.used.startswith("Presentation: no licence where the reference's is given")


# -- ranking -------------------------------------------------------------------------

S = {"a": {"p": 1.0, "q": 0.0, "r": None}, "b": {"p": 0.0, "q": 1.0, "r": 1.0}}


def test_the_total_is_the_weighted_mean_and_a_gap_counts_as_worst_by_default():
    ranked = K.rank(S, {"a": 30, "b": 10})
    assert [(r.product, r.total) for r in ranked] == [("p", 0.75), ("q", 0.25), ("r", 0.25)]
    assert all(r.left_out == () for r in ranked)


def test_a_gap_left_out_drops_the_criterion_for_that_product_only_and_says_so():
    ranked = {r.product: r for r in K.rank(S, {"a": 30, "b": 10}, {"a": K.LEAVE_OUT})}
    assert ranked["r"].total == 1.0 and ranked["r"].left_out == ("a",)
    assert ranked["p"].total == 0.75 and ranked["p"].left_out == ()


def test_a_criterion_of_weight_0_plays_no_part():
    assert [r.product for r in K.rank(S, {"a": 0, "b": 10})][0] == "q"
    assert K.rank(S, {"a": 0, "b": 0})[0].total == 0.0


def test_ties_keep_the_order_given():
    assert [r.product for r in K.rank({"a": {"x": 0.5, "y": 0.5}}, {"a": 1})] == ["x", "y"]


def test_the_smallest_weight_change_that_moves_first_place():
    # p leads 30:10; with b at w, p = 30/(30+w), q = w/(30+w): level at w = 30 (+20).
    # With a at w: p = w/(w+10), q = 10/(w+10): level at w = 10 (-20). A decrease is
    # tried before an increase of the same size.
    assert K.robustness(S, {"a": 30, "b": 10}) == ("a", -20.0)
    assert K.robustness(S, {"a": 30, "b": 11}) == ("a", -19.0)
    assert K.robustness(S, {"a": 31, "b": 10}) == ("a", -21.0)
    # p = 10/15, q = 9/15: b + 1 levels them (10/16, 10/16); a needs -2 (8/13 vs 8.2/13).
    close = {"a": {"p": 1.0, "q": 0.4}, "b": {"p": 0.0, "q": 1.0}}
    assert K.robustness(close, {"a": 10, "b": 5}) == ("b", 1.0)


def test_robustness_in_words():
    labels = {"a": "Price"}
    assert K.robustness_text(("a", -12.0), labels) == \
        "The first place changes if Price weighs 12 points less."
    assert K.robustness_text(("a", 1.0), labels) == \
        "The first place changes if Price weighs 1 point more."
    assert K.robustness_text(None, labels).startswith("No single change")


def test_a_lead_no_weight_change_can_take_is_said():
    dominant = {"a": {"p": 1.0, "q": 0.0}, "b": {"p": 1.0, "q": 0.5}}
    assert K.robustness(dominant, {"a": 10, "b": 10}) is None
    assert K.robustness({"a": {"p": 1.0}}, {"a": 10}) is None


_SCORE = st.one_of(st.none(), st.floats(0, 1))  # None: a gap


@settings(deadline=None)  # a loaded machine is not a failure
@given(st.lists(st.tuples(_SCORE, _SCORE, _SCORE), min_size=2, max_size=5),
       st.tuples(*[st.integers(0, 50)] * 3), st.tuples(*[st.sampled_from(K.GAP_POLICIES)] * 3))
def test_the_change_found_does_move_first_place_and_no_smaller_one_does(rows, ws, gap_rules):
    # The oracle: each trial ranked one by one, as the committee's table ranks.
    scores = {k: {f"p{i}": row[j] for i, row in enumerate(rows)} for j, k in enumerate("abc")}
    weights, policies = dict(zip("abc", ws, strict=True)), dict(zip("abc", gap_rules,
                                                                    strict=True))
    first = K.rank(scores, weights, policies)[0]
    found = K.robustness(scores, weights, policies, limit=60)

    def moved(key, delta):
        w = weights[key] + delta
        if w < 0:
            return False
        totals = {r.product: r.total for r in K.rank(scores, {**weights, key: w}, policies)}
        return any(t >= totals[first.product] - 1e-12
                   for p, t in totals.items() if p != first.product)

    # the first in the order tried: smaller changes first, criteria in their order, a
    # decrease before an increase
    assert found == next(((k, float(d)) for i in range(1, 61) for k in scores
                          for d in (-i, i) if moved(k, d)), None)


# -- the committee's settings ------------------------------------------------------------

def test_settings_round_trip_and_hand_scores_join_the_automatic_ones(scores):
    settings = K.Settings(weights=(("indications", 30.0), ("supply", 10.0)),
                          manual=(("supply", "Supply reliability"),),
                          manual_scores=(("supply", "jubbonti", 0.8),),
                          policies=(("latex", K.LEAVE_OUT),))
    assert K.Settings.from_dict(settings.to_dict()) == settings
    joined = settings.scores(scores, list(FOUR.comparators))
    assert joined["supply"] == {"kefdensis": None, "jubbonti": 0.8, "obodence": None,
                                "izamby": None}  # not yet scored by hand: a gap
    assert joined["indications"]["jubbonti"] == 1.0
    assert settings.labels()["supply"] == "Supply reliability"


def test_weights_are_numbers_of_0_or_more_and_every_problem_is_said():
    assert K.Settings.from_dict({"weights": {"a": "0", "b": "12,5"}}).weights == \
        (("a", 0.0), ("b", 12.5))
    with pytest.raises(ValueError) as err:
        K.Settings.from_dict({"weights": {"a": "ten", "b": -1, "c": "nan"},
                              "manual": {"s": "Supply"},
                              "manual_scores": [["s", "p", 1.01], ["t", "p", 1]],
                              "gaps": {"a": "ignore"}})
    assert str(err.value).split("; ") == [
        "weight of a: 'ten' is not a number", "weight of b: -1 must be 0 or more",
        "weight of c: nan must be 0 or more",
        "score of s for p: 1.01 must be from 0 to 1",
        "score by hand ['t', 'p', 1]: not [criterion, product, score]",
        "gaps of a: 'ignore' is not one of score as worst, leave out for that product"]
    assert K.Settings.from_dict({"manual": {"s": "S"}, "manual_scores": [["s", "p", 1]]}) \
        .manual_scores == (("s", "p", 1.0),)


def test_price_scores_the_share_of_the_references_net_cost_saved(bundled):
    from denocompare.core.budget import BudgetInputs, ProductPrice

    budget = BudgetInputs("prolia", prices=(
        ProductPrice("prolia", price_per_dose=300.0, currency="EUR"),
        ProductPrice("kefdensis", price_per_dose=200.0, currency="EUR"),
        ProductPrice("jubbonti", price_per_dose=400.0, currency="EUR")), illustrative=True)
    view = View("prolia", ("kefdensis", "jubbonti", "obodence"), budget=budget)
    s = K.automatic_scores(bundled, view)["price"]
    assert s["kefdensis"].value == pytest.approx(1 / 3)
    assert s["kefdensis"].used == ("net cost per dose 200.00 vs the reference's 300.00 EUR "
                                   "(illustrative prices): 33 % less")
    assert s["jubbonti"].value == 0.0  # dearer than the reference: nothing saved
    assert s["obodence"].value is None  # no price entered: a gap
    assert K.automatic_scores(bundled, FOUR)["price"]["kefdensis"].value is None


def test_price_weighs_nothing_by_default_without_prices():
    assert dict(K.default_settings(False).weights)["price"] == 0.0
    assert dict(K.default_settings(True).weights)["price"] == 10.0
    assert dict(K.default_settings(False).weights)["indications"] == 10.0
