"""The equivalence-evidence tiers (core/criteria_evidence.py) decided from what the
studies gave, stated one rule at a time on result rows in memory (no dataset).

Rules (``criteria_evidence.RULE``):
- computed verdicts decide first and together: all within 1, none within 0, a mix 0.25;
- only without any: a stated 'not equivalent' 0, another stated conclusion 0.5, a
  waived study 0.5, a study not performed 0, nothing at all a gap (None);
- one study's words: its verdicts (each once), the analysis set named only when the
  study's results have several and the margin is the one stated with the result, the
  source's words after the verdicts; every source cited once, in order.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from denocompare.core import criteria_evidence as EV
from denocompare.core import equivalence as Q

W, X = Q.WITHIN, Q.CROSSES


@pytest.mark.parametrize("kinds, stated, status, value, words", [
    ([W], [], [], 1.0, "CI within margin reported"),
    ([W, W, W], ["not equivalent"], [Q.NOT_PERFORMED], 1.0, "CI within margin reported"),
    ([X], ["equivalent"], [Q.WAIVED], 0.0, "CI crosses margin"),
    ([X, X], [], [], 0.0, "CI crosses margin"),
    ([W, X], [], [], 0.25, "within one margin but crossing another"),
    ([X, W, W], [], [], 0.25, "within one margin but crossing another"),
    ([], ["equivalent", "not equivalent"], [Q.WAIVED], 0.0,
     "the source states: not equivalent"),
    ([], ["equivalent"], [Q.NOT_PERFORMED], 0.5, "conclusion stated only"),
    ([], ["stated"], [], 0.5, "conclusion stated only"),
    ([], [], [Q.NOT_PERFORMED, Q.WAIVED], 0.5, "study waived"),
    ([], [], [Q.NOT_PERFORMED], 0.0, "no comparative study performed"),
    ([], [], [], None, "nothing reported"),
])
def test_each_tier_and_what_outranks_what(kinds, stated, status, value, words):
    got, tier = EV._tier(kinds, stated, status)
    assert got == value and tier.startswith(words)


def test_the_tiers_are_ordered():
    assert EV.NONE < EV.SPLIT < EV.STATED < EV.WITHIN_ALL == 1.0
    assert (EV.NONE, EV.SPLIT, EV.STATED) == (0.0, 0.25, 0.5)


_RESULT = {"study_id": "s1", "endpoint": "BMD", "timepoint": "m12", "analysis_set": "FAS",
           "ci_level": 95.0, "ci_sides": "", "ci_low": -1.0, "ci_high": 1.0,
           "margin_low": -1.5, "margin_high": 1.5, "reported_conclusion": "",
           "stated_conclusion": "", "source_id": "R1"}
_NO_MARGINS = pd.DataFrame(columns=["study_id", "endpoint", "regulator", "ci_level",
                                    "analysis_set", "timepoint", "margin_low",
                                    "margin_high", "source_id"])


def _run(*rows: dict, study: dict | None = None, margins=_NO_MARGINS):
    frame = pd.DataFrame([{**_RESULT, **r} for r in rows], columns=list(_RESULT))
    kinds: list[str] = []
    stated: list[str] = []
    status: list[str] = []
    words, cited = EV._study(pd.Series({"study_id": "s1", "source_id": "ST", **(study or {})}),
                             frame, margins, kinds, stated, status)
    return words, cited, kinds, stated, status


def test_one_result_within_its_stated_margin():
    assert _run({}) == ("CI within margin", "R1", [W], [], [])


def test_the_analysis_set_tells_apart_the_results_of_one_study():
    words, _cited, kinds, _s, _st = _run({}, {"analysis_set": "PPS", "ci_high": 2.0})
    assert words == "CI within margin (FAS); CI crosses margin (PPS)" and kinds == [W, X]


def test_one_analysis_set_is_not_named_and_the_same_verdict_is_said_once():
    words, _c, kinds, _s, _st = _run({}, {"timepoint": "m24"})
    assert words == "CI within margin" and kinds == [W, W]


def test_a_regulators_margin_names_whose_not_the_analysis_set():
    margins = pd.DataFrame([{"study_id": "s1", "endpoint": "BMD", "regulator": "FDA",
                             "ci_level": np.nan, "analysis_set": np.nan,
                             "timepoint": np.nan, "margin_low": -3.0, "margin_high": 3.0,
                             "source_id": "M1"}])
    words, cited, kinds, _s, _st = _run({"margin_low": np.nan, "margin_high": np.nan},
                                        {"analysis_set": "PPS", "margin_low": np.nan,
                                         "margin_high": np.nan, "source_id": "R2"},
                                        margins=margins)
    assert words == "CI within FDA margin" and kinds == [W, W]
    assert cited == "R1;M1;R2"


def test_the_sources_words_follow_the_verdicts_and_are_recorded():
    words, _c, kinds, stated, _st = _run({"reported_conclusion": "equivalent"})
    assert words == "CI within margin (source states: equivalent)"
    assert (kinds, stated) == ([W], ["equivalent"])
    words, _c, _k, stated, _st = _run({"stated_conclusion": "met", "ci_low": np.nan})
    assert words == "source states: \u201cmet\u201d" and stated == ["stated"]


def test_no_numbers_no_words_is_said_so():
    words, cited, kinds, stated, status = _run({"ci_low": np.nan})
    assert words == "no CI and margin, no conclusion stated" and cited == "R1"
    assert (kinds, stated, status) == ([], [], [])


def test_the_studys_outcome_statement_speaks_only_when_its_results_say_nothing():
    words, cited, _k, stated, _st = _run({"ci_low": np.nan},
                                         study={"outcome_statement": "endpoints met"})
    assert words == "source states: \u201cendpoints met\u201d" and stated == ["stated"]
    assert cited == "R1;ST"
    words, _c, _k, stated, _st = _run({"reported_conclusion": "not equivalent",
                                       "ci_low": np.nan},
                                      study={"outcome_statement": "endpoints met"})
    assert words == "source states: not equivalent" and stated == ["not equivalent"]


@pytest.mark.parametrize("status, kind", [("waived", Q.WAIVED),
                                          ("not performed", Q.NOT_PERFORMED)])
def test_a_study_with_no_results_waived_or_not_performed_says_so(status, kind):
    frame_rows: tuple = ()
    words, cited, kinds, stated, found = _run(*frame_rows, study={"status": status})
    assert (words, cited, found) == (kind, "ST", [kind]) and kinds == stated == []


def test_a_study_with_no_results_and_no_status_is_nothing_reported():
    words, cited, _k, _s, status = _run(study={"status": ""})
    assert (words, cited, status) == ("no CI and margin, no conclusion stated", "", [])


@pytest.mark.parametrize("name, link, label", [
    ("CT-P41 3.1 (NCT04757376)", "", "CT-P41 3.1"),
    ("ROSALIA (a (nested) note)", "", "ROSALIA (a (nested) note)"),
    ("", "", "s9"),
    ("HLX14", "same molecule", "HLX14, run with Bio (same molecule)"),
])
def test_a_study_is_labelled_by_its_name_without_the_registry_note(name, link, label):
    class _Names:
        def short_name(self, pid):
            return pid.capitalize()

    study = pd.Series({"study_id": "s9", "name": name, "link": link, "biosimilar_id": "bio"})
    assert EV._label(_Names(), study) == label


def test_an_originator_scores_1_says_why_and_cites_nothing():
    class _Originator:
        def reference_of(self, pid):
            return None

        def short_name(self, pid):
            return {"ref": "Prolia"}[pid]

    assert EV.evidence(_Originator(), "ref") == (
        1.0, "Prolia is an originator: the product equivalence studies measure biosimilars "
        "against", "")
