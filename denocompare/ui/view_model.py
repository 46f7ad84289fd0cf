"""The window's current ``View``, and a signal when it changes.

The comparison itself is the Qt-free ``denocompare.core.view.View``; this holds the one
the window shows. The selection bar, the tabs and each panel's controls ask for a
change (``update``); every one of them mirrors ``changed`` (napari's controls and
``ViewerModel`` work so). A change to what is already shown emits nothing, so a
control that mirrors its own edit cannot start a loop.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal

from denocompare.core.view import View


class ViewModel(QObject):
    #: the new view, and the one before it (None the first time).
    changed = Signal(object, object)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._view: View | None = None

    @property
    def view(self) -> View | None:
        return self._view

    def set_view(self, view: View) -> None:
        old, self._view = self._view, view
        if view != old:
            self.changed.emit(view, old)

    def update(self, **changes: Any) -> None:
        """Change some fields of the current view (nothing before a dataset is open)."""
        if self._view is not None:
            self.set_view(self._view.replace(**changes))
