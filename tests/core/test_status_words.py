"""The status words a regulator's file gives: Purple Book 'discontinued' and EU
'suspended'. Accepted, written into the copy, read back and validated, and shown as
they are: a suspended EU authorisation is not shown as authorised."""

from __future__ import annotations

import datetime as dt

import pytest

from denocompare.core import compare as C
from denocompare.core import indications as I
from denocompare.core.apply_changes import apply_changes
from denocompare.core.changes import find_differences
from denocompare.core.schema import MARKET_STATUS, REGULATORY_STATUS
from denocompare.core.schema_docs import markdown
from denocompare.core.view import comparison
from denocompare.io.regulators import read_regulator_file
from denocompare.io.validate import load_dataset
from denocompare.output.dataset_copy import write_dataset_copy
from tests.regulator_files import (
    ema_rows,
    purple_book_rows,
    purple_book_text,
    shown,
    write_ema_json,
    write_ema_xlsx,
)

DAY = dt.date(2026, 12, 1)
SUSPENSION = "Suspension of marketing authorisation date"


def _pb(path, rows):
    path.write_text(purple_book_text(rows), encoding="utf-8")
    return read_regulator_file(path)


def _accept_all(ds, rfile, target):
    d = find_differences(ds, rfile)
    return d, load_dataset(write_dataset_copy(apply_changes(ds, d, list(d.changes), today=DAY),
                                              target))


def _suspended_rows(ds, status="Suspended", when="01/10/2026"):
    return [dict(r, **{"Medicine status": status, SUSPENSION: when})
            if r["Name of\nmedicine"] == "Kefdensis" else r for r in ema_rows(ds)]


def test_the_vocabulary_and_the_schema_have_the_words():
    assert "discontinued" in MARKET_STATUS and "suspended" in REGULATORY_STATUS
    doc = markdown()
    assert "`us_market_status` takes: launched, not launched, discontinued" in doc
    assert "suspended" in doc.split("`eu_status` takes:", 1)[1].split("\n", 1)[0]


@pytest.mark.parametrize("layout", ["csv folder", "xlsx"])
def test_discontinued_is_accepted_written_and_reloads(tmp_path, bundled, layout):
    rows = [dict(r, **{"Marketing Status": "Disc"}) if r["Proprietary Name"] == "Xbryk" else r
            for r in purple_book_rows(bundled)]
    rfile = _pb(tmp_path / "purplebook-search-november-2026-data-download.csv", rows)
    target = tmp_path / ("copy" if layout == "csv folder" else "copy.xlsx")
    d, copy = _accept_all(bundled, rfile, target)
    (c,) = d.changes
    assert (c.kind, c.product_id, c.old, c.value, c.applicable) == (
        "marketing status", "xbryk", "not launched (reported 2025-10-29)", "discontinued", True)
    row = shown(copy, "xbryk", "US", "us_market_status")
    # the file's date is the date its record is true as of, not a publication about it
    assert (row["value"], row["date_kind"], row["as_of"]) == ("discontinued", None, "2026-11")
    assert row["source_id"] == copy["sources"].iloc[-1]["source_id"]
    # the product table shows the word with the file's date, not "not launched"
    view, _missing = comparison(copy, "xgeva", ("xbryk",))
    t = C.attribute_table(copy, view)
    assert t.values.loc["US market status", "Xbryk"].startswith(
        "discontinued (as of 2026-11)")
    # the same file against the copy: nothing left to import
    assert find_differences(copy, rfile).changes == ()


def test_marketed_again_after_discontinued_is_shown_not_written(tmp_path, bundled):
    rows = purple_book_rows(bundled)
    disc = [dict(r, **{"Marketing Status": "Disc"}) if r["Proprietary Name"] == "Xbryk" else r
            for r in rows]
    _d, copy = _accept_all(bundled, _pb(tmp_path / "a.csv", disc), tmp_path / "copy")
    (c,) = find_differences(copy, _pb(tmp_path / "b.csv", rows)).changes
    assert (c.kind, c.product_id, c.old, c.applicable) == (
        "marketing status", "xbryk", "discontinued (as of 2026-11)", False)
    assert "launched" in c.note


def test_an_eu_suspension_is_accepted_written_and_reloads(tmp_path, bundled):
    rfile = read_regulator_file(write_ema_xlsx(tmp_path / "e.xlsx", _suspended_rows(bundled)))
    d, copy = _accept_all(bundled, rfile, tmp_path / "copy.xlsx")
    (c,) = d.changes
    assert (c.kind, c.product_id, c.value, c.date_kind, c.as_of, c.applicable) == (
        "withdrawal or suspension", "kefdensis", "suspended", "EC decision", "2026-10-01", True)
    row = shown(copy, "kefdensis", "EU", "eu_status")
    assert (row["value"], row["as_of"]) == ("suspended", "2026-10-01")
    assert find_differences(copy, rfile).changes == ()  # the same file again: no difference


def test_a_suspended_eu_authorisation_is_not_shown_as_authorised(tmp_path, bundled):
    rows = _suspended_rows(bundled)
    _d, copy = _accept_all(bundled, read_regulator_file(write_ema_json(tmp_path / "e.json",
                                                                       rows)), tmp_path / "c")
    view, _missing = comparison(copy, "prolia", ("kefdensis",), regions=("EU",))
    before = C.indication_matrix(bundled, view).states["Kefdensis (EU)"]
    assert C.AUTHORISED in set(before)
    m = C.indication_matrix(copy, view)
    states = set(m.states["Kefdensis (EU)"])
    assert C.AUTHORISED not in states and C.FROM_STATEMENT not in states
    assert C.SUSPENDED in states and set(m.states["Prolia (EU)"]) == set(
        C.indication_matrix(bundled, view).states["Prolia (EU)"])
    cell = m.values["Kefdensis (EU)"][m.states["Kefdensis (EU)"] == C.SUSPENDED].iloc[0]
    src = copy["sources"].iloc[-1]["source_id"]
    assert cell == f"EU authorisation suspended (EC decision 2026-10-01), per {src}"
    assert src in m.sources["Kefdensis (EU)"][m.states["Kefdensis (EU)"] == C.SUSPENDED].iloc[0]
    assert C.SUSPENDED in C.STATE_COLOURS
    counts = {c.column: c for c in I.counts(m.states)}["Kefdensis (EU)"]
    assert counts.authorised == 0 and "suspended or withdrawn" in counts.text()
    # a reference no longer authorised there makes no carve-outs of its biosimilars
    assert C.CARVE_OUT not in set(m.states["Kefdensis (EU)"])
    t = C.attribute_table(copy, view)
    assert t.values.loc["EU regulatory status", "Kefdensis"].startswith("suspended")
    # the suspension lifted in a later file: authorised again, shown as such
    lifted = read_regulator_file(write_ema_xlsx(tmp_path / "later.xlsx", ema_rows(bundled)))
    d2, again = _accept_all(copy, lifted, tmp_path / "again")
    assert [(c.kind, c.value) for c in d2.changes] == [("EU authorisation", "authorised")]
    assert set(C.indication_matrix(again, view).states["Kefdensis (EU)"]) == set(before)


def test_no_licence_replaced_by_an_import_is_no_longer_shown(tmp_path, bundled):
    # Kefdensis: 'no licence' in the US (S132); a Purple Book listing it licensed.
    base = next(r for r in purple_book_rows(bundled) if r["Proprietary Name"] == "Jubbonti")
    listed = {**dict.fromkeys(base, "N/A"), "N/R/U": "U", "Proprietary Name": "Kefdensis",
              "Proper Name": "denosumab", "License Type": "351(k) Biosimilar",
              "Ref. Product Proprietary Name": "Prolia", "Ref. Product Proper Name": "denosumab",
              "Marketing Status": "Rx", "Licensure": "Licensed"}
    assert I.licence_gap(bundled, "kefdensis", "US").startswith("no US licence")
    rfile = _pb(tmp_path / "pb.csv", [*purple_book_rows(bundled), listed])
    d, copy = _accept_all(bundled, rfile, tmp_path / "copy")
    assert ("licence status", "kefdensis", "authorised") in {
        (c.kind, c.product_id, c.value) for c in d.changes}
    assert I.licence_gap(copy, "kefdensis", "US") == ""
    view, _missing = comparison(copy, "prolia", ("kefdensis",), regions=("US",))
    assert C.NO_LICENCE not in set(C.indication_matrix(copy, view).states["Kefdensis (US)"])
