"""Write charts to PNG, SVG or PDF: atomically, reproducibly, with plain-text errors.

A chart file is written to a temporary file beside the target, flushed to disk, then
moved over the target in one step (``os.replace``). A reader, a sync client or a
crash therefore sees either the old file or the complete new one, never half a PNG.
Files carry the audit trail (``core.audit``) in the format's own metadata and no
other date or software version (matplotlib's are removed), so the same data, view and
trail give the same bytes (handy for committing charts next to a formulary dossier).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from functools import partial
from pathlib import Path
from typing import IO, Any

from matplotlib.figure import Figure

from denocompare.core.audit import Trail, trail_of
from denocompare.core.dataset import Dataset
from denocompare.core.errors import ExportError
from denocompare.core.view import View
from denocompare.output.writers import atomic_write, reason, refuse_bundled
from denocompare.plotting import CHARTS, build_chart
from denocompare.plotting.render import FORMATS, draw_raster, encode_png, save_figure

__all__ = ["FORMATS", "chart_metadata", "export_all", "export_figure"]


def chart_metadata(trail: Trail | None, fmt: str) -> dict[str, Any]:
    """The audit trail as the metadata ``fmt`` accepts (matplotlib checks the keys).

    PNG: text chunks (any key): ``Description`` (the trail in words), ``Source``,
    ``Creation Time``, ``Software`` and one ``DenoCompare <key>`` chunk per item. SVG
    (Dublin Core): ``Description``, ``Source``, ``Date``, ``Identifier`` (the content
    hash), ``Relation`` (the comparison file), ``Creator``, and ``Keywords`` with each
    item as ``key=value``. PDF (the info dictionary): ``Subject``, ``Keywords``,
    ``Creator`` and ``CreationDate``.
    """
    if trail is None:
        return {}
    app = f"DenoCompare {trail.app_version}"
    pairs = [f"{k}={v}" for k, v in trail.items()]
    if fmt == "png":
        return {"Description": trail.one_line(), "Source": trail.dataset_label,
                "Creation Time": trail.made_at, "Software": app,
                **{f"DenoCompare {k}": v for k, v in trail.items()}}
    if fmt == "svg":
        return {"Description": trail.one_line(), "Source": trail.dataset_label,
                "Date": trail.made_at, "Identifier": f"sha256:{trail.content_hash}",
                "Relation": trail.comparison_file or "not saved", "Creator": app,
                "Keywords": pairs}
    # In UTC: matplotlib 3.10 writes a zone east of UTC with the wrong sign (+01:00 as
    # "-01'00'"); UTC is written "Z", correctly. The local time is in Subject.
    made = dt.datetime.fromisoformat(trail.made_at).astimezone(dt.UTC)
    return {"Subject": trail.one_line(), "Keywords": "; ".join(pairs), "Creator": app,
            "CreationDate": made}


def _format_of(path: Path, fmt: str | None) -> str:
    chosen = (fmt or path.suffix.lstrip(".")).lower().lstrip(".")
    if not chosen:
        raise ExportError(f"Cannot tell which format to save '{path.name}' in: add "
                          ".png, .svg or .pdf to the file name.")
    if chosen not in FORMATS:
        raise ExportError(f"Charts can be saved as PNG, SVG or PDF, not '{chosen}'.")
    return chosen


def export_figure(fig: Figure, path: str | os.PathLike, fmt: str | None = None,
                  dpi: int = 300, trail: Trail | None = None) -> Path:
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
    trail : Trail, optional
        The audit trail, written into the file's metadata (``chart_metadata``).

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
    meta = chart_metadata(trail, chosen)
    return _write(target, lambda fh: save_figure(fig, fh, chosen, dpi, meta))


def _write(target: Path, write: Callable[[IO[bytes]], object]) -> Path:
    try:
        return atomic_write(target, write)
    except ExportError as err:
        raise ExportError(f"Could not save the chart as {target}: {err}") from err


def export_all(ds: Dataset, view: View, out_dir: str | os.PathLike,
               formats: Iterable[str] = ("png",), dpi: int | None = None,
               trail: Trail | None = None) -> list[Path]:
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
    trail : Trail, optional
        The audit trail each file carries; by default made now (not saved).

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
    trail = trail_of(ds, view, trail)
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
                    jobs.append(encoder.submit(_write, target, partial(
                        encode_png, pixels, dpi=dpi, metadata=chart_metadata(trail, fmt))))
                else:
                    jobs.append(_done(export_figure(fig, target, fmt, dpi, trail)))
        return [job.result() for job in jobs]


def _done(path: Path) -> Future[Path]:
    job: Future[Path] = Future()
    job.set_result(path)
    return job
