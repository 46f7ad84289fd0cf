"""The window follows a dark palette, charts included; every export stays light."""

from __future__ import annotations

import pytest
from matplotlib.colors import to_hex
from matplotlib.text import Text
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QApplication

from denocompare.plotting.theme import FACE, MIN_CONTRAST, contrast, luminance


def dark_palette() -> QPalette:
    """A dark palette, as a system in dark mode gives Qt (Fusion's colours)."""
    pal = QPalette()
    roles = QPalette.ColorRole
    for role, colour in ((roles.Window, "#353535"), (roles.WindowText, "#f0f0f0"),
                         (roles.Base, "#242424"), (roles.AlternateBase, "#2d2d2d"),
                         (roles.Text, "#f0f0f0"), (roles.Button, "#353535"),
                         (roles.ButtonText, "#f0f0f0"), (roles.ToolTipBase, "#242424"),
                         (roles.ToolTipText, "#f0f0f0"), (roles.Highlight, "#2a82da"),
                         (roles.HighlightedText, "#ffffff"),
                         (roles.PlaceholderText, "#a0a0a0")):
        pal.setColor(role, QColor(colour))
    return pal


@pytest.fixture
def dark(qapp):
    before = QPalette(qapp.palette())
    qapp.setPalette(dark_palette())
    yield
    qapp.setPalette(before)


def _panel(window, cls_name):
    return next(p for p in window.panels if type(p).__name__ == cls_name)


def _corner_is_white(image: QImage) -> bool:
    return image.pixelColor(2, 2).name() == "#ffffff"


def test_charts_in_a_dark_window_are_dark_and_their_exports_light(window, qtbot, dark,
                                                                   tmp_path):
    panel = _panel(window, "EquivalencePanel")
    window.tabs.setCurrentWidget(panel)
    chart = panel.forest_chart
    qtbot.waitUntil(lambda: chart.figure is not None and chart.figure.axes != [],
                    timeout=10000)
    assert chart.is_dark()
    fig = chart.figure
    assert to_hex(fig.get_facecolor()) == FACE.lower()
    assert luminance(fig._suptitle.get_color()) > 0.6
    for t in fig.findobj(Text):
        if t.get_visible() and t.get_text().strip() and t.get_bbox_patch() is None:
            assert contrast(t.get_color(), FACE) >= MIN_CONTRAST, t.get_text()
    # Clipboard, print and export are built anew, light and print-friendly.
    assert _corner_is_white(chart.copy())
    assert _corner_is_white(chart.image())
    path = chart.export(str(tmp_path / "forest.png"), "png")
    assert path is not None and _corner_is_white(QImage(str(path)))
    assert to_hex(chart.build_for_export().get_facecolor()) == "#ffffff"


def test_a_chart_follows_the_palette_when_it_changes(window, qtbot, qapp):
    panel = _panel(window, "EquivalencePanel")
    window.tabs.setCurrentWidget(panel)
    chart = panel.forest_chart
    qtbot.waitUntil(lambda: chart.figure is not None and chart.figure.axes != [],
                    timeout=10000)
    assert to_hex(chart.figure.get_facecolor()) == "#ffffff"
    before = QPalette(qapp.palette())
    qapp.setPalette(dark_palette())
    try:
        qtbot.waitUntil(lambda: to_hex(chart.figure.get_facecolor()) == FACE.lower(),
                        timeout=5000)
    finally:
        qapp.setPalette(before)
    qtbot.waitUntil(lambda: to_hex(chart.figure.get_facecolor()) == "#ffffff", timeout=5000)


def test_highlighted_cells_stay_readable_in_a_dark_palette(window, dark):
    panel = _panel(window, "ProductsPanel")
    model = panel.table.model
    checked = 0
    for r in range(model.rowCount()):
        for c in range(model.columnCount()):
            index = model.index(r, c)
            fill = model.data(index, Qt.ItemDataRole.BackgroundRole)
            if fill is None:
                continue
            ink = model.data(index, Qt.ItemDataRole.ForegroundRole)
            assert ink is not None, (r, c)
            assert contrast(ink.color().name(), fill.color().name()) >= MIN_CONTRAST
            checked += 1
    assert checked > 0
    assert QApplication.palette().color(QPalette.ColorRole.Base).lightness() < 64


def test_muted_notes_and_warnings_read_on_a_dark_face():
    from denocompare.ui.palette import ON_DARK

    for light, dark in ON_DARK.items():
        for face in ("#1e1e1e", "#242424", "#353535"):
            assert contrast(dark, face) >= MIN_CONTRAST, (light, dark, face)


def test_study_cards_and_details_follow_the_palette(window, qtbot, qapp):
    panel = _panel(window, "EquivalencePanel")
    window.tabs.setCurrentWidget(panel)
    qtbot.waitUntil(lambda: "source states" in panel.cards.toPlainText(), timeout=5000)
    assert "#555555" in panel.cards.toHtml()  # the muted note, on the light face
    details = _panel(window, "ProductsPanel").details
    before = QPalette(qapp.palette())
    qapp.setPalette(dark_palette())
    try:
        qtbot.waitUntil(lambda: "#555555" not in panel.cards.toHtml(), timeout=5000)
        assert "#c0c0c0" in panel.cards.toHtml()
        details.show_hint()
        assert "#c0c0c0" in details.toHtml()
    finally:
        qapp.setPalette(before)
    qtbot.waitUntil(lambda: "#555555" in panel.cards.toHtml(), timeout=5000)
