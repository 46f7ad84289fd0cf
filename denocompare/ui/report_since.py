"""File > Report: what changed since…: the dataset the committee last reviewed.

With one chosen, the committee report (File > Export report…, and Print to file) has
the section "What changed since our last review" (``report.changes_section``). The
choice is a bundled dataset's name, a workbook or a folder of CSV files, remembered in
the settings. It is read when the report is written, on the report's task: a bad one
gets the loader's usual message, and no report is written.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog, QInputDialog

from denocompare.resources import bundled_datasets

NONE = "None: no 'What changed' section"
BUNDLED = "Bundled: "
FOLDER = "A folder of CSV files…"
WORKBOOK = "A workbook (.xlsx)…"


def load_since(choice: str):
    """Worker side: the earlier dataset of ``choice`` (a path or a bundled name), or None
    for none; a ``DataError`` as any load gives."""
    if not choice:
        return None
    from denocompare.io.validate import load_dataset
    from denocompare.resources import dataset_path

    return load_dataset(dataset_path(choice))


def since_name(choice: str) -> str:
    """What the window calls the choice: the bundled name, or the file's name."""
    return choice if choice in bundled_datasets() else Path(choice).name


class ReportSince(QObject):
    """The menu item's work: ask for the earlier dataset, remember it."""

    def __init__(self, window):
        super().__init__(window)
        self.w = window

    @classmethod
    def of(cls, window) -> ReportSince:
        """The window's one instance, made when first used."""
        found = window.findChild(cls)
        return found if found is not None else cls(window)

    def choice(self) -> str:
        """The dataset chosen ('' for none): a bundled name or a path."""
        return self.w.settings.report_since()

    def items(self) -> list[str]:
        current = self.choice()
        named = [f"{BUNDLED}{n}" for n in bundled_datasets()]
        own = [current] if current and current not in bundled_datasets() else []
        return [NONE, *named, *own, FOLDER, WORKBOOK]

    def choose(self) -> None:
        items, current = self.items(), self.choice()
        at = items.index(f"{BUNDLED}{current}" if current in bundled_datasets() else current) \
            if current else 0
        item, ok = QInputDialog.getItem(
            self.w, "What changed since our last review", "The committee report lists what "
            "changed since this dataset, the one last reviewed:", items, at, False)
        if not ok:
            return
        if item == FOLDER:
            item = QFileDialog.getExistingDirectory(self.w, "The dataset last reviewed",
                                                    self.w.settings.last_dir())
        elif item == WORKBOOK:
            item, _f = QFileDialog.getOpenFileName(self.w, "The dataset last reviewed",
                                                   self.w.settings.last_dir(),
                                                   "Excel workbook (*.xlsx)")
        if item:  # a file dialog cancelled: the choice stays as it was
            self.set("" if item == NONE else item.removeprefix(BUNDLED))

    def set(self, choice: str) -> None:
        self.w.settings.set_report_since(choice)
        self.w.statusBar().showMessage(
            f"The report will list what changed since {since_name(choice)}" if choice else
            "The report will have no 'What changed' section", 8000)

    def written(self, choice: str) -> str:
        """The end of the status bar's 'Report written: …' line."""
        return f" (with what changed since {since_name(choice)})" if choice else ""
