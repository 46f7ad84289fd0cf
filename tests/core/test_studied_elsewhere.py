"""A reference no study compares with (Xgeva): where its biosimilars' molecules were
studied, read from the studies table and the development codes, never assumed."""

from __future__ import annotations

from denocompare.core.dataset import Dataset
from denocompare.core.studies import studied_against_others, studies_for


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


def test_a_brand_shows_its_twins_study_even_after_a_brand_whose_twin_has_none(bundled):
    """Each chosen product is looked at: Jubbonti's twin (Wyost) ran no study of its own,
    and that does not stop Denbrayce showing the study its twin (Izamby) ran, with the
    link named in full; the rows count from 0 (not the studies table's 0 and 8)."""
    found = studies_for(bundled, ["jubbonti", "denbrayce"])
    assert list(found["study_id"]) == ["rosalia", "mb09"]
    assert list(found["shown_for"]) == ["jubbonti", "denbrayce"]
    assert list(found["link"]) == [
        "", "same molecule (MB09) as Denbrayce: study run with Izamby against Prolia"]
    assert list(found.index) == [0, 1]
