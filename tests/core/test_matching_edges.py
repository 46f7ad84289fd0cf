"""The registry matcher (core/matching.py) at its edges: a number written with spaces,
two shown rows of one attribute, an originator named differently in the EU and the US,
an unbranded record grouped by its proper name, and the narrowing of a name several
products share (by the US proper name in the US only, by strength only when the record
gives one, never down to nothing).

The products are made up (names and numbers of the test only).
"""

from __future__ import annotations

import pandas as pd
import pytest

from denocompare.core.dataset import Dataset
from denocompare.core.matching import Index, group_records, number_key
from tests.core.test_matching_rules import build, match, record

# id, EU name, US name, strength (mg), role
_PRODUCTS = [
    ("orig", "Origo", "Origous", 60, "originator"),
    ("eurig", "Eurigo", "", 60, "originator"),  # an originator the US does not name
    ("solo", "Solodeno", "", 60, "biosimilar"),
    ("duo1", "Duo", "Duo", 60, "biosimilar"),
    ("duo2", "Duo", "Duo", 60, "biosimilar"),
    ("tri1", "Tri", "Tri", 60, "biosimilar"),
    ("tri2", "Tri", "Tri", None, "biosimilar"),
]
# product, region, attribute, value, preferred
_ATTRIBUTES = [
    ("orig", "US", "us_application_number", "BLA 125000", "yes"),
    # a second shown row of the same attribute: the first is the one read
    ("orig", "US", "us_application_number", "BLA 125999", "yes"),
    ("orig", "EU", "eu_procedure_number", "EMEA/H/C/000100", "yes"),
    ("solo", "EU", "eu_procedure_number", "EMEA/H/C/000200", "yes"),
    ("duo1", "US", "us_nonproprietary_name", "denosumab-duoo", "yes"),
    # the US proper name given under the EU too: the EU does not narrow by it
    ("duo1", "EU", "us_nonproprietary_name", "denosumab-duoo", "yes"),
]


@pytest.fixture
def ds() -> Dataset:
    return build(_PRODUCTS, _ATTRIBUTES)


@pytest.fixture
def us(ds) -> Index:
    return Index(ds, "US")


@pytest.fixture
def eu(ds) -> Index:
    return Index(ds, "EU")


def test_a_number_written_with_spaces_is_all_its_digits():
    assert number_key("BLA 761 362") == "761362"
    assert number_key("761 362") == "761362"


def test_of_two_shown_rows_of_one_attribute_the_first_is_read(us):
    assert us.number["orig"] == "125000"
    assert us.value("orig", "us_application_number") == "BLA 125000"
    assert match(us, number="125999", brand="")[0] is None


def test_the_originators_are_known_by_the_regions_own_name(us, eu):
    assert us.originators == {"origous": "orig"}  # not Eurigo under an empty name
    assert eu.originators == {"origo": "orig", "eurigo": "eurig"}


def test_a_number_with_the_regions_own_name_matches_when_the_other_region_differs(us, eu):
    assert match(us, number="BLA 125000", brand="Origous") == ("orig", "BLA number")
    assert match(us, number="BLA 125000", brand="Origo") == ("orig", "BLA number")
    assert match(eu, number="EMEA/H/C/000100", brand="Origo") == \
        ("orig", "EMA product number")


def test_a_known_number_under_another_brand_is_refused_when_the_other_region_has_no_name(eu):
    pid, why = match(eu, number="EMEA/H/C/000200", brand="Renamed")
    assert pid is None
    assert why == ("the dataset gives EMA product number EMEA/H/C/000200 to Solodeno, "
                   "but the file names it 'Renamed': renamed, or a different product?")
    assert match(eu, number="EMEA/H/C/000200", brand="Solodeno") == \
        ("solo", "EMA product number")


def test_a_single_candidate_is_kept_when_its_strength_or_proper_name_differ(us, eu):
    # narrowing picks among several; it never takes the one candidate away
    assert match(us, number="125000", brand="Origous", strength="120 mg",
                 proper_name="denosumab-zzzz") == ("orig", "BLA number")
    assert match(eu, brand="Solodeno", strength="120 mg") == ("solo", "brand name")


def test_a_record_without_a_proper_name_is_not_narrowed_by_one(us):
    # duo1 has a US proper name, duo2 none: a record giving none fits both
    assert match(us, brand="Duo") == (None, "the name 'Duo' fits several products: Duo, Duo")
    assert match(us, brand="Duo", proper_name="Denosumab-DUOO") == ("duo1", "brand name")


def test_the_us_proper_name_narrows_a_shared_name_in_the_us_only(eu):
    assert match(eu, brand="Duo", proper_name="denosumab-duoo") == \
        (None, "the name 'Duo' fits several products: Duo, Duo")


def test_a_record_without_a_strength_is_not_narrowed_by_strength(us):
    # tri1 is 60 mg, tri2 has no strength: a record giving none fits both
    assert match(us, brand="Tri") == (None, "the name 'Tri' fits several products: Tri, Tri")
    assert match(us, brand="Tri", strength="60 mg/mL") == ("tri1", "brand name")


def test_unbranded_rows_of_one_number_are_grouped_by_their_proper_names():
    rows = [record(brand="", proper_name=p, number=n, row=r) for p, n, r in (
        ("x-aaaa", "", "2"), ("x-bbbb", "", "3"), ("X-AAAA", "", "4"),
        ("y-aaaa", "7", "5"), ("y-bbbb", "7", "6"))]
    groups = group_records(pd.DataFrame(rows))
    assert [(g["proper_name"], g["number"], g["rows"]) for g in groups] == [
        ("x-aaaa", "", ["2", "4"]), ("x-bbbb", "", ["3"]),
        ("y-aaaa", "7", ["5"]), ("y-bbbb", "7", ["6"])]


def test_a_row_without_a_date_leaves_the_groups_earliest_date():
    rows = [record(brand="A", number="1", row=r, approval_date=d, interchangeable_date=d)
            for r, d in (("2", "2025-03-01"), ("3", "2025-02-01"), ("4", "2025-02-01"),
                         ("5", "2025-04-01"), ("6", ""))]
    (g,) = group_records(pd.DataFrame(rows))
    assert (g["approval_date"], g["interchangeable_date"]) == ("2025-02-01", "2025-02-01")
