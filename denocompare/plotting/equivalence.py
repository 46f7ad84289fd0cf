"""The forest plot: each result's CI against each margin that applies, with its verdict.

It reads ``compare.forest_rows``: one row per result and margin (a result judged by two
regulators gives two rows). The verdict drawn beside each row is that row's computed
verdict, never inferred from the picture, and the source's own conclusion is quoted
under it in grey, never styled as a verdict. Differences are drawn around 0; ratios on
a log axis around 1, in a panel of their own when both occur.
"""

from __future__ import annotations

import math

import pandas as pd
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle

from denocompare.core import compare as C
from denocompare.core import equivalence as Q
from denocompare.core.dataset import Dataset
from denocompare.core.view import View
from denocompare.plotting import style as St
from denocompare.plotting.arms import CARDS_ADVICE, NO_STUDIES, as_text, common, num, study_title

#: Verdict kind -> (mark, colour): the mark keeps the verdict legible in grey print.
VERDICT_LOOK = {Q.WITHIN: ("\u2713", St.VERDICT_COLOURS["within"]),
                Q.CROSSES: ("\u2717", St.VERDICT_COLOURS["crosses"]),
                Q.NOT_COMPUTABLE: ("?", St.VERDICT_COLOURS["unknown"]),
                Q.WAIVED: ("\u2013", St.VERDICT_COLOURS["unknown"]),
                Q.NOT_PERFORMED: ("\u2013", St.VERDICT_COLOURS["unknown"])}
_RATIO = "ratio"


def forest_rows(ds: Dataset, selection: View) -> pd.DataFrame:
    """``compare.forest_rows`` of the view's products (computed once per choice)."""
    return C.forest_rows(ds, selection.products)


def measure_of(row: pd.Series) -> str:
    """'ratio' or 'difference' (an empty measure is a difference)."""
    return _RATIO if as_text(row.get("measure")) == _RATIO else "difference"


_ABBREVIATIONS = {"full analysis set": "FAS", "per-protocol set": "PPS"}
# Layout tuning (pixels, not meaning; the image baselines and the fits tests hold them):
#: Characters of a row label (one-line label; the detail line; the who line above it),
#: and the fewest a label keeps in a narrow window.
LABEL_CHARS, DETAIL_CHARS, HEAD_CHARS, FEWEST_LABEL_CHARS = 56, 52, 44, 20
#: Half a band's height in rows; the CI's line width, caps and the open side's arrow.
_BAND_HALF, _CI_WIDTH, _CAP, _ARROW_WIDTH = 0.36, 2.4, 1.4, 2.0
#: How far past the farthest number the axis reaches, and its reach with no numbers.
_PAD, _EMPTY_REACH, _EMPTY_RATIO_REACH = 1.15, 2.0, math.log(1.5)
#: Where the verdicts start (axes fraction right of the plot).
_VERDICT_X = 1.02
#: The white hairline round an estimate; the band's edge, a lone limit's and the
#: centre line's widths; the legend's cap and marker sizes; the box behind a note.
_EDGE, _BAND_EDGE, _BOUND_WIDTH, _RULE, _KEY_CAP, _KEY_SIZE = "white", 0.8, 1.5, 1.0, 12, 9
_NOTE_BOX = {"boxstyle": "round,pad=0.3", "fc": "white", "ec": "none"}
#: How each artist is drawn beyond what it means (set once it exists, on lines that
#: are not mutated: mutmut mutates function bodies, and these are pixels).
_CI_LOOK = {"linewidth": _CI_WIDTH, "solid_capstyle": "butt", "markeredgewidth": _CI_WIDTH,
            "zorder": 3}
_KEY_CI_LOOK = {"linewidth": _CI_WIDTH, "markersize": _KEY_CAP, "markeredgewidth": _CI_WIDTH}
_KEY_DOT_LOOK = {"markersize": _KEY_SIZE}


def forest_label(ds: Dataset, row: pd.Series, lines: int = 3, width: int = 56) -> str:
    """Row label in ``lines`` lines at most: who, then set, timepoint, CI and whose margin.

    ``'SB17 phase III: Pyzchiva vs Stelara'`` over ``'full analysis set, week 12, 95 % CI'``
    (and ``', FDA margin'`` for a regulator's); with one line only, the analysis sets
    are abbreviated (FAS, PPS). No line is longer than ``width`` characters.
    """
    detail = _detail(row)
    head = study_title(ds, row)
    if lines <= 1:
        for long, short in _ABBREVIATIONS.items():
            detail = detail.replace(long, short)
        return St.fit(f"{head} \u00b7 {detail}", min(LABEL_CHARS, width))
    return (f"{St.fit(head, min(HEAD_CHARS, width), lines - 1)}\n"
            f"{St.fit(detail, min(DETAIL_CHARS, width))}")


def _detail(row: pd.Series) -> str:
    kind = row.get("kind")
    if kind in (Q.WAIVED, Q.NOT_PERFORMED):
        return f"comparative efficacy {kind}"
    if pd.isna(row.get("endpoint")):
        return "results not reported in source"
    level = num(row.get("ci_level"))
    has_ci = num(row.get("ci_low")) is not None or num(row.get("ci_high")) is not None
    sides = as_text(row.get("ci_sides"))
    one = f" {sides}" if sides.startswith("one-sided") else ""
    ci = f"{level:g} % CI{one}" if level is not None else (
        "CI level not reported" if has_ci else "no CI reported")
    # Whose margin first, and the CI level it is judged at: two regulators' rows of one
    # result differ there, and a cut line keeps it.
    reg, at = Q.margin_name(row.get("regulator")), num(row.get("margin_level"))
    head = f"{reg} at {at:g} % CI: " if at is not None else (
        f"{reg}: " if reg != "margin" else "")
    return head + ", ".join(t for t in (as_text(row.get("analysis_set")) or
                                        "analysis set not stated",
                                        as_text(row.get("timepoint")), ci) if t)


def _forest_layout(fig: Figure, n_rows: int) -> tuple[float, int]:
    """(label font size, label lines): as many lines, up to three, as the rows allow."""
    # pragma: no mutate block (layout tuning: the fits tests and the baselines hold it)
    lines = int(min(3, max(1, St.plot_height_pt(fig) / max(n_rows, 1) / (1.3 * 8.5))))
    return St.row_font(fig, n_rows, lines, largest=St.FONT["small"]), lines


def _row_look(fig: Figure, rows: pd.DataFrame, panels: int) -> tuple[float, int]:
    """``_forest_layout`` of the rows (two more between panels), the font smaller for
    the source's words under the verdict and for the width."""
    # pragma: no mutate block (layout tuning: the fits tests and the baselines hold it)
    n_rows = len(rows) + 2 * (panels - 1)
    font, lines = _forest_layout(fig, n_rows)
    stated = bool(rows.get("stated", pd.Series(dtype=object)).fillna("").astype(bool).any())
    if lines > 1 and stated:
        # A line more per row for the source's words under the verdict, at a smaller size.
        font = St.row_font(fig, n_rows, lines + 1, largest=St.FONT["small"])
    return _width_font(fig, font, lines, stated), lines


def _narrowing(fig: Figure) -> float:
    """How much narrower than a slide the figure is (1.0 at a slide's width or wider).

    Row labels and verdicts get that share of their usual room: on a slide-sized
    figure (exports, the report) nothing is cut, and in a narrow window they are cut
    instead of squeezing the plot to nothing (constrained layout then gives up).
    """
    return min(1.0, fig.get_size_inches()[0] / St.FIGSIZE[0])


#: The share of the figure's width the plot area keeps, whatever the labels need.
PLOT_SHARE = 0.38


def _width_font(fig: Figure, font: float, lines: int, stated: bool) -> float:
    """``font``, or smaller, so a row's label, verdict and quoted words leave the plot
    ``PLOT_SHARE`` of the width (not below the smallest row size).

    Eleven or more studies in one line each, at the report's 8.2 in, left the plot
    0.5 in (ticks read '\u221210 1') when only the height chose the size.
    """
    # pragma: no mutate block (layout tuning: the fits tests and the baselines hold it)
    verdict = _verdict_width(fig, lines)
    label = _label_width(fig) if lines <= 1 else min(HEAD_CHARS, _label_width(fig))
    if lines <= 1:  # the verdict, then '\u00b7 source: ...' after it (6 pt at least)
        right: float = min(verdict, 43) + 2 + (22 if stated else 0)
    else:
        right = max(verdict + 2, 0.8 * (int(verdict * 1.6) + 2) if stated else 0)
    room = fig.get_size_inches()[0] * 72 * (1 - PLOT_SHARE - 0.06)
    return max(St.SMALLEST_ROW_FONT, min(font, room / (0.56 * (label + right))))


def _legend_share(fig: Figure, font: float, lines: int) -> float:
    """The share of the width left of the verdicts, whose heading is in the legend's band."""
    # pragma: no mutate block (layout tuning: the fits tests and the baselines hold it)
    verdict = _verdict_width(fig, lines)
    right = (min(verdict, 43) + 24) if lines <= 1 else verdict * 1.3 + 2
    return max(0.4, min(0.82, 1 - 0.56 * font * right / (fig.get_size_inches()[0] * 72)
                        - 0.05))


def _label_width(fig: Figure) -> int:
    """Characters of a row label: a slide's ``LABEL_CHARS``, fewer in a narrow window."""
    return max(FEWEST_LABEL_CHARS, int(LABEL_CHARS * _narrowing(fig)))


def _verdict_width(fig: Figure, lines: int) -> int:
    """Characters per verdict line, so a verdict fits its row in ``lines`` lines."""
    # The longest verdict is 43 characters: one line of 52, two of 27, three of 20.
    # pragma: no mutate block (layout tuning: the fits tests and the baselines hold it)
    room = {1: 52, 2: 27}.get(lines, 20)
    return max(12, int(room * _narrowing(fig)))


def draw_forest(fig: Figure, ds: Dataset, selection: View) -> Figure:
    """Each result's CI against each margin that applies, one row per result and margin.

    Parameters
    ----------
    fig : Figure
        The figure to draw on (already cleared by ``build_chart``).
    ds : Dataset
        The loaded dataset.
    selection : View
        Studies of the chosen biosimilars are shown.

    Returns
    -------
    Figure
        ``fig``: the point estimate with CI whiskers, the margin shaded per row, a line
        at no difference (0, or 1 for a ratio on its log axis), the CI level and whose
        margin in each row label, the computed verdict at the right and the source's
        own conclusion quoted under it. Rows with nothing show only the verdict.
    """
    rows = forest_rows(ds, selection)
    limit = St.row_limit(fig)
    cut = St.shown_note(limit, len(rows), "results, products in the order chosen",
                        CARDS_ADVICE)
    measures = list(dict.fromkeys(measure_of(r) for _i, r in rows.iterrows()))
    St.set_titles(fig, _title(measures), "; ".join(t for t in (
        *(_DEFINITION[m] for m in measures), common(rows, "unit"), cut) if t))
    if rows.empty:
        St.show_message(fig, NO_STUDIES)
        St.add_footer(fig, ds, [])
        return fig
    rows = rows.iloc[:limit]
    rows = rows.assign(_measure=[measure_of(r) for _i, r in rows.iterrows()])
    parts = [rows[rows["_measure"] == m] for m in sorted(measures)]
    grid = fig.add_gridspec(len(parts), height_ratios=[max(len(p), 1) for p in parts])
    styles = St.product_styles(selection.products)
    font, lines = _row_look(fig, rows, len(parts))
    for i, part in enumerate(parts):
        ax = fig.add_subplot(grid[i, 0])
        _forest_panel(fig, ax, ds, part, styles, font, lines, rows if i == 0 else None)
    St.add_footer(fig, ds, St.sources_of(ds, [*rows["source_id"], *rows["source_id_study"]]))
    return fig


_DEFINITION = {"difference": "Difference = biosimilar \u2212 reference",
               _RATIO: "Ratio = biosimilar / reference (log axis)"}


def _title(measures: list[str]) -> str:
    what: dict[tuple[str, ...], str] = {("difference",): "difference between arms",
                                        (_RATIO,): "ratio of the arms"}
    return f"Equivalence: {what.get(tuple(measures), 'estimate')} against the margin"


def _forest_panel(fig: Figure, ax: Axes, ds: Dataset, rows: pd.DataFrame,
                  styles: dict, font: float, lines: int, legend: pd.DataFrame | None) -> None:
    ratio = rows["_measure"].iloc[0] == _RATIO
    verdict_width = _verdict_width(fig, lines)
    centre = 1.0 if ratio else 0.0
    for y, (_i, row) in enumerate(rows.iterrows()):
        _forest_row(ax, y, row, St.style_for(styles, str(row["biosimilar_id"])), font, lines,
                    verdict_width, centre)
    _forest_axes(fig, ax, ds, rows, font, lines, ratio)
    if legend is not None:
        _forest_legend(ax, legend, _legend_share(fig, font, lines))


def _forest_row(ax: Axes, y: int, row: pd.Series, st: St.ProductStyle, font: float,
                lines: int, verdict_width: int, centre: float) -> None:
    size = 4.0 + 2.0 * font / 3  # pragma: no mutate (layout: markers shrink with the labels)
    values = [num(row.get(c)) for c in
              ("margin_low", "margin_high", "ci_low", "ci_high", "difference")]
    m_low, m_high, lo, hi, diff = values
    _margin(ax, y, m_low, m_high)
    _interval(ax, y, row, lo, hi, st, size)
    if diff is not None:
        dot = ax.add_line(Line2D([diff], [y], linestyle="none", marker=st.marker,
                                 color=st.color, gid=f"estimate-{y}"))
        dot.set(markersize=size, markeredgecolor=_EDGE, zorder=4)  # pragma: no mutate (layout)
    if all(v is None for v in values):
        # Short in one-line mode: the rows are many and the plot area narrow.
        note = "no difference, CI or margin reported" if lines > 1 else "not reported"
        if row.get("kind") in (Q.WAIVED, Q.NOT_PERFORMED):
            note = f"{row['kind']} (per source)"
        box = ax.text(centre, y, note, ha="center", fontstyle="italic", color=St.MUTED,
                      bbox=_NOTE_BOX)
        box.set(va="center", fontsize=font, zorder=3)  # pragma: no mutate (layout)
    _verdict(ax, y, row, font, lines, verdict_width)


def _interval(ax: Axes, y: int, row: pd.Series, lo: float | None, hi: float | None,
              st: St.ProductStyle, size: float) -> None:
    """The CI's whisker; a one-sided CI runs from its limit to the open side's edge."""
    sides = as_text(row.get("ci_sides"))
    if sides == "one-sided, lower" and lo is not None:
        limit, edge = lo, 1.0
    elif sides == "one-sided, upper" and hi is not None:
        limit, edge = hi, 0.0
    elif lo is not None and hi is not None:
        # One line with a '|' marker at each end: the whisker and its caps.
        ci = ax.add_line(Line2D([lo, hi], [y, y], color=st.color, marker="|", gid=f"ci-{y}"))
        ci.set(markersize=_CAP * size, **_CI_LOOK)  # pragma: no mutate (layout)
        return
    else:
        return
    # The open side reaches the axes' edge (in axes units: the limits are set later).
    arrow = ax.annotate("", xy=(edge, y), xycoords=ax.get_yaxis_transform(),
                        xytext=(limit, y), textcoords="data", gid=f"ci-open-{y}",
                        arrowprops={"arrowstyle": "->", "color": st.color, "lw": _ARROW_WIDTH})
    arrow.set_zorder(3)  # pragma: no mutate (layout)
    cap = ax.add_line(Line2D([limit], [y], color=st.color, marker="|", gid=f"ci-{y}"))
    cap.set(markersize=_CAP * size, **_CI_LOOK)  # pragma: no mutate (layout)


def _verdict(ax: Axes, y: int, row: pd.Series, font: float, lines: int,
             verdict_width: int) -> None:
    verdict = str(row["verdict"])
    mark, colour = VERDICT_LOOK[Q.kind_of(verdict)]
    said = as_text(row.get("stated"))
    below = lines > 1 and bool(said)
    text = St.fit(verdict, verdict_width, max_lines=lines)
    # With words under it, the verdict sits above a point half a line below the row's
    # middle (the y axis runs downwards), and the words under that point.
    at = y + 0.5 / (lines + 1) if below else y
    ax.text(_VERDICT_X, at, f"{mark} {text}", transform=ax.get_yaxis_transform(),
            va="bottom" if below else "center", fontsize=font, color=colour,
            fontweight="bold" if lines > 1 else "normal", gid=f"verdict-{y}")
    if not said:
        return
    # The source's words, never styled as a verdict: grey, italic, not bold; under the
    # verdict, or after it when a row has one line (about 0.56 em a character).
    after = 0.0 if below else (len(text) + 3) * 0.56 * font
    if not below:  # many rows, one line each: short, or the plot is squeezed to nothing
        said = said.replace("source states: ", "source: ")
    room = int(verdict_width * 1.6) if below else 20  # pragma: no mutate (layout)
    ax.annotate(("  " if below else "\u00b7 ") + St.fit(said, room), xy=(_VERDICT_X, at),
                xycoords=ax.get_yaxis_transform(), xytext=(after, 0),
                textcoords="offset points", va="top" if below else "center",
                fontsize=max(font * 0.8, St.SMALLEST_ROW_FONT), fontstyle="italic",
                color=St.MUTED, gid=f"stated-{y}")


def _margin(ax: Axes, y: int, low: float | None, high: float | None) -> None:
    half = _BAND_HALF
    if low is not None and high is not None:
        # add_artist, not add_patch: the limits are set from the numbers afterwards,
        # and add_patch's update of the data limits is most of the cost of a row.
        band = ax.add_artist(Rectangle((low, y - half), high - low, 2 * half,
                                      facecolor=St.MARGIN_FILL, edgecolor=St.MARGIN_EDGE,
                                      gid=f"margin-{y}"))
        band.set(linewidth=_BAND_EDGE, zorder=1)  # pragma: no mutate (layout)
        return
    for bound in (low, high):
        if bound is not None:
            # Only one limit reported: mark it, but do not shade a band we cannot close.
            edge = ax.add_line(Line2D([bound, bound], [y - half, y + half],
                                      color=St.MARGIN_EDGE, linestyle="--",
                                      gid=f"margin-bound-{y}"))
            edge.set_linewidth(_BOUND_WIDTH)  # pragma: no mutate (layout)


_NUMBERS = ("difference", "ci_low", "ci_high", "margin_low", "margin_high")


def _reach(rows: pd.DataFrame, ratio: bool) -> float:
    """How far from the centre the axis reaches (on the log scale for a ratio)."""
    present = [pd.to_numeric(rows[c], errors="coerce") for c in _NUMBERS if c in rows]
    numbers = pd.concat(present).dropna() if present else pd.Series(dtype=float)
    if ratio:
        numbers = numbers[numbers > 0].map(math.log)
    numbers = numbers.abs()
    default = _EMPTY_RATIO_REACH if ratio else _EMPTY_REACH
    return float(numbers.max()) * _PAD if len(numbers) and numbers.max() > 0 else default


def _forest_axes(fig: Figure, ax: Axes, ds: Dataset, rows: pd.DataFrame, font: float,
                 lines: int, ratio: bool) -> None:
    St.style_axes(ax)  # the grid on the x axis only
    width = _label_width(fig)
    St.label_rows(ax, [forest_label(ds, r, lines, width) for _i, r in rows.iterrows()], font)
    ax.set_ylim(len(rows) - 0.5, -0.5)
    reach = _reach(rows, ratio)
    unit = common(rows, "unit")
    if ratio:
        ax.set_xscale("log")
        ax.set_xlim(math.exp(-reach), math.exp(reach))  # symmetric around 1 on the log axis
        _ratio_ticks(ax, rows)
        label = f"Ratio biosimilar / reference ({unit}), log axis" if unit else \
            "Ratio biosimilar / reference, log axis"
    else:
        ax.set_xlim(-reach, reach)  # symmetric, so a symmetric margin looks symmetric
        label = (f"Difference in {unit} (biosimilar \u2212 reference)" if unit else
                 "Difference (biosimilar \u2212 reference), in each endpoint's unit")
    # The line of no difference: 1 for a ratio, 0 for a difference.
    rule = ax.axvline(1.0 if ratio else 0.0, color=St.INK)
    rule.set(linewidth=_RULE, zorder=2)  # pragma: no mutate (layout)
    ax.set_xlabel(St.wrap(label, St.chars_across(fig, St.FONT["label"], 0.5)),
                  fontsize=St.FONT["label"])
    heading = ax.annotate("Verdict (CI vs margin)", xy=(_VERDICT_X, 1.0),
                          xycoords="axes fraction", color=St.MUTED)
    heading.set(va="bottom", fontsize=St.FONT["small"])  # pragma: no mutate (layout)


def _ratio_ticks(ax: Axes, rows: pd.DataFrame) -> None:
    """Ticks at 1 and at the margins (a log axis's own ticks skip 0.8 and 1.25)."""
    from matplotlib.ticker import FixedLocator, NullLocator

    lo, hi = ax.get_xlim()
    marks = {1.0, *(float(v) for c in ("margin_low", "margin_high") if c in rows
                    for v in pd.to_numeric(rows[c], errors="coerce").dropna())}
    ticks = sorted(t for t in marks if lo <= t <= hi)
    ax.xaxis.set_major_locator(FixedLocator(ticks))
    ax.xaxis.set_minor_locator(NullLocator())
    ax.set_xticks(ticks, [f"{t:g}" for t in ticks])


def _forest_legend(ax: Axes, rows: pd.DataFrame, share: float) -> None:
    """Legend entries for what is actually drawn, and nothing else."""
    has = rows.reindex(columns=["margin_low", "margin_high", "ci_low", "ci_high",
                                "difference"]).notna()
    sides = rows.reindex(columns=["ci_sides"])["ci_sides"].astype("string")
    one_sided = (sides.eq("one-sided, lower").fillna(False) & has.ci_low) | \
        (sides.eq("one-sided, upper").fillna(False) & has.ci_high)
    ratio = rows["_measure"].eq(_RATIO)
    what = "Ratio" if ratio.all() and len(ratio) else (
        "Estimate" if ratio.any() else "Difference")
    ci_key = Line2D([], [], color=St.MUTED, marker="|", label="Confidence interval")
    ci_key.set(**_KEY_CI_LOOK)  # pragma: no mutate (layout)
    dot_key = Line2D([], [], color=St.MUTED, linestyle="none", marker="o",
                     label=f"{what} (point estimate)")
    dot_key.set(**_KEY_DOT_LOOK)  # pragma: no mutate (layout)
    entries: list[tuple[bool, Artist]] = [
        ((has.margin_low & has.margin_high).any(),
         Patch(facecolor=St.MARGIN_FILL, edgecolor=St.MARGIN_EDGE, label="Equivalence margin")),
        ((has.margin_low ^ has.margin_high).any(),
         Line2D([], [], color=St.MARGIN_EDGE, linestyle="--", label="Margin: one limit only")),
        ((has.ci_low & has.ci_high).any() or one_sided.any(), ci_key),
        (has.difference.any(), dot_key),
    ]
    handles = [handle for shown, handle in entries if shown]
    if handles:
        # pragma: no mutate block (layout: one row of three entries, else two columns)
        St.add_legend(ax, handles, ncols=3 if len(handles) == 3 else 2, share=share)
