"""Adverse reactions tab: the chart (EU bands or trial percentages) and its table."""

from __future__ import annotations

import numpy as np
import pandas as pd
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QRadioButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from denocompare.core import compare as C
from denocompare.core.dataset import Dataset
from denocompare.core.schema import SYSTEM_ORGAN_CLASSES
from denocompare.core.view import ADVERSE_MODES, TAB_TITLES, View
from denocompare.ui.palette import readable
from denocompare.ui.plot_canvas import ChartView
from denocompare.ui.table_model import PreparedTable, prepare_table
from denocompare.ui.table_view import DataTable
from denocompare.ui.tasks import TaskRunner, failure_text

TABLE_COLUMNS = C.ADVERSE_COLUMNS

#: From this many adverse-reaction rows in the dataset, the rows for a change are
#: computed on a worker thread and shown when ready; the window stays usable meanwhile.
ASYNC_ROWS = 100_000

# Columns that are empty in the other mode, so not shown there.
TRIAL_ONLY = {"product_pct", "product_arm_n", "comparator", "comparator_pct",
              "comparator_arm_n", "study"}
BAND_ONLY = {"frequency_band"}


class AdversePanel(QWidget):
    title = TAB_TITLES["adverse"]
    edited = Signal(dict)

    def __init__(self, parent=None, settings=None):
        super().__init__(parent)
        self.ds: Dataset | None = None
        self._view: View | None = None
        self._shown: tuple | None = None
        self.mode = QButtonGroup(self)
        controls = QHBoxLayout()
        for i, label in enumerate(("EU frequency bands", "Trial incidence vs comparator")):
            b = QRadioButton(label, self)
            b.setToolTip("EU SmPC/leaflet frequency categories" if i == 0 else
                         "Percentages in the product and comparator (e.g. placebo) arms")
            self.mode.addButton(b, i)
            controls.addWidget(b)
        self.mode.button(0).setChecked(True)
        self.mode.idClicked.connect(self.set_mode)
        controls.addSpacing(16)
        soc_label = QLabel("&System organ class:", self)
        controls.addWidget(soc_label)
        self.soc = QComboBox(self)
        soc_label.setBuddy(self.soc)  # Alt+S
        self.soc.addItem("All", None)
        # As wide as 16 characters, not as the longest class ('Congenital, familial and
        # genetic disorders'): that held the window 866 px wide with the whole family.
        # The list that drops down is as wide as its longest item all the same.
        self.soc.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.soc.setMinimumContentsLength(16)
        self.soc.setAccessibleName("System organ class")
        self.soc.setToolTip("Show only reactions of one MedDRA system organ class")
        self.soc.currentIndexChanged.connect(
            lambda _i: self.edited.emit({"soc": self.soc.currentData()}))
        controls.addWidget(self.soc)
        self.text = QLineEdit(self)
        self.text.setPlaceholderText("Reaction contains…")
        self.text.setAccessibleName("Reaction contains")
        self.text.setClearButtonEnabled(True)
        self.text.setToolTip("Show only reactions whose name contains this text")
        # Typing should not redraw the chart on every key stroke.
        self._debounce = QTimer(self, singleShot=True, interval=250)
        self._debounce.timeout.connect(
            lambda: self.edited.emit({"text": self.text.text().strip()}))
        self.text.textChanged.connect(lambda _t: self._debounce.start())
        controls.addWidget(self.text, 1)
        self.busy = QProgressBar(self)
        self.busy.setRange(0, 0)  # no fraction to show: a busy indicator
        self.busy.setMaximumWidth(120)
        self.busy.setToolTip("Computing the rows of a large table; the window stays usable")
        self.busy.hide()
        controls.addWidget(self.busy)
        # Changes are computed in turn; a later change replaces an earlier one (its rows
        # are dropped), and closing waits for the one running.
        self.rows = TaskRunner(self)
        self.rows.finished.connect(self._prepared)
        self.rows.failed.connect(self._prepare_failed)
        self._pending: tuple | None = None
        self.problem = QLabel(self)  # why the rows could not be computed, when they could not
        self.problem.setStyleSheet(readable("color: #a00", self))
        self.problem.setWordWrap(True)
        self.problem.hide()
        self.charts = QStackedWidget(self)
        self.band_chart = ChartView("adverse_bands", self, settings)
        self.incidence_chart = ChartView("adverse_incidence", self, settings)
        self.charts.addWidget(self.band_chart)
        self.charts.addWidget(self.incidence_chart)
        for chart in (self.band_chart, self.incidence_chart):
            chart.dpi_edited.connect(lambda dpi: self.edited.emit({"dpi": dpi}))
        self.table = DataTable("Filter table rows…", self, title="Adverse reactions")
        # The reaction box above filters the chart and this table alike; a second box
        # for the table alone only confused.
        self.table.filter.hide()
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.charts)
        split.addWidget(self.table)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([640, 220])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(controls)
        layout.addWidget(self.problem)
        layout.addWidget(split, 1)

    def filter_box(self) -> QLineEdit:
        # The reaction box filters the chart and the table together.
        return self.text

    def chart(self) -> ChartView:
        return self.charts.currentWidget()

    def set_dataset(self, ds: Dataset) -> None:
        self.ds = ds
        self.table.model.source_text = ds.describe_sources
        # Computed by the loader's worker (iterating a million cells here held the
        # window for 0.65 s).
        present = ds.distinct("adverse_reactions", "system_organ_class")
        self.soc.blockSignals(True)
        self.soc.clear()
        self.soc.addItem("All", None)
        for soc in SYSTEM_ORGAN_CLASSES:
            if soc in present:
                self.soc.addItem(soc, soc)
        self.soc.blockSignals(False)
        self._shown = None

    def update_view(self, view: View) -> None:
        if self.ds is None:
            return
        self._view = view
        self._mirror(view)
        key = (tuple(view.products), view.soc, view.text, view.adverse_mode)
        if key != self._shown:
            self._shown = key
            # Refreshed first: for a large table the chart about to be shown must know
            # its rows are being computed, or it would compute them on the GUI thread.
            self._refresh(view)
        self.charts.setCurrentIndex(ADVERSE_MODES.index(view.adverse_mode))
        for chart in (self.band_chart, self.incidence_chart):
            chart.set_dpi(view.dpi)

    def _mirror(self, view: View) -> None:
        """The controls show ``view``; their signals are blocked, so no echo."""
        for widget in (self.mode, self.soc):
            widget.blockSignals(True)
        self.mode.button(ADVERSE_MODES.index(view.adverse_mode)).setChecked(True)
        self.soc.setCurrentIndex(max(0, self.soc.findData(view.soc)))
        for widget in (self.mode, self.soc):
            widget.blockSignals(False)
        if self.text.text().strip() != view.text and not self._debounce.isActive():
            self.text.blockSignals(True)
            self.text.setText(view.text)
            self.text.blockSignals(False)

    def set_mode(self, index: int) -> None:
        """Ask for EU frequency bands (0) or trial incidence (1)."""
        self.edited.emit({"adverse_mode": ADVERSE_MODES[index]})

    def _refresh(self, view: View) -> None:
        assert self.ds is not None
        request = (self.ds, view)
        self.problem.hide()
        if len(self.ds["adverse_reactions"]) < ASYNC_ROWS:
            self.rows.cancel()  # whatever is still being computed is now out of date
            self._pending = None
            self.busy.hide()
            self._show(request, prepare_rows(*request))
            return
        # A large table: sorting and formatting it took the GUI thread 2-3 s. The rows
        # are made on a worker; the tab shows the previous ones, busy, until then.
        self._pending = request
        self.busy.show()
        for chart in (self.band_chart, self.incidence_chart):
            chart.defer()
        self.rows.start(lambda _progress: prepare_rows(*request))

    def _prepared(self, table: PreparedTable) -> None:
        request, self._pending = self._pending, None
        assert request is not None
        self.busy.hide()
        self._show(request, table)

    def _prepare_failed(self, exc: BaseException, tb: str) -> None:
        self._pending = None
        self.busy.hide()
        # Shown here, where the user is looking; the table keeps the rows it had.
        self.problem.setText("The adverse reactions for this choice could not be computed: "
                             + failure_text("computing the adverse-reaction rows", exc, tb))
        self.problem.show()

    def stop_work(self) -> None:
        """Drop what is queued and wait for the computation running (window closing)."""
        self.rows.stop()

    def is_busy(self) -> bool:
        """Whether rows for the current choice are still being computed."""
        return self.rows.running()

    def _show(self, request: tuple, table: PreparedTable) -> None:
        ds, view = request
        for chart in (self.band_chart, self.incidence_chart):
            chart.set_content(ds, view)
        self.table.model.set_table(table)
        self.table.model.set_filter(self.table.filter.text())
        self.table.fit_rows()

    def copy(self) -> None:
        if self.table.view.hasFocus():
            self.table.copy_selection()
        else:
            self.chart().copy()


def prepare_rows(ds: Dataset, view: View) -> PreparedTable:
    """The table's rows for a choice, ready to show, and the chart's rows made and kept.

    No Qt: a worker thread runs this for a large table. The chart's rows come last, so
    that they are the large result ``Dataset.derived`` keeps when the chart asks.
    """
    rows = C.adverse_reactions(ds, view.products, soc=view.soc, text=view.text)
    incidence = view.adverse_mode == "incidence"
    if incidence:
        rows = rows[rows["product_pct"].notna()]
        columns = [c for c in TABLE_COLUMNS if c not in BAND_ONLY]
    else:
        rows = rows[rows["frequency_band"].notna()]
        columns = [c for c in TABLE_COLUMNS if c not in TRIAL_ONLY]
    frame = rows[columns].rename(columns=TABLE_COLUMNS)
    frame.index = range(1, len(frame) + 1)
    cells = C.CellTable(frame.astype(object), _blank(frame), _sources(frame), _blank(frame))
    table = prepare_table(cells)
    # Imported here: the first paint must not wait for matplotlib (BENCHMARKS.md).
    from denocompare.plotting.adverse import band_rows, incidence_rows

    (incidence_rows if incidence else band_rows)(ds, view, view.soc, view.text)
    return table


def _blank(frame):
    return pd.DataFrame("", index=frame.index, columns=frame.columns, dtype=object)


def _sources(frame):
    """Every cell of a row cites that row's source."""
    cited = frame[C.ADVERSE_COLUMNS["source_id"]].fillna("").astype(str).to_numpy(dtype=object)
    return pd.DataFrame(np.repeat(cited[:, None], frame.shape[1], axis=1),
                        index=frame.index, columns=frame.columns)
