"""matplotlib's Qt canvas, without its drawing on the GUI thread when resized.

``FigureCanvasQT.resizeEvent`` asks for a draw (``draw_idle``): Agg draws the whole
figure on the GUI thread at the new size, 0.1-0.4 s for a large chart (BENCHMARKS.md),
though ``ChartView`` builds the picture again for that size on a worker. Here a resize
only sets the figure's size; until the worker's picture comes, the one before is shown
stretched to the canvas (never pixels of a buffer of another size).
"""

from __future__ import annotations

from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from PySide6.QtGui import QImage, QPainter


class Canvas(FigureCanvasQTAgg):
    _resizing = False

    def resizeEvent(self, event) -> None:
        self._resizing = True
        try:
            super().resizeEvent(event)
        finally:
            self._resizing = False

    def draw_idle(self) -> None:
        if not self._resizing:
            super().draw_idle()

    def picture_fits(self) -> bool:
        """Whether the picture held is of the canvas's size (so matplotlib paints it)."""
        renderer = getattr(self, "renderer", None)
        if renderer is None:
            return True  # nothing to paint yet: matplotlib's own way (it paints nothing)
        width, height = self.get_width_height(physical=True)
        # within a pixel: a size in inches times the dpi may round either way
        return abs(int(renderer.width) - width) <= 1 and abs(int(renderer.height) - height) <= 1

    def paintEvent(self, event) -> None:
        if self._draw_pending or self.picture_fits():
            super().paintEvent(event)
            return
        renderer = self.renderer
        image = QImage(renderer.buffer_rgba(), int(renderer.width), int(renderer.height),
                       QImage.Format.Format_RGBA8888)
        painter = QPainter(self)
        try:
            painter.drawImage(self.rect(), image)
        finally:
            painter.end()
