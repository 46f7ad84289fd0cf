"""The decision record's rules at their edges (core/decision.py), beyond
tests/core/test_decision.py: dates as written, the default re-review across a year
end, the record read back from an edited file, ties in a merge, and the text."""

from __future__ import annotations

import datetime as dt

import pytest

from denocompare.core import decision as D

NOW = dt.datetime(2026, 12, 1, 14, 0, 5, tzinfo=dt.UTC)


def entry(decision="add", effective="2026-12-01", now=NOW, **kw):
    return D.new_entry("Add Kefdensis for PMO?", decision, effective, now=now, **kw)


# --- dates ------------------------------------------------------------------------------
@pytest.mark.parametrize("day, months, expected", [
    (dt.date(2026, 12, 31), 1, dt.date(2027, 1, 31)),   # across the year end
    (dt.date(2026, 12, 1), 12, dt.date(2027, 12, 1)),
    (dt.date(2026, 1, 1), 11, dt.date(2026, 12, 1)),    # December, not month 0
    (dt.date(2026, 1, 1), 24, dt.date(2028, 1, 1)),
    (dt.date(2026, 3, 31), 1, dt.date(2026, 4, 30)),    # a 30-day month
    (dt.date(2027, 1, 29), 1, dt.date(2027, 2, 28)),    # not a leap year
    (dt.date(2028, 1, 31), 1, dt.date(2028, 2, 29)),    # a leap year
    (dt.date(2026, 5, 15), 0, dt.date(2026, 5, 15)),
])
def test_months_are_added_as_on_a_calendar(day, months, expected):
    assert D.add_months(day, months) == expected


def test_the_default_re_review_is_twelve_months_on_across_a_year_end():
    assert D.REVIEW_MONTHS == 12
    assert entry(effective="2026-12-31").rereview == "2027-12-31"
    assert entry(effective="2027-01-01").rereview == "2028-01-01"


def test_dates_may_be_written_with_spaces_around_them():
    e = entry(effective=" 2026-12-01 ", rereview=" 2027-06-01 ")
    assert (e.effective, e.rereview) == ("2026-12-01", "2027-06-01")


def test_a_re_review_one_day_after_is_kept_as_given():
    assert entry(effective="2026-12-31", rereview="2027-01-01").rereview == "2027-01-01"


def test_a_re_review_before_the_effective_date_is_refused():
    with pytest.raises(D.DecisionError) as err:
        entry(rereview="2026-11-30")
    assert err.value.problems == [
        "re-review date: 2026-11-30 is not after the effective date 2026-12-01"]


def test_an_entry_without_now_is_stamped_with_the_current_utc_second():
    before = dt.datetime.now(dt.UTC).replace(microsecond=0)
    stamp = dt.datetime.fromisoformat(entry(now=None).recorded_at)
    after = dt.datetime.now(dt.UTC)
    assert stamp.utcoffset() == dt.timedelta(0) and stamp.microsecond == 0
    assert before <= stamp <= after


def test_an_empty_effective_date_is_one_problem_said_once():
    with pytest.raises(D.DecisionError) as err:
        entry(effective="  ")
    assert err.value.problems == ["effective date: a decision needs the date it takes effect"]


def test_the_time_recorded_is_utc_whatever_the_machines_time_zone(monkeypatch):
    time = pytest.importorskip("time")
    if not hasattr(time, "tzset"):
        pytest.skip("no tzset on this platform")
    monkeypatch.setenv("TZ", "Asia/Kolkata")  # UTC+05:30, no summer time
    time.tzset()
    try:
        plus_one = dt.datetime(2026, 12, 1, 15, 0, 5, tzinfo=dt.timezone(dt.timedelta(hours=1)))
        assert entry(now=plus_one).recorded_at == "2026-12-01T14:00:05+00:00"
    finally:
        monkeypatch.undo()
        time.tzset()


def test_what_the_entry_records_is_what_was_given():
    members = (D.Member("A. Chair", "none declared"), D.Member("B. Pharmacist"))
    e = entry("add with restrictions", preferred=["kefdensis"], members=list(members),
              conditions="new patients only", notes="see minutes", recorded_by="C",
              products=("prolia", "kefdensis"))
    assert (e.question, e.decision, e.effective) == (
        "Add Kefdensis for PMO?", "add with restrictions", "2026-12-01")
    assert e.preferred == ("kefdensis",) and e.members == members
    assert (e.conditions, e.notes, e.recorded_by) == ("new patients only", "see minutes", "C")
    assert D.new_entry("  Add X?  ", "defer", "2026-12-01", now=NOW).question == "Add X?"


def test_a_preferred_product_is_checked_only_against_a_comparison_given():
    assert entry(preferred=("anything",)).preferred == ("anything",)
    assert entry(preferred=None, products=()).preferred == ()


# --- the history ------------------------------------------------------------------------
def test_an_empty_history_has_no_latest_entry():
    assert D.History().latest is None and D.History().ids() == []
    one = D.History().append(entry())
    assert one.latest == entry() and D.History().entries == ()  # appending made a new one


def test_entries_saved_at_the_same_second_keep_the_files_first():
    base = D.History()
    mine = base.append(entry(notes="mine"))
    theirs = base.append(entry(notes="theirs"))
    assert [e.notes for e in D.merge(base, mine, theirs).entries] == ["theirs", "mine"]


def test_a_merge_with_nothing_added_is_the_base():
    base = D.History().append(entry())
    assert D.merge(base, base, base) == base


def test_both_histories_rewritten_are_both_named():
    base = D.History().append(entry())
    other = D.History((entry(notes="changed"),))
    with pytest.raises(D.DecisionError) as err:
        D.merge(base, other, D.History())
    assert [p.split(" history")[0] for p in err.value.problems] == ["this window's",
                                                                    "the file's"]
    assert err.value.problems[1] == (
        "the file's history no longer begins with the entries the file had when it was "
        "opened: an earlier entry was changed or removed")


# --- the saved form ---------------------------------------------------------------------
def test_a_hand_edited_entry_is_read_leniently_where_nothing_is_lost():
    saved = {"question": "Add X?", "decision": "defer", "effective": "2026-12-01",
             "recorded_at": "2026-12-01T14:00:05+00:00", "notes": None, "rereview": None,
             "colour": "blue", "preferred": ["a", 2], "conditions": 3,
             "members": [{"name": "A", "conflicts": None}, "B", {"conflicts": "x"}]}
    (e,) = D.history_from_list([saved]).entries
    assert (e.notes, e.rereview, e.conditions, e.recorded_by) == ("", "", "3", "")
    assert e.preferred == ("a", "2")
    assert e.members == (D.Member("A", ""), D.Member("", "x"))  # null: no declaration


def test_a_saved_entry_with_an_empty_required_field_is_refused():
    good = D.to_dict(entry())
    for key, words in (("question", "the question"), ("recorded_at", "when it was recorded")):
        with pytest.raises(D.DecisionError) as err:
            D.history_from_list([{**good, key: ""}])
        assert err.value.problems == [f"decision history, entry 1: cannot be read ({words} "
                                      "missing)"]
    with pytest.raises(D.DecisionError, match=r"\(the decision missing\)"):
        D.history_from_list([{**good, "decision": 3}])


def test_the_saved_form_is_plain_lists_and_records():
    e = entry(members=(D.Member("A", "none"),), preferred=("kefdensis",))
    data = D.to_dict(e)
    assert data["members"] == [{"name": "A", "conflicts": "none"}]
    assert data["preferred"] == ["kefdensis"]
    assert D.history_to_list(D.History((e,))) == [data]
    assert len(e.entry_id) == 16 and int(e.entry_id, 16) >= 0


def test_the_record_as_text_says_every_part_of_an_entry():
    e = entry("add with restrictions", preferred=("kefdensis", "stoboclo"),
              conditions="new patients", notes="see minutes", recorded_by="C",
              members=(D.Member("A. Chair", "none declared"), D.Member("B")))
    assert D.record_text(D.History((e,))) == "\n".join([
        "2026-12-01: ADD WITH RESTRICTIONS (recorded 2026-12-01T14:00:05+00:00 by C)",
        "  Question: Add Kefdensis for PMO?",
        "  Preferred: kefdensis, stoboclo",
        "  Conditions: new patients",
        "  Re-review by: 2027-12-01",
        "  Present: A. Chair (conflicts: none declared)",
        "  Present: B (conflicts: no declaration recorded)",
        "  Notes: see minutes"])
    plain = D.record_text(D.History((entry(), entry("defer"))))
    assert plain == "\n".join([
        "2026-12-01: DEFER (recorded 2026-12-01T14:00:05+00:00)",
        "  Question: Add Kefdensis for PMO?", "  Re-review by: 2027-12-01", "",
        "2026-12-01: ADD (recorded 2026-12-01T14:00:05+00:00)",
        "  Question: Add Kefdensis for PMO?", "  Re-review by: 2027-12-01"])


def test_an_entry_with_every_field_filled_round_trips():
    e = entry("add with restrictions", rereview="2027-06-01", preferred=("kefdensis",),
              members=(D.Member("A", "none declared"),), conditions="new patients",
              notes="see minutes", recorded_by="C")
    assert D.history_from_list(D.history_to_list(D.History((e,)))) == D.History((e,))


def test_a_saved_entry_with_only_what_it_cannot_be_without_is_read():
    (e,) = D.history_from_list([{"question": "Add X?", "decision": "defer",
                                 "effective": "2026-12-01",
                                 "recorded_at": "2026-12-01T14:00:05+00:00"}]).entries
    assert (e.preferred, e.members, e.conditions, e.rereview, e.notes, e.recorded_by) == (
        (), (), "", "", "", "")


def test_every_problem_is_in_the_error_text_in_order():
    assert str(D.DecisionError(["first", "second"])) == "first; second"
    with pytest.raises(D.DecisionError) as err:
        D.history_from_list("entries")
    assert err.value.problems == ["decision history: not a list of entries"]
