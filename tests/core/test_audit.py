"""The audit trail: its fields for a release, a modified copy and the user's own data."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from denocompare import __version__
from denocompare.core import decision as D
from denocompare.core.audit import NO_DECISION, NOT_SAVED, stamp_metadata, trail
from denocompare.core.identity import MODIFIED, OWN, RELEASE
from denocompare.core.saved import DatasetStamp, fingerprint
from denocompare.core.schema import DERIVED_KEYS
from denocompare.core.view import View
from denocompare.io.validate import load_dataset
from tests.helpers import MINI, edit_csv

WHEN = dt.datetime(2026, 12, 1, 9, 30, 15, 123456,
                   tzinfo=dt.timezone(dt.timedelta(hours=1)))
SELECTION = View("prolia", ("kefdensis",))


def test_the_bundled_release(bundled):
    t = trail(bundled, now=WHEN)
    assert t.kind == RELEASE and t.kind_text == "the bundled release"
    assert (t.dataset_name, t.dataset_version) == (bundled.name, bundled.version)
    # The hash a saved comparison records: a report can be matched with its file.
    assert t.content_hash == fingerprint(bundled) == DatasetStamp.of(bundled).content_hash
    assert re.fullmatch(r"[0-9a-f]{64}", t.content_hash)
    assert t.short_hash == t.content_hash[:12]
    assert t.made_at == "2026-12-01T09:30:15+01:00"  # ISO, seconds, with its zone
    assert t.app_version == __version__
    assert (t.copy_of, t.copy_file, t.comparison_file) == ("", "", "")
    text = t.text()
    assert f"{bundled.name}, version {bundled.version}: the bundled release" in text
    assert f"Content hash (SHA-256): {t.short_hash}\n" in text
    assert t.content_hash not in text  # people get the short form ...
    items = dict(t.items())
    assert items["content_sha256"] == t.content_hash  # ... programs the full one
    assert items["dataset_kind"] == RELEASE and items["made_at"] == t.made_at
    assert items["comparison_file"] == NOT_SAVED and items["decision"] == NO_DECISION
    assert f"Saved comparison: {NOT_SAVED}" in text and NO_DECISION in text
    assert len(items) == len(t.items()), "each key once"


def test_a_modified_copy_says_of_what_and_which_file(data_copy):
    edit_csv(data_copy, "study_results", lambda s: s.replace("5.3", "5.6", 1))
    ds = load_dataset(data_copy)
    t = trail(ds, now=WHEN)
    assert t.kind == MODIFIED
    assert t.copy_of == f"{ds.name} {ds.version}"  # the release its metadata names
    assert t.copy_file == data_copy.name
    assert t.kind_text == (f"a modified copy of the bundled release {t.copy_of} "
                           f"(file {data_copy.name})")
    # named as everywhere else (the label, which says what it is a copy of)
    assert t.text().startswith(f"Audit trail\nDataset: {ds.label}\n")
    assert ds.label.startswith("modified copy of") and data_copy.name in ds.label
    items = dict(t.items())
    assert (items["dataset_kind"], items["dataset_copy_of"], items["dataset_copy_file"]) \
        == (MODIFIED, t.copy_of, data_copy.name)


def test_the_modified_copy_has_another_hash_than_the_release(bundled, data_copy):
    edit_csv(data_copy, "study_results", lambda s: s.replace("5.3", "5.6", 1))
    assert trail(load_dataset(data_copy)).content_hash != trail(bundled).content_hash


def test_the_users_own_dataset():
    ds = load_dataset(MINI)
    t = trail(ds, now=WHEN)
    assert t.kind == OWN and t.kind_text == "the user's own dataset"
    assert (t.copy_of, t.copy_file) == ("", "")
    assert t.text().startswith(f"Audit trail\nDataset: {ds.name}, version {ds.version}: "
                               "the user's own dataset\n")


def test_a_dataset_made_in_memory_is_the_users_own(bundled):
    ds = type(bundled)(dict(bundled.tables))  # no identity: never claims the release
    assert trail(ds).kind == OWN


def test_the_saved_file_is_named_without_its_folder(bundled, tmp_path):
    t = trail(bundled, saved_file=tmp_path / "shared" / "committee.denocompare.json")
    assert t.comparison_file == "committee.denocompare.json"
    assert "Saved comparison: committee.denocompare.json" in t.text()
    assert str(tmp_path) not in t.text() + repr(t.items())


def test_the_latest_decision_entry(bundled):
    first = D.new_entry("Add?", "defer", "2026-10-01",
                        now=dt.datetime(2026, 9, 1, tzinfo=dt.UTC))
    latest = D.new_entry("Add?", "add with restrictions", "2027-01-01",
                         now=dt.datetime(2026, 11, 30, 10, tzinfo=dt.UTC))
    view = SELECTION.replace(decisions=D.History((first, latest)))
    t = trail(bundled, view, now=WHEN)
    assert t.decision == "2027-01-01: add with restrictions"
    assert t.decision_id == latest.entry_id
    assert f"(entry {latest.entry_id[:8]}, recorded 2026-11-30T10:00:00+00:00)" in t.text()
    assert latest.entry_id not in t.text()
    items = dict(t.items())
    assert items["decision_entry_id"] == latest.entry_id
    assert items["decision_recorded_at"] == "2026-11-30T10:00:00+00:00"
    assert trail(bundled, SELECTION).decision_text == NO_DECISION


@pytest.mark.parametrize("now", [None, dt.datetime(2026, 12, 1, 9, 30)])
def test_the_time_always_has_its_zone(bundled, now):
    made = dt.datetime.fromisoformat(trail(bundled, now=now).made_at)
    assert made.tzinfo is not None and made.microsecond == 0


def test_compared_with_names_the_other_dataset(bundled):
    mini = load_dataset(MINI)
    t = trail(bundled, compared_with=mini)
    assert t.compared_with == f"{mini.label} (SHA-256 {fingerprint(mini)[:12]})"
    assert f"Compared with: {t.compared_with}" in t.text()
    assert dict(t.items())["compared_with"] == t.compared_with


def test_stamp_metadata_replaces_an_earlier_stamp(bundled):
    t = trail(bundled, now=WHEN)
    once = stamp_metadata(bundled["metadata"], t)
    twice = stamp_metadata(once, trail(bundled, now=WHEN + dt.timedelta(days=1)))
    for frame in (once, twice):
        assert list(frame.columns) == list(bundled["metadata"].columns)
        assert frame["key"].is_unique
        assert set(DERIVED_KEYS) <= set(frame["key"])
    values = dict(zip(twice["key"], twice["value"], strict=True))
    assert values["derived_from"] == f"{bundled.label} (the bundled release)"
    assert values["derived_from_sha256"] == t.content_hash
    assert values["derived_at"] == "2026-12-02T09:30:15+01:00"
    assert values["derived_with"] == f"DenoCompare {__version__}"
    assert values["name"] == bundled.name  # the rest as it was
