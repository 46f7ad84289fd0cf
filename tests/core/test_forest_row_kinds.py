"""The forest rows that carry no computed verdict (core/studies.py), so that nothing
silently drops out of the chart and the report: a regulator's margin no result matches,
and a study with no results (waived, not performed, or nothing reported).

Rules:
- a margin-only row names the margin's endpoint, timepoint, analysis set, bounds,
  regulator and CI level, cites the margin's source (the study's kept beside it), quotes
  no words and is not computable;
- a study with no results is one row with no endpoint, no regulator and no words; it is
  'study waived' or 'study not performed' when the study says so, else not computable;
- the rows come in the order of the chosen products, then of the studies, then as made
  (the rows a study's results give before its margin-only and bare rows);
- a result's verdict names each margin's verdict once, joined by '; ';
- a study's results come with the margins each is judged against, as text joined by
  '; ', and the reference's name; a product's development code is its preferred row's,
  the first of them however many rows it has.
"""

from __future__ import annotations

import pandas as pd
import pytest

from denocompare.core import equivalence as Q
from denocompare.core import studies as St
from denocompare.core.dataset import Dataset
from tests.core.test_indication_basis import dataset

_STUDY = pd.Series({"study_id": "s1", "name": "Study one", "biosimilar_id": "bio",
                    "source_id": "ST", "status": "", "shown_for": "bio", "link": ""})


def test_a_margin_no_result_matches_is_a_row_of_its_own():
    margin = pd.Series({"study_id": "s1", "endpoint": "BMD", "timepoint": "week 52",
                        "analysis_set": "PPS", "margin_low": -2.0, "margin_high": 2.5,
                        "regulator": "FDA", "ci_level": 90.0, "source_id": "M1"})
    rec = St._margin_only(_STUDY, margin)
    assert {k: rec[k] for k in ("endpoint", "timepoint", "analysis_set", "margin_low",
                                "margin_high", "regulator", "margin_level", "source_id",
                                "source_id_study", "stated", "verdict", "kind")} == {
        "endpoint": "BMD", "timepoint": "week 52", "analysis_set": "PPS",
        "margin_low": -2.0, "margin_high": 2.5, "regulator": "FDA", "margin_level": 90.0,
        "source_id": "M1", "source_id_study": "ST", "stated": "",
        "verdict": Q.NOT_COMPUTABLE, "kind": Q.NOT_COMPUTABLE}
    assert rec["name"] == "Study one" and rec["shown_for"] == "bio"


@pytest.mark.parametrize("status, kind", [
    ("waived", Q.WAIVED), ("not performed", Q.NOT_PERFORMED), ("", Q.NOT_COMPUTABLE),
    ("completed", Q.NOT_COMPUTABLE), (pd.NA, Q.NOT_COMPUTABLE),
])
def test_a_study_with_no_results_is_one_row_saying_why(status, kind):
    rec = St._bare(pd.Series({**_STUDY.to_dict(), "status": status, "endpoint": "BMD",
                              "regulator": "EMA", "stated": "old words"}))
    assert pd.isna(rec["endpoint"])
    assert (rec["regulator"], rec["stated"], rec["verdict"], rec["kind"]) == ("", "", kind,
                                                                             kind)
    assert rec["source_id_study"] == "ST" and rec["name"] == "Study one"


def test_a_judged_row_names_its_margin_and_its_verdicts_kind():
    row = pd.Series({"study_id": "s1", "ci_low": -1.0, "ci_high": 3.0, "margin_low": -9.0,
                     "margin_high": 9.0, "ci_sides": ""})
    fda = {"regulator": "FDA", "margin_low": -2.0, "margin_high": 2.0, "margin_level": 90.0}
    rec = St._judged(row, fda)
    assert (rec["regulator"], rec["margin_level"], rec["margin_low"], rec["margin_high"]) \
        == ("FDA", 90.0, -2.0, 2.0)
    assert (rec["verdict"], rec["kind"]) == ("CI crosses FDA margin", Q.CROSSES)
    bare = St._judged(row, None)
    assert bare["regulator"] == "" and bare["margin_level"] is pd.NA
    assert (bare["margin_low"], bare["verdict"], bare["kind"]) == (-9.0, Q.NOT_COMPUTABLE,
                                                                   Q.NOT_COMPUTABLE)


def test_rows_come_by_product_then_by_study_then_as_made():
    made = pd.DataFrame({"shown_for": ["p2", "p1", "p1", "p1", "p1"],
                         "study_id": ["B", "B", "A", "B", "A"],
                         "n": [1, 2, 3, 4, 5]})
    out = St._ordered(made, ["p1", "p2"], ["A", "B"])
    assert list(zip(out["shown_for"], out["study_id"], out["n"], strict=True)) == [
        ("p1", "A", 3), ("p1", "A", 5), ("p1", "B", 2), ("p1", "B", 4), ("p2", "B", 1)]
    assert list(out.columns) == ["shown_for", "study_id", "n"]
    assert list(out.index) == [0, 1, 2, 3, 4]


def test_a_verdict_against_two_margins_names_each_once_joined_by_a_semicolon():
    row = pd.Series({"study_id": "s1", "endpoint": "BMD", "ci_low": -1.0, "ci_high": 2.0,
                     "ci_level": 90.0, "analysis_set": "PPS", "timepoint": "week 52"})
    margins = pd.DataFrame({"study_id": "s1", "endpoint": "BMD", "ci_level": 90.0,
                            "analysis_set": "PPS", "timepoint": "week 52",
                            "regulator": ["FDA", "EMA", "PMDA"],
                            "margin_low": [-2.0, -0.5, -3.0], "margin_high": 2.5,
                            "source_id": "M1"})
    assert St.verdict(row, margins) == "CI within FDA margin; CI crosses EMA margin; " \
        "CI within PMDA margin"
    assert St.verdict(row, margins.iloc[[0, 0]]) == "CI within FDA margin"


def test_results_carry_their_margins_as_text_and_the_references_name():
    attrs = pd.DataFrame({"product_id": "bio", "region": "all",
                          "attribute": "development_code", "value": ["OLD1", "NEW2"],
                          "preferred": ["no", pd.NA]}, dtype=object)
    studies = pd.DataFrame({"study_id": ["s1"], "biosimilar_id": "bio",
                            "reference_id": "ref", "name": "Study one"}, dtype=object)
    results = pd.DataFrame({"study_id": "s1", "endpoint": "BMD", "ci_low": [-1.0, -3.0],
                            "ci_high": 2.0, "ci_level": 90.0}, dtype=object)
    margins = pd.DataFrame({"study_id": "s1", "endpoint": "BMD", "ci_level": 90.0,
                            "analysis_set": pd.NA, "timepoint": pd.NA,
                            "regulator": ["FDA", "EMA"], "margin_low": [-2.0, -0.5],
                            "margin_high": 2.5, "source_id": "M1"})
    ds = Dataset({**dataset().tables, "attributes": attrs, "studies": studies,
                  "study_results": results, "study_margins": margins})
    assert St.development_codes(ds) == {"bio": "NEW2"}
    res = St.study_results(ds, ["bio"])
    both = "FDA margin -2 to 2.5 (90 % CI); EMA margin -0.5 to 2.5 (90 % CI)"
    assert res[["margins", "reference"]].to_dict("list") == {
        "margins": [both, both], "reference": ["Refo", "Refo"]}
    assert set(res.columns) - {*results.columns, *studies.columns} == {
        "shown_for", "link", "verdict", "margins", "stated", "biosimilar", "reference"}


def test_of_many_development_code_rows_the_first_preferred_is_read():
    # 17 rows: enough that an unstable sort (numpy's quicksort) picks another one
    values = [f"OLD{i}" for i in range(8)] + [f"NEW{i}" for i in range(8, 17)]
    attrs = pd.DataFrame({"product_id": "bio", "region": "all",
                          "attribute": "development_code", "value": values,
                          "preferred": ["no"] * 8 + [pd.NA] * 9}, dtype=object)
    ds = Dataset({**dataset().tables, "attributes": attrs})
    assert St.development_codes(ds) == {"bio": "NEW8"}
