"""The one task runner: a new task replaces the old, failures come back to be shown."""

from __future__ import annotations

import threading

import pytest

from denocompare.core.errors import ExportError
from denocompare.core.tasks import Cancelled
from denocompare.ui.tasks import TaskRunner, failure_text


@pytest.fixture
def runner(qtbot):
    r = TaskRunner()
    yield r
    r.stop()


def test_a_new_task_drops_the_result_of_the_one_it_replaces(runner, qtbot):
    release = threading.Event()
    results = []
    runner.finished.connect(results.append)

    def slow(_progress):
        release.wait(10)
        return "stale"
    runner.start(slow)
    with qtbot.waitSignal(runner.finished, timeout=10000):
        runner.start(lambda _p: "fresh")
        release.set()
    qtbot.wait(100)  # the first one's late result, had it not been dropped
    assert results == ["fresh"] and not runner.running()


def test_cancel_stops_the_task_at_its_next_report(runner, qtbot):
    reached = threading.Event()
    stopped = []

    def work(progress):
        progress(0.1, "started")
        reached.set()
        for _ in range(200):
            try:
                progress(0.5, "working")
            except Cancelled:
                stopped.append(True)
                raise
            threading.Event().wait(0.01)
        return "done"
    failed = []
    runner.failed.connect(lambda exc, tb: failed.append(exc))
    runner.start(work)
    assert reached.wait(10)
    with qtbot.waitSignal(runner.cancelled, timeout=1000):
        runner.cancel()
    assert not runner.running()
    qtbot.waitUntil(runner.idle, timeout=10000)
    assert stopped and failed == []  # a cancel is not a failure


def test_a_failure_comes_back_with_its_reason(runner, qtbot):
    def fail(_progress):
        raise ExportError("the disk is full")
    with qtbot.waitSignal(runner.failed, timeout=10000) as blocker:
        runner.start(fail)
    exc, tb = blocker.args
    assert failure_text("Export", exc, tb) == "the disk is full"
    assert "ExportError" in tb


def test_an_unexpected_failure_is_shown_and_logged(caplog):
    with caplog.at_level("ERROR"):
        text = failure_text("Computing", RuntimeError("boom"), "Traceback: boom")
    assert "boom" in text and "log file" in text
    assert "Traceback: boom" in caplog.text


def test_a_failure_on_the_adverse_tab_is_shown_in_the_tab(window, qtbot, monkeypatch):
    from denocompare.ui.panels import adverse

    panel = window.panels[2]
    window.tabs.setCurrentWidget(panel)
    qtbot.waitUntil(lambda: panel.table.model.rowCount() > 0, timeout=10000)
    rows = panel.table.model.rowCount()
    monkeypatch.setattr(adverse, "ASYNC_ROWS", 0)

    def broken(ds, view):
        raise MemoryError("out of memory")
    real = adverse.prepare_rows
    monkeypatch.setattr(adverse, "prepare_rows", broken)
    window.selection_bar.select_family()
    qtbot.waitUntil(lambda: not panel.is_busy(), timeout=10000)
    assert panel.problem.isVisibleTo(panel) and "out of memory" in panel.problem.text()
    assert panel.table.model.rowCount() == rows  # the rows shown before stay
    monkeypatch.setattr(adverse, "prepare_rows", real)
    window.selection_bar.set_comparators(["kefdensis"])
    assert not panel.problem.isVisibleTo(panel)
    qtbot.waitUntil(lambda: not panel.is_busy(), timeout=10000)
