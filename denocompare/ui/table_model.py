"""DataFrameModel: one QAbstractTableModel over a pandas frame.

Sorting and filtering happen in pandas (an order array the model reads through),
never in a QSortFilterProxyModel: a Python proxy calls ``data()`` per comparison,
which measured 35 s for 100k rows against 59 ms in pandas (platform notes).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
import pandas as pd
from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from denocompare.core import compare as C
from denocompare.core.compare import CellTable
from denocompare.core.text import cell_text

RAW_ROLE = Qt.ItemDataRole.UserRole + 1
STATE_ROLE = Qt.ItemDataRole.UserRole + 2
SOURCE_ROLE = Qt.ItemDataRole.UserRole + 3
DETAIL_ROLE = Qt.ItemDataRole.UserRole + 4

STATE_COLOURS = C.STATE_COLOURS  # said once, in core (the report uses them too)
_CELL_INK = QBrush(QColor("#222222"))
STATE_HELP = {
    C.DIFFERS: "Differs from the reference product",
    C.SAME_WORDING: "Same value as the reference, worded differently (see the details)",
    C.CHMP_OPINION: "CHMP positive opinion; no EC decision found in the sources",
    C.CONFLICT: "Sources disagree; all values are in the details",
    C.MISSING: "Not reported in the sources",
    C.CARVE_OUT: "Carve-out: the reference is authorised for this, this product is not",
    C.AUTHORISED: "Authorised",
    C.NOT_AUTHORISED: "Not authorised (the source lists all indications)",
    C.REFERENCE: "The reference product",
    C.NOTE: "The curator's note: how a value was read, inferred or reconciled",
    C.FROM_STATEMENT: "Authorised per a statement that it has all the reference product's "
                      "indications; its own label was not read",
    C.NO_LICENCE: "No licence in this region (see the details for the date and source)",
    C.SUSPENDED: "The authorisation in this region is suspended: not shown as authorised",
    C.WITHDRAWN: "Withdrawn in this region: not shown as authorised",
}


class DataFrameModel(QAbstractTableModel):
    """Read-only model; ``set_table`` swaps in a new frame (or CellTable) at once."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._cells: CellTable | None = None
        self._frame = pd.DataFrame()
        self._text = np.empty((0, 0), dtype=object)
        self._order = np.arange(0)
        self._sorted = self._order
        self._mask = np.ones(0, dtype=bool)
        self._lower = None
        self._needle = ""
        self._states_only = np.ones(0, dtype=bool)
        self._states = self._sources = self._details = self._text
        self.source_text = None  # callable: source ids -> tooltip text

    # --- content ----------------------------------------------------------------
    def set_frame(self, frame: pd.DataFrame) -> None:
        empty = pd.DataFrame("", index=frame.index, columns=frame.columns, dtype=object)
        self.set_table(CellTable(frame, empty, empty, empty))

    def set_table(self, cells: CellTable | PreparedTable) -> None:
        """Show ``cells``; a ``PreparedTable`` (made on a worker) is shown as it is."""
        prepared = cells if isinstance(cells, PreparedTable) else prepare_table(cells)
        cells = prepared.cells
        self.beginResetModel()
        self._cells = cells
        self._frame = cells.values
        self._text, self._states = prepared.text, prepared.states
        self._sources, self._details = prepared.sources, prepared.details
        self._lower = None
        self._sorted = np.arange(len(cells.values))
        self._mask = np.ones(len(cells.values), dtype=bool)
        self._states_only = np.ones(len(cells.values), dtype=bool)
        self._order = self._sorted
        self.endResetModel()

    def frame(self) -> pd.DataFrame:
        """The rows as shown (sorted as shown): what Copy and Export write."""
        return self._frame.iloc[self._order]

    def cells(self) -> CellTable | None:
        return None if self._cells is None else self._cells.take(self._order)

    # --- Qt model API -------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else len(self._order)

    def columnCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else self._frame.shape[1]

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        # Asked for every cell and every role a delegate reads (eight per cell each time
        # rows are fitted or painted: ~15,000 calls a change of the family on the Products
        # tab), so a role the model does not answer returns at once and the rest look up
        # what was made beforehand.
        answer = _ANSWERS.get(role)
        if answer is None or self._cells is None or not index.isValid():
            return None
        return answer(self, int(self._order[index.row()]), index.column())

    def _display_role(self, r: int, c: int):
        return self._text[r, c]

    def _raw_role(self, r: int, c: int):
        return self._frame.iat[r, c]

    def _state_role(self, r: int, c: int):
        return self._states[r, c]

    def _background_role(self, r: int, c: int):
        return _fills().get(self._states[r, c])

    def _foreground_role(self, r: int, c: int):
        # The fills are light: their text stays dark under a dark palette too.
        return _CELL_INK if self._states[r, c] in STATE_COLOURS else None

    def _font_role(self, r: int, c: int):
        return _italic() if self._states[r, c] == C.MISSING else None

    def _source_role(self, r: int, c: int):
        return self._sources[r, c]

    def _detail_role(self, r: int, c: int):
        return self._details[r, c]

    def _tooltip_role(self, r: int, c: int):
        return self._tooltip(r, c, self._states[r, c])

    def _tooltip(self, r: int, c: int, state: str) -> str | None:
        # The cell's whole text first: a row of a long table keeps one line, cut.
        text = self._text[r, c]
        parts = [str(text)] if text else []
        parts += [STATE_HELP[state]] if state in STATE_HELP else []
        detail = self._details[r, c]
        if detail:
            parts.append(str(detail))
        src = self._sources[r, c]
        if src:
            parts.append("Source: " + (self.source_text(src) if self.source_text else src))
        return "\n\n".join(parts) or None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return str(self._frame.columns[section])
        return str(self._frame.index[self._order[section]])

    def sort(self, column, order=Qt.SortOrder.AscendingOrder):
        if self._frame.empty:
            return
        self.layoutAboutToBeChanged.emit()
        if column < 0:  # no sort column (the heading's indicator cleared): the data's order
            ranks = np.arange(len(self._frame))
        else:
            col = self._frame.iloc[:, column]
            numeric = pd.to_numeric(col, errors="coerce")
            key = numeric if numeric.notna().sum() >= col.notna().sum() / 2 else \
                col.astype(str)
            ranks = np.argsort(key.to_numpy(), kind="stable") if numeric is key else \
                np.argsort(key.str.lower().to_numpy(), kind="stable")
            if order == Qt.SortOrder.DescendingOrder:
                ranks = ranks[::-1]
        self._sorted = ranks
        self._order = ranks[self._mask[ranks]]
        self.layoutChanged.emit()

    def set_filter(self, text: str) -> None:
        """Show only rows where some cell (or the row label) contains ``text``."""
        needle = text.strip().lower()
        if needle and self._lower is None:
            # Lower-cased text of every row, made once per table and only when a
            # filter is typed, joined by a separator no one types, so one vectorised
            # str.contains filters it. Column by column: a row-wise join of 66,000
            # rows took 3.4 s.
            joined = self._frame.index.astype(str).to_numpy(dtype=object)
            for c in range(self._text.shape[1]):
                joined = joined + "\x1f" + self._text[:, c]
            self._lower = pd.Series(joined, dtype=object).str.lower().to_numpy()
        text_mask = np.ones(len(self._frame), dtype=bool) if not needle else \
            pd.Series(self._lower).str.contains(needle, regex=False).to_numpy()
        mask = text_mask & self._states_only
        self._needle = text
        if np.array_equal(mask, self._mask):
            return  # the same rows (a panel sets its filter again after each new table)
        self.beginResetModel()
        self._mask = mask
        self._order = self._sorted[self._mask[self._sorted]]
        self.endResetModel()

    def show_only_states(self, states: set[str] | None) -> None:
        """Keep only rows with a cell in one of ``states`` (None: every row)."""
        if self._cells is None:
            return
        self._states_only = np.ones(len(self._frame), dtype=bool) if not states else \
            self._cells.states.isin(states).any(axis=1).to_numpy()
        self.set_filter(self._needle)


_R = Qt.ItemDataRole
_ANSWERS = {int(role): method for role, method in (
    (_R.DisplayRole, DataFrameModel._display_role), (RAW_ROLE, DataFrameModel._raw_role),
    (STATE_ROLE, DataFrameModel._state_role),
    (_R.BackgroundRole, DataFrameModel._background_role),
    (_R.ForegroundRole, DataFrameModel._foreground_role),
    (_R.FontRole, DataFrameModel._font_role), (SOURCE_ROLE, DataFrameModel._source_role),
    (DETAIL_ROLE, DataFrameModel._detail_role),
    (_R.ToolTipRole, DataFrameModel._tooltip_role))}


@cache
def _fills() -> dict[str, QBrush]:
    """Each state's fill, made once (not a brush per cell and paint)."""
    return {state: QBrush(QColor(colour)) for state, colour in STATE_COLOURS.items()}


@cache
def _italic() -> QFont:
    """A missing value's font, made once (a QFont needs the application)."""
    font = QFont()
    font.setItalic(True)
    return font


@dataclass(frozen=True)
class PreparedTable:
    """A CellTable with what the model reads per cell already made, as numpy arrays."""

    cells: CellTable
    text: np.ndarray
    states: np.ndarray
    sources: np.ndarray
    details: np.ndarray


def prepare_table(cells: CellTable) -> PreparedTable:
    """Format once what ``data()`` returns: it is called for every cell and role, and a
    pandas ``.iat`` costs ~8 us (fitting rows to their text asked every cell for several
    roles: 25 ms a change of selection). Qt-free: a worker may call it for a large table.
    """
    return PreparedTable(cells, _display_text(cells.values),
                         cells.states.to_numpy(dtype=object),
                         cells.sources.to_numpy(dtype=object),
                         cells.details.to_numpy(dtype=object))


def _display_text(frame: pd.DataFrame) -> np.ndarray:
    """Every cell as the text ``data()`` shows, as an object array of frame's shape.

    Formatted once per distinct value of each column (``pd.factorize`` finds them in
    C): cell by cell, a 66,000-row table took half a second to format.
    """
    out = np.empty(frame.shape, dtype=object)
    for c in range(frame.shape[1]):
        codes, uniques = pd.factorize(frame.iloc[:, c], use_na_sentinel=True)
        shown = np.array([_display(v) for v in uniques] + [""], dtype=object)
        out[:, c] = shown[codes]  # code -1 (missing) takes the final ""
    return out


_display = cell_text  # blanks and numbers written as everywhere else (core.text)
