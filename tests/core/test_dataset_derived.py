"""Dataset.derived: results computed once per dataset, handed out as safe copies."""

from __future__ import annotations

import pandas as pd

from denocompare.core import compare as C
from denocompare.core import studies
from denocompare.io.validate import load_dataset
from denocompare.resources import bundled_data_dir


def test_computed_once_and_callers_cannot_spoil_it():
    ds = load_dataset(bundled_data_dir())
    calls = []

    def make():
        calls.append(1)
        return pd.DataFrame({"a": [1, 2]})

    first = ds.derived(("k",), make)
    first["added"] = 0  # a caller adds a column ...
    first.loc[0, "a"] = 99  # ... and writes into a cell
    again = ds.derived(("k",), make)
    assert calls == [1]
    assert list(again.columns) == ["a"] and list(again["a"]) == [1, 2]


def test_keeps_the_most_recent_32():
    ds = load_dataset(bundled_data_dir())
    for i in range(40):
        ds.derived(("k", i), lambda i=i: pd.DataFrame({"i": [i]}))
    assert len(ds._derived) == 32 and ("k", 39) in ds._derived and ("k", 0) not in ds._derived


def test_study_results_are_the_same_whether_computed_or_kept():
    ds = load_dataset(bundled_data_dir())
    family = ds.family("prolia")
    fresh = studies._study_results(ds, family)
    kept = C.study_results(ds, family)
    pd.testing.assert_frame_equal(C.study_results(ds, family), fresh)
    kept["verdict"] = "changed"  # the forest plot adds columns to its copy like this
    pd.testing.assert_frame_equal(C.study_results(ds, family), fresh)


def test_only_the_most_recent_large_result_is_kept():
    # A million-row table would otherwise leave up to 32 large frames in memory, one
    # per filter text typed.
    from denocompare.core.dataset import MEMO_ROWS

    ds = load_dataset(bundled_data_dir())
    calls = []

    def make(n):
        calls.append(n)
        return pd.DataFrame({"i": range(n)})
    ds.derived(("small",), lambda: make(3))
    for key in ("big", "big", "other big", "big"):
        assert len(ds.derived((key,), lambda: make(MEMO_ROWS + 1))) == MEMO_ROWS + 1
    assert calls == [3, MEMO_ROWS + 1, MEMO_ROWS + 1, MEMO_ROWS + 1]
    assert set(ds._derived) == {("small",), ("big",)}


def test_adverse_reactions_are_the_same_whether_computed_or_kept():
    ds = load_dataset(bundled_data_dir())
    family = ds.family("prolia")
    fresh = C._adverse_reactions(ds, family, None, None, "")
    kept = C.adverse_reactions(ds, family)
    kept["product"] = "changed"
    pd.testing.assert_frame_equal(C.adverse_reactions(ds, family), fresh)
    pd.testing.assert_frame_equal(C.adverse_reactions(ds, family, soc="Infections and "
                                                      "infestations"),
                                  C._adverse_reactions(ds, family, None, "Infections and "
                                                       "infestations", ""))


def test_distinct_values_leave_blanks_out_and_are_kept():
    ds = load_dataset(bundled_data_dir())
    socs = ds.distinct("adverse_reactions", "system_organ_class")
    column = ds["adverse_reactions"]["system_organ_class"]
    assert socs == {v for v in column if isinstance(v, str)} and None not in socs
    assert ds.distinct("adverse_reactions", "system_organ_class") is socs



def test_a_lookup_is_made_once_and_shared():
    ds = load_dataset(bundled_data_dir())
    made = []

    def make():
        made.append(1)
        return {"k": [1]}

    first = ds.lookup(("t",), make)
    assert ds.lookup(("t",), make) is first and made == [1]
    assert ds.lookup(("other",), make) is not first and made == [1, 1]
    assert load_dataset(bundled_data_dir()).lookup(("t",), lambda: "new") == "new"
