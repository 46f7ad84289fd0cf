"""How one attribute value is shown and compared: its date kind, its status date, its
structured value and the strength of the sources under it.

Kept apart from ``compare`` so that the window, the report and the exports word a date
the same way: an announcement is never shown as the decision it announces.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from denocompare.core import schema as S

#: What the event is called in "…; <event> date not in source".
_EVENT = {
    "EC decision": "EC decision",
    "CHMP opinion": "CHMP opinion",
    "FDA approval": "FDA approval",
    "interchangeability effective": "effective",
    "launch": "launch",
}
#: A structured value: (number, unit, code), each ``None`` when not given.
Key = tuple[float | None, str | None, str | None]


def _text(value: object) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return str(value).strip()


def date_kind(attribute: str, given: object) -> str:
    """The row's date kind, or the attribute's own when the row names none."""
    return _text(given) or S.DATE_KIND_OF.get(attribute, "")


def display_value(attribute: str, value: str, kind: object = None, as_of: object = None
                  ) -> str:
    """The value as the app shows it.

    A date whose kind is an announcement or a publication is shown as such, with the
    event it stands in for marked as not in the source; a status carries its date.
    """
    if attribute in S.DATE_KIND_OF:
        kind_text = date_kind(attribute, kind)
        event = _EVENT[S.DATE_KIND_OF[attribute]]
        if kind_text == "announcement":
            return f"announced {value}; {event} date not in source"
        if kind_text == "publication":
            return f"reported {value} (publication date); {event} date not in source"
        return value
    when = _text(as_of)
    if when:
        verb = {"announcement": "announced", "publication": "reported"}.get(_text(kind), "as of")
        return f"{value} ({verb} {when})"
    return value


def is_decision(attribute: str, kind: object) -> bool:
    """Whether the row's date is the decision/event itself (not a stand-in for it)."""
    return attribute in S.DATE_KIND_OF and date_kind(attribute, kind) not in S.PROXY_DATE_KINDS


def structured_key(number: object, unit: object, code: object) -> Key | None:
    """The structured value of a row, or ``None`` when it has none."""
    n = None if number is None or pd.isna(number) else float(str(number))
    u, c = _text(unit) or None, (_text(code).lower() or None)
    if n is None and u is None and c is None:
        return None
    return (n, u, c)


def same_structured(a: Key, b: Key) -> bool | None:
    """Whether two structured values agree on every facet both give (``None``: no
    facet in common, so the wording must be compared)."""
    shared = False
    if a[0] is not None and b[0] is not None:
        shared = True
        if (a[0], a[1]) != (b[0], b[1]):
            return False
    if a[2] is not None and b[2] is not None:
        shared = True
        if a[2] != b[2]:
            return False
    return True if shared else None


def key_text(key: Key | None) -> str:
    """'pre-filled syringe, 1 mL' — a structured value as the details pane shows it."""
    if key is None:
        return ""
    parts = [key[2] or ""]
    if key[0] is not None:
        parts.append(f"{key[0]:g} {key[1] or ''}".strip())
    return ", ".join(p for p in parts if p)


def weakness(kinds: list[str]) -> str:
    """'' when any source is stronger than a secondary copy; else what they all are."""
    if not kinds or any(k not in S.WEAK_SOURCE_KINDS for k in kinds):
        return ""
    if all(k == "low quality" for k in kinds):
        return "low-quality source only"
    return "secondary sources only"


def strongest(kinds: list[str]) -> str:
    """The strongest kind among ``kinds`` (the vocabulary lists them strongest first)."""
    ranked = [k for k in S.SOURCE_KINDS if k in kinds]
    return ranked[0] if ranked else ""


def row_get(rec: Any, name: str) -> object:
    """A column of an ``itertuples`` row that may be absent (older frames)."""
    return getattr(rec, name, None)
