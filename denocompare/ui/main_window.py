"""The main window: composes the selection bar, the panels, menus and status bar."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QThreadPool, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from denocompare.core.errors import DataError
from denocompare.resources import bundled_data_dir
from denocompare.ui import dialogs
from denocompare.ui.exports import ExportActions
from denocompare.ui.selection_bar import SelectionBar
from denocompare.ui.settings_store import SettingsStore
from denocompare.ui.worker import Job, JobSignals

if TYPE_CHECKING:
    from denocompare.core.dataset import Dataset

log = logging.getLogger(__name__)
PANEL_TITLES = ("&Products", "&Indications", "&Adverse reactions", "&Equivalence studies")


def default_panels(settings: SettingsStore) -> list:
    """The four tabs. Imported here, not at the top: pandas and matplotlib cost about
    0.7 s to import, and the window paints first (benchmarks/run.py measures it)."""
    from denocompare.ui.panels.adverse import AdversePanel
    from denocompare.ui.panels.equivalence import EquivalencePanel
    from denocompare.ui.panels.indications import IndicationsPanel
    from denocompare.ui.panels.products import ProductsPanel

    return [ProductsPanel(), IndicationsPanel(), AdversePanel(settings=settings),
            EquivalencePanel(settings=settings)]
DATASET_FILTER = "Datasets (*.xlsx *.xlsm *.csv);;Excel workbooks (*.xlsx *.xlsm);;" \
                 "CSV table in a dataset folder (*.csv)"


class MainWindow(QMainWindow):
    def __init__(self, settings: SettingsStore | None = None, panels=None):
        super().__init__()
        self.settings = settings or SettingsStore()
        self.dataset: Dataset | None = None
        self.pool = QThreadPool(self)
        self.signals = JobSignals(self)
        self.signals.progress.connect(self._job_progress)
        self.signals.finished.connect(self._job_finished)
        self.signals.failed.connect(self._job_failed)
        self._job: Job | None = None
        self._job_id = 0
        self._job_path = ""
        self.setWindowTitle("DenoCompare")
        self.setAcceptDrops(True)
        self.selection_bar = SelectionBar(self)
        self.selection_bar.changed.connect(self._selection_changed)
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.panels: list = []
        if panels is not None:
            self._install_panels(panels)
        else:
            for title in PANEL_TITLES:  # placeholders until the first paint is done
                self.tabs.addTab(QWidget(self), title.replace("&", ""))
        self.tabs.currentChanged.connect(self._tab_changed)
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.selection_bar)
        layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)
        self.exports = ExportActions(self)
        self._build_status_bar()
        self._build_menus()
        self._restore()

    # --- construction -------------------------------------------------------------------
    def _install_panels(self, panels: list) -> None:
        index = self.tabs.currentIndex()
        self.tabs.blockSignals(True)
        self.tabs.clear()
        self.panels = panels
        for panel in panels:
            self.tabs.addTab(panel, panel.title.replace("&", ""))
            table = getattr(panel, "table", None)
            if table is not None:
                table.status_message.connect(lambda m: self.statusBar().showMessage(m, 8000))
        self.tabs.setCurrentIndex(max(index, 0))
        self.tabs.blockSignals(False)

    def ensure_panels(self) -> None:
        """Build the real tabs (once): after the first paint, or when data arrives."""
        if not self.panels:
            self._install_panels(default_panels(self.settings))

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self.panels:
            # Two hops: the first event-loop pass paints the window; the heavy panels
            # (pandas, matplotlib) are built on the next one.
            QTimer.singleShot(0, lambda: QTimer.singleShot(0, self.ensure_panels))

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.dataset_label = QLabel("No dataset", self)
        self.progress = QProgressBar(self)
        self.progress.setMaximumWidth(220)
        self.progress.setRange(0, 1000)
        self.cancel_button = QPushButton("Cancel", self)
        self.cancel_button.setToolTip("Stop loading; the dataset shown stays open")
        self.cancel_button.clicked.connect(self.cancel_load)
        for w in (self.progress, self.cancel_button):
            w.hide()
            bar.addPermanentWidget(w)
        bar.addPermanentWidget(self.dataset_label)

    def _action(self, menu, text, slot, shortcut=None, tip="") -> QAction:
        act = QAction(text, self)
        if shortcut is not None:
            act.setShortcut(QKeySequence(shortcut))
        act.setStatusTip(tip)
        act.setToolTip(tip)
        act.triggered.connect(slot)
        menu.addAction(act)
        return act

    def _build_menus(self) -> None:
        m = self.menuBar()
        f = m.addMenu("&File")
        self._action(f, "&Open dataset…", self.choose_file, QKeySequence.StandardKey.Open,
                     "Open a dataset: an Excel workbook or a folder of CSV files")
        self._action(f, "Open data &folder…", self.choose_folder, "Ctrl+Shift+O",
                     "Open a folder of CSV files")
        self._action(f, "Open &bundled dataset", lambda: self.open_path(str(bundled_data_dir())),
                     None, "Open the cited denosumab dataset that ships with DenoCompare")
        self.recent_menu = f.addMenu("Open &recent")
        f.addSeparator()
        self._action(f, "Export &chart…", self.exports.export_chart, "Ctrl+Shift+S",
                     "Save the chart on this tab as PNG, SVG or PDF")
        self._action(f, "Export &all charts…", self.exports.export_all_charts, None,
                     "Save every chart for the current products into a folder")
        self._action(f, "Export &table…", self.exports.export_table, "Ctrl+Shift+T",
                     "Save the table on this tab, as shown, to CSV or Excel")
        self._action(f, "Export &report…", self.exports.export_report, "Ctrl+E",
                     "Write the committee report (PDF or HTML) for the chosen products")
        self._action(f, "Save dataset as &workbook…", self.exports.save_workbook, None,
                     "Save the whole dataset as one Excel workbook")
        f.addSeparator()
        self._action(f, "&Print report…", self.exports.print_report, QKeySequence.StandardKey.Print,
                     "Print the committee report")
        self._action(f, "Print pre&view…", self.exports.preview_report, "Ctrl+Shift+P",
                     "Preview the committee report as it will print")
        f.addSeparator()
        self.file_menu = f
        self._action(f, "&Quit", self.close, QKeySequence.StandardKey.Quit, "Quit DenoCompare")
        e = m.addMenu("&Edit")
        self._action(e, "&Copy", self.copy_current, QKeySequence.StandardKey.Copy,
                     "Copy the selected cells with headers, or the chart as an image")
        self._action(e, "&Filter rows", self.focus_filter, QKeySequence.StandardKey.Find,
                     "Show only rows containing a text")
        v = m.addMenu("&View")
        titles = [p.title for p in self.panels] or list(PANEL_TITLES)
        for i, title in enumerate(titles):
            self._action(v, title, lambda _c=False, i=i: self.tabs.setCurrentIndex(i),
                         f"Ctrl+{i + 1}", f"Show the {title.replace('&', '')} tab")
        v.addSeparator()
        self._action(v, "Compare with the whole &family", self.selection_bar.select_family,
                     "Ctrl+Shift+F", "Compare the reference with all its biosimilars")
        h = m.addMenu("&Help")
        self._action(h, "&Data format", self.show_format, QKeySequence.StandardKey.HelpContents,
                     "How a dataset is laid out")
        self._action(h, "Dataset &warnings…", self.show_warnings, None,
                     "What was noticed, but not refused, when the dataset was loaded")
        self._action(h, "&About DenoCompare", self.show_about, None,
                     "Version, dataset and sources")
        self._refresh_recent()

    def _restore(self) -> None:
        geometry = self.settings.geometry()
        if geometry.isEmpty() or not self.restoreGeometry(geometry):
            self.resize(1280, 820)
        state = self.settings.window_state()
        if not state.isEmpty():
            self.restoreState(state)
        self.tabs.setCurrentIndex(min(max(0, self.settings.tab()), self.tabs.count() - 1))

    def closeEvent(self, event) -> None:
        self.cancel_load()
        self.settings.save_window(self.saveGeometry(), self.saveState())
        self.settings.set_tab(self.tabs.currentIndex())
        self.settings.sync()
        self.pool.clear()
        self.pool.waitForDone(5000)
        for panel in getattr(self, "panels", ()):
            if hasattr(panel, "stop_work"):
                panel.stop_work()
        super().closeEvent(event)

    # --- loading ------------------------------------------------------------------------
    def open_path(self, path: str) -> None:
        """Load a dataset off the GUI thread; the dataset shown stays until it succeeds."""
        self.cancel_load()
        self._job_id += 1
        self._job_path = path
        self._job = Job(self._job_id, lambda progress: _load(path, progress), self.signals)
        self.progress.setValue(0)
        self.progress.show()
        self.cancel_button.show()
        self.statusBar().showMessage(f"Loading {Path(path).name}…")
        self._job.start_detached()  # not the pool: see Job.start_detached

    def cancel_load(self) -> None:
        if self._job is not None:
            self._job.cancel_event.set()
            self._job = None
            self._end_progress()
            # Said now, not when the worker notices: a read blocked in the kernel may
            # never return, and "Loading…" would stay for ever.
            self.statusBar().showMessage("Loading cancelled", 5000)

    def is_loading(self) -> bool:
        return self._job is not None

    def _end_progress(self) -> None:
        self.progress.hide()
        self.cancel_button.hide()

    def _job_progress(self, job_id: int, fraction: float, message: str) -> None:
        if job_id == self._job_id and self._job is not None:
            self.progress.setValue(int(fraction * 1000))
            self.statusBar().showMessage(message)

    def _job_finished(self, job_id: int, ds: Dataset) -> None:
        if job_id != self._job_id or self._job is None:
            return  # a stale or cancelled load: drop it
        self._job = None
        self._end_progress()
        self.set_dataset(ds)
        if Path(self._job_path).resolve() != bundled_data_dir().resolve():
            self.settings.add_recent(self._job_path)
            self._refresh_recent()
        warn = f" — {len(ds.warnings)} warning{'s' if len(ds.warnings) != 1 else ''}: " \
            "Help > Dataset warnings" if ds.warnings else ""
        name = "the bundled dataset" if ds.origin == str(bundled_data_dir()) else \
            Path(self._job_path).name
        self.statusBar().showMessage(f"Opened {name}{warn}", 8000)

    def _job_failed(self, job_id: int, exc: BaseException, tb: str) -> None:
        if job_id != self._job_id or self._job is None:
            return  # a stale or cancelled load (cancel_load has said so)
        self._job = None
        self._end_progress()
        if type(exc).__name__ == "Cancelled":
            self.statusBar().showMessage("Loading cancelled", 5000)
            return
        kept = (f"The dataset shown before, {self.dataset.title()}, is still open."
                if self.dataset is not None else "No dataset is open.")
        if isinstance(exc, DataError):
            self.statusBar().showMessage(f"Could not open {Path(self._job_path).name}", 8000)
            self.show_problems(exc.source, exc.report(), len(exc.errors), kept)
            return
        log.error("loading %s failed unexpectedly:\n%s", self._job_path, tb)
        self.show_problems(Path(self._job_path).name, f"{exc}\n\n{tb}", 1, kept)

    def show_problems(self, source: str, report: str, n_errors: int, kept: str) -> None:
        dialogs.problems_dialog(self, source, report, n_errors, kept).exec()

    def set_dataset(self, ds: Dataset) -> None:
        self.ensure_panels()
        self.dataset = ds
        self.dataset_label.setText(ds.title())
        self.dataset_label.setToolTip(ds.origin)
        self.setWindowTitle(f"DenoCompare — {ds.name} {ds.version}")
        for panel in self.panels:
            panel.set_dataset(ds)
        ref, comps = self.settings.selection()
        self.selection_bar.set_dataset(ds, ref, comps)

    # --- selection, tabs ------------------------------------------------------------------
    def _selection_changed(self, selection) -> None:
        if self.dataset is None:
            return
        self.settings.set_selection(selection.reference, list(selection.comparators))
        # Only the tab in view is computed now; the others when they are shown.
        self._stale = set(range(len(self.panels)))
        self._refresh_current()

    def _refresh_current(self) -> None:
        index = self.tabs.currentIndex()
        if index in getattr(self, "_stale", ()) and self.dataset is not None:
            self._stale.discard(index)
            self.panels[index].update_view(self.selection_bar.selection())

    def refresh_all(self) -> None:
        """Bring every tab up to date (the tests and exports want all of them)."""
        for index in sorted(getattr(self, "_stale", ())):
            self.panels[index].update_view(self.selection_bar.selection())
        self._stale = set()

    def _tab_changed(self, index: int) -> None:
        self.settings.set_tab(index)
        self._refresh_current()

    def current_panel(self):
        return self.tabs.currentWidget()

    def copy_current(self) -> None:
        panel = self.current_panel()
        if hasattr(panel, "copy"):
            panel.copy()
        elif hasattr(panel, "table"):
            n = panel.table.copy_selection().count("\n") - 1
            self.statusBar().showMessage(f"Copied {max(n, 0)} rows with headers", 4000)

    def focus_filter(self) -> None:
        panel = self.current_panel()
        # The adverse-reaction tab's reaction box filters its chart and table together.
        box = getattr(panel, "text", None) or getattr(getattr(panel, "table", None),
                                                      "filter", None)
        if box is not None:
            box.setFocus()
            box.selectAll()

    # --- files --------------------------------------------------------------------------
    def choose_file(self) -> None:
        path, _f = QFileDialog.getOpenFileName(self, "Open dataset", self.settings.last_dir(),
                                               DATASET_FILTER)
        if path:
            self.settings.set_last_dir(str(Path(path).parent))
            self.open_path(path)

    def choose_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(self, "Open a folder of CSV files",
                                                self.settings.last_dir())
        if path:
            self.settings.set_last_dir(path)
            self.open_path(path)

    def _refresh_recent(self) -> None:
        self.recent_menu.clear()
        recent = self.settings.recent_files()
        for i, path in enumerate(recent):
            act = self.recent_menu.addAction(f"&{i + 1} {path}")
            act.triggered.connect(lambda _c=False, p=path: self.open_path(p))
        self.recent_menu.setEnabled(bool(recent))

    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        urls = [u for u in event.mimeData().urls() if u.isLocalFile()]
        if urls:
            event.acceptProposedAction()
            # Open after the drop returns, so the file manager is not kept waiting.
            path = urls[0].toLocalFile()
            QTimer.singleShot(0, lambda: self.open_path(path))

    # --- help ---------------------------------------------------------------------------
    def show_about(self) -> None:
        dialogs.AboutDialog(self.dataset, self).exec()

    def show_format(self) -> None:
        from denocompare.core.schema_docs import markdown

        dialog = dialogs.ReportDialog("Data format", "A dataset is a folder of CSV files or "
                                      "one Excel workbook with these tables:", markdown(), self,
                                      markdown=True)
        dialog.exec()

    def show_warnings(self) -> None:
        ds = self.dataset
        lines = "\n".join(str(w) for w in ds.warnings) if ds is not None else ""
        dialogs.ReportDialog("Dataset warnings", f"{len(ds.warnings) if ds else 0} warnings "
                             "when the dataset was loaded. None stopped it loading.",
                             lines or "No warnings.", self).exec()

    def warn(self, title: str, text: str) -> None:
        QMessageBox.warning(self, title, text)


def _load(path: str, progress):
    """Load on the worker thread, with what the panels will ask of the dataset."""
    from denocompare.io.validate import load_dataset

    ds = load_dataset(path, progress)
    ds.distinct("adverse_reactions", "system_organ_class")  # the Adverse tab's filter list
    return ds
