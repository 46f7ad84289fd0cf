"""The decision record (core/decision.py): checked entries, an append-only history,
and the merge of two members' saves. Each rule at its edge."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from denocompare.core import decision as D

NOW = dt.datetime(2026, 12, 1, 14, 0, 5, 123456, tzinfo=dt.UTC)


def entry(decision="add", effective="2026-12-01", now=NOW, **kw):
    return D.new_entry("Add Kefdensis for PMO?", decision, effective, now=now, **kw)


def test_the_re_review_defaults_to_twelve_months_on():
    assert entry().rereview == "2027-12-01"
    assert entry(effective="2028-02-29").rereview == "2029-02-28"  # no 29 February
    assert entry(effective="2026-01-31", rereview="").rereview == "2027-01-31"


def test_months_are_added_to_the_last_day_of_a_short_month():
    assert D.add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert D.add_months(dt.date(2026, 11, 30), 2) == dt.date(2027, 1, 30)
    assert D.add_months(dt.date(2026, 12, 15), 12) == dt.date(2027, 12, 15)


def test_the_time_recorded_is_utc_to_the_second():
    later = dt.datetime(2026, 12, 1, 15, 0, 5, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    assert entry(now=later).recorded_at == "2026-12-01T14:00:05+00:00"
    assert entry().recorded_at == "2026-12-01T14:00:05+00:00"


@pytest.mark.parametrize("decision", D.DECISIONS)
def test_each_of_the_four_decisions_is_accepted(decision):
    assert entry(decision).decision == decision


def test_every_problem_is_listed_at_once():
    with pytest.raises(D.DecisionError) as err:
        D.new_entry("  ", "approve", "1 Dec 2026", now=NOW, rereview="soon",
                    preferred=("kefdensis", "nosuch"), products=("prolia", "kefdensis"),
                    members=(D.Member("A. Chair"), D.Member(" ")))
    assert err.value.problems == [
        "question: say what the committee was asked",
        "decision: 'approve' is not one of add, add with restrictions, do not add, defer",
        "effective date: '1 Dec 2026' is not a date; write it as YYYY-MM-DD, e.g. 2026-12-01",
        "re-review date: 'soon' is not a date; write it as YYYY-MM-DD, e.g. 2026-12-01",
        "preferred product: 'nosuch' is not in the comparison",
        "member 2: a member needs a name",
    ]


def test_a_decision_without_a_date_is_refused():
    with pytest.raises(D.DecisionError, match="a decision needs the date it takes effect"):
        entry(effective=" ")


def test_a_re_review_must_come_after_the_effective_date():
    assert entry(rereview="2026-12-02").rereview == "2026-12-02"
    with pytest.raises(D.DecisionError, match="2026-12-01 is not after the effective date"):
        entry(rereview="2026-12-01")


def test_the_same_content_has_the_same_id_and_any_change_another():
    a, b = entry(), entry()
    assert a.entry_id == b.entry_id
    assert entry(notes="x").entry_id != a.entry_id
    assert entry(now=NOW + dt.timedelta(seconds=1)).entry_id != a.entry_id


def test_a_history_round_trips_through_its_saved_form():
    hist = D.History().append(entry(members=(D.Member("A. Chair", "none declared"),),
                                    preferred=("kefdensis",), conditions="new patients"))
    hist = hist.append(entry("defer", now=NOW + dt.timedelta(days=1)))
    again = D.history_from_list(D.history_to_list(hist))
    assert again == hist
    assert again.latest.decision == "defer"


def test_an_unreadable_saved_entry_is_named_and_nothing_half_read():
    good = D.history_to_list(D.History().append(entry()))[0]
    with pytest.raises(D.DecisionError) as err:
        D.history_from_list([good, {"question": "q"}, "text"])
    assert err.value.problems == [
        "decision history, entry 2: cannot be read (the decision, the effective date, "
        "when it was recorded missing)",
        "decision history, entry 3: cannot be read (not a record)"]
    with pytest.raises(D.DecisionError, match="not a list"):
        D.history_from_list({"a": 1})
    assert D.history_from_list(None) == D.History()


def _three():
    base = D.History().append(entry())
    mine = base.append(entry("defer", now=NOW + dt.timedelta(hours=2)))
    theirs = base.append(entry("do not add", now=NOW + dt.timedelta(hours=1)))
    return base, mine, theirs


def test_two_members_entries_are_both_kept_in_the_order_recorded():
    base, mine, theirs = _three()
    merged = D.merge(base, mine, theirs)
    assert [e.decision for e in merged.entries] == ["add", "do not add", "defer"]


def test_an_entry_both_saved_is_kept_once():
    base, mine, _ = _three()
    assert D.merge(base, mine, mine) == mine


def test_a_history_that_rewrote_an_earlier_entry_is_refused():
    base, mine, _ = _three()
    rewritten = D.History((entry(notes="changed later"),))
    with pytest.raises(D.DecisionError, match="the file's history no longer begins"):
        D.merge(base, mine, rewritten)
    with pytest.raises(D.DecisionError, match="this window's history no longer begins"):
        D.merge(base, D.History(), mine)


@settings(deadline=None)  # a loaded machine is not a failure
@given(st.lists(st.integers(0, 10_000), max_size=6), st.lists(st.integers(0, 10_000),
                                                             max_size=6))
def test_a_merge_loses_no_entry_and_keeps_the_order_recorded(mine_s, theirs_s):
    base = D.History().append(entry())
    mine, theirs = base, base
    for s in mine_s:
        mine = mine.append(entry(now=NOW + dt.timedelta(seconds=s + 1), notes="m"))
    for s in theirs_s:
        theirs = theirs.append(entry(now=NOW + dt.timedelta(seconds=s + 1), notes="t"))
    merged = D.merge(base, mine, theirs)
    assert set(merged.ids()) == set(mine.ids()) | set(theirs.ids())
    assert len(merged.ids()) == len(set(merged.ids()))
    stamps = [e.recorded_at for e in merged.entries]
    assert stamps == sorted(stamps)


def test_the_record_reads_newest_first():
    hist = D.History().append(entry(members=(D.Member("A. Chair"),)))
    hist = hist.append(entry("defer", now=NOW + dt.timedelta(days=1), recorded_by="B"))
    text = D.record_text(hist)
    assert text.index("DEFER") < text.index("ADD")
    assert "recorded 2026-12-02T14:00:05+00:00 by B" in text
    assert "Present: A. Chair (conflicts: no declaration recorded)" in text
    assert D.record_text(D.History()) == "No decision recorded yet."
