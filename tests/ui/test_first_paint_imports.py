"""The first paint waits for Qt only: the window, built and shown, has not imported
pandas, numpy or matplotlib (each costs 0.3-0.5 s at start; they come with the data).

A saved-comparison import once pulled pandas in through ``core.saved`` and the panel
protocols through ``ui.panels.base``; the first paint went from 1.3x a bare window
to 6-9x. Run in a fresh process, since this test session has imported them all.
"""

from __future__ import annotations

import os
import subprocess
import sys

CODE = """
import sys, tempfile
from PySide6.QtCore import QSettings
from denocompare.ui import app as A
qa = A.make_app()
from denocompare.ui.main_window import MainWindow
from denocompare.ui.settings_store import SettingsStore
s = SettingsStore(QSettings(tempfile.mktemp(suffix='.ini'), QSettings.Format.IniFormat))
w = MainWindow(s); w.show(); qa.processEvents()
print(' '.join(m for m in ('pandas', 'numpy', 'matplotlib') if m in sys.modules) or '-')
"""


def test_window_shown_without_pandas_numpy_or_matplotlib():
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True,
                         env=env, check=True, timeout=120).stdout.split()
    assert out[-1] == "-", f"imported before the first paint: {out[-1]}"


FROZEN = """
import gc, sys, tempfile, time
from PySide6.QtCore import QSettings
from denocompare.ui import app as A
qa = A.make_app()
from denocompare.ui.main_window import MainWindow
from denocompare.ui.settings_store import SettingsStore
s = SettingsStore(QSettings(tempfile.mktemp(suffix='.ini'), QSettings.Format.IniFormat))
w = MainWindow(s); w.show()
w.open_path(str(A.bundled_data_dir()))
end = time.monotonic() + 60
while (w.dataset is None or w.starting()) and time.monotonic() < end:
    qa.processEvents(); time.sleep(0.001)
import matplotlib.figure, denocompare.plotting.equivalence as E
young = {id(o) for o in gc.get_objects()}
print(w.starting(), gc.get_freeze_count() > 0, id(matplotlib.figure.Figure.__init__) in young,
      id(E.draw_forest) in young, 'matplotlib.figure' in sys.modules)
"""


def test_the_chart_modules_are_imported_after_the_start_and_frozen_with_it():
    # Rule: once the data is shown, the chart modules are imported (on a worker) before
    # what is alive is frozen out of the collector's passes: imported at the first chart
    # instead, matplotlib's ~45,000 objects made each full pass 60-90 ms, a stall.
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run([sys.executable, "-c", FROZEN], capture_output=True, text=True,
                         env=env, check=True, timeout=120).stdout.split()
    assert out[-5:] == ["False", "True", "False", "False", "True"], out


def test_the_start_is_frozen_before_the_chart_modules_are_imported():
    # Rule: what the start made is frozen before the chart modules' imports begin, so a
    # full pass set off by those imports counts only theirs (one over the start's 96,000
    # objects took 43-53 ms).
    probe = FROZEN.replace("w = MainWindow(s)", """import denocompare.ui.main_window as M
seen = []
_warm = M._warm_charts
def _probe():
    seen.append((gc.get_freeze_count(), id(w) in {id(o) for o in gc.get_objects()}))
    _warm()
M._warm_charts = _probe
w = MainWindow(s)""").replace("print(w.starting()", "print(*seen[0], w.starting()")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         env=env, check=True, timeout=120).stdout.split()
    frozen_before, window_young = int(out[-7]), out[-6]
    assert frozen_before > 10_000 and window_young == "False", out
