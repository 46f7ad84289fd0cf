"""Comparisons, on the bundled data and on small frames built here."""

from __future__ import annotations

import pandas as pd
import pytest

from denocompare.core import compare as C
from denocompare.core.dataset import NOT_REPORTED
from denocompare.core.view import View
from denocompare.io.validate import load_dataset
from tests.helpers import FIXTURES, INDICATIONS


@pytest.fixture(scope="module")
def mini():
    return load_dataset(FIXTURES / "mini")


@pytest.mark.parametrize("row, expected", [
    (dict(ci_low=-0.826, ci_high=0.548, margin_low=-1.503, margin_high=1.503), C.VERDICT_WITHIN),
    (dict(ci_low=-0.8, ci_high=1.6, margin_low=-1.503, margin_high=1.503), C.VERDICT_CROSSES),
    (dict(ci_low=-1.6, ci_high=0.1, margin_low=-1.503, margin_high=1.503), C.VERDICT_CROSSES),
    (dict(ci_low=-0.05, ci_high=1.20, margin_low=-1.45, margin_high=pd.NA), C.VERDICT_UNKNOWN),
    (dict(ci_low=pd.NA, ci_high=pd.NA, margin_low=-1, margin_high=1), C.VERDICT_UNKNOWN),
    (dict(ci_low=0.1, ci_high=0.9, margin_low=pd.NA, margin_high=pd.NA,
          reported_conclusion="equivalent"), C.VERDICT_UNKNOWN),  # words are no verdict
    (dict(ci_low=-2.0, ci_high=0.9, margin_low=-1.5, margin_high=1.5,
          reported_conclusion="equivalent"), C.VERDICT_CROSSES),  # numbers win over words
])
def test_verdict_is_computed_never_guessed(row, expected):
    assert C.verdict(row) == expected


def test_attribute_table_shape_and_missing(bundled):
    t = C.attribute_table(bundled, View("prolia", ("kefdensis",)))
    assert list(t.values.columns) == ["Prolia", "Kefdensis"]
    assert t.values.shape == t.states.shape == t.sources.shape
    assert (t.values == NOT_REPORTED).any().any()
    # every shown value has a source; every missing one has none
    shown = t.states.isin([C.SAME, C.DIFFERS, C.CONFLICT, C.REFERENCE])
    assert (t.sources[shown] != "").to_numpy()[shown.to_numpy()].all()
    assert (t.sources[t.states == C.MISSING].fillna("") == "").to_numpy()[
        (t.states == C.MISSING).to_numpy()].all()


def test_attribute_states_cell_by_cell(mini):
    t = C.attribute_table(mini, View("prolia", ("kefdensis",)))
    R, S, M, D = C.REFERENCE, C.SAME, C.MISSING, C.DIFFERS
    expected = {  # label: (Prolia, Kefdensis) text and state, from fixtures/mini
        "EU brand name": (("Prolia", R), ("Kefdensis", S)),  # names differ by nature
        "US brand name": (("Prolia", R), (NOT_REPORTED, M)),
        "INN": (("denosumab", R), ("denosumab", S)),
        "Role": (("originator", R), ("biosimilar", S)),
        "Reference product": (("none (originator)", R), ("Prolia", S)),
        "Strength": (("60 mg", R), ("60 mg", S)),
        "Volume": (("1 mL", R), (NOT_REPORTED, M)),
        "Dosing interval (EU)": (("every 6 months", R), ("once every 6 months", D)),
        "Curator's note on the product (not clinical data)": (("", ""), ("", "")),
    }
    assert list(t.values.index) == list(expected)
    for label, cells in expected.items():
        got = tuple(zip(t.values.loc[label], t.states.loc[label], strict=True))
        assert got == cells, label


def test_curator_notes_are_shown(bundled):
    t = C.attribute_table(bundled, View("prolia", ("acvybra",)))
    row = t.values.index[-1]
    assert row.startswith("Curator's note")
    assert t.states.loc[row, "Acvybra"] == C.NOTE and t.values.loc[row, "Acvybra"]


def test_kefdensis_conflicting_eu_dates_are_both_kept(bundled):
    t = C.attribute_table(bundled, View("prolia", ("kefdensis",)))
    row = [i for i in t.values.index if i.startswith("EU authorisation")][0]
    assert "2025-11-17" in t.values.loc[row, "Kefdensis"]
    assert t.states.loc[row, "Kefdensis"] == C.CONFLICT
    assert "2025-11-24" in t.details.loc[row, "Kefdensis"]


def test_indication_matrix_carve_out(bundled):
    m = C.indication_matrix(bundled, View("prolia", ("kefdensis",), regions=("EU", "US")))
    assert list(m.values.index) == list(INDICATIONS.values())
    assert "Prolia (EU)" in m.values.columns and "Kefdensis (US)" in m.values.columns
    pmo = INDICATIONS["pmo"]
    assert m.states.loc[pmo, "Kefdensis (EU)"] == C.AUTHORISED
    # Kefdensis is absent from S132's dated list of US licences: "no US licence", never
    # "not authorised" (no US label lists its indications) nor a column of "not reported"
    assert m.states.loc[pmo, "Kefdensis (US)"] == C.NO_LICENCE
    assert m.values.loc[pmo, "Kefdensis (US)"] == "no US licence as of 2025-12-25, per S132"


def test_carve_out_flagged_on_synthetic_rows(bundled):
    ind = bundled["indications"]
    extra = ind[(ind["product_id"] == "prolia") & (ind["region"] == "EU")].copy()
    extra = extra[extra["indication"] == "giop"].assign(product_id="kefdensis",
                                                        status="not authorised")
    tables = dict(bundled.tables)
    tables["indications"] = pd.concat([ind[~((ind["product_id"] == "kefdensis")
                                              & (ind["indication"] == "giop")
                                              & (ind["region"] == "EU"))], extra])
    ds = type(bundled)(tables)
    m = C.indication_matrix(ds, View("prolia", ("kefdensis",), regions=("EU",)))
    assert m.states.loc[INDICATIONS["giop"], "Kefdensis (EU)"] == C.CARVE_OUT


def test_study_results_carry_verdicts(bundled):
    res = C.study_results(bundled, bundled.product_ids())
    # the EMA overview states equivalence in words, with no CI or margin
    kef = res[res["biosimilar_id"] == "kefdensis"]
    assert (kef["verdict"] == C.VERDICT_UNKNOWN).all()
    assert (kef["stated"] == "source states: equivalent").all()  # quoted, not a verdict
    ct = res[res["study_id"] == "ctp41_31"]
    assert (ct["verdict"] == C.VERDICT_WITHIN).all()  # computed: CI inside +-1.503


def test_mini_study_verdicts_row_by_row(mini):
    res = C.study_results(mini, ["prolia", "kefdensis", "stoboclo", "obodence"])
    assert list(zip(res["study_id"], res["analysis_set"].fillna(""), res["verdict"],
                    strict=True)) == [
        ("kef-ema", "", C.VERDICT_UNKNOWN),  # no CI, no margin, no conclusion column
        ("ctp41", "full analysis set", C.VERDICT_WITHIN),  # -0.826..0.548 in +-1.503
        ("ctp41", "per-protocol set", C.VERDICT_WITHIN),  # -0.973..0.414 in +-1.503
        ("sb16", "full analysis set", C.VERDICT_UNKNOWN),  # a CI, but no margin
    ]


def test_adverse_reactions_keep_single_product_rows(mini):
    ar = C.adverse_reactions(mini, ["prolia", "kefdensis"], region="EU")
    assert list(ar["product_id"]) == ["prolia"] * 8 + ["kefdensis"] * 5
    listed = ar.drop_duplicates("reaction").set_index("reaction")["listed_by"].to_dict()
    only_prolia = {"Constipation", "Sciatica", "Osteonecrosis of the external auditory canal"}
    assert listed == {r: 1 if r in only_prolia else 2 for r in listed}
    assert len(listed) == 8


def test_gaps_lists_what_sources_do_not_give(mini):
    gaps = C.gaps(mini, View("prolia", ("kefdensis",)))
    indications = [g for g in gaps if ": indication '" in g]
    # 8 indications x 2 regions x 2 products; only Kefdensis' EU pmo row is given.
    assert len(indications) == 31
    assert f"Kefdensis (EU): indication '{INDICATIONS['pmo']}' — {NOT_REPORTED}" \
        not in indications
    assert f"Prolia (EU): indication '{INDICATIONS['pmo']}' — {NOT_REPORTED}" in indications
    assert [g for g in gaps if g not in indications] == [
        f"Kefdensis: US brand name — {NOT_REPORTED}",
        f"Kefdensis: Volume — {NOT_REPORTED}",
        "Kefdensis — Kefdensis vs Prolia (EMA overview) (1 year, analysis set not stated): "
        f"{C.VERDICT_UNKNOWN}",
    ]


def test_no_carve_out_across_families(bundled):
    m = C.indication_matrix(bundled, View("xgeva", ("kefdensis",), regions=("EU",)))
    assert C.CARVE_OUT not in set(m.states.to_numpy().ravel())


def test_us_columns_use_us_names(bundled):
    m = C.indication_matrix(bundled, View("prolia", ("obodence",), regions=("EU", "US")))
    assert "Obodence (EU)" in m.values.columns and "Ospomyv (US)" in m.values.columns


def test_gaps_do_not_list_absent_notes(bundled):
    assert not [g for g in C.gaps(bundled, View("prolia", ("kefdensis",))) if "Curator" in g]


def test_every_state_the_tables_show_has_its_one_colour(bundled):
    # A state without a colour broke the window's legend (a KeyError at start-up).
    family = View("prolia", tuple(bundled.family("prolia")))
    shown = set()
    for table in (C.attribute_table(bundled, family), C.indication_matrix(bundled, family),
                  C.indication_matrix(bundled, View("xgeva", tuple(bundled.family("xgeva"))))):
        shown |= set(table.states.to_numpy().ravel())
    assert shown - {C.SAME, ""} <= set(C.STATE_COLOURS)
    assert {C.SAME_WORDING, C.CHMP_OPINION} <= shown  # the states data 2026.12.1 added
