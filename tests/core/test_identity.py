"""Naming a dataset: the release only byte for byte (pure logic, no files)."""

from __future__ import annotations

import pytest

from denocompare.core.identity import (
    MODIFIED,
    OWN,
    RELEASE,
    Release,
    format_release,
    name_dataset,
    parse_release,
)

REL = Release("Cited set", "1.2", {"products.csv": "a" * 64, "sources.csv": "b" * 64})


def test_the_release_is_named_only_when_every_file_is_the_release():
    same = name_dataset("Cited set", "1.2", "copy", dict(REL.hashes), [REL])
    assert (same.text, same.kind) == ("Cited set 1.2", RELEASE)
    edited = name_dataset("Cited set", "1.2", "mine", {**REL.hashes, "sources.csv": "c" * 64},
                          [REL])
    assert (edited.text, edited.kind) == ("modified copy of Cited set 1.2 (mine)", MODIFIED)


def test_a_missing_or_extra_file_is_not_the_release():
    fewer = name_dataset("Cited set", "1.2", "x.xlsx", {"products.csv": "a" * 64}, [REL])
    assert fewer.kind == MODIFIED
    more = name_dataset("Cited set", "1.2", "d", {**REL.hashes, "studies.csv": "d" * 64}, [REL])
    assert more.kind == MODIFIED


def test_unhashed_data_claiming_the_release_name_is_a_modified_copy():
    wb = name_dataset("Cited set", "9", "edited.xlsx", None, [REL])
    assert wb.text == "modified copy of Cited set 1.2 (edited.xlsx)"


def test_a_users_own_dataset_keeps_its_own_name():
    own = name_dataset("Our formulary", "3", "ours", None, [REL])
    assert (own.text, own.kind) == ("Our formulary 3", OWN)


def test_the_manifest_round_trips_and_refuses_garbage():
    text = format_release(REL, "make it")
    assert parse_release(text) == REL
    assert "make it" in text
    with pytest.raises(ValueError):
        parse_release("name: x\nnot a hash line\n")
    with pytest.raises(ValueError):
        parse_release("# nothing\n")
