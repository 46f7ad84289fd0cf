"""Helpers for the chart tests: the fixture dataset's path and views, figure helpers.

A module, not ``conftest.py``: tests import these by name (pytest imports each
conftest itself, and importing one as a module gives a second copy of it).
"""

from __future__ import annotations

import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text

from denocompare.core.dataset import Dataset
from denocompare.core.view import View
from tests.helpers import MINI as MINI

ALL_MINI = View("prolia", ("kefdensis", "stoboclo", "obodence"))


def with_table(ds: Dataset, name: str, frame: pd.DataFrame) -> Dataset:
    """A copy of ``ds`` with one table replaced (for edge cases the sources lack)."""
    return Dataset({**ds.tables, name: frame}, origin=ds.origin)


def with_results(ds: Dataset, edits: dict[int, dict]) -> Dataset:
    """``ds`` with rows of ``study_results`` edited: {row index: {column: value}}."""
    res = ds["study_results"].copy()
    for i, values in edits.items():
        for column, value in values.items():
            res.loc[i, column] = value
    return with_table(ds, "study_results", res)


def drawn(fig: Figure) -> Figure:
    """Lay the figure out as a file export would, so positions and texts are final."""
    FigureCanvasAgg(fig).draw()
    return fig


def texts(fig: Figure) -> list[str]:
    """Every visible text in the figure (titles, labels, annotations, legend)."""
    return [t.get_text() for t in fig.findobj(Text) if t.get_visible() and t.get_text()]


def flat(text: str) -> str:
    """Text with line breaks folded to spaces: labels wrap, assertions should not care."""
    return " ".join(text.split())


def legend_texts(fig: Figure) -> list[str]:
    out = []
    for ax in fig.axes:
        leg = ax.get_legend()
        if leg is not None:
            out.extend(t.get_text() for t in leg.get_texts())
    return out


def row_labels(fig: Figure) -> list[str]:
    """A chart's row labels, top row first (texts drawn by ``style.label_rows``)."""
    labels = sorted(by_gid(fig, "row-label-"), key=lambda t: int(t.get_gid().rsplit("-", 1)[1]))
    return [t.get_text() for t in labels]


def ytick_labels(fig: Figure) -> list[str]:
    """The row labels, flattened to one line each (the charts' rows are not ticks)."""
    return [flat(t) for t in row_labels(fig)]


def by_gid(fig: Figure, prefix: str) -> list:
    return [a for a in fig.findobj() if (a.get_gid() or "").startswith(prefix)]
