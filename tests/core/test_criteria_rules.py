"""Criteria scoring's rules at their edges (core/criteria.py), beyond
tests/core/test_criteria.py: each status word's score and that a gap is never
favourable, on attributes built in memory; the weighted mean with weights of 0 and
gaps; ties; the smallest one-weight change that moves first place; saved settings."""

from __future__ import annotations

import pandas as pd
import pytest

from denocompare.core import criteria as K
from denocompare.core.budget import BudgetInputs, ProductPrice
from denocompare.core.dataset import Dataset
from denocompare.core.view import View

_COLUMNS = ["product_id", "region", "attribute", "value", "preferred", "source_id"]


def tables(*rows: tuple, regions=("EU", "US"), budget=None) -> K.Tables:
    """Scoring tables over attribute rows (product, region, attribute, value,
    preferred, source) for 'ref' compared with 'p'."""
    ds = Dataset({"attributes": pd.DataFrame(list(rows), columns=_COLUMNS)})
    return K.Tables(ds, View("ref", ("p",), regions=regions, budget=budget))


def row(attribute: str, value: str, preferred="yes", source="S1", region="EU"):
    return ("p", region, attribute, value, preferred, source)


def score(key: str, t: K.Tables) -> K.Score:
    scorer = next(c.score for c in K.AUTOMATIC if c.key == key)
    return scorer(t, "p")


# --- which row is read ------------------------------------------------------------------
def test_the_preferred_row_is_read_and_a_row_marked_no_only_when_there_is_no_other():
    t = tables(row("eu_status", "refused", "no", "S1"), row("eu_status", "authorised", "yes",
                                                               "S2"))
    assert score("eu_status", t) == K.Score(1.0, "EU status: authorised", "S2")
    only_old = tables(row("eu_status", "refused", "no", "S1"))
    assert score("eu_status", only_old) == K.Score(0.0, "EU status: refused", "S1")
    unmarked = tables(row("eu_status", "authorised", pd.NA, "S3"))
    assert score("eu_status", unmarked).sources == "S3"


def test_another_products_or_attributes_row_is_not_read():
    t = tables(("ref", "EU", "eu_status", "authorised", "yes", "S1"),
               row("us_status", "authorised", region="US"))
    assert score("eu_status", t).value is None


# --- regulatory status ------------------------------------------------------------------
@pytest.mark.parametrize("value, expected", [
    ("authorised", 1.0), ("CHMP positive opinion", 0.5), ("refused", 0.0),
    ("withdrawn", 0.0), ("suspended", 0.0), ("a word added later", 0.0)])
def test_each_status_word_scores_its_value_and_an_unknown_word_0(value, expected):
    s = score("eu_status", tables(row("eu_status", value)))
    assert s == K.Score(expected, f"EU status: {value}", "S1")


def test_a_licence_date_without_a_status_word_is_a_licence():
    t = tables(row("us_approval_date", "2024-03-05", source="S9", region="US"))
    assert score("us_status", t) == K.Score(1.0, "US authorisation dated 2024-03-05", "S9")
    eu = tables(row("eu_authorisation_date", "2025-11-17", source="S8"))
    assert score("eu_status", eu) == K.Score(1.0, "EU authorisation dated 2025-11-17", "S8")
    # the other region's date says nothing about this one
    assert score("us_status", eu) == K.Score(None, "US status not reported in source", "")


def test_a_status_not_reported_is_a_gap_even_with_a_date():
    t = tables(row("eu_status", "not reported", source="S4"),
               row("eu_authorisation_date", "2025-11-17"))
    assert score("eu_status", t) == K.Score(None, "EU status not reported in source", "S4")
    assert score("eu_status", tables()).value is None


# --- interchangeability, launch ---------------------------------------------------------
@pytest.mark.parametrize("value, expected, used", [
    ("yes", 1.0, "US interchangeability: yes"),
    ("provisional", 0.5, "US interchangeability: provisional"),
    ("no", 0.0, "US interchangeability: no"),
    ("not stated", None, "US interchangeability not reported in source ('not stated')"),
    ("Yes", None, "US interchangeability not reported in source ('Yes')"),
])
def test_interchangeability_words(value, expected, used):
    s = score("interchangeability", tables(row("us_interchangeability", value, region="US")))
    assert s == K.Score(expected, used, "S1")
    gap = score("interchangeability", tables())
    assert gap == K.Score(None, "US interchangeability not reported in source", "")


def test_launch_is_the_share_of_the_views_regions_where_it_is_launched():
    both = (row("eu_market_status", "launched", source="S1"),
            row("us_market_status", "not launched", source="S2", region="US"))
    assert score("launch", tables(*both)) == K.Score(0.5, "EU: launched; US: not launched",
                                                     "S1;S2")
    assert score("launch", tables(*both, regions=("EU",))) == K.Score(1.0, "EU: launched",
                                                                      "S1")
    assert score("launch", tables(*both, regions=("US",))).value == 0.0


def test_launch_leaves_out_regions_not_reported_and_a_region_unreported_is_a_gap():
    t = tables(row("eu_market_status", "not reported", source="S1"),
               row("us_market_status", "discontinued", source="", region="US"))
    assert score("launch", t) == K.Score(0.0, "US: discontinued", "")
    none = tables(row("eu_market_status", "not reported"))
    assert score("launch", none) == K.Score(None, "market status not reported in source")


# --- price ------------------------------------------------------------------------------
def _budget(ref=300.0, mine=200.0, illustrative=False) -> BudgetInputs:
    prices = [ProductPrice("ref", ref, currency="EUR")]
    if mine is not None:
        prices.append(ProductPrice("p", mine, currency="EUR"))
    return BudgetInputs("ref", tuple(prices), illustrative=illustrative)


@pytest.mark.parametrize("mine, value", [(200, 1 / 3), (300, 0.0), (450, 0.0), (0, 1.0)])
def test_price_scores_the_share_saved_from_0_to_1(mine, value):
    s = score("price", tables(budget=_budget(mine=mine)))
    assert s.value == pytest.approx(value)


def test_price_says_what_it_compared():
    s = score("price", tables(budget=_budget(ref=1234.5, mine=617.25)))
    assert s.used == "net cost per dose 617.25 vs the reference's 1,234.50 EUR: 50 % less"


def test_price_gaps_say_what_is_missing():
    assert score("price", tables()) == K.Score(None, "no prices: enter them on the Budget tab")
    assert score("price", tables(budget=_budget(mine=None))).used == \
        "no price entered for this product"
    no_ref = BudgetInputs("ref", (ProductPrice("p", 200, currency="EUR"),))
    assert score("price", tables(budget=no_ref)).used == "no price entered for the reference"
    free = score("price", tables(budget=_budget(ref=0.0)))
    assert free == K.Score(None, "the reference's net cost per dose is 0: nothing to compare "
                           "with")


# --- the total --------------------------------------------------------------------------
def test_a_negative_or_absent_weight_plays_no_part():
    scores = {"a": {"p": 1.0, "q": 0.0}, "b": {"p": 0.0, "q": 1.0}}
    assert [r.product for r in K.rank(scores, {"a": -5, "b": 1})] == ["q", "p"]
    assert [r.product for r in K.rank(scores, {"b": 1})] == ["q", "p"]


def test_a_criterion_of_weight_0_is_neither_a_part_nor_a_gap():
    scores = {"a": {"p": 1.0}, "b": {"p": None}}
    (r,) = K.rank(scores, {"a": 1, "b": 0})
    assert r.parts == (("a", 1.0),) and r.gaps == () and r.left_out == ()
    (left,) = K.rank(scores, {"a": 1, "b": 0}, {"b": K.LEAVE_OUT})
    assert left.left_out == () and left.total == 1.0


def test_the_parts_add_up_to_the_total_and_a_gap_scored_worst_is_a_named_0():
    scores = {"a": {"p": 1.0}, "b": {"p": None}, "c": {"p": 0.5}}
    (r,) = K.rank(scores, {"a": 2, "b": 1, "c": 1})
    assert r.parts == (("a", 0.5), ("b", 0.0), ("c", 0.125))
    assert r.total == pytest.approx(0.625) and r.gaps == ("b",) and r.left_out == ()
    (left,) = K.rank(scores, {"a": 2, "b": 1, "c": 1}, {"b": K.LEAVE_OUT, "a": K.LEAVE_OUT})
    assert left.parts == (("a", 2 / 3), ("c", 0.5 / 3)) and left.left_out == ("b",)
    assert left.gaps == ()


def test_a_product_with_every_criterion_left_out_totals_0():
    (r,) = K.rank({"a": {"p": None}}, {"a": 1}, {"a": K.LEAVE_OUT})
    assert (r.total, r.parts, r.left_out) == (0.0, (), ("a",))


def test_a_gap_is_never_favourable_under_either_policy():
    scores = {"a": {"scored": 0.0, "gap": None}}
    for policy in (K.WORST, K.LEAVE_OUT):
        ranked = K.rank(scores, {"a": 1}, {"a": policy})
        assert [r.total for r in ranked] == [0.0, 0.0]


def test_products_are_ranked_best_first_in_the_order_first_seen_when_tied():
    scores = {"a": {"x": 0.2, "y": 0.5}, "b": {"z": 0.5, "y": 0.5}}
    ranked = K.rank(scores, {"a": 1, "b": 1})
    # y 0.5; x 0.1 (a gap in b); z 0.25
    assert [(r.product, r.total) for r in ranked] == [("y", 0.5), ("z", 0.25), ("x", 0.1)]
    tied = K.rank({"a": {"x": 0.5, "y": 0.5, "z": 0.6}}, {"a": 1})
    assert [r.product for r in tied] == ["z", "x", "y"]


# --- robustness -------------------------------------------------------------------------
def test_a_tie_for_first_is_a_change_of_first_place():
    # p 1.0 vs q 0.0 under a, 0 vs 1 under b: equal weights tie them
    scores = {"a": {"p": 1.0, "q": 0.0}, "b": {"p": 0.0, "q": 1.0}}
    assert K.robustness(scores, {"a": 11, "b": 10}) == ("a", -1.0)
    assert K.robustness(scores, {"a": 10, "b": 10}) == ("a", -1.0)  # already level


def test_the_steps_and_the_limit_of_the_search():
    scores = {"a": {"p": 1.0, "q": 0.0}, "b": {"p": 0.0, "q": 1.0}}
    assert K.robustness(scores, {"a": 30, "b": 10}, step=5) == ("a", -20.0)
    assert K.robustness(scores, {"a": 30, "b": 10}, step=15) == ("a", -30.0)
    assert K.robustness(scores, {"a": 30, "b": 10}, limit=20) == ("a", -20.0)
    assert K.robustness(scores, {"a": 30, "b": 10}, limit=19) is None


def test_a_weight_may_be_lowered_to_0_and_an_absent_one_counts_as_0():
    scores = {"a": {"p": 1.0, "q": 0.0}, "b": {"p": 0.0, "q": 1.0}}
    # a at 0 leaves no weight: both total 0, level
    assert K.robustness(scores, {"a": 1, "b": 0}) == ("a", -1.0)
    assert K.robustness(scores, {"a": 1}) == ("a", -1.0)
    assert K.robustness(scores, {"a": 3, "b": 1}) == ("a", -2.0)


def test_the_search_goes_to_the_limit_and_not_one_step_past_it():
    scores = {"a": {"p": 1.0, "q": 0.0}, "b": {"p": 0.0, "q": 1.0}}
    # the default limit is 100 points: a lead of 100 is found, one of 101 is not
    assert K.robustness(scores, {"a": 110, "b": 10}) == ("a", -100.0)
    assert K.robustness(scores, {"a": 111, "b": 10}) is None
    # the limit is in points, not in steps: 15 points in steps of 5 is three steps
    assert K.robustness(scores, {"a": 30, "b": 10}, step=5, limit=15) is None
    assert K.robustness(scores, {"a": 30, "b": 10}, step=5, limit=20) == ("a", -20.0)


def test_an_increase_is_found_in_steps_of_the_step():
    # b comes first in the scores, so its increase is tried before a's decrease
    scores = {"b": {"p": 0.0, "q": 1.0}, "a": {"p": 1.0, "q": 0.0}}
    assert K.robustness(scores, {"a": 30, "b": 10}, step=5) == ("b", 20.0)


def test_a_weight_not_given_starts_from_0():
    scores = {"a": {"p": 1.0, "q": 0.0}, "b": {"p": 0.0, "q": 1.0}}
    # b has no weight: lowering a by 3 leaves no weight at all, a tie (from 1, it would
    # take 2)
    assert K.robustness(scores, {"a": 3}) == ("a", -3.0)


def test_the_search_scores_gaps_as_the_committee_chose():
    # q has no score for a; left out, q's total is its b alone (1.0) and q leads; p
    # can only reach it when b's weight is 0
    scores = {"a": {"p": 1.0, "q": None}, "b": {"p": 0.5, "q": 1.0}}
    assert K.rank(scores, {"a": 10, "b": 10}, {"a": K.LEAVE_OUT})[0].product == "q"
    assert K.robustness(scores, {"a": 10, "b": 10}, {"a": K.LEAVE_OUT}) == ("b", -10.0)
    assert K.robustness(scores, {"a": 10, "b": 10}) == ("a", -5.0)  # scored worst


def test_a_criterion_left_out_for_a_gap_still_counts_for_the_products_it_scores():
    # a left out for q only: p = (10 + 0) / 20 = 0.5, q = 0.6 (b alone), r = 0.25. b
    # lowered by 4 gives p 10/16 = 0.625: p passes q. (Left out for every product, p
    # would total 0 and only b at 0 would level them.)
    scores = {"a": {"p": 1.0, "q": None, "r": 0.0}, "b": {"p": 0.0, "q": 0.6, "r": 0.5}}
    policy = {"a": K.LEAVE_OUT}
    assert [r.product for r in K.rank(scores, {"a": 10, "b": 10}, policy)] == ["q", "p", "r"]
    assert K.robustness(scores, {"a": 10, "b": 10}, policy) == ("b", -4.0)


def test_robustness_in_words_for_fractions_of_a_point():
    assert K.robustness_text(("x", -0.5), {}) == \
        "The first place changes if x weighs 0.5 points less."
    assert K.robustness_text(("x", 0.5), {}) == \
        "The first place changes if x weighs 0.5 points more."
    assert K.robustness_text(("x", 2.0), {"x": "Latex"}) == \
        "The first place changes if Latex weighs 2 points more."
    assert K.robustness_text(None, {}) == \
        "No single change of one weight (up to 100 points) changes the first place."


# --- settings ---------------------------------------------------------------------------
def test_the_settings_of_a_view_are_its_own_or_the_defaults():
    own = K.Settings(weights=(("latex", 5.0),))
    assert K.settings_for(View("r", criteria=own)) is own
    assert K.settings_for(View("r")) == K.default_settings(False)
    assert K.settings_for(View("r", budget=_budget())) == K.default_settings(True)
    assert [k for k, _w in K.default_settings(True).weights] == [c.key for c in K.AUTOMATIC]


def test_labels_of_hand_scored_criteria_join_and_may_rename_the_automatic_ones():
    labels = K.Settings(manual=(("supply", "Supply"), ("latex", "Latex-free"))).labels()
    assert labels["supply"] == "Supply" and labels["latex"] == "Latex-free"
    assert labels["eu_status"] == "EU regulatory status"


def test_saved_settings_keep_their_form():
    s = K.Settings(weights=(("a", 1.5),), manual=(("m", "M"),),
                   manual_scores=(("m", "p", 0.0),), policies=(("a", K.WORST),))
    assert s.to_dict() == {"weights": {"a": 1.5}, "manual": {"m": "M"},
                           "manual_scores": [["m", "p", 0.0]], "gaps": {"a": K.WORST}}
    assert K.Settings.from_dict({}) == K.Settings()
    assert K.Settings.from_dict({"weights": None, "manual": None, "manual_scores": None,
                                 "gaps": None}) == K.Settings()


@pytest.mark.parametrize("data, problems", [
    ("weights", ["criteria: not a set of weights and scores"]),
    ({"weights": [1, 2]}, ["weights: not a list of criteria with numbers"]),
    ({"weights": {"a": "inf"}}, ["weight of a: inf must be 0 or more"]),
    ({"manual": ["supply"]}, ["criteria scored by hand: not a list of names"]),
    ({"manual": ["m"], "manual_scores": [["m", "p", 1]]},
     ["criteria scored by hand: not a list of names",
      "score by hand ['m', 'p', 1]: not [criterion, product, score]"]),
    ({"weights": {"a": "-inf"}}, ["weight of a: -inf must be 0 or more"]),
    ({"manual": {"m": "M"}, "manual_scores": [["m", "p"]]},
     ["score by hand ['m', 'p']: not [criterion, product, score]"]),
    ({"manual": {"m": "M"}, "manual_scores": [("m", "p", 1)]},
     ["score by hand ('m', 'p', 1): not [criterion, product, score]"]),
    ({"manual": {"m": "M"}, "manual_scores": [["m", "p", -0.1]]},
     ["score of m for p: -0.1 must be from 0 to 1"]),
    ({"manual": {"m": "M"}, "manual_scores": [["m", "p", "x"]]},
     ["score of m for p: 'x' is not a number"]),
    ({"gaps": ["a"]}, ["gaps of gaps: '['a']' is not one of score as worst, leave out for "
                       "that product"]),
])
def test_each_unreadable_setting_is_said(data, problems):
    with pytest.raises(ValueError) as err:
        K.Settings.from_dict(data)
    assert str(err.value).split("; ") == problems


def test_a_score_by_hand_on_its_limits_is_kept():
    got = K.Settings.from_dict({"manual": {"m": "M"}, "manual_scores": [
        ["m", "p", 0], ["m", "q", "1"], ["m", "r", "0,5"]], "weights": {"m": "1e3"}})
    assert got.manual_scores == (("m", "p", 0.0), ("m", "q", 1.0), ("m", "r", 0.5))
    assert got.weights == (("m", 1000.0),)


def test_weights_under_one_point_are_a_weighted_mean_too():
    # a left out for q's gap; weights of half a point: p = 0.5 / 1.0, q = 0.3 / 0.5 =
    # 0.6 leads; b lowered by 0.2 gives p 0.5 / 0.8 = 0.625
    scores = {"a": {"p": 1.0, "q": None}, "b": {"p": 0.0, "q": 0.6}}
    policy = {"a": K.LEAVE_OUT}
    assert K.rank(scores, {"a": 0.5, "b": 0.5}, policy)[0].product == "q"
    assert K.robustness(scores, {"a": 0.5, "b": 0.5}, policy, step=0.1, limit=1) == \
        ("b", -0.2)
