"""Equivalence verdicts: each result's CI against each margin that applies to it.

A result is a difference (biosimilar minus reference) or a ratio (biosimilar /
reference); its CI has any level and one or two sides. A margin is the one stated with
the result (no regulator named) or a ``study_margins`` row of one regulator, judged at
its own CI level. The verdict is computed from the numbers, per margin, and never taken
from the source's words: those are quoted beside it (``stated``).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from denocompare.core.text import cell_text, is_blank

# The three kinds of verdict, visibly different wherever they are shown.
WITHIN = "CI within margin"
CROSSES = "CI crosses margin"
NOT_COMPUTABLE = "not computable: CI or margin not reported"
#: Not a verdict: the regulator accepted the biosimilar without this study, or none ran.
WAIVED = "study waived"
NOT_PERFORMED = "study not performed"
KINDS = (WITHIN, CROSSES, NOT_COMPUTABLE, WAIVED, NOT_PERFORMED)

_MARGIN_COLUMNS = ("margin_low", "margin_high")


def _num(value: Any) -> float | None:
    if is_blank(value):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if pd.isna(number) else number


def judge(ci_low: Any, ci_high: Any, margin_low: Any, margin_high: Any,
          sides: Any = "two-sided") -> str:
    """WITHIN, CROSSES or NOT_COMPUTABLE: the CI against one margin.

    Two-sided: both limits and both margins are needed, and the CI is within when
    ``margin_low <= ci_low`` and ``ci_high <= margin_high`` (a limit exactly on the
    margin is within). One-sided: the one limit named and the margin on that side.
    The same rule holds for a ratio: its numbers are on the ratio scale.
    """
    lo, hi, m_lo, m_hi = (_num(v) for v in (ci_low, ci_high, margin_low, margin_high))
    side = "two-sided" if is_blank(sides) or not str(sides).strip() else str(sides)
    if side == "one-sided, lower":
        pairs = [(m_lo, lo)]
    elif side == "one-sided, upper":
        pairs = [(hi, m_hi)]
    else:
        pairs = [(m_lo, lo), (hi, m_hi)]
    if any(a is None or b is None for a, b in pairs):
        return NOT_COMPUTABLE
    return WITHIN if all(a <= b for a, b in pairs) else CROSSES  # type: ignore[operator]


def stated(row: Any) -> str:
    """The source's own conclusion, for quoting beside the verdict ('' if none)."""
    quote = row.get("stated_conclusion")
    if isinstance(quote, str) and quote.strip():
        return f"source states: \u201c{quote.strip()}\u201d"
    said = row.get("reported_conclusion")
    if isinstance(said, str) and said.strip():
        return f"source states: {said.strip()}"
    return ""


def margin_name(regulator: Any) -> str:
    """'FDA margin', 'EMA margin'; 'margin' for the one stated with the result."""
    reg = "" if is_blank(regulator) else str(regulator).strip()
    if reg in ("", "not stated"):
        return "margin"
    return f"{reg} margin"


def worded(kind: str, regulator: Any = "") -> str:
    """The verdict's words: 'CI within FDA margin' for a regulator's margin."""
    name = margin_name(regulator)
    if name == "margin" or kind not in (WITHIN, CROSSES):
        return kind
    return kind.replace("margin", name)


def _agrees(margin_value: Any, row_value: Any) -> bool:
    if is_blank(margin_value) or is_blank(row_value):
        return True
    if isinstance(margin_value, str) or isinstance(row_value, str):
        return str(margin_value).strip().lower() == str(row_value).strip().lower()
    return float(margin_value) == float(row_value)


def applies(margin: Any, row: Any) -> bool:
    """A ``study_margins`` row applies to a result row of its study and endpoint whose
    CI level, analysis set and timepoint agree (an empty one agrees with any)."""
    if margin["study_id"] != row["study_id"] or \
            str(margin["endpoint"]).strip() != str(row["endpoint"]).strip():
        return False
    return all(_agrees(margin.get(c), row.get(c))
               for c in ("ci_level", "analysis_set", "timepoint"))


def margins_for(row: Any, margins: pd.DataFrame) -> list[dict]:
    """The margins a result row is judged against: its own (if it states one) and every
    regulator's that applies. Each is a dict of regulator, margin_low, margin_high,
    ci_level, ci_sides, source_id."""
    out = []
    if any(_num(row.get(c)) is not None for c in _MARGIN_COLUMNS):
        out.append({"regulator": "", "margin_low": row.get("margin_low"),
                    "margin_high": row.get("margin_high"), "margin_level": pd.NA,
                    "margin_source": ""})
    if margins.empty:  # most datasets: no per-regulator margins, and many result rows
        return out
    for _i, m in margins[margins["study_id"] == row["study_id"]].iterrows():
        if applies(m, row):
            out.append({"regulator": m["regulator"], "margin_low": m["margin_low"],
                        "margin_high": m["margin_high"], "margin_level": m["ci_level"],
                        "margin_source": m["source_id"]})
    return out


def verdict_of(row: Any, margin: dict | None) -> str:
    """The verdict's words for one result row against one margin (None: no margin)."""
    if margin is None:
        return NOT_COMPUTABLE
    kind = judge(row.get("ci_low"), row.get("ci_high"), margin["margin_low"],
                 margin["margin_high"], row.get("ci_sides"))
    return worded(kind, margin["regulator"])


def kind_of(verdict: str) -> str:
    """Which of ``KINDS`` a verdict's words are ('CI within FDA margin' is WITHIN)."""
    if verdict.startswith("CI within"):
        return WITHIN
    if verdict.startswith("CI crosses"):
        return CROSSES
    return verdict if verdict in KINDS else NOT_COMPUTABLE


def margin_text(margin: dict) -> str:
    """'FDA margin −10 to 10 (90 % CI)', for labels and the report."""
    lo, hi = (cell_text(_num(margin.get(c))) for c in _MARGIN_COLUMNS)
    bounds = f"{lo or 'not reported'} to {hi or 'not reported'}"
    level = _num(margin.get("margin_level"))
    at = f" ({cell_text(level)} % CI)" if level is not None else ""
    return f"{margin_name(margin.get('regulator'))} {bounds}{at}"
