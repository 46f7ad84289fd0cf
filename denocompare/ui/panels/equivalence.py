"""Equivalence tab: a card per comparative study, the arm results and the forest plot."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSplitter, QTabWidget, QTextBrowser, QVBoxLayout, QWidget

from denocompare.core.compare import Selection
from denocompare.core.dataset import Dataset
from denocompare.report.fragments import study_cards_html
from denocompare.ui.plot_canvas import ChartView


class EquivalencePanel(QWidget):
    title = "&Equivalence studies"

    def __init__(self, parent=None, settings=None):
        super().__init__(parent)
        self.ds: Dataset | None = None
        self.cards = QTextBrowser(self)
        self.cards.setOpenExternalLinks(True)
        self.charts = QTabWidget(self)
        self.forest_chart = ChartView("forest", self, settings)
        self.arms_chart = ChartView("study_arms", self, settings)
        self.charts.addTab(self.forest_chart, "Difference vs equivalence margin")
        self.charts.addTab(self.arms_chart, "Result in each arm")
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

    def update_view(self, selection: Selection) -> None:
        if self.ds is None:
            return
        self.cards.setHtml(study_cards_html(self.ds, selection.products))
        for chart in (self.forest_chart, self.arms_chart):
            chart.set_content(self.ds, selection)

    def copy(self) -> None:
        self.chart().copy()
