"""Every writer DenoCompare has, one call each, for the fault and refusal tests.

Each case writes one file: ``CASES[name](ctx, target)``. The report cases draw real
charts and render a real PDF (on the small fixture dataset), because a failure that
only shows in the real writer is the point of these tests.
"""

from __future__ import annotations

import datetime as dt
import errno
import functools
import io
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

from denocompare.core import compare as C
from denocompare.core.audit import Trail, trail
from denocompare.core.dataset import Dataset
from denocompare.core.view import View
from denocompare.io.validate import load_dataset
from denocompare.output import report_html, report_pdf
from denocompare.output import writers as W
from denocompare.output.dataset_copy import write_dataset_copy
from denocompare.output.figure_export import export_figure
from denocompare.output.report_html import write_html
from denocompare.output.report_pdf import write_pdf
from denocompare.output.table_export import write_cells_csv, write_cells_xlsx
from denocompare.plotting import build_chart

MINI = Path(__file__).resolve().parents[1] / "fixtures" / "mini"
SELECTION = View("prolia", ("kefdensis", "stoboclo"))
OLD = b"the previous file, which must survive\n" * 200
#: When the writers' audit trail says the files were made: fixed, so bytes compare.
WHEN = dt.datetime(2026, 12, 1, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=1)))


@dataclass(frozen=True)
class Context:
    ds: Dataset
    fig: Figure
    frame: pd.DataFrame
    trail: Trail
    cells: C.CellTable


def table(rows: int = 3000) -> pd.DataFrame:
    return pd.DataFrame({"n": np.arange(rows), "text": [f"row {i}, ünïcode" for i in range(rows)]})


CASES: dict[str, tuple[str, Callable[[Context, Path], Path]]] = {
    "chart-png": ("chart.png", lambda c, t: export_figure(c.fig, t)),
    "chart-svg": ("chart.svg", lambda c, t: export_figure(c.fig, t)),
    "chart-pdf": ("chart.pdf", lambda c, t: export_figure(c.fig, t)),
    "table-csv": ("table.csv", lambda c, t: W.write_table(c.frame, t)),
    "table-xlsx": ("table.xlsx", lambda c, t: W.write_table(c.frame, t)),
    "workbook": ("dataset.xlsx", lambda c, t: W.write_dataset_workbook(c.ds, t)),
    "report-html": ("report.html", lambda c, t: write_html(c.ds, SELECTION, t)),
    "report-pdf": ("report.pdf", lambda c, t: write_pdf(c.ds, SELECTION, t)),
    # ... and each with the audit trail, which some write beside or inside the file.
    "chart-png-trail": ("chart.png", lambda c, t: export_figure(c.fig, t, trail=c.trail)),
    "chart-svg-trail": ("chart.svg", lambda c, t: export_figure(c.fig, t, trail=c.trail)),
    "chart-pdf-trail": ("chart.pdf", lambda c, t: export_figure(c.fig, t, trail=c.trail)),
    "table-csv-trail": ("table.csv", lambda c, t: W.write_table(c.frame, t, trail=c.trail)),
    "table-xlsx-trail": ("table.xlsx", lambda c, t: W.write_table(c.frame, t, trail=c.trail)),
    "cells-csv": ("cells.csv", lambda c, t: write_cells_csv(c.cells, t, c.trail)),
    "cells-xlsx": ("cells.xlsx", lambda c, t: write_cells_xlsx(c.cells, t, "Products",
                                                               "mini", c.trail)),
    "workbook-trail": ("dataset.xlsx", lambda c, t: W.write_dataset_workbook(c.ds, t,
                                                                             c.trail)),
    "copy-xlsx-trail": ("copy.xlsx", lambda c, t: write_dataset_copy(c.ds, t, c.trail)),
    "report-html-trail": ("report.html", lambda c, t: write_html(c.ds, SELECTION, t,
                                                                 c.trail)),
}


class FullDisk(io.FileIO):
    """A temporary file on a disk with room for ``room`` more bytes.

    Like a real file system, a write that does not fit writes what fits and returns
    that count; the next one fails with ENOSPC, or, with ``short``, returns 0.
    """

    def __init__(self, path: Path, room: int, short: bool = False) -> None:
        super().__init__(path, "w")
        self.room, self.used, self.short = room, 0, short

    def write(self, data) -> int:  # type: ignore[override]
        view = memoryview(data).cast("B")
        fit = min(len(view), self.room - self.used)
        if fit <= 0:
            if self.short:
                return 0
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        written = super().write(view[:fit]) or 0
        self.used += written
        return written


def leftovers(folder: Path) -> list[str]:
    """Temporary files a writer left behind."""
    return sorted(p.name for p in folder.rglob("*") if p.name.endswith(".part"))


def is_plain(message: str) -> bool:
    """A message for people: no traceback, no errno number, no exception class."""
    return not any(s in message for s in ("Traceback", "[Errno", "Error:", "OSError"))


@pytest.fixture(scope="module", name="ctx")
def shared_ctx():
    # The report's HTML and PDF are made once and reused: each case tests the
    # writing, which stays real, and rendering the same report 16 times would not
    # test more (a PDF takes seconds).
    ds = load_dataset(MINI)
    build = report_html.build_html
    html = functools.cache(lambda: build(ds, SELECTION))
    with pytest.MonkeyPatch.context() as mp:
        for module in (report_html, report_pdf):
            mp.setattr(module, "build_html", lambda *args, **kwargs: html())
        real = report_pdf.render_pdf
        once = functools.cache(lambda text, paper: real(text, paper))
        # The stand-in HTML names no chart, so no images are handed over (a dict, which
        # functools.cache cannot key on); any that were would be rendered for real.
        mp.setattr(report_pdf, "render_pdf", lambda text, paper="A4", images=None:
                   real(text, paper, images) if images else once(text, paper))
        yield Context(ds, build_chart("forest", ds, SELECTION), table(),
                      trail(ds, SELECTION, now=WHEN), big_cells(ds))


def big_cells(ds: Dataset) -> C.CellTable:
    """The attribute table, its rows 60 times over, each labelled apart: larger than
    the faults' 4096 bytes and, compressed as a workbook, than the 12 KiB tmpfs room."""
    cells = C.attribute_table(ds, SELECTION)
    big = cells.take(np.tile(np.arange(len(cells.values.index)), 60))
    big.values.index = [f"{label} #{i}" for i, label in enumerate(big.values.index)]
    return big
