"""Equivalence tab: a card per comparative study, the arm results and the forest plot."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from denocompare.core.dataset import Dataset
from denocompare.core.studies import studied_against_others
from denocompare.core.view import STUDY_CHARTS, TAB_TITLES, View
from denocompare.plotting import CHARTS
from denocompare.report.fragments import study_cards_html
from denocompare.ui.palette import ReadableBrowser
from denocompare.ui.plot_canvas import ChartView
from denocompare.ui.tasks import TaskRunner, failure_text

CHART_TABS = {"forest": "Difference vs equivalence margin", "study_arms": "Result in each arm"}


class EquivalencePanel(QWidget):
    title = TAB_TITLES["equivalence"]
    edited = Signal(dict)

    def __init__(self, parent=None, settings=None):
        super().__init__(parent)
        self.ds: Dataset | None = None
        self._shown: tuple | None = None
        self.cards = ReadableBrowser(self)  # the cards' muted notes follow the palette
        self.cards.setOpenExternalLinks(True)
        self.cards.setAccessibleName("Study cards")
        # 200 studies' cards take 0.1-0.2 s to write: at the size where charts are drawn
        # off the GUI thread, the cards are written there too.
        self.writer = TaskRunner(self)
        self.writer.finished.connect(self.cards.setHtml)
        self.writer.failed.connect(lambda exc, tb: self.cards.setPlainText(
            failure_text("writing the study cards", exc, tb)))
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
        self.elsewhere = StudiedElsewhere(self)
        self.elsewhere.show_studies.connect(self.edited)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.elsewhere)
        layout.addWidget(split, 1)

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
            self.elsewhere.show_for(self.ds, view)
            self._write_cards(self.ds, view)
        for chart in self.views.values():
            chart.set_content(self.ds, view)
            chart.set_dpi(view.dpi)

    def _write_cards(self, ds: Dataset, view: View) -> None:
        products = view.products
        self.writer.start(lambda _progress: study_cards_html(ds, products))

    def is_busy(self) -> bool:
        """Whether the study cards of the current choice are still being written."""
        return self.writer.running()

    def stop_work(self) -> None:
        self.writer.stop()

    def copy(self) -> None:
        self.chart().copy()


class StudiedElsewhere(QWidget):
    """Above the cards, for a reference no study compares with (a second brand): against
    which product its biosimilars' molecules were studied, from the studies table and the
    development codes, with a button that shows those studies."""

    #: the view change that shows the studies: {"reference": ..., "comparators": ...}
    show_studies = Signal(dict)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.text = QLabel(self)
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.buttons: list[QPushButton] = []
        self.row = QHBoxLayout(self)
        self.row.setContentsMargins(4, 2, 4, 2)
        self.row.addWidget(self.text, 1)
        self.hide()

    def show_for(self, ds: Dataset, view: View) -> None:
        for b in self.buttons:
            self.row.removeWidget(b)
            b.deleteLater()
        self.buttons = []
        others = studied_against_others(ds, view.reference)
        self.setVisible(bool(others))
        if not others:
            return
        ref = ds.short_name(view.reference)
        said = []
        for other, bios in others.items():
            names = [ds.short_name(b) for b in bios]
            listed = ", ".join(names) if len(names) <= 3 else \
                f"{', '.join(names[:3])} and {len(names) - 3} more"
            said.append(f"against <b>{html.escape(ds.short_name(other))}</b> "
                        f"({len(bios)} biosimilar{'s' if len(bios) != 1 else ''}: "
                        f"{html.escape(listed)})")
            button = QPushButton(f"Show the studies against {ds.short_name(other)}", self)
            button.setToolTip(f"Compare {ds.short_name(other)} with the biosimilars whose "
                              "equivalence studies the sources report")
            button.clicked.connect(lambda _c=False, o=other, b=tuple(bios): self.show_studies
                                   .emit({"reference": o, "comparators": b}))
            self.row.addWidget(button)
            self.buttons.append(button)
        self.text.setText(f"No study in the sources compares a biosimilar with "
                          f"{html.escape(ref)}. The equivalence studies of its biosimilars' "
                          f"molecules were run {'; '.join(said)}.")
