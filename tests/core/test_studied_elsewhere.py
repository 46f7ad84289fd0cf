"""A reference no study compares with (Xgeva): where its biosimilars' molecules were
studied, read from the studies table and the development codes, never assumed."""

from __future__ import annotations

from denocompare.core.dataset import Dataset
from denocompare.core.studies import studied_against_others


def test_xgevas_biosimilars_were_studied_against_prolia(bundled):
    found = studied_against_others(bundled, "xgeva")
    assert list(found) == ["prolia"]
    studies = bundled["studies"]
    # Each biosimilar named ran a study against Prolia, and shares its molecule with
    # one of Xgeva's biosimilars.
    assert set(found["prolia"]) <= set(studies.loc[studies["reference_id"] == "prolia",
                                                   "biosimilar_id"])
    assert "jubbonti" in found["prolia"]  # GP2411, as Wyost


def test_a_reference_with_studies_of_its_own_needs_no_pointer(bundled):
    assert studied_against_others(bundled, "prolia") == {}


def test_without_molecule_links_nothing_is_said(bundled):
    a = bundled["attributes"]
    tables = {**bundled.tables, "attributes": a[a["attribute"] != "development_code"]}
    assert studied_against_others(Dataset(tables, origin=bundled.origin), "xgeva") == {}
