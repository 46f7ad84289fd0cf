"""File > Import regulator file…: what the file says that the open dataset does not.

The file is read and compared off the GUI thread (a ``TaskRunner``); the dialog lists
each difference with both values and their sources, grouped by kind, each with a box
to accept it (a kind's box accepts or rejects all of that kind). "Save accepted as a
new copy…" writes them, also off the GUI thread, into a workbook or a folder of CSV
files: never into the dataset that is open, nor into the bundled data.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
)

from denocompare.core.change_kinds import KINDS
from denocompare.core.errors import DataError
from denocompare.ui.tasks import TaskRunner, failure_text

FILE_FILTER = "Regulator files (*.csv *.xlsx *.json);;All files (*)"
SAVE_FILTER = "Excel workbook (*.xlsx);;Folder of CSV files (*)"
HEADERS = ("Difference", "Region", "Dataset value", "Dataset source", "File value",
           "File source", "Note")
#: The widest a column of values, sources or notes opens (pixels), each cell whole in its
#: tooltip; the user can widen it. At the dialog's 1,100 pixels the file's value shows.
WIDEST = {"Dataset value": 240, "Dataset source": 200, "File value": 240,
          "File source": 200, "Note": 200}


def compare_file(path: str, ds, progress):
    """Worker: read the file and list its differences with ``ds`` (no Qt)."""
    from denocompare.core.changes import dataset_molecules, find_differences
    from denocompare.io.regulators import read_regulator_file

    progress(0.1, f"Reading {Path(path).name}…")
    rfile = read_regulator_file(path, dataset_molecules(ds))
    progress(0.7, "Comparing with the dataset…")
    return find_differences(ds, rfile)


def write_copy(ds, diffs, accepted, target: str) -> str:
    """Worker: the new copy, written, then opened as any dataset (or a DataError)."""
    from denocompare.core.apply_changes import apply_changes
    from denocompare.core.audit import trail
    from denocompare.io.validate import load_dataset
    from denocompare.output.dataset_copy import write_dataset_copy

    # The copy's metadata names the dataset it was made from (``core.audit``).
    path = write_dataset_copy(apply_changes(ds, diffs, accepted), target, trail(ds))
    load_dataset(path)
    return str(path)


class ImportDialog(QDialog):
    """The differences, grouped by kind, each with a box to accept it."""

    save_requested = Signal(list)

    def __init__(self, diffs, ds, parent=None):
        super().__init__(parent)
        self.diffs = diffs
        f = diffs.file
        self.setWindowTitle(f"Import {f.name}")
        self.resize(1100, 560)
        intro = QLabel(f"<b>{f.layout}</b>, as of {f.as_of or '?'} ({f.as_of_basis}): "
                       f"{f.listed:,} records, {diffs.records:,} of "
                       f"{' / '.join(diffs.molecules)}.<br>Compared with {ds.title()}: "
                       f"{len(diffs.changes)} differences, {len(diffs.unmatched)} could not "
                       "be matched. Tick what to accept; nothing changes in the open dataset.",
                       self)
        intro.setWordWrap(True)
        self.tree = QTreeWidget(self)
        self.tree.setHeaderLabels(list(HEADERS))
        self.tree.setAlternatingRowColors(True)
        self.kind_items: dict[str, QTreeWidgetItem] = {}
        self.change_items: list[tuple[QTreeWidgetItem, object]] = []
        self._fill()
        self.tree.itemChanged.connect(lambda *_: self._update())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.accept_all = QPushButton("Accept &all", self)
        self.reject_all = QPushButton("&Reject all", self)
        self.save = QPushButton("&Save accepted as a new copy…", self)
        for b in (self.accept_all, self.reject_all, self.save):
            buttons.addButton(b, QDialogButtonBox.ButtonRole.ActionRole)
        self.accept_all.clicked.connect(lambda: self.set_all(True))
        self.reject_all.clicked.connect(lambda: self.set_all(False))
        self.save.clicked.connect(lambda: self.save_requested.emit(self.accepted()))
        buttons.rejected.connect(self.reject)
        self.status = QLabel("", self)
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        for w in (intro, self.tree, self.status, buttons):
            layout.addWidget(w)
        self._update()

    def _fill(self) -> None:
        flags = Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled
        for kind in KINDS:
            changes = self.diffs.of_kind(kind)
            if not changes:
                continue
            top = QTreeWidgetItem(self.tree, [f"{kind} ({len(changes)})"])
            top.setFlags(flags | Qt.ItemFlag.ItemIsAutoTristate)
            top.setCheckState(0, Qt.CheckState.Unchecked)
            self.kind_items[kind] = top
            for c in changes:
                item = QTreeWidgetItem(top, [c.product + (f" — {c.attribute}" if c.attribute
                                                          else ""), c.region, c.old or "(none)",
                                             c.old_source, c.new, c.new_source, c.note])
                for col in range(2, len(HEADERS)):
                    if item.text(col):
                        item.setToolTip(col, item.text(col))
                if c.applicable:
                    item.setFlags(flags)
                    item.setCheckState(0, Qt.CheckState.Unchecked)
                else:
                    item.setFlags(Qt.ItemFlag.ItemIsEnabled)
                    item.setToolTip(0, f"Cannot be written: {c.note}")
                self.change_items.append((item, c))
            top.setExpanded(True)
        if self.diffs.unmatched:
            top = QTreeWidgetItem(self.tree, [f"could not match ({len(self.diffs.unmatched)})"])
            for c in self.diffs.unmatched:
                QTreeWidgetItem(top, [c.product, c.region, "", "", c.new, c.new_source, c.note])
            top.setExpanded(True)
        for col in range(len(HEADERS)):
            self.tree.resizeColumnToContents(col)
            # A value, a source or a note can run to a paragraph: capped (whole in the
            # tooltip), so that the file's value stays in view.
            widest = WIDEST.get(HEADERS[col])
            if widest and self.tree.columnWidth(col) > widest:
                self.tree.setColumnWidth(col, widest)

    def set_all(self, on: bool) -> None:
        state = Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
        for item, c in self.change_items:
            if c.applicable:
                item.setCheckState(0, state)

    def set_kind(self, kind: str, on: bool) -> None:
        self.kind_items[kind].setCheckState(0, Qt.CheckState.Checked if on
                                            else Qt.CheckState.Unchecked)

    def accepted(self) -> list:
        return [c for item, c in self.change_items
                if c.applicable and item.checkState(0) == Qt.CheckState.Checked]

    def _update(self) -> None:
        n = len(self.accepted())
        self.save.setEnabled(n > 0)
        self.save.setText(f"&Save {n} accepted as a new copy…" if n else
                          "&Save accepted as a new copy…")


class ImportActions(QObject):
    """The menu item's work: ask for a file, compare on the runner, show the dialog."""

    def __init__(self, window):
        super().__init__(window)
        self.w = window
        self.runner = TaskRunner(self)
        self.runner.progress.connect(lambda _f, m: window.statusBar().showMessage(m))
        self.runner.finished.connect(self._finished)
        self.runner.failed.connect(self._failed)
        self.dialog: ImportDialog | None = None
        self._doing = ""

    @classmethod
    def of(cls, window) -> ImportActions:
        """The window's one instance, made when the menu item is first used."""
        found = window.findChild(cls)
        return found if found is not None else cls(window)

    def choose_file(self) -> None:
        if self.w.dataset is None:
            self.w.statusBar().showMessage("Open a dataset first", 6000)
            return
        path, _f = QFileDialog.getOpenFileName(self.w, "Import regulator file",
                                               self.w.settings.last_dir(), FILE_FILTER)
        if path:
            self.start(path)

    def start(self, path: str) -> None:
        ds = self.w.dataset
        self._doing, self._path = "compare", path
        self.runner.start(lambda progress: compare_file(path, ds, progress))

    def _finished(self, result) -> None:
        if self._doing == "write":
            self.w.statusBar().showMessage(f"New copy written: {result}", 10000)
            if self.dialog is not None:
                self.dialog.status.setText(f"Written: {result}. Open it with File > Open "
                                           "dataset… to see it; the dataset open is unchanged.")
            return
        self.w.statusBar().showMessage(f"{len(result.changes)} differences in "
                                       f"{result.file.name}", 8000)
        self.dialog = ImportDialog(result, self.w.dataset, self.w)
        self.dialog.save_requested.connect(self.save)
        self.dialog.open()

    def _failed(self, exc: BaseException, tb: str) -> None:
        name = Path(self._path).name
        if self._doing == "write":
            reason = failure_text("writing the new copy", exc, tb)
            if self.dialog is not None:
                self.dialog.status.setText(f"Not written: {reason}")
            self.w.warn("Could not write the new copy", reason)
            return
        if isinstance(exc, DataError):
            self.w.show_problems(exc.source, exc.report(), len(exc.errors),
                                 "Nothing was imported; the dataset open is unchanged.")
        else:
            self.w.warn(f"Could not import {name}", failure_text(f"importing {name}", exc, tb))
        self.w.statusBar().showMessage(f"Could not import {name}", 8000)

    def save(self, accepted: list) -> None:
        target, chosen = QFileDialog.getSaveFileName(self.dialog, "Save the new copy as",
                                                     self.w.settings.last_dir(), SAVE_FILTER)
        if not target:
            return
        if chosen.startswith("Excel") and not target.lower().endswith(".xlsx"):
            target += ".xlsx"
        ds, diffs = self.w.dataset, self.dialog.diffs if self.dialog else None
        self._doing = "write"
        self.runner.start(lambda _progress: write_copy(ds, diffs, accepted, target))
