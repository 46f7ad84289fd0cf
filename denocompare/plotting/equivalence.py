"""Equivalence-study charts: the result in each arm, and the difference against the margin.

Both read ``compare.study_results``; the verdict drawn beside each forest row is
``compare.verdict`` of that row, never inferred from the picture. A study the sources
give no numbers for is still named, with what is missing, so nothing silently drops out.
"""

from __future__ import annotations

import pandas as pd
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle

from denocompare.core import compare as C
from denocompare.core.dataset import NOT_REPORTED, Dataset
from denocompare.core.view import View
from denocompare.plotting import style as St

ARMS_NOT_REPORTED = "arm results not reported in source"
NO_STUDIES = "No comparative studies in the sources for the chosen products"
_CARDS_ADVICE = "choose fewer comparators for the others; the study cards list every result"
#: Verdict -> (mark, colour): the mark keeps the verdict legible in grey print.
VERDICT_LOOK = {C.VERDICT_WITHIN: ("\u2713", St.VERDICT_COLOURS["within"]),
                C.VERDICT_CROSSES: ("\u2717", St.VERDICT_COLOURS["crosses"]),
                C.VERDICT_UNKNOWN: ("?", St.VERDICT_COLOURS["unknown"]),
                C.VERDICT_SAYS_EQUIVALENT: ("\u2713?", St.VERDICT_COLOURS["within"]),
                C.VERDICT_SAYS_NOT: ("\u2717?", St.VERDICT_COLOURS["crosses"])}


def _num(value: object) -> float | None:
    return None if value is None or pd.isna(value) else float(value)  # type: ignore[arg-type]


def _text(value: object) -> str:
    return "" if value is None or pd.isna(value) else str(value).strip()


def _studies_of(ds: Dataset, selection: View) -> pd.DataFrame:
    studies = ds["studies"]
    return studies[studies["biosimilar_id"].isin(selection.products)]


def _pair(ds: Dataset, biosimilar_id: str, reference_id: str) -> str:
    return f"{ds.short_name(biosimilar_id)} vs {ds.short_name(reference_id)}"


def study_title(ds: Dataset, row) -> str:
    """'CT-P41 3.1: Stoboclo vs Prolia'; just the name when it already says who."""
    name = _text(row["name"])
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
                        _CARDS_ADVICE)
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
    unit = _common(rows, "unit")
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


def _draw_arm_bars(ax: Axes, ds: Dataset, selection: View, rows: pd.DataFrame) -> None:
    styles = St.product_styles(selection.products)
    width = 0.38
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
            if _num(value) is None:
                ax.text(x, 0, NOT_REPORTED.replace(" in ", "\nin "), rotation=90,
                        ha="center", va="bottom", fontsize=St.FONT["small"], color=St.MUTED)
                continue
            _arm_bar(ax, x, float(value), width, st, n_text, _text(row["unit"]))
        if n_both:
            _n_label(ax, g, row, n_both)
    _arm_axes(ax, ds, rows)
    St.add_legend(ax, list(legend.values()), ncols=4)


def _arm_bar(ax: Axes, x: float, value: float, width: float, st: St.ProductStyle,
             n_text: str | None, unit: str) -> None:
    ax.bar(x, value, width=width, color=st.color, hatch=st.hatch, edgecolor="white",
           linewidth=0.6, gid="arm-bar")
    suffix = " %" if unit.startswith("%") else ""
    ax.annotate(f"{St.fmt_number(value, 1)}{suffix}", xy=(x, value),
                xytext=(0, 4 if value >= 0 else -4), textcoords="offset points",
                ha="center", va="bottom" if value >= 0 else "top",
                fontsize=St.FONT["label"], fontweight="bold", color=St.INK)
    if n_text:
        ax.text(x, value / 2, n_text, ha="center", va="center", fontsize=St.FONT["small"],
                color=St.INK, bbox={"boxstyle": "round,pad=0.25", "fc": "white",
                                    "ec": "none", "alpha": 0.9})


def _n_label(ax: Axes, g: int, row: pd.Series, text: str) -> None:
    values = [v for v in (_num(row["result_biosimilar"]), _num(row["result_reference"]))
              if v is not None]
    y = min(values, key=abs) / 2 if values else 0.0
    ax.text(g, y, St.wrap(text, 22), ha="center", va="center", fontsize=St.FONT["small"],
            color=St.INK, bbox={"boxstyle": "round,pad=0.3", "fc": "white", "ec": St.GRID,
                                "alpha": 0.95}, gid="n-both-arms")


def _arm_axes(ax: Axes, ds: Dataset, rows: pd.DataFrame) -> None:
    St.style_axes(ax, grid_axis="y")
    labels = []
    for _i, r in rows.iterrows():
        when = ", ".join(t for t in (_text(r["timepoint"]), _text(r["analysis_set"])) if t)
        labels.append(f"{St.wrap(study_title(ds, r), 30)}\n{when}")
    ax.set_xticks(range(len(rows)), labels, fontsize=St.FONT["small"])
    # At least three groups' width, so one study does not become two wide slabs.
    pad = 0.5 * max(0, 3 - len(rows))
    ax.set_xlim(-0.5 - pad, len(rows) - 0.5 + pad)
    ax.axhline(0, color=St.INK, linewidth=0.8)
    values = pd.concat([rows["result_biosimilar"], rows["result_reference"]]).dropna()
    top, bottom = float(max(values.max(), 0)), float(min(values.min(), 0))
    span = (top - bottom) or 1.0
    ax.set_ylim(bottom - 0.12 * span * (bottom < 0), top + 0.15 * span)
    unit = _common(rows, "unit")
    ax.set_ylabel(St.wrap(unit, 28) if unit else "Result (unit of each endpoint)",
                  fontsize=St.FONT["label"])
    ax.tick_params(axis="x", length=0)


# --- forest plot --------------------------------------------------------------------
def forest_rows(ds: Dataset, selection: View) -> pd.DataFrame:
    """One row per study x result (analysis set, timepoint), plus studies with none.

    A study without any result row is kept as a row whose every number is missing,
    so the forest plot names it with the verdict 'not reported'. Computed once per
    dataset and choice of products (``Dataset.derived``).
    """
    return ds.derived(("forest_rows", tuple(selection.products)),
                      lambda: _forest_rows(ds, selection))


def _forest_rows(ds: Dataset, selection: View) -> pd.DataFrame:
    res = C.study_results(ds, selection.products)
    studies = _studies_of(ds, selection)
    bare = studies[~studies["study_id"].isin(set(res.get("study_id", [])))].copy()
    if len(bare):
        bare["verdict"] = C.VERDICT_UNKNOWN
        bare["source_id_study"] = bare["source_id"]
        res = pd.concat([res, bare], ignore_index=True) if len(res) else bare
    if res.empty:
        return res
    order = {pid: i for i, pid in enumerate(selection.products)}
    res["_order"] = res["biosimilar_id"].map(order)
    res["_study"] = res["study_id"].map({s: i for i, s in enumerate(studies["study_id"])})
    res = res.sort_values(["_order", "_study"], kind="stable")
    return res.drop(columns=["_order", "_study"]).reset_index(drop=True)


_ABBREVIATIONS = {"full analysis set": "FAS", "per-protocol set": "PPS"}


def forest_label(ds: Dataset, row: pd.Series, lines: int = 3, width: int = 56) -> str:
    """Row label in ``lines`` lines at most: who, then set, timepoint and CI level.

    ``'CT-P41 3.1: Stoboclo vs Prolia'`` over ``'full analysis set, week 52, 95 % CI'``;
    with one line only, the analysis sets are abbreviated (FAS, PPS). No line is longer
    than ``width`` characters.
    """
    level = _text(row.get("ci_level"))
    has_ci = _num(row.get("ci_low")) is not None or _num(row.get("ci_high")) is not None
    ci = f"{level} % CI" if level else ("CI level not reported" if has_ci else "no CI reported")
    if pd.isna(row.get("endpoint")):
        detail = "results not reported in source"
    else:
        detail = ", ".join(t for t in (_text(row.get("analysis_set")) or
                                       "analysis set not stated",
                                       _text(row.get("timepoint")), ci) if t)
    head = study_title(ds, row)
    if lines <= 1:
        for long, short in _ABBREVIATIONS.items():
            detail = detail.replace(long, short)
        return St.fit(f"{head} \u00b7 {detail}", min(56, width))
    return f"{St.fit(head, min(44, width), lines - 1)}\n{St.fit(detail, min(52, width))}"


def _forest_layout(fig: Figure, n_rows: int) -> tuple[float, int]:
    """(label font size, label lines): as many lines, up to three, as the rows allow."""
    lines = int(min(3, max(1, St.plot_height_pt(fig) / max(n_rows, 1) / (1.3 * 8.5))))
    return St.row_font(fig, n_rows, lines, largest=St.FONT["small"]), lines


def _narrowing(fig: Figure) -> float:
    """How much narrower than a slide the figure is (1.0 at a slide's width or wider).

    Row labels and verdicts get that share of their usual room: on a slide-sized
    figure (exports, the report) nothing is cut, and in a narrow window they are cut
    instead of squeezing the plot to nothing (constrained layout then gives up).
    """
    return min(1.0, fig.get_size_inches()[0] / St.FIGSIZE[0])


def _verdict_width(fig: Figure, lines: int) -> int:
    """Characters per verdict line, so a verdict fits its row in ``lines`` lines."""
    # The longest verdict is 52 characters: one line of 52, two of 27, three of 20.
    room = {1: 52, 2: 27}.get(lines, 20)
    return max(12, int(room * _narrowing(fig)))


def draw_forest(fig: Figure, ds: Dataset, selection: View) -> Figure:
    """Difference with its CI against the equivalence margin, one row per result.

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
        ``fig``: the point estimate with CI whiskers, the margin shaded per row, a zero
        line, the CI level in each row label, and ``compare.verdict`` at the right.
        Rows with a CI but no difference show the CI only; rows with nothing show
        only the verdict.
    """
    rows = forest_rows(ds, selection)
    unit = _common(rows, "unit")
    limit = St.row_limit(fig)
    cut = St.shown_note(limit, len(rows), "results, products in the order chosen",
                        _CARDS_ADVICE)
    St.set_titles(fig, "Equivalence: difference between arms against the margin",
                  "; ".join(t for t in ("Difference = biosimilar \u2212 reference", unit, cut)
                            if t))
    if rows.empty:
        St.show_message(fig, NO_STUDIES)
        St.add_footer(fig, ds, [])
        return fig
    rows = rows.iloc[:limit]
    ax = fig.add_subplot()
    styles = St.product_styles(selection.products)
    font, lines = _forest_layout(fig, len(rows))
    verdict_width = _verdict_width(fig, lines)
    for y, (_i, row) in enumerate(rows.iterrows()):
        _forest_row(ax, y, row, St.style_for(styles, str(row["biosimilar_id"])), font, lines,
                    verdict_width)
    _forest_axes(fig, ax, ds, rows, font, lines)
    St.add_footer(fig, ds, St.sources_of(ds, [*rows["source_id"], *rows["source_id_study"]]))
    return fig


def _common(rows: pd.DataFrame, column: str) -> str:
    values = {_text(v) for v in rows.get(column, [])} - {""}
    return values.pop() if len(values) == 1 else ""


def _forest_row(ax: Axes, y: int, row: pd.Series, st: St.ProductStyle, font: float,
                lines: int, verdict_width: int) -> None:
    size = 4.0 + 2.0 * font / 3  # markers shrink with the labels when rows are many
    values = [_num(row.get(c)) for c in
              ("margin_low", "margin_high", "ci_low", "ci_high", "difference")]
    m_low, m_high, lo, hi, diff = values
    _margin(ax, y, m_low, m_high)
    if lo is not None and hi is not None:
        # One line with a '|' marker at each end: the whisker and its caps.
        ax.add_line(Line2D([lo, hi], [y, y], color=st.color, linewidth=2.4,
                           solid_capstyle="butt", marker="|", markersize=1.4 * size,
                           markeredgewidth=2.4, zorder=3, gid=f"ci-{y}"))
    if diff is not None:
        ax.add_line(Line2D([diff], [y], linestyle="none", marker=st.marker, markersize=size,
                           color=st.color, markeredgecolor="white", zorder=4,
                           gid=f"estimate-{y}"))
    if all(v is None for v in values):
        # Short in one-line mode: the rows are many and the plot area narrow.
        note = "no difference, CI or margin reported" if lines > 1 else "not reported"
        ax.text(0, y, note, ha="center", va="center", fontsize=font, fontstyle="italic",
                color=St.MUTED, zorder=3,
                bbox={"boxstyle": "round,pad=0.3", "fc": "white", "ec": "none"})
    verdict = str(row["verdict"])
    mark, colour = VERDICT_LOOK[verdict]
    text = St.fit(verdict, verdict_width, max_lines=lines)
    ax.text(1.02, y, f"{mark} {text}", transform=ax.get_yaxis_transform(), va="center",
            ha="left", fontsize=font, color=colour, clip_on=False,
            fontweight="bold" if lines > 1 else "normal", gid=f"verdict-{y}")


def _margin(ax: Axes, y: int, low: float | None, high: float | None) -> None:
    half = 0.36
    if low is not None and high is not None:
        # add_artist, not add_patch: the limits are set from the numbers afterwards,
        # and add_patch's update of the data limits is most of the cost of a row.
        ax.add_artist(Rectangle((low, y - half), high - low, 2 * half,
                               facecolor=St.MARGIN_FILL, edgecolor=St.MARGIN_EDGE,
                               linewidth=0.8, zorder=1, gid=f"margin-{y}"))
        return
    for bound in (low, high):
        if bound is not None:
            # Only one limit reported: mark it, but do not shade a band we cannot close.
            ax.add_line(Line2D([bound, bound], [y - half, y + half], color=St.MARGIN_EDGE,
                               linestyle="--", linewidth=1.5, gid=f"margin-bound-{y}"))


def _forest_axes(fig: Figure, ax: Axes, ds: Dataset, rows: pd.DataFrame, font: float,
                 lines: int) -> None:
    St.style_axes(ax, grid_axis="x")
    width = max(20, int(56 * _narrowing(fig)))
    St.label_rows(ax, [forest_label(ds, r, lines, width) for _i, r in rows.iterrows()], font)
    ax.set_ylim(len(rows) - 0.5, -0.5)
    # A selection whose studies have no result rows at all has none of these columns.
    present = [pd.to_numeric(rows[c], errors="coerce") for c in
               ("difference", "ci_low", "ci_high", "margin_low", "margin_high") if c in rows]
    numbers = pd.concat(present).dropna().abs() if present else pd.Series(dtype=float)
    reach = float(numbers.max()) * 1.15 if len(numbers) and numbers.max() > 0 else 2.0
    ax.set_xlim(-reach, reach)  # symmetric, so a symmetric margin looks symmetric
    ax.axvline(0, color=St.INK, linewidth=1.0, zorder=2)
    unit = _common(rows, "unit")
    label = (f"Difference in {unit} (biosimilar \u2212 reference)" if unit else
             "Difference (biosimilar \u2212 reference), in each endpoint's unit")
    ax.set_xlabel(St.wrap(label, St.chars_across(fig, St.FONT["label"], 0.5)),
                  fontsize=St.FONT["label"])
    ax.annotate("Verdict (CI vs margin)", xy=(1.02, 1.0), xycoords="axes fraction",
                va="bottom", ha="left", fontsize=St.FONT["small"], color=St.MUTED)
    _forest_legend(ax, rows)


def _forest_legend(ax: Axes, rows: pd.DataFrame) -> None:
    """Legend entries for what is actually drawn, and nothing else."""
    has = rows.reindex(columns=["margin_low", "margin_high", "ci_low", "ci_high",
                                "difference"]).notna()
    entries: list[tuple[bool, Artist]] = [
        ((has.margin_low & has.margin_high).any(),
         Patch(facecolor=St.MARGIN_FILL, edgecolor=St.MARGIN_EDGE, label="Equivalence margin")),
        ((has.margin_low ^ has.margin_high).any(),
         Line2D([], [], color=St.MARGIN_EDGE, linestyle="--", label="Margin: one limit only")),
        ((has.ci_low & has.ci_high).any(),
         Line2D([], [], color=St.MUTED, linewidth=2.4, marker="|", markersize=12,
                markeredgewidth=2.4, label="Confidence interval")),
        (has.difference.any(),
         Line2D([], [], color=St.MUTED, linestyle="none", marker="o", markersize=9,
                label="Difference (point estimate)")),
    ]
    handles = [handle for shown, handle in entries if shown]
    if handles:
        St.add_legend(ax, handles, ncols=3 if len(handles) == 3 else 2)
