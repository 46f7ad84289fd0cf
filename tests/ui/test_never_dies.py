"""The window never dies: one excepthook, a dialog, a log file; settings never break it."""

from __future__ import annotations

import logging
import sys

import pytest
from PySide6.QtCore import QSettings, QTimer

from denocompare.resources import bundled_data_dir
from denocompare.ui import app as A
from denocompare.ui.settings_store import SettingsStore
from tests.ui.shown import assert_every_tab_shows_prolia_vs_kefdensis


@pytest.mark.qt_no_exception_capture
def test_exception_in_a_slot_is_logged_and_shown(qtbot, tmp_path, monkeypatch, window):
    monkeypatch.setattr(A, "log_dir", lambda: tmp_path / "logs")
    log_path = A.setup_logging()
    shown = []
    old = sys.excepthook
    A.install_excepthook(show=lambda exc, text: shown.append(text))
    try:
        def boom():
            raise RuntimeError("slot exploded")
        QTimer.singleShot(0, boom)
        qtbot.waitUntil(lambda: bool(shown), timeout=5000)
    finally:
        sys.excepthook = old
    for h in logging.getLogger("denocompare").handlers:
        h.flush()
    assert "RuntimeError: slot exploded" in shown[0]
    assert "Traceback" in log_path.read_text(encoding="utf-8")
    assert window.isVisible() and window.dataset is not None  # still running, data intact
    window.selection_bar.select_family()  # and still responds


def test_corrupt_settings_fall_back_to_defaults(tmp_path, caplog):
    ini = tmp_path / "s.ini"
    raw = QSettings(str(ini), QSettings.Format.IniFormat)
    raw.setValue("view/current", "{not json")
    raw.setValue("comparisons/recent", 7)
    raw.setValue("data/recent", 42)
    raw.sync()
    store = SettingsStore(QSettings(str(ini), QSettings.Format.IniFormat))
    with caplog.at_level(logging.WARNING):
        assert store.view() is None
        assert store.recent_comparisons() in ([], ["7"])
        assert store.recent_files() in ([], ["42"])
    assert store.geometry().isEmpty()
    assert "view/current unreadable" in caplog.text


def test_garbage_settings_file_does_not_stop_the_window(qtbot, tmp_path, problems):
    from denocompare.ui.main_window import MainWindow

    ini = tmp_path / "s.ini"
    ini.write_bytes(b"\x00\xff[window]\ngeometry=@ByteArray(garbage)\ntab=zz\n")
    win = MainWindow(SettingsStore(QSettings(str(ini), QSettings.Format.IniFormat)))
    qtbot.addWidget(win)
    win.show()
    assert win.tabs.currentIndex() == 0  # 'zz' is not a tab
    win.open_path(str(bundled_data_dir()))
    qtbot.waitUntil(lambda: win.dataset is not None, timeout=15000)
    assert_every_tab_shows_prolia_vs_kefdensis(win, qtbot)


def test_window_and_data_shown_without_importing_matplotlib(tmp_path):
    """Start-up cost (BENCHMARKS.md): matplotlib loads only when a chart is first shown."""
    import os
    import subprocess

    code = (
        "import sys\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from denocompare.ui.main_window import MainWindow\n"
        "from denocompare.io.validate import load_dataset\n"
        "from denocompare.resources import bundled_data_dir\n"
        "w = MainWindow(); w.show(); w.ensure_panels()\n"
        "w.set_dataset(load_dataset(bundled_data_dir())); app.processEvents()\n"
        "before = 'matplotlib' in sys.modules\n"
        "w.tabs.setCurrentIndex(3); app.processEvents()\n"
        "chart = w.panels[3].forest_chart\n"
        "while chart.is_drawing(): app.processEvents()  # drawn on a worker\n"
        "print(before, 'matplotlib' in sys.modules, chart.figure.axes != [])\n")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen",
               XDG_CONFIG_HOME=str(tmp_path), HOME=str(tmp_path))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=env, timeout=120, cwd=os.getcwd())
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["False", "True", "True"]


def test_the_qt_binding_does_not_steal_references_to_none_or_true(qtbot):
    # PySide6 6.12.0 drops a reference to None on every call of a void method
    # (setText, setValue, update, processEvents ...) and to True on every signal
    # emit. Python then aborts ("Fatal Python error: none_dealloc"): the window died
    # after fewer than 50 selection changes. pyproject.toml excludes that release;
    # this test fails on any binding with the same fault.
    from PySide6.QtCore import QObject, Signal
    from PySide6.QtWidgets import QLabel

    class Emitter(QObject):
        progress = Signal(int, float, str)

    label, emitter = QLabel(), Emitter()
    emitter.progress.connect(lambda *_args: None)
    qtbot.addWidget(label)
    before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(500):
        label.setText("x")
        emitter.progress.emit(1, 0.5, "x")
    after = sys.getrefcount(None), sys.getrefcount(True)
    assert after[0] - before[0] > -100, "void Qt calls drop references to None"
    assert after[1] - before[1] > -100, "signal emits drop references to True"


def test_many_selection_changes_keep_the_window_alive(window, qtbot):
    # A pharmacist flips between comparators all day; each flip makes hundreds of
    # calls into Qt. The binding bug above killed the process here within 50 flips.
    bar = window.selection_bar
    for i in range(1, 61):  # ends on an even i: Kefdensis alone
        window.tabs.setCurrentIndex(i % 2)  # the table tabs: many Qt calls, quickly
        if i % 2:
            bar.select_family()
        else:
            bar.set_comparators(["kefdensis"])
    assert_every_tab_shows_prolia_vs_kefdensis(window, qtbot)
