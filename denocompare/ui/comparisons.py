"""File > Save comparison, Open comparison and Open recent (comparisons).

The file format is ``denocompare.core.saved``; reading and writing are Qt-free (``io``,
``output``). This only asks for file names and says what happened. A comparison opens
on the dataset it was made on when that is still where it was and is not the one open;
otherwise on the open dataset, saying so when it is another or changed.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from denocompare.core.errors import ComparisonFileError, ExportError

if TYPE_CHECKING:
    from denocompare.core.saved import SavedComparison

# core.saved imports pandas; this module is imported before the first paint, which
# must not wait for pandas (about 0.4 s), so the file format is imported when used;
# and the dialogs' classes too (PySide makes their enums on first use).


def _filter() -> str:
    from denocompare.core.saved import SUFFIX

    return f"DenoCompare comparison (*{SUFFIX} *.json)"


class ComparisonActions:
    def __init__(self, window):
        self.w = window
        #: The comparison as last read from or written to ``self.opened_path``: the base
        #: a save merges from when another member changed the file meanwhile.
        self.opened: SavedComparison | None = None
        self.opened_path: Path | None = None

    def save_dialog(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        from denocompare.core.saved import SUFFIX

        view = self.w.model.view
        if self.w.dataset is None or view is None:
            return
        others = view.comparators[0] if len(view.comparators) == 1 else \
            f"{len(view.comparators)}-products"
        name = f"{view.reference}-vs-{others}{SUFFIX}"
        path, _f = QFileDialog.getSaveFileName(self.w, "Save comparison",
                                               str(Path(self.w.settings.last_dir()) / name),
                                               _filter())
        if path:
            self.save(path)

    def save(self, path: str, choose=None) -> Path | None:
        """Write the comparison on screen to ``path``, merged with what another member
        saved there meanwhile; returns the file written. ``choose(message)`` settles a
        conflict ("mine", "theirs" or None to cancel); by default it asks."""
        from denocompare.core.saved import mixes_datasets
        from denocompare.output.comparison_file import SaveConflict, save_comparison, target_of

        target = target_of(path)
        mixed = mixes_datasets(self._current(target), self.w.dataset)
        if mixed:
            self.w.warn("Comparison not saved", f"{target.name}: {mixed}")
            return None
        base = self.opened if self.opened_path == target.resolve() else None
        prefer = None
        while True:
            try:
                written, saved, merged = save_comparison(self.w.dataset, self.w.model.view,
                                                         target, base, prefer)
                break
            except SaveConflict as err:
                prefer = (choose or self._choose)(str(err))
                if prefer is None:
                    self.w.statusBar().showMessage("Comparison not saved", 8000)
                    return None
            except ExportError as err:
                self.w.warn("Comparison not saved", str(err))
                return None
        self.opened, self.opened_path = saved, written.resolve()
        self.w.settings.set_last_dir(str(written.parent))
        self._remember(written)
        self._take_theirs(saved, merged)
        self.w.statusBar().showMessage(f"Comparison saved: {written}", 8000)
        return written

    @staticmethod
    def _current(target: Path) -> SavedComparison | None:
        from denocompare.io.comparison_file import read_comparison

        try:
            return read_comparison(target) if target.is_file() else None
        except ComparisonFileError:
            return None  # saving says what it does with a file it cannot read

    def _choose(self, message: str) -> str | None:
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(QMessageBox.Icon.Question, "Changed by someone else", message,
                          parent=self.w)
        mine = box.addButton("Keep &mine", QMessageBox.ButtonRole.AcceptRole)
        theirs = box.addButton("Keep &theirs", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return {mine: "mine", theirs: "theirs"}.get(box.clickedButton())

    def _take_theirs(self, saved: SavedComparison, merged) -> None:
        """Show what the merge kept of another member's save."""
        if merged is None or not (merged.their_entries or merged.theirs_kept):
            return
        view, _notices = saved.open_on(self.w.dataset)
        self.w.model.set_view(view.replace(tab=self.w.model.view.tab))
        said = []
        if merged.their_entries:
            said.append(f"{merged.their_entries} decision entr"
                        f"{'y' if merged.their_entries == 1 else 'ies'} recorded by someone "
                        "else meanwhile")
        if merged.theirs_kept:
            said.append("their changes to " + ", ".join(merged.theirs_kept))
        self.w.inform("Saved together with another member's changes",
                      "The file had changed since you opened it. Kept: "
                      + "; ".join(said) + ".")

    def open_dialog(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        path, _f = QFileDialog.getOpenFileName(self.w, "Open comparison",
                                               self.w.settings.last_dir(), _filter())
        if path:
            self.open(path)

    def open(self, path: str) -> bool:
        """Open a saved comparison: on its own dataset if it is there, else on this one."""
        from denocompare.io.comparison_file import read_comparison

        try:
            saved = read_comparison(path)
        except ComparisonFileError as err:
            self.w.warn("Comparison not opened", str(err))
            return False
        self.opened_path = Path(path).resolve()
        self.w.settings.set_last_dir(str(Path(path).parent))
        self._remember(Path(path))
        own = Path(saved.dataset.path) if saved.dataset.path else None
        if own is not None and own.exists() and not self._is_open(own):
            self.w.open_path(str(own), then=lambda _ds: self.apply(saved))
        elif self.w.dataset is not None:
            self.apply(saved)
        else:
            self.w.after_load(lambda _ds: self.apply(saved))
        return True

    def _is_open(self, path: Path) -> bool:
        ds = self.w.dataset
        return ds is not None and Path(ds.origin).resolve() == path.resolve()

    def apply(self, saved: SavedComparison) -> None:
        """Show ``saved`` on the open dataset; say what differs from when it was saved."""
        view, notices = saved.open_on(self.w.dataset)
        here = self.w.model.view
        if saved.dataset.is_other_than(self.w.dataset):
            # Its record is another dataset's: this window's own criteria and record
            # stay, and the file is no base to merge a save into.
            if here is not None:
                view = view.replace(criteria=here.criteria, decisions=here.decisions)
                if here.criteria is not None or here.decisions:
                    notices.append("The criteria and decision record already in this "
                                   "window are kept.")
            self.opened, self.opened_path = None, None
        else:
            if saved.criteria_unread and here is not None and here.criteria is not None:
                view = view.replace(criteria=here.criteria)  # bad input loses nothing
                notices.append("The criteria already in this window are kept.")
            self.opened = saved
        self.w.model.set_view(view)
        if notices:
            self.w.inform("Comparison opened, with differences", "\n\n".join(notices))
        self.w.statusBar().showMessage(
            f"Comparison opened: {self.w.dataset.short_name(view.reference)} vs "
            f"{len(view.comparators)} products" + (" (see the notes)" if notices else ""),
            8000)

    def _remember(self, path: Path) -> None:
        self.w.settings.add_recent_comparison(str(path))
        self.w.refresh_recent()
