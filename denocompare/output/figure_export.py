"""Write charts to PNG, SVG or PDF: atomically, reproducibly, with plain-text errors.

A chart file is written to a temporary file beside the target, flushed to disk, then
moved over the target in one step (``os.replace``). A reader, a sync client or a
crash therefore sees either the old file or the complete new one, never half a PNG.
Files carry no creation date or software version, so the same data and view
give the same bytes (handy for committing charts next to a formulary dossier).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from functools import partial
from pathlib import Path
from typing import IO

from matplotlib.figure import Figure

from denocompare.core.dataset import Dataset
from denocompare.core.errors import ExportError
from denocompare.core.view import View
from denocompare.output.writers import atomic_write, reason, refuse_bundled
from denocompare.plotting import CHARTS, build_chart
from denocompare.plotting.render import FORMATS, draw_raster, encode_png, save_figure

__all__ = ["FORMATS", "export_all", "export_figure"]


def _format_of(path: Path, fmt: str | None) -> str:
    chosen = (fmt or path.suffix.lstrip(".")).lower().lstrip(".")
    if not chosen:
        raise ExportError(f"Cannot tell which format to save '{path.name}' in: add "
                          ".png, .svg or .pdf to the file name.")
    if chosen not in FORMATS:
        raise ExportError(f"Charts can be saved as PNG, SVG or PDF, not '{chosen}'.")
    return chosen


def export_figure(fig: Figure, path: str | os.PathLike, fmt: str | None = None,
                  dpi: int = 300) -> Path:
    """Save ``fig`` to ``path`` atomically and return the path written.

    Parameters
    ----------
    fig : Figure
        The figure, as a builder from ``denocompare.plotting`` returned it.
    path : path-like
        Target file. When ``fmt`` is given and the name has no extension, the
        extension is added.
    fmt : {'png', 'svg', 'pdf'}, optional
        Format; by default taken from the file extension.
    dpi : int
        Resolution of PNG output (SVG and PDF are vector; text stays text).

    Returns
    -------
    Path
        The file written.

    Raises
    ------
    ExportError
        When the format is unknown or the file cannot be written; the message says
        which file and why. No temporary file is left behind.
    """
    target = Path(path)
    chosen = _format_of(target, fmt)
    if not target.suffix:
        target = target.with_suffix(f".{chosen}")
    return _write(target, lambda fh: save_figure(fig, fh, chosen, dpi))


def _write(target: Path, write: Callable[[IO[bytes]], object]) -> Path:
    try:
        return atomic_write(target, write)
    except ExportError as err:
        raise ExportError(f"Could not save the chart as {target}: {err}") from err


def export_all(ds: Dataset, view: View, out_dir: str | os.PathLike,
               formats: Iterable[str] = ("png",), dpi: int | None = None) -> list[Path]:
    """Build every chart in ``CHARTS`` for ``view`` and write each in each format.

    Parameters
    ----------
    ds : Dataset
        The loaded dataset.
    view : View
        The comparison, as on screen: its products and the options the charts read
        (the adverse-reaction filters), so each file is the chart the window shows.
    out_dir : path-like
        Folder to write into; created if missing (never inside the bundled data).
        Files are named by each chart's default file name stem, e.g.
        ``equivalence-difference-vs-margin.png``.
    formats : iterable of str
        Any of 'png', 'svg', 'pdf'.
    dpi : int, optional
        Resolution of PNG output; by default the view's.

    Returns
    -------
    list of Path
        The files written, chart by chart in registry order.

    Raises
    ------
    ExportError
        On an unknown format or a folder or file that cannot be written.
    """
    folder = Path(out_dir)
    dpi = view.dpi if dpi is None else dpi
    chosen = [_format_of(folder / "chart", f) for f in formats]
    refuse_bundled(folder)  # before mkdir: a refused export must not leave a folder
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise ExportError(f"Could not create the folder {folder}: "
                          f"{reason(err, folder.parent)}.") from err
    # One chart's PNG is compressed on a second thread while the next one is drawn:
    # compression is a third of a 300-dpi export, and Pillow does it without the GIL.
    # Matplotlib itself stays on this thread.
    jobs: list[Future[Path]] = []
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="png") as encoder:
        for key, spec in CHARTS.items():
            fig = build_chart(key, ds, view)
            for fmt in chosen:
                target = folder / f"{spec.filename}.{fmt}"
                pixels = draw_raster(fig, dpi) if fmt == "png" else None
                if pixels is not None:
                    jobs.append(encoder.submit(
                        _write, target, partial(encode_png, pixels, dpi=dpi)))
                else:
                    jobs.append(_done(export_figure(fig, target, fmt, dpi)))
        return [job.result() for job in jobs]


def _done(path: Path) -> Future[Path]:
    job: Future[Path] = Future()
    job.set_result(path)
    return job
