"""The comparison state's rules at their edges (core/view.py), beyond
tests/core/test_view.py: each normalisation, each refusal and its message, the saved
options by type, and the one default rule on a dataset built in memory."""

from __future__ import annotations

import pandas as pd
import pytest

from denocompare.core.dataset import Dataset
from denocompare.core.view import DPI_RANGE, View, comparison, product_order, starting_view


def dataset(products: list[tuple[str, str, str]], **meta: str) -> Dataset:
    """Products as (id, role, reference id); metadata as given."""
    p = pd.DataFrame(products, columns=["product_id", "role", "reference_product_id"])
    m = pd.DataFrame({"key": list(meta), "value": list(meta.values())}, dtype="string")
    return Dataset({"products": p.replace({"": pd.NA}), "metadata": m})


#: Two originators, each with biosimilars, listed out of order on purpose.
TWO = [("b1", "biosimilar", "o1"), ("o1", "originator", ""), ("c1", "biosimilar", "o2"),
       ("o2", "originator", ""), ("b2", "biosimilar", "o1")]


# --- normalisation ----------------------------------------------------------------------
def test_the_product_order_is_the_reference_then_the_comparators_as_chosen():
    assert product_order("r", ["b", "r", "a", "b"]) == ["r", "b", "a"]
    assert product_order("r", []) == ["r"]


@pytest.mark.parametrize("asked, kept", [
    (72, 72), (71, 72), (1200, 1200), (1201, 1200), (300.7, 300), ("150", 150)])
def test_the_export_resolution_is_kept_within_its_range(asked, kept):
    assert DPI_RANGE == (72, 1200)
    assert View("r", dpi=asked).dpi == kept


@pytest.mark.parametrize("asked, kept", [
    (("US",), ("US",)), (("US", "EU", "US"), ("EU", "US")), (("EU", "JP"), ("EU",)),
    (("JP",), ("EU", "US")), ((), ("EU", "US"))])
def test_regions_are_the_known_ones_in_their_order_and_none_means_both(asked, kept):
    assert View("r", regions=asked).regions == kept


def test_empty_filters_are_no_filter():
    assert View("r", soc="").soc is None and View("r", soc="Eye").soc == "Eye"
    assert View("r", text=None).text == "" and View("r", text=" \t").text == ""  # type: ignore[arg-type]


@pytest.mark.parametrize("field, value, allowed", [
    ("tab", "charts", "products, indications, adverse, equivalence, budget, decision"),
    ("adverse_mode", "percent", "bands, incidence"),
    ("study_chart", "bars", "forest, study_arms")])
def test_an_unknown_choice_is_refused_naming_the_choices(field, value, allowed):
    with pytest.raises(ValueError) as err:
        View("r", **{field: value})
    assert str(err.value) == f"{field} must be one of {allowed}, not '{value}'"


def test_every_known_choice_is_accepted():
    for mode in ("bands", "incidence"):
        assert View("r", adverse_mode=mode).adverse_mode == mode
    for chart in ("forest", "study_arms"):
        assert View("r", study_chart=chart).study_chart == chart


def test_a_copy_is_made_only_when_something_changes():
    view = View("r", ("a",))
    assert view.replace() is view and view.replace(comparators=("a",)) is view
    other = view.replace(comparators=("a", "b"))
    assert other is not view and other.comparators == ("a", "b")
    assert other.changed_fields(view) == {"comparators"}
    assert view.changed_fields(view) == set()
    assert view.changed_fields(None) == set(View.__dataclass_fields__)


def test_the_saved_form_is_the_display_options_only():
    data = View("r", ("a", "b"), regions=("US",), soc="Eye").to_dict()
    assert data == {"reference": "r", "comparators": ["a", "b"], "tab": "products",
                    "only_differences": False, "regions": ["US"], "adverse_mode": "bands",
                    "soc": "Eye", "text": "", "study_chart": "forest", "dpi": 300}


# --- saved options, by type -------------------------------------------------------------
def test_each_saved_option_of_the_right_type_is_kept():
    data = {"tab": "budget", "only_differences": True, "regions": ["US"],
            "adverse_mode": "incidence", "soc": None, "text": "pain",
            "study_chart": "study_arms", "dpi": 600, "reference": "x", "budget": {}}
    assert View.options_from(data) == {
        "tab": "budget", "only_differences": True, "regions": ("US",),
        "adverse_mode": "incidence", "soc": None, "text": "pain", "study_chart": "study_arms",
        "dpi": 600}  # the reference and the budget are not display options


@pytest.mark.parametrize("name, value", [
    ("dpi", True), ("dpi", "300"), ("dpi", 3.0), ("only_differences", 1),
    ("regions", ["EU", 1]), ("regions", "EU"), ("soc", 3), ("text", None), ("tab", "nowhere"),
    ("adverse_mode", "percent"), ("study_chart", ["forest"])])
def test_a_saved_option_of_the_wrong_type_or_value_keeps_its_default(name, value):
    # the one bad option is dropped; a good one after it (dpi is read last) is kept
    control = {"tab": "budget"} if name == "dpi" else {"dpi": 150}
    assert View.options_from({name: value, **control}) == control


# --- the one default rule ---------------------------------------------------------------
def test_without_a_start_in_the_metadata_it_is_the_first_originator_and_its_family():
    assert starting_view(dataset(TWO)) == View("o1", ("b1", "b2"))


def test_the_metadata_start_is_used_when_it_names_products_of_the_dataset():
    ds = dataset(TWO, start_reference="o2", start_comparators=" c1 ; gone;;b1 ")
    assert starting_view(ds) == View("o2", ("c1", "b1"))
    only_ref = dataset(TWO, start_reference="o2", start_comparators="gone")
    assert starting_view(only_ref) == View("o2", ("c1",))


def test_a_dataset_without_an_originator_starts_with_its_first_product():
    ds = dataset([("x", "biosimilar", ""), ("y", "biosimilar", "")])
    assert starting_view(ds) == View("x", ())


def test_nothing_named_opens_the_start_with_the_options_asked():
    ds = dataset(TWO, start_reference="o2")
    view, missing = comparison(ds, tab="budget", dpi=150)
    assert view == View("o2", ("c1",), tab="budget", dpi=150) and missing == []


def test_comparators_named_without_a_reference_are_compared_with_the_start():
    view, missing = comparison(dataset(TWO), None, ["c1", "o1", "gone", "gone"])
    assert view == View("o1", ("c1",)) and missing == ["gone"]


def test_an_unknown_reference_is_named_and_replaced_by_the_start():
    view, missing = comparison(dataset(TWO), "gone", ["gone", "c1"], tab="adverse")
    assert view == View("o1", ("c1",), tab="adverse") and missing == ["gone"]
    view, missing = comparison(dataset(TWO), "gone")
    assert view == View("o1", ("b1", "b2")) and missing == ["gone"]


def test_a_named_reference_keeps_the_comparators_named_in_their_order():
    view, missing = comparison(dataset(TWO), "o2", ["b2", "o2", "b1"], text="x")
    assert view == View("o2", ("b2", "b1"), text="x") and missing == []
    assert comparison(dataset(TWO), "o2", ["o2"])[0] == View("o2", ("c1",))
