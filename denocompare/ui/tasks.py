"""Exports that take seconds run off the GUI thread, one at a time.

Writing the committee report takes 1.5-2.5 s and exporting all charts about 0.7 s
(BENCHMARKS.md); on the GUI thread the window froze for that long. A task here is a
plain function run by the same ``Job`` as a dataset load; it gets the dataset and the
selection as they were when it started (a ``Dataset`` is never modified). Matplotlib
draws its own new figures there, and Qt paints the PDF on a ``QPrinter``, which Qt
supports outside the GUI thread. Only signals come back.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable

from PySide6.QtCore import QObject, QThreadPool, Signal
from PySide6.QtWidgets import QProgressBar, QStatusBar

from denocompare.core.errors import ExportError
from denocompare.ui.worker import Job, JobSignals

log = logging.getLogger(__name__)


class BackgroundTasks(QObject):
    """Runs one export at a time and shows it, busy, in the status bar."""

    #: what was done ("Report written: x.pdf"), and the function's result.
    finished = Signal(str, object)
    #: the user-ready reason an export failed.
    failed = Signal(str)

    def __init__(self, status_bar: QStatusBar, pool: QThreadPool,
                 warn: Callable[[str, str], None]):
        super().__init__(status_bar)
        self.status_bar = status_bar
        self.pool = pool
        self.warn = warn
        self.signals = JobSignals(self)  # owned here, on the GUI side
        self.signals.finished.connect(self._done)
        self.signals.failed.connect(self._failed)
        self.busy_bar = QProgressBar(status_bar)
        self.busy_bar.setRange(0, 0)  # no fraction to show: a busy indicator
        self.busy_bar.setMaximumWidth(160)
        self.busy_bar.hide()
        status_bar.addPermanentWidget(self.busy_bar)
        self._id = 0
        self._running: tuple[str, str, Callable[[object], str]] | None = None

    def busy(self) -> bool:
        return self._running is not None

    def run(self, doing: str, failing: str, work: Callable[[], object],
            done: Callable[[object], str]) -> bool:
        """Start ``work()`` unless another export runs; ``done(result)`` says what was done.

        ``doing`` is shown while it runs ("Writing the report…"); ``failing`` titles the
        dialog when it raises ``ExportError``. Returns whether it started.
        """
        if self._running is not None:
            self.status_bar.showMessage(f"Still busy: {self._running[0]} Try again when "
                                        "it is done.", 6000)
            return False
        self._id += 1
        self._running = (doing, failing, done)
        self.busy_bar.setToolTip(doing)
        self.busy_bar.show()
        self.status_bar.showMessage(doing)
        self.pool.start(Job(self._id, lambda _progress: work(), self.signals))
        return True

    def _finish(self) -> tuple[str, str, Callable[[object], str]]:
        running, self._running = self._running, None
        self.busy_bar.hide()
        assert running is not None
        return running

    def _done(self, job_id: int, result: object) -> None:
        if job_id != self._id or self._running is None:
            return
        message = self._finish()[2](result)
        self.status_bar.showMessage(message, 10000)
        self.finished.emit(message, result)

    def _failed(self, job_id: int, exc: BaseException, tb: str) -> None:
        if job_id != self._id or self._running is None:
            return
        _doing, failing, _done = self._finish()
        self.status_bar.clearMessage()
        if isinstance(exc, ExportError):
            self.warn(failing, str(exc))
            self.failed.emit(str(exc))
            return
        # A bug, not a user's problem: the one excepthook logs it and shows details.
        log.error("%s failed unexpectedly:\n%s", failing, tb)
        self.failed.emit(str(exc))
        sys.excepthook(type(exc), exc, exc.__traceback__)
