"""The budget inputs in a saved comparison: saved, opened again, and old files still open."""

from __future__ import annotations

import json

from denocompare.core.saved import FORMAT_VERSION, SavedComparison
from denocompare.core.view import View
from denocompare.io.comparison_file import read_comparison
from denocompare.output.comparison_file import write_comparison
from tests.core.test_budget import worked


def test_a_budget_round_trips_in_the_comparison_file(bundled, tmp_path):
    view = View("prolia", ("kefdensis",), budget=worked(20, illustrative=True))
    path = write_comparison(bundled, view, tmp_path / "c")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format_version"] == FORMAT_VERSION == 1
    assert "budget" not in data["view"] and data["budget"]
    opened, notices = read_comparison(path).open_on(bundled)
    assert opened == view and opened.budget.illustrative and notices == []


def test_a_file_without_a_budget_opens_as_before(bundled, tmp_path):
    path = write_comparison(bundled, View("prolia", ("kefdensis",)), tmp_path / "c")
    assert "budget" not in json.loads(path.read_text(encoding="utf-8"))
    opened, _n = read_comparison(path).open_on(bundled)
    assert opened.budget is None


def test_a_budget_naming_a_product_the_comparison_lacks_is_not_opened(bundled, tmp_path):
    view = View("prolia", ("kefdensis",), budget=worked())
    path = write_comparison(bundled, view, tmp_path / "c")
    data = json.loads(path.read_text(encoding="utf-8"))
    data["view"]["comparators"] = ["obodence"]
    path.write_text(json.dumps(data), encoding="utf-8")
    opened, notices = read_comparison(path).open_on(bundled)
    assert opened.budget is None and opened.comparators == ("obodence",)
    assert any("budget inputs were not opened" in n and "kefdensis" in n for n in notices)


def test_a_hand_broken_budget_is_named_and_the_rest_opens(bundled, tmp_path):
    path = write_comparison(bundled, View("prolia", ("kefdensis",), budget=worked()),
                            tmp_path / "c")
    data = json.loads(path.read_text(encoding="utf-8"))
    for row in data["budget"]:
        if row["field"] == "existing_patients":
            row["value"] = "lots"
    path.write_text(json.dumps(data), encoding="utf-8")
    opened, notices = read_comparison(path).open_on(bundled)
    assert opened.budget is None and opened.reference == "prolia"
    assert any("'lots' is not a number" in n for n in notices)


def test_the_remembered_view_holds_no_budget():
    assert "budget" not in View("prolia", budget=worked()).to_dict()
    assert SavedComparison.from_json(json.dumps(
        {"kind": "denocompare comparison", "format_version": 1,
         "view": {"reference": "prolia"}})).budget_records == ()
