"""The real window on a high-DPI screen (Qt scaling 1.5 and 2): it fits, charts are sharp."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.ui.test_xvfb_smoke import start_xvfb

# A 2732x1536 screen: at scale 2 it is a 1366x768 laptop in logical pixels.
SCRIPT = """
import json
from PySide6.QtCore import QTimer
from denocompare.ui import app as A
from denocompare.ui.main_window import MainWindow
qa = A.make_app()
w = MainWindow(); w.show(); w.open_path(str(A.bundled_data_dir()))
def check():
    if w.dataset is None or not w.panels: return QTimer.singleShot(100, check)
    w.tabs.setCurrentIndex(2)
    qa.processEvents()
    chart = w.panels[2].band_chart
    if chart.canvas is None or not chart.figure.axes: return QTimer.singleShot(100, check)
    hint = w.minimumSizeHint()
    for i in range(w.tabs.count()):
        w.tabs.setCurrentIndex(i); qa.processEvents()
        hint = hint.expandedTo(w.minimumSizeHint())
    w.tabs.setCurrentIndex(2); qa.processEvents()
    chart.canvas.draw(); qa.processEvents()
    avail, frame = w.screen().availableGeometry(), w.frameGeometry()
    pixels = chart.canvas.get_renderer()
    print("RESULT", json.dumps({
        "scale": w.devicePixelRatioF(), "screen": [avail.width(), avail.height()],
        "frame": [frame.x(), frame.y(), frame.width(), frame.height()],
        "hint": [hint.width(), hint.height()],
        "canvas": [chart.canvas.width(), chart.canvas.height()],
        "canvas_ratio": chart.canvas.device_pixel_ratio, "figure_dpi": chart.figure.dpi,
        "rendered": [pixels.width, pixels.height]}))
    qa.quit()
QTimer.singleShot(200, check)
QTimer.singleShot(60000, qa.quit)
qa.exec()
"""


@pytest.mark.parametrize("scale", ["1.5", "2"])
def test_the_window_fits_and_charts_are_sharp_on_a_high_dpi_screen(tmp_path, scale):
    xvfb, display = start_xvfb("2732x1536x24")
    try:
        env = dict(os.environ, DISPLAY=display, QT_QPA_PLATFORM="xcb", QT_SCALE_FACTOR=scale,
                   XDG_CONFIG_HOME=str(tmp_path), XDG_DATA_HOME=str(tmp_path))
        res = subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True,
                             text=True, timeout=120, cwd=tmp_path)
    finally:
        xvfb.terminate()
        xvfb.wait(10)
    assert res.returncode == 0, res.stderr
    line = next((x for x in res.stdout.splitlines() if x.startswith("RESULT ")), None)
    assert line is not None, (res.stdout, res.stderr)
    got = json.loads(line.removeprefix("RESULT "))
    factor = float(scale)
    assert got["scale"] == factor
    # In logical pixels the screen is 2732/scale wide: the window and its smallest
    # size fit it, with room for a title bar.
    width, height = got["screen"]
    assert width == round(2732 / factor) and height == round(1536 / factor)
    x, y, w, h = got["frame"]
    assert x >= 0 and y >= 0 and x + w <= width and y + h + 30 <= height, got
    assert got["hint"][0] <= w and got["hint"][1] <= h, got
    # Sharp: the chart is drawn at the screen's own pixels, not scaled up from fewer.
    assert got["canvas_ratio"] == factor and got["figure_dpi"] == 100 * factor
    assert all(abs(r - c * factor) <= 1 for r, c in zip(got["rendered"], got["canvas"],
                                                        strict=True)), got
