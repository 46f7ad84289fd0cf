"""The equivalence-evidence criterion's words and sources (core/criteria_evidence.py),
beyond tests/core/test_criteria_evidence.py: each tier's words, each study's phrase
with its own sources (none when it cites none), several studies and several results of
one study joined, and sources named once. Studies, results and margins built in memory,
a fresh dataset per test."""

from __future__ import annotations

import pandas as pd

from denocompare.core import criteria_evidence as EV
from denocompare.core.dataset import Dataset

_STUDY = ("study_id", "name", "biosimilar_id", "reference_id", "status",
          "outcome_statement", "source_id")
_RESULT = ("study_id", "endpoint", "analysis_set", "ci_level", "ci_low", "ci_high",
           "margin_low", "margin_high", "reported_conclusion", "stated_conclusion",
           "source_id")
_MARGIN = ("study_id", "endpoint", "regulator", "ci_level", "analysis_set", "timepoint",
           "margin_low", "margin_high", "source_id")


def study(sid="s1", name="S-1", status=pd.NA, outcome=pd.NA, source="S1") -> dict:
    return {"study_id": sid, "name": name, "biosimilar_id": "bio", "reference_id": "ref",
            "status": status, "outcome_statement": outcome, "source_id": source}


def result(sid="s1", ci=(pd.NA, pd.NA), margin=(pd.NA, pd.NA), said=pd.NA,
           source="S2", aset=pd.NA) -> dict:
    return {"study_id": sid, "endpoint": "BMD", "analysis_set": aset, "ci_level": 95,
            "ci_low": ci[0], "ci_high": ci[1], "margin_low": margin[0],
            "margin_high": margin[1], "reported_conclusion": said,
            "stated_conclusion": pd.NA, "source_id": source}


def margin(regulator, low, high, source, sid="s1") -> dict:
    return {"study_id": sid, "endpoint": "BMD", "regulator": regulator, "ci_level": pd.NA,
            "analysis_set": pd.NA, "timepoint": pd.NA, "margin_low": low,
            "margin_high": high, "source_id": source}


def evidence(studies=(), results=(), margins=()) -> tuple[float | None, str, str]:
    products = pd.DataFrame([("ref", "Ref", "originator", pd.NA),
                             ("bio", "Bio", "biosimilar", "ref")],
                            columns=["product_id", "name_eu", "role",
                                     "reference_product_id"]).assign(name_us=pd.NA)
    ds = Dataset({"products": products,
                  "attributes": pd.DataFrame(columns=["product_id", "attribute", "value",
                                                      "preferred"]),
                  "studies": pd.DataFrame(list(studies), columns=list(_STUDY)),
                  "study_results": pd.DataFrame(list(results), columns=list(_RESULT)),
                  "study_margins": pd.DataFrame(list(margins), columns=list(_MARGIN))})
    return EV.evidence(ds, "bio")


WITHIN = ((-1.0, 1.0), (-2.0, 2.0))
CROSSES = ((-1.0, 3.0), (-2.0, 2.0))


def test_no_study_is_a_gap_with_no_sources():
    assert evidence() == (None, "nothing reported: no comparative study in source", "")


def test_a_study_that_cites_no_source_is_named_without_an_empty_citation():
    got = evidence([study(outcome="the primary endpoint was met", source=pd.NA)])
    assert got == (EV.STATED, "conclusion stated only (no CI and margin to check) — S-1: "
                   "source states: \u201cthe primary endpoint was met\u201d", "")


def test_each_studys_phrase_is_joined_and_a_source_cited_twice_is_named_once():
    got = evidence([study(), study("s2", "S-2")],
                   [result(ci=WITHIN[0], margin=WITHIN[1], source="S1;S2"),
                    result("s2", ci=WITHIN[0], margin=WITHIN[1], source="S2")])
    assert got == (EV.WITHIN_ALL, "CI within margin reported — S-1: CI within margin "
                   "(S1;S2); S-2: CI within margin (S2)", "S1;S2")


def test_one_studys_results_name_a_shared_source_once():
    got = evidence([study()], [result(ci=WITHIN[0], margin=WITHIN[1], source="S1;S2",
                                      aset="full analysis set"),
                               result(ci=WITHIN[0], margin=WITHIN[1], source="S2",
                                      aset="per-protocol set")])
    assert got[1] == ("CI within margin reported — S-1: CI within margin (full analysis "
                      "set); CI within margin (per-protocol set) (S1;S2)")


def test_each_stated_conclusion_of_a_study_is_quoted():
    got = evidence([study()], [result(said="equivalent", source="S2"),
                               result(said="similar", source="S3")])
    assert got == (EV.STATED, "conclusion stated only (no CI and margin to check) — S-1: "
                   "source states: equivalent; source states: similar (S2;S3)", "S2;S3")


def test_margins_that_disagree_say_how_they_are_scored():
    got = evidence([study()], [result(ci=(-1.0, 3.0), source="S2")],
                   [margin("FDA", -4.0, 4.0, "S5"), margin("EMA", -2.0, 2.0, "S6")])
    assert got == (EV.SPLIT, "within one margin but crossing another: the margins "
                   "disagree, scored between within and crosses — S-1: CI within FDA "
                   "margin; CI crosses EMA margin (S2;S5;S6)", "S2;S5;S6")


def test_a_ci_crossing_the_margin_scores_0():
    got = evidence([study()], [result(ci=CROSSES[0], margin=CROSSES[1])])
    assert got == (EV.NONE, "CI crosses margin — S-1: CI crosses margin (S2)", "S2")


def test_a_waived_study_says_it_is_scored_as_a_conclusion_stated():
    got = evidence([study(status="waived")])
    assert got == (EV.STATED, "study waived: the regulator accepted the biosimilar without "
                   "it, scored as a conclusion stated (no CI to check) — S-1: study waived "
                   "(S1)", "S1")


def test_a_study_not_performed_scores_0():
    got = evidence([study(status="not performed")])
    assert got == (EV.NONE, "no comparative study performed: no evidence of equivalence "
                   "— S-1: study not performed (S1)", "S1")


def test_another_status_word_with_no_results_is_nothing_reported():
    got = evidence([study(status="ongoing")])
    assert got == (None, "nothing reported: no CI and margin, no conclusion stated — S-1: "
                   "no CI and margin, no conclusion stated", "")


def test_results_with_neither_ci_and_margin_nor_a_conclusion_are_nothing_reported():
    got = evidence([study()], [result(source="S2")])
    assert got == (None, "nothing reported: no CI and margin, no conclusion stated — S-1: "
                   "no CI and margin, no conclusion stated (S2)", "S2")
