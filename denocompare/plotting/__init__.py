"""Qt-free chart builders, and the registry the window, the CLI and the tests share.

Every chart is drawn by one function ``draw_x(fig, ds, view, **options)`` on a plain
``matplotlib.figure.Figure``. ``build_chart(key, ds, view)`` is the one way in: the Qt
canvas passes its own figure to redraw, the exporter, the report and the tests pass
none and get a new one. The options a chart reads come from the ``View`` and nowhere
else, so the screen and a file cannot differ. Nothing here imports pyplot or a backend.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from denocompare.core.dataset import Dataset
    from denocompare.core.view import View

Builder = Callable[..., "Figure"]


@dataclass(frozen=True)
class ChartSpec:
    """One chart: its key, the title the window shows, its builder and file stem.

    The builder is named, not imported: the window lists its charts before it has
    imported matplotlib (about 0.3 s), which it does only when a chart is first shown.
    """

    key: str
    title: str
    builder_name: str  # "module:function" under denocompare.plotting
    filename: str  # default file name stem for export, without the extension
    #: The ``View`` fields the builder takes as keyword options (beyond the products).
    options: tuple[str, ...] = ()

    def options_of(self, view: View) -> dict:
        """The builder's keyword options, read from ``view``."""
        return {name: getattr(view, name) for name in self.options}

    def drawn_from(self, view: View) -> tuple:
        """What the chart shows of ``view``: equal for two views, the same picture."""
        return (tuple(view.products), *(getattr(view, name) for name in self.options))

    @property
    def builder(self) -> Builder:
        module, function = self.builder_name.split(":")
        return getattr(import_module(f"denocompare.plotting.{module}"), function)


#: Every chart, in the one order the exports, the report and the tabs list them.
CHARTS: dict[str, ChartSpec] = {spec.key: spec for spec in (
    ChartSpec("adverse_bands", "Adverse reactions: EU frequency", "adverse:draw_adverse_bands",
              "adverse-reactions-eu-frequency", ("soc", "text")),
    ChartSpec("adverse_incidence", "Adverse reactions: trial incidence vs comparator",
              "adverse:draw_adverse_incidence", "adverse-reactions-trial-incidence",
              ("soc", "text")),
    ChartSpec("forest", "Equivalence studies: difference vs margin", "equivalence:draw_forest",
              "equivalence-difference-vs-margin"),
    ChartSpec("study_arms", "Equivalence studies: result in each arm",
              "arms:draw_study_arms", "equivalence-result-per-arm"),
)}

#: Not in ``CHARTS`` (it needs the committee's weights): the Decision tab's chart, drawn
#: again when the products, the regions (scores), the budget (price) or the criteria
#: change. The report's decision section draws it from ``plotting.criteria`` too.
CRITERIA_CHART = ChartSpec("criteria", "Weighted criteria: score per product",
                           "criteria:draw_criteria", "weighted-criteria",
                           ("regions", "budget", "criteria"))


def build_chart(key: str | ChartSpec, ds: Dataset, view: View,
                fig: Figure | None = None) -> Figure:
    """Draw the chart ``key`` for ``view`` and return its figure.

    Parameters
    ----------
    key : str or ChartSpec
        A key of ``CHARTS``, or a chart not among them (the Decision tab's).
    ds : Dataset
        The loaded dataset.
    view : View
        The comparison: the products, and the options the chart reads (the
        adverse-reaction charts read ``soc`` and ``text``).
    fig : Figure, optional
        A figure to draw on; it is cleared first, because the Qt canvas keeps one
        figure and redraws it on every change. When omitted, a new slide-sized
        figure with constrained layout is made.

    Returns
    -------
    Figure
        The drawn figure.

    Raises
    ------
    KeyError
        If ``key`` is not a known chart.
    """
    from matplotlib.figure import Figure

    from denocompare.plotting.style import FIGSIZE

    spec = key if isinstance(key, ChartSpec) else CHARTS[key]
    if fig is None:
        fig = Figure(figsize=FIGSIZE, layout="constrained")
    else:
        # The old axes are dropped first: Figure.clear would clear each one (as long as
        # making a new one, ~5 ms) only to throw it away.
        for ax in tuple(fig.axes):
            fig.delaxes(ax)
        fig.clear()
    return spec.builder(fig, ds, view, **spec.options_of(view))


def warm() -> None:
    """Import what drawing any chart imports (matplotlib, the builders), drawing nothing.

    The window does it on a worker once its start is done, and then freezes what is
    alive out of the collector's passes: matplotlib's modules imported at the first
    chart instead (some 45,000 objects) made every full pass of the collector 60-90 ms,
    a stall wherever one set off (BENCHMARKS.md).
    """
    import matplotlib.figure  # noqa: F401
    from matplotlib.backends import backend_agg  # noqa: F401

    import denocompare.plotting.style  # noqa: F401

    for spec in (*CHARTS.values(), CRITERIA_CHART):
        import_module(f"denocompare.plotting.{spec.builder_name.split(':')[0]}")


__all__ = ["CHARTS", "CRITERIA_CHART", "ChartSpec", "build_chart", "warm"]
