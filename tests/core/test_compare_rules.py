"""How two attribute values are compared, which of several is shown, and what an empty
or unlicensed indication cell says: each rule at its edge (core/compare.py).

Rules:
- wording is compared without case, runs of spaces or the degree sign ("2–8 °C" is
  "2-8 C" written otherwise only if the rest is the same);
- structured values that agree but are worded differently are SAME_WORDING, worded the
  same SAME; structured values that disagree DIFFER whatever the words;
- of several values for one cell, the first marked preferred is shown, else the first;
  no values show as empty text;
- a product with no licence in a region shows that in each of its cells, naming the
  product and the region; a cell no source speaks to is "not reported" with no details;
- the adverse reactions' text filter matches the words typed, in any case, as plain text
  ('.' and '(' are characters, not a pattern); a filter matching nothing gives an empty
  table whose product column is text, as a full one's;
- a system organ class chosen keeps its rows only; the rows count from 0 and gain only
  the product name and how many products list the reaction;
- the products table's rows are headed "Attribute"; a fact for all regions is one row
  under its own label; a status carries its as-of date, a structured value its unit,
  a row's note follows it in the details; an identity cell and the curator's note cite
  only what they have; only an originator's reference is "none (originator)"; a
  region's fact not reported for a product with no licence there says so, by its
  regional name.
"""

from __future__ import annotations

import pandas as pd

from denocompare.core import compare as C
from denocompare.core.dataset import Dataset
from denocompare.core.view import View
from tests.core.test_indication_basis import dataset


def test_case_spaces_and_the_degree_sign_are_not_differences():
    assert C._norm("Store at  2–8 °C\n in the FRIDGE") == "store at 2–8 c in the fridge"
    assert C._compared("2–8 °C", None, "2–8 C", None) == C.SAME
    assert C._compared("Keep  Refrigerated", None, "keep refrigerated", None) == C.SAME


def test_other_characters_remain_differences():
    assert C._compared("2–8 °C", None, "2–8 °F", None) == C.DIFFERS
    assert C._compared("25 °C", None, "30 °C", None) == C.DIFFERS


def test_agreeing_structured_values_differ_only_in_wording_when_the_words_differ():
    key, same_key = (6.0, "months", None), (6.0, "months", None)
    assert C._compared("every 6 months", key, "once every 6 months", same_key) \
        == C.SAME_WORDING
    assert C._compared("every 6 months", key, "Every  6 months", same_key) == C.SAME


def test_disagreeing_structured_values_differ_even_in_the_same_words():
    assert C._compared("every 6 months", (6.0, "months", None),
                       "every 6 months", (4.0, "weeks", None)) == C.DIFFERS


def _entry(text, source, details, preferred, key):
    return (text, source, details, preferred, key)


def test_the_first_preferred_value_is_shown_else_the_first():
    plain = _entry("a", "S1", "d1", False, "k1")
    chosen = _entry("b", "S2", "d2", True, "k2")
    later = _entry("c", "S3", "d3", True, "k3")
    assert C._preferred([plain, chosen, later]) == ("b", "S2", "d2")
    assert C._preferred_key([plain, chosen, later]) == "k2"
    assert C._preferred([plain, _entry("c", "S3", "d3", False, "k3")]) == ("a", "S1", "d1")
    assert C._preferred_key([plain, _entry("c", "S3", "d3", False, "k3")]) == "k1"


def test_no_values_are_empty_text_and_no_key():
    assert C._preferred([]) == ("", "", "")
    assert C._preferred_key([]) is None


def test_an_unlicensed_product_says_so_naming_itself_and_the_region(bundled):
    table = C.indication_matrix(bundled, View("prolia", ("kefdensis",), regions=("US",)))
    column = [c for c in table.values.columns if c.startswith("Kefdensis")][0]
    states = set(table.states[column])
    assert states == {C.NO_LICENCE}
    detail = table.details[column].iloc[0]
    assert detail.startswith("Kefdensis holds no US licence: no US licence as of 2025-12-25")
    assert detail.endswith("It has no US indications.")
    assert set(table.sources[column]) == {"S132"}


def test_a_cell_no_source_speaks_to_has_no_details(bundled):
    table = C.indication_matrix(bundled, View("prolia", ("izamby",), regions=("EU", "US")))
    missing = (table.states == C.MISSING).to_numpy()
    assert missing.any(), "Izamby's sources leave some indications unreported"
    assert set(table.details.to_numpy()[missing]) == {""}
    assert set(table.sources.to_numpy()[missing]) == {""}
    assert set(table.values.to_numpy()[missing]) == {C.NOT_REPORTED}


def _reactions(*names: str) -> Dataset:
    """The products 'ref' and 'bio', and one EU reaction row of 'bio' per name (typed
    as loaded)."""
    ar = pd.DataFrame({"product_id": "bio", "region": "EU", "system_organ_class": "",
                       "reaction": list(names)}, dtype="string")
    return Dataset({**dataset().tables, "adverse_reactions": ar})


def test_the_reaction_filter_ignores_case_and_reads_its_text_literally():
    ds = _reactions("Pain in extremity", "Back pain", "Rash (local)", "Rash local", "Axb")
    def found(text):
        return list(C.adverse_reactions(ds, ["bio"], text=text)["reaction"])
    assert found("PAIN") == ["Back pain", "Pain in extremity"]
    assert found("rash (") == ["Rash (local)"]
    assert found("a.b") == []


def test_a_filter_matching_nothing_gives_an_empty_table_with_text_product_names():
    ds = _reactions("Back pain")
    full = C.adverse_reactions(ds, ["bio"])
    empty = C.adverse_reactions(ds, ["bio"], text="nausea")
    assert list(full["product"]) == ["Bioeu"] and empty.empty
    assert empty["product"].dtype == full["product"].dtype == "string"


def test_the_organ_class_filter_keeps_that_class_only_and_rows_count_from_zero():
    """A system organ class chosen keeps its rows and no other; the rows are numbered
    0, 1, ... in their new order and gain only ``product`` and ``listed_by``."""
    ar = pd.DataFrame({"product_id": "bio", "region": "EU",
                       "system_organ_class": ["Skin", "Gastro", "Skin"],
                       "reaction": ["Rash", "Nausea", "Alopecia"]}, dtype="string")
    ds = Dataset({**dataset().tables, "adverse_reactions": ar})
    skin = C.adverse_reactions(ds, ["bio"], soc="Skin")
    assert list(skin["reaction"]) == ["Alopecia", "Rash"]
    assert list(skin.index) == [0, 1]
    assert list(skin.columns) == [*ar.columns, "product", "listed_by"]
    assert list(C.adverse_reactions(ds, ["bio"], soc="Gastro")["reaction"]) == ["Nausea"]


def _products_table() -> C.CellTable:
    """'ref' (originator, with a curator's note), 'bio' (its biosimilar, a few attribute
    rows) and 'odd' (a biosimilar naming no reference, with no US licence)."""
    products = pd.DataFrame({
        "product_id": ["ref", "bio", "odd"], "name_eu": ["Refo", "Bioeu", "Oddeu"],
        "name_us": ["Refus", "Bious", "Oddus"], "inn": "denosumab",
        "role": ["originator", "biosimilar", "biosimilar"],
        "reference_product_id": [pd.NA, "ref", pd.NA], "strength_mg": [60.0, 60.0, pd.NA],
        "volume_ml": pd.NA, "source_id": ["S1", "S2", "S3"],
        "note": ["curated", pd.NA, pd.NA]}, dtype=object)
    na = pd.NA
    attrs = pd.DataFrame([
        ("ref", "all", "storage", "2-8 C", na, na, na, na, "S1", na),
        ("bio", "all", "storage", "2-8 C", na, na, na, na, "S2", "in the fridge"),
        ("bio", "US", "us_market_status", "launched", na, "2025-10", na, na, "S2", na),
        ("bio", "all", "dose", "60 mg", na, na, 60.0, "mg", "S2", na),
        ("bio", "all", "route", "subcutaneous", na, na, na, na, "S2", na),
        ("bio", "all", "route", "subcutaneous", na, na, na, na, "S3", na),
        ("odd", "US", "us_status", "no licence", na, na, na, na, "S3", na),
    ], columns=["product_id", "region", "attribute", "value", "preferred", "as_of",
                "value_number", "value_unit", "source_id", "note"], dtype=object)
    ds = Dataset({"products": products, "attributes": attrs})
    return C.attribute_table(ds, View("ref", ("bio", "odd")))


def test_each_products_table_cell_says_what_its_rows_give_and_no_more():
    t = _products_table()
    assert t.values.index.name == "Attribute"
    bio = {row: (t.values.loc[row, "Bioeu"], t.details.loc[row, "Bioeu"])
           for row in ("Storage", "US market status", "Dose", "INN")}
    assert bio == {
        "Storage": ("2-8 C", "2-8 C  [S2] — in the fridge"),
        "US market status": ("launched (as of 2025-10)", "launched (as of 2025-10)  [S2]"),
        "Dose": ("60 mg", "60 mg  [S2] (structured: 60 mg)"),
        "INN": ("denosumab", "denosumab  [S2]")}
    assert t.details.loc["Route", "Bioeu"] == "subcutaneous  [S2]\nsubcutaneous  [S3]"
    assert t.details.loc["US market status", "Oddeu"] == (
        "Oddus holds no US licence: no US licence, per S3. It has no US indications.")
    assert t.values.loc["Reference product", "Refo"] == "none (originator)"
    assert t.values.loc["Reference product", "Oddeu"] == C.NOT_REPORTED
    note = "Curator's note on the product (not clinical data)"
    assert (t.details.loc[note, "Refo"], t.sources.loc[note, "Refo"]) == ("curated  []", "")
