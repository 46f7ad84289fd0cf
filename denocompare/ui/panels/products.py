"""Products tab: attributes side by side, differences from the reference highlighted."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QSplitter, QVBoxLayout, QWidget

from denocompare.core import compare as C
from denocompare.core.compare import Selection
from denocompare.core.dataset import Dataset
from denocompare.ui.panels.details import DetailsPane
from denocompare.ui.table_model import STATE_COLOURS
from denocompare.ui.table_view import DataTable

#: What "Only rows with differences" keeps.
DIFFERENCE_STATES = {C.DIFFERS, C.CONFLICT, C.CARVE_OUT}


def legend_html(states: list[tuple[str, str]]) -> str:
    cells = "".join(f"<span style='background:{STATE_COLOURS[s]};border:1px solid #999'>"
                    f"&nbsp;{label}&nbsp;</span>&nbsp;&nbsp;" for s, label in states)
    return f"<small>{cells}</small>"


class TablePanel(QWidget):
    """A DataTable with a legend above and a details pane beside it."""

    title = ""

    def __init__(self, legend: list[tuple[str, str]], parent=None):
        super().__init__(parent)
        self.ds: Dataset | None = None
        self.table = DataTable(parent=self, title=self.title.replace("&", ""))
        self.details = DetailsPane(self)
        self.table.cell_selected.connect(self.details.show_cell)
        self.legend = QLabel(legend_html(legend), self)
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.only_differences = QCheckBox("Only rows with &differences", self)
        self.only_differences.setToolTip("Hide the rows where every product agrees with the "
                                         "reference (or the sources say nothing)")
        self.only_differences.toggled.connect(self._apply_states_filter)
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
        self.details.ds = ds
        self.table.model.source_text = ds.describe_sources

    def show_cells(self, cells: C.CellTable) -> None:
        self.table.model.set_table(cells)
        self.table.model.set_filter(self.table.filter.text())
        self._apply_states_filter()
        self.table.fit_rows()
        self.details.show_hint()

    def _apply_states_filter(self, _checked: bool = False) -> None:
        on = self.only_differences.isChecked()
        self.table.model.show_only_states(DIFFERENCE_STATES if on else None)


class ProductsPanel(TablePanel):
    title = "&Products"

    def __init__(self, parent=None):
        super().__init__([(C.REFERENCE, "reference"),
                          (C.DIFFERS, "differs from the reference"),
                          (C.SAME_WORDING, "same, worded differently"),
                          (C.CONFLICT, "sources differ"), (C.MISSING, "not reported in source")],
                         parent)

    def update_view(self, selection: Selection) -> None:
        if self.ds is None:
            return
        self.show_cells(C.attribute_table(self.ds, selection.reference,
                                          list(selection.comparators)))
