"""A load the window cannot finish never holds it: special files are refused before
they are opened, a load stuck in a read is cancelled at once, a good dataset still
loads after two stuck ones, and closing the window does not wait for them (issue 19).
"""

from __future__ import annotations

import os
import shutil
import threading

import pytest

from denocompare.resources import bundled_data_dir
from denocompare.ui import main_window
from denocompare.ui.main_window import MainWindow

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")


@pytest.fixture
def fifo_dataset(tmp_path):
    folder = tmp_path / "dataset"
    shutil.copytree(bundled_data_dir(), folder)
    (folder / "products.csv").unlink()
    os.mkfifo(folder / "products.csv")
    os.mkfifo(tmp_path / "dataset.xlsx")
    return folder


@pytest.mark.parametrize("which", ["folder", "workbook"])
def test_a_named_pipe_is_refused_and_the_dataset_shown_stays(which, window, qtbot, problems,
                                                           fifo_dataset):
    before = window.dataset
    path = fifo_dataset if which == "folder" else fifo_dataset.parent / "dataset.xlsx"
    name = "products.csv" if which == "folder" else "dataset.xlsx"
    window.open_path(str(path))
    qtbot.waitUntil(lambda: not window.is_loading(), timeout=15000)
    assert window.dataset is before
    _source, report, n_errors, kept = problems[-1]
    assert f"{name} is a named pipe (FIFO), not a regular file" in report
    assert "missing" not in report and "still open" in kept
    window.open_path(str(bundled_data_dir()))  # a good dataset loads after it
    qtbot.waitUntil(lambda: window.dataset is not before, timeout=15000)


class _StuckReads:
    """Loads that block as a read on an offline share does: until released."""

    def __init__(self, monkeypatch):
        self.release = threading.Event()
        self.entered = threading.Semaphore(0)
        real = main_window._load

        def load(path, progress):
            if path.endswith("stuck"):
                self.entered.release()
                self.release.wait()
                raise OSError("the share went away")
            return real(path, progress)
        monkeypatch.setattr(main_window, "_load", load)


def test_stuck_loads_never_hold_the_window(window, qtbot, problems, monkeypatch, settings):
    stuck = _StuckReads(monkeypatch)
    before = window.dataset
    try:
        for _ in range(2):  # as many as the machine has cores: a pool would be full
            window.open_path("/nowhere/stuck")
            assert stuck.entered.acquire(timeout=10)
            window.cancel_load()
            assert not window.is_loading()
            assert window.statusBar().currentMessage() == "Loading cancelled"
        window.open_path(str(bundled_data_dir()))
        qtbot.waitUntil(lambda: window.dataset is not before, timeout=15000)
        assert not problems
        other = MainWindow(settings)
        qtbot.addWidget(other)
        other.show()
        other.open_path("/nowhere/stuck")
        assert stuck.entered.acquire(timeout=10)
        other.close()  # returns while the read is still blocked: nothing waits for it
        assert not stuck.release.is_set() and not other.isVisible()
    finally:
        stuck.release.set()
