"""QApplication, the one excepthook, the log file, and ``run()``."""

from __future__ import annotations

import logging
import os
import sys
import traceback
from pathlib import Path

from PySide6.QtCore import (
    QCoreApplication,
    QStandardPaths,
    QtMsgType,
    qInstallMessageHandler,
)
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from denocompare import __version__
from denocompare.resources import (  # noqa: F401  (bundled_data_dir: for scripts)
    assets_dir,
    bundled_data_dir,
    dataset_path,
)

log = logging.getLogger("denocompare")
ORGANISATION = "DenoCompare"
APPLICATION = "DenoCompare"


def log_dir() -> Path:
    """The platform's folder for this app's logs (e.g. ~/.local/share/DenoCompare/logs)."""
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppLocalDataLocation)
    return Path(base or Path.home() / ".denocompare") / "logs"


def setup_logging() -> Path:
    # Imported here: logging.handlers brings socket and pickle (15 ms before the paint).
    from logging.handlers import RotatingFileHandler

    path = log_dir() / "denocompare.log"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = RotatingFileHandler(path, maxBytes=1_000_000, backupCount=3,
                                                       encoding="utf-8")
    except OSError:
        handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger("denocompare")
    if not any(getattr(h, "baseFilename", None) == str(path) for h in root.handlers):
        root.addHandler(handler)
    root.setLevel(logging.INFO)
    return path


def install_excepthook(show=None) -> None:
    """Route every unexpected exception to the log and one dialog; never exit."""
    def hook(exc_type, exc, tb):
        text = "".join(traceback.format_exception(exc_type, exc, tb))
        log.error("unexpected error:\n%s", text)
        if show is not None:
            show(exc, text)
        else:
            _show_error(exc, text)
    sys.excepthook = hook


def _show_error(exc: BaseException, text: str) -> None:
    from denocompare.ui.dialogs import ReportDialog

    app = QApplication.instance()
    if app is None:
        return
    parent = app.activeWindow()
    dialog = ReportDialog("Unexpected error",
                          f"<b>Something went wrong: {exc}</b><br>DenoCompare is still "
                          "running and your data is unchanged. The details below were "
                          f"written to the log file:<br>{log_dir() / 'denocompare.log'}",
                          text, parent)
    dialog.exec()


def _start_qt(argv: list[str]) -> QApplication:
    """QApplication, or DenoCompare's own words and exit 2 where Qt would abort.

    Qt calls abort() (a core dump) right after its fatal "no platform plugin" message;
    a message handler runs before that, so it can explain and leave cleanly instead.
    """
    said: list[str] = []

    def handler(kind, _context, message):
        said.append(message)
        if kind == QtMsgType.QtFatalMsg:
            from denocompare import startcheck

            sys.stderr.write(startcheck.diagnose(said).text() + "\n")
            sys.stderr.flush()
            os._exit(startcheck.EXIT_NO_WINDOW)

    previous = qInstallMessageHandler(handler)
    try:
        app = QApplication(argv)
    finally:
        qInstallMessageHandler(previous)
    for message in said:  # warnings of a start that worked: say them as Qt would
        sys.stderr.write(message + "\n")
    return app


def _add_bundled_fonts() -> None:
    """The standalone bundle may run where no font is installed (Qt would draw boxes):
    give Qt the DejaVu fonts that matplotlib carries, which the charts use anyway."""
    import matplotlib
    from PySide6.QtGui import QFontDatabase

    for ttf in sorted((Path(matplotlib.get_data_path()) / "fonts" / "ttf").glob("DejaVuSans*.ttf")):
        QFontDatabase.addApplicationFont(str(ttf))


#: How soon (s) a worker hands the interpreter to the GUI thread when it asks: the
#: charts are built on workers, and at Python's 5 ms the GUI thread, asking at every
#: call into Python, waited up to 57 ms between two timer ticks while a forest plot was
#: built beside it (22 ms at 1 ms); the Equivalence tab's longest stall at a change of
#: selection went from 49-63 to 25-34 ms (BENCHMARKS.md).
SWITCH_INTERVAL = 0.001


def make_app(argv=None) -> QApplication:
    sys.setswitchinterval(SWITCH_INTERVAL)
    QCoreApplication.setOrganizationName(ORGANISATION)
    QCoreApplication.setApplicationName(APPLICATION)
    QCoreApplication.setApplicationVersion(__version__)
    app = QApplication.instance() or _start_qt(argv or [sys.argv[0]])
    if getattr(sys, "frozen", False):
        _add_bundled_fonts()
    icon = assets_dir() / "denocompare.svg"
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    return app


def run(path: str | None = None) -> int:
    """Start the window on ``path`` (or the bundled data) and run the event loop."""
    app = make_app()
    setup_logging()
    install_excepthook()
    from denocompare.ui.main_window import MainWindow

    window = MainWindow()
    window.show()
    # Load after the first paint, so the window appears at once: a zero timer set here
    # fires before it (Qt posts the paint behind timers), and the load's thread then
    # held the GIL through the paint (``ui.after_paint``).
    target = str(dataset_path(path))
    window.after_paint.call(lambda: window.open_path(target))
    return app.exec()
