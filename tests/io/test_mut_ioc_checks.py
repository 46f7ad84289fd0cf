"""Rules of ``io/checks.py`` on the typed frames validation hands over, where a cell left
empty (or refused) is <NA>: string columns compare to <NA>, not to False, so each rule
must say what an empty cell means. Also the capped repeats' summary line.

``rules_of`` types one table exactly as ``validate`` does, then runs only the rules
across columns; the problems of the cells themselves (an empty required cell) are not
part of what it returns. ``validate`` drops what a rule says about a row it refused
already, but only for the first ``Collector.LIMIT`` of them: past those the rules'
own answers reach the user, so they are stated here for every row.
"""

from __future__ import annotations

import pandas as pd
import pytest

from denocompare.core import schema as S
from denocompare.io.checks import Collector, check_rows
from denocompare.io.dates import date_message
from denocompare.io.raw import RawTable
from denocompare.io.validate import _type_table
from tests.io.test_cross_table_rules import attributes
from tests.io.validation_tables import BASE, problems, raw_table, with_cells


def rules_of(name: str, text: str) -> list[tuple]:
    """``check_rows`` alone on ``text`` typed as validation types it: (message, row,
    column) of each problem it reports."""
    tab = raw_table(name, text)
    typed = _type_table(tab, S.TABLES_BY_NAME[name], Collector(), lambda _f: None)
    assert typed is not None
    frame, coded = typed
    out = Collector()
    check_rows(name, tab, frame, out, coded)
    return [(p.message, p.row, p.column) for p in out.problems]


# --- Collector: the line that counts the rest carries the rule's severity ----------------
@pytest.mark.parametrize("severity", ["warning", "error"])
@pytest.mark.parametrize("n, more", [(Collector.LIMIT, None), (Collector.LIMIT + 1, 1)])
def test_the_line_counting_rows_past_the_limit_keeps_the_rules_severity(severity, n, more):
    """A warning repeated 21 times stays a warning on its summary line (an error there
    would stop a load that only had warnings)."""
    out = Collector()
    out.cells(RawTable("t", "t.csv", pd.DataFrame()), "c", range(2, 2 + n), "bad",
              severity=severity)
    tail = [(p.message, p.row, p.column, p.severity) for p in out.problems[Collector.LIMIT:]]
    assert tail == ([] if more is None else
                    [(f"... and {more} more rows with the same problem", None, "c", severity)])
    assert {p.severity for p in out.problems} == {severity}


# --- indications -------------------------------------------------------------------------
@pytest.mark.parametrize("status, needs_wording", [("", False), ("authorised", True)])
def test_an_indication_without_a_status_is_not_told_it_needs_wording(status, needs_wording):
    """Only an indication marked authorised needs its wording; an empty status (told
    as empty on its own) is not taken for 'authorised'."""
    text = with_cells("indications", status=status, wording="")
    expected = [("an authorised indication needs the label's wording", 2, "wording")]
    assert rules_of("indications", text) == (expected if needs_wording else [])


# --- products ----------------------------------------------------------------------------
@pytest.mark.parametrize("reference", ["", "orig", "bio"])
def test_a_product_without_a_role_is_held_to_no_rule_of_a_role(reference):
    """An empty role is neither 'biosimilar' (needs a reference that is an originator)
    nor 'originator' (has no reference): none of those rules speaks of the row."""
    text = BASE["products"] + f"p,P,,denosumab,60,1,,{reference},S1,\n"
    assert rules_of("products", text) == []


@pytest.mark.parametrize("reference, told", [("bio", True), ("orig", False)])
def test_a_product_without_an_id_is_still_told_its_reference_is_a_biosimilar(reference,
                                                                              told):
    """The missing id makes the self-reference test unknown, not true: the reference
    is still checked, and a biosimilar named as reference is still refused."""
    text = BASE["products"] + f",X,,denosumab,60,1,biosimilar,{reference},S1,\n"
    expected = [("the reference product 'bio' is itself a biosimilar; a reference must be "
                 "an originator", 4, "reference_product_id")]
    assert rules_of("products", text) == (expected if told else [])


def test_a_biosimilar_whose_reference_is_unknown_is_told_only_that_it_is_unknown():
    """An unknown reference has no role: it is not called a biosimilar (next to a
    biosimilar whose reference is known, so that the roles looked up are not all None)."""
    found = problems(products=BASE["products"] + "b2,B2,,denosumab,60,1,biosimilar,zz,S1,\n")
    assert found == [("products.csv", "unknown id 'zz': there is no such row in products.", 4,
                      "reference_product_id", "error")]


# --- attributes --------------------------------------------------------------------------
def test_a_row_without_an_attribute_is_checked_against_no_status_or_date():
    """Each status or date is checked on its own rows; a row whose attribute is empty
    belongs to none of them (and the statuses and dates themselves are well formed)."""
    text = attributes("eu_status,authorised,,,,,,", ",not a status nor a date,,,,,,",
                      "eu_authorisation_date,2025-02-18,,,,,,")
    assert rules_of("attributes", text) == []


@pytest.mark.parametrize("value, bad", [("", False), ("18/02/2025", True)])
def test_an_empty_date_value_is_not_called_a_bad_date(value, bad):
    """An empty value is told as empty (on its own); only a value that is there can be
    a malformed date."""
    text = attributes(f"eu_authorisation_date,{value},,,,,,")
    expected = [(date_message(value, "eu_authorisation_date"), 2, "value")]
    assert rules_of("attributes", text) == (expected if bad else [])


# --- links -------------------------------------------------------------------------------
def test_a_one_id_column_is_not_split_at_semicolons():
    """'orig;bio' in a column of one id names no product, though orig and bio both exist:
    only a list column (source_id) takes several ids."""
    found = problems(products=BASE["products"],
                     studies=with_cells("studies", reference_id="orig;bio"))
    assert [(m, r, c) for _f, m, r, c, _s in found] == [
        ("'orig;bio' is not a valid id (letters, digits, '_', '-', '.'; no spaces)", 2,
         "reference_id"),
        ("unknown id 'orig;bio': there is no such row in products.", 2, "reference_id")]
