"""File > Open bundled dataset ▸ switches between the bundled datasets; the title and the
starting comparison follow the dataset's own metadata."""

from __future__ import annotations


def _bundled_menu(window):
    file_menu = window.menuBar().actions()[0].menu()
    (entry,) = [a for a in file_menu.actions() if a.text() == "Open &bundled dataset"]
    return {a.text(): a for a in entry.menu().actions()}


def test_switching_to_ustekinumab_and_back(window, qtbot):
    actions = _bundled_menu(window)
    assert list(actions) == ["denosumab", "ustekinumab"]
    actions["ustekinumab"].trigger()
    qtbot.waitUntil(lambda: window.dataset.meta("molecule") == "ustekinumab", timeout=15000)
    assert window.windowTitle().startswith("DenoCompare — ustekinumab: ")
    assert window.model.view.reference == "stelara"
    assert "Opened the bundled ustekinumab dataset" in window.statusBar().currentMessage()
    actions["denosumab"].trigger()
    qtbot.waitUntil(lambda: window.dataset.meta("molecule") == "denosumab", timeout=15000)
    assert window.model.view.reference == "prolia"
    assert window.settings.recent_files() == []  # bundled datasets are not 'recent files'
