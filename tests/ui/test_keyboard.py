"""The window driven by keyboard alone, checked through Qt's accessibility tree.

Tab walks each tab's focus chain: every control a user can reach says what it is (an
accessible name and role, as a screen reader reads them), every main control of the
tab is on the chain, nothing traps the focus, and the menus carry mnemonics.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QRadioButton,
    QTabWidget,
    QWidget,
)

from denocompare.core.view import TABS

#: What a user works with on a tab; each must be on its focus chain.
CONTROLS = (QAbstractButton, QComboBox, QLineEdit, QAbstractSpinBox, QAbstractItemView)
#: Roles that say nothing about what a control is.
VAGUE = (QAccessible.Role.NoRole, QAccessible.Role.Client)


def _walk(window, qtbot, start: QWidget, limit: int = 1000) -> list[QWidget]:
    """The widgets Tab visits from ``start`` until the focus comes round again."""
    start.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is start, timeout=3000)
    seen = [start]
    for _ in range(limit):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        now = QApplication.focusWidget()
        if now is start:
            return seen
        assert now is not None and now.window() is window, "Tab left the window"
        if now is seen[-1] or (_grid(now) is not None and _grid(now) is _grid(seen[-1])):
            # A grid walks its cells (and the editors in them), a text pane its links,
            # then the next Tab leaves.
            if now not in seen:
                seen.append(now)
            continue
        if now in seen:  # the focus goes round without coming back: a trap
            pytest.fail(f"Tab is trapped at {type(now).__name__} {now.accessibleName()!r}")
        seen.append(now)
    held = f"{type(seen[-1]).__name__} {seen[-1].accessibleName()!r}"
    pytest.fail(f"Tab did not come back to the start after {limit} presses: at {held}")


def _group(radio: QRadioButton) -> set[QWidget]:
    """Radio buttons chosen among with the arrow keys once Tab has reached one of them."""
    group = radio.group()
    if group is not None:
        return set(group.buttons())
    parent = radio.parentWidget()
    return set(parent.findChildren(QRadioButton)) if parent is not None else {radio}


def _grid(widget: QWidget | None) -> QAbstractItemView | None:
    """The item view ``widget`` is, or is an editor inside."""
    while widget is not None and not isinstance(widget, QAbstractItemView):
        widget = widget.parentWidget()
    return widget


def _announced(widget: QWidget) -> QWidget:
    """The widget a screen reader names when ``widget`` has the focus: a spin box's
    line edit has the focus, and the spin box carries the name."""
    parent = widget.parentWidget()
    return parent if isinstance(parent, QAbstractSpinBox) else widget


def _unnamed(widgets: list[QWidget]) -> list[str]:
    bad = []
    for w in map(_announced, widgets):
        face = QAccessible.queryAccessibleInterface(w)
        name = face.text(QAccessible.Text.Name) if face is not None else ""
        # On Linux a combo box reports its current item as Name (labels come as a
        # relation), so its own accessible name is checked as well.
        if isinstance(w, QComboBox) and not w.accessibleName():
            name = ""
        if face is None or not name.strip() or face.role() in VAGUE:
            bad.append(f"{type(w).__name__} name={name!r} "
                       f"role={face.role() if face else None}")
    return bad


def _main_controls(panel: QWidget) -> list[QWidget]:
    return [w for w in panel.findChildren(QWidget)
            if isinstance(w, CONTROLS) and w.isVisibleTo(panel) and w.isEnabled()
            and not isinstance(w, QHeaderView) and w.objectName() != "qt_tableview_cornerbutton"
            and not isinstance(w.parentWidget(), QAbstractSpinBox | QComboBox)
            and w.focusPolicy() != Qt.FocusPolicy.NoFocus or _is_missing_focus(w, panel)]


def _is_missing_focus(w: QWidget, panel: QWidget) -> bool:
    """A control of the panel that takes no focus at all, and is not a mirror of one
    that does (the frozen reference column mirrors its table)."""
    return (isinstance(w, QAbstractButton | QComboBox | QLineEdit | QAbstractSpinBox)
            and w.isVisibleTo(panel) and w.isEnabled() and not isinstance(
                w.parentWidget(), QAbstractSpinBox | QComboBox)
            and w.objectName() != "qt_tableview_cornerbutton"
            and w.focusPolicy() == Qt.FocusPolicy.NoFocus)


@pytest.mark.parametrize("tab", TABS)
def test_every_tab_is_reachable_and_named_by_keyboard(window, qtbot, tab):
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
    # Ctrl+1 … Ctrl+6 bring each tab up (the View menu's shortcuts).
    qtbot.keyClick(window, Qt.Key.Key_1 + TABS.index(tab), Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.tabs.currentIndex() == TABS.index(tab), timeout=5000)
    panel = window.tabs.currentWidget()
    # The tab settled: chart tabs made when first drawn are there.
    qtbot.waitUntil(lambda: all(t.count() for t in panel.findChildren(QTabWidget)),
                    timeout=5000)
    visited = _walk(window, qtbot, window.selection_bar.reference)
    assert not _unnamed(visited), (tab, _unnamed(visited))
    reached = set(map(_announced, visited)) | set(visited)
    missing = [f"{type(w).__name__} {w.accessibleName() or getattr(w, 'text', str)()!r}"
               for w in _main_controls(panel) if w not in reached
               and not (isinstance(w, QRadioButton) and _group(w) & reached)]
    assert not missing, (tab, missing)
    assert window.tabs.tabBar() in visited  # Left/Right then switch tabs from here


def test_ctrl_tab_moves_to_the_next_tab(window, qtbot):
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
    window.tabs.setCurrentIndex(0)
    window.tabs.tabBar().setFocus()
    qtbot.keyClick(window.tabs.tabBar(), Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentIndex() == 1


def test_menus_and_labels_carry_mnemonics(window):
    bar = window.menuBar()
    for menu_action in bar.actions():
        assert "&" in menu_action.text(), menu_action.text()
        for act in menu_action.menu().actions():
            if not act.isSeparator():
                assert "&" in act.text(), (menu_action.text(), act.text())
    for label in ("&Reference:", "Co&mpare with:"):
        assert any(w.text() == label and w.buddy() is not None
                   for w in window.selection_bar.findChildren(QWidget)
                   if hasattr(w, "buddy")), label


def test_the_accessibility_tree_reaches_every_tab(window):
    root = QAccessible.queryAccessibleInterface(window)
    assert root is not None and root.role() == QAccessible.Role.Window
    names: list[str] = []

    def walk(face, depth=0):
        if depth > 40:
            return
        names.append(face.text(QAccessible.Text.Name))
        for i in range(face.childCount()):
            child = face.child(i)
            if child is not None:
                walk(child, depth + 1)

    walk(root)
    for i in range(window.tabs.count()):
        assert window.tabs.tabText(i) in names, window.tabs.tabText(i)
    assert "Reference product" in names or any("Prolia" in n for n in names)


def test_the_focus_is_visible(window, qtbot):
    """A control reached by Tab looks different from the same control without focus."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
    window.tabs.setCurrentIndex(0)
    panel = window.tabs.currentWidget()
    bar = window.selection_bar
    controls = [bar.reference, bar.comparators, bar.family, window.tabs.tabBar(),
                panel.table.filter, panel.table.view]
    for control in controls:
        control.clearFocus()
        qtbot.waitUntil(lambda c=control: not c.hasFocus(), timeout=3000)
        plain = control.grab().toImage()
        # Reached by the Tab key: Qt marks a keyboard focus change, which styles draw
        # as a focus frame.
        start = bar.family if control is bar.reference else bar.reference
        start.setFocus()
        for _ in range(60):
            if control.hasFocus():
                break
            qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        assert control.hasFocus(), type(control).__name__
        assert control.grab().toImage() != plain, type(control).__name__
