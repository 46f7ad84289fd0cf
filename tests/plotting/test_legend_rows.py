"""A chart's legend takes at most MAX_LEGEND_ROWS rows above the plot, whatever the number
of entries and however few columns fit: past that it shows the first ones and an entry
that counts the rest."""

from __future__ import annotations

import pytest
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from denocompare.plotting import style as St

ROWS = St.MAX_LEGEND_ROWS


def _legend(n: int, width_in: float, label: str, ncols: int = 2) -> tuple[list[str], int]:
    fig = Figure(figsize=(width_in, 4.5), layout="constrained")
    ax = fig.add_subplot()
    handles = [Line2D([], [], marker="o", label=f"{label} {i + 1}") for i in range(n)]
    St.add_legend(ax, handles, ncols=ncols)
    legend = ax.get_legend()
    return [t.get_text() for t in legend.get_texts()], legend._ncols


def test_when_only_one_column_fits_the_legend_still_takes_at_most_its_rows():
    # Two columns of these do not fit 4 in: one does, so 4 entries, not 8 in 8 rows.
    long = "Biosimilar with a long brand name and its study arm, dose and population"
    texts, cols = _legend(31, 4.0, long)
    assert cols == 1
    assert len(texts) == ROWS
    assert texts[-1] == f"\u2026 and {31 - (ROWS - 1)} more"


@pytest.mark.parametrize("n, shown, last", [
    (2 * ROWS, 2 * ROWS, "P 8"),                 # exactly the room: every entry, no count
    (2 * ROWS + 1, 2 * ROWS, "\u2026 and 2 more"),  # one past it: the last two counted
])
def test_the_room_is_every_column_s_rows_and_one_past_it_counts_the_rest(n, shown, last):
    texts, cols = _legend(n, 10.0, "P")
    assert cols == 2
    assert len(texts) == shown
    assert texts[-1] == last


def test_a_short_legend_is_shown_whole():
    texts, _cols = _legend(3, 10.0, "P")
    assert texts == ["P 1", "P 2", "P 3"]
