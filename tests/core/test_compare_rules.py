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
  product and the region; a cell no source speaks to is "not reported" with no details.
"""

from __future__ import annotations

from denocompare.core import compare as C
from denocompare.core.view import View


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
