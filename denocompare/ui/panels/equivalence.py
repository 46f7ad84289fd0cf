"""Equivalence tab: a card per comparative study, the arm results and the forest plot."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QSplitter, QTabWidget, QTextBrowser, QVBoxLayout, QWidget

from denocompare.core.dataset import Dataset
from denocompare.core.view import STUDY_CHARTS, TAB_TITLES, View
from denocompare.plotting import CHARTS
from denocompare.report.fragments import study_cards_html
from denocompare.ui.plot_canvas import ChartView

CHART_TABS = {"forest": "Difference vs equivalence margin", "study_arms": "Result in each arm"}


class EquivalencePanel(QWidget):
    title = TAB_TITLES["equivalence"]
    edited = Signal(dict)

    def __init__(self, parent=None, settings=None):
        super().__init__(parent)
        self.ds: Dataset | None = None
        self._shown: tuple | None = None
        self.cards = QTextBrowser(self)
        self.cards.setOpenExternalLinks(True)
        self.cards.setAccessibleName("Study cards")
        self.charts = QTabWidget(self)
        self.charts.setAccessibleName("Equivalence charts")
        self.views = {key: ChartView(key, self, settings) for key in CHARTS
                      if key in STUDY_CHARTS}
        for key, chart in self.views.items():
            self.charts.addTab(chart, CHART_TABS[key])
            chart.dpi_edited.connect(lambda dpi: self.edited.emit({"dpi": dpi}))
        self.forest_chart, self.arms_chart = self.views["forest"], self.views["study_arms"]
        self.charts.currentChanged.connect(
            lambda i: self.edited.emit({"study_chart": self.charts.widget(i).key}))
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(self.cards)
        split.addWidget(self.charts)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        split.setSizes([420, 900])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(split)

    def chart(self) -> ChartView:
        return self.charts.currentWidget()

    def set_dataset(self, ds: Dataset) -> None:
        self.ds = ds
        self._shown = None

    def update_view(self, view: View) -> None:
        if self.ds is None:
            return
        self.charts.blockSignals(True)
        self.charts.setCurrentWidget(self.views[view.study_chart])
        self.charts.blockSignals(False)
        if self._shown != tuple(view.products):
            self._shown = tuple(view.products)
            self.cards.setHtml(study_cards_html(self.ds, view.products))
        for chart in self.views.values():
            chart.set_content(self.ds, view)
            chart.set_dpi(view.dpi)

    def copy(self) -> None:
        self.chart().copy()
