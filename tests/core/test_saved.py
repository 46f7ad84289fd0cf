"""Saved comparisons: the file format, and opening one on another dataset."""

from __future__ import annotations

import dataclasses
import json

import pandas as pd
import pytest

from denocompare.core.dataset import Dataset
from denocompare.core.errors import ComparisonFileError
from denocompare.core.saved import FORMAT_VERSION, SavedComparison, fingerprint
from denocompare.core.view import View
from denocompare.io.comparison_file import read_comparison
from denocompare.output.comparison_file import write_comparison

FILTERED = View("prolia", ("kefdensis", "stoboclo"), tab="adverse", adverse_mode="incidence",
                text="pain", regions=("EU",), only_differences=True, dpi=150)


def test_a_saved_comparison_round_trips(bundled, tmp_path):
    path = write_comparison(bundled, FILTERED, tmp_path / "committee")
    assert path.name == "committee.denocompare.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format_version"] == FORMAT_VERSION and data["notes"] == {}
    assert data["dataset"] == {"path": bundled.origin, "name": bundled.name,
                               "version": bundled.version,
                               "content_hash": fingerprint(bundled),
                               "molecule": "denosumab"}
    view, notices = read_comparison(path).open_on(bundled)
    assert view == FILTERED and notices == []
    assert not list(tmp_path.glob(".*.part"))  # written atomically, nothing left over


def test_the_content_hash_follows_the_content_not_the_object(bundled):
    copy = Dataset(dict(bundled.tables), origin="elsewhere")
    assert fingerprint(copy) == fingerprint(bundled)
    products = bundled["products"].copy()
    products.loc[0, "note"] = "edited"
    assert fingerprint(Dataset({**bundled.tables, "products": products})) != \
        fingerprint(bundled)


def test_opened_on_a_changed_dataset_it_says_so_and_opens_what_it_can(bundled):
    saved = SavedComparison.of(bundled, FILTERED)
    products = bundled["products"]
    fewer = Dataset({**bundled.tables,
                     "products": products[products["product_id"] != "stoboclo"]})
    view, notices = saved.open_on(fewer)
    assert view.comparators == ("kefdensis",) and view.text == "pain"
    assert any("has changed since" in n for n in notices)
    assert any("stoboclo" in n and "left out" in n for n in notices)


def test_opened_on_another_dataset_it_names_both(bundled, mini):
    view, notices = SavedComparison.of(bundled, FILTERED).open_on(mini)
    assert view.reference == "prolia"
    assert any(bundled.name in n and mini.name in n for n in notices)


def _decided(ds):
    from denocompare.core import decision as D
    from denocompare.core.criteria import Settings

    entry = D.new_entry("Add Kefdensis?", "add", "2026-12-01", products=("kefdensis",),
                        preferred=("kefdensis",))
    return SavedComparison.of(ds, FILTERED.replace(
        criteria=Settings(weights=(("latex", 5.0),)), decisions=D.History((entry,))))


def test_the_record_of_another_dataset_is_not_opened_and_both_are_named(bundled, mini):
    saved = _decided(bundled)
    view, notices = saved.open_on(mini)
    assert view.reference == "prolia" and view.comparators == ("kefdensis", "stoboclo")
    assert view.criteria is None and view.decisions is None
    refused = [n for n in notices if "decision record were not opened" in n]
    assert len(refused) == 1
    assert f"made on {bundled.name} {bundled.version}, and" in refused[0]
    assert "DenoCompare test fixture (mini) 0.1-test" in refused[0]


def test_a_modified_copy_keeps_its_record_with_the_existing_notice(bundled):
    products = bundled["products"]
    fewer = Dataset({**bundled.tables,
                     "products": products[products["product_id"] != "izamby"]})
    view, notices = _decided(bundled).open_on(fewer)
    assert view.criteria is not None and len(view.decisions.entries) == 1
    assert any("has changed since" in n for n in notices)
    assert not any("not opened" in n for n in notices)


def test_another_molecule_is_another_dataset_even_under_the_same_name(bundled):
    from denocompare.core.saved import DatasetStamp

    stamp = DatasetStamp.of(bundled)
    assert not stamp.is_other_than(bundled)
    assert dataclasses.replace(stamp, molecule="ustekinumab").is_other_than(bundled)
    assert dataclasses.replace(stamp, name="Another").is_other_than(bundled)
    # A file that names no dataset (or was saved before the molecule was): cannot tell.
    assert not DatasetStamp().is_other_than(bundled)
    assert not dataclasses.replace(stamp, molecule="").is_other_than(bundled)


def test_saving_onto_another_datasets_record_is_refused(bundled, mini):
    from denocompare.core.saved import mixes_datasets

    saved = _decided(bundled)
    assert "would mix the two datasets' decisions" in mixes_datasets(saved, mini)
    assert mixes_datasets(saved, bundled) is None
    assert mixes_datasets(SavedComparison.of(bundled, FILTERED), mini) is None  # no record
    assert mixes_datasets(None, mini) is None


@pytest.mark.parametrize("text, reason", [
    ("{not json", "not a comparison file"),
    ('{"kind": "something else"}', "not a DenoCompare comparison file"),
    ('{"kind": "denocompare comparison", "format_version": 1, "view": {}}', "no reference"),
    ('{"kind": "denocompare comparison", "view": {"reference": "prolia"}}', "format version"),
])
def test_unreadable_files_say_why(text, reason):
    with pytest.raises(ComparisonFileError, match=reason):
        SavedComparison.from_json(text)


def test_a_newer_format_is_refused_with_a_message(tmp_path):
    path = tmp_path / "new.denocompare.json"
    path.write_text(json.dumps({"kind": "denocompare comparison",
                                "format_version": FORMAT_VERSION + 1,
                                "view": {"reference": "prolia"}}), encoding="utf-8")
    with pytest.raises(ComparisonFileError, match="newer DenoCompare") as err:
        read_comparison(path)
    assert str(err.value).startswith("Could not open new.denocompare.json")


def test_a_missing_file_says_so(tmp_path):
    with pytest.raises(ComparisonFileError, match="not a file"):
        read_comparison(tmp_path / "none.json")


def test_unknown_products_in_a_hand_edited_file_are_named(bundled):
    saved = SavedComparison({"reference": "prolia", "comparators": ["kefdensis", 3, "gone"],
                             "dpi": "high"})
    view, notices = saved.open_on(bundled)
    assert view.comparators == ("kefdensis",) and view.dpi == 300
    assert notices == ["Not in this dataset, left out: gone."]
    assert pd.notna(view.reference)
