"""The real app in a real X server: starts, shows the bundled data, screenshots."""

from __future__ import annotations

import os
import select
import subprocess
import sys

import pytest

from tests.system_tools import require


def start_xvfb(screen: str = "1400x900x24") -> tuple[subprocess.Popen, str]:
    """Start Xvfb on a free display; return once it accepts clients.

    ``-displayfd`` makes Xvfb choose a free display and write its number to the pipe
    when it is ready, so there is nothing to sleep for and no display to guess.
    """
    read_end, write_end = os.pipe()
    xvfb = subprocess.Popen([require("Xvfb"), "-displayfd", str(write_end), "-screen", "0",
                             screen, "-nolisten", "tcp"], pass_fds=(write_end,))
    os.close(write_end)
    with os.fdopen(read_end, "rb") as fh:
        ready, _, _ = select.select([fh], [], [], 30)
        number = fh.readline().strip() if ready else b""
    if not number.isdigit():
        xvfb.kill()
        xvfb.wait(10)
        pytest.fail(f"Xvfb did not report a display within 30 s (exit {xvfb.returncode})")
    return xvfb, f":{number.decode()}"


def test_real_app_under_xvfb(tmp_path):
    xvfb, display = start_xvfb()
    try:
        env = dict(os.environ, DISPLAY=display, QT_QPA_PLATFORM="xcb",
                   XDG_CONFIG_HOME=str(tmp_path), XDG_DATA_HOME=str(tmp_path),
                   DENOCOMPARE_SMOKE=str(tmp_path / "shot.png"))
        script = (
            "import sys, os\n"
            "from PySide6.QtCore import Qt, QTimer\n"
            "from denocompare.ui import app as A\n"
            "from denocompare.ui.main_window import MainWindow\n"
            "qa = A.make_app(); A.setup_logging(); A.install_excepthook()\n"
            "w = MainWindow(); w.show(); w.open_path(str(A.bundled_data_dir()))\n"
            "def check():\n"
            "    if w.dataset is None: return QTimer.singleShot(100, check)\n"
            "    qa.processEvents()\n"
            "    m = w.panels[0].table.model\n"
            "    print('PLATFORM', qa.platformName())\n"
            "    h = Qt.Orientation.Horizontal\n"
            "    print('COLUMNS', [m.headerData(c, h) for c in range(m.columnCount())])\n"
            "    print('STATUS', w.dataset_label.text())\n"
            "    w.grab().save(os.environ['DENOCOMPARE_SMOKE'])\n"
            "    qa.quit()\n"
            "QTimer.singleShot(200, check)\n"
            "QTimer.singleShot(30000, qa.quit)\n"
            "qa.exec()\n")
        res = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True,
                             text=True, timeout=90, cwd=tmp_path)
        assert res.returncode == 0, res.stderr
        assert "PLATFORM xcb" in res.stdout
        assert "COLUMNS ['Prolia', 'Kefdensis']" in res.stdout
        assert "denosumab" in res.stdout.lower()
        assert (tmp_path / "shot.png").stat().st_size > 10_000
    finally:
        xvfb.terminate()
        xvfb.wait(10)
