"""Which margins a result is judged against, and how a margin and a verdict are named
(core/equivalence.py), each rule at its edge. Plain dicts and tiny frames: no dataset.

Rules:
- a number is a number whatever its type; text that is no number, NaN and NA are none;
- a result is judged against the margin stated with it (when it gives either bound) and
  against every regulator's margin of its study and endpoint whose CI level, analysis
  set and timepoint agree with it; an empty one agrees with any, text agrees without
  case or surrounding spaces, numbers by value;
- a margin is named for its regulator ('FDA margin'), or 'margin' when none is named;
  a missing bound is 'not reported', the CI level is given when known;
- the verdict's words name the regulator only for a computed verdict;
- any other words are 'not computable', except the kinds themselves.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from denocompare.core import equivalence as Q

W, X, U = Q.WITHIN, Q.CROSSES, Q.NOT_COMPUTABLE


@pytest.mark.parametrize("value, number", [
    ("1.5", 1.5), (np.int64(-2), -2.0), (0, 0.0), (" 3 ", 3.0),
    ("abc", None), ("", None), ([1], None), (None, None), (np.nan, None), (pd.NA, None),
    ("nan", None),
])
def test_a_number_is_read_from_any_type_and_nothing_else_is_one(value, number):
    assert Q._num(value) == number if number is not None else Q._num(value) is None


def test_text_that_is_no_number_gives_no_verdict():
    assert Q.judge("n/a", 1.0, -1.5, 1.5) == U
    assert Q.judge(-1.0, 1.0, -1.5, "not stated") == U


# --- margins_for / applies ---------------------------------------------------------------
_ROW = {"study_id": "s1", "endpoint": "BMD", "ci_level": 95, "analysis_set": "FAS",
        "timepoint": "week 52", "margin_low": np.nan, "margin_high": np.nan}


def _margins(*rows: dict) -> pd.DataFrame:
    base = {"study_id": "s1", "endpoint": "BMD", "regulator": "FDA", "ci_level": 95,
            "analysis_set": "FAS", "timepoint": "week 52", "margin_low": -2.0,
            "margin_high": 2.0, "source_id": "T9"}
    return pd.DataFrame([{**base, **r} for r in rows or ({},)])


def test_the_margin_stated_with_the_result_comes_first_then_each_regulators():
    row = {**_ROW, "margin_low": -1.5, "margin_high": 1.5}
    found = Q.margins_for(row, _margins({}, {"regulator": "EMA", "margin_low": -3.0}))
    assert [m["regulator"] for m in found] == ["", "FDA", "EMA"]
    assert (found[0]["margin_low"], found[0]["margin_high"]) == (-1.5, 1.5)
    assert pd.isna(found[0]["margin_level"]) and found[0]["margin_source"] == ""
    assert found[1] == {"regulator": "FDA", "margin_low": -2.0, "margin_high": 2.0,
                        "margin_level": 95, "margin_source": "T9"}
    assert found[2]["margin_low"] == -3.0


@pytest.mark.parametrize("low, high", [(-1.5, np.nan), (np.nan, 1.5), ("-1.5", None)])
def test_one_stated_bound_is_enough_to_judge_against_the_stated_margin(low, high):
    found = Q.margins_for({**_ROW, "margin_low": low, "margin_high": high}, _margins())
    assert [m["regulator"] for m in found] == ["", "FDA"]


def test_no_stated_bound_and_no_regulator_margin_is_nothing_to_judge_against():
    empty = _margins().iloc[:0]
    assert len(_margins()) == 1
    assert Q.margins_for(_ROW, empty) == []
    assert Q.margins_for({**_ROW, "margin_low": "n/a"}, empty) == []


@pytest.mark.parametrize("change", [
    {"study_id": "s2"}, {"endpoint": "AUC"}, {"ci_level": 90}, {"analysis_set": "PPS"},
    {"timepoint": "week 26"},
])
def test_a_regulators_margin_of_another_study_endpoint_level_set_or_time_does_not_apply(
        change):
    assert not Q.applies(_margins(change).iloc[0], _ROW)
    assert Q.margins_for(_ROW, _margins(change)) == []


@pytest.mark.parametrize("change", [
    {"ci_level": np.nan}, {"analysis_set": None}, {"timepoint": pd.NA},
    {"analysis_set": " fas "}, {"timepoint": "Week 52"}, {"ci_level": 95.0},
    {"endpoint": " BMD "},
])
def test_an_empty_field_agrees_with_any_and_text_agrees_without_case_or_spaces(change):
    assert Q.applies(_margins(change).iloc[0], _ROW)
    assert Q.applies(_margins().iloc[0], {**_ROW, **{k: np.nan for k in change
                                                    if k != "endpoint"}})


def test_numbers_agree_by_value_and_text_without_case():
    assert Q._agrees(95, 95.0) and Q._agrees(np.int64(90), 90.0)
    assert not Q._agrees(95, 90.0) and not Q._agrees(95.0, 95.5)
    assert Q._agrees("FAS ", " fas") and not Q._agrees("fas", "pps")


def test_text_and_a_number_are_compared_as_text_never_read_as_numbers():
    assert Q._agrees(95, "95") and Q._agrees("95", 95)
    assert not Q._agrees("week 52", 52) and not Q._agrees(52, "week 52")


# --- names ---------------------------------------------------------------------------------
@pytest.mark.parametrize("regulator, name", [
    ("FDA", "FDA margin"), (" EMA ", "EMA margin"), ("", "margin"), (None, "margin"),
    (np.nan, "margin"), ("not stated", "margin"),
])
def test_a_margin_is_named_for_its_regulator(regulator, name):
    assert Q.margin_name(regulator) == name


@pytest.mark.parametrize("margin, text", [
    ({"regulator": "FDA", "margin_low": -10.0, "margin_high": 10.0, "margin_level": 90.0},
     "FDA margin -10 to 10 (90 % CI)"),
    ({"regulator": "", "margin_low": 0.8, "margin_high": 1.25, "margin_level": pd.NA},
     "margin 0.8 to 1.25"),
    ({"regulator": "EMA", "margin_low": np.nan, "margin_high": 2.873, "margin_level": 97.5},
     "EMA margin not reported to 2.873 (97.5 % CI)"),
    ({"regulator": "EMA", "margin_low": -1.45, "margin_high": None},
     "EMA margin -1.45 to not reported"),
])
def test_a_margins_text_gives_its_bounds_and_level(margin, text):
    assert Q.margin_text(margin) == text


def test_only_a_computed_verdict_names_the_regulator():
    for kind in (U, Q.WAIVED, Q.NOT_PERFORMED):
        assert Q.worded(kind, "FDA") == kind
    assert Q.worded(W, "") == W and Q.worded(X, None) == X


@pytest.mark.parametrize("words, kind", [
    ("CI within FDA margin", W), (W, W), ("CI crosses margin", X),
    (Q.WAIVED, Q.WAIVED), (Q.NOT_PERFORMED, Q.NOT_PERFORMED), (U, U),
    ("equivalent", U), ("", U), ("ci within margin", U),
])
def test_each_verdicts_words_are_one_kind(words, kind):
    assert Q.kind_of(words) == kind


def test_no_margin_is_no_verdict_and_a_regulators_margin_is_named():
    row = {"ci_low": -1.0, "ci_high": 1.0}
    assert Q.verdict_of(row, None) == U
    fda = {"regulator": "FDA", "margin_low": -2, "margin_high": 2}
    assert Q.verdict_of(row, fda) == "CI within FDA margin"
    assert Q.verdict_of({**row, "ci_sides": "one-sided, upper", "ci_low": -9.0},
                        {**fda, "margin_low": None}) == "CI within FDA margin"
    assert Q.verdict_of({"ci_low": -3.0, "ci_high": 1.0}, fda) == "CI crosses FDA margin"


@pytest.mark.parametrize("row, said", [
    ({"stated_conclusion": "  ", "reported_conclusion": "equivalent"},
     "source states: equivalent"),
    ({"stated_conclusion": np.nan, "reported_conclusion": " not equivalent "},
     "source states: not equivalent"),
    ({"stated_conclusion": "met", "reported_conclusion": "equivalent"},
     "source states: \u201cmet\u201d"),
    ({"reported_conclusion": " "}, ""), ({}, ""),
])
def test_the_quote_is_preferred_to_the_conclusion_and_blank_words_are_none(row, said):
    assert Q.stated(row) == said


@pytest.mark.parametrize("sides", [None, np.nan, "", "  ", "two-sided", "one-sided"])
def test_a_ci_of_no_or_an_unknown_side_is_judged_on_both_limits(sides):
    assert Q.judge(-1.0, 3.0, -2.0, 2.0, sides) == X
    assert Q.judge(-3.0, 1.0, -2.0, 2.0, sides) == X
    assert Q.judge(-2.0, 2.0, -2.0, 2.0, sides) == W
