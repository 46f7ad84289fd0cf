"""The comparison state and its one rule for defaults (core/view.py)."""

from __future__ import annotations

import pandas as pd
import pytest

from denocompare.core.dataset import Dataset
from denocompare.core.view import TABS, View, comparison, starting_view


def _with_metadata(ds: Dataset, **pairs: str) -> Dataset:
    meta = ds["metadata"]
    meta = meta[~meta["key"].isin(list(pairs))]
    rows = pd.DataFrame({"key": list(pairs), "value": list(pairs.values())}, dtype="string")
    return Dataset({**ds.tables, "metadata": pd.concat([meta, rows], ignore_index=True)},
                   origin=ds.origin)


def test_a_view_is_normalised_so_equal_choices_are_equal():
    view = View("prolia", ("kefdensis", "prolia", "kefdensis"), regions=("US", "EU"),
                text="  osteo ", soc="")
    assert view.comparators == ("kefdensis",) and view.products == ["prolia", "kefdensis"]
    assert view.regions == ("EU", "US") and view.text == "osteo" and view.soc is None
    assert view == View("prolia", ("kefdensis",), text="osteo")
    assert view.replace(text="osteo") is view  # nothing changed: the same object
    assert view.replace(tab="adverse").changed_fields(view) == {"tab"}
    with pytest.raises(ValueError, match="tab must be one of"):
        View("prolia", tab="charts")


def test_saved_options_keep_what_is_valid():
    data = View("prolia", ("kefdensis",), tab="adverse", dpi=150, text="pain").to_dict()
    assert View.options_from(data) == {**View.options_from(data), "tab": "adverse",
                                       "dpi": 150, "text": "pain"}
    bad = {"tab": "nowhere", "dpi": True, "regions": "EU", "only_differences": "yes"}
    assert View.options_from(bad) == {}


def test_rule_nothing_named_opens_the_datasets_starting_comparison(bundled):
    # The bundled dataset's metadata names it: Prolia vs Kefdensis, not a special case.
    assert bundled.meta("start_reference") == "prolia"
    view, missing = comparison(bundled)
    assert (view.reference, view.comparators, missing) == ("prolia", ("kefdensis",), [])
    assert view == starting_view(bundled)


def test_rule_a_reference_alone_is_compared_with_all_its_own_biosimilars(bundled):
    for reference in ("prolia", "xgeva"):
        view, _missing = comparison(bundled, reference)
        assert view.comparators == tuple(bundled.family(reference))
    assert len(comparison(bundled, "xgeva")[0].comparators) == 13


def test_rule_without_a_start_in_the_metadata_the_first_originator_and_family(mini):
    assert not mini.meta("start_reference")
    first = mini.originators()[0]
    assert starting_view(mini) == View(first, tuple(mini.family(first)))
    broken = _with_metadata(mini, start_reference="gone", start_comparators="gone too")
    assert starting_view(broken) == starting_view(mini)


def test_rule_named_products_the_dataset_lacks_are_left_out_and_named(bundled):
    view, missing = comparison(bundled, "prolia", ["gone", "kefdensis"])
    assert view.comparators == ("kefdensis",) and missing == ["gone"]
    view, missing = comparison(bundled, "prolia", ["gone"])
    assert view.comparators == tuple(bundled.family("prolia")) and missing == ["gone"]
    view, missing = comparison(bundled, "gone", ["stoboclo"])
    assert view.reference == "prolia" and view.comparators == ("stoboclo",)


def test_rule_a_biosimilar_as_reference_has_no_biosimilars_of_its_own(bundled):
    assert comparison(bundled, "kefdensis")[0].comparators == ()


def test_every_tab_has_a_title():
    from denocompare.core.view import TAB_TITLES

    assert tuple(TAB_TITLES) == TABS
