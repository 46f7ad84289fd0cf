"""The equivalence-evidence criterion (core/criteria_evidence.py): each tier, several
studies for one product, the waived study, the reference; and status words this
version does not know score 0 (issue 16)."""

from __future__ import annotations

import re
import shutil

import pandas as pd
import pytest

from denocompare.core import criteria as K
from denocompare.core import criteria_evidence as EV
from denocompare.core.view import View
from denocompare.io.validate import load_dataset
from tests.helpers import DATA, edit_csv

USTEKINUMAB = DATA.parent / "ustekinumab"


def _evidence(ds, view):
    return K.automatic_scores(ds, view)["evidence"]


def test_each_tier_on_the_bundled_data(bundled):
    view = View("prolia", ("stoboclo", "jubbonti", "bildyos", "ponlimsi", "rolcya"))
    s = _evidence(bundled, view)
    # CT-P41 3.1: both analysis sets' CIs within the stated ±1.503 margin (S65).
    assert (s["stoboclo"].value, s["stoboclo"].sources) == (1.0, "S65")
    assert s["stoboclo"].used == ("CI within margin reported — CT-P41 3.1: CI within "
                                  "margin (full analysis set); CI within margin "
                                  "(per-protocol set) (S65)")
    # ROSALIA: no numbers, the source says 'equivalent' (S40).
    assert (s["jubbonti"].value, s["jubbonti"].sources) == (0.5, "S40")
    assert s["jubbonti"].used.startswith("conclusion stated only")
    # HLX14: no results rows; the study's own outcome statement is the conclusion.
    assert s["bildyos"].value == 0.5 and "primary endpoints of this study were met" \
        in s["bildyos"].used
    # A study with no CI, no margin, no conclusion; a product with no study: gaps.
    for pid in ("ponlimsi", "rolcya"):
        assert s[pid].value is None and s[pid].used.startswith("nothing reported")


def _split_copy(tmp_path):
    """Ustekinumab with CT-P43's numbers filled in (invented for the test only): the
    90 % CI within FDA's ±10 margin, the 95 % CI crossing EMA's ±15 margin."""
    dest = tmp_path / "ust"
    shutil.copytree(USTEKINUMAB, dest)
    ema_set = "full analysis set (patients only receiving 45 mg doses in Treatment Period I)"

    def rows(text):
        old = re.search(r"^ctp43_31,.*$", text, re.M).group(0)
        cells = old.split(",")
        new = []
        for level, aset, lo, hi in (("90", "modified intent-to-treat set", "-5", "5"),
                                    ("95", f'"{ema_set}"', "-16", "3")):
            c = list(cells)
            c[3], c[11], c[13], c[14] = aset, level, lo, hi
            new.append(",".join(c))
        return text.replace(old, "\n".join(new))
    edit_csv(dest, "study_results", rows)
    return load_dataset(dest)


def test_regulators_that_disagree_score_between_and_say_so(tmp_path):
    ds = _split_copy(tmp_path)
    s = _evidence(ds, View("stelara", ("steqeyma",)))["steqeyma"]
    assert s.value == EV.SPLIT and EV.NONE < s.value < EV.STATED < EV.WITHIN_ALL
    assert "the margins disagree" in s.used
    assert "CT-P43 3.1: CI within FDA margin; CI crosses EMA margin" in s.used
    assert s.used.endswith("(U60)") and s.sources == "U60"


def test_a_ci_crossing_every_margin_scores_lowest(data_copy):
    edit_csv(data_copy, "study_results", lambda t: t.replace("-1.503,1.503", "-0.5,0.5"))
    s = _evidence(load_dataset(data_copy), View("prolia", ("stoboclo",)))["stoboclo"]
    assert (s.value, s.used.split(" — ")[0]) == (0.0, "CI crosses margin")


def test_several_studies_computed_verdicts_decide_together(data_copy):
    """LUMIADE-3 and ROSALIA given to Stoboclo too: a stated conclusion or a study with
    nothing reported does not lower a CI within margin; a crossing in another study is
    never hidden by it."""
    def move(text):
        text = re.sub(r"^(lumiade3,[^\n]*?),conexxence,", r"\1,stoboclo,", text, flags=re.M)
        return re.sub(r"^(rosalia,[^\n]*?),jubbonti,", r"\1,stoboclo,", text, flags=re.M)
    edit_csv(data_copy, "studies", move)
    ds = load_dataset(data_copy)
    s = _evidence(ds, View("prolia", ("stoboclo",)))["stoboclo"]
    assert s.value == 1.0
    assert "ROSALIA: source states: equivalent" in s.used and "LUMIADE-3: no CI" in s.used
    # LUMIADE-3's 90 % CI (−0.05 to 1.20) against a margin of −1.45 to 1.0: crosses.
    edit_csv(data_copy, "study_results", lambda t: t.replace("-0.05,1.20,-1.45,,",
                                                             "-0.05,1.20,-1.45,1.0,"))
    s = _evidence(load_dataset(data_copy), View("prolia", ("stoboclo",)))["stoboclo"]
    assert s.value == EV.SPLIT
    assert "LUMIADE-3: CI crosses margin" in s.used and "CT-P41 3.1: CI within" in s.used


def test_a_waived_study_is_reported_not_a_gap_and_not_performed_scores_0(data_copy):
    edit_csv(data_copy, "studies", lambda t: t.replace(",,S113;S114;S115,",
                                                       ",waived,S113;S114;S115,"))
    s = _evidence(load_dataset(data_copy), View("prolia", ("ponlimsi",)))["ponlimsi"]
    assert s.value == EV.STATED and s.used.startswith("study waived")
    assert s.sources == "S113;S114;S115"
    edit_csv(data_copy, "studies", lambda t: t.replace(",waived,S113", ",not performed,S113"))
    s = _evidence(load_dataset(data_copy), View("prolia", ("ponlimsi",)))["ponlimsi"]
    assert s.value == 0.0 and s.used.startswith("no comparative study performed")


def test_a_stated_not_equivalent_scores_0(data_copy):
    edit_csv(data_copy, "study_results", lambda t: re.sub(
        r"^(rosalia,.*?),equivalent,", r"\1,not equivalent,", t, count=1, flags=re.M))
    s = _evidence(load_dataset(data_copy), View("prolia", ("jubbonti",)))["jubbonti"]
    assert s.value == 0.0 and "not equivalent" in s.used


def test_the_reference_is_not_scored_and_an_originator_compared_scores_1(bundled):
    assert set(_evidence(bundled, View("prolia", ("jubbonti",)))) == {"jubbonti"}
    s = _evidence(bundled, View("jubbonti", ("prolia",)))["prolia"]
    assert s.value == 1.0 and "originator" in s.used


def test_a_same_molecule_brand_is_scored_from_its_twins_study_and_says_so(bundled):
    s = _evidence(bundled, View("xgeva", ("osenvelt",)))["osenvelt"]
    assert s.value == 1.0 and "CT-P41 3.1, run with Stoboclo (same molecule)" in s.used


# -- status words this version does not know ---------------------------------------------

class _Stub:
    """A dataset with one attributes table (the scorers read nothing else)."""

    def __init__(self, rows):
        self.frame = pd.DataFrame(rows, columns=["product_id", "attribute", "value",
                                                 "source_id", "preferred"])

    def __getitem__(self, name):
        return self.frame


@pytest.mark.parametrize("key, attribute", [("eu_status", "eu_status"),
                                            ("launch", "eu_market_status")])
def test_a_status_word_not_known_scores_0_never_favourable(key, attribute):
    scorer = next(c.score for c in K.AUTOMATIC if c.key == key)
    for word in ("suspended", "discontinued"):
        ds = _Stub([("p", attribute, word, "S1", "")])
        s = scorer(K.Tables(ds, View("r", ("p",), regions=("EU",))), "p")
        assert (s.value, s.sources) == (0.0, "S1")
        assert word in s.used
