"""Screenshots of the real window, one per tab, for the README and for review.

    Xvfb :5 -screen 0 1440x900x24 &  DISPLAY=:5 python tools/screenshots.py docs/

Uses isolated settings, so it shows the defaults a new user sees (Prolia vs
Kefdensis); ``--family`` compares Prolia with all its biosimilars instead.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer

from denocompare.ui import app as A
from denocompare.ui.main_window import MainWindow
from denocompare.ui.settings_store import SettingsStore

NAMES = ("products", "indications", "adverse", "equivalence")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("out", type=Path)
    ap.add_argument("--family", action="store_true")
    ap.add_argument("--size", default="1360x860")
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    qa = A.make_app()
    ini = Path(tempfile.mkdtemp()) / "s.ini"
    w = MainWindow(SettingsStore(QSettings(str(ini), QSettings.Format.IniFormat)))
    width, height = (int(x) for x in args.size.split("x"))
    w.resize(width, height)
    w.show()
    w.open_path(str(A.bundled_data_dir()))
    suffix = "-family" if args.family else ""

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
        QTimer.singleShot(600, lambda: (w.grab().save(str(args.out / f"screenshot-{NAMES[i]}"
                                                           f"{suffix}.png")), shoot(i + 1)))
    QTimer.singleShot(100, shoot)
    qa.exec()
    return 0


if __name__ == "__main__":
    sys.exit(main())
