"""A chart's canvas never draws on the GUI thread, also when it is resized: the picture
is built and drawn on a worker for the new size, and meanwhile the one before is shown
stretched (matplotlib's own canvas drew the whole figure again with Agg, 0.1-0.4 s)."""

from __future__ import annotations

import pytest

from denocompare.core.view import View
from denocompare.ui.agg_canvas import Canvas
from denocompare.ui.plot_canvas import ChartView


@pytest.fixture
def gui_draws(monkeypatch):
    """Every Agg draw of a window canvas (the workers draw on canvases of their own)."""
    calls = []
    original = Canvas.draw
    monkeypatch.setattr(Canvas, "draw", lambda self: (calls.append(self), original(self)))
    return calls


def _settled(qtbot, chart):
    qtbot.waitUntil(lambda: chart.canvas is not None and chart._built_size is not None
                    and not chart.is_drawing() and not chart._resize_timer.isActive()
                    and chart.canvas.picture_fits(), timeout=60000)


def _shown(qtbot, ds, size: tuple[int, int], comparators: tuple[str, ...]) -> ChartView:
    """A forest chart of Prolia and ``comparators``, shown at ``size`` and drawn."""
    chart = ChartView("forest")
    qtbot.addWidget(chart)
    chart.resize(*size)
    chart.show()
    chart.set_content(ds, View("prolia", comparators))
    _settled(qtbot, chart)
    return chart


def test_a_resized_chart_is_drawn_again_on_the_worker_only(qtbot, bundled, gui_draws):
    chart = _shown(qtbot, bundled, (900, 560), tuple(bundled.family("prolia")))
    before = chart.canvas.renderer
    chart.resize(1300, 760)
    qtbot.waitUntil(lambda: not chart.canvas.picture_fits(), timeout=5000)  # the old one
    _settled(qtbot, chart)
    assert chart.canvas.renderer is not before  # a new picture, of the new size
    width, height = chart.canvas.get_width_height(physical=True)
    assert abs(chart.canvas.renderer.width - width) <= 1
    assert abs(chart.canvas.renderer.height - height) <= 1
    assert gui_draws == []


def _pixels(image):
    import numpy as np
    from PySide6.QtGui import QImage

    image = image.convertToFormat(QImage.Format.Format_RGBA8888)
    rows = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), -1)
    return rows[:, :image.width() * 4].reshape(image.height(), image.width(), 4)[..., :3]


def test_until_then_the_picture_before_is_shown_stretched(qtbot, bundled):
    """Painted while the picture held is of another size, the canvas shows that picture
    scaled to it: shrunk back, the canvas is the picture (matplotlib's own painting put
    the picture unscaled in a corner, the rest of the canvas from a buffer of another
    size)."""
    import numpy as np
    from PySide6.QtCore import Qt

    chart = _shown(qtbot, bundled, (600, 420), ("kefdensis",))
    renderer = chart.canvas.renderer
    picture = np.asarray(renderer.buffer_rgba())[..., :3].astype(int)
    chart.canvas.resize(chart.canvas.width() * 2, chart.canvas.height() * 2)
    assert not chart.canvas.picture_fits()
    shown = chart.canvas.grab().toImage()
    assert shown.width() >= 2 * picture.shape[1] - 2
    back = shown.scaled(picture.shape[1], picture.shape[0],
                        Qt.AspectRatioMode.IgnoreAspectRatio,
                        Qt.TransformationMode.SmoothTransformation)
    assert np.abs(_pixels(back).astype(int) - picture).mean() < 2


def test_a_picture_of_the_canvas_size_is_painted_as_matplotlib_paints_it(qtbot, bundled):
    chart = _shown(qtbot, bundled, (600, 420), ("kefdensis",))
    assert chart.canvas.picture_fits()
    image = chart.canvas.grab().toImage()
    assert (image.width(), image.height()) == (chart.canvas.width(), chart.canvas.height())
