"""Comparative-study chart: the result in each arm, labelled with n.

It reads ``compare.study_results``. A study the sources give no numbers for is still
named, with what is missing, so nothing silently drops out.
"""

from __future__ import annotations

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from denocompare.core import compare as C
from denocompare.core.dataset import NOT_REPORTED, Dataset
from denocompare.core.view import View
from denocompare.plotting import style as St
from denocompare.plotting.fits import figure_of, fit_font

ARMS_NOT_REPORTED = "arm results not reported in source"
NO_STUDIES = "No comparative studies in the sources for the chosen products"
CARDS_ADVICE = "choose fewer comparators for the others; the study cards list every result"


def num(value: object) -> float | None:
    """A cell as a float, or None when blank."""
    return None if value is None or pd.isna(value) else float(value)  # type: ignore[arg-type]


def as_text(value: object) -> str:
    """A cell as stripped text, '' when blank."""
    return "" if value is None or pd.isna(value) else str(value).strip()


def common(rows: pd.DataFrame, column: str) -> str:
    """The one value ``column`` has in every row that has one, else ''."""
    values = {as_text(v) for v in rows.get(column, [])} - {""}
    return values.pop() if len(values) == 1 else ""


def _studies_of(ds: Dataset, selection: View) -> pd.DataFrame:
    studies = ds["studies"]
    return studies[studies["biosimilar_id"].isin(selection.products)]


def _pair(ds: Dataset, biosimilar_id: str, reference_id: str) -> str:
    return f"{ds.short_name(biosimilar_id)} vs {ds.short_name(reference_id)}"


def study_title(ds: Dataset, row) -> str:
    """'<study>: <biosimilar> vs <reference>'; just the name when it already says who."""
    name = as_text(row["name"])
    ids = (str(row["biosimilar_id"]), str(row["reference_id"]))
    if all(ds.short_name(p).lower() in name.lower() for p in ids):
        return name
    return f"{name}: {_pair(ds, *ids)}"


# --- result in each arm -------------------------------------------------------------
def arm_results(ds: Dataset, selection: View) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(result rows with an arm value, studies with none) for the chosen products."""
    with_values = C.study_results(ds, selection.products)
    if len(with_values):
        with_values = with_values[with_values["result_biosimilar"].notna()
                                  | with_values["result_reference"].notna()]
    studies = _studies_of(ds, selection)
    missing = studies[~studies["study_id"].isin(set(with_values.get("study_id", [])))]
    return with_values.reset_index(drop=True), missing.reset_index(drop=True)


def arm_n_labels(row: pd.Series) -> tuple[str | None, str | None, str | None]:
    """(biosimilar n, reference n, both arms) labels: the most specific n reported.

    The result row's own n comes first, then the study's arm sizes; when only the
    total is known it is shown once, across both bars, rather than split by guess.
    """
    nb = next((v for v in (row.get("n_biosimilar"), row.get("n_biosimilar_study"))
               if not pd.isna(v)), None)
    nr = next((v for v in (row.get("n_reference"), row.get("n_reference_study"))
               if not pd.isna(v)), None)
    if nb is not None or nr is not None:
        return (f"n = {St.fmt_count(nb)}" if nb is not None else "n not reported",
                f"n = {St.fmt_count(nr)}" if nr is not None else "n not reported", None)
    total = row.get("n_randomised")
    if total is not None and not pd.isna(total):
        return None, None, f"n = {St.fmt_count(total)} randomised (both arms)"
    return None, None, "n not reported"


def draw_study_arms(fig: Figure, ds: Dataset, selection: View) -> Figure:
    """Bars of the result in each arm of each comparative study, labelled with n.

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
        ``fig``. Studies whose arm values the sources do not give are listed beside
        the bars as 'arm results not reported in source'.
    """
    rows, missing = arm_results(ds, selection)
    cut = St.shown_note(St.MAX_GROUPS, len(rows), "results",
                        CARDS_ADVICE)
    St.set_titles(fig, "Result in each arm of the comparative studies",
                  "; ".join(t for t in (_unit_subtitle(rows), cut) if t))
    rows = rows.iloc[:St.MAX_GROUPS]
    sources = St.sources_of(ds, [*rows.get("source_id", []),
                                 *rows.get("source_id_study", []),
                                 *missing["source_id"]])
    if rows.empty:
        St.show_message(fig, *((NO_STUDIES,) if missing.empty else (
            f"Studies found, but {ARMS_NOT_REPORTED}:",
            St.list_text(_missing_lines(ds, missing), 6))))
        St.add_footer(fig, ds, sources)
        return fig
    if missing.empty:
        ax = fig.add_subplot()
    else:
        grid = fig.add_gridspec(1, 2, width_ratios=(3.0, 1.25))
        ax = fig.add_subplot(grid[0, 0])
        _missing_panel(fig.add_subplot(grid[0, 1]), fig, ds, missing)
    _draw_arm_bars(ax, ds, selection, rows)
    St.add_footer(fig, ds, sources)
    return fig


def _unit_subtitle(rows: pd.DataFrame) -> str:
    """The unit when all rows share one (it names the endpoint), else the endpoints."""
    if rows.empty:
        return ""
    unit = common(rows, "unit")
    if unit:
        return f"{unit}; bars labelled with the number of patients (n)"
    return "Result in each endpoint's own unit; see the label under each pair of bars"


def _missing_lines(ds: Dataset, missing: pd.DataFrame) -> list[str]:
    # Product first: in a cut-off line the pharmacist still sees whose study it is.
    return [f"{ds.short_name(str(r['biosimilar_id']))}: {r['name']}"
            for _i, r in missing.iterrows()]


def _missing_panel(ax: Axes, fig: Figure, ds: Dataset, missing: pd.DataFrame) -> None:
    """The studies without arm values, as a list that stops before it overflows."""
    ax.set_axis_off()
    names = _missing_lines(ds, missing)
    font = St.FONT["small"] if len(names) > 6 else St.FONT["annotation"]
    room = int(St.plot_height_pt(fig) / (font * 1.35)) - 3  # lines under the heading
    two_lines = 2 * len(names) <= room
    shown = names if len(names) <= room // (2 if two_lines else 1) else \
        names[: max(room - 1, 1)]
    lines = [f"\u2022 {St.fit(n, 30, 2 if two_lines else 1)}".replace("\n", "\n   ")
             for n in shown]
    if len(shown) < len(names):
        lines.append(f"  \u2026 and {len(names) - len(shown)} more (see the study cards)")
    ax.text(0.0, 1.0, "Arm results not reported\nin source for:\n\n" + "\n".join(lines),
            transform=ax.transAxes, va="top", ha="left", fontsize=font, color=St.INK,
            linespacing=1.35, gid="arms-not-reported")


def _group_pt(ax: Axes, n_groups: int) -> float:
    """Roughly a study's share of the axis, in points (beside the 'not reported' panel
    the axis has about 55 % of the figure, alone about 80 %)."""
    fig = figure_of(ax)
    share = 0.55 if len(fig.axes) > 1 else 0.8
    return fig.get_size_inches()[0] * 72 * share / max(n_groups, 3)


def _draw_arm_bars(ax: Axes, ds: Dataset, selection: View, rows: pd.DataFrame) -> None:
    styles = St.product_styles(selection.products)
    width = 0.38
    # Values over bars no wider than the text printed '81.9 %81.9 %' at 12 pt.
    value_font = fit_font("100.0 %", 0.95 * width * _group_pt(ax, len(rows)),
                             St.FONT["label"], 7.0)
    legend: dict[str, Patch] = {}
    for g, (_i, row) in enumerate(rows.iterrows()):
        n_bio, n_ref, n_both = arm_n_labels(row)
        arms = ((row["biosimilar_id"], row["result_biosimilar"], -width / 2, n_bio),
                (row["reference_id"], row["result_reference"], width / 2, n_ref))
        for pid, value, dx, n_text in arms:
            st = St.style_for(styles, str(pid))
            name = ds.short_name(str(pid))
            legend.setdefault(name, Patch(facecolor=st.color, hatch=st.hatch,
                                          edgecolor="white", label=name))
            x = g + dx
            if num(value) is None:
                ax.text(x, 0, NOT_REPORTED.replace(" in ", "\nin "), rotation=90,
                        ha="center", va="bottom", fontsize=St.FONT["small"], color=St.MUTED)
                continue
            _arm_bar(ax, x, float(value), width, st, n_text, as_text(row["unit"]),
                     value_font)
        if n_both:
            _n_label(ax, g, row, n_both)
    _arm_axes(ax, ds, rows)
    St.add_legend(ax, list(legend.values()), ncols=4)


def _arm_bar(ax: Axes, x: float, value: float, width: float, st: St.ProductStyle,
             n_text: str | None, unit: str, font: float = St.FONT["label"]) -> None:
    ax.bar(x, value, width=width, color=st.color, hatch=st.hatch, edgecolor="white",
           linewidth=0.6, gid="arm-bar")
    suffix = " %" if unit.startswith("%") else ""
    ax.annotate(f"{St.fmt_number(value, 1)}{suffix}", xy=(x, value),
                xytext=(0, 4 if value >= 0 else -4), textcoords="offset points",
                ha="center", va="bottom" if value >= 0 else "top",
                fontsize=font, fontweight="bold", color=St.INK)
    if n_text:
        ax.text(x, value / 2, n_text, ha="center", va="center", fontsize=St.FONT["small"],
                color=St.INK, bbox={"boxstyle": "round,pad=0.25", "fc": "white",
                                    "ec": "none", "alpha": 0.9})


def _n_label(ax: Axes, g: int, row: pd.Series, text: str) -> None:
    values = [v for v in (num(row["result_biosimilar"]), num(row["result_reference"]))
              if v is not None]
    y = min(values, key=abs) / 2 if values else 0.0
    ax.text(g, y, St.wrap(text, 22), ha="center", va="center", fontsize=St.FONT["small"],
            color=St.INK, bbox={"boxstyle": "round,pad=0.3", "fc": "white", "ec": St.GRID,
                                "alpha": 0.95}, gid="n-both-arms")


def _arm_axes(ax: Axes, ds: Dataset, rows: pd.DataFrame) -> None:
    St.style_axes(ax, grid_axis="y")
    labels = []
    for _i, r in rows.iterrows():
        when = ", ".join(t for t in (as_text(r["timepoint"]), as_text(r["analysis_set"])) if t)
        labels.append(f"{study_title(ds, r)}\n{when}")
    # Each study's name wrapped to its own column: at 30 characters, two studies'
    # names ran into each other on the report's 8.2 in.
    room = 0.92 * _group_pt(ax, len(rows))
    chars = max(16, min(30, int(room / (0.6 * St.FONT["small"]))))
    labels = ["\n".join(St.wrap(part, chars) for part in t.split("\n")) for t in labels]
    ax.set_xticks(range(len(rows)), labels, fontsize=min(
        fit_font(t, room, St.FONT["small"], 7.0) for t in labels))
    # At least three groups' width, so one study does not become two wide slabs.
    pad = 0.5 * max(0, 3 - len(rows))
    ax.set_xlim(-0.5 - pad, len(rows) - 0.5 + pad)
    ax.axhline(0, color=St.INK, linewidth=0.8)
    values = pd.concat([rows["result_biosimilar"], rows["result_reference"]]).dropna()
    top, bottom = float(max(values.max(), 0)), float(min(values.min(), 0))
    span = (top - bottom) or 1.0
    low, high = bottom - 0.12 * span * (bottom < 0), top + 0.15 * span
    ticks = [t for t in ax.yaxis.get_major_locator().tick_values(low, high) if t <= high]
    if ticks and high - ticks[-1] < 0.05 * (high - low):
        # A tick at the very top prints half its label into the legend's band ('100'
        # over 'Wezenla'): a little room above it.
        high = ticks[-1] + 0.08 * (high - low)
    ax.set_ylim(low, high)
    unit = common(rows, "unit")
    ax.set_ylabel(St.wrap(unit, 28) if unit else "Result (unit of each endpoint)",
                  fontsize=St.FONT["label"])
    ax.tick_params(axis="x", length=0)


