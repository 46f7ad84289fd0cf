"""The "as the reference" and indications scorers (core/criteria.py) read the comparison
tables' cell states: each path (same, differs, a row not reported, sources that differ,
no licence in a region) with the words and sources it gives, on tables built in memory;
the row an attributes table as loaded (text cells, pd.NA) is read from; the price
score's limits. A fresh dataset per test: no shared fixtures (mutation testing maps a
function only to the first test of a shared fixture)."""

from __future__ import annotations

import pandas as pd
import pytest

from denocompare.core import compare as C
from denocompare.core import criteria as K
from denocompare.core.budget import BudgetInputs, ProductPrice
from denocompare.core.dataset import Dataset
from denocompare.core.view import View

A, NA, NO, SAME, WORDING, DIFFERS, MISSING, CONFLICT, CARVE, NONE = (
    C.AUTHORISED, C.NOT_AUTHORISED, C.NO_LICENCE, C.SAME, C.SAME_WORDING, C.DIFFERS,
    C.MISSING, C.CONFLICT, C.CARVE_OUT, "")


def _products() -> pd.DataFrame:
    return pd.DataFrame([("ref", "Ref", pd.NA), ("p", "Bio", "ref")],
                        columns=["product_id", "name_eu", "reference_product_id"]
                        ).assign(name_us=pd.NA)


def given(regions=("EU", "US"), **tables: C.CellTable) -> K.Tables:
    """Scoring tables for 'ref' (Ref) compared with 'p' (Bio), with the comparison
    table(s) given instead of computed (the scorers read only their cells)."""
    t = K.Tables(Dataset({"products": _products()}), View("ref", ("p",), regions=regions))
    t.__dict__.update(tables)  # cached_property: what is in __dict__ is the value
    return t


def score(key: str, t: K.Tables) -> K.Score:
    return next(c.score for c in K.AUTOMATIC if c.key == key)(t, "p")


# --- as the reference: presentation, latex, room temperature ------------------------------
def products_table(**rows: tuple[str, str, str]) -> C.CellTable:
    """Bio's column of a Products table: row label -> (shown, state, source)."""
    index = pd.Index(list(rows), name="Attribute")

    def column(k: int) -> pd.DataFrame:
        return pd.DataFrame({"Bio": [v[k] for v in rows.values()]}, index=index, dtype=object)
    return C.CellTable(column(0), column(1), column(2), column(0))


def latex(**rows: tuple[str, str, str]) -> K.Score:
    return score("latex", given(attributes=products_table(**rows)))


def test_as_the_reference_in_every_row_scores_1_and_gives_each_rows_value_and_source():
    s = latex(**{"Latex (EU)": ("latex-free", SAME, "S1"),
                 "Latex (US)": ("free of latex", WORDING, ""),
                 "Latex (UK)": ("latex-free", SAME, "S3"),
                 "Latexish": ("contains latex", DIFFERS, "S9")})  # not a Latex row
    assert s == K.Score(1.0, "Latex: latex-free; free of latex; latex-free — as the "
                        "reference", "S1;S3")


def test_one_row_unlike_the_reference_scores_0():
    s = latex(**{"Latex (EU)": ("latex-free", SAME, "S1"),
                 "Latex (US)": ("contains latex", DIFFERS, "S2")})
    assert s == K.Score(0.0, "Latex: latex-free; contains latex — differs from the "
                        "reference", "S1;S2")


def test_rows_where_it_holds_no_licence_are_named_and_left_to_the_status_criterion():
    t = products_table(**{"Presentation (EU)": ("pre-filled syringe", SAME, "S1"),
                          "Presentation (US)": ("no licence", NO, "S8"),
                          "Presentation (UK)": ("no licence", NO, "S9")})
    assert score("presentation", given(attributes=t)) == K.Score(
        1.0, "Presentation: pre-filled syringe — as the reference (Presentation (US); "
        "Presentation (UK): no licence there, scored under its status)", "S1")


def test_no_licence_in_any_row_is_a_gap_naming_the_rows():
    t = products_table(**{"Presentation (US)": ("no licence", NO, "S8"),
                          "Presentation (UK)": ("no licence", NO, "S9")})
    assert score("presentation", given(attributes=t)) == K.Score(
        None, "Presentation: no licence where the reference's is given "
        "(Presentation (US); Presentation (UK))", "")


def test_no_row_at_all_is_a_gap_with_no_sources():
    assert latex(**{"Presentation": ("vial", SAME, "S1")}) == K.Score(
        None, "Latex not reported in source", "")


def test_a_row_not_reported_is_a_gap_naming_each_such_row_and_keeping_the_sources():
    s = latex(**{"Latex (EU)": ("latex-free", SAME, "S1"),
                 "Latex (US)": ("not reported in source", MISSING, ""),
                 "Latex (UK)": ("not reported in source", MISSING, ""),
                 "Latex (CA)": ("latex-free (sources differ)", CONFLICT, "S4")})
    assert s == K.Score(None, "Latex (US); Latex (UK): not reported in source", "S1;S4")


def test_sources_that_differ_are_a_gap_showing_every_rows_value():
    s = latex(**{"Latex (EU)": ("latex-free (sources differ)", CONFLICT, "S1"),
                 "Latex (US)": ("latex-free", SAME, "S2")})
    assert s == K.Score(None, "Latex: the sources differ (latex-free (sources differ); "
                        "latex-free)", "S1;S2")


# --- indications ------------------------------------------------------------------------
def matrix(eu: list[tuple[str, str]], us: list[tuple[str, str]]) -> C.CellTable:
    """Indication matrix (rows: indications) of (Ref, Bio) per region, EU then US:
    the columns in the view's order, region by region, the reference first."""
    cols = ["Ref (EU)", "Bio (EU)", "Ref (US)", "Bio (US)"]
    states = pd.DataFrame([[*e, *u] for e, u in zip(eu, us, strict=True)], columns=cols,
                          dtype=object)
    return C.CellTable(states, states, states.map(lambda _s: ""), states)


def indications(eu, us) -> K.Score:
    return score("indications", given(indications=matrix(eu, us)))


def test_indications_are_counted_per_region_against_the_reference_of_that_region():
    # EU: the reference holds 1st and 3rd, Bio only the 3rd (the 1st is a carve-out);
    # US: the reference holds 2nd and 3rd, Bio both. Bio's 2nd is not authorised in the
    # EU but the EU reference's is not either: nothing to count.
    s = indications(eu=[(A, CARVE), (NA, NA), (A, A)], us=[(NA, A), (A, A), (A, A)])
    assert s == K.Score(3 / 4, "3 of the reference's 4 authorised indications (EU, US)")
    # the same, US and EU swapped: still per region
    assert indications(eu=[(NA, A), (A, A), (A, A)], us=[(A, CARVE), (NA, NA), (A, A)]) \
        == s


def test_a_region_without_a_licence_is_left_out_and_the_next_region_still_counts():
    s = indications(eu=[(A, NO), (A, NO)], us=[(A, A), (A, CARVE)])
    assert s == K.Score(0.5, "1 of the reference's 2 authorised indications (US)")


def test_no_licence_in_any_region_compared_scores_0():
    assert indications(eu=[(A, NO)], us=[(A, NO)]) == K.Score(
        0.0, "no licence in the regions compared")


def test_an_indication_of_the_reference_not_reported_for_the_product_is_a_gap():
    assert indications(eu=[(A, A), (A, MISSING)], us=[(A, A), (A, A)]) == K.Score(
        None, "one of the reference's EU indications is not reported in source for this "
        "product")
    # a gap wherever it is, even after a region fully held
    assert indications(eu=[(A, A), (A, A)], us=[(A, A), (A, MISSING)]).used == \
        "one of the reference's US indications is not reported in source for this product"


def test_no_authorised_indication_of_the_reference_is_a_gap():
    assert indications(eu=[(MISSING, A), (NA, A)], us=[(MISSING, A), (NA, NA)]) == \
        K.Score(None, "the reference's indications are not reported in source")


# --- which row is read, on an attributes table as loaded --------------------------------
def attributes(rows: list[tuple], columns=("product_id", "attribute", "value", "preferred",
                                           "source_id")) -> K.Tables:
    frame = pd.DataFrame(rows, columns=list(columns)).astype("string")
    ds = Dataset({"attributes": frame, "products": _products()})
    return K.Tables(ds, View("ref", ("p",)))


def test_a_row_with_no_preferred_mark_is_read_before_one_marked_no():
    t = attributes([("p", "eu_status", "refused", "no", "S1"),
                    ("p", "eu_status", "authorised", pd.NA, "S2")])
    assert score("eu_status", t) == K.Score(1.0, "EU status: authorised", "S2")


def test_a_table_without_a_preferred_column_reads_its_first_row():
    t = attributes([("p", "eu_status", "refused", "S1"), ("p", "eu_status", "authorised",
                                                          "S2")],
                   columns=("product_id", "attribute", "value", "source_id"))
    assert score("eu_status", t) == K.Score(0.0, "EU status: refused", "S1")


# --- price ------------------------------------------------------------------------------
def price(ref: ProductPrice, mine: ProductPrice) -> K.Score:
    t = K.Tables(Dataset({}), View("ref", ("p",), budget=BudgetInputs("ref", (ref, mine))))
    return score("price", t)


@pytest.mark.parametrize("ref_cost", [1.0, 0.02])
def test_any_reference_cost_above_0_is_compared_with(ref_cost):
    s = price(ProductPrice("ref", ref_cost, currency="EUR"),
              ProductPrice("p", ref_cost / 2, currency="EUR"))
    assert s.value == pytest.approx(0.5)
    assert s.used.endswith("EUR: 50 % less")


def test_a_product_reimbursed_more_than_it_costs_saves_at_most_all_of_the_cost():
    s = price(ProductPrice("ref", 300, currency="EUR"),
              ProductPrice("p", 100, currency="EUR", reimbursement_per_dose=150))
    assert s == K.Score(1.0, "net cost per dose -50.00 vs the reference's 300.00 EUR: "
                        "100 % less")
