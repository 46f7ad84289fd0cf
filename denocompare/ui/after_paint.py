"""Run work once the window has painted: what is not in a frame waits for that frame.

A zero timer set after ``show()`` fires *before* the first paint: Qt posts a window's
paint (``UpdateRequest``) at low priority, behind every timer and queued call. So the
menus and the tabs not in view, built in such a timer, delayed the first frame (and the
new tabs the frame that shows the data). Here the work waits for the window's own
paint event, and runs in a zero timer set from it: after the paint has been flushed.
A window that is never painted (not shown, or never exposed) never runs it; the
window builds what it needs on demand as well (``MainWindow.finish_start``).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

_PAINTS = (QEvent.Type.UpdateRequest, QEvent.Type.Paint)


class AfterPaint(QObject):
    """``call(fn)``: run ``fn`` after the next paint of ``window``, in order, once."""

    def __init__(self, window: QWidget):
        super().__init__(window)
        self._window = window
        self._waiting: list[Callable[[], None]] = []
        self._armed = False

    def call(self, fn: Callable[[], None]) -> None:
        self._waiting.append(fn)
        if not self._armed:
            # Watched only while something waits: a filter sees every event the window gets.
            self._window.installEventFilter(self)
            self._armed = True

    def pending(self) -> int:
        return len(self._waiting)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802  (Qt's name)
        # The type first: the window is gone while its destructor's events come.
        if not (self._armed and event.type() in _PAINTS):
            return False
        handle = self._window.windowHandle()
        if handle is not None and handle.isExposed():
            self._window.removeEventFilter(self)
            self._armed = False
            ready, self._waiting = self._waiting, []
            QTimer.singleShot(0, self, lambda: _run(ready))  # dropped if the window goes
        return False


def _run(ready: list[Callable[[], None]]) -> None:
    for fn in ready:
        fn()
