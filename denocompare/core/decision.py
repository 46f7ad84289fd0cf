"""The committee's decision record: an append-only history of dated entries.

An entry says what the committee decided (add / add with restrictions / do not add /
defer), on which question, for which product(s), on what conditions, from when, when
to look again (by default twelve months on), who was there with their declared
conflicts of interest, and free notes. Entries are never rewritten: a new decision is a
new entry. Two members who saved the same comparison file meanwhile each added entries;
``merge`` keeps both histories (entries are identified by their content's hash), and
refuses a history in which an entry of the other was changed or removed.

Qt-free: the Decision tab, the saved comparison file and ``denocompare decision`` use it
the same way.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import json
from dataclasses import asdict, dataclass, field
from typing import Any

DECISIONS = ("add", "add with restrictions", "do not add", "defer")
#: The re-review date when none is given: the committee reviews each class yearly.
REVIEW_MONTHS = 12


class DecisionError(ValueError):
    """An entry or a history that cannot be recorded; ``problems`` lists every reason."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        super().__init__("; ".join(self.problems))


@dataclass(frozen=True)
class Member:
    name: str
    conflicts: str = ""  # the member's declaration, in their words ("none declared")


@dataclass(frozen=True)
class Entry:
    """One decision as recorded. Dates are ISO text (YYYY-MM-DD); ``recorded_at`` is
    the UTC time it was recorded (ISO, seconds)."""

    question: str
    decision: str
    effective: str
    recorded_at: str
    preferred: tuple[str, ...] = ()
    conditions: str = ""
    rereview: str = ""
    members: tuple[Member, ...] = ()
    notes: str = ""
    recorded_by: str = ""

    @property
    def entry_id(self) -> str:
        """A hash of the entry's content: the same entry, the same id, in any file."""
        text = json.dumps(to_dict(self), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(text.encode()).hexdigest()[:16]


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by whole months; the 31st becomes the month's last day."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _date(text: str, field_name: str, problems: list[str]) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        problems.append(f"{field_name}: '{text}' is not a date; write it as YYYY-MM-DD, "
                        "e.g. 2026-12-01")
        return None


def new_entry(question: str, decision: str, effective: str, *, now: dt.datetime | None = None,
              products: tuple[str, ...] | None = None, **fields: Any) -> Entry:
    """A checked entry, recorded now; the re-review date defaults to 12 months on.

    Raises ``DecisionError`` listing every problem (a missing question, a decision not
    among ``DECISIONS``, an effective date that is not a date, a re-review before it,
    a preferred product not in the comparison, a member without a name).
    """
    problems: list[str] = []
    if not question.strip():
        problems.append("question: say what the committee was asked")
    if decision not in DECISIONS:
        problems.append(f"decision: '{decision}' is not one of {', '.join(DECISIONS)}")
    day = _date(effective, "effective date", problems) if effective.strip() else None
    if not effective.strip():
        problems.append("effective date: a decision needs the date it takes effect")
    rereview = fields.pop("rereview", "") or ""
    review_day = _date(rereview, "re-review date", problems) if rereview.strip() else None
    if day and review_day and review_day <= day:
        problems.append(f"re-review date: {rereview} is not after the effective date "
                        f"{effective}")
    preferred = tuple(fields.pop("preferred", ()) or ())
    if products is not None:
        problems += [f"preferred product: '{p}' is not in the comparison"
                     for p in preferred if p not in products]
    members = tuple(fields.pop("members", ()) or ())
    problems += [f"member {i}: a member needs a name" for i, m in enumerate(members, 1)
                 if not m.name.strip()]
    if problems:
        raise DecisionError(problems)
    assert day is not None
    stamp = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(microsecond=0)
    return Entry(question.strip(), decision, day.isoformat(), stamp.isoformat(),
                 preferred=preferred, members=members,
                 rereview=(review_day or add_months(day, REVIEW_MONTHS)).isoformat(),
                 **fields)


@dataclass(frozen=True)
class History:
    """The entries in the order they were recorded; only ever appended to."""

    entries: tuple[Entry, ...] = field(default=())

    def append(self, entry: Entry) -> History:
        return History(self.entries + (entry,))

    @property
    def latest(self) -> Entry | None:
        return self.entries[-1] if self.entries else None

    def ids(self) -> list[str]:
        return [e.entry_id for e in self.entries]


def merge(base: History, mine: History, theirs: History) -> History:
    """Both members' entries, in the order recorded, each once.

    ``base`` is the history when the file was opened, ``mine`` what this window adds,
    ``theirs`` what is in the file now. Raises ``DecisionError`` if either rewrote or
    removed an entry of ``base`` (an append-only history never loses one).
    """
    problems = []
    for name, hist in (("this window's", mine), ("the file's", theirs)):
        if hist.ids()[:len(base.entries)] != base.ids():
            problems.append(f"{name} history no longer begins with the entries the file "
                            "had when it was opened: an earlier entry was changed or "
                            "removed")
    if problems:
        raise DecisionError(problems)
    seen = set(base.ids())
    added = []
    for entry in theirs.entries[len(base.entries):] + mine.entries[len(base.entries):]:
        if entry.entry_id not in seen:
            seen.add(entry.entry_id)
            added.append(entry)
    added.sort(key=lambda e: e.recorded_at)  # stable: ties keep the file's first
    return History(base.entries + tuple(added))


def to_dict(entry: Entry) -> dict[str, Any]:
    data = asdict(entry)
    data["preferred"] = list(entry.preferred)
    data["members"] = [asdict(m) for m in entry.members]
    return data


def history_to_list(history: History) -> list[dict[str, Any]]:
    return [to_dict(e) for e in history.entries]


def history_from_list(items: Any) -> History:
    """Read a saved history; ``DecisionError`` naming each entry that cannot be read."""
    if items is None:
        return History()
    if not isinstance(items, list):
        raise DecisionError(["decision history: not a list of entries"])
    entries, problems = [], []
    for i, item in enumerate(items, 1):
        try:
            entries.append(_entry_from(item))
        except (TypeError, ValueError) as err:
            problems.append(f"decision history, entry {i}: cannot be read ({err})")
    if problems:
        raise DecisionError(problems)
    return History(tuple(entries))


#: What an entry cannot be without, in the words a message uses.
_REQUIRED = {"question": "the question", "decision": "the decision",
             "effective": "the effective date", "recorded_at": "when it was recorded"}


def _entry_from(item: Any) -> Entry:
    if not isinstance(item, dict):
        raise TypeError("not a record")
    missing = [w for k, w in _REQUIRED.items() if not isinstance(item.get(k), str)
               or not item[k]]
    if missing:
        raise ValueError(", ".join(missing) + " missing")
    known = {k: v for k, v in item.items() if k in Entry.__dataclass_fields__}
    # A member's null in a hand-edited file is no declaration, not the word "None".
    members = tuple(Member(*("" if m.get(k) is None else str(m[k]) for k in ("name", "conflicts")))
                    for m in known.pop("members", None) or [] if isinstance(m, dict))
    preferred = tuple(str(p) for p in known.pop("preferred", None) or [])
    text = {k: str(v) for k, v in known.items() if v is not None}
    return Entry(text["question"], text["decision"], text["effective"], text["recorded_at"],
                 preferred=preferred, members=members, conditions=text.get("conditions", ""),
                 rereview=text.get("rereview", ""), notes=text.get("notes", ""),
                 recorded_by=text.get("recorded_by", ""))


def record_text(history: History) -> str:
    """The record as plain text, newest first (``denocompare decision``)."""
    if not history.entries:
        return "No decision recorded yet."
    blocks = []
    for e in reversed(history.entries):
        lines = [f"{e.effective}: {e.decision.upper()} (recorded {e.recorded_at}"
                 + (f" by {e.recorded_by}" if e.recorded_by else "") + ")",
                 f"  Question: {e.question}"]
        if e.preferred:
            lines.append(f"  Preferred: {', '.join(e.preferred)}")
        if e.conditions:
            lines.append(f"  Conditions: {e.conditions}")
        lines.append(f"  Re-review by: {e.rereview}")
        for m in e.members:
            declared = m.conflicts or "no declaration recorded"
            lines.append(f"  Present: {m.name} (conflicts: {declared})")
        if e.notes:
            lines.append(f"  Notes: {e.notes}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)
