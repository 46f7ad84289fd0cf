"""UI fixtures: settings isolated in every test, dialogs never block, no window leaks."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from denocompare.ui.settings_store import SettingsStore


@pytest.fixture(autouse=True)
def _isolated_qsettings(tmp_path, monkeypatch):
    """Every QSettings a test makes, even ``MainWindow()`` with none given, lives in
    ``tmp_path``: a test never reads or changes the user's real settings."""
    folder = tmp_path / "qsettings"
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        for scope in (QSettings.Scope.UserScope, QSettings.Scope.SystemScope):
            QSettings.setPath(fmt, scope, str(folder))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(folder))
    yield


def _would_block(what):
    def refuse(*args, **_kwargs):
        texts = [a for a in args if isinstance(a, str)]
        title = args[0].windowTitle() if args and hasattr(args[0], "windowTitle") else ""
        raise AssertionError(f"a modal {what} would block the test: {title!r} {texts}")
    return refuse


@pytest.fixture(autouse=True)
def _dialogs_never_block(monkeypatch):
    """A modal dialog no test expected fails the test at once instead of waiting for a
    click that never comes (a venv without WeasyPrint hung on a warning). A test that
    expects a dialog patches it itself, which overrides this."""
    from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

    for name in ("warning", "critical", "information", "question"):
        monkeypatch.setattr(QMessageBox, name, staticmethod(_would_block(f"message {name}")))
    for name in ("getOpenFileName", "getSaveFileName", "getExistingDirectory"):
        monkeypatch.setattr(QFileDialog, name, staticmethod(_would_block(f"file dialog {name}")))
    monkeypatch.setattr(QDialog, "exec", _would_block("dialog"))


@pytest.fixture(autouse=True)
def _nothing_stays_frozen():
    """A window freezes what its start made (``MainWindow._make_hidden_panels``); a test
    hands it back to the collector, or every test's windows would stay in memory."""
    yield
    import gc

    gc.unfreeze()


@pytest.fixture(autouse=True)
def _no_leaked_windows(qapp):
    """A test that leaves a visible top-level window behind fails (napari does so)."""
    before = set(map(id, QApplication.topLevelWidgets()))
    yield
    QApplication.processEvents()
    leaked = [w for w in QApplication.topLevelWidgets()
              if id(w) not in before and w.isVisible()]
    for w in leaked:
        w.close()
    assert not leaked, f"the test left windows open: {[type(w).__name__ for w in leaked]}"


@pytest.fixture
def settings(tmp_path):
    return SettingsStore(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def problems(monkeypatch):
    """Capture the problem dialog instead of showing it."""
    shown = []
    from denocompare.ui.main_window import MainWindow

    monkeypatch.setattr(MainWindow, "show_problems",
                        lambda self, source, report, n, kept, n_warnings=0: shown.append(
                            (source, report, n, kept)))
    return shown


@pytest.fixture
def messages(monkeypatch):
    """Capture the window's warnings and notes instead of showing them."""
    shown: list[tuple[str, str, str]] = []
    from denocompare.ui.main_window import MainWindow

    monkeypatch.setattr(MainWindow, "warn", lambda self, t, m: shown.append(("warn", t, m)))
    monkeypatch.setattr(MainWindow, "inform", lambda self, t, m: shown.append(("inform", t, m)))
    return shown


@pytest.fixture
def window(qtbot, settings, problems):
    from denocompare.resources import bundled_data_dir
    from denocompare.ui.main_window import MainWindow

    win = MainWindow(settings)
    qtbot.addWidget(win)
    win.show()
    win.open_path(str(bundled_data_dir()))
    qtbot.waitUntil(lambda: win.dataset is not None, timeout=15000)
    return win
