"""File > Export and Print: charts, tables, the report, the dataset workbook.

The writing itself is in ``output`` (Qt-free, the report PDF included); this class
only asks for file names, calls them and reports the outcome in the window.
The report and all-chart exports take seconds and run on ``BackgroundTasks``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from denocompare.ui.panels.protocols import ChartPanel, TableHolder
from denocompare.ui.tasks import BackgroundTasks

# The window makes this before its first paint: the dialogs' classes (PySide makes
# their enums on first use) and datetime are imported where they are used.
if TYPE_CHECKING:
    import datetime as dt

    from denocompare.core.audit import Trail


def provide_trail(panel, source: Callable[[], Trail]) -> None:
    """Let each chart and table of ``panel`` stamp what it exports with ``source()``
    (the window's audit trail: ``ExportActions.trail``)."""
    from denocompare.ui.plot_canvas import ChartView
    from denocompare.ui.table_view import DataTable

    for widget in [*panel.findChildren(ChartView), *panel.findChildren(DataTable)]:
        widget.trail_source = source


class ExportActions:
    def __init__(self, window):
        self.w = window
        self._tasks: BackgroundTasks | None = None
        #: When an export is made (``datetime`` or None for this moment): the one clock
        #: of the audit trail, set by a test that compares two exports' bytes.
        self.now: Callable[[], dt.datetime | None] | None = None

    @property
    def tasks(self) -> BackgroundTasks:
        """Reports and all-chart exports run here, off the GUI thread."""
        if self._tasks is None:
            self._tasks = BackgroundTasks(self.w.statusBar(), self.w.warn)
        return self._tasks

    def stop(self) -> None:
        """The window is closing: wait for an export still running."""
        if self._tasks is not None:
            self._tasks.stop()

    def trail(self) -> Trail:
        """The audit trail of an export made now: the dataset, the view on screen, and
        the saved comparison's file, if one is open (``ComparisonActions.opened_path``)."""
        from denocompare.core.audit import trail

        return trail(self.w.dataset, self.w.model.view, self.w.comparisons.opened_path,
                     now=self.now() if self.now is not None else None)

    def export_chart(self) -> None:
        panel = self.w.current_panel()
        if isinstance(panel, ChartPanel):
            panel.chart().export_dialog("png")
        else:
            self.w.statusBar().showMessage("This tab has no chart; the Adverse reactions and "
                                         "Equivalence tabs do", 6000)

    def export_all_charts(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        if self.w.dataset is None:
            return
        folder = QFileDialog.getExistingDirectory(self.w, "Export all charts into folder",
                                                  self.w.settings.last_dir())
        if folder:
            self.write_all_charts(folder)

    def write_all_charts(self, folder: str) -> bool:
        """Write every chart as PNG into ``folder``, off the GUI thread."""
        from denocompare.output.figure_export import export_all

        self.w.settings.set_last_dir(folder)
        # The view as on screen, filters and DPI included: the files are the charts shown.
        ds, view, trail = self.w.dataset, self.w.model.view, self.trail()
        return self.tasks.run(
            "Exporting all charts…", "Export failed",
            lambda: export_all(ds, view, Path(folder), formats=("png",), trail=trail),
            lambda written: f"Wrote {len(written)} charts to {folder}")

    def export_table(self) -> None:
        panel = self.w.current_panel()
        if isinstance(panel, TableHolder):
            panel.table.export_dialog()

    def export_report(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        if self.w.dataset is None:
            return
        from denocompare.ui.report_since import ReportSince

        since = ReportSince.of(self.w)  # said in the title: the section it will have
        path, _f = QFileDialog.getSaveFileName(
            self.w, "Export committee report" + since.written(since.choice()),
            str(Path(self.w.settings.last_dir()) / "committee-report.pdf"),
            "PDF (*.pdf);;HTML (*.html)")
        if path:
            self.write_report(path)

    def write_report(self, path: str) -> bool:
        """Write the committee report (PDF, or HTML by the name), off the GUI thread."""
        from denocompare.output.report_html import write_report
        from denocompare.ui.report_since import ReportSince, load_since

        target = Path(path)
        if target.suffix.lower() not in (".pdf", ".html", ".htm"):
            target = target.with_suffix(".pdf")
        self.w.settings.set_last_dir(str(target.parent))
        ds, view, trail = self.w.dataset, self.w.model.view, self.trail()
        # The dataset last reviewed: chosen here (settings are read on the GUI thread),
        # loaded on the task, so a bad one stops the report before it is drawn.
        since = ReportSince.of(self.w).choice()
        return self.tasks.run("Writing the report…", "Report not written",
                              lambda: write_report(ds, view, target, trail=trail,
                                                   since=load_since(since)),
                              lambda written: f"Report written: {written}"
                              + ReportSince.of(self.w).written(since))

    def save_workbook(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        if self.w.dataset is None:
            return
        path, _f = QFileDialog.getSaveFileName(
            self.w, "Save dataset as workbook", str(Path(self.w.settings.last_dir()) /
                                                  "dataset.xlsx"), "Excel workbook (*.xlsx)")
        if path:
            self.write_workbook(path)

    def write_workbook(self, path: str, confirm=None):
        from PySide6.QtWidgets import QMessageBox

        from denocompare.core.errors import ExportError
        from denocompare.output.writers import write_dataset_workbook

        target = Path(path).with_suffix(".xlsx")
        loaded = Path(self.w.dataset.origin)
        ask = confirm or (lambda: QMessageBox.question(
            self.w, "Replace the open dataset?", f"{target.name} is the dataset that is open "
            "now. Replace it with the data as loaded?") == QMessageBox.StandardButton.Yes)
        if target.exists() and target.resolve() == loaded.resolve() and not ask():
            return None
        try:
            written = write_dataset_workbook(self.w.dataset, target, self.trail())
        except ExportError as err:
            self.w.warn("Workbook not saved", str(err))
            return None
        self.w.statusBar().showMessage(f"Dataset saved: {written}", 8000)
        return written

    def _report_doc(self):
        from denocompare.ui.report_pdf import report_document
        from denocompare.ui.report_since import ReportSince, load_since

        # Printed as exported: with what changed since the dataset last reviewed.
        since = load_since(ReportSince.of(self.w).choice())
        return report_document(self.w.dataset, self.w.model.view, dpi=200,
                               trail=self.trail(), since=since)

    def _report_printer(self):
        from PySide6.QtPrintSupport import QPrinter

        from denocompare.ui.report_pdf import configure_printer

        return configure_printer(QPrinter(QPrinter.PrinterMode.HighResolution), "A4",
                                 len(self.w.model.view.products))

    def print_report(self, preview: bool = False) -> None:
        if self.w.dataset is None:
            return
        from denocompare.core.errors import DataError
        from denocompare.ui.printing import print_with_dialog

        try:
            doc = self._report_doc()
        except DataError as err:  # the dataset last reviewed: nothing printed
            self.w.warn("Report not printed", str(err))
            return
        # "Print to file" writes the report as File > Export report does (its PDF writer
        # reports a failed write), not as Qt's printer would.
        print_with_dialog(self.w, doc.print_, preview, self._report_printer(),
                          to_file=lambda path: self.write_report(str(path)))

    def preview_report(self) -> None:
        self.print_report(preview=True)

