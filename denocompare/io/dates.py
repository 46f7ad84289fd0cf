"""Dates as the dataset writes them (YYYY-MM-DD, YYYY-MM or YYYY), and what to say
about a date written another way."""

from __future__ import annotations

import datetime as _dt
import re

_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
#: Numeric ways people write dates, tried only to suggest the ISO spelling.
_OTHER_FORMATS = ("%d/%m/%Y", "%m/%d/%Y", "%d.%m.%Y", "%Y.%m.%d", "%Y/%m/%d", "%d-%m-%Y",
                  "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S")
#: English month names, matched by hand: strptime's %b follows the locale, which Qt
#: sets from the desktop, so "Nov" would stop matching on a German system.
_MONTHS = {m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul",
                                       "aug", "sep", "oct", "nov", "dec"), start=1)}
_NAMED = (re.compile(r"(?P<m>[A-Za-z]{3,9})\.?\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>\d{4})"),
          re.compile(r"(?P<d>\d{1,2})(?:st|nd|rd|th)?\.?\s+(?P<m>[A-Za-z]{3,9})\.?,?\s+(?P<y>\d{4})"))


def valid_date(text: str) -> bool:
    """True for YYYY-MM-DD, YYYY-MM or YYYY with a real month and day, 1900-2100."""
    m = _DATE_RE.match(text)
    if not m:
        return False
    year, month, day = (int(g) if g else 1 for g in m.groups())
    try:
        _dt.date(year, month, day)
    except ValueError:
        return False
    return 1900 <= year <= 2100


def date_message(value: str, subject: str = "") -> str:
    """Why ``value`` is not a date, with the ISO spelling when only one reading fits;
    ``subject`` (an attribute's name) says what it is not a date for."""
    short = value if len(value) <= 60 else value[:60] + "…"
    what = f" for {subject}" if subject else ""
    head = f"'{short}' is not a date{what}; write it as YYYY-MM-DD (e.g. 2025-11-17), or YYYY-MM " \
           "if the source gives no day"
    iso = _DATE_RE.match(value)
    if iso and not 1900 <= int(iso.group(1)) <= 2100:
        return f"'{short}' is outside the years 1900-2100; check the year"
    if iso:
        return f"'{short}' is not a real date; check the month and day"
    readings = _readings(value.strip())
    if len(readings) == 1:
        return f"{head}. Did you mean {readings.pop().isoformat()}?"
    if len(readings) > 1:
        options = " or ".join(sorted(d.isoformat() for d in readings))
        return f"{head}. Day and month are ambiguous here ({options})"
    return head


def _readings(value: str) -> set[_dt.date]:
    found = set()
    for fmt in _OTHER_FORMATS:
        try:
            found.add(_dt.datetime.strptime(value, fmt).date())
        except ValueError:
            continue
    for pattern in _NAMED:
        m = pattern.fullmatch(value)
        month = _MONTHS.get(m.group("m")[:3].lower()) if m else None
        if m and month:
            try:
                found.add(_dt.date(int(m.group("y")), month, int(m.group("d"))))
            except ValueError:
                continue
    return found
