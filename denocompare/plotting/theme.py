"""The dark look of a chart shown in a window with a dark palette.

Every builder draws the print-friendly light chart (what a file, the clipboard, the
report and a printer get). A window with a dark palette then recolours its own figure
with ``make_dark``: the white face dark, ink and grey text light, the grid dim, white
edges (separators between bars, halos round markers) the colour of the face. Product,
verdict and margin colours keep their hue, so a product looks the same in both; a text
drawn in a colour too dark to read on the dark face is lightened until it reads
(contrast of at least 4.5 : 1, WCAG AA), and the reference keeps its own colour.
"""

from __future__ import annotations

from typing import Any

from matplotlib.axes import Axes
from matplotlib.collections import Collection
from matplotlib.colors import to_hex, to_rgba
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.text import Text
from matplotlib.typing import ColorType

from denocompare.plotting import style as St

#: The dark face of figure and axes, and the light inks that replace the light theme's.
FACE = "#1E1E1E"
INK = "#E8E8E8"
#: The light ink, the mid grey and the grid, and the light fills that would glare.
_SWAP = {
    "#ffffff": FACE, St.INK.lower(): INK, St.BLACK: INK, St.MUTED.lower(): "#B4B4B4",
    St.GRID.lower(): "#444444", St.MARGIN_FILL.lower(): "#3A3A3A", "#f2f2f2": "#2A2A2A",
    # The comparator (placebo) arm: a light grey on white, a mid grey here, so that it
    # stays apart from the product drawn in black on white (near white here).
    St.COMPARATOR_ARM.lower(): "#707070",
}
#: The least contrast of text against the face it is drawn on (WCAG AA, body text).
MIN_CONTRAST = 4.5


def luminance(colour: ColorType) -> float:
    """Relative luminance (WCAG 2) of a matplotlib colour."""
    def lin(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b, _a = to_rgba(colour)
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)


def contrast(fg: ColorType, bg: ColorType) -> float:
    """WCAG contrast ratio of two colours, 1 (none) to 21 (black on white)."""
    hi, lo = sorted((luminance(fg), luminance(bg)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def readable_on(colour: ColorType, face: str) -> str:
    """``colour``, blended towards white until it reads on ``face`` (4.5 : 1)."""
    r, g, b, _a = to_rgba(colour)
    for step in range(11):
        t = step / 10
        mixed = (r + (1 - r) * t, g + (1 - g) * t, b + (1 - b) * t)
        if contrast(mixed, face) >= MIN_CONTRAST:
            return to_hex(mixed)
    return "#FFFFFF"


def _swap(colour: Any) -> ColorType:  # Any: matplotlib's getters type loosely
    """The dark theme's colour for ``colour``, with its alpha; others unchanged."""
    rgba = to_rgba(colour)
    if rgba[3] == 0:
        return colour
    new = _SWAP.get(to_hex(rgba))
    return colour if new is None else to_rgba(new, rgba[3])


def make_dark(fig: Figure) -> Figure:
    """Recolour a built chart for a dark window, in place, and return it.

    Only a window's own figure is recoloured: exports build a new, light figure.
    """
    fig.patch.set_facecolor(FACE)
    for ax in fig.axes:
        _dark_axes(ax)
    for artist in fig.findobj(lambda a: isinstance(a, Line2D | Patch | Collection)):
        if artist is fig.patch:
            continue
        if isinstance(artist, Line2D):
            artist.set_color(_swap(artist.get_color()))
            artist.set_markerfacecolor(_swap(artist.get_markerfacecolor()))
            artist.set_markeredgecolor(_swap(artist.get_markeredgecolor()))
        elif isinstance(artist, Patch):
            artist.set_facecolor(_swap(artist.get_facecolor()))
            artist.set_edgecolor(_swap(artist.get_edgecolor()))
        elif isinstance(artist, Collection):
            artist.set_facecolor([_swap(c) for c in artist.get_facecolor()])
            artist.set_edgecolor([_swap(c) for c in artist.get_edgecolor()])
    for text in fig.findobj(Text):
        _dark_text(text)
    return fig


def _dark_axes(ax: Axes) -> None:
    ax.set_facecolor(FACE)
    # Ticks are made anew when the view changes, from the axis' own defaults: those are
    # recoloured here, the ticks drawn already with the other lines below.
    ax.tick_params(which="both", colors=INK, grid_color=_SWAP[St.GRID.lower()])


def _dark_text(text: Text) -> None:
    box = text.get_bbox_patch()
    face = FACE
    if box is not None:  # a label on a white box: the box dark too
        box.set_facecolor(_swap(box.get_facecolor()))
        box.set_edgecolor(_swap(box.get_edgecolor()))
        face = to_hex(box.get_facecolor())
    colour = _swap(text.get_color())
    if contrast(colour, face) < MIN_CONTRAST:
        colour = readable_on(colour, face)
    text.set_color(colour)
