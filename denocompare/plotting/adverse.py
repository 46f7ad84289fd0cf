"""Adverse-reaction charts: EU frequency bands, and trial incidence against a comparator.

Both read the rows ``compare.adverse_reactions`` selects, so the chart and the table
beside it in the window always show the same reactions under the same filters.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from denocompare.core import compare as C
from denocompare.core.dataset import Dataset
from denocompare.core.schema import FREQUENCY_BAND_LIMITS, FREQUENCY_BANDS
from denocompare.core.view import View
from denocompare.plotting import style as St
from denocompare.plotting.fits import figure_of, fit_font

NOT_KNOWN = "not known"
#: x position of each band. The SmPC lists bands from very common down to very rare;
#: 'not known' is not a frequency at all, so it stands apart after a gap.
BAND_X = {band: float(i) for i, band in enumerate(FREQUENCY_BANDS) if band != NOT_KNOWN}
BAND_X[NOT_KNOWN] = len(BAND_X) + 0.6
_GAP_AT = len(BAND_X) - 1 + 0.3  # where the 'not known' column starts
#: The widest one band's markers spread, first centre to last: half of it (0.28) keeps
#: the first 'not known' marker right of the dashed rule, 0.3 left of that column's
#: centre (0.8 / n products put it at x = 5.257 with seven, left of the rule at 5.3).
_SPREAD = 0.56
# Look tuning (pixels, not meaning; the image baselines hold it): the white hairline
# that parts touching marks and bars and its widths, the rule's width, the legend's
# marker size, the 'not known' column's shade, an arm's bar as a share of its row.
_EDGE, _MARKER_EDGE, _BAR_EDGE, _RULE, _KEY_SIZE = "white", 0.8, 0.6, 1.0, 9
_SHADE, _BAR = "#F2F2F2", 0.38
#: The characters of a reaction name on one line of an incidence row's label.
_NAME_CHARS = 34
#: "(not listed in S200)": the reaction is missing from another product's source. That
#: is a gap in what the source lists, not a difference in safety, so it is drawn muted.
NOT_LISTED = "not listed in"
NO_INCIDENCE = "No trial percentages in the sources for the chosen products"
NO_BANDS = "No EU frequency bands in the sources for the chosen products"
_FILTER_ADVICE = ("filter by system organ class or reaction name, or choose fewer products, "
                  "for the others; the table lists every row")


def band_tick_label(band: str) -> str:
    """'common\\n≥ 1/100 to\\n< 1/10': the band and its limits, as the axis shows them."""
    limits = FREQUENCY_BAND_LIMITS[band].replace(">=", "\u2265").replace("<=", "\u2264")
    # Break after 'to' so each limit stays whole on its line in a narrow column.
    limits = limits.replace(" to ", " to\n") if " to " in limits else St.wrap(limits, 16)
    return f"{band}\n{limits}"


def _filters_text(soc: str | None, text: str) -> str:
    parts = []
    if soc:
        parts.append(f"system organ class: {soc}")
    if text:
        parts.append(f"reaction contains '{text}'")
    return ("filtered by " + "; ".join(parts)) if parts else ""


def _short_names(ds: Dataset, products: list[str]) -> list[str]:
    return [ds.short_name(p) for p in products]


def _names(ds: Dataset, products: list[str]) -> str:
    return St.names_text(_short_names(ds, products))


def _label_layout(fig: Figure, n_rows: int) -> tuple[float, int]:
    """(font size, lines per label): two lines while rows are tall enough for them."""
    # pragma: no mutate block (layout tuning: the fits tests and the baselines hold it)
    lines = 2 if St.plot_height_pt(fig) / max(n_rows, 1) >= 2 * 1.3 * 9 else 1
    return St.row_font(fig, n_rows, lines), lines


# --- EU frequency bands -------------------------------------------------------------
def band_rows(ds: Dataset, selection: View, soc: str | None = None,
              text: str = "") -> pd.DataFrame:
    """Rows with an EU band, sorted most frequent first, then by name.

    Adds ``rank`` (the reaction's most frequent band, 0 = very common) and
    ``listed_by`` counted among band rows only: a reaction one product lists in the
    EU and another only in a US trial table is still 'listed by one' on this scale.
    Computed once per dataset and arguments (``Dataset.derived``).
    """
    return ds.derived(("band_rows", tuple(selection.products), soc, text),
                      lambda: _band_rows(ds, selection, soc, text))


def _band_rows(ds: Dataset, selection: View, soc: str | None, text: str) -> pd.DataFrame:
    rows = C.adverse_reactions(ds, selection.products, soc=soc, text=text)
    # On integer codes, one gather at the end (grouping and sorting a million rows by
    # their strings took 4-5 s): every band is known (validated), so -1 is an empty one.
    band = pd.Categorical(rows["frequency_band"].to_numpy(), categories=FREQUENCY_BANDS) \
        .codes.astype(np.int64)
    at = np.flatnonzero(band >= 0)
    if not len(at):
        return rows.iloc[:0].assign(rank=pd.Series(dtype=int))
    band = band[at]
    reaction, names = pd.factorize(rows["reaction"].to_numpy()[at], use_na_sentinel=False)
    product, products = pd.factorize(rows["product_id"].to_numpy()[at])
    rank = np.full(len(names), len(FREQUENCY_BANDS), dtype=np.int64)
    np.minimum.at(rank, reaction, band)  # the reaction's most frequent band
    listed = C.count_distinct(reaction, len(names), product, len(products))
    lower = np.array([n.lower() if isinstance(n, str) else n for n in names], dtype=object)
    name = pd.factorize(lower, sort=True, use_na_sentinel=False)[0]
    by = np.lexsort((name[reaction], rank[reaction]))  # stable, as the rows came
    out = rows.take(at[by])
    out["listed_by"] = listed[reaction[by]]
    out["band_index"], out["rank"] = band[by], rank[reaction[by]]
    return out


def draw_adverse_bands(fig: Figure, ds: Dataset, selection: View, *,
                       soc: str | None = None, text: str = "") -> Figure:
    """One row per reaction, one marker per product, on the EU frequency scale.

    Parameters
    ----------
    fig : Figure
        The figure to draw on (already cleared by ``build_chart``).
    ds : Dataset
        The loaded dataset.
    selection : View
        The reference product and its comparators; each gets its own marker.
    soc, text : optional
        The same filters as the adverse-reaction table: a system organ class, and
        text the reaction name must contain.

    Returns
    -------
    Figure
        ``fig``. A reaction some product's source does not list is kept and marked
        'not listed in <source>'; when nothing matches, the figure says so.
    """
    rows = band_rows(ds, selection, soc, text)
    products = selection.products
    filters = _filters_text(soc, text)
    reactions = list(rows["reaction"].unique())  # in order of appearance
    limit = St.row_limit(fig)
    cut = St.shown_note(limit, len(reactions), "reactions, most frequent first",
                        _FILTER_ADVICE)
    St.set_titles(fig, f"EU frequency of adverse reactions: {_names(ds, products)}",
                  "; ".join(n for n in (_band_notes(ds, rows, products, filters), cut) if n))
    if rows.empty:
        St.show_message(fig, NO_BANDS, "; ".join(
            p for p in (f"Chosen: {St.list_text(_short_names(ds, products), 6)}", filters) if p))
        St.add_footer(fig, ds, [])
        return fig
    if cut:
        reactions = reactions[:limit]
        rows = rows[rows["reaction"].isin(reactions)]
    ax = fig.add_subplot()
    _draw_band_markers(ax, fig, ds, rows, products, reactions)
    # With one product present nothing is 'not listed' (it lists every row drawn), and
    # asking costs a redraw of 33,000 rows 52 ms: the subtitle names those without bands.
    _band_axes(ax, fig, ds, rows, reactions, multi=rows["product_id"].nunique() > 1)
    _band_legend(ax, ds, rows, products)
    St.add_footer(fig, ds, St.sources_of(ds, rows["source_id"]))
    return fig


def _draw_band_markers(ax: Axes, fig: Figure, ds: Dataset, rows: pd.DataFrame,
                       products: list[str], reactions: list[str]) -> None:
    listed = set(rows["product_id"].unique())
    present = [p for p in products if p in listed]
    styles = St.product_styles(products)  # one look per product, in every chart
    y_of = {r: i for i, r in enumerate(reactions)}
    # Products in the same band sit side by side across the band's column (rows are
    # the scarce direction), so one marker never hides another.
    step = min(0.17, _SPREAD / max(len(present) - 1, 1))
    size = max(4.0, min(10.0, 0.9 * St.row_font(fig, len(reactions))))  # pragma: no mutate
    # Floats, ints and objects as they come: BAND_X holds floats, Line2D takes the row
    # numbers, and a pandas string column's array is of objects.
    x = rows["frequency_band"].map(BAND_X).to_numpy()
    y = rows["reaction"].map(y_of).to_numpy()
    of = rows["product_id"].to_numpy()
    for i, pid in enumerate(present):
        mine = of == pid
        st = styles[pid]
        offset = (i - (len(present) - 1) / 2) * step
        (line,) = ax.plot(x[mine] + offset, y[mine],
                          linestyle="none", marker=st.marker, color=st.color,
                          markeredgecolor=_EDGE, markeredgewidth=_MARKER_EDGE,
                          label=ds.short_name(pid), gid=f"band-markers-{pid}", zorder=3)
        line.set_markersize(size)  # pragma: no mutate (layout)


def _not_listed(ds: Dataset, rows: pd.DataFrame, reactions: list[str]) -> dict[str, str]:
    """'not listed in S200' per reaction some drawn product's source does not list:
    that product's source ids, or how many products' sources when several."""
    present = list(dict.fromkeys(rows["product_id"]))
    cites = {pid: "; ".join(St.sources_of(ds, rows.loc[rows["product_id"] == pid,
                                                       "source_id"])[:2]) or "its source"
             for pid in present}
    by_reaction = rows.groupby("reaction")["product_id"].agg(set).to_dict()
    out = {}
    for r in reactions:
        lacking = [p for p in present if p not in by_reaction[r]]  # r is one of rows
        if len(lacking) == 1:
            out[r] = f"{NOT_LISTED} {cites[lacking[0]]}"
        elif lacking:
            out[r] = f"not listed for {len(lacking)} products"
    return out


def _band_axes(ax: Axes, fig: Figure, ds: Dataset, rows: pd.DataFrame,
               reactions: list[str], multi: bool) -> None:
    # The grid along x only: the rows' lines are label_rows' (the y axis has no ticks).
    St.style_axes(ax)
    gaps = _not_listed(ds, rows, reactions) if multi else {}
    font, lines = _label_layout(fig, len(reactions))
    room = label_room(fig, font)
    labels = []
    for r in reactions:
        mark = f"  ({gaps[r]})" if r in gaps else ""
        # The mark is never cut: only the reaction name gives way to '…', and only
        # past the room the figure has (a fixed 44 characters cut 'Upper respiratory
        # tract infection' to 'Upper respiratory…' beside its mark).
        labels.append(St.fit(r, max(LABEL_CHARS[lines], room - len(mark)), lines) + mark)
    St.label_rows(ax, labels, font, grid=True)
    ax.set_ylim(len(reactions) - 0.5, -0.5)  # most frequent at the top
    ticks = [band_tick_label(b) for b in BAND_X]
    # A band's column is 1 of the axis's 6.8 units, the axis about 60 % of the figure:
    # at 9.5 pt '\u2265 1/1,000 to' ran into '\u2265 1/100 to' on the report's 8.2 in.
    column = fig.get_size_inches()[0] * 72 * (1 - LABEL_SHARE) / 6.8  # pragma: no mutate
    ax.set_xticks(list(BAND_X.values()), ticks, fontsize=min(
        fit_font(t, column, St.FONT["small"]) for t in ticks))  # pragma: no mutate
    ax.set_xlim(-0.5, BAND_X[NOT_KNOWN] + 0.7)
    # 'not known' is not on the frequency scale: a shaded column behind a dashed rule.
    shade = ax.axvspan(_GAP_AT, BAND_X[NOT_KNOWN] + 0.7, color=_SHADE, zorder=0)
    shade.set_linewidth(0)  # pragma: no mutate (layout)
    rule = ax.axvline(_GAP_AT, color=St.MUTED, linestyle="--")
    rule.set_linewidth(_RULE)  # pragma: no mutate (layout)


#: The fewest characters a reaction name keeps on a line, however narrow the figure.
LABEL_CHARS = {1: 24, 2: 36}
#: The share of the figure's width row labels may take (name and mark together).
LABEL_SHARE = 0.4


def label_room(fig: Figure, font: float) -> int:
    """Characters of a row label, mark included, that fit ``LABEL_SHARE`` of the width:
    about 70 at the 7 pt of 23 rows on a slide, and never fewer than 44."""
    return max(44, St.chars_across(fig, font, LABEL_SHARE))


def _band_legend(ax: Axes, ds: Dataset, rows: pd.DataFrame, products: list[str]) -> None:
    present = set(rows["product_id"].unique())
    styles = St.product_styles(products)
    handles = [Line2D([], [], linestyle="none", marker=styles[pid].marker,
                      color=styles[pid].color, markeredgecolor=_EDGE,
                      label=ds.short_name(pid)) for pid in products if pid in present]
    for key in handles:
        key.set_markersize(_KEY_SIZE)  # pragma: no mutate (layout)
    St.add_legend(ax, handles, ncols=6)


def _band_notes(ds: Dataset, rows: pd.DataFrame, products: list[str], filters: str) -> str:
    """Subtitle: what the scale is, who has no bands, what 'not listed in' means, filters."""
    notes = ["EU SmPC / package-leaflet frequency categories"]
    listed = set(rows["product_id"].unique())
    absent = [ds.short_name(p) for p in products if p not in listed]
    if absent and not rows.empty:
        notes.append(f"none in the sources for {St.list_text(absent)}")
    if rows["product_id"].nunique() > 1 and (rows["listed_by"] < rows["product_id"]
                                             .nunique()).any():
        notes.append(f"'{NOT_LISTED} <source>': that source does not list the reaction, "
                     "which is not a difference in safety")
    return "; ".join([*notes, filters] if filters else notes)


# --- trial incidence ----------------------------------------------------------------
def incidence_rows(ds: Dataset, selection: View, soc: str | None = None,
                   text: str = "") -> pd.DataFrame:
    """Rows with a product-arm percentage, in product order, most frequent first.

    Computed once per dataset and arguments (``Dataset.derived``).
    """
    return ds.derived(("incidence_rows", tuple(selection.products), soc, text),
                      lambda: _incidence_rows(ds, selection, soc, text))


def _incidence_rows(ds: Dataset, selection: View, soc: str | None,
                    text: str) -> pd.DataFrame:
    rows = C.adverse_reactions(ds, selection.products, soc=soc, text=text)
    rows = rows[rows["product_pct"].notna()].copy()
    order = {pid: i for i, pid in enumerate(selection.products)}
    rows["_order"] = rows["product_id"].map(order)
    rows["_study"] = rows["study"].fillna("")
    rows = rows.sort_values(["_order", "_study", "product_pct", "reaction"],
                            ascending=[True, True, False, True])
    return rows.drop(columns=["_order", "_study"]).reset_index(drop=True)


def _comparator_name(ds: Dataset, value: object) -> str:
    text = "" if pd.isna(value) else str(value)
    return ds.short_name(text) if text in set(ds.product_ids()) else (text or "comparator")


def draw_adverse_incidence(fig: Figure, ds: Dataset, selection: View, *,
                           soc: str | None = None, text: str = "") -> Figure:
    """Trial incidence per reaction: product arm beside its comparator arm.

    Parameters
    ----------
    fig : Figure
        The figure to draw on (already cleared by ``build_chart``).
    ds : Dataset
        The loaded dataset.
    selection : View
        The products whose trial percentages are shown.
    soc, text : optional
        The same filters as the adverse-reaction table.

    Returns
    -------
    Figure
        ``fig``: grouped horizontal bars with value labels, the difference in
        percentage points at the right of each group, and each arm's n in the legend.
        When no chosen product has trial percentages, a centred message says so.
    """
    rows = incidence_rows(ds, selection, soc, text)
    filters = _filters_text(soc, text)
    limit = St.row_limit(fig)
    cut = St.shown_note(limit, len(rows), "rows, products in the order chosen",
                        _FILTER_ADVICE)
    pairs = St.list_text(list(dict.fromkeys(
        f"{r.product} vs {_comparator_name(ds, r.comparator)}"
        for r in rows[["product", "comparator"]].drop_duplicates().itertuples())), 2)
    listed = set(rows["product_id"].unique())
    absent = [ds.short_name(p) for p in selection.products if p not in listed]
    note = f"none in the sources for {St.list_text(absent)}" if absent and pairs else ""
    St.set_titles(fig, "Adverse reactions in trials: % of patients in each arm"
                  + (f" ({pairs})" if pairs else ""),
                  "; ".join(p for p in ("Difference = product arm \u2212 comparator arm, "
                                        "in percentage points (pp)", note, filters, cut) if p))
    if rows.empty:
        St.show_message(fig, NO_INCIDENCE, "; ".join(
            p for p in (f"Chosen: {St.list_text(_short_names(ds, selection.products), 6)}",
                        filters) if p))
        St.add_footer(fig, ds, [])
        return fig
    rows = rows.iloc[:limit]
    ax = fig.add_subplot()
    # Value and difference labels shrink with the row labels when rows are many.
    font = min(St.FONT["small"], _label_layout(fig, len(rows))[0])
    handles = _draw_incidence_bars(ax, ds, selection, rows, font)
    # Room at the right for the row's 'a % / b %' when the arms share one label.
    pad = 1.15 if _apart(fig, len(rows), font) else 1.4  # pragma: no mutate (layout)
    _incidence_axes(ax, fig, ds, rows, pad)
    St.add_legend(ax, handles)
    St.add_footer(fig, ds, St.sources_of(ds, rows["source_id"]))
    return fig


def _arm_label(name: str, study: object, n: object) -> str:
    bits = [str(study)] if not pd.isna(study) else []
    if not pd.isna(n):
        bits.append(f"n = {St.fmt_count(n)}")
    return f"{name} ({', '.join(bits)})" if bits else name


def _draw_incidence_bars(ax: Axes, ds: Dataset, selection: View,
                         rows: pd.DataFrame, font: float) -> list[Patch]:
    styles = St.product_styles(selection.products)
    known = set(ds.product_ids())
    legend: dict[str, Patch] = {}
    height = _BAR
    # Each arm's value beside its bar while a bar is as tall as the text; else both
    # values once per row ('5.0 %' printed over '5.0 %' with 20 rows on 8.2 x 5 in).
    apart = _apart(figure_of(ax), len(rows), font)
    for y, r in enumerate(rows.itertuples()):
        arms = [(r.product, r.product_id, r.product_pct, r.product_arm_n, -height / 2)]
        if not pd.isna(r.comparator_pct):
            # A blank comparator's str() is no product id either: drawn grey.
            arms.append((_comparator_name(ds, r.comparator), str(r.comparator), r.comparator_pct,
                         r.comparator_arm_n, height / 2))
        for name, pid, pct, n, dy in arms:
            if pid in known:
                st = St.style_for(styles, pid)
                face, hatch = st.color, st.hatch
            else:
                face, hatch = St.COMPARATOR_ARM, ""
            ax.barh(y + dy, float(pct), height=height, color=face, hatch=hatch,
                    edgecolor=_EDGE, linewidth=_BAR_EDGE, gid=f"incidence-bar-{y}")
            if apart:
                ax.text(float(pct), y + dy, f" {_pct(pct)}", va="center", fontsize=font,
                        color=St.INK)
            label = _arm_label(name, r.study, n)
            legend.setdefault(label, Patch(facecolor=face, hatch=hatch, edgecolor=_EDGE,
                                           label=label))
        if not apart:  # one label per row: the arms are thinner than a line of text
            ax.text(max(float(a[2]) for a in arms), y, " " + " / ".join(
                _pct(a[2]) for a in arms), va="center", fontsize=font,
                color=St.INK, gid=f"incidence-values-{y}")
        _difference_label(ax, y, r.product_pct, r.comparator_pct,
                          St.FONT["annotation"] * font / St.FONT["small"])
    return list(legend.values())


def _apart(fig: Figure, n_rows: int, font: float) -> bool:
    """Whether each arm's bar (0.38 of a row) is as tall as a value label."""
    # pragma: no mutate block (layout tuning: the fits tests and the baselines hold it)
    return St.plot_height_pt(fig) / max(n_rows, 1) * _BAR >= font


def _pct(value: object) -> str:
    return f"{St.fmt_number(float(value), _decimals(value))} %"  # type: ignore[arg-type]


def _decimals(value: object) -> int:
    """Decimals the source gave (34.7 -> 1, 7.65 -> 2), at least one."""
    text = f"{float(value):.4f}".rstrip("0")  # type: ignore[arg-type]
    # A percentage is validated 0-100, so ':.4f' always writes its decimal point.
    return max(1, len(text.split(".")[1]))


def _difference_label(ax: Axes, y: int, product_pct: object, comparator_pct: object,
                      font: float) -> None:
    if pd.isna(comparator_pct):
        text, colour = "no comparator arm", St.MUTED
    else:
        places = max(_decimals(product_pct), _decimals(comparator_pct))
        diff = round(float(product_pct) - float(comparator_pct), places)  # type: ignore[arg-type]
        sign = "+" if diff > 0 else ""
        text, colour = f"{sign}{St.fmt_number(diff, places)} pp", St.INK
    # Axes.text's own defaults: left-aligned, never clipped (the label stands right of
    # the axes), as the arms' value labels beside their bars.
    ax.text(1.01, y, text, transform=ax.get_yaxis_transform(), va="center",
            fontsize=font, color=colour, fontweight="bold")


def _incidence_axes(ax: Axes, fig: Figure, ds: Dataset, rows: pd.DataFrame,
                    pad: float) -> None:
    St.style_axes(ax)  # the grid along x only
    several = rows[["product_id", "study", "comparator"]].astype(str) \
        .drop_duplicates().shape[0] > 1
    font, lines = _label_layout(fig, len(rows))
    labels = []
    for r in rows.itertuples():
        if several:
            study = "" if pd.isna(r.study) else f", {r.study}"
            who = f"{r.product} vs {_comparator_name(ds, r.comparator)}{study}"
            label = St.fit(r.reaction, _NAME_CHARS) + ("\n" if lines > 1 else " \u00b7 ") + who
        else:
            label = St.fit(r.reaction, _NAME_CHARS, lines)
        labels.append(label)
    St.label_rows(ax, labels, font)
    ax.set_ylim(len(rows) - 0.5, -0.5)
    top = float(pd.concat([rows["product_pct"], rows["comparator_pct"]]).max())
    ax.set_xlim(0, top * pad if top > 0 else 1)
    ax.set_xlabel("Patients with the reaction (% of the arm)", fontsize=St.FONT["label"])
    ax.annotate("Difference", xy=(1.01, 1.0), xycoords="axes fraction", va="bottom",
                fontsize=St.FONT["small"], color=St.MUTED)  # left-aligned: the default
