"""The main window: composes the selection bar, the panels, menus and status bar."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QApplication,
    QMainWindow,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from denocompare.core.errors import DataError
from denocompare.core.view import TAB_TITLES, TABS, View
from denocompare.resources import bundled_name
from denocompare.ui.after_paint import AfterPaint
from denocompare.ui.comparisons import ComparisonActions
from denocompare.ui.exports import ExportActions, provide_trail
from denocompare.ui.load_status import LoadStatus
from denocompare.ui.menus import menu_titles
from denocompare.ui.panel_slots import MAKERS, PanelSlots
from denocompare.ui.panels.protocols import ChartPanel, Filterable, Panel, TableHolder, Worker
from denocompare.ui.selection_bar import SelectionBar
from denocompare.ui.settings_store import SettingsStore
from denocompare.ui.tasks import TaskRunner, failure_text
from denocompare.ui.view_model import ViewModel

if TYPE_CHECKING:
    from collections.abc import Callable

    from denocompare.core.dataset import Dataset

DATASET_FILTER = "Datasets (*.xlsx *.xlsm *.csv);;Excel workbooks (*.xlsx *.xlsm);;" \
                 "CSV table in a dataset folder (*.csv)"


class MainWindow(QMainWindow):
    def __init__(self, settings: SettingsStore | None = None, panels: list | None = None):
        """The first frame: the selection bar, the tab titles, the status bar and the
        menu titles. The menus' items and the tabs' panels come after it has been painted
        (``finish_start``), or when first needed; ``panels`` (a test's) are used at once."""
        super().__init__()
        self.settings = settings or SettingsStore()
        self.dataset: Dataset | None = None
        self.loader = TaskRunner(self, detached=True)  # a load can block: see TaskRunner
        self._warmer = TaskRunner(self)  # the chart modules imported, then the freeze
        self._warmer.finished.connect(self._freeze_start)
        self._warmer.failed.connect(self._warm_failed)
        self.loader.finished.connect(self._loaded)
        self.loader.failed.connect(self._load_failed)
        self.loader.cancelled.connect(self._load_cancelled)
        self._job_path = ""
        self._then: Callable[[Dataset], None] | None = None
        self._stale: set[int] = set()
        self.setWindowTitle("DenoCompare")
        self.setAcceptDrops(True)
        # The comparison shown: the bar, the tabs and the panels edit it and mirror it.
        self.model = ViewModel(self)
        self.model.changed.connect(self._view_changed)
        self.selection_bar = SelectionBar(self)
        self.selection_bar.edited.connect(lambda changes: self.model.update(**changes))
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.tabs.setAccessibleName("Comparison tabs")
        for title in TAB_TITLES.values():  # placeholders until each tab's panel is made
            self.tabs.addTab(QWidget(self), title.replace("&", ""))
        self.panels = PanelSlots(len(TABS), lambda i: panels[i] if panels is not None else
                                 MAKERS[TABS[i]](self.settings), self._install_panel)
        self._started = False
        self._start_frozen = False  # what the start made, frozen for the collector
        self.after_paint = AfterPaint(self)
        self.tabs.currentChanged.connect(self._tab_changed)
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.selection_bar)
        layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)
        self.exports = ExportActions(self)
        self.comparisons = ComparisonActions(self)
        self.load_status = LoadStatus(self, self.cancel_load)
        self.loader.progress.connect(self.load_status.report)
        st = self.load_status
        self.dataset_label, self.progress, self.cancel_button = \
            st.dataset_label, st.progress, st.cancel_button
        menu_titles(self)  # the bar's titles only: the first frame's layout is the last one
        self._restore()
        if panels is not None:
            self.ensure_panels()
        else:
            # A pass after the paint: what else waits for it (``ui.app.run``'s load) starts
            # first, and works on its thread meanwhile.
            self.after_paint.call(lambda: QTimer.singleShot(0, self, self.finish_start))

    # --- construction -------------------------------------------------------------------
    def finish_start(self) -> None:
        """The menus' items (their shortcuts), the names a screen reader announces, and
        the tab in view (once): after the first paint, or when first needed."""
        if self._started:
            return
        from denocompare.ui.accessible import free_tab_key, name_containers
        from denocompare.ui.menus import build_menus

        self._started = True
        build_menus(self)
        self.refresh_recent()
        name_containers(self)
        free_tab_key(self)
        self.panels[max(self.tabs.currentIndex(), 0)]

    def _install_panel(self, index: int, panel: Panel) -> None:
        """Put ``panel`` in tab ``index``, in place of its placeholder."""
        from denocompare.ui.accessible import free_tab_key, name_containers

        current = self.tabs.currentIndex()
        placeholder = self.tabs.widget(index)
        self.tabs.blockSignals(True)
        self.tabs.removeTab(index)
        self.tabs.insertTab(index, panel, panel.title.replace("&", ""))
        self.tabs.setCurrentIndex(max(current, 0))
        self.tabs.blockSignals(False)
        placeholder.deleteLater()
        panel.edited.connect(lambda changes: self.model.update(**changes))
        provide_trail(panel, lambda: self.exports.trail())  # the audit trail of exports
        if isinstance(panel, TableHolder):
            panel.table.status_message.connect(lambda m: self.statusBar().showMessage(m, 8000))
        name_containers(panel)
        free_tab_key(panel)
        if self.dataset is not None:
            panel.set_dataset(self.dataset)

    def ensure_panels(self) -> None:
        """Make every tab's panel now (a benchmark's or a test's window)."""
        self.finish_start()
        list(self.panels)

    def _make_hidden_panels(self) -> None:
        """The tabs not in view, one per event-loop pass once the data is painted."""
        missing = self.panels.missing()
        if missing:
            self.panels[missing[0]]
            QTimer.singleShot(0, self, self._make_hidden_panels)
        elif not self._start_frozen:
            # What the start made lives as long as the window (the modules, Qt's
            # wrappers, the panels), and so do the chart modules, imported now on a
            # worker: then all of it is frozen out of the collector's sight. Its full
            # pass takes a few ms, not 56 (the start's objects) or 60-90 (matplotlib's,
            # imported at the first chart): a stall at any change that set one off.
            # Frozen first as it stands too: a full pass set off by the imports then
            # counts only theirs (one of 96,000 objects took 43-53 ms).
            self._start_frozen = True
            gc.freeze()
            self._warmer.start(lambda _progress: _warm_charts())

    def starting(self) -> bool:
        """Whether the start's work after the data is shown (the hidden tabs, the chart
        modules) is still going on."""
        return not self._start_frozen or not self._warmer.idle() or self._warmer.running()

    def _freeze_start(self, *_result) -> None:
        gc.freeze()

    def _warm_failed(self, exc: BaseException, tb: str) -> None:
        failure_text("importing the chart modules", exc, tb)  # logged; a chart says it too
        self._freeze_start()

    def _restore(self) -> None:
        geometry = self.settings.geometry()
        if geometry.isEmpty() or not self.restoreGeometry(geometry):
            from denocompare.ui.screen_fit import default_size

            screen = self.screen() or QApplication.primaryScreen()
            self.resize(default_size(screen.availableGeometry()))
        state = self.settings.window_state()
        if not state.isEmpty():
            self.restoreState(state)
        saved = self.settings.view() or {}
        if saved.get("tab") in TABS:  # the tab shown last, before its data is back
            self.tabs.setCurrentIndex(TABS.index(saved["tab"]))

    def closeEvent(self, event) -> None:
        self.cancel_load()
        self.settings.save_window(self.saveGeometry(), self.saveState())
        if self.model.view is None:  # no dataset came: the tab, for the next start
            self.settings.set_view({**(self.settings.view() or {}),
                                    "tab": TABS[max(0, self.tabs.currentIndex())]})
        self.settings.sync()
        self.loader.stop()
        self._warmer.stop()
        self.exports.stop()
        for panel in self.panels.made():
            if isinstance(panel, Worker):
                panel.stop_work()
        super().closeEvent(event)

    # --- loading ------------------------------------------------------------------------
    def open_path(self, path: str, then: Callable[[Dataset], None] | None = None) -> None:
        """Load a dataset off the GUI thread; the dataset shown stays until it succeeds.

        ``then(dataset)`` runs once it is shown (a saved comparison opening on it).
        """
        self._then = then
        self._job_path = path
        self.loader.start(lambda progress: _load(path, progress))  # replaces a load running
        self.load_status.begin(f"Loading {Path(path).name}…")

    def cancel_load(self) -> None:
        # Said at once (the runner's cancelled signal), not when the worker notices: a
        # read blocked in the kernel may never return, and "Loading…" would stay for ever.
        self.loader.cancel()

    def is_loading(self) -> bool:
        return self.loader.running()

    def _load_cancelled(self) -> None:
        self._then = None
        self.load_status.end()
        self.statusBar().showMessage("Loading cancelled", 5000)

    def _loaded(self, ds: Dataset) -> None:
        self.load_status.end()
        self.set_dataset(ds)
        then, self._then = self._then, None
        if then is not None:
            then(ds)
        bundled = bundled_name(self._job_path)
        if not bundled:
            self.settings.add_recent(self._job_path)
            self.refresh_recent()
        warn = f" — {len(ds.warnings)} warning{'s' if len(ds.warnings) != 1 else ''}: " \
            "Help > Dataset warnings" if ds.warnings else ""
        name = f"the bundled {bundled} dataset" if bundled else Path(self._job_path).name
        self.statusBar().showMessage(f"Opened {name}{warn}", 8000)

    def _load_failed(self, exc: BaseException, tb: str) -> None:
        self._then = None
        self.load_status.end()
        kept = (f"The dataset shown before, {self.dataset.title()}, is still open."
                if self.dataset is not None else "No dataset is open.")
        if isinstance(exc, DataError):
            self.statusBar().showMessage(f"Could not open {Path(self._job_path).name}", 8000)
            self.show_problems(exc.source, exc.report(), len(exc.errors), kept,
                               len(exc.warnings))
            return
        reason = failure_text(f"loading {self._job_path}", exc, tb)
        self.statusBar().showMessage(f"Could not open {Path(self._job_path).name}", 8000)
        self.show_problems(Path(self._job_path).name, f"{reason}\n\n{tb}", 1, kept)

    def show_problems(self, source: str, report: str, n_errors: int, kept: str,
                      n_warnings: int = 0) -> None:
        from denocompare.ui import dialogs

        dialogs.problems_dialog(self, source, report, n_errors, kept, n_warnings).exec()

    def after_load(self, then: Callable[[Dataset], None]) -> None:
        """Run ``then(dataset)`` when the next load is shown."""
        self._then = then

    def set_dataset(self, ds: Dataset) -> None:
        self.finish_start()
        self.dataset = ds
        self.dataset_label.setText(ds.title())
        self.dataset_label.setToolTip(ds.origin)
        self.setWindowTitle(f"DenoCompare — {ds.molecule + ': ' if ds.molecule else ''}"
                            f"{ds.label}")
        for panel in self.panels.made():  # the others are handed it when made
            panel.set_dataset(ds)
        self.selection_bar.set_dataset(ds)
        self.model.set_view(self._view_for(ds))
        self._view_changed(self.model.view, None)  # a new dataset: every tab anew
        self.after_paint.call(self._make_hidden_panels)

    def _view_for(self, ds: Dataset) -> View:
        """The view shown before (or saved when the window closed), on this dataset."""
        from denocompare.core.view import comparison, starting_view

        before = self.model.view.to_dict() if self.model.view else self.settings.view()
        if not before or not isinstance(before.get("reference"), str):
            return starting_view(ds).replace(**View.options_from(before or {}))
        comps = before.get("comparators")
        named = [c for c in comps if isinstance(c, str)] if isinstance(comps, list) else []
        return comparison(ds, before["reference"], named, **View.options_from(before))[0]

    # --- the view, tabs -------------------------------------------------------------------
    def _view_changed(self, view: View, _old: View | None) -> None:
        if self.dataset is None:
            return
        self.settings.set_view(view.to_dict())
        self.selection_bar.show_view(view)
        # Only the tab in view is brought up to date now; the others when shown (each
        # recomputes only what the change touches).
        self._stale = set(range(len(self.panels)))
        index = TABS.index(view.tab)
        if self.tabs.currentIndex() != index:
            self.tabs.blockSignals(True)
            self.tabs.setCurrentIndex(index)
            self.tabs.blockSignals(False)
        self._refresh_current()

    def _refresh_current(self) -> None:
        index = self.tabs.currentIndex()
        if index in self._stale and self.model.view is not None:
            self._stale.discard(index)
            self.panels[index].update_view(self.model.view)

    def _tab_changed(self, index: int) -> None:
        if not self._started or not 0 <= index < len(TABS):
            return  # a tab restored before the first paint: its panel comes after it
        self.panels[index]  # made when first shown
        self.model.update(tab=TABS[index])
        self._refresh_current()

    def current_panel(self):
        return self.tabs.currentWidget()

    def copy_current(self) -> None:
        panel = self.current_panel()
        if isinstance(panel, ChartPanel):
            panel.copy()
        elif isinstance(panel, TableHolder):
            n = panel.table.copy_selection().count("\n") - 1
            self.statusBar().showMessage(f"Copied {max(n, 0)} rows with headers", 4000)

    def focus_filter(self) -> None:
        panel = self.current_panel()
        if isinstance(panel, Filterable):
            box = panel.filter_box()
            box.setFocus()
            box.selectAll()

    # --- files --------------------------------------------------------------------------
    def choose_file(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        path, _f = QFileDialog.getOpenFileName(self, "Open dataset", self.settings.last_dir(),
                                               DATASET_FILTER)
        if path:
            self.settings.set_last_dir(str(Path(path).parent))
            self.open_path(path)

    def choose_folder(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        path = QFileDialog.getExistingDirectory(self, "Open a folder of CSV files",
                                                self.settings.last_dir())
        if path:
            self.settings.set_last_dir(path)
            self.open_path(path)

    def refresh_recent(self) -> None:
        """File > Open recent: datasets, then comparisons."""
        if not self._started:
            return  # the menus' items are made after the first paint, this one with them
        self.recent_menu.clear()
        recent = self.settings.recent_files()
        for i, path in enumerate(recent):
            act = self.recent_menu.addAction(f"&{i + 1} {path}")
            act.triggered.connect(lambda _c=False, p=path: self.open_path(p))
        comparisons = self.settings.recent_comparisons()
        if comparisons:
            self.recent_menu.addSection("Comparisons")
        for path in comparisons:
            act = self.recent_menu.addAction(Path(path).name)
            act.setToolTip(path)
            act.triggered.connect(lambda _c=False, p=path: self.comparisons.open(p))
        self.recent_menu.setEnabled(bool(recent or comparisons))

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
        from denocompare.ui import dialogs

        dialogs.AboutDialog(self.dataset, self).exec()

    def show_format(self) -> None:
        from denocompare.ui import dialogs

        dialogs.format_dialog(self).exec()

    def show_warnings(self) -> None:
        from denocompare.ui import dialogs

        ds = self.dataset
        lines = "\n".join(str(w) for w in ds.warnings) if ds is not None else ""
        dialogs.ReportDialog("Dataset warnings", f"{len(ds.warnings) if ds else 0} warnings "
                             "when the dataset was loaded. None stopped it loading.",
                             lines or "No warnings.", self).exec()

    def warn(self, title: str, text: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.warning(self, title, text)

    def inform(self, title: str, text: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.information(self, title, text)


def _load(path: str, progress):
    """Load on the worker thread, with what the panels will ask of the dataset."""
    from denocompare.io.validate import load_dataset

    ds = load_dataset(path, progress)
    ds.distinct("adverse_reactions", "system_organ_class")  # the Adverse tab's filter list
    return ds


def _warm_charts() -> None:
    """What the first chart would import (on a worker: matplotlib takes ~0.3 s)."""
    from denocompare.plotting import warm

    warm()
    import denocompare.ui.agg_canvas  # noqa: F401  (matplotlib's Qt canvas)
