"""Accessible names the panels would otherwise leave to chance: a form's fields named by
their labels, and each table's corner button (it selects every cell)."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractButton, QFormLayout, QLabel, QTableView, QWidget


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
