"""Equivalence tab with Xgeva: it says its biosimilars were studied against Prolia, and
one click shows those studies."""

from __future__ import annotations

from denocompare.core.view import View


def test_xgeva_points_to_the_studies_against_prolia(window, qtbot):
    panel = next(p for p in window.panels if type(p).__name__ == "EquivalencePanel")
    window.tabs.setCurrentWidget(panel)
    window.model.set_view(View("xgeva", (), tab="equivalence"))
    qtbot.waitUntil(lambda: panel.elsewhere.isVisible(), timeout=5000)
    text = panel.elsewhere.text.text()
    assert "compares a biosimilar with Xgeva" in text and "<b>Prolia</b>" in text
    (button,) = panel.elsewhere.buttons
    assert button.text() == "Show the studies against Prolia"
    button.click()
    view = window.model.view
    assert view.reference == "prolia" and "jubbonti" in view.comparators
    qtbot.waitUntil(lambda: not panel.elsewhere.isVisible(), timeout=5000)
    qtbot.waitUntil(lambda: "ROSALIA" in panel.cards.toPlainText(), timeout=5000)


def test_prolia_has_no_pointer(window, qtbot):
    panel = next(p for p in window.panels if type(p).__name__ == "EquivalencePanel")
    window.tabs.setCurrentWidget(panel)
    qtbot.waitUntil(lambda: panel.cards.toPlainText() != "", timeout=5000)
    assert window.model.view.reference == "prolia"
    assert not panel.elsewhere.isVisible()
