"""The registry matcher (core/matching.py), rule by rule, on a small dataset built in
memory: what a regulator's record matches, and what it must not be taken for.

The products are made up (names and numbers of the test only); the rules are the
module's: a number given to one brand only, else the brand name (case, spaces and
punctuation aside, never a near name), else a suffixed US proper name with strength;
anything that fits two products, or a number and a name that disagree, is not matched.
"""

from __future__ import annotations

import pandas as pd
import pytest

from denocompare.core.dataset import Dataset
from denocompare.core.matching import (
    Index,
    group_records,
    match_group,
    number_key,
    squash,
    strength_mg,
)
from denocompare.core.regulator_file import FIELDS

# id, EU name, US name, strength (mg), role
_PRODUCTS = [
    ("orig", "Origo", "Origo", 60, "originator"),
    ("alpha", "Alphadeno", "Alphadeno", 60, "biosimilar"),
    ("beta", "Betadeno", "Betaus", 60, "biosimilar"),
    ("beta120", "Betadeno Max", "Betaus Max", 120, "biosimilar"),
    ("gamma", "Gammadeno", "", None, "biosimilar"),
    ("twin1", "Twin", "Twin", 60, "biosimilar"),
    ("twin2", "Twin", "Twin", 60, "biosimilar"),
    ("dupo1", "Dupo", "Dupo", 60, "biosimilar"),
    ("dupo2", "Dupo", "Dupo", 60, "biosimilar"),
]
# product, region, attribute, value, preferred
_ATTRIBUTES = [
    ("orig", "US", "us_application_number", "BLA 125000", "yes"),
    ("orig", "EU", "eu_procedure_number", "EMEA/H/C/000100", "yes"),
    ("alpha", "US", "us_application_number", "BLA 761001", "yes"),
    ("alpha", "US", "us_nonproprietary_name", "denosumab-aaaa", "yes"),
    ("alpha", "EU", "eu_procedure_number", "EMEA/H/C/006001", pd.NA),
    # an older number, not the preferred row: the matcher must not read it
    ("beta", "US", "us_application_number", "BLA 761900", "no"),
    ("beta", "US", "us_application_number", "BLA 761002", "yes"),
    ("beta", "US", "us_nonproprietary_name", "denosumab-bbbb", "yes"),
    ("beta120", "US", "us_application_number", "BLA 761003", "yes"),
    ("beta120", "US", "us_nonproprietary_name", "denosumab-bbbb", "yes"),
    ("twin1", "US", "us_nonproprietary_name", "denosumab-tttt", "yes"),
    ("twin2", "US", "us_nonproprietary_name", "denosumab-tttt", "yes"),
    ("dupo1", "US", "us_nonproprietary_name", "denosumab-ddd1", "yes"),
    ("dupo2", "US", "us_nonproprietary_name", "denosumab-ddd2", "yes"),
]


# Function-scoped on purpose: an index built once per module is built inside the first
# test only, and mutation testing maps Index's code to that test alone.
def build(products_rows: list[tuple], attribute_rows: list[tuple]) -> Dataset:
    """A dataset of (id, EU name, US name, mg, role) products, each biosimilar of 'orig',
    and (product, region, attribute, value, preferred) attribute rows."""
    products = pd.DataFrame(products_rows, columns=["product_id", "name_eu", "name_us",
                                                    "strength_mg", "role"])
    products["reference_product_id"] = ["" if r == "originator" else "orig"
                                        for r in products["role"]]
    products = products.replace({"": pd.NA})
    attributes = pd.DataFrame(attribute_rows, columns=["product_id", "region", "attribute",
                                                       "value", "preferred"])
    return Dataset({"products": products, "attributes": attributes})


@pytest.fixture
def ds() -> Dataset:
    return build(_PRODUCTS, _ATTRIBUTES)


@pytest.fixture
def us(ds) -> Index:
    return Index(ds, "US")


@pytest.fixture
def eu(ds) -> Index:
    return Index(ds, "EU")


def record(**values: str) -> dict:
    """One grouped record as the matcher gets it: every field text, '' when missing."""
    return {**dict.fromkeys(FIELDS, ""), "row": "2", **values}


def match(index: Index, *others: dict, **values: str) -> tuple[str | None, str]:
    g = record(**values)
    return match_group(index, g, [g, *others])


# --- the keys --------------------------------------------------------------------------
@pytest.mark.parametrize("text, key", [
    ("BLA 761362", "761362"), ("BLA761362", "761362"), ("761362", "761362"),
    ("EMEA/H/C/002173", "2173"), ("EMEA/H/C/2173", "2173"), (" 0761362 ", "761362"),
    ("", ""), (None, ""),
])
def test_a_number_is_its_digits_without_leading_zeros(text, key):
    assert number_key(text) == key


def test_a_number_with_slashes_is_its_last_part_not_every_digit():
    assert number_key("H/C/12/0034") == "34"
    assert number_key("EMEA/H/C/2173 rev 2") == "2"


@pytest.mark.parametrize("text, mg", [
    ("60 mg/mL", 60.0), ("120 mg/1.7 mL", 120.0), ("60MG", 60.0), ("0.5 mg", 0.5),
    ("1.7 mL", None), ("", None), (None, None),
])
def test_the_strength_is_the_first_number_before_mg(text, mg):
    assert strength_mg(text) == mg


def test_a_name_is_compared_without_case_spaces_or_punctuation():
    assert squash(" Betadeno-Max ") == squash("BETADENO MAX") == "betadenomax"
    assert squash(None) == "" and squash("X2 (pen)") == "x2pen"


# --- what the index reads ---------------------------------------------------------------
def test_the_index_reads_the_shown_row_and_the_regions_own_names(us, eu):
    assert us.number["beta"] == "761002"  # the preferred row, not the older 761900
    assert us.number["gamma"] == "" and us.value("gamma", "us_application_number") == ""
    assert eu.number["alpha"] == "6001"  # a row with no 'preferred' mark is shown
    assert us.names["beta"] == "betaus" and us.other["beta"] == "betadeno"
    assert eu.names["beta"] == "betadeno" and eu.other["beta"] == "betaus"
    assert us.mg["gamma"] is None and us.mg["beta120"] == 120.0
    assert us.proper["alpha"] == "denosumab-aaaa" and us.proper["orig"] == ""
    assert us.originators == {"origo": "orig"}
    assert us.row("alpha", "eu_procedure_number", "EU")["value"] == "EMEA/H/C/006001"
    assert us.row("alpha", "eu_procedure_number") is None  # the index's own region only


# --- by number --------------------------------------------------------------------------
def test_a_number_matches_whatever_way_it_is_written(us, eu):
    assert match(us, number="761001", brand="Alphadeno") == ("alpha", "BLA number")
    assert match(us, number="BLA 0761001", brand="") == ("alpha", "BLA number")
    assert match(eu, number="EMEA/H/C/006001", brand="Alphadeno") == \
        ("alpha", "EMA product number")


def test_a_number_with_the_other_regions_name_or_another_case_still_matches(us):
    assert match(us, number="761002", brand="BETADENO") == ("beta", "BLA number")


def test_a_known_number_under_another_brand_is_not_guessed(us, eu):
    pid, why = match(us, number="761001", brand="Alphadeno Pen")
    assert pid is None
    assert why == ("the dataset gives BLA number 761001 to Alphadeno, but the file names "
                   "it 'Alphadeno Pen': renamed, or a different product?")
    pid, why = match(eu, number="EMEA/H/C/006001", brand="Alfadeno")  # a near name
    assert pid is None and why.startswith("the dataset gives EMA product number")


def test_a_number_the_dataset_does_not_hold_falls_back_to_the_brand(us):
    # a number unknown, but its brand known with no number of its own: the brand decides
    assert match(us, number="761999", brand="Gammadeno") == ("gamma", "brand name")


def test_a_number_two_brands_share_in_the_file_is_decided_by_the_brand(us):
    # One BLA covering two brands (Origo's 125000 given to Alphadeno too) says nothing.
    other = record(number="125000", brand="Alphadeno", row="3")
    pid, why = match(us, other, number="125000", brand="Origo")
    assert (pid, why) == ("orig", "brand name")
    # the same brand on two rows is one product, not a shared number
    same = record(number="125000", brand="ORIGO", row="3")
    assert match(us, same, number="125000", brand="Origo") == ("orig", "BLA number")


def test_a_number_two_products_hold_is_not_guessed(ds):
    twins = Dataset({**ds.tables, "attributes": pd.concat([ds["attributes"], pd.DataFrame(
        [("twin1", "US", "us_application_number", "BLA 761777", "yes"),
         ("twin2", "US", "us_application_number", "BLA 761777", "yes")],
        columns=ds["attributes"].columns)], ignore_index=True)})
    pid, why = match(Index(twins, "US"), number="761777", brand="")
    assert pid is None and why == "BLA number 761777 fits several products: Twin, Twin"


# --- by brand ---------------------------------------------------------------------------
def test_a_brand_matches_without_case_spaces_or_punctuation(us):
    assert match(us, brand=" ALPHA-deno ") == ("alpha", "brand name")


def test_a_near_name_is_not_a_match(us):
    for near in ("Alphadenos", "Alphaden", "Alpha deno 2", "Betaus Maxi"):
        assert match(us, brand=near)[0] is None, near


def test_the_regions_own_name_is_tried_before_the_other_regions(us, eu):
    assert match(us, brand="Betaus") == ("beta", "brand name")
    assert match(us, brand="Betadeno") == ("beta", "brand name")  # the EU name, in the US
    assert match(eu, brand="Betaus Max") == ("beta120", "brand name")


def test_a_brand_whose_number_disagrees_is_not_matched(us):
    pid, why = match(us, number="761555", brand="Alphadeno")
    assert pid is None
    assert why == ("the file gives BLA number 761555 for 'Alphadeno'; the dataset gives "
                   "BLA 761001")


def test_an_eu_brand_whose_number_disagrees_names_the_ema_number(eu):
    assert match(eu, number="EMEA/H/C/009999", brand="Alphadeno") == (
        None, "the file gives EMA product number EMEA/H/C/009999 for 'Alphadeno'; the "
        "dataset gives EMEA/H/C/006001")


def test_a_brand_two_products_share_is_narrowed_by_strength_or_refused(us):
    pid, why = match(us, brand="Twin")
    assert pid is None and why == "the name 'Twin' fits several products: Twin, Twin"
    assert match(us, brand="Twin", strength="60 mg/mL")[0] is None  # both 60 mg


# --- by proper name -------------------------------------------------------------------
def test_an_unbranded_record_matches_by_proper_name_and_strength(us):
    got = match(us, proper_name="Denosumab-BBBB", strength="120 mg/1.7 mL")
    assert got == ("beta120", "proper name and strength")
    assert match(us, proper_name="denosumab-aaaa") == ("alpha", "proper name and strength")


def test_a_proper_name_several_products_share_without_strength_is_not_guessed(us):
    pid, why = match(us, proper_name="denosumab-bbbb")
    assert pid is None
    assert why == ("the proper name denosumab-bbbb fits several products: "
                   "Betadeno (US: Betaus), Betadeno Max (US: Betaus Max)")
    assert match(us, proper_name="denosumab-bbbb", strength="90 mg")[0] is None


def test_an_unsuffixed_proper_name_names_no_product(us):
    # 'denosumab' alone is every product's INN: it must not pick one.
    assert match(us, proper_name="denosumab", strength="60 mg") == (None, "new")


def test_an_unsuffixed_proper_name_is_not_matched_even_to_a_product_holding_it(ds):
    # an originator's US proper name is the bare INN; a record of 'denosumab' alone
    # is any product of the molecule and must not be taken for the originator
    held = pd.concat([ds["attributes"], pd.DataFrame(
        [("orig", "US", "us_nonproprietary_name", "denosumab", "yes")],
        columns=ds["attributes"].columns)], ignore_index=True)
    index = Index(Dataset({"products": ds["products"], "attributes": held}), "US")
    assert index.proper["orig"] == "denosumab"
    assert match(index, proper_name="Denosumab", strength="60 mg") == (None, "new")


def test_a_new_brand_with_a_known_proper_name_is_listed_not_guessed(us):
    pid, why = match(us, brand="Otherbrand", proper_name="denosumab-aaaa")
    assert pid is None
    assert why == ("'Otherbrand' is not a brand the dataset holds, but its proper name "
                   "denosumab-aaaa is that of Alphadeno: a new brand, or a renamed one?")
    # a 'brand' that is only the proper name again is an unbranded record
    assert match(us, brand="Denosumab-AAAA", proper_name="denosumab-aaaa")[0] == "alpha"


def test_a_brand_two_products_share_is_narrowed_by_the_us_proper_name(us):
    assert match(us, brand="Dupo", proper_name="Denosumab-DDD1") == ("dupo1", "brand name")
    assert match(us, brand="Dupo", proper_name="denosumab-ddd2") == ("dupo2", "brand name")
    assert match(us, brand="Dupo", proper_name="denosumab-ddd3")[0] is None  # neither


# --- what the dataset lacks -----------------------------------------------------------
@pytest.mark.parametrize("values, why", [
    ({"brand": "Newbrand", "licence_type": "351(a)"},
     "an originator (351(a)) the dataset does not hold"),
    ({"brand": "Newbrand", "biosimilar": "No"},
     "not a biosimilar, and not a product the dataset holds"),
    ({"brand": "Newbrand", "biosimilar": "false"},
     "not a biosimilar, and not a product the dataset holds"),
    ({"brand": "Newbrand", "biosimilar": "0"},
     "not a biosimilar, and not a product the dataset holds"),
    ({"brand": "Newbrand", "biosimilar": "yes", "licence_type": "351(k) Biosimilar"}, "new"),
    ({"brand": "Newbrand"}, "new"),
])
def test_a_product_the_dataset_lacks_is_said_as_such(us, values, why):
    assert match(us, **values) == (None, why)


# --- grouping the file's rows ---------------------------------------------------------
def _records(*rows: dict) -> pd.DataFrame:
    return pd.DataFrame([record(**r) for r in rows])


def test_rows_of_one_brand_and_number_are_one_product():
    groups = group_records(_records(
        {"brand": "Alphadeno", "number": "761001", "row": "5", "approval_date": "2025-03-01",
         "licence_type": "351(k) Biosimilar", "marketing_status": "Disc"},
        {"brand": "ALPHADENO", "number": "761001", "row": "6", "approval_date": "2025-01-15",
         "licence_type": "351(k) Interchangeable", "marketing_status": "Rx",
         "interchangeable_date": "2025-06-01", "holder": "Maker"},
        {"brand": "Alphadeno", "number": "761001", "row": "7", "approval_date": "2025-02-01",
         "licence_type": "351(k) Biosimilar", "marketing_status": "Disc",
         "interchangeable_date": "2025-07-01", "holder": "Other"}))
    (g,) = groups
    assert g["rows"] == ["5", "6", "7"]
    assert g["approval_date"] == "2025-01-15"  # the earliest
    assert g["interchangeable_date"] == "2025-06-01"  # the earliest the rows give
    assert g["licence_type"] == "351(k) Interchangeable"  # if any row says so
    assert g["marketing_status"] == "Rx"  # if any row is not discontinued
    assert g["holder"] == "Maker"  # a value given once is kept, not overwritten
    assert g["brand"] == "Alphadeno"  # the first row's


def test_a_later_row_fills_what_the_first_left_empty():
    (g,) = group_records(_records({"brand": "A", "number": "1", "row": "2"},
                                  {"brand": "A", "number": "1", "row": "3", "holder": "H",
                                   "approval_date": "2025-01-01"}))
    assert (g["holder"], g["approval_date"]) == ("H", "2025-01-01")


def test_an_interchangeable_row_is_not_undone_by_a_later_biosimilar_row():
    (g,) = group_records(_records(
        {"brand": "A", "number": "1", "licence_type": "351(k) Interchangeable"},
        {"brand": "A", "number": "1", "licence_type": "351(k) Biosimilar"}))
    assert g["licence_type"] == "351(k) Interchangeable"


def test_all_rows_discontinued_stays_discontinued():
    (g,) = group_records(_records({"brand": "A", "number": "1", "marketing_status": "Disc"},
                                  {"brand": "A", "number": "1", "marketing_status": "DISC"},
                                  {"brand": "A", "number": "1", "marketing_status": ""}))
    assert g["marketing_status"] == "Disc"


def test_another_number_or_brand_is_another_product_and_unbranded_rows_go_by_proper_name():
    groups = group_records(_records(
        {"brand": "A", "number": "1"}, {"brand": "A", "number": "2"},
        {"brand": "B", "number": "1"}, {"brand": "", "proper_name": "x-aaaa", "number": "3"},
        {"brand": "", "proper_name": "X-AAAA", "number": "3"}))
    assert [(g["brand"], g["number"], len(g["rows"])) for g in groups] == [
        ("A", "1", 1), ("A", "2", 1), ("B", "1", 1), ("", "3", 2)]


def test_missing_values_are_empty_text():
    frame = _records({"brand": "A", "number": "1"}).astype(object)
    frame.loc[0, "holder"] = pd.NA
    frame.loc[0, "url"] = None
    (g,) = group_records(frame)
    assert g["holder"] == "" and g["url"] == ""
