"""The weighted criteria as a chart: one bar per product, best first, cut into each
criterion's share of its total.

Not in ``CHARTS`` (every export and report draws those for any comparison): it needs
the committee's weights. The report's decision section and the tests call
``draw_weighted_scores`` with a ranking from ``core.criteria.rank``; the Decision tab's
canvas (and its Export / Copy) goes through ``plotting.CRITERIA_CHART``: ``draw_criteria`` ranks
the view's own settings the way the tab and ``denocompare decision`` do.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from matplotlib.figure import Figure
from matplotlib.patches import Patch

from denocompare.core import criteria as K
from denocompare.core.criteria import Ranked
from denocompare.core.dataset import Dataset
from denocompare.core.view import View
from denocompare.plotting import style as st

#: One colour per criterion, in the order given (Okabe–Ito, then greys); each also
#: has a hatch, so a grey print still tells them apart.
_COLOURS = (st.BLUE, st.ORANGE, st.BLUISH_GREEN, st.REDDISH_PURPLE, st.VERMILLION,
            st.SKY_BLUE, st.YELLOW, "#7F7F7F", "#BFBFBF", st.BLACK)
_HATCHES = ("", "///", "...", "xxx", "\\\\\\", "+++", "ooo", "--", "||", "**")


def criterion_style(i: int) -> tuple[str, str]:
    return _COLOURS[i % len(_COLOURS)], _HATCHES[i % len(_HATCHES)]


def draw_weighted_scores(fig: Figure, ranked: Sequence[Ranked], names: Mapping[str, str],
                         labels: Mapping[str, str], subtitle: str = "") -> Figure:
    """Stacked horizontal bars of each product's weighted score (0–100 %).

    ``names``: product id -> display name; ``labels``: criterion key -> label, in the
    order the segments and the legend take. A product's label says which criteria
    were gaps scored as worst and which were left out, so no bar hides a gap.
    """
    st.set_titles(fig, "Weighted criteria: score per product", subtitle or
                  "Each bar is the weighted mean of the criteria (100 % = best on all); "
                  "segments are each criterion's share")
    if not ranked:
        st.show_message(fig, "Nothing to rank",
                        "Choose comparators and give at least one criterion a weight.")
        return fig
    ax = fig.add_subplot()
    st.style_axes(ax, "x")
    order = list(labels)
    rows = list(reversed(ranked))  # best at the top
    for i, key in enumerate(order):
        colour, hatch = criterion_style(i)
        widths = [100 * dict(r.parts).get(key, 0.0) for r in rows]
        lefts = [100 * sum(v for k, v in r.parts if k in order[:i]) for r in rows]
        ax.barh(range(len(rows)), widths, left=lefts, color=colour, hatch=hatch,
                edgecolor="white", linewidth=0.6, label=labels[key], gid=f"criterion-{key}")
    for y, r in enumerate(rows):
        ax.text(100 * r.total + 1, y, f"{100 * r.total:.0f} %", va="center",
                fontsize=st.FONT["annotation"], color=st.INK)
    font = st.row_font(fig, len(rows), lines=2)
    st.label_rows(ax, [_row_label(r, names, labels) for r in rows], font)
    ax.set_xlim(0, 112)
    ax.set_xticks(range(0, 101, 20), [f"{t} %" for t in range(0, 101, 20)])
    ax.set_ylim(-0.6, len(rows) - 0.4)
    handles = [Patch(facecolor=criterion_style(i)[0], hatch=criterion_style(i)[1],
                     edgecolor="white", label=labels[k]) for i, k in enumerate(order)]
    st.add_legend(ax, handles, ncols=3)
    return fig


def _row_label(r: Ranked, names: Mapping[str, str], labels: Mapping[str, str]) -> str:
    notes = []
    if r.gaps:
        notes.append("gap scored worst: " + ", ".join(labels.get(k, k) for k in r.gaps))
    if r.left_out:
        notes.append("left out: " + ", ".join(labels.get(k, k) for k in r.left_out))
    name = names.get(r.product, r.product)
    return name + ("\n" + st.fit("; ".join(notes), 48) if notes else "")



def draw_criteria(fig: Figure, ds: Dataset, view: View, **_options: object) -> Figure:
    """``draw_weighted_scores`` for ``view``: its criteria settings (the defaults if the
    committee set none), scored on ``ds`` and ranked by ``core.criteria``."""
    settings = K.settings_for(view)
    automatic = K.automatic_scores(ds, view)
    values = settings.scores(automatic, list(view.comparators))
    ranked = K.rank(values, dict(settings.weights), dict(settings.policies))
    labels = settings.labels()
    shown = {k: labels[k] for k, w in settings.weights if k in labels and w > 0}
    draw_weighted_scores(fig, ranked, {p: ds.short_name(p) for p in view.products}, shown)
    if ranked:  # the sources the shown automatic scores rest on, as every chart names them
        cited = {sid for key, per in automatic.items() if key in shown
                 for score in per.values() for sid in score.sources.split(";") if sid}
        st.add_footer(fig, ds, cited)
    return fig
