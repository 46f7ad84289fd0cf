"""The house look of every chart: palette, hatches, markers, fonts and the footer.

Colours are the Okabe–Ito palette (safe for the common colour-vision deficiencies).
Colour alone is never the only cue: each product also has its own hatch and marker,
and the reference product is always the darkest, so a chart printed in grey on a
committee handout still tells the products apart.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal

import matplotlib as mpl
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.text import Annotation
from matplotlib.transforms import ScaledTranslation, blended_transform_factory

from denocompare.core.dataset import Dataset
from denocompare.plotting.fits import figure_of, legend_fit, widest_line_pt

# Every text a chart draws comes from the data (names, reactions, sources) and is
# drawn as written: with maths text on, "$x^2$" in a product name crashed every chart
# in matplotlib's parser, and "US$ 1,200; EU$ 900" lost its dollars. Said here, once,
# for every Text made after the plotting package is imported: labels, ticks, titles,
# legends, annotations and the footer alike. No chart draws maths.
mpl.rcParams["text.parse_math"] = False

#: A 16:9 slide at a size where 11–12 pt text stays legible when projected.
FIGSIZE = (10.0, 5.6)
#: The most rows (reactions, results) a chart draws, in a tall figure; a shorter one
#: draws as many as fit at the smallest label size (``row_limit``). More would not be
#: legible, and drawing thousands held the window for seconds (BENCHMARKS.md): the
#: subtitle says how many are left out, and where to look.
MAX_ROWS = 40
#: ... and the most groups of bars side by side.
MAX_GROUPS = 12
#: The smallest size a row label is drawn at.
SMALLEST_ROW_FONT = 6.0
#: The most rows a legend takes above the plot; further entries are counted, not drawn.
MAX_LEGEND_ROWS = 4

# Okabe & Ito (2008), "Color Universal Design".
BLACK = "#000000"
ORANGE = "#E69F00"
SKY_BLUE = "#56B4E9"
BLUISH_GREEN = "#009E73"
YELLOW = "#F0E442"
BLUE = "#0072B2"
VERMILLION = "#D55E00"
REDDISH_PURPLE = "#CC79A7"

#: Neutral colours for everything that is not a product.
INK = "#222222"
MUTED = "#555555"
GRID = "#D9D9D9"
COMPARATOR_ARM = "#BBBBBB"  # placebo / comparator arm: light grey, unlike any product
# Neutral, so the margin never shares a hue with a product or a verdict.
MARGIN_FILL = "#E6E6E6"
MARGIN_EDGE = "#8C8C8C"

#: Verdict colours: green for within, vermillion for crosses, grey for unknown. The
#: verdict is always written out too, so the colour is a second cue only.
VERDICT_COLOURS = {"within": BLUISH_GREEN, "crosses": VERMILLION, "unknown": MUTED}

# Ordered so that neighbours differ in lightness as well as hue (grey levels in
# brackets): blue (0.34) for the reference, orange (0.64) for the first comparator,
# then bluish green (0.42), reddish purple (0.59), vermillion (0.47), sky blue (0.62).
_COLOURS = (BLUE, ORANGE, BLUISH_GREEN, REDDISH_PURPLE, VERMILLION, SKY_BLUE, BLACK)
_HATCHES = ("", "///", "...", "xxx", "\\\\\\", "+++", "ooo")
_MARKERS = ("o", "s", "^", "D", "v", "P", "X")

FONT = {
    "title": 15.0,
    "subtitle": 11.0,
    "label": 12.0,
    "tick": 11.0,
    "annotation": 10.5,
    "small": 9.5,
    "footer": 8.5,
}


@dataclass(frozen=True)
class ProductStyle:
    """How one product is drawn: fill colour, hatch (for bars) and marker (for points)."""

    color: str
    hatch: str
    marker: str


def product_style(index: int) -> ProductStyle:
    """Style of the product at ``index`` in the selection (0 is the reference).

    The reference's colour is its own: comparators cycle through the other six, and
    each time round shifted against the markers and hatches, so every (colour,
    marker) pair stays unique up to 43 products.
    """
    if index == 0:
        return ProductStyle(_COLOURS[0], _HATCHES[0], _MARKERS[0])
    n, k = len(_COLOURS), index - 1
    colour, turn = k % (n - 1), k // (n - 1)
    shape = (colour + 1 + turn) % n
    return ProductStyle(_COLOURS[1 + colour], _HATCHES[shape], _MARKERS[shape])


def product_styles(products: Iterable[str]) -> dict[str, ProductStyle]:
    """The palette: styles keyed by product id, the reference (first) always in its
    own colour, the comparators in the order chosen.

    Every chart (and the forest plot) asks with the whole selection, never with only
    the products it happens to draw, so one product keeps one look across charts.
    """
    return {pid: product_style(i) for i, pid in enumerate(dict.fromkeys(products))}


def style_for(styles: dict[str, ProductStyle], product_id: str) -> ProductStyle:
    """The product's style; a product outside the selection gets the next free one.

    A study can name a reference product the user did not pick; it must still be
    drawn, and drawn consistently within the chart.
    """
    if product_id not in styles:
        styles[product_id] = product_style(len(styles))
    return styles[product_id]


def style_axes(ax: Axes, grid_axis: Literal["both", "x", "y"] = "x") -> None:
    """Light grid behind the data, no top/right frame, house tick sizes."""
    ax.set_axisbelow(True)
    ax.grid(axis=grid_axis, color=GRID, linewidth=0.8)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.tick_params(labelsize=FONT["tick"], colors=INK)


def set_titles(fig: Figure, title: str, subtitle: str = "") -> None:
    """Bold figure title, with optional smaller grey lines under it (filters, units).

    Both wrap to the figure's width: a title naming many products would run off it.
    """
    title = wrap_to_fit(fig, FONT["title"], lambda w: wrap(title, w), weight="bold")
    sub = wrap_to_fit(fig, FONT["subtitle"], lambda w: wrap(subtitle, w)) if subtitle else ""
    lines = sub.count("\n") + 1 if sub else 0
    head = fig.suptitle(title + "\n" * lines, fontsize=FONT["title"], fontweight="bold",
                        color=INK, x=0.01, ha="left")
    if sub:
        # Constrained layout reserves room only for the suptitle, so the title keeps
        # empty lines and the subtitle is pinned into them, relative to the title
        # itself: it then follows the title when a Qt canvas resizes the figure.
        fig.add_artist(Annotation(sub, xy=(0, 0), xycoords=head, xytext=(0, 2),
                                  textcoords="offset points", ha="left", va="bottom",
                                  fontsize=FONT["subtitle"], color=MUTED))




def add_legend(ax: Axes, handles: list, ncols: int = 2, share: float = 0.82) -> None:
    """Legend in a row above the axes, under the titles, starting at the figure's left.

    The legend is kept out of the layout and a blank axes title of the same height
    reserves its room instead. Left in the layout, a legend wider than its axes makes
    constrained layout shrink the axes on every draw, without end (the Qt canvas
    redraws often), because the overhang grows as the axes narrow.
    """
    # At most MAX_LEGEND_ROWS rows, in as many of ``ncols`` columns as fit the width:
    # fewer columns fitting means fewer entries (24-31 products in two columns that
    # narrowed to one ran to 8 rows over the plot).
    cols = max(1, min(len(handles), ncols))
    while True:
        shown = capped_entries(handles, cols * MAX_LEGEND_ROWS)
        fitted, size = legend_fit(figure_of(ax), [str(h.get_label()) for h in shown], cols,
                                  share, FONT["annotation"])
        if fitted == cols:
            break
        cols = fitted
    handles = shown
    rows = -(-len(handles) // cols)
    anchor = blended_transform_factory(ax.figure.transFigure, ax.transAxes)
    legend = ax.legend(handles=handles, loc="lower left", bbox_to_anchor=(0.01, 1.0),
                       bbox_transform=anchor, ncols=cols, frameon=False, fontsize=size,
                       borderaxespad=0.0, borderpad=0.2, handletextpad=0.4,
                       columnspacing=1.4, labelspacing=0.3)
    legend.set_in_layout(False)
    # One blank title line per legend row, at a size that matches the row height.
    ax.set_title("\n" * (rows - 1) + " ", fontsize=size * 1.2, pad=2.0, loc="left")






def capped_entries(handles: list, room: int) -> list:
    """``handles`` if they are at most ``room``; else the first ``room - 1`` and an entry
    with no handle that counts the rest: '… and 9 more'."""
    if len(handles) <= room:
        return handles
    rest = len(handles) - room + 1
    return [*handles[:room - 1], Line2D([], [], linestyle="none", label=f"\u2026 and {rest} more")]


def shown_note(shown: int, total: int, what: str, advice: str) -> str:
    """'' when every one is drawn, else 'showing the first 40 of 5,000 rows: advice'."""
    if shown >= total:
        return ""
    return f"showing the first {shown} of {total:,} {what}: {advice}"


def label_rows(ax: Axes, labels: list[str], fontsize: float, grid: bool = False) -> None:
    """Row labels at y = 0, 1, ... left of the axes, drawn as texts, not tick labels.

    The same picture as ``set_yticks(range(n), labels)``, a tick label's pad away from
    the axes, at a fraction of the cost: a tick is two lines and two texts, made anew
    on every redraw (about 1 ms each, BENCHMARKS.md). ``grid`` draws the horizontal
    grid lines the ticks would have carried.
    """
    ax.set_yticks([])
    fig = ax.get_figure()
    assert fig is not None
    at_left = ax.get_yaxis_transform() + ScaledTranslation(-3.5 / 72, 0, fig.dpi_scale_trans)
    for y, label in enumerate(labels):
        ax.text(0, y, label, transform=at_left, ha="right", va="center_baseline",
                fontsize=fontsize, color=INK, gid=f"row-label-{y}")
    if grid and labels:
        ax.hlines(range(len(labels)), 0, 1, transform=ax.get_yaxis_transform(), colors=GRID,
                  linewidth=0.8, zorder=0.5, gid="row-grid")


def show_message(fig: Figure, message: str, detail: str = "") -> Axes:
    """A centred message instead of an empty axes, for 'nothing to show'."""
    ax = fig.add_subplot()
    ax.set_axis_off()
    ax.text(0.5, 0.55, message, ha="center", va="center", fontsize=FONT["label"] + 2,
            color=INK, wrap=True, transform=ax.transAxes)
    if detail:
        ax.text(0.5, 0.42, detail, ha="center", va="center", fontsize=FONT["annotation"],
                color=MUTED, wrap=True, transform=ax.transAxes)
    return ax


def fmt_number(value: float, decimals: int = 1) -> str:
    """A number as a pharmacist writes it: typographic minus, no trailing '-0.0'."""
    text = f"{value:.{decimals}f}"
    if float(text) == 0:
        text = text.lstrip("-")
    return text.replace("-", "\u2212")


def fmt_count(n: object) -> str:
    """Thousands separated with a comma: 3,886."""
    return f"{int(n):,}"  # type: ignore[call-overload]


#: Lines of brief source names a footer takes at most; the rest are counted.
MAX_SOURCE_LINES = 3
#: How the strength of a source reads after its brief name (official: no mark).
STRENGTH_MARKS = {"peer-reviewed": "peer-reviewed", "company release": "company",
                  "secondary copy": "secondary copy", "low quality": "low quality"}


def brief_source(ds: Dataset, source_id: str) -> str:
    """'S4 <publisher>, <brand> EU package leaflet, 2022-02-16 [secondary copy]':
    publisher, document and date, enough to trace a slide."""
    s = ds["sources"]
    hit = s[s["source_id"] == source_id]
    if hit.empty:
        return source_id
    row = hit.iloc[0]
    def text(key: str) -> str:
        v = row[key]
        return "" if v is None or (not isinstance(v, str) and pd.isna(v)) else str(v).strip()
    publisher = text("publisher").split(" (")[0]
    document = text("document_number") or fit(text("title"), 32)
    mark = STRENGTH_MARKS.get(ds.source_kind(source_id), "")
    parts = [p for p in (publisher, document, text("date") or "undated") if p]
    return f"{source_id} {', '.join(parts)}" + (f" [{mark}]" if mark else "")


def footer_text(ds: Dataset, source_ids: Iterable[str], width: int = 150) -> str:
    """'Sources: S4 <publisher>, <document>, <date> [strength]; …' then 'Data: <dataset
    title>', wrapped to ``width`` characters; past ``MAX_SOURCE_LINES`` lines of
    sources the rest are counted."""
    ids = _sorted_ids(source_ids)
    data = f"Data: {ds.title()}, full citations in its sources table"
    if not ids:
        return f"Sources: none shown  \u00b7  {data}"
    named = [brief_source(ds, s) for s in ids]
    weak = ds.weakness(";".join(ids))  # said once when every source is weak
    head = f"Sources ({weak}): " if weak else "Sources: "
    for shown in range(len(named), 0, -1):
        rest = len(named) - shown
        text = head + "; ".join(named[:shown]) + (
            f"; and {rest} more (see the sources table)" if rest else "")
        lines = textwrap.wrap(text, width=width, break_on_hyphens=False)
        if len(lines) <= MAX_SOURCE_LINES:
            break
    if len(lines) == 1 and len(text) + len(data) + 5 <= width:
        return f"{text}  \u00b7  {data}"
    return "\n".join([*lines, *textwrap.wrap(data, width=width, break_on_hyphens=False)])


def add_footer(fig: Figure, ds: Dataset, source_ids: Iterable[str]) -> None:
    """Write the short citations and the dataset title/version at the bottom left.

    Drawn as the figure's ``supxlabel`` because constrained layout reserves room for
    it, so the footer never overlaps tick labels, whatever the figure size.
    """
    text = wrap_to_fit(fig, FONT["footer"], lambda w: footer_text(ds, source_ids, w))
    fig.supxlabel(text, x=0.01, ha="left", fontsize=FONT["footer"], color=MUTED,
                  linespacing=1.3)


def _sorted_ids(source_ids: Iterable[str]) -> list[str]:
    """Unique ids in natural order (S4 before S10), whatever order they were met in."""
    def key(sid: str) -> tuple:
        head = sid.rstrip("0123456789")
        tail = sid[len(head):]
        return (head, int(tail) if tail else -1, sid)
    return sorted({s for s in source_ids if s}, key=key)


def sources_of(ds: Dataset, cells: Iterable[object]) -> list[str]:
    """Every source id named in ``cells`` (each a ``source_id`` cell, 'S4; S8'), once."""
    if isinstance(cells, pd.Series):
        cells = cells.unique()  # tens of thousands of rows cite a handful of sources
    return list(dict.fromkeys(s for cell in dict.fromkeys(cells)
                              for s in ds.source_ids_in(cell)))


def wrap(text: str, width: int) -> str:
    """Wrap a label onto lines of at most ``width`` characters."""
    return "\n".join(textwrap.wrap(str(text), width=width, break_on_hyphens=False)) or ""


def fit(text: str, width: int, max_lines: int = 1) -> str:
    """Wrap to ``width``; beyond ``max_lines`` lines, cut the last one with '…'.

    Chart labels have a fixed room; the full text stays in the table beside the chart.
    """
    lines = textwrap.wrap(str(text), width=width, break_on_hyphens=False) or [""]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1]
        if len(last) + 1 > width:  # no room for the '…': drop the last word instead
            last = last[: width - 1].rsplit(" ", 1)[0] if " " in last else last[: width - 1]
        lines[-1] = last.rstrip(" ,;:(") + "\u2026"
    return "\n".join(lines)


def chars_across(fig: Figure, fontsize: float, fraction: float = 0.95) -> int:
    """How many characters of text at ``fontsize`` fit across ``fraction`` of the figure.

    DejaVu Sans averages about 0.56 em per character; good enough to wrap titles and
    footers to the figure's own width (a small Qt canvas, or a 16:9 slide).
    """
    return max(20, int(fig.get_size_inches()[0] * 72 * fraction / (fontsize * 0.56)))


def wrap_to_fit(fig: Figure, fontsize: float, wrapped: Callable[[int], str],
                fraction: float = 0.95, weight: str = "normal") -> str:
    """``wrapped(width)``, the text wrapped to ``width`` characters, at the widest that
    measures within ``fraction`` of the figure's width.

    Counted characters are a first guess (``chars_across``): a line of wide letters
    ('MHRA', 'EMA/329164/2025', a bold title) ran past the right edge of a 5.5 x 4 in
    figure, so the text is measured and wrapped narrower until it fits.
    """
    room = fig.get_size_inches()[0] * 72 * fraction
    width = chars_across(fig, fontsize, fraction)
    text = wrapped(width)
    while width > 20 and widest_line_pt(text, fontsize, weight) > room:
        width = max(20, int(width * 0.92))
        text = wrapped(width)
    return text


def plot_height_pt(fig: Figure) -> float:
    """Roughly the height left for the plot area, after titles, legend and footer."""
    # Titles, legend, tick labels, axis label and footer take about 2.6 in together.
    return max(fig.get_size_inches()[1] - 2.6, 0.8) * 72


def row_limit(fig: Figure) -> int:
    """How many rows a chart of ``fig``'s size draws: as many as fit at 6 pt, at most
    ``MAX_ROWS`` (27 on a slide-sized figure), at least 12."""
    return max(12, min(MAX_ROWS, int(plot_height_pt(fig) / (1.3 * SMALLEST_ROW_FONT))))


def row_font(fig: Figure, n_rows: int, lines: int = 1, largest: float = FONT["tick"],
             smallest: float = SMALLEST_ROW_FONT) -> float:
    """Label size at which ``n_rows`` labels of ``lines`` lines fit the plot height."""
    room = plot_height_pt(fig) / max(n_rows, 1) / (1.3 * max(lines, 1))
    return max(smallest, min(largest, room))


def names_text(names: list[str], limit: int = 4) -> str:
    """'<reference> vs <comparator>', or '<reference> vs 16 comparators' when the list
    is long."""
    if len(names) <= limit:
        return " vs ".join(names)
    return f"{names[0]} vs {len(names) - 1} comparators"


def list_text(names: list[str], limit: int = 4) -> str:
    """'A, B, C', or 'A, B, C and 12 more' so a subtitle never runs off the figure."""
    if len(names) <= limit:
        return ", ".join(names)
    return f"{', '.join(names[:limit - 1])} and {len(names) - limit + 1} more"
