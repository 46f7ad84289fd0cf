"""Accessible names the panels would otherwise leave to chance: a form's fields named by
their labels, each table's corner button (it selects every cell), and the containers a
keyboard user tabs into (``name_containers``)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QFormLayout,
    QLabel,
    QTableView,
    QTabWidget,
    QTextBrowser,
    QWidget,
)


def name_form_fields(form: QFormLayout) -> None:
    """Give every field of ``form`` its row's label as accessible name (if unnamed)."""
    for row in range(form.rowCount()):
        label = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
        field = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
        text = label.widget().text() if label and isinstance(label.widget(), QLabel) else ""
        if not text or field is None:
            continue
        widgets = [field.widget()] if field.widget() is not None else \
            [field.layout().itemAt(i).widget() for i in range(field.layout().count())]
        for w in widgets:
            if w is not None and not w.accessibleName():
                w.setAccessibleName(text.replace("&", ""))


def name_corner_buttons(root: QWidget) -> None:
    for table in root.findChildren(QTableView):
        corner = table.findChild(QAbstractButton, "qt_tableview_cornerbutton")
        if corner is not None and not corner.accessibleName():
            corner.setAccessibleName("Select all cells")


def name_containers(root: QWidget) -> None:
    """Name what a screen reader lands on and the panels leave unnamed: a label's buddy
    by the label, a tab widget by its tabs' titles, a read-only text pane as such."""
    for label in root.findChildren(QLabel):
        buddy = label.buddy()
        if buddy is not None and not buddy.accessibleName():
            buddy.setAccessibleName(label.text().replace("&", "").rstrip(": "))
    for tabs in root.findChildren(QTabWidget):
        if not tabs.accessibleName():
            titles = [tabs.tabText(i).replace("&", "") for i in range(tabs.count())]
            tabs.setAccessibleName(f"Tabs: {', '.join(titles)}" if titles else "Tabs")
        if not tabs.tabBar().accessibleName():
            # The list of tabs is named for what it switches; each tab in it (a child
            # in the accessibility tree) by its title. Unnamed, a tab bar with no tab
            # yet (a chart still to come) was announced as nothing.
            tabs.tabBar().setAccessibleName(tabs.accessibleName())
    for pane in root.findChildren(QTextBrowser):
        if not pane.accessibleName():
            pane.setAccessibleName("Text")


def free_tab_key(root: QWidget) -> None:
    """Tab leaves every table of ``root`` for the next control; arrows move between cells.

    With Qt's default Tab walks a table's cells and wraps round from the last to the
    first: a keyboard user could never Tab out of an editable grid again.
    """
    for view in root.findChildren(QAbstractItemView):
        view.setTabKeyNavigation(False)
