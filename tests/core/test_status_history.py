"""A status is true as of a date: a later status is a history, not sources that differ.

Rule (core/compare.py ``_history``): rows of a status attribute that differ are shown
as a conflict ("sources differ") unless every row gives its as-of date, the dates all
differ, and the row shown first is the latest. After an import replaces "not launched
as of 2025-10-29" with "discontinued as of 2026-11", the cell shows the new status,
compared as any other, and keeps the old one in its details.
"""

from __future__ import annotations

import pandas as pd
import pytest

from denocompare.core import compare as C
from denocompare.core.dataset import Dataset
from denocompare.core.view import View

ROW = "US market status"


def _with(bundled, rows, old_preferred="no", old_as_of="2025-10-29"):
    a = bundled["attributes"].copy()
    old = (a["product_id"] == "xbryk") & (a["attribute"] == "us_market_status")
    assert old.sum() == 1
    a.loc[old, "preferred"] = old_preferred
    a.loc[old, "as_of"] = old_as_of
    new = pd.DataFrame([{**{c: None for c in a.columns}, "product_id": "xbryk",
                         "region": "US", "attribute": "us_market_status", "source_id": "S68",
                         **r} for r in rows])
    tables = dict(bundled.tables)
    tables["attributes"] = pd.concat([a, new], ignore_index=True)
    return Dataset(tables, origin="test")


def _cell(ds):
    t = C.attribute_table(ds, View("xgeva", ("xbryk",)))
    return t.values.loc[ROW, "Xbryk"], t.states.loc[ROW, "Xbryk"], t.details.loc[ROW, "Xbryk"]


def test_a_later_status_shown_first_is_a_history(bundled):
    ds = _with(bundled, [{"value": "discontinued", "preferred": "yes", "as_of": "2026-11"}])
    value, state, details = _cell(ds)
    assert state != C.CONFLICT and "sources differ" not in value
    assert value.startswith("discontinued")
    assert "not launched" in details  # the earlier status is still there, with its source


@pytest.mark.parametrize("rows, old_pref, old_as_of", [
    # the same date: two sources disagree about one moment
    ([{"value": "discontinued", "preferred": "yes", "as_of": "2025-10-29"}], "no", "2025-10-29"),
    # the earlier status shown first: the newer one is not taken as the truth
    ([{"value": "discontinued", "preferred": "no", "as_of": "2026-11"}], "yes", "2025-10-29"),
    # a row without its as-of date cannot be placed in time
    ([{"value": "discontinued", "preferred": "yes", "as_of": None}], "no", "2025-10-29"),
    ([{"value": "discontinued", "preferred": "yes", "as_of": "2026-11"}], "no", None),
])
def test_differing_statuses_not_placed_in_time_still_differ(bundled, rows, old_pref, old_as_of):
    ds = _with(bundled, rows, old_pref, old_as_of)
    value, state, _details = _cell(ds)
    assert state == C.CONFLICT and value.endswith("(sources differ)")


def test_three_rows_are_a_history_only_if_the_latest_is_shown(bundled):
    later = [{"value": "launched", "preferred": "no", "as_of": "2026-03"},
             {"value": "discontinued", "preferred": "yes", "as_of": "2026-11"}]
    assert _cell(_with(bundled, later))[1] != C.CONFLICT
    middle = [{"value": "launched", "preferred": "yes", "as_of": "2026-03"},
              {"value": "discontinued", "preferred": "no", "as_of": "2026-11"}]
    assert _cell(_with(bundled, middle))[1] == C.CONFLICT


def test_dates_of_one_event_that_differ_are_still_a_conflict(bundled):
    # Not a status: two sources giving two dates for one EC decision disagree.
    t = C.attribute_table(bundled, View("prolia", ("kefdensis",)))
    row = [i for i in t.values.index if i.startswith("EU authorisation")][0]
    assert t.states.loc[row, "Kefdensis"] == C.CONFLICT
    assert not C._history("eu_authorisation_date",
                          [("a", "", "", True, None, "2025-11-17"),
                           ("b", "", "", False, None, "2025-11-24")])


def test_with_no_row_marked_preferred_the_first_is_the_one_shown():
    # (text, source, note, preferred, key, as-of): the first row is shown when none is
    # marked, so the history holds only if the first is the latest
    first_latest = [("discontinued", "S2", "", False, None, "2026-11"),
                    ("launched", "S1", "", False, None, "2025-10")]
    assert C._history("us_market_status", first_latest)
    assert not C._history("us_market_status", first_latest[::-1])
