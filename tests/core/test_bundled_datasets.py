"""Both bundled datasets: found by name, loaded by the one loader with no problem, and
the ustekinumab facts the issue names drawn as the fact sheet gives them."""

from __future__ import annotations

import pytest

from denocompare.core import compare as C
from denocompare.core import equivalence as Q
from denocompare.core.view import View, starting_view
from denocompare.io.validate import load_dataset
from denocompare.resources import (
    bundled_data_dir,
    bundled_datasets,
    bundled_name,
    dataset_path,
    is_bundled,
)


@pytest.fixture(scope="module")
def ust():
    return load_dataset(bundled_data_dir("ustekinumab"))


@pytest.mark.parametrize("name", ["denosumab", "ustekinumab"])
def test_each_bundled_dataset_loads_with_no_problem_and_every_source_resolves(name):
    ds = load_dataset(bundled_data_dir(name))
    assert not ds.warnings
    assert ds.meta("molecule") == name
    known = set(ds["sources"]["source_id"])
    for table, frame in ds.tables.items():
        if "source_id" in frame and table != "sources":
            for cell in frame["source_id"].dropna():
                assert set(ds.source_ids_in(cell)) <= known, (table, cell)


def test_a_bundled_name_or_a_path_selects_a_dataset(tmp_path):
    assert bundled_datasets() == ["denosumab", "ustekinumab"]
    assert dataset_path("ustekinumab") == bundled_data_dir("ustekinumab")
    assert dataset_path(None) == bundled_data_dir()
    assert dataset_path(str(tmp_path)) == tmp_path  # a path is a path
    assert bundled_name(bundled_data_dir("ustekinumab")) == "ustekinumab"
    assert bundled_name(tmp_path) == ""
    assert is_bundled(bundled_data_dir("ustekinumab") / "products.csv")
    with pytest.raises(FileNotFoundError, match="denosumab, ustekinumab"):
        bundled_data_dir("adalimumab")


def test_the_eu_ulcerative_colitis_carve_outs_show(ust):
    view = View("stelara", ("wezenla", "uzpruvo", "steqeyma", "otulfi", "imuldosa",
                            "yesintek", "usrenty", "qoyvolma", "fymskina"), regions=("EU",))
    m = C.indication_matrix(ust, view)
    uc = m.states.loc["Ulcerative colitis"]
    assert uc["Stelara (EU)"] == C.AUTHORISED
    for name in ("Wezenla", "Uzpruvo", "Steqeyma", "Otulfi", "Imuldosa", "Yesintek",
                 "Usrenty"):
        assert uc[f"{name} (EU)"] == C.CARVE_OUT, name
    assert uc["Qoyvolma (EU)"] == C.AUTHORISED and uc["Fymskina (EU)"] == C.AUTHORISED
    assert list(m.values.index) == ["Plaque psoriasis (adults)",
                                    "Plaque psoriasis in children (6 years and over)",
                                    "Psoriatic arthritis", "Crohn's disease",
                                    "Ulcerative colitis"]


def test_the_studies_as_the_fact_sheet_gives_them(ust):
    res = C.study_results(ust, ust.product_ids()).set_index("study_id")
    sb17 = res.loc["sb17_3"]
    assert (sb17["difference"], sb17["ci_level"], sb17["ci_low"], sb17["ci_high"]) == \
        (-0.6, 95, -3.78, 2.579)
    assert sb17["verdict"] == Q.WITHIN  # inside [-15, 15]
    abp = res.loc["abp654_3"]
    assert (abp["ci_low"], abp["ci_high"], abp["margin_low"], abp["margin_high"]) == \
        (-2.6, 2.9, -10, 10) and abp["verdict"] == Q.WITHIN
    rows = C.forest_rows(ust, ["steqeyma"])
    ct = rows[rows["study_id"] == "ctp43_31"]
    assert list(zip(ct["regulator"], ct["margin_low"], ct["margin_high"], ct["verdict"],
                    strict=True)) == [("FDA", -10, 10, Q.NOT_COMPUTABLE),
                                      ("EMA", -15, 15, Q.NOT_COMPUTABLE)]
    assert set(ct["stated"]) == {"source states: \u201cCT-P43 showed equivalent efficacy "
                                 "to originator ustekinumab\u201d"}
    assert len(ust["studies"]) == 8


def test_the_default_comparison_comes_from_the_data(ust):
    view = starting_view(ust)
    assert view.reference == "stelara"
    assert view.comparators[:2] == ("wezenla", "uzpruvo")
