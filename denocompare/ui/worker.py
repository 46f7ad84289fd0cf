"""Long work off the GUI thread: a plain function run by a QRunnable (see ``tasks``).

The function takes a ``progress(fraction, message)`` callback, which raises
``Cancelled`` once the user cancels. The worker only emits signals; the GUI side
owns the signals object (emitting after the window is gone would otherwise raise
"Signal source has been deleted") and drops results of stale jobs.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable

from PySide6.QtCore import QObject, QRunnable, Signal

from denocompare.core.tasks import Cancelled


class JobSignals(QObject):
    progress = Signal(int, float, str)  # job id, fraction, message
    finished = Signal(int, object)  # job id, result
    failed = Signal(int, object, str)  # job id, exception, traceback text


class Job(QRunnable):
    def __init__(self, job_id: int, fn: Callable, signals: JobSignals):
        super().__init__()
        self.job_id = job_id
        self.fn = fn
        self.signals = signals
        self.cancel_event = threading.Event()
        self.setAutoDelete(True)

    def progress(self, fraction: float, message: str) -> None:
        if self.cancel_event.is_set():
            raise Cancelled()
        self.signals.progress.emit(self.job_id, float(fraction), message)

    def run(self) -> None:
        try:
            result = self.fn(self.progress)
        except Exception as exc:  # noqa: BLE001 - every failure goes back to the GUI
            self._emit(self.signals.failed, self.job_id, exc, traceback.format_exc())
            return
        self._emit(self.signals.finished, self.job_id, result)

    def _emit(self, signal, *args) -> None:
        try:
            signal.emit(*args)
        except RuntimeError:
            # A detached job outlived its window (the signals object is deleted): its
            # result has nobody to go to.
            pass

    def start_detached(self) -> threading.Thread:
        """Run on a daemon thread of its own instead of a pool.

        A read can block in the kernel where no cancel reaches it (a file on an offline
        network share). In a pool, two such reads held both threads, so no later load
        ever ran and closing the window waited on them; a thread of its own is simply
        abandoned: cancelling drops its result, and the process exits without it.
        """
        thread = threading.Thread(target=self.run, name=f"job-{self.job_id}", daemon=True)
        thread.start()
        return thread
