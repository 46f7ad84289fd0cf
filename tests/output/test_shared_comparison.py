"""One comparison file, two committee members (issue 16).

Rules: the decision record and the criteria are saved with the comparison and read
back; a save onto a file another member changed since keeps both members' decision
entries (each once, in the order recorded); a field only the other member changed is
kept as theirs; a field both changed differently is a conflict the user settles; a file
whose record cannot be read is refused, and never saved over.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from denocompare.core import criteria as K
from denocompare.core import decision as D
from denocompare.core.errors import ComparisonFileError, ExportError
from denocompare.core.view import View
from denocompare.io.comparison_file import read_comparison
from denocompare.output.comparison_file import SaveConflict, save_comparison, write_comparison

T0 = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)
BASE = View("prolia", ("kefdensis",))


def _entry(decision, minutes, by):
    return D.new_entry("Add Kefdensis?", decision, "2026-12-01",
                       now=T0 + dt.timedelta(minutes=minutes), recorded_by=by)


def _with(view, *entries):
    hist = view.decisions or D.History()
    for e in entries:
        hist = hist.append(e)
    return view.replace(decisions=hist)


def _open(bundled, path):
    saved = read_comparison(path)
    view, _notes = saved.open_on(bundled)
    return saved, view


def test_criteria_and_the_record_are_saved_and_read_back(bundled, tmp_path):
    settings = K.Settings(weights=(("indications", 30.0),), manual=(("supply", "Supply"),),
                          manual_scores=(("supply", "kefdensis", 0.5),))
    view = _with(BASE.replace(criteria=settings), _entry("defer", 0, "A"))
    path = write_comparison(bundled, view, tmp_path / "c.denocompare.json")
    _saved, again = _open(bundled, path)
    assert again.criteria == settings
    assert again.decisions == view.decisions
    assert "criteria" not in json.loads(path.read_text())["view"]


def test_two_members_entries_are_both_kept(bundled, tmp_path):
    path = write_comparison(bundled, _with(BASE, _entry("defer", 0, "A")),
                            tmp_path / "c.denocompare.json")
    a_saved, a_view = _open(bundled, path)
    b_saved, b_view = _open(bundled, path)
    save_comparison(bundled, _with(b_view, _entry("add", 20, "B")), path, b_saved)
    _p, written, merged = save_comparison(bundled, _with(a_view, _entry("do not add", 10, "A")),
                                          path, a_saved)
    assert [e.recorded_by + ":" + e.decision for e in written.decisions.entries] == \
        ["A:defer", "A:do not add", "B:add"]
    assert merged is not None and merged.their_entries == 1
    assert read_comparison(path).decisions == written.decisions


def test_a_field_only_the_other_member_changed_is_kept_as_theirs(bundled, tmp_path):
    path = write_comparison(bundled, BASE, tmp_path / "c.denocompare.json")
    a_saved, a_view = _open(bundled, path)
    b_saved, b_view = _open(bundled, path)
    weights = K.Settings(weights=(("launch", 5.0),))
    save_comparison(bundled, b_view.replace(criteria=weights), path, b_saved)
    _p, written, merged = save_comparison(bundled, _with(a_view, _entry("add", 1, "A")),
                                          path, a_saved)
    assert written.criteria == weights and merged.theirs_kept == ("criteria",)
    assert len(written.decisions.entries) == 1


def test_a_field_both_changed_differently_is_a_conflict_the_user_settles(bundled, tmp_path):
    path = write_comparison(bundled, BASE, tmp_path / "c.denocompare.json")
    a_saved, a_view = _open(bundled, path)
    b_saved, b_view = _open(bundled, path)
    save_comparison(bundled, b_view.replace(comparators=("jubbonti",)), path, b_saved)
    mine = a_view.replace(comparators=("obodence",))
    before = path.read_bytes()
    with pytest.raises(SaveConflict) as err:
        save_comparison(bundled, mine, path, a_saved)
    assert err.value.fields == ("view",) and "Choose whose to keep" in str(err.value)
    assert path.read_bytes() == before  # nothing written until the user chooses
    save_comparison(bundled, mine, path, a_saved, prefer="theirs")
    assert read_comparison(path).view["comparators"] == ["jubbonti"]
    save_comparison(bundled, mine, path, a_saved, prefer="mine")
    assert read_comparison(path).view["comparators"] == ["obodence"]


def test_a_save_without_a_base_keeps_every_entry_in_the_file(bundled, tmp_path):
    path = write_comparison(bundled, _with(BASE, _entry("defer", 0, "A")),
                            tmp_path / "c.denocompare.json")
    write_comparison(bundled, BASE.replace(comparators=("jubbonti",)), path)
    saved = read_comparison(path)
    assert [e.decision for e in saved.decisions.entries] == ["defer"]
    assert saved.view["comparators"] == ["jubbonti"]


def test_a_history_that_lost_an_entry_is_not_saved_over(bundled, tmp_path):
    path = write_comparison(bundled, _with(BASE, _entry("defer", 0, "A")),
                            tmp_path / "c.denocompare.json")
    a_saved, a_view = _open(bundled, path)
    rewritten = a_view.replace(decisions=D.History((_entry("add", 0, "A"),)))
    before = path.read_bytes()
    with pytest.raises(ExportError, match="cannot be merged"):
        save_comparison(bundled, rewritten, path, a_saved)
    assert path.read_bytes() == before


def test_an_unreadable_record_is_refused_and_never_saved_over(bundled, tmp_path):
    path = write_comparison(bundled, _with(BASE, _entry("defer", 0, "A")),
                            tmp_path / "c.denocompare.json")
    data = json.loads(path.read_text())
    del data["decisions"][0]["effective"]
    path.write_text(json.dumps(data))
    with pytest.raises(ComparisonFileError, match="decision record cannot be read"):
        read_comparison(path)
    before = path.read_bytes()
    with pytest.raises(ExportError, match="saving over it would lose it"):
        write_comparison(bundled, BASE, path)
    assert path.read_bytes() == before


def test_unreadable_criteria_are_said_and_the_rest_opens(bundled, tmp_path):
    path = write_comparison(bundled, BASE, tmp_path / "c.denocompare.json")
    data = json.loads(path.read_text())
    data["criteria"] = {"weights": {"indications": "heavy"}}
    path.write_text(json.dumps(data))
    view, notes = read_comparison(path).open_on(bundled)
    assert view.criteria is None and view.reference == "prolia"
    assert notes == ["In this file, its criteria were not opened (weight of indications: "
                     "'heavy' is not a number)."]


def test_a_budget_only_the_other_member_entered_is_kept_with_my_entry(bundled, tmp_path):
    from pathlib import Path

    from denocompare.io.budget_inputs import read_budget_inputs

    example = Path(__file__).resolve().parents[2] / "examples" / "budget_illustrative.csv"
    budget = read_budget_inputs(example, ds=bundled)
    path = write_comparison(bundled, View(budget.reference, tuple(budget.products[1:])),
                            tmp_path / "c.denocompare.json")
    a_saved, a_view = _open(bundled, path)
    b_saved, b_view = _open(bundled, path)
    save_comparison(bundled, b_view.replace(budget=budget), path, b_saved)
    _p, written, merged = save_comparison(bundled, _with(a_view, _entry("add", 1, "A")),
                                          path, a_saved)
    assert merged.theirs_kept == ("budget_records",)
    assert written.budget == budget and len(written.decisions.entries) == 1
    view, notes = read_comparison(path).open_on(bundled)
    assert view.budget == budget and notes == []
