"""One task runner for every background job: loads, the Adverse tab's rows, exports.

The model is Orange3's ``widgets/utils/concurrent.py`` (``TaskState``,
``ConcurrentMixin``): a task is a plain function ``fn(progress)`` (``core.tasks``) run on
the runner's own thread; only signals come back. Starting a task cancels the one before
and drops its result by id, so a stale result never arrives. One failure policy: a
failure comes back through ``failed`` and its owner shows ``failure_text`` where the user
was looking (the panel, the status bar, a dialog), never only in the log.

Exports (``BackgroundTasks``) run on a runner too, one at a time: a second one while the
first runs is refused with a word in the status bar, not queued behind it. Writing the
committee report takes 1.5-2.5 s and exporting all charts about 0.7 s (BENCHMARKS.md);
matplotlib draws its own new figures on the worker and Qt paints the PDF on a
``QPrinter``, which Qt supports outside the GUI thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QThreadPool, Signal
from PySide6.QtWidgets import QProgressBar, QStatusBar

from denocompare.core.errors import ComparisonFileError, DataError, ExportError
from denocompare.core.tasks import Cancelled, Progress
from denocompare.ui.worker import Job, JobSignals

log = logging.getLogger(__name__)

#: Failures a user can act on: their text is the reason, ready to show.
EXPECTED = (DataError, ExportError, ComparisonFileError, OSError)


def failure_text(what: str, exc: BaseException, tb: str = "") -> str:
    """The reason ``what`` failed, as the user is shown it; a bug is logged in full too."""
    if isinstance(exc, EXPECTED):
        return str(exc)
    log.error("%s failed unexpectedly:\n%s", what, tb or repr(exc))
    return f"Unexpected error: {exc or type(exc).__name__} (the details are in the log file)"


class TaskRunner(QObject):
    """Runs one task at a time on a thread of its own; a new one replaces the old."""

    progress = Signal(float, str)  # fraction, message
    finished = Signal(object)  # the task's result
    failed = Signal(object, str)  # the exception (never Cancelled), its traceback text
    cancelled = Signal()

    def __init__(self, parent: QObject | None = None, detached: bool = False):
        super().__init__(parent)
        # Detached: each task on a daemon thread of its own (Job.start_detached), for
        # loads, whose read can block in the kernel where no cancel reaches it; such a
        # task is abandoned on cancel or close, never waited for.
        self._detached = detached
        # Its own pool of one thread: tasks run in turn, a queued one made out of date is
        # dropped, and ``stop`` waits only for this runner's task.
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._signals = JobSignals(self)  # owned on the GUI side, like Orange's
        self._signals.progress.connect(self._progress)
        self._signals.finished.connect(self._finished)
        self._signals.failed.connect(self._failed)
        self._job: Job | None = None
        self._id = 0

    def start(self, fn: Callable[[Progress], object]) -> int:
        """Run ``fn(progress)``; the task running before is cancelled, its result dropped."""
        self._drop()
        self._id += 1
        self._job = Job(self._id, fn, self._signals)
        if self._detached:
            self._job.start_detached()
        else:
            self._pool.start(self._job)
        return self._id

    def running(self) -> bool:
        return self._job is not None

    def cancel(self) -> None:
        """Stop the task at its next progress report; ``cancelled`` says so at once."""
        if self._drop():
            self.cancelled.emit()

    def stop(self, wait_ms: int = 5000) -> None:
        """Cancel, and wait for a task still running (the window is closing)."""
        self._drop()
        if not self._detached:
            self._pool.waitForDone(wait_ms)

    def idle(self) -> bool:
        """No thread of this runner is working (a dropped task may still be finishing)."""
        return self._job is None if self._detached else self._pool.activeThreadCount() == 0

    def _drop(self) -> bool:
        self._pool.clear()  # queued, not started: out of date now
        job, self._job = self._job, None
        if job is None:
            return False
        job.cancel_event.set()
        self._id += 1  # whatever it still sends is stale
        return True

    def _current(self, job_id: int) -> bool:
        return job_id == self._id and self._job is not None

    def _progress(self, job_id: int, fraction: float, message: str) -> None:
        if self._current(job_id):
            self.progress.emit(fraction, message)

    def _finished(self, job_id: int, result: object) -> None:
        if self._current(job_id):
            self._job = None
            self.finished.emit(result)

    def _failed(self, job_id: int, exc: BaseException, tb: str) -> None:
        if not self._current(job_id):
            return
        self._job = None
        if isinstance(exc, Cancelled):
            self.cancelled.emit()
        else:
            self.failed.emit(exc, tb)


class BackgroundTasks(QObject):
    """Exports, one at a time, shown busy in the status bar; failures in a dialog."""

    #: what was done ("Report written: x.pdf"), and the function's result.
    finished = Signal(str, object)
    #: the user-ready reason an export failed.
    failed = Signal(str)

    def __init__(self, status_bar: QStatusBar, warn: Callable[[str, str], None]):
        super().__init__(status_bar)
        self.status_bar = status_bar
        self.warn = warn
        self.runner = TaskRunner(self)
        self.runner.finished.connect(self._done)
        self.runner.failed.connect(self._failed)
        self.busy_bar = QProgressBar(status_bar)
        self.busy_bar.setRange(0, 0)  # no fraction to show: a busy indicator
        self.busy_bar.setMaximumWidth(160)
        self.busy_bar.hide()
        status_bar.addPermanentWidget(self.busy_bar)
        self._running: tuple[str, str, Callable[[object], str]] | None = None

    def busy(self) -> bool:
        return self._running is not None

    def run(self, doing: str, failing: str, work: Callable[[], object],
            done: Callable[[object], str]) -> bool:
        """Start ``work()`` unless another export runs; ``done(result)`` says what was done.

        ``doing`` is shown while it runs ("Writing the report…"); ``failing`` titles the
        dialog that gives the reason it failed. Returns whether it started.
        """
        if self._running is not None:
            self.status_bar.showMessage(f"Still busy: {self._running[0]} Try again when "
                                        "it is done.", 6000)
            return False
        self._running = (doing, failing, done)
        self.busy_bar.setToolTip(doing)
        self.busy_bar.show()
        self.status_bar.showMessage(doing)
        self.runner.start(lambda _progress: work())
        return True

    def stop(self) -> None:
        self.runner.stop()

    def _finish(self) -> tuple[str, str, Callable[[object], str]]:
        running, self._running = self._running, None
        self.busy_bar.hide()
        assert running is not None
        return running

    def _done(self, result: object) -> None:
        message = self._finish()[2](result)
        self.status_bar.showMessage(message, 10000)
        self.finished.emit(message, result)

    def _failed(self, exc: BaseException, tb: str) -> None:
        _doing, failing, _done = self._finish()
        reason = failure_text(failing, exc, tb)
        self.status_bar.showMessage(f"{failing}: {reason}", 10000)
        self.warn(failing, reason)
        self.failed.emit(reason)
