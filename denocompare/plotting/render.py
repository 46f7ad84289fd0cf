"""Writing a built chart to PNG, SVG or PDF: the project's one ``savefig``.

The exporter, the committee report and the window's Copy image and Print all write
charts through ``save_figure``, so each gets the same layout, metadata and bytes.
"""

from __future__ import annotations

from typing import IO, Any

import matplotlib as mpl
from matplotlib.figure import Figure
from matplotlib.layout_engine import ConstrainedLayoutEngine, TightLayoutEngine

FORMATS = ("png", "svg", "pdf")

#: Keys each writer accepts; None removes the entry (and with it the date/version), so
#: the same data and selection give the same bytes.
METADATA: dict[str, dict[str, str | None]] = {
    "png": {"Software": None},
    "svg": {"Date": None, "Creator": None},
    "pdf": {"Creator": None, "Producer": None, "CreationDate": None},
}

#: zlib level for PNG. Measured at 300 dpi on the bundled charts (BENCHMARKS.md):
#: level 1 encodes in about half the time of Pillow's default 6, for files 0-17 %
#: larger (anti-aliased text and hatching compress poorly at any level).
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


def save_figure(fig: Figure, fh: IO[bytes], fmt: str, dpi: float = 300) -> None:
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
    """
    settle_layout(fig, dpi)
    extra: dict[str, Any] = {"pil_kwargs": {"compress_level": PNG_COMPRESS_LEVEL}} if fmt == "png" else {}
    with mpl.rc_context({"svg.hashsalt": "denocompare"}):
        # A fixed salt keeps SVG element ids, and so the bytes, the same each time.
        fig.savefig(fh, format=fmt, dpi=dpi, metadata=METADATA[fmt], **extra)
