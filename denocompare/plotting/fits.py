"""Text sized to the room it has, measured in the house font: tick labels, values
over bars, legends. Kept apart from ``style`` (the palette and the fixed sizes)."""

from __future__ import annotations

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.textpath import text_to_path


def figure_of(ax: Axes) -> Figure:
    """The figure an axes is drawn on (the root one, were it in a subfigure)."""
    fig = ax.figure
    while not isinstance(fig, Figure):
        fig = fig.figure
    return fig


def widest_line_pt(text: str, size: float, weight: str = "normal") -> float:
    """The width in points of the longest line of ``text`` at ``size`` points, measured
    in the house font (not counted in characters)."""
    font = FontProperties(size=100.0, weight=weight)  # widths scale with the size
    widest = max((text_to_path.get_text_width_height_descent(line, font, ismath=False)[0]
                  for line in text.split("\n") if line), default=0.0)
    return widest * size / 100.0


def fit_font(text: str, room_pt: float, largest: float,
             smallest: float = 6.0) -> float:
    """The size, from ``largest`` down to ``smallest``, at which the longest line of
    ``text`` fits ``room_pt`` points."""
    widest = widest_line_pt(text, 1.0)
    return max(smallest, min(largest, room_pt / max(widest, 1e-6)))


def legend_fit(fig: Figure, labels: list[str], cols: int,
               share: float = 0.82, size: float = 10.5) -> tuple[int, float]:
    """(columns, font size up to ``size``) at which the widest legend row fits
    ``share`` of the figure.

    Smaller type first, down to 7 pt, then fewer columns: 'Stelara (CD SC maintenance,
    to week 44, n = 131)' in two columns at 10.5 pt ran off an 8.2 in figure.
    """
    def width(n: int, size: float) -> float:
        rows = max(1, -(-len(labels) // n))  # matplotlib fills a column, then the next
        chars = sum(max((len(t) for t in labels[i:i + rows]), default=0)
                    for i in range(0, len(labels), rows))
        # 0.6 em a character (capitals, brackets), 2.8 em for each handle and its gap,
        # 1.4 em between columns.
        return size * (0.6 * chars + 2.8 * n + 1.4 * (n - 1))

    # Short of the right edge: headings over a right-hand column ('Difference',
    # 'Verdict') sit in the legend's band.
    room = fig.get_size_inches()[0] * 72 * share
    while cols > 1 and width(cols, 7.0) > room:
        cols -= 1
    return cols, max(7.0, min(size, size * room / max(width(cols, size), 1.0)))
