"""Screenshots of the real window, one per tab, for the README and for review.

    Xvfb :5 -screen 0 1366x768x24 &  DISPLAY=:5 python tools/screenshots.py docs/
    DISPLAY=:5 python tools/screenshots.py docs/ --data ustekinumab

Uses isolated settings, so it shows the defaults a new user sees (the dataset's first
comparison); ``--family`` compares the reference with all its biosimilars instead.
``--data NAME`` shoots another bundled dataset, into ``screenshot-NAME-<tab>.png``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer

from denocompare.resources import DEFAULT_DATASET, bundled_data_dir
from denocompare.ui import app as A
from denocompare.ui.main_window import MainWindow
from denocompare.ui.settings_store import SettingsStore

NAMES = ("products", "indications", "adverse", "equivalence")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("out", type=Path)
    ap.add_argument("--family", action="store_true")
    ap.add_argument("--size", default="1366x768")
    ap.add_argument("--data", default=DEFAULT_DATASET)
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    qa = A.make_app()
    ini = Path(tempfile.mkdtemp()) / "s.ini"
    w = MainWindow(SettingsStore(QSettings(str(ini), QSettings.Format.IniFormat)))
    width, height = (int(x) for x in args.size.split("x"))
    w.resize(width, height)
    w.show()
    w.open_path(str(bundled_data_dir(args.data)))
    suffix = "-family" if args.family else ""
    prefix = "screenshot-" if args.data == DEFAULT_DATASET else f"screenshot-{args.data}-"

    def shoot(i: int = 0) -> None:
        if w.dataset is None:
            QTimer.singleShot(100, lambda: shoot(i))
            return
        if i == 0 and args.family:
            w.selection_bar.select_family()
        if i >= len(NAMES):
            qa.quit()
            return
        w.tabs.setCurrentIndex(i)
        QTimer.singleShot(2000, lambda: (w.grab().save(str(args.out / f"{prefix}{NAMES[i]}"
                                                            f"{suffix}.png")), shoot(i + 1)))
    QTimer.singleShot(100, shoot)
    qa.exec()
    return 0


if __name__ == "__main__":
    sys.exit(main())
