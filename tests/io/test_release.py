"""The RELEASE manifest beside each bundled dataset, and what a load is called."""

from __future__ import annotations

import pytest

from denocompare.core.identity import parse_release
from denocompare.io import release
from denocompare.io.validate import load_dataset
from denocompare.output.writers import write_dataset_workbook
from tests.helpers import edit_csv


@pytest.mark.parametrize("folder", release.dataset_folders(), ids=lambda p: p.name)
def test_each_bundled_dataset_is_its_release_byte_for_byte(folder):
    manifest = folder / release.MANIFEST
    assert manifest.is_file(), f"{folder} has no RELEASE: run `{release.COMMAND}`"
    rel = parse_release(manifest.read_text(encoding="utf-8"))
    now = release.hash_files(release.table_files(folder))
    assert now == dict(rel.hashes), (f"the data in {folder} changed since its RELEASE was "
                                     f"made: run `{release.COMMAND} {folder}`")
    ds = load_dataset(folder)
    assert (rel.name, rel.version) == (ds.name, ds.version)
    assert ds.identity.is_release and ds.label == rel.label


def test_a_byte_for_byte_copy_elsewhere_is_the_release(data_copy, bundled):
    (data_copy / release.MANIFEST).unlink()  # the manifest does not make it the release
    ds = load_dataset(data_copy)
    assert ds.label == bundled.label and ds.identity.is_release
    assert ds.title() == bundled.title()


def test_an_edited_value_makes_a_modified_copy(data_copy, bundled):
    edit_csv(data_copy, "study_results", lambda t: t.replace(",5.3,", ",5.6,", 1))
    ds = load_dataset(data_copy)
    assert ds.label == f"modified copy of {bundled.label} ({data_copy.name})"
    assert bundled.date not in ds.title()  # the release's date would claim its content


def test_one_changed_byte_of_the_same_length_is_caught(data_copy, bundled):
    path = data_copy / "products.csv"
    text = path.read_bytes()
    i = text.index(b"Prolia")
    path.write_bytes(text[:i] + b"prolia" + text[i + 6:])
    assert not load_dataset(data_copy).identity.is_release


def test_a_renamed_dataset_is_the_users_own(data_copy):
    edit_csv(data_copy, "metadata", lambda t: t.replace(
        "name,DenoCompare denosumab dataset", "name,Our formulary set"))
    ds = load_dataset(data_copy)
    assert ds.label.startswith("Our formulary set ") and ds.identity.kind == "own"


def test_a_workbook_of_the_release_says_it_is_a_copy(bundled, tmp_path):
    book = write_dataset_workbook(bundled, tmp_path / "mine.xlsx")
    assert load_dataset(book).label == f"modified copy of {bundled.label} (mine.xlsx)"


def test_files_of_other_sizes_are_not_hashed(data_copy, monkeypatch):
    edit_csv(data_copy, "metadata", lambda t: t.replace(
        "name,DenoCompare denosumab dataset", "name,Our formulary set"))

    def fail(_files):
        raise AssertionError("hashed a dataset no release is as long as")
    monkeypatch.setattr(release, "hash_files", fail)
    assert load_dataset(data_copy).identity.kind == "own"


def test_the_command_writes_a_manifest_that_names_the_copy(data_copy, bundled):
    edit_csv(data_copy, "metadata", lambda t: t.replace("version,", "version,local-", 1))
    where = release.write_release(data_copy)
    rel = parse_release(where.read_text(encoding="utf-8"))
    assert rel.version.startswith("local-")
    assert rel.hashes.keys() == release.table_files(data_copy).keys()
    # Only the bundled manifests are releases: one written into a copy grants nothing.
    assert load_dataset(data_copy).identity.kind == "modified"
