"""A table view over DataFrameModel: copy with headers, keyboard use, a filter box."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QFileDialog,
    QHeaderView,
    QLineEdit,
    QMenu,
    QMessageBox,
    QStyledItemDelegate,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from denocompare.core.errors import ExportError
from denocompare.ui.table_model import DETAIL_ROLE, SOURCE_ROLE, STATE_ROLE, DataFrameModel

if TYPE_CHECKING:
    from denocompare.core.audit import Trail

#: Columns fit the text of this many rows, and only a table this short has its rows
#: fitted to their text (see ``DataTable.fit_rows``).
FIT_ROWS = 100
#: Up to this many columns share the table's width; more scroll, the first kept in view.
FEW_COLUMNS = 4


def selection_as_tsv(view: QTableView) -> str:
    """The selected cells as tab-separated text with column and row headers.

    Tab-separated text is what Excel and LibreOffice paste into cells.
    """
    model = view.model()
    indexes = view.selectionModel().selectedIndexes()
    if not indexes:
        return ""
    rows = sorted({i.row() for i in indexes})
    cols = sorted({i.column() for i in indexes})
    selected = {(i.row(), i.column()) for i in indexes}
    corner = str(model.headerData(0, Qt.Orientation.Vertical, Qt.ItemDataRole.DisplayRole)
                 and getattr(model.frame().index, "name", "") or "")
    lines = ["\t".join([corner] + [str(model.headerData(c, Qt.Orientation.Horizontal))
                                   for c in cols])]
    for r in rows:
        cells = [_clean(model.index(r, c).data()) if (r, c) in selected else "" for c in cols]
        lines.append("\t".join([_clean(model.headerData(r, Qt.Orientation.Vertical))] + cells))
    return "\n".join(lines) + "\n"


def _clean(value) -> str:
    return "" if value is None else str(value).replace("\t", " ").replace("\n", " ")


class _SizeKeepingDelegate(QStyledItemDelegate):
    """The stock delegate, but a cell's size is measured once per text, state (a
    missing value is italic) and column width, then kept.

    Fitting columns and rows asks every cell for its size twice (Qt lays its text out
    each time: 56 ms for the family's 50-row product table); the same texts come back
    at every change of selection (the reference's column, "not reported in source").
    Forgotten when the view's font or style changes, and past ``KEPT`` sizes.
    """

    KEPT = 20_000

    def __init__(self, parent=None):
        super().__init__(parent)
        self._sizes: dict[tuple, QSize] = {}

    def forget(self) -> None:
        self._sizes.clear()

    def sizeHint(self, option, index):  # noqa: N802 (Qt's name)
        model = index.model()
        key = (model.data(index), model.data(index, STATE_ROLE), option.rect.width())
        size = self._sizes.get(key)
        if size is None:
            if len(self._sizes) >= self.KEPT:
                self._sizes.clear()
            size = self._sizes[key] = super().sizeHint(option, index)
        return size


class _View(QTableView):
    """QTableView whose Ctrl+C copies the whole selection with headers, and whose cells'
    sizes are kept (``_SizeKeepingDelegate``).

    The stock view copies only the current cell's text.
    """

    def __init__(self, parent=None):
        super().__init__(parent)
        self.sizes = _SizeKeepingDelegate(self)
        self.setItemDelegate(self.sizes)

    def changeEvent(self, event):  # noqa: N802 (Qt's name)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self.sizes.forget()
        super().changeEvent(event)

    #: Called after each resize (the frozen reference column follows the viewport).
    on_resize: Callable[[], None] | None = None

    def resizeEvent(self, event):
        super().resizeEvent(event)
        if self.on_resize is not None:
            self.on_resize()

    def keyPressEvent(self, event):
        if event.matches(QKeySequence.StandardKey.Copy):
            text = selection_as_tsv(self)
            if text:
                QApplication.clipboard().setText(text)
            event.accept()
            return
        super().keyPressEvent(event)


class FrozenFirstColumn(QTableView):
    """The reference column (the model's first) kept in view over ``main``'s left edge.

    Qt's frozen-column pattern: a second view over the same model and selection, showing
    only column 0, laid over the main view and scrolled with it vertically, so a wide
    comparison never scrolls the reference out of sight.
    """

    def __init__(self, main: QTableView):
        super().__init__(main)
        self.main = main
        self.setModel(main.model())
        self.setSelectionModel(main.selectionModel())
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.verticalHeader().hide()
        self.setWordWrap(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollMode(main.verticalScrollMode())
        self.setAccessibleName("Reference column (kept in view)")
        self.setStyleSheet("QTableView { border: none; border-right: 2px solid palette(mid); }")
        main.viewport().stackUnder(self)
        main.horizontalHeader().sectionResized.connect(lambda *_a: self.place())
        main.verticalHeader().sectionResized.connect(
            lambda row, _old, new: self.setRowHeight(row, new))
        main.verticalScrollBar().valueChanged.connect(self.verticalScrollBar().setValue)
        self.verticalScrollBar().valueChanged.connect(main.verticalScrollBar().setValue)
        self.model().modelReset.connect(self.refresh)
        self.model().layoutChanged.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        """Show column 0 only, rows as tall as the main view's; hide with one column."""
        n = self.model().columnCount()
        for c in range(n):
            self.setColumnHidden(c, c != 0)
        # A reset leaves every row at the default height but the first FIT_ROWS (the
        # only ones ``fit_rows`` fits; later resizes follow ``sectionResized``): copying
        # each of 3,000 rows' heights took 0.1-0.3 s at every change of a long table.
        self.verticalHeader().setDefaultSectionSize(
            self.main.verticalHeader().defaultSectionSize())
        for r in range(min(self.model().rowCount(), FIT_ROWS)):
            self.setRowHeight(r, self.main.rowHeight(r))
        # Up to FEW_COLUMNS the columns share the width: nothing scrolls out of view.
        self.setVisible(n > FEW_COLUMNS)
        self.place()

    def place(self) -> None:
        frame = self.main.frameWidth()
        self.setColumnWidth(0, self.main.columnWidth(0))
        self.horizontalHeader().setFixedHeight(self.main.horizontalHeader().height())
        self.setGeometry(self.main.verticalHeader().width() + frame, frame,
                         self.main.columnWidth(0),
                         self.main.viewport().height() + self.main.horizontalHeader().height())


class DataTable(QWidget):
    """Filter box + table. Emits ``cell_selected(header, text, detail, sources)``."""

    cell_selected = Signal(str, str, str, str)
    status_message = Signal(str)

    def __init__(self, placeholder: str = "Filter rows…", parent=None, title: str = ""):
        super().__init__(parent)
        self.title = title
        #: What the data is, written into exports ("Data: <dataset label>").
        self.data_label = ""
        #: The window's audit trail for an export (``ui.exports.provide_trail``).
        self.trail_source: Callable[[], Trail] | None = None
        self.model = DataFrameModel(self)
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText(placeholder)
        self.filter.setClearButtonEnabled(True)
        self.filter.setAccessibleName(f"Filter rows of {title}" if title else "Filter rows")
        self.filter.setToolTip("Show only rows containing this text (Ctrl+F)")
        self.filter.textChanged.connect(self.model.set_filter)
        self.view = _View(self)
        self.view.setModel(self.model)
        self.view.setAccessibleName(title or "Table")
        self.view.setSortingEnabled(True)
        # Rows keep the data's order until the user clicks a heading.
        self.view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.view.setWordWrap(True)
        self.view.setAlternatingRowColors(False)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # A read-only table: arrows move between cells, Tab moves on to the next control
        # (with Tab walking every cell, a keyboard user needed 80 presses to leave it).
        self.view.setTabKeyNavigation(False)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.horizontalHeader().setDefaultSectionSize(220)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.verticalHeader().setDefaultSectionSize(46)
        self.view.selectionModel().currentChanged.connect(self._current_changed)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._context_menu)
        self.frozen = FrozenFirstColumn(self.view)
        self.view.on_resize = self.frozen.place
        for corner in (v.findChild(QAbstractButton) for v in (self.view, self.frozen)):
            if corner is not None:  # the top-left corner button selects every cell
                corner.setAccessibleName("Select all cells")
        find = QAction("Filter", self)
        find.setShortcut(QKeySequence.StandardKey.Find)
        find.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        find.triggered.connect(self.filter.setFocus)
        self.addAction(find)
        menu = QAction("Table menu", self)  # the Menu key is not turned into a menu here
        menu.setShortcuts([QKeySequence(Qt.Key.Key_Menu), QKeySequence("Shift+F10")])
        menu.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        menu.triggered.connect(self._menu_at_current_cell)
        self.addAction(menu)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.filter)
        layout.addWidget(self.view)

    def copy_selection(self) -> str:
        """Copy the selection (or, with none, the whole table) with headers."""
        if not self.view.selectionModel().hasSelection():
            self.view.selectAll()
        text = selection_as_tsv(self.view)
        if text:
            QApplication.clipboard().setText(text)
        return text

    def export(self, path: str) -> Path:
        """Write the rows as shown (filter and sort applied) to CSV or XLSX; a comparison
        table's workbook keeps its highlighting, and both gain a sources column. Each
        carries the window's audit trail (a sheet; a ``.provenance.txt`` beside a CSV)."""
        cells = self.model.cells()
        trail = self.trail_source() if self.trail_source is not None else None
        suffix = Path(path).suffix.lower()
        if suffix in (".xlsx", ".csv") and cells is not None and \
                (cells.states != "").to_numpy().any():
            from denocompare.output.table_export import write_cells_csv, write_cells_xlsx

            if suffix == ".csv":
                return write_cells_csv(cells, Path(path), trail)
            return write_cells_xlsx(cells, Path(path), self.title, self.data_label,
                                    trail)
        # Imported here: the writers bring the audit trail and the saved-comparison
        # format (25 ms at start), and the first table is shown before any export.
        from denocompare.output.writers import write_table

        return write_table(self.model.frame(), Path(path), trail=trail)

    def export_dialog(self) -> Path | None:
        path, _f = QFileDialog.getSaveFileName(self, "Export table", "table.xlsx",
                                               "Excel workbook (*.xlsx);;CSV (*.csv)")
        if not path:
            return None
        if Path(path).suffix.lower() not in (".csv", ".xlsx"):
            path += ".xlsx"
        try:
            written = self.export(path)
        except ExportError as err:
            QMessageBox.warning(self, "Export failed", str(err))
            return None
        self.status_message.emit(f"Saved {written.name} ({self.model.rowCount()} rows)")
        return written

    def print_table(self, preview: bool = False, printer=None) -> bool:
        """Print the rows as shown (filter and sort applied)."""
        from denocompare.ui.printing import print_with_dialog, table_document

        doc = table_document(self.model.frame(), self.title)
        return print_with_dialog(self, doc.print_, preview, printer)

    def sort_by_current_column(self, order: Qt.SortOrder | None) -> None:
        """Sort by the current cell's column (``None``: back to the data's order) — what a
        click on a heading does, for the keyboard (the headings take no focus)."""
        if order is None:  # the indicator cleared sorts the model by no column (-1)
            self.view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
            return
        column = max(self.view.currentIndex().column(), 0)
        self.view.sortByColumn(column, order)

    def context_menu(self) -> QMenu:
        """The table's menu (right click, the Menu key or Shift+F10)."""
        menu = QMenu(self)
        menu.addAction("Copy with headers", self.copy_selection)
        current = self.view.currentIndex()
        heading = self.model.headerData(max(current.column(), 0), Qt.Orientation.Horizontal)
        menu.addSeparator()
        menu.addAction(f"Sort by “{heading}”, A to Z / low to high",
                       lambda: self.sort_by_current_column(Qt.SortOrder.AscendingOrder))
        menu.addAction(f"Sort by “{heading}”, Z to A / high to low",
                       lambda: self.sort_by_current_column(Qt.SortOrder.DescendingOrder))
        menu.addAction("Back to the data's order", lambda: self.sort_by_current_column(None))
        menu.addSeparator()
        menu.addAction("Export table (CSV or Excel)…", self.export_dialog)
        menu.addSeparator()
        menu.addAction("Print table…", lambda: self.print_table(preview=False))
        menu.addAction("Print preview…", lambda: self.print_table(preview=True))
        return menu

    def _menu_at_current_cell(self) -> None:
        rect = self.view.visualRect(self.view.currentIndex())
        self._context_menu(rect.bottomLeft() if rect.isValid() else self.view.rect().center())

    def _context_menu(self, pos) -> None:
        self.context_menu().exec(self.view.viewport().mapToGlobal(pos))

    def fit_rows(self) -> None:
        """Columns share the width when few, else scroll; rows fit their text."""
        header = self.view.horizontalHeader()
        few = self.model.columnCount() <= FEW_COLUMNS
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch if few else
                                    QHeaderView.ResizeMode.Interactive)
        # Fitting asks every cell for its size (~0.5 ms a row): columns are fitted to
        # their first FIT_ROWS rows, and rows only in a table that short. A longer
        # table keeps one line a row; the full text is in the cell's detail and tooltip.
        header.setResizeContentsPrecision(FIT_ROWS)
        if not few:
            self.view.resizeColumnsToContents()
            for c in range(self.model.columnCount()):
                header.resizeSection(c, min(header.sectionSize(c), 240))
        if self.model.rowCount() <= FIT_ROWS:
            self.view.resizeRowsToContents()
            self.frozen.refresh()
        else:
            # A model reset keeps the heights fitted for an earlier, shorter table
            # (only its first FIT_ROWS rows can have been fitted).
            rows = self.view.verticalHeader()
            for row in range(FIT_ROWS):
                rows.resizeSection(row, rows.defaultSectionSize())

    def _current_changed(self, current, _previous) -> None:
        if not current.isValid():
            return
        m = self.model
        header = f"{m.headerData(current.row(), Qt.Orientation.Vertical)} — " \
                 f"{m.headerData(current.column(), Qt.Orientation.Horizontal)}"
        self.cell_selected.emit(header, _clean(current.data()),
                                str(current.data(DETAIL_ROLE) or ""),
                                str(current.data(SOURCE_ROLE) or ""))
