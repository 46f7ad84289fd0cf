"""Comparisons, on the bundled data and on small frames built here."""

from __future__ import annotations

import pandas as pd
import pytest

from denocompare.core import compare as C
from denocompare.core.dataset import NOT_REPORTED
from denocompare.core.schema import INDICATIONS
from denocompare.core.view import View


@pytest.mark.parametrize("row, expected", [
    (dict(ci_low=-0.826, ci_high=0.548, margin_low=-1.503, margin_high=1.503), C.VERDICT_WITHIN),
    (dict(ci_low=-0.8, ci_high=1.6, margin_low=-1.503, margin_high=1.503), C.VERDICT_CROSSES),
    (dict(ci_low=-1.6, ci_high=0.1, margin_low=-1.503, margin_high=1.503), C.VERDICT_CROSSES),
    (dict(ci_low=-0.05, ci_high=1.20, margin_low=-1.45, margin_high=pd.NA), C.VERDICT_UNKNOWN),
    (dict(ci_low=pd.NA, ci_high=pd.NA, margin_low=-1, margin_high=1), C.VERDICT_UNKNOWN),
    (dict(ci_low=0.1, ci_high=0.9, margin_low=pd.NA, margin_high=pd.NA,
          reported_conclusion="equivalent"), C.VERDICT_SAYS_EQUIVALENT),
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
    assert set(t.states.to_numpy().ravel()) <= {C.SAME, C.DIFFERS, C.MISSING, C.CONFLICT,
                                                C.REFERENCE, C.NOTE, ""}
    # every shown value has a source; every missing one has none
    shown = t.states.isin([C.SAME, C.DIFFERS, C.CONFLICT, C.REFERENCE])
    assert (t.sources[shown] != "").to_numpy()[shown.to_numpy()].all()
    assert (t.sources[t.states == C.MISSING].fillna("") == "").to_numpy()[
        (t.states == C.MISSING).to_numpy()].all()


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
    # Kefdensis has no US approval in the sources: not reported, not "not authorised"
    assert m.states.loc[pmo, "Kefdensis (US)"] == C.MISSING


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
    assert set(res["verdict"]) <= {C.VERDICT_WITHIN, C.VERDICT_CROSSES, C.VERDICT_UNKNOWN,
                                   C.VERDICT_SAYS_EQUIVALENT, C.VERDICT_SAYS_NOT}
    # the EMA overview states equivalence in words, with no CI or margin
    kef = res[res["biosimilar_id"] == "kefdensis"]
    assert (kef["verdict"] == C.VERDICT_SAYS_EQUIVALENT).all()
    ct = res[res["study_id"] == "ctp41_31"]
    assert (ct["verdict"] == C.VERDICT_WITHIN).all()  # computed: CI inside +-1.503


def test_adverse_reactions_keep_single_product_rows(bundled):
    ar = C.adverse_reactions(bundled, ["prolia", "kefdensis"], region="EU")
    assert set(ar["product_id"]) == {"prolia", "kefdensis"}
    assert (ar["listed_by"] == 1).any()
    assert (ar["listed_by"] == 2).any()


def test_gaps_lists_what_sources_do_not_give(bundled):
    gaps = C.gaps(bundled, View("prolia", ("kefdensis",)))
    assert any(NOT_REPORTED in g for g in gaps)
    assert any("Kefdensis" in g for g in gaps)


def test_no_carve_out_across_families(bundled):
    m = C.indication_matrix(bundled, View("xgeva", ("kefdensis",), regions=("EU",)))
    assert C.CARVE_OUT not in set(m.states.to_numpy().ravel())


def test_us_columns_use_us_names(bundled):
    m = C.indication_matrix(bundled, View("prolia", ("obodence",), regions=("EU", "US")))
    assert "Obodence (EU)" in m.values.columns and "Ospomyv (US)" in m.values.columns


def test_gaps_do_not_list_absent_notes(bundled):
    assert not [g for g in C.gaps(bundled, View("prolia", ("kefdensis",))) if "Curator" in g]
