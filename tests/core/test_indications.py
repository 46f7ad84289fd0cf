"""Issue 21: every product in the indication matrix says what is known — cited rows,
"all indications of the reference" statements marked as such, and no licence in a
region as a status of its own."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from denocompare.core import compare as C
from denocompare.core import indications as I
from denocompare.core import schema as S
from denocompare.core.view import View
from tests.helpers import INDICATIONS

DATA = Path(__file__).resolve().parents[2] / "data" / "denosumab"
#: Sources the indications addendum reads as summaries (trade press, company summaries,
#: "all indications" statements): never the product's complete list.
SUMMARIES = ("S100", "S102", "S111", "S112", "S120", "S133", "I5", "I7", "I8", "I13", "A23")
NO_US_LICENCE = (
    "kefdensis",
    "zvogra",
    "acvybra",
    "xbonzy",
    "ponlimsi",
    "degevma",
    "zadenvi",
    "enwylma",
    "denosumab_intas",
    "osqay",
    "rolcya",
)


def _table(name: str) -> pd.DataFrame:
    return pd.read_csv(DATA / f"{name}.csv", dtype=str, keep_default_na=False)


def test_every_indication_row_cites_sources_that_resolve_with_full_citations():
    src = _table("sources").set_index("source_id")
    for row in _table("indications").itertuples():
        for sid in row.source_id.split(";"):
            assert sid in src.index, (row.product_id, row.indication, sid)
            rec = src.loc[sid]
            assert rec["title"] and rec["publisher"] and rec["url"], sid
            assert rec["kind"] in S.SOURCE_KINDS, sid
        if row.status in ("authorised", "CHMP positive opinion"):
            assert row.wording, (row.product_id, row.region, row.indication)


def test_no_not_authorised_rests_on_a_summary_or_statement():
    ind = _table("indications")
    denied = ind[ind["status"] == "not authorised"]
    assert len(denied) > 0
    for row in denied.itertuples():
        assert not set(row.source_id.split(";")) & set(SUMMARIES), row
        assert row.basis != S.ALL_INDICATIONS, row
        # a complete list accounts for every code of the product in that region
        group = ind[(ind["product_id"] == row.product_id) & (ind["region"] == row.region)]
        assert set(group["indication"]) == set(INDICATIONS), (row.product_id, row.region)


def test_a_product_with_no_licence_in_a_region_has_no_indication_rows_there(bundled):
    ind = bundled["indications"]
    unlicensed = [
        (p, r) for p in bundled.product_ids() for r in S.REGIONS if I.licence_gap(bundled, p, r)
    ]
    assert {p for p, r in unlicensed if r == "US"} == set(NO_US_LICENCE)
    for pid, region in unlicensed:
        assert ind[(ind["product_id"] == pid) & (ind["region"] == region)].empty, pid


def test_the_gaps_the_issue_counted_are_closed_where_the_sources_allow(bundled):
    ind = bundled["indications"]
    bios = [p for p in bundled.product_ids() if bundled.reference_of(p)]
    no_eu = {p for p in bios if ind[(ind["product_id"] == p) & (ind["region"] == "EU")].empty}
    assert no_eu == {
        "acvybra",
        "xbonzy",
        "izamby",
        "zadenvi",
        "enwylma",
        "denosumab_intas",
        "osqay",
    }
    licensed_us = [p for p in bios if not I.licence_gap(bundled, p, "US")]
    no_us = {
        p for p in licensed_us if ind[(ind["product_id"] == p) & (ind["region"] == "US")].empty
    }
    assert no_us == {"yaxwer"}  # Xtrenbo: no indication wording found


def test_an_all_indications_statement_is_shown_as_one(bundled):
    m = C.indication_matrix(bundled, View("xgeva", ("zvogra", "yaxwer", "denbrayce")))
    sre = INDICATIONS["sre"]
    assert m.values.loc[sre, "Zvogra (EU)"] == "authorised: all of Xgeva's EU indications, per S100"
    assert m.states.loc[sre, "Zvogra (EU)"] == C.FROM_STATEMENT
    assert "Zvogra's own label was not read" in m.details.loc[sre, "Zvogra (EU)"]
    assert (
        m.values.loc[sre, "Oziltus (US)"] == "authorised: all of Xgeva's US indications, per S133"
    )
    # a CHMP-stage statement stays a CHMP opinion, never authorised
    assert (
        m.values.loc[sre, "Yaxwer (EU)"]
        == "CHMP positive opinion: all of Xgeva's EU indications, per S120"
    )
    assert m.states.loc[sre, "Yaxwer (EU)"] == C.CHMP_OPINION
    # the product's own wording is shown as it is
    assert m.states.loc[sre, "Denbrayce (EU)"] == C.AUTHORISED
    assert m.values.loc[sre, "Denbrayce (EU)"] == "authorised"


def test_no_licence_is_shown_in_the_matrix_and_the_product_table(bundled):
    m = C.indication_matrix(
        bundled, View("prolia", ("rolcya", "acvybra", "junod"), regions=("US",))
    )
    assert set(m.values["Rolcya (US)"]) == {"no US licence as of 2025-12-25, per S132"}
    assert set(m.states["Rolcya (US)"]) == {C.NO_LICENCE}
    assert set(m.sources["Rolcya (US)"]) == {"S132"}
    assert set(m.values["Acvybra (US)"]) == {
        "no US licence (complete response letter, announced 2025-12-31), per A13;A14;A15"
    }
    assert C.NO_LICENCE not in set(m.states["Enoby (US)"])
    t = C.attribute_table(bundled, View("prolia", ("rolcya",)))
    assert t.values.loc["US approval", "Rolcya"] == "no US licence as of 2025-12-25, per S132"
    assert t.states.loc["US approval", "Rolcya"] == C.NO_LICENCE
    assert t.values.loc["EU authorisation", "Rolcya"] == C.NOT_REPORTED  # EU: licence pending


def test_the_counts_say_what_the_matrix_shows(bundled):
    m = C.indication_matrix(bundled, View("xgeva", ("zvogra", "yaxwer", "jubereq")))
    texts = {c.column: c.text() for c in I.counts(m.states)}
    assert texts["Zvogra (EU)"] == (
        "Zvogra (EU): 2 from an 'all indications' statement, 6 not reported in source"
    )
    assert texts["Zvogra (US)"] == "Zvogra (US): no licence"
    assert texts["Yaxwer (EU)"] == (
        "Yaxwer (EU): 2 CHMP positive opinion, 6 not reported in source"
    )
    assert texts["Jubereq (EU)"] == "Jubereq (EU): 2 authorised, 6 not authorised"
    assert texts["Xtrenbo (US)"] == "Xtrenbo (US): 8 not reported in source"


def test_the_report_summary_counts_products_resting_on_summaries(bundled):
    assert I.basis(bundled, "jubereq", "EU") == "complete"
    assert I.basis(bundled, "zvogra", "EU") == "statement"
    assert I.basis(bundled, "degevma", "EU") == "summary"
    assert I.basis(bundled, "degevma", "US") == "no licence"
    assert I.basis(bundled, "izamby", "EU") == "none"
    text = I.summary_sentence(bundled, ["xgeva", "zvogra", "degevma", "jubereq"])
    assert text.startswith(
        "Indications: those of 2 of 4 products rest, in at least one "
        "region, on summaries or 'all indications' statements only"
    )
    assert "Zvogra (EU), Degevma (EU)" in text
    assert "No licence: Zvogra (US), Degevma (US)." in text


def test_the_summary_says_plainly_when_no_product_rests_on_a_summary(bundled):
    # "those of 0 of 2 products rest ... only" read as a warning about nothing.
    assert I.basis(bundled, "jubereq", "EU") == "complete"
    text = I.summary_sentence(bundled, ["xgeva", "jubereq"])
    assert text == ("Indications: none of the 2 products rests on a summary or an 'all "
                    "indications' statement only.")
    assert "0 of" not in text
