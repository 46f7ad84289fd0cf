"""Qt-free chart builders, and the registry the window, the CLI and the tests share.

Every chart is drawn by one function ``draw_x(fig, ds, selection, **options)`` on a
plain ``matplotlib.figure.Figure``. ``build_chart`` is the one way in: the Qt canvas
passes its own figure to redraw, the exporter and the tests pass none and get a new
one. Nothing here imports pyplot or a backend.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from denocompare.core.compare import Selection
    from denocompare.core.dataset import Dataset

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

    @property
    def builder(self) -> Builder:
        module, function = self.builder_name.split(":")
        return getattr(import_module(f"denocompare.plotting.{module}"), function)


CHARTS: dict[str, ChartSpec] = {spec.key: spec for spec in (
    ChartSpec("adverse_bands", "Adverse reactions: EU frequency", "adverse:draw_adverse_bands",
              "adverse-reactions-eu-frequency"),
    ChartSpec("adverse_incidence", "Adverse reactions: trial incidence vs comparator",
              "adverse:draw_adverse_incidence", "adverse-reactions-trial-incidence"),
    ChartSpec("study_arms", "Equivalence studies: result in each arm",
              "equivalence:draw_study_arms", "equivalence-result-per-arm"),
    ChartSpec("forest", "Equivalence studies: difference vs margin", "equivalence:draw_forest",
              "equivalence-difference-vs-margin"),
)}


def build_chart(key: str, ds: Dataset, selection: Selection, fig: Figure | None = None,
                **options) -> Figure:
    """Draw the chart ``key`` for ``selection`` and return its figure.

    Parameters
    ----------
    key : str
        A key of ``CHARTS``.
    ds : Dataset
        The loaded dataset.
    selection : Selection
        The reference product and its comparators.
    fig : Figure, optional
        A figure to draw on; it is cleared first, because the Qt canvas keeps one
        figure and redraws it on every change. When omitted, a new slide-sized
        figure with constrained layout is made.
    **options
        Passed to the builder (the adverse-reaction charts take ``soc`` and ``text``).

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

    spec = CHARTS[key]
    if fig is None:
        fig = Figure(figsize=FIGSIZE, layout="constrained")
    else:
        # The old axes are dropped first: Figure.clear would clear each one (as long as
        # making a new one, ~5 ms) only to throw it away.
        for ax in tuple(fig.axes):
            fig.delaxes(ax)
        fig.clear()
    return spec.builder(fig, ds, selection, **options)


__all__ = ["CHARTS", "ChartSpec", "build_chart"]
