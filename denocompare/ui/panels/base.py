"""What every tab is (``Panel``), and the table tab the Products and Indications share.

The window talks to its tabs only through these protocols: it hands each the dataset
and the current ``View``, and listens to ``edited`` for the changes its controls ask
for. Panels never import one another (import-linter checks it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from denocompare.core import compare as C
from denocompare.core.view import View
from denocompare.ui.panels.details import DetailsPane
from denocompare.ui.panels.protocols import (  # noqa: F401  (what every tab is, here too)
    ChartPanel,
    Filterable,
    Panel,
    TableHolder,
    Worker,
)
from denocompare.ui.table_model import STATE_COLOURS
from denocompare.ui.table_view import DataTable

if TYPE_CHECKING:
    from denocompare.core.dataset import Dataset

#: What "Only rows with differences" keeps.
DIFFERENCE_STATES = {C.DIFFERS, C.CONFLICT, C.CARVE_OUT}


def legend_html(states: list[tuple[str, str]]) -> str:
    """The colour key: one chip per state, each kept whole, the line breaking only between
    chips (a key on one unbreakable line held the window 1,226 px wide)."""
    def whole(label: str) -> str:  # no break at its spaces or hyphens (Qt's rich text
        return label.replace(" ", "&nbsp;").replace("-", "\u2011")  # has no nowrap span)
    cells = "&nbsp; ".join(f"<span style='background:{STATE_COLOURS[s]};color:#222;"
                           "border:1px solid #999'>"
                           f"&nbsp;{whole(label)}&nbsp;</span>" for s, label in states)
    return f"<small>{cells}</small>"


class TablePanel(QWidget):
    """A DataTable with a legend above and a details pane beside it."""

    title = ""
    edited = Signal(dict)

    def __init__(self, legend: list[tuple[str, str]], parent=None):
        super().__init__(parent)
        self.ds: Dataset | None = None
        self._shown: tuple | None = None
        self._only = False
        self.table = DataTable(parent=self, title=self.title.replace("&", ""))
        self.details = DetailsPane(self)
        self.table.cell_selected.connect(self.details.show_cell)
        self.legend = QLabel(legend_html(legend), self)
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.setWordWrap(True)
        self.only_differences = QCheckBox("Only rows with &differences", self)
        self.only_differences.setToolTip("Hide the rows where every product agrees with the "
                                         "reference (or the sources say nothing)")
        self.only_differences.toggled.connect(
            lambda on: self.edited.emit({"only_differences": on}))
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.details)
        self.splitter.setStretchFactor(0, 4)
        self.splitter.setStretchFactor(1, 1)
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(4, 4, 4, 4)
        top = QHBoxLayout()
        top.addWidget(self.legend, 1)
        top.addWidget(self.only_differences)
        self.layout_.addLayout(top)
        self.layout_.addWidget(self.splitter, 1)

    def set_dataset(self, ds: Dataset) -> None:
        self.ds = ds
        self._shown = None
        self.details.ds = ds
        self.table.model.source_text = ds.describe_sources
        self.table.data_label = ds.title()

    def filter_box(self) -> QLineEdit:
        return self.table.filter

    def update_view(self, view: View) -> None:
        if self.ds is None:
            return
        self.mirror(view)
        key, only = self.shown_of(view), view.only_differences
        states = DIFFERENCE_STATES if only else None
        if key != self._shown:
            self._shown, self._only = key, only
            self.show_cells(self.cells(self.ds, view), states)
        elif only != self._only:  # the same cells, other rows: no new table
            self._only = only
            self.table.model.show_only_states(states)
            # The model was reset: rows would fall back to one fixed height, their
            # text cut with '…', until fitted to the rows now shown.
            self.table.fit_rows()

    def mirror(self, view: View) -> None:
        """Set the controls to ``view`` without their signals (no echo)."""
        self.only_differences.blockSignals(True)
        self.only_differences.setChecked(view.only_differences)
        self.only_differences.blockSignals(False)

    def shown_of(self, view: View) -> tuple:
        """What of ``view`` the table shows: equal keys, the same cells."""
        return (tuple(view.products),)

    def cells(self, ds: Dataset, view: View) -> C.CellTable:
        raise NotImplementedError

    def show_cells(self, cells: C.CellTable, states: set[str] | None = None) -> None:
        self.table.model.set_table(cells)
        self.table.model.set_filter(self.table.filter.text())
        self.table.model.show_only_states(states)
        self.table.fit_rows()
        self.details.show_hint()
        self._retitle(tab_title(self.title.replace("&", ""), cells))

    def _retitle(self, text: str) -> None:
        # The tab bar belongs to the window's QTabWidget (the panel's grandparent, via
        # its QStackedWidget); a panel shown on its own has none.
        widget = self.parentWidget()
        while widget is not None and not isinstance(widget, QTabWidget):
            widget = widget.parentWidget()
        if widget is not None and (i := widget.indexOf(self)) >= 0:
            widget.setTabText(i, text)


def tab_title(base: str, cells: C.CellTable) -> str:
    """'Products (3 differences)', 'Indications (2 carve-outs)': what to look at, counted
    over every row (whatever the filter hides)."""
    states = cells.states.to_numpy().ravel()
    n_diff = sum(s in (C.DIFFERS, C.CONFLICT) for s in states)
    n_carve = sum(s == C.CARVE_OUT for s in states)
    parts = [f"{n} {word}{'s' if n != 1 else ''}" for n, word in
             ((n_diff, "difference"), (n_carve, "carve-out")) if n]
    return f"{base} ({', '.join(parts)})" if parts else base
