"""A chart in the window: FigureCanvasQTAgg around a builder from ``plotting``.

The canvas calls the same builder the exporter and the image tests call, on its own
``Figure`` (never pyplot), so the window shows exactly what a file will contain.
A hidden chart is only marked stale; it is drawn when it is next shown. Every picture
is built and drawn (Agg) on a worker, on a figure of its own, and handed to the canvas:
even the bundled data's default view holds matplotlib 80-110 ms on this 2-core machine,
over the 50 ms a window may stall (BENCHMARKS.md); the canvas keeps the picture before,
with "Drawing…", until the new one is ready. The figure
and canvas themselves are made when the chart is first shown, so starting the window
does not import matplotlib (BENCHMARKS.md).
"""

from __future__ import annotations

import gc
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QTimer, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMenu,
    QSizePolicy,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from denocompare.core.errors import ExportError
from denocompare.plotting import CHARTS, ChartSpec, build_chart
from denocompare.ui.palette import is_dark, readable
from denocompare.ui.tasks import TaskRunner, failure_text

if TYPE_CHECKING:
    from collections.abc import Callable

    from matplotlib.figure import Figure

    from denocompare.core.audit import Trail
    from denocompare.core.dataset import Dataset
    from denocompare.core.view import View

log = logging.getLogger(__name__)



class ChartView(QWidget):
    """One chart with its toolbar: Export (PNG/SVG/PDF, DPI) and Copy image.

    It draws a ``View`` (``set_content``) and draws again only when what the chart
    shows of it changed: another tab, a filter of another chart, the DPI, cost nothing.
    """

    #: the export resolution the user set in the spin box (the window's view keeps it).
    dpi_edited = Signal(int)

    def __init__(self, key: str, parent=None, settings=None, spec: ChartSpec | None = None):
        super().__init__(parent)
        self.key = key
        self.spec = spec if spec is not None else CHARTS[key]  # spec: one not in CHARTS
        self.settings = settings
        #: The window's audit trail for an export (``ui.exports.provide_trail``).
        self.trail_source: Callable[[], Trail] | None = None
        self.figure: Figure | None = None
        self.canvas = None
        self._args: tuple | None = None
        # What the canvas shows: the dataset (by identity) and what the chart reads.
        self._drawn_ds: Dataset | None = None
        self._drawn: tuple | None = None
        self._stale = False
        self._built_size: tuple[float, float] | None = None
        self._runner: TaskRunner | None = None  # made for the first chart drawn off-thread
        self._job: Callable | None = None  # the drawing to start on the next pass
        self._start_timer = QTimer(self, singleShot=True, interval=0)
        self._start_timer.timeout.connect(self._start_job)
        # Titles, labels and the footer are wrapped to the figure's width when it is
        # built; after a resize the chart is built again for its new size, once the
        # user has stopped dragging.
        self._resize_timer = QTimer(self, singleShot=True, interval=200)
        self._resize_timer.timeout.connect(self._rebuild_if_resized)
        self.status = QLabel(self)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(f"<b>{self.spec.title}</b>", self))
        bar.addStretch(1)
        bar.addWidget(self.status)
        self.dpi = QSpinBox(self)
        self.dpi.setRange(72, 1200)
        self.dpi.setSingleStep(50)
        self.dpi.setSuffix(" dpi")
        self.dpi.setValue(300)
        self.dpi.setAccessibleName("Export resolution (dpi)")
        self.dpi.setToolTip("Resolution of exported PNG images (300 dpi prints sharply)")
        self.dpi.valueChanged.connect(self.dpi_edited)
        bar.addWidget(self.dpi)
        export = QToolButton(self)
        export.setText("Export ▾")
        export.setToolTip("Save this chart as PNG, SVG or PDF")
        export.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(export)
        for fmt in ("png", "svg", "pdf"):
            menu.addAction(f"Save as {fmt.upper()}…", lambda f=fmt: self.export_dialog(f))
        menu.addSeparator()
        menu.addAction("Print…", lambda: self.print_chart(preview=False))
        menu.addAction("Print preview…", lambda: self.print_chart(preview=True))
        export.setMenu(menu)
        bar.addWidget(export)
        copy = QToolButton(self)
        copy.setText("Copy image")
        copy.setToolTip("Copy this chart to the clipboard, to paste into slides or a report")
        copy.clicked.connect(self.copy)
        bar.addWidget(copy)
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        self.layout_.addLayout(bar)
        self.layout_.addStretch(1)

    def _ensure_canvas(self) -> None:
        if self.canvas is not None:
            return
        from matplotlib.figure import Figure

        from denocompare.plotting.style import FIGSIZE
        from denocompare.ui.agg_canvas import Canvas

        self.figure = Figure(figsize=FIGSIZE, layout="constrained")
        self.canvas = Canvas(self.figure)
        self.canvas.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.canvas.setMinimumHeight(320)
        # The first build happens at the slide size, before the layout gives the canvas
        # its size; only the canvas is resized then (not this widget), so its resizes
        # are watched too: the Adverse chart stayed at 23 overlapping rows in a 3.75 in
        # high canvas, built for 5.6 in.
        self.canvas.installEventFilter(self)
        stretch = self.layout_.takeAt(1)  # the placeholder stretch
        del stretch
        self.layout_.addWidget(self.canvas, 1)

    # --- drawing --------------------------------------------------------------------
    def set_content(self, ds: Dataset, view: View) -> None:
        self._args = (ds, view)
        if ds is self._drawn_ds and self.spec.drawn_from(view) == self._drawn:
            self._stale = False  # the picture on the canvas is this one already
            return
        if self.isVisible():
            self.redraw()
        else:
            self._stale = True

    def defer(self) -> None:
        """New content is on its way (computed on a worker): until ``set_content`` brings
        it, showing the chart keeps the picture it has instead of building from what is
        now out of date."""
        self._stale = False

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._stale:
            self.redraw()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.canvas is not None:
            self._resize_timer.start()

    def eventFilter(self, watched, event) -> bool:
        if watched is self.canvas and event.type() == QEvent.Type.Resize:
            self._resize_timer.start()
        return super().eventFilter(watched, event)

    def _rebuild_if_resized(self) -> None:
        # The canvas shows the picture before stretched until this one is drawn.
        if self.canvas is not None and self.isVisible() and not self.canvas.picture_fits():
            self.redraw()

    def set_dpi(self, dpi: int) -> None:
        """Mirror the view's export resolution (no echo back)."""
        self.dpi.blockSignals(True)
        self.dpi.setValue(dpi)
        self.dpi.blockSignals(False)

    def redraw(self) -> None:
        if self._args is None:
            return
        self._ensure_canvas()
        self._stale = False
        ds, view = self._args
        self._drawn_ds, self._drawn = ds, self.spec.drawn_from(view)
        self._draw_on_worker(ds, view)

    def is_drawing(self) -> bool:
        """A picture is being drawn on the worker (or is about to be); the canvas shows
        the one before."""
        return self._job is not None or (self._runner is not None and self._runner.running())

    def _draw_on_worker(self, ds: Dataset, view: View) -> None:
        if self._runner is None:
            self._runner = TaskRunner(self)
            self._runner.finished.connect(self._show_drawn)
            self._runner.failed.connect(self._draw_failed)
        fig = self.figure
        size, dpi, dark = tuple(fig.get_size_inches()), (fig._original_dpi, fig.dpi), \
            self.is_dark()
        self.status.setText("Drawing…")
        # Started once the GUI thread has done what this change asked of it and painted
        # it: a worker building a chart meanwhile takes the interpreter from it half of
        # the time (the Adverse tab's table took 57 ms to show, not 11, and the longest
        # stall of a change was 104 ms).
        self._job = lambda _p: render(self.spec, ds, view, size, dpi, dark)
        self._start_timer.start()

    def _start_job(self) -> None:
        job, self._job = self._job, None
        if job is not None and self._runner is not None:
            self._runner.start(job)

    def _show_drawn(self, drawn: tuple) -> None:
        fig, renderer, key = drawn
        old, canvas = self.figure, self.canvas
        self.status.setText("")
        fig.set_canvas(canvas)
        canvas.figure, self.figure = fig, fig
        self._built_size = tuple(fig.get_size_inches())
        canvas.renderer, canvas._lastKey = renderer, key  # what FigureCanvasAgg.draw keeps
        if tuple(old.get_size_inches()) != self._built_size or old.dpi != fig.dpi:
            # The canvas was resized meanwhile: this picture is of the old size. It is
            # shown stretched, and drawn again on the worker for the canvas's size.
            fig.set_size_inches(old.get_size_inches(), forward=False)
            fig._set_dpi(old.dpi, forward=False)
            self.redraw()
        canvas.update()
        del old
        # The figure shown before is cyclic garbage (4,000-13,000 objects at the
        # 30-product scale). Left to the collector, a full pass frees several at once,
        # 45-73 ms, on whichever thread sets it off: a stall of the window. Collected
        # here, once this picture is painted: 2-17 ms a figure.
        QTimer.singleShot(0, gc.collect)

    def _draw_failed(self, exc: BaseException, tb: str) -> None:
        self.status.setText(failure_text(f"drawing {self.spec.title}", exc, tb))

    def is_dark(self) -> bool:
        return is_dark(self)

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self.canvas is not None:
            self._drawn = None  # the same content, drawn in the other palette
            if self.isVisible():
                self.redraw()
            else:
                self._stale = True

    def build_for_export(self) -> Figure:
        """A fresh figure from the same builder, at the export size."""
        ds, view = self._args
        return build_chart(self.spec, ds, view)

    # --- export ---------------------------------------------------------------------
    def default_name(self, fmt: str) -> str:
        return f"{self.spec.filename}.{fmt}"

    def export_dialog(self, fmt: str) -> None:
        if self._args is None:
            return
        start = self.settings.last_dir() if self.settings is not None else ""
        path, _f = QFileDialog.getSaveFileName(self, f"Save chart as {fmt.upper()}",
                                               str(Path(start) / self.default_name(fmt)),
                                               f"{fmt.upper()} (*.{fmt})")
        if path:
            self.export(path, fmt)

    def export(self, path: str, fmt: str | None = None) -> Path | None:
        if self._args is None:
            return None
        if self.settings is not None:
            self.settings.set_last_dir(str(Path(path).parent))
        from denocompare.core.audit import trail_of
        from denocompare.output.figure_export import export_figure

        try:
            written = export_figure(self.build_for_export(), Path(path), fmt, self.dpi.value(),
                                    trail_of(*self._args, self.trail()))
        except ExportError as err:
            self.status.setText(readable(f"<span style='color:#a00'>{err}</span>", self))
            return None
        self.status.setText(f"Saved {written.name}")
        return written

    def trail(self) -> Trail | None:
        return self.trail_source() if self.trail_source is not None else None

    def image(self, dpi: int = 150) -> QImage:
        """The chart as it would be exported, as an image."""
        if self._args is None:
            return QImage()
        from io import BytesIO

        from denocompare.plotting.render import save_figure

        buf = BytesIO()
        save_figure(self.build_for_export(), buf, "png", dpi)
        return QImage.fromData(buf.getvalue(), "PNG")

    def print_chart(self, preview: bool = False, printer=None) -> bool:
        from denocompare.ui.printing import paint_image, print_with_dialog

        if self._args is None:
            return False
        image = self.image(dpi=300)
        return print_with_dialog(self, lambda p: paint_image(image, p), preview, printer)

    def copy(self) -> QImage:
        if self._args is None:
            return QImage()
        image = self.image()
        QApplication.clipboard().setImage(image)
        self.status.setText("Chart copied to the clipboard")
        return image


def follow_palette(widget: QWidget, figure: Figure) -> None:
    """Recolour a window's freshly built ``figure`` for ``widget``'s palette.

    The builders draw the light, print-friendly chart; only a window's own figure is
    recoloured, so every export, copy and print stays light.
    """
    recolour(figure, is_dark(widget))


def recolour(figure: Figure, dark: bool) -> None:
    """``follow_palette`` with the palette read already (a worker cannot read it)."""
    from denocompare.plotting.theme import make_dark

    if dark:
        make_dark(figure)
    else:  # a figure's face outlives fig.clear(): back to the light one
        import matplotlib as mpl

        figure.patch.set_facecolor(mpl.rcParams["figure.facecolor"])


def render(spec: ChartSpec, ds: Dataset, view: View, size: tuple[float, float],
           dpi: tuple[float, float], dark: bool) -> tuple:
    """Worker: build ``spec`` on a new figure of the canvas's size and draw it with Agg.

    No Qt. A figure of its own and a canvas of its own: matplotlib is safe on a thread
    for a figure no other thread touches (no pyplot; fonts are cached per thread).
    ``dpi`` is the figure's own and its screen dpi (times the device pixel ratio).
    Returns the figure, the Agg renderer holding the picture, and its size key.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=size, dpi=dpi[0], layout="constrained")
    fig._set_dpi(dpi[1], forward=False)
    build_chart(spec, ds, view, fig=fig)
    recolour(fig, dark)
    agg = FigureCanvasAgg(fig)
    agg.draw()
    return fig, agg.renderer, agg._lastKey
