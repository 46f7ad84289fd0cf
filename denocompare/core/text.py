"""How a cell's value is written as text: one way for every table, the report, the CLI."""

from __future__ import annotations

import pandas as pd


def is_blank(value: object) -> bool:
    """No value: None, NA or NaN (an empty string is a value, if an empty one)."""
    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))


def cell_text(value: object, unit: str = "") -> str:
    """``value`` as text: '' when blank, numbers without trailing zeros, the unit after.

    ``60.0 -> '60'``, ``1.7 -> '1.7'``, ``(60.0, 'mg') -> '60 mg'``; a difference of -0.0
    reads '0', not '-0'.
    """
    if is_blank(value):
        return ""
    if isinstance(value, float):
        text = f"{value + 0.0:g}"  # + 0.0 turns -0.0 into 0.0
    else:
        text = str(value)
    return f"{text} {unit}" if unit else text
