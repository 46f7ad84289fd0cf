"""What the first frame waits for: nothing but itself. The menus' items and the tab in
view come after the first paint, the other tabs after the frame that shows the data (or
when their tab is shown), and every one of them works once there.

The order is what is tested, never a time (benchmarks/run.py measures the times).
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QWidget

from denocompare.core.view import TABS
from denocompare.resources import bundled_data_dir
from denocompare.ui.main_window import MainWindow
from denocompare.ui.menus import TITLES
from denocompare.ui.panel_slots import MAKERS, PanelSlots


class _AtFirstPaint(QObject):
    """What the window holds when its first paint event comes (installed after the
    window's own watcher, so Qt asks this one first)."""

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.window = window
        self.seen: dict | None = None
        window.installEventFilter(self)

    def eventFilter(self, _obj, event) -> bool:  # noqa: N802
        if self.seen is None and event.type() == QEvent.Type.Paint:
            bar = self.window.menuBar()
            self.seen = {"titles": [a.text() for a in bar.actions()],
                         "items": sum(len(a.menu().actions()) for a in bar.actions()),
                         "panels": len(self.window.panels.made())}
        return False


def _menu_items(window: MainWindow) -> dict[str, list[str]]:
    return {a.text(): [i.text() for i in a.menu().actions() if not i.isSeparator()]
            for a in window.menuBar().actions()}


@pytest.fixture
def shown(qtbot, settings, problems):
    """A window shown on no dataset, with what it held at its first paint."""
    win = MainWindow(settings)
    qtbot.addWidget(win)
    watch = _AtFirstPaint(win)
    win.show()
    qtbot.waitUntil(lambda: watch.seen is not None, timeout=10000)
    return win, watch.seen


def test_the_first_paint_has_the_menu_titles_and_no_menu_item_or_panel(shown):
    _win, seen = shown
    assert seen == {"titles": list(TITLES), "items": 0, "panels": 0}


def test_after_the_first_paint_the_menus_work_and_the_tab_in_view_is_made(shown, qtbot):
    win, _seen = shown
    qtbot.waitUntil(lambda: win.panels.is_made(0), timeout=15000)
    items = _menu_items(win)
    assert list(items) == list(TITLES)  # the titles of the first frame, filled in
    assert "&Open dataset…" in items["&File"] and "&Copy" in items["&Edit"]
    assert win.recent_menu.title() == "Open &recent" and win.file_menu is not None
    assert win.panels.made() == [win.panels[0]] and win.tabs.widget(0) is win.panels[0]
    view = next(a.menu() for a in win.menuBar().actions() if a.text() == "&View")
    next(a for a in view.actions() if a.shortcut().toString() == "Ctrl+4").trigger()
    assert win.tabs.currentIndex() == 3  # the shortcut's tab, made when shown
    assert win.tabs.currentWidget() is win.panels[3]
    assert type(win.panels[3]).__name__ == "EquivalencePanel"


def test_only_the_tab_in_view_is_made_before_the_data_is_painted(qtbot, settings, problems):
    settings.set_view({"tab": "adverse"})
    win = MainWindow(settings)
    qtbot.addWidget(win)
    made_when_shown: list[list[str]] = []
    # Connected after the window's own slot: runs as soon as the data has been handed
    # to the tabs, before any event-loop pass (and so before any paint).
    win.loader.finished.connect(
        lambda _ds: made_when_shown.append([type(p).__name__ for p in win.panels.made()]))
    win.show()
    win.open_path(str(bundled_data_dir()))
    qtbot.waitUntil(lambda: win.dataset is not None, timeout=15000)
    assert made_when_shown == [["AdversePanel"]]
    assert win.tabs.currentWidget() is win.panels[2]
    # Then, once the data is painted, the others, one per event-loop pass, each given
    # the dataset shown.
    qtbot.waitUntil(lambda: not win.panels.missing(), timeout=15000)
    assert [type(p).__name__ for p in win.panels.made()] == [
        "ProductsPanel", "IndicationsPanel", "AdversePanel", "EquivalencePanel",
        "BudgetPanel", "DecisionPanel"]
    assert all(win.tabs.widget(i) is p for i, p in enumerate(win.panels.made()))
    win.tabs.setCurrentIndex(0)
    assert win.panels[0].table.model.columnCount() == 2  # Prolia, Kefdensis


def test_what_the_start_made_is_kept_out_of_the_collectors_passes(qtbot, settings, problems):
    # Rule: once every tab is made, the objects alive are frozen (a full pass over
    # them took 56 ms at any change that set one off); not before the last tab.
    import gc

    gc.unfreeze()
    win = MainWindow(settings)
    qtbot.addWidget(win)
    win.show()
    win.open_path(str(bundled_data_dir()))
    qtbot.waitUntil(lambda: win.dataset is not None, timeout=15000)
    assert gc.get_freeze_count() == 0 or win.panels.missing() == []
    qtbot.waitUntil(lambda: not win.panels.missing(), timeout=15000)
    qtbot.waitUntil(lambda: gc.get_freeze_count() > 0, timeout=5000)
    gc.unfreeze()
    first = win.dataset
    win.open_path(str(bundled_data_dir()))  # another dataset: once a window is enough
    qtbot.waitUntil(lambda: win.dataset is not first, timeout=15000)
    qtbot.waitUntil(lambda: win.after_paint.pending() == 0, timeout=15000)
    qtbot.wait(50)
    assert gc.get_freeze_count() == 0


def test_the_interpreter_hands_a_worker_s_turn_to_the_window_within_a_millisecond(qapp):
    import sys

    from denocompare.ui.app import SWITCH_INTERVAL, make_app

    make_app()
    assert sys.getswitchinterval() == SWITCH_INTERVAL == 0.001


def test_a_tab_never_made_yet_is_made_with_the_data_when_first_shown(qtbot, settings,
                                                                      problems):
    # Never shown, so never painted: nothing is made on its own, all on demand.
    win = MainWindow(settings)
    qtbot.addWidget(win)
    win.open_path(str(bundled_data_dir()))
    qtbot.waitUntil(lambda: win.dataset is not None, timeout=15000)
    assert win.panels.missing() == [1, 2, 3, 4, 5]
    placeholder = win.tabs.widget(1)
    win.tabs.setCurrentIndex(1)
    panel = win.tabs.currentWidget()
    assert panel is not placeholder and panel is win.panels[1]
    assert win.tabs.tabText(1) == "Indications"
    assert panel.table.model.rowCount() > 0  # the data, brought up to date when shown
    assert win.model.view.tab == "indications"
    assert win.panels.missing() == [2, 3, 4, 5]


def test_menus_are_made_when_needed_in_a_window_never_painted(qtbot, settings, problems):
    win = MainWindow(settings)
    qtbot.addWidget(win)
    assert sum(len(a.menu().actions()) for a in win.menuBar().actions()) == 0
    win.open_path(str(bundled_data_dir()))
    qtbot.waitUntil(lambda: win.dataset is not None, timeout=15000)
    assert "Export &report…" in _menu_items(win)["&File"]


def test_a_tab_restored_before_the_first_paint_waits_for_it(qtbot, settings, problems):
    settings.set_view({"tab": "budget"})
    win = MainWindow(settings)
    qtbot.addWidget(win)
    assert win.tabs.currentIndex() == TABS.index("budget")
    assert win.panels.made() == []
    win.show()
    qtbot.waitUntil(lambda: win.panels.is_made(TABS.index("budget")), timeout=15000)
    assert win.panels.made() == [win.tabs.currentWidget()]


def test_progress_of_a_load_shows_the_latest_report_not_each(window, qtbot):
    window.progress.show()
    for i in range(50):
        window.loader.progress.emit(i / 100, f"Checking table {i}")
    assert window.statusBar().currentMessage() != "Checking table 49"  # not one by one
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == "Checking table 49",
                    timeout=5000)
    assert window.progress.value() == 490
    window.loader.progress.emit(0.9, "Checking late")
    window.load_status.end()  # the load ended: a report still waiting is not shown
    qtbot.wait(200)
    assert window.statusBar().currentMessage() == "Checking table 49"


def test_panel_slots_make_each_panel_once_when_asked():
    made: list[int] = []
    installed: list[tuple[int, object]] = []

    def make(i):
        made.append(i)
        return f"panel {i}"

    slots = PanelSlots(3, make, lambda i, p: installed.append((i, p)))
    assert len(slots) == 3 and slots.made() == [] and slots.missing() == [0, 1, 2]
    assert slots[-1] == "panel 2" and slots[2] == "panel 2"
    assert made == [2] and installed == [(2, "panel 2")]
    assert slots[0:2] == ["panel 0", "panel 1"]
    assert list(slots) == ["panel 0", "panel 1", "panel 2"] and made == [2, 0, 1]
    assert slots.made() == list(slots) and slots.missing() == []
    with pytest.raises(IndexError):
        slots[3]


def test_every_tab_has_a_maker_in_tab_order():
    assert tuple(MAKERS) == TABS


def test_a_placeholder_is_a_plain_widget_until_its_panel_comes(qtbot, settings):
    win = MainWindow(settings)
    qtbot.addWidget(win)
    assert all(type(win.tabs.widget(i)) is QWidget for i in range(len(TABS)))


def test_after_paint_runs_what_waits_once_in_order_after_a_paint(qtbot):
    from denocompare.ui.after_paint import AfterPaint

    widget = QWidget()
    qtbot.addWidget(widget)
    after = AfterPaint(widget)
    ran: list[str] = []
    after.call(lambda: ran.append("first"))
    after.call(lambda: ran.append("second"))
    qtbot.wait(50)
    assert ran == [] and after.pending() == 2  # never shown, never painted
    widget.show()
    qtbot.waitUntil(lambda: ran == ["first", "second"], timeout=5000)
    widget.update()
    qtbot.wait(50)
    assert ran == ["first", "second"] and after.pending() == 0  # once
    after.call(lambda: ran.append("third"))  # waits for the next paint
    widget.update()
    qtbot.waitUntil(lambda: ran[-1:] == ["third"], timeout=5000)
