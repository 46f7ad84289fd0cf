"""Bad input on the Decision tab's side of a comparison file (issue 16): a file from
another dataset, criteria whose weights are not numbers, a record entry without a date.
Each gets a clear message, and nothing already recorded in the window is lost."""

from __future__ import annotations

import json

from denocompare.core import decision as D
from denocompare.core.criteria import Settings
from denocompare.core.saved import SavedComparison
from denocompare.core.view import View
from denocompare.io.comparison_file import read_comparison

MINE = D.new_entry("This window's question", "defer", "2026-12-01")
THEIRS = D.new_entry("Another dataset's question", "add", "2026-11-01")


def _recorded(window):
    window.model.set_view(View("prolia", ("kefdensis", "obodence"),
                               criteria=Settings(weights=(("latex", 7.0),)),
                               decisions=D.History((MINE,))))
    return window.model.view


def _file(tmp_path, ds, view, **edit):
    data = json.loads(SavedComparison.of(ds, view).to_json())
    # The dataset it was made on is not here: it opens on the window's dataset.
    data["dataset"]["path"] = str(tmp_path / "gone")
    for key, value in edit.items():
        data[key] = value
    path = tmp_path / "other.denocompare.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_another_datasets_record_is_refused_and_this_windows_is_kept(window, qtbot, mini,
                                                                     messages, tmp_path):
    before = _recorded(window)
    theirs = View("prolia", ("stoboclo",), criteria=Settings(weights=(("latex", 1.0),)),
                  decisions=D.History((THEIRS,)))
    path = _file(tmp_path, mini, theirs)
    assert window.comparisons.open(str(path))
    qtbot.waitUntil(lambda: window.model.view.comparators == ("stoboclo",), timeout=5000)
    view = window.model.view
    assert view.decisions == before.decisions and view.criteria == before.criteria
    said = "\n".join(m for _k, _t, m in messages)
    assert "DenoCompare test fixture (mini) 0.1-test" in said
    assert f"{window.dataset.name} {window.dataset.version}" in said  # the bundled one
    assert "decision record were not opened" in said and "already in this window" in said
    # ... and saving onto that file would mix two datasets' records: refused, unchanged.
    content = path.read_bytes()
    assert window.comparisons.save(str(path)) is None
    assert path.read_bytes() == content
    assert "would mix the two datasets' decisions" in messages[-1][2]
    assert [e.question for e in read_comparison(path).decisions.entries] == \
        ["Another dataset's question"]


def test_weights_that_are_not_numbers_are_named_and_the_windows_criteria_kept(
        window, qtbot, bundled, messages, tmp_path):
    before = _recorded(window)
    path = _file(tmp_path, bundled, View("prolia", ("stoboclo",)),
                 criteria={"weights": {"latex": "heavy"}})
    assert window.comparisons.open(str(path))
    qtbot.waitUntil(lambda: window.model.view.comparators == ("stoboclo",), timeout=5000)
    assert window.model.view.criteria == before.criteria
    said = "\n".join(m for _k, _t, m in messages)
    assert "weight of latex: 'heavy' is not a number" in said
    assert "criteria already in this window are kept" in said


def test_a_record_entry_without_a_date_refuses_the_file_and_changes_nothing(
        window, bundled, messages, tmp_path):
    before = _recorded(window)
    record = D.history_to_list(D.History((THEIRS,)))
    del record[0]["effective"]
    path = _file(tmp_path, bundled, View("prolia", ("stoboclo",)), decisions=record)
    assert not window.comparisons.open(str(path))
    assert messages[-1][:2] == ("warn", "Comparison not opened")
    assert "decision history, entry 1: cannot be read (the effective date missing)" \
        in messages[-1][2]
    assert window.model.view == before
