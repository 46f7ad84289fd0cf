"""Writing a built chart to PNG, SVG or PDF: the one way charts leave the program.

The exporter, the committee report and the window's Copy image and Print all write
charts through ``save_figure``, so each gets the same layout, metadata and bytes.
PNG is drawn and compressed in two steps (``draw_raster``, ``encode_png``) so that
``export_all`` can compress one chart on a second core while it draws the next.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import IO, Any

import matplotlib as mpl
import numpy as np
from matplotlib.backend_bases import FigureCanvasBase
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.layout_engine import ConstrainedLayoutEngine, TightLayoutEngine

FORMATS = ("png", "svg", "pdf")

#: Keys each writer accepts; None removes the entry (and with it matplotlib's date and
#: version), so the same data, selection and audit trail (``metadata``, from
#: ``output.figure_export.chart_metadata``) give the same bytes.
METADATA: dict[str, dict[str, str | None]] = {
    "png": {"Software": None},
    "svg": {"Date": None, "Creator": None},
    "pdf": {"Creator": None, "Producer": None, "CreationDate": None},
}

#: zlib level for PNG. Measured at 300 dpi on the bundled charts (BENCHMARKS.md):
#: level 1 encodes in about half the time of Pillow's default 6, for files -3 to +17 %
#: in size (anti-aliased text and hatching compress poorly at any level).
PNG_COMPRESS_LEVEL = 1


def settle_layout(fig: Figure, dpi: float) -> None:
    """Run the figure's layout engine once at ``dpi``, then keep that layout.

    ``savefig`` on a figure with constrained layout runs the layout twice (a draw
    without rendering, then the real draw), and each run measures every label. A
    figure built for one file does not change afterwards, so one run is enough;
    positions are fractions of the figure, so the layout also holds for the other
    formats of the same figure.
    """
    if not isinstance(fig.get_layout_engine(), ConstrainedLayoutEngine | TightLayoutEngine):
        return
    screen_dpi = fig.dpi
    fig.dpi = dpi
    try:
        fig.draw_without_rendering()
    finally:
        fig.dpi = screen_dpi
    fig.set_layout_engine("none")


def draw_raster(fig: Figure, dpi: float) -> np.ndarray | None:
    """Draw ``fig`` with Agg at ``dpi`` and return its pixels (rows x columns x RGB[A]).

    Returns None for a figure shown in a window: drawing it at another resolution
    would resize the window's canvas; ``savefig`` switches canvases safely instead.
    """
    canvas = _offscreen_canvas(fig)
    return None if canvas is None else _pixels(canvas, fig, dpi)


def _pixels(canvas: FigureCanvasAgg, fig: Figure, dpi: float) -> np.ndarray:
    screen_dpi = fig.dpi
    fig.dpi = dpi
    try:
        canvas.draw()
        rgba = np.asarray(canvas.buffer_rgba())
        # Charts have an opaque white face: without the alpha channel a quarter less
        # data is compressed, and the picture is the same.
        opaque = bool((rgba[..., 3] == 255).all())
        return (rgba[..., :3] if opaque else rgba).copy()
    finally:
        fig.dpi = screen_dpi


def _offscreen_canvas(fig: Figure) -> FigureCanvasAgg | None:
    """The figure's Agg canvas, made if it has none yet; None for a window's canvas."""
    if type(fig.canvas) is FigureCanvasBase:
        return FigureCanvasAgg(fig)
    return fig.canvas if type(fig.canvas) is FigureCanvasAgg else None


def encode_png(pixels: np.ndarray, fh: IO[bytes], dpi: float,
               metadata: Mapping[str, Any] | None = None) -> None:
    """Compress ``pixels`` (from ``draw_raster``) as PNG into ``fh``.

    Touches no matplotlib state, and Pillow releases the GIL while it compresses, so
    this may run on another thread while the next chart is drawn. ``metadata`` (text
    keys and values) goes into text chunks, as ``savefig(metadata=...)`` puts it.
    """
    from PIL import Image
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    for key, value in (metadata or {}).items():
        if value is not None:
            info.add_text(key, str(value))  # iTXt (UTF-8) when not Latin-1
    Image.fromarray(pixels).save(fh, format="png", compress_level=PNG_COMPRESS_LEVEL,
                                 dpi=(dpi, dpi), pnginfo=info)


def save_figure(fig: Figure, fh: IO[bytes], fmt: str, dpi: float = 300,
                metadata: Mapping[str, Any] | None = None) -> None:
    """Write ``fig`` to the open binary file ``fh`` in ``fmt`` at ``dpi``.

    Parameters
    ----------
    fig : Figure
        A figure from ``build_chart``, made for this output (its layout is settled
        here and no longer follows size changes).
    fh : binary file
        Where to write.
    fmt : {'png', 'svg', 'pdf'}
        Output format.
    dpi : float
        Resolution of raster output; vector formats keep text as text.
    metadata : mapping, optional
        Entries the format accepts (``savefig``'s ``metadata``; the exporter makes
        them from the audit trail), over ``METADATA``'s.
    """
    canvas = _offscreen_canvas(fig)
    if canvas is not None and fmt == "png":
        encode_png(_pixels(canvas, fig, dpi), fh, dpi, metadata)
        return
    if canvas is not None:  # never a window's figure: its layout follows resizes
        settle_layout(fig, dpi)
    extra: dict[str, Any] = {}
    if fmt == "png":
        extra["pil_kwargs"] = {"compress_level": PNG_COMPRESS_LEVEL}
    with mpl.rc_context({"svg.hashsalt": "denocompare"}):
        # A fixed salt keeps SVG element ids, and so the bytes, the same each time.
        fig.savefig(fh, format=fmt, dpi=dpi, metadata={**METADATA[fmt], **(metadata or {})},
                    **extra)
