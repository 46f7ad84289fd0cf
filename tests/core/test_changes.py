"""Differences between a regulator's file and the dataset, the new copy, and the
dataset-vs-dataset list: files built from the dataset's own facts, one thing changed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from denocompare.core.apply_changes import REGULATOR_KIND, apply_changes
from denocompare.core.changes import KINDS, NEW_PRODUCT, find_differences
from denocompare.core.dataset_diff import diff_datasets
from denocompare.core.errors import DataError
from denocompare.core.schema import SOURCE_KINDS
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


def _pb(tmp_path: Path, rows, **kw):
    path = tmp_path / "purplebook-search-november-2026-data-download.csv"
    path.write_text(purple_book_text(rows, **kw), encoding="utf-8")
    return read_regulator_file(path)


def _edit(rows, brand, **values):
    return [dict(r, **values) if r["Proprietary Name"] == brand else r for r in rows]


@pytest.fixture(scope="module")
def pb_rows(bundled):
    return purple_book_rows(bundled)


def test_files_built_from_the_dataset_show_no_difference(tmp_path, bundled, pb_rows):
    for f in (_pb(tmp_path, pb_rows),
              read_regulator_file(write_ema_xlsx(tmp_path / "e.xlsx", ema_rows(bundled))),
              read_regulator_file(write_ema_json(tmp_path / "e.json", ema_rows(bundled)))):
        d = find_differences(bundled, f)
        assert d.changes == () and d.unmatched == (), (f.layout, d.changes, d.unmatched)
        assert d.records > 10


def test_a_changed_approval_date_shows_both_values_and_sources(tmp_path, bundled, pb_rows):
    d = find_differences(bundled, _pb(tmp_path, _edit(pb_rows, "Jubbonti",
                                                      **{"Approval Date": "06-Mar-24"})))
    (c,) = d.changes
    assert (c.kind, c.product_id, c.attribute) == ("approval date", "jubbonti",
                                                   "us_approval_date")
    assert c.old == "2024-03-05 (FDA approval)" and c.value == "2024-03-06"
    assert c.old_source.startswith("S37") and "S33" in c.old_source
    assert "purplebook-search-november-2026-data-download.csv, line" in c.new_source
    assert c.matched_by == "BLA number"


def test_licence_type_changed_to_interchangeable(tmp_path, bundled, pb_rows):
    assert shown(bundled, "obodence", "US", "us_interchangeability")["value"] == "provisional"
    d = find_differences(bundled, _pb(tmp_path, _edit(
        pb_rows, "Ospomyv", **{"License Type": "351(k) Interchangeable"})))
    (c,) = d.changes
    assert (c.kind, c.product_id, c.old, c.value) == ("interchangeable", "obodence",
                                                      "provisional", "yes")


def test_discontinued_is_a_difference_that_can_be_written(tmp_path, bundled, pb_rows):
    # Written, reloaded and shown: tests/core/test_status_words.py.
    d = find_differences(bundled, _pb(tmp_path, _edit(pb_rows, "Xbryk",
                                                      **{"Marketing Status": "Disc"})))
    (c,) = d.changes
    assert c.kind == "marketing status" and c.applicable and c.value == "discontinued"
    new = apply_changes(bundled, d, [c], today=DAY)
    assert len(new["attributes"]) == len(bundled["attributes"]) + 1


def test_a_shared_bla_number_falls_back_to_the_brand(tmp_path, bundled, pb_rows):
    # One BLA (125320, Xgeva's in attributes.csv) covers Prolia and Xgeva in the file.
    rows = _edit(pb_rows, "Prolia", **{"BLA Number": "125320"})
    d = find_differences(bundled, _pb(tmp_path, rows))
    assert [(c.kind, c.product_id) for c in d.changes] == [("identifier", "prolia")]
    assert d.unmatched == ()


def test_a_known_number_under_another_brand_is_not_guessed(tmp_path, bundled, pb_rows):
    rows = _edit(pb_rows, "Jubbonti", **{"Proprietary Name": "Jubbonti Pen"})
    d = find_differences(bundled, _pb(tmp_path, rows))
    (u,) = d.unmatched
    assert "761362" in u.note and "Jubbonti Pen" in u.note and d.changes == ()


def test_names_match_ignoring_case_and_spaces(tmp_path, bundled, pb_rows):
    rows = _edit(pb_rows, "Stoboclo", **{"Proprietary Name": " STOBO CLO "})
    assert find_differences(bundled, _pb(tmp_path, rows)).changes == ()


def test_an_unbranded_record_matches_by_proper_name_and_strength(tmp_path, bundled, pb_rows):
    # Stoboclo (60 mg) and Osenvelt (120 mg) share denosumab-bmwo.
    row = next(r for r in pb_rows if r["Proprietary Name"] == "Osenvelt")
    rows = [r for r in pb_rows if r is not row] + [dict(row, **{
        "Proprietary Name": "N/A", "Approval Date": "01-Mar-25"})]
    (c,) = find_differences(bundled, _pb(tmp_path, rows)).changes
    assert (c.product_id, c.kind, c.matched_by) == ("osenvelt", "approval date",
                                                    "proper name and strength")


def test_a_new_brand_with_a_known_proper_name_is_listed_not_guessed(tmp_path, bundled, pb_rows):
    row = next(r for r in pb_rows if r["Proprietary Name"] == "Stoboclo")
    d = find_differences(bundled, _pb(tmp_path, [*pb_rows, dict(row, **{
        "Proprietary Name": "Otherbrand"})]))
    (u,) = d.unmatched
    assert "denosumab-bmwo" in u.note and "Stoboclo" in u.note


def test_two_entries_for_one_product_are_both_unmatched(tmp_path, bundled, pb_rows):
    row = next(r for r in pb_rows if r["Proprietary Name"] == "Bomyntra")
    d = find_differences(bundled, _pb(tmp_path, [*pb_rows, dict(row, **{
        "BLA Number": "761999"})]))
    assert len(d.unmatched) == 2 and all("2 entries" in u.note for u in d.unmatched)


def test_a_new_biosimilar_of_a_reference_held(tmp_path, bundled, pb_rows):
    new = dict(pb_rows[-1], **{"Proprietary Name": "Newdeno", "Proper Name": "denosumab-zzzz",
                                "BLA Number": "769999", "Strength": "120 mg/1.7 mL",
                                "Approval Date": "15-Nov-26", "Applicant": "Maker Inc.",
                                "Ref. Product Proprietary Name": "Xgeva",
                                "License Type": "351(k) Biosimilar"})
    d = find_differences(bundled, _pb(tmp_path, [*pb_rows, new]))
    (c,) = d.changes
    assert (c.kind, c.product_id, c.applicable) == (NEW_PRODUCT, "newdeno", True)
    ds = apply_changes(bundled, d, [c], today=DAY)
    p = ds.products.loc["newdeno"]
    assert (p["reference_product_id"], p["strength_mg"], p["volume_ml"], p["inn"]) == \
        ("xgeva", 120, 1.7, "denosumab")
    assert shown(ds, "newdeno", "US", "us_approval_date")["value"] == "2026-11-15"
    assert shown(ds, "newdeno", "US", "us_interchangeability")["value"] == "no"


def test_a_new_eu_product_cannot_be_written_without_its_reference(tmp_path, bundled):
    rows = [*ema_rows(bundled), dict(ema_rows(bundled)[3], **{"Name of\nmedicine": "Eudeno",
                                                             "EMA product number": ""})]
    d = find_differences(bundled, read_regulator_file(write_ema_json(tmp_path / "e.json", rows)))
    (c,) = d.changes
    assert c.kind == NEW_PRODUCT and not c.applicable and "reference" in c.note


def test_eu_withdrawal_authorisation_and_holder(tmp_path, bundled):
    rows = ema_rows(bundled)
    edit = {"Kefdensis": {"Medicine status": "Withdrawn", "Withdrawal / expiry / revocation / "
                          "lapse of marketing authorisation date": "01/10/2026"},
            "Wyost": {"Marketing authorisation developer / applicant / holder": "Other GmbH"},
            "Xgeva": {"Marketing authorisation\ndate": "14/07/2011"}}
    rows = [dict(r, **edit.get(r["Name of\nmedicine"], {})) for r in rows]
    rows.append({"Category": "Human", "Name of\nmedicine": "Rolcya",
                 "Medicine status": "Authorised", "Active substance": "denosumab",
                 "International non-proprietary name (INN) / common name": "denosumab",
                 "Marketing authorisation\ndate": "02/06/2026"})
    d = find_differences(bundled, read_regulator_file(write_ema_xlsx(tmp_path / "e.xlsx", rows)))
    got = {(c.kind, c.product_id, c.attribute, c.value, c.as_of) for c in d.changes}
    assert got == {
        ("withdrawal or suspension", "kefdensis", "eu_status", "withdrawn", "2026-10-01"),
        ("MAH", "wyost", "marketing_authorisation_holder", "Other GmbH", ""),
        ("EU authorisation", "xgeva", "eu_authorisation_date", "2011-07-14", ""),
        ("EU authorisation", "rolcya", "eu_authorisation_date", "2026-06-02", ""),
        ("EU authorisation", "rolcya", "eu_status", "authorised", "2026-11-30")}
    # every one of them written, the copy opens (status dates and kinds are allowed ones)
    new = apply_changes(bundled, d, list(d.changes), today=DAY)
    again = load_dataset(write_dataset_copy(new, tmp_path / "eu-copy"))
    assert shown(again, "kefdensis", "EU", "eu_status")["value"] == "withdrawn"
    assert again["sources"].iloc[-1]["publisher"] == "European Medicines Agency"


def test_a_file_for_another_molecule_only(tmp_path, bundled, pb_rows):
    other = [dict(r, **{"Proprietary Name": "Humira", "Proper Name": "adalimumab",
                        "BLA Number": "125057"}) for r in pb_rows[:1]]
    with pytest.raises(DataError, match="none of them denosumab.*adalimumab"):
        find_differences(bundled, _pb(tmp_path, other))


def test_accepted_changes_make_a_new_copy_that_cites_the_file(tmp_path, bundled, pb_rows):
    rows = _edit(pb_rows, "Jubbonti", **{"Approval Date": "06-Mar-24", "Applicant": "Sandoz"})
    f = _pb(tmp_path, rows)
    d = find_differences(bundled, f)
    assert {c.kind for c in d.changes} == {"approval date", "MAH"} and set(KINDS) >= {"MAH"}
    new = apply_changes(bundled, d, list(d.changes), today=DAY)
    src = new["sources"].iloc[-1]
    assert src["kind"] == REGULATOR_KIND == SOURCE_KINDS[0]
    assert src["publisher"] == "U.S. Food and Drug Administration"
    assert src["document_number"] == f"SHA-256 {f.sha256}" and src["date"] == "2026-11"
    assert f.name in src["title"]
    row = shown(new, "jubbonti", "US", "us_approval_date")
    assert (row["value"], row["source_id"], row["preferred"]) == ("2024-03-06",
                                                                 src["source_id"], "yes")
    a = new["attributes"]
    old = a[(a["product_id"] == "jubbonti") & (a["attribute"] == "us_approval_date")
            & (a["value"] == "2024-03-05")]
    assert list(old["preferred"]) == ["no"]  # kept, with its own sources
    assert bundled["attributes"].equals(bundled["attributes"])  # the open dataset untouched
    assert shown(bundled, "jubbonti", "US", "us_approval_date")["value"] == "2024-03-05"
    # written and opened again, the copy is a valid dataset
    for target in (tmp_path / "copy", tmp_path / "copy.xlsx"):
        again = load_dataset(write_dataset_copy(new, target))
        assert again.version.endswith("+us-2026-11")
        diff = diff_datasets(bundled, again)
        assert set(zip(diff["product_id"], diff["change"], strict=True)) == {
            ("jubbonti", "changed"), ("jubbonti", "added")}


def test_values_the_file_does_not_speak_to_stay(tmp_path, bundled, pb_rows):
    d = find_differences(bundled, _pb(tmp_path, _edit(pb_rows, "Bomyntra",
                                                      **{"Approval Date": "26-Mar-25"})))
    new = apply_changes(bundled, d, list(d.changes), today=DAY)
    for t in ("indications", "adverse_reactions", "studies", "study_results", "products"):
        assert new[t].equals(bundled[t]), t
    a, b = bundled["attributes"], new["attributes"]
    assert b.iloc[:len(a)].drop(columns="preferred").equals(a.drop(columns="preferred"))


def test_what_changed_since_the_last_review(bundled, mini):
    same = diff_datasets(bundled, bundled)
    assert same.empty
    diff = diff_datasets(mini, bundled)
    assert {"added", "removed", "changed"} >= set(diff["change"]) and len(diff) > 0
    added = diff[diff["change"] == "added"]
    assert (added["old_value"] == "").all() and (added["new_source"] != "").all()
    assert (diff[diff["change"] == "removed"]["new_value"] == "").all()
    changed = diff[diff["change"] == "changed"]
    if len(changed):
        assert (changed["old_source"] != "").all() and (changed["new_source"] != "").all()
