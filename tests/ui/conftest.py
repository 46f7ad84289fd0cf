"""UI fixtures: settings isolated per test, dialogs never block."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings

from denocompare.ui.settings_store import SettingsStore


@pytest.fixture
def settings(tmp_path):
    return SettingsStore(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def problems(monkeypatch):
    """Capture the problem dialog instead of showing it."""
    shown = []
    from denocompare.ui.main_window import MainWindow

    monkeypatch.setattr(MainWindow, "show_problems",
                        lambda self, source, report, n, kept: shown.append((source, report, n,
                                                                            kept)))
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
