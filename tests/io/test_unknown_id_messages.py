"""The message for an id that names no row: each rule, stated and tested at its edge.

Rules (io/checks.py ``_unknown_ids``):
- a list of known ids separated by ',' instead of ';' is told how to write it, with
  the cell rewritten; only when every part is known, and only for id-list columns;
- an id that differs from a known one only in case, or is close to one (difflib ratio
  at least 0.8), gets "Did you mean", for at most the first five unknown ids;
- at most five unknown ids are shown, each cut to 60 characters, then "and N more";
- an id-list column says "unknown <what> id(s) ...: not in <table>."; a single-id
  column "unknown id ...: there is no such row in <table>."
"""

from __future__ import annotations

from denocompare.core import schema as S
from denocompare.io.checks import _unknown_ids

KNOWN = {"S1", "S2", "prolia", "kefdensis", "xgeva"}


def msg(cell, unknown, kind=S.IDS, known=KNOWN):
    return _unknown_ids(cell, unknown, "source", "sources", set(known), kind)


def test_commas_between_known_ids_are_told_to_be_semicolons():
    assert msg("S1,S2", ["S1,S2"]) == \
        "separate several source ids with ';', not ',' (write S1;S2)"


def test_commas_with_spaces_between_known_ids_are_still_the_comma_hint():
    assert msg("S1, S2", ["S1, S2"]) == \
        "separate several source ids with ';', not ',' (write S1; S2)"


def test_commas_with_one_unknown_part_are_an_unknown_id_not_the_comma_hint():
    assert msg("S1,S9", ["S1,S9"]) == "unknown source id(s) 'S1,S9': not in sources."


def test_commas_in_a_single_id_column_are_not_the_comma_hint():
    assert msg("S1,S2", ["S1,S2"], kind=S.ID) == \
        "unknown id 'S1,S2': there is no such row in sources."


def test_a_case_difference_suggests_the_known_spelling():
    assert msg("Prolia", ["Prolia"]) == \
        "unknown source id(s) 'Prolia': not in sources. Did you mean 'prolia'?"


def test_a_close_misspelling_suggests_the_known_id():
    # difflib ratio 'kefdensys' / 'kefdensis' = 0.89, at or over the 0.8 cut-off
    assert msg("kefdensys", ["kefdensys"]).endswith("Did you mean 'kefdensis'?")


def test_a_misspelling_under_the_cut_off_suggests_nothing():
    # ratio 'kefdxnsys' / 'kefdensis' = 0.78, under 0.8
    assert msg("kefdxnsys", ["kefdxnsys"]) == \
        "unknown source id(s) 'kefdxnsys': not in sources."


def test_a_single_id_column_has_its_own_wording_and_hint():
    assert msg("XGEVA", ["XGEVA"], kind=S.ID) == \
        "unknown id 'XGEVA': there is no such row in sources. Did you mean 'xgeva'?"


def test_five_unknown_ids_are_all_shown_six_are_five_and_one_more():
    five = [f"Q{i}" for i in range(5)]
    assert msg(";".join(five), five) == \
        "unknown source id(s) 'Q0', 'Q1', 'Q2', 'Q3', 'Q4': not in sources."
    six = five + ["Q5"]
    assert msg(";".join(six), six) == \
        "unknown source id(s) 'Q0', 'Q1', 'Q2', 'Q3', 'Q4' and 1 more: not in sources."


def test_the_count_of_the_rest_has_a_thousands_separator():
    many = [f"Q{i}" for i in range(1205)]
    assert " and 1,200 more: not in sources." in msg(";".join(many), many)


def test_hints_only_for_the_first_five_unknown_ids():
    unknown = [f"Q{i}" for i in range(5)] + ["PROLIA"]
    assert "Did you mean" not in msg(";".join(unknown), unknown)
    unknown = ["PROLIA", "KEFDENSIS", "XGEVA", "s1", "s2", "Q9"]
    assert msg(";".join(unknown), unknown).endswith(
        "Did you mean 'prolia', 'kefdensis', 'xgeva', 'S1', 'S2'?")


def test_an_id_is_shown_cut_to_sixty_characters():
    long_id = "x" * 61
    text = msg(long_id, [long_id])
    assert f"'{'x' * 60}'" in text and "x" * 61 not in text
    exactly = "y" * 60
    assert f"'{exactly}'" in msg(exactly, [exactly])
