"""The comparison rules, each stated and tested at its boundary on ``fixtures/rules``.

The fixture's T1 rows are synthetic (its sources table says so): they sit exactly on
the limits the rules draw (a CI touching a margin, one step past it, an asymmetric
and a one-sided margin, conclusions stated only in words, a study with no numbers,
a reference whose indication is not reported, sources agreeing and disagreeing).
"""

from __future__ import annotations

import pandas as pd
import pytest
from matplotlib.colors import same_color

from denocompare.core import compare as C
from denocompare.core import equivalence as Q
from denocompare.core.dataset import NOT_REPORTED
from denocompare.core.view import View
from denocompare.io.validate import load_dataset
from denocompare.plotting import build_chart
from denocompare.plotting import style as St
from tests.helpers import FIXTURES
from tests.plotting.helpers import by_gid, flat, legend_texts, texts, ytick_labels

ALL = ["prolia", "kefdensis", "stoboclo", "obodence"]


@pytest.fixture(scope="module")
def rules():
    ds = load_dataset(FIXTURES / "rules")
    assert not ds.warnings
    return ds


def _verdicts(ds, study_id: str) -> dict[str, str]:
    res = C.study_results(ds, ALL)
    res = res[res["study_id"] == study_id]
    return dict(zip(res["timepoint"], res["verdict"], strict=True))


# --- verdict: within when margin_low <= ci_low and ci_high <= margin_high --------------
def test_a_ci_touching_a_margin_is_within_and_one_step_past_crosses(rules):
    assert _verdicts(rules, "r-kef") == {
        "touch low": C.VERDICT_WITHIN, "touch high": C.VERDICT_WITHIN,
        "past low": C.VERDICT_CROSSES, "past high": C.VERDICT_CROSSES}


@pytest.mark.parametrize("ci, margin, expected", [
    ((-1.5, 1.5), (-1.5, 1.5), C.VERDICT_WITHIN),  # the CI is the margin
    ((-1.5000001, 0.0), (-1.5, 1.5), C.VERDICT_CROSSES),
    ((0.0, 1.5000001), (-1.5, 1.5), C.VERDICT_CROSSES),
    ((-2.0, 2.0), (-1.5, 1.5), C.VERDICT_CROSSES),  # wider on both sides
    ((1.6, 1.8), (-1.5, 1.5), C.VERDICT_CROSSES),  # wholly outside
    ((-1.9, 0.9), (-2.0, 1.0), C.VERDICT_WITHIN),  # asymmetric
    ((-0.5, 1.1), (-2.0, 1.0), C.VERDICT_CROSSES),  # inside -2..2, not under 1.0
])
def test_verdict_against_the_margin(ci, margin, expected):
    row = {"ci_low": ci[0], "ci_high": ci[1], "margin_low": margin[0],
           "margin_high": margin[1], "reported_conclusion": pd.NA}
    assert C.verdict(row) == expected


def test_an_asymmetric_margin_is_read_on_each_side(rules):
    got = _verdicts(rules, "r-sto")
    assert got["asymmetric within"] == C.VERDICT_WITHIN
    assert got["asymmetric crosses"] == C.VERDICT_CROSSES


def test_a_one_sided_margin_gives_no_computed_verdict(rules):
    # Both limits are needed to call a CI within a margin; one limit is drawn, not judged.
    assert _verdicts(rules, "r-sto")["one-sided"] == C.VERDICT_UNKNOWN


def test_words_count_only_without_numbers_and_the_numbers_win(rules):
    got = _verdicts(rules, "r-sto")
    # The source's words are quoted beside the verdict (``stated``), never made one.
    assert got["says not"] == C.VERDICT_UNKNOWN
    assert got["says equivalent"] == C.VERDICT_UNKNOWN
    assert got["numbers win"] == C.VERDICT_WITHIN  # the source's words say "not"


@pytest.mark.parametrize("said, expected", [
    ("equivalent", "source states: equivalent"),
    ("not equivalent", "source states: not equivalent"), (pd.NA, ""), ("", "")])
def test_a_missing_number_is_not_computable_whatever_the_words(said, expected):
    for missing in ("ci_low", "ci_high", "margin_low", "margin_high"):
        row = {"ci_low": -0.5, "ci_high": 0.5, "margin_low": -1.5, "margin_high": 1.5,
               "reported_conclusion": said, missing: pd.NA}
        assert C.verdict(row) == C.VERDICT_UNKNOWN, missing
        assert Q.stated(row) == expected


# --- the forest plot draws those rules ------------------------------------------------
def _forest(ds, biosimilar: str):
    fig = build_chart("forest", ds, View("prolia", (biosimilar,)))
    verdicts = {int(v.get_gid().split("-")[1]): v for v in by_gid(fig, "verdict-")}
    return fig, [verdicts[y] for y in sorted(verdicts)]


def test_forest_shows_asymmetric_and_one_sided_margins_as_they_are(rules):
    fig, _ = _forest(rules, "stoboclo")
    band = by_gid(fig, "margin-0")[0]
    assert (band.get_x(), band.get_x() + band.get_width()) == pytest.approx((-2.0, 1.0))
    (bound,) = by_gid(fig, "margin-bound-2")
    assert list(bound.get_xdata()) == pytest.approx([-1.5, -1.5])
    assert not by_gid(fig, "margin-2")  # no band shaded to an upper limit nobody gave
    assert legend_texts(fig) == ["Equivalence margin", "Margin: one limit only",
                                 "Confidence interval", "Difference (point estimate)"]


def test_forest_marks_each_kind_of_verdict(rules):
    _, verdicts = _forest(rules, "stoboclo")
    looks = [(flat(v.get_text()).split(" ")[0], v.get_color()) for v in verdicts]
    within, crosses = St.VERDICT_COLOURS["within"], St.VERDICT_COLOURS["crosses"]
    unknown = St.VERDICT_COLOURS["unknown"]
    # A conclusion stated only in words is not computable, in grey, never green/red.
    expected = [("\u2713", within), ("\u2717", crosses), ("?", unknown),
                ("?", unknown), ("?", unknown), ("\u2713", within)]
    assert [m for m, _c in looks] == [m for m, _c in expected]
    assert all(same_color(c, want) for (_m, c), (_w, want) in zip(looks, expected,
                                                                   strict=True))
    fig, _ = _forest(rules, "stoboclo")
    quoted = {int(t.get_gid().split("-")[1]): (flat(t.get_text()), t.get_color())
              for t in by_gid(fig, "stated-")}
    assert quoted[3][0] == "source states: not equivalent"
    assert quoted[4][0] == "source states: equivalent"
    assert all(same_color(c, St.MUTED) for _t, c in quoted.values())


def test_a_study_with_no_numbers_is_named_not_dropped(rules):
    fig, verdicts = _forest(rules, "obodence")
    assert [flat(v.get_text()) for v in verdicts] == [f"? {C.VERDICT_UNKNOWN}"]
    assert "no difference, CI or margin reported" in texts(fig)
    assert not by_gid(fig, "ci-") and not by_gid(fig, "estimate-")
    arms = build_chart("study_arms", rules, View("prolia", ("obodence",)))
    assert "Obodence: Rule study O" in " ".join(flat(t) for t in texts(arms))


# --- indications: a carve-out needs the reference authorised -----------------------------
def test_carve_out_only_where_the_reference_is_authorised(rules):
    m = C.indication_matrix(rules, View("prolia", ("kefdensis", "stoboclo"), regions=("EU",)))
    pmo, giop = "Osteoporosis in postmenopausal women", \
        "Bone loss / osteoporosis with long-term systemic glucocorticoids"
    assert m.states.loc[pmo].tolist() == [C.AUTHORISED, C.AUTHORISED, C.CARVE_OUT]
    assert m.values.loc[pmo, "Stoboclo (EU)"] == "not authorised (carve-out)"
    # The reference's giop is not reported: Kefdensis' "not authorised" is not a carve-out.
    assert m.states.loc[giop].tolist() == [C.MISSING, C.NOT_AUTHORISED, C.MISSING]
    assert m.values.loc[giop, "Prolia (EU)"] == NOT_REPORTED


# --- attributes: sources agreeing, disagreeing, products differing -------------------------
def test_agreeing_sources_are_not_a_conflict_and_both_are_cited(rules):
    t = C.attribute_table(rules, View("prolia", ("kefdensis", "stoboclo", "obodence")))
    row = "Dosing interval (EU)"
    assert t.states.loc[row].tolist() == [C.REFERENCE, C.SAME, C.CONFLICT, C.DIFFERS]
    assert t.values.loc[row].tolist() == ["every 6 months", "every 6 months",
                                          "every 6 months (sources differ)", "every 12 months"]
    assert "[S4]" in t.details.loc[row, "Prolia"] and "[T1]" in t.details.loc[row, "Prolia"]
    # Differing only in case and spacing, as products are compared, is agreeing.
    assert "[S200]" in t.details.loc[row, "Kefdensis"]
    assert "[T1]" in t.details.loc[row, "Kefdensis"]
    assert "every 3 months  [S60]" in t.details.loc[row, "Stoboclo"]


# --- gaps: every study result without a computed verdict, and every study without one ---
def test_gaps_name_each_result_and_study_without_numbers(rules):
    studies = [g for g in C.gaps(rules, View(ALL[0], tuple(ALL[1:]))) if "Rule study" in g]
    assert studies == [
        f"Stoboclo — Rule study S (one-sided, analysis set not stated): {C.VERDICT_UNKNOWN}",
        f"Stoboclo — Rule study S (says not, analysis set not stated): {C.VERDICT_UNKNOWN}",
        f"Stoboclo — Rule study S (says equivalent, analysis set not stated): "
        f"{C.VERDICT_UNKNOWN}",
        f"Obodence — Rule study O: results {NOT_REPORTED}",
    ]


# --- order: products as chosen, then each product's studies as listed -------------------
@pytest.mark.parametrize("comparators", [("kefdensis", "stoboclo"), ("stoboclo", "kefdensis")])
def test_forest_rows_follow_the_chosen_order(rules, comparators):
    fig = build_chart("forest", rules, View("prolia", comparators))
    names = [flat(t).split(":")[0] for t in ytick_labels(fig)]
    counts = {"kefdensis": 4, "stoboclo": 6}  # result rows of each in the fixture
    expected = [f"Rule study {c[0].upper()}" for c in comparators for _ in range(counts[c])]
    assert names == expected
