"""File > Save comparison, Open comparison and Open recent (comparisons).

The file format is ``denocompare.core.saved``; reading and writing are Qt-free (``io``,
``output``). This only asks for file names and says what happened. A comparison opens
on the dataset it was made on when that is still where it was and is not the one open;
otherwise on the open dataset, saying so when it is another or changed.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog

from denocompare.core.errors import ComparisonFileError, ExportError
from denocompare.core.saved import SUFFIX

if TYPE_CHECKING:
    from denocompare.core.saved import SavedComparison

FILTER = f"DenoCompare comparison (*{SUFFIX} *.json)"


class ComparisonActions:
    def __init__(self, window):
        self.w = window

    def save_dialog(self) -> None:
        view = self.w.model.view
        if self.w.dataset is None or view is None:
            return
        others = view.comparators[0] if len(view.comparators) == 1 else \
            f"{len(view.comparators)}-products"
        name = f"{view.reference}-vs-{others}{SUFFIX}"
        path, _f = QFileDialog.getSaveFileName(self.w, "Save comparison",
                                               str(Path(self.w.settings.last_dir()) / name),
                                               FILTER)
        if path:
            self.save(path)

    def save(self, path: str) -> Path | None:
        """Write the comparison on screen to ``path``; returns the file written."""
        from denocompare.output.comparison_file import write_comparison

        try:
            written = write_comparison(self.w.dataset, self.w.model.view, path)
        except ExportError as err:
            self.w.warn("Comparison not saved", str(err))
            return None
        self.w.settings.set_last_dir(str(written.parent))
        self._remember(written)
        self.w.statusBar().showMessage(f"Comparison saved: {written}", 8000)
        return written

    def open_dialog(self) -> None:
        path, _f = QFileDialog.getOpenFileName(self.w, "Open comparison",
                                               self.w.settings.last_dir(), FILTER)
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
