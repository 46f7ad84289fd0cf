"""A chart in the window is built for the size its canvas has, not the slide size."""

from __future__ import annotations

from denocompare.plotting.style import FIGSIZE


def test_a_chart_is_built_for_its_canvas_once_the_layout_sized_it(window, qtbot):
    # The first build comes at the slide size (10 x 5.6 in), before the layout sizes
    # the canvas; only the canvas was resized after it, so the Adverse chart kept 23
    # overlapping rows in a canvas 3.75 in high.
    panel = next(p for p in window.panels if type(p).__name__ == "AdversePanel")
    window.tabs.setCurrentWidget(panel)
    chart = panel.band_chart
    qtbot.waitUntil(lambda: chart.canvas is not None and chart._built_size is not None,
                    timeout=10000)

    def built_for_canvas() -> bool:
        width, height = chart.figure.get_size_inches()
        built_w, built_h = chart._built_size
        return abs(built_w - width) <= 0.03 * width and abs(built_h - height) <= 0.03 * height

    # The layout has sized the canvas (in this test window, not as tall as a slide) ...
    qtbot.waitUntil(lambda: tuple(chart.figure.get_size_inches()) != FIGSIZE, timeout=5000)
    # ... and the chart was built again for that size.
    qtbot.waitUntil(built_for_canvas, timeout=5000)
    dpi = chart.figure.dpi / chart.canvas.device_pixel_ratio
    assert abs(chart._built_size[1] * dpi - chart.canvas.height()) <= 0.03 * chart.canvas.height()
