"""The status bar's part in a load: the dataset shown, the progress and Cancel."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QLabel, QMainWindow, QProgressBar, QPushButton

#: A load's progress is shown at most this often (ms).
PROGRESS_MS = 50


class LoadStatus(QObject):
    """``begin`` a load, ``report`` its progress (the latest shown, within
    ``PROGRESS_MS``), ``end`` it. A load reports each column (90 times for the bundled
    data); shown at once, each repainted the status bar, GUI-thread work that took the
    GIL from the load's own thread."""

    def __init__(self, window: QMainWindow, cancel: Callable[[], None]):
        super().__init__(window)
        self._bar = window.statusBar()
        self.dataset_label = QLabel("No dataset", window)
        self.progress = QProgressBar(window)
        self.progress.setMaximumWidth(220)
        self.progress.setRange(0, 1000)
        self.cancel_button = QPushButton("Cancel", window)
        self.cancel_button.setToolTip("Stop loading; the dataset shown stays open")
        self.cancel_button.clicked.connect(cancel)
        for w in (self.progress, self.cancel_button):
            w.hide()
            self._bar.addPermanentWidget(w)
        self._bar.addPermanentWidget(self.dataset_label)
        self._latest = (0.0, "")
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PROGRESS_MS)
        self._timer.timeout.connect(self._show)

    def begin(self, message: str) -> None:
        self.progress.setValue(0)
        self.progress.show()
        self.cancel_button.show()
        self._bar.showMessage(message)

    def report(self, fraction: float, message: str) -> None:
        self._latest = (fraction, message)
        if not self._timer.isActive():
            self._timer.start()

    def end(self) -> None:
        """The load is over: a report still waiting is not shown."""
        self._timer.stop()
        self.progress.hide()
        self.cancel_button.hide()

    def _show(self) -> None:
        fraction, message = self._latest
        self.progress.setValue(int(fraction * 1000))
        self._bar.showMessage(message)
