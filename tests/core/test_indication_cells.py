"""What one indication cell says, and the matrix counted (core/indications.py), each rule
at its edge on a few attribute rows in memory (no dataset loaded).

Rules:
- a region's licence gap is read from the product's preferred status row there; 'no
  licence' gives its as-of date, another gap (refused, a complete response letter) its
  status, and its date as 'announced' when the date is an announcement's; the source is
  always named;
- a suspended or withdrawn authorisation turns an authorised cell (or one from an "all
  indications" statement) into that status, citing both sources once each; any other
  cell stays as it is;
- the counts add the reference to the authorised, carve-outs to the not authorised, and a
  column with no licence says only that;
- an "all indications" cell's details say whose label was not read (the product's
  regional name), and add the source's words and the note only when there are any.
"""

from __future__ import annotations

import pandas as pd
import pytest

from denocompare.core import indications as I
from denocompare.core.dataset import Dataset


def _Attrs(*rows: dict) -> Dataset:
    """Just enough of a Dataset: its attributes table."""
    base = {"product_id": "bio", "attribute": "us_status", "value": "no licence",
            "preferred": pd.NA, "as_of": "", "date_kind": "", "source_id": "S1"}
    return Dataset({"attributes": pd.DataFrame([{**base, **r} for r in rows], dtype=object)})


@pytest.mark.parametrize("row, gap", [
    ({}, "no US licence, per S1"),
    ({"as_of": "2025-12-25"}, "no US licence as of 2025-12-25, per S1"),
    ({"value": "refused"}, "no US licence (refused), per S1"),
    ({"value": "refused", "as_of": "2024-03"}, "no US licence (refused, 2024-03), per S1"),
    ({"value": "complete response letter", "as_of": "2024-03", "date_kind": "announcement"},
     "no US licence (complete response letter, announced 2024-03), per S1"),
    ({"value": "refused", "as_of": "2024-03", "date_kind": "publication"},
     "no US licence (refused, announced 2024-03), per S1"),
    ({"value": "refused", "as_of": "2024-03", "date_kind": "decision"},
     "no US licence (refused, 2024-03), per S1"),
    ({"value": "refused", "date_kind": "announcement"}, "no US licence (refused), per S1"),
])
def test_a_licence_gap_says_what_and_when_and_cites_its_source(row, gap):
    assert I.licence_gap(_Attrs(row), "bio", "US") == gap


@pytest.mark.parametrize("row", [
    {"value": "authorised"}, {"preferred": "no"}, {"product_id": "other"},
    {"attribute": "eu_status"},
])
def test_no_gap_from_another_status_a_replaced_row_another_product_or_region(row):
    assert I.licence_gap(_Attrs(row), "bio", "US") == ""


def test_the_preferred_row_is_read_when_an_import_replaced_one():
    ds = _Attrs({"value": "no licence", "preferred": "no", "source_id": "OLD"},
                {"value": "no licence", "preferred": "yes", "source_id": "NEW"})
    assert I.licence_gap(ds, "bio", "US") == "no US licence, per NEW"


def test_the_first_row_with_a_gap_is_read_and_a_blank_status_is_not_one():
    ds = _Attrs({"value": "authorised", "source_id": "A"}, {"value": pd.NA},
                {"value": "refused", "source_id": "R"}, {"value": "no licence"})
    assert I.licence_gap(ds, "bio", "US") == "no US licence (refused), per R"
    assert I.licence_gap(_Attrs({"value": pd.NA}), "bio", "US") == ""


def test_the_status_of_one_product_and_region_does_not_reach_another():
    ds = _Attrs({"product_id": "a", "attribute": "eu_status", "value": "withdrawn"},
                {"product_id": "b", "attribute": "us_status", "value": "no licence",
                 "source_id": "B"})
    assert (I.licence_gap(ds, "a", "EU"), I.licence_gap(ds, "b", "US")) == (
        "", "no US licence, per B")
    assert (I.not_in_force(ds, "a", "EU")[0], I.not_in_force(ds, "b", "EU")[0],
            I.not_in_force(ds, "a", "US")[0]) == ("withdrawn", "", "")


@pytest.mark.parametrize("row, halt", [
    ({"attribute": "eu_status", "value": "suspended", "as_of": "2026-10-01",
      "date_kind": "EC decision", "source_id": "REG-1"},
     ("suspended", "EU authorisation suspended (EC decision 2026-10-01)", "REG-1")),
    ({"attribute": "eu_status", "value": "withdrawn", "as_of": "2026-10-01"},
     ("withdrawn", "EU authorisation withdrawn (as of 2026-10-01)", "S1")),
    ({"attribute": "eu_status", "value": "withdrawn"},
     ("withdrawn", "EU authorisation withdrawn", "S1")),
    ({"attribute": "eu_status", "value": "authorised"}, ("", "", "")),
    ({"attribute": "us_status", "value": "suspended"}, ("", "", "")),
])
def test_an_authorisation_not_in_force_is_named_with_its_date_and_source(row, halt):
    assert I.not_in_force(_Attrs(row), "bio", "EU") == halt


_HALT = ("suspended", "EU authorisation suspended", "REG-1")


@pytest.mark.parametrize("state", ["authorised", I.FROM_STATEMENT])
def test_a_halted_authorisation_replaces_an_authorised_cell(state):
    text, new_state, sources, detail = I.halted_cell(("authorised", state, "S2;REG-1",
                                                      "the label"), _HALT)
    assert (text, new_state) == ("EU authorisation suspended, per REG-1", "suspended")
    assert sources == "S2;REG-1"  # each source once
    assert detail == ("EU authorisation suspended, per REG-1. The indication row still "
                      "says: authorised.\nthe label")


def test_the_halt_adds_its_source_after_the_rows():
    assert I.halted_cell(("authorised", "authorised", "S2", ""), _HALT)[2] == "S2;REG-1"
    assert I.halted_cell(("authorised", "authorised", "", ""), _HALT)[2] == "REG-1"


@pytest.mark.parametrize("state", ["not authorised", "missing", "CHMP positive opinion"])
def test_a_cell_not_authorised_stays_as_it_is_under_a_halt(state):
    shown = ("x", state, "S2", "d")
    assert I.halted_cell(shown, _HALT) == shown


def test_no_halt_leaves_an_authorised_cell_as_it_is():
    shown = ("authorised", "authorised", "S2", "d")
    assert I.halted_cell(shown, ("", "", "")) == shown


def test_the_counts_add_the_reference_to_the_authorised_and_carve_outs_to_the_rest():
    states = pd.DataFrame({
        "A": ["authorised", "reference", I.FROM_STATEMENT, "CHMP positive opinion",
              "not authorised", "carve-out", "missing", "suspended", "withdrawn"],
        "B": ["reference"] * 9,
        "C": [I.NO_LICENCE] * 9})
    a, b, c = I.counts(states)
    assert a == I.Counts("A", authorised=2, statement=1, chmp_opinion=1, not_authorised=2,
                         not_reported=1, no_licence=0, not_in_force=2)
    assert a.text() == ("A: 2 authorised, 1 from an 'all indications' statement, 1 CHMP "
                        "positive opinion, 2 not authorised, 2 suspended or withdrawn, "
                        "1 not reported in source")
    assert b.text() == "B: 9 authorised"
    assert (c.no_licence, c.text()) == (9, "C: no licence")


def test_one_no_licence_cell_is_enough_to_say_no_licence():
    assert I.Counts("X", authorised=3, no_licence=1).text() == "X: no licence"


@pytest.mark.parametrize("attr, label, region", [
    ("us_status", "Status (US)", "US"), ("eu_status", "EU status", "EU"),
    ("launch_us", "Launch", "US"), ("storage", "Storage (EU)", "EU"),
    ("storage", "Storage", ""), ("usage_eu_x", "Use", ""),
])
def test_a_product_table_row_belongs_to_the_region_it_names(attr, label, region):
    assert I._row_region(attr, label) == region


class _Names:
    refs = {"bio": "ref", "orphan": None}

    def reference_of(self, pid):
        return self.refs[pid]

    def regional_name(self, pid, region):
        return f"{pid.capitalize()}-{region}"


@pytest.mark.parametrize("pid, ref", [("bio", "Ref-US"), ("orphan", "the reference product")])
def test_an_all_indications_statement_names_the_reference_in_the_region(pid, ref):
    rec = {"status": "authorised", "source_id": "S5", "wording": "", "note": "",
           "basis": I.S.ALL_INDICATIONS}
    text, state, src, _detail = I.cell(_Names(), rec, pid, "US")
    assert (text, state, src) == (f"authorised: all of {ref}'s US indications, per S5",
                                  I.FROM_STATEMENT, "S5")


@pytest.mark.parametrize("wording, note, tail", [
    ("", "", ""),
    ("all indications of Ref", "", "\nThe source: “all indications of Ref”"),
    ("", "read 2025", "\nNote: read 2025"),
    ("all", "read 2025", "\nThe source: “all”\nNote: read 2025"),
])
def test_a_statement_cells_details_name_the_unread_label_and_only_the_words_given(
        wording, note, tail):
    rec = {"status": "authorised", "source_id": "S5", "wording": wording, "note": note,
           "basis": I.S.ALL_INDICATIONS}
    *_, detail = I.cell(_Names(), rec, "bio", "US")
    assert detail == ("Authorised: all of Ref-US's US indications, per S5. The source says "
                      "only that the product has all the indications of Ref-US; this one is "
                      "Ref-US's, and Bio-US's own label was not read." + tail)
