"""How a product's indications are known (core/indications.py ``basis``), and the
report's sentence on it, on tables built in memory.

Rules:
- a region where a status row says there is no licence is 'no licence'; no indication
  rows is 'none'; every row from an "all indications" statement is 'statement';
- rows that record no code as not authorised, and fewer than the dataset's codes, are a
  'summary' (no complete list was read); all the codes, or one recorded as not
  authorised, is 'complete'; a table without a basis column reads as listed rows;
- the sentence names each product and region resting on a summary or statement with
  its regional name, and the products with no licence after it;
- a code's label is the one ``indication_codes`` gives, in its order; a code listed
  there without a label, or used in ``indications`` but not listed, is its own label.
"""

from __future__ import annotations

import pandas as pd
import pytest

from denocompare.core import indications as I
from denocompare.core.dataset import Dataset

CODES = ("pmo", "male", "gio")


def dataset(*rows: tuple, basis: bool = True, no_licence: tuple = ()) -> Dataset:
    """Products 'ref' (Refo in the EU, Refus in the US) and 'bio'; indication rows
    (product, region, code, status[, basis])."""
    products = pd.DataFrame({
        "product_id": ["ref", "bio"], "name_eu": ["Refo", "Bioeu"],
        "name_us": ["Refus", "Bious"], "role": ["originator", "biosimilar"],
        "reference_product_id": [pd.NA, "ref"]})
    columns = ["product_id", "region", "indication", "status", "basis"]
    ind = pd.DataFrame([r if len(r) == 5 else (*r, "") for r in rows], columns=columns,
                       dtype=object)
    if not basis:
        ind = ind.drop(columns="basis")
    attributes = pd.DataFrame(
        [(pid, region, f"{region.lower()}_status", "no licence", pd.NA, "", "", "S9")
         for pid, region in no_licence],
        columns=["product_id", "region", "attribute", "value", "preferred", "as_of",
                 "date_kind", "source_id"], dtype=object)
    codes = pd.DataFrame({"indication": list(CODES), "label": ["PMO", "Men", "GIO"]})
    return Dataset({"products": products, "indications": ind, "attributes": attributes,
                    "indication_codes": codes})


def listed(pid: str, region: str, *codes: str, status: str = "authorised") -> list[tuple]:
    return [(pid, region, c, status) for c in codes]


def test_no_rows_is_none_and_a_no_licence_row_says_so_first():
    ds = dataset(*listed("ref", "EU", *CODES), no_licence=(("bio", "US"),))
    assert I.basis(ds, "bio", "EU") == "none"
    assert I.basis(ds, "bio", "US") == "no licence"


def test_rows_all_from_a_statement_are_a_statement():
    ds = dataset(("bio", "EU", "pmo", "authorised", I.S.ALL_INDICATIONS))
    assert I.basis(ds, "bio", "EU") == "statement"


@pytest.mark.parametrize("codes, expected", [
    (CODES[:2], "summary"),   # one code short of the dataset's three
    (CODES, "complete"),      # every code: the limit
])
def test_fewer_rows_than_codes_with_none_refused_is_a_summary(codes, expected):
    ds = dataset(*listed("bio", "EU", *codes))
    assert I.basis(ds, "bio", "EU") == expected


def test_one_code_recorded_as_not_authorised_makes_the_list_complete():
    rows = listed("bio", "EU", "pmo") + listed("bio", "EU", "male", status="not authorised")
    assert I.basis(dataset(*rows), "bio", "EU") == "complete"
    # one row short, and the refused one is another status: still a summary
    rows = listed("bio", "EU", "pmo") + listed("bio", "EU", "male", status="not reported")
    assert I.basis(dataset(*rows), "bio", "EU") == "summary"


def test_a_table_without_a_basis_column_reads_as_listed_rows():
    assert I.basis(dataset(*listed("bio", "EU", *CODES), basis=False), "bio", "EU") == \
        "complete"
    assert I.basis(dataset(*listed("bio", "EU", "pmo"), basis=False), "bio", "EU") == \
        "summary"


def test_the_sentence_names_each_weak_region_by_its_regional_name():
    ds = dataset(*listed("ref", "EU", *CODES), *listed("ref", "US", "pmo"),
                 *listed("bio", "EU", "pmo"), *listed("bio", "US", *CODES))
    assert I.summary_sentence(ds, ["ref", "bio"]) == (
        "Indications: those of 2 of 2 products rest, in at least one region, on summaries "
        "or 'all indications' statements only (no complete list read): Refus (US), "
        "Bioeu (EU).")


def test_the_sentence_with_none_weak_and_one_without_a_licence():
    ds = dataset(*listed("ref", "EU", *CODES), *listed("ref", "US", *CODES),
                 *listed("bio", "EU", *CODES), no_licence=(("bio", "US"),))
    assert I.summary_sentence(ds, ["ref", "bio"]) == (
        "Indications: none of the 2 products rests on a summary or an 'all indications' "
        "statement only. No licence: Bious (US).")


def test_a_no_licence_cell_cites_the_gaps_source_and_names_the_regional_brand():
    ds = dataset(no_licence=(("bio", "US"),))
    gap = "no US licence (refused per the letter), per S9"
    words, state, src, tip = I.no_licence_cell(ds, "bio", "US", gap)
    assert (words, state, src) == (gap, I.NO_LICENCE, "S9")
    assert tip == f"Bious holds no US licence: {gap}. It has no US indications."


def test_a_code_without_a_label_or_not_listed_is_its_own_label():
    ds = dataset(("bio", "EU", "pmo", "authorised"), ("bio", "EU", "hcm", "authorised"))
    codes = pd.DataFrame({"indication": list(CODES), "label": ["PMO", pd.NA, "  "]},
                         dtype="string")
    ds = Dataset({**ds.tables, "indication_codes": codes})
    assert I.labels(ds) == {"pmo": "PMO", "male": "male", "gio": "gio", "hcm": "hcm"}
    assert list(I.labels(ds)) == ["pmo", "male", "gio", "hcm"]
