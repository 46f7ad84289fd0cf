"""Decision tab: weighted criteria, the ranking, and the committee's decision record.

The tab only edits the committee's inputs (weights, gap policies, criteria scored by
hand and their scores, a new decision entry) and shows what ``core.criteria`` computes
from them; every change goes back to the window as a new ``View`` (``criteria``,
``decisions``), so the report, the saved file and the command line read the same.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from denocompare.core import criteria as K
from denocompare.core.dataset import Dataset
from denocompare.core.decision import History
from denocompare.core.view import TAB_TITLES, View
from denocompare.plotting import CRITERIA_CHART
from denocompare.ui.accessible import name_corner_buttons
from denocompare.ui.decision_form import DecisionForm
from denocompare.ui.plot_canvas import ChartView
from denocompare.ui.tasks import TaskRunner, failure_text

#: Weights a new comparison starts with (points; the committee changes them).
DEFAULT_WEIGHT = 10.0


settings_of = K.settings_for


class DecisionPanel(QWidget):
    title = TAB_TITLES["decision"]
    edited = Signal(dict)

    def __init__(self, parent=None, settings=None):
        super().__init__(parent)
        self.ds: Dataset | None = None
        self.view: View | None = None
        self._scored: tuple | None = None
        self._automatic: dict = {}
        self._rows: tuple = ()
        # Scoring 30 products takes seconds (each criterion reads the evidence): for a
        # choice as large as a chart drawn off-thread, the scores are computed on a
        # worker, and the tables keep the scores before until they come.
        self.scoring = TaskRunner(self)
        self.scoring.finished.connect(self._scores_ready)
        self.scoring.failed.connect(self._scoring_failed)
        self._pending = False
        self.criteria = QTableWidget(0, 3, self)
        self.criteria.setHorizontalHeaderLabels(["Criterion", "Weight", "A gap is"])
        self.criteria.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.criteria.setAccessibleName("Criteria and their weights")
        self.scores = QTableWidget(self)
        self.scores.setAccessibleName("Scores per criterion and product")
        self.scores.itemChanged.connect(self._hand_score)
        self.add = QPushButton("&Add a criterion scored by hand…", self)
        self.add.setToolTip("A criterion the data cannot score (supply reliability, patient "
                            "support…): you give each product its score, 0 to 1")
        self.add.clicked.connect(self._add_criterion)
        self.ranking = QTableWidget(0, 3, self)
        self.ranking.setHorizontalHeaderLabels(["Product", "Score", "Gaps"])
        self.ranking.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.ranking.setAccessibleName("Ranking")
        self.robust = QLabel(self, wordWrap=True)
        # The house canvas (Export, Copy image, Print); it draws only when shown.
        self.chart = ChartView(CRITERIA_CHART.key, self, settings, spec=CRITERIA_CHART)
        self.chart.dpi_edited.connect(lambda dpi: self.edited.emit({"dpi": dpi}))
        # The tables follow every edit; the chart (about 0.1 s) once the edits pause, as
        # on the Budget tab, so that a weight typed digit by digit never waits for it.
        self._chart_timer = QTimer(self, singleShot=True, interval=150)
        self._chart_timer.timeout.connect(self._draw_chart)
        self.form = DecisionForm(self)
        self.form.recorded.connect(self._recorded)
        self._layout()
        name_corner_buttons(self)

    def _layout(self) -> None:
        left = QWidget(self)
        box = QVBoxLayout(left)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(QLabel("<b>Criteria</b> — the weights are the committee's (points)"))
        box.addWidget(self.criteria, 2)
        row = QHBoxLayout()
        row.addWidget(self.add)
        row.addStretch(1)
        box.addLayout(row)
        box.addWidget(QLabel("<b>Scores</b> (0 = worst, 1 = best; hover for the rule, the "
                             "values and the sources; type the scores you give by hand)",
                             wordWrap=True))
        box.addWidget(self.scores, 3)
        right = QWidget(self)
        rbox = QVBoxLayout(right)
        rbox.setContentsMargins(0, 0, 0, 0)
        rbox.addWidget(QLabel("<b>Ranking</b>"))
        rbox.addWidget(self.ranking, 1)
        rbox.addWidget(self.robust)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(left)
        split.addWidget(right)
        split.setSizes([700, 500])
        tabs = QTabWidget(self)
        tabs.addTab(split, "Criteria and ranking")
        # A tab of its own: beside the tables (about 540 px at 1366x768) its legend and
        # labels were cut off; here it has the width the other chart tabs have.
        tabs.addTab(self.chart, "Chart")
        tabs.addTab(self.form, "Decision record")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(tabs)

    def set_dataset(self, ds: Dataset) -> None:
        self.ds, self._scored = ds, None

    def update_view(self, view: View) -> None:
        if self.ds is None:
            return
        self.view = view
        key = (tuple(view.products), view.regions, view.budget)
        if key != self._scored:
            self._scored = key
            self._score(self.ds, view)
        self.form.set_products([(p, self.ds.short_name(p)) for p in view.comparators])
        self.form.show_history(view.decisions)
        if not self._pending:
            self._show(settings_of(view))
        self.chart.set_dpi(view.dpi)
        self._chart_timer.start()

    def _score(self, ds: Dataset, view: View) -> None:
        # On a worker at any size: the bundled family's scores take 0.4-0.5 s.
        self._pending = True
        self.robust.setText("Scoring the products…")
        self.scoring.start(lambda _progress: K.automatic_scores(ds, view))

    def _scores_ready(self, automatic: dict) -> None:
        self._pending, self._automatic = False, automatic
        if self.view is not None:
            self._show(settings_of(self.view))

    def _scoring_failed(self, exc: BaseException, tb: str) -> None:
        self._pending = False
        self.robust.setText(failure_text("scoring the products", exc, tb))

    def is_busy(self) -> bool:
        """Whether the scores of the current choice are still being computed."""
        return self.scoring.running()

    def stop_work(self) -> None:
        self.scoring.stop()

    def _draw_chart(self) -> None:
        if self.ds is not None and self.view is not None:
            self.chart.set_content(self.ds, self.view)  # drawn now if shown, else when shown

    # -- showing -----------------------------------------------------------------------

    def _show(self, settings: K.Settings) -> None:
        assert self.ds is not None and self.view is not None
        labels, weights, policies = settings.labels(), dict(settings.weights), \
            dict(settings.policies)
        if tuple(labels) != self._rows:
            self._rows = tuple(labels)
            self._build_criteria(labels)
        for r, key in enumerate(labels):  # the same rows: values only, no echo
            weight, policy = self.criteria.cellWidget(r, 1), self.criteria.cellWidget(r, 2)
            weight.blockSignals(True)
            policy.blockSignals(True)
            weight.setValue(weights.get(key, 0.0))
            policy.setCurrentIndex(K.GAP_POLICIES.index(policies.get(key, K.WORST)))
            weight.blockSignals(False)
            policy.blockSignals(False)
        values = settings.scores(self._automatic, list(self.view.comparators))
        self._show_scores(labels, values)
        ranked = K.rank(values, weights, policies)
        self._show_ranking(ranked, labels)
        self.robust.setText(K.robustness_text(K.robustness(values, weights, policies),
                                              labels))

    def _build_criteria(self, labels: dict[str, str]) -> None:
        self.criteria.setRowCount(len(labels))
        for r, (key, label) in enumerate(labels.items()):
            item = QTableWidgetItem(label)
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            rule = next((c.rule for c in K.AUTOMATIC if c.key == key), "scored by hand")
            item.setToolTip(rule)
            self.criteria.setItem(r, 0, item)
            self.criteria.setCellWidget(r, 1, self._weight(key, label, 0.0))
            self.criteria.setCellWidget(r, 2, self._policy(key, label, K.WORST))

    def _weight(self, key: str, label: str, value: float) -> QDoubleSpinBox:
        spin = QDoubleSpinBox(self, decimals=0, maximum=1000, value=value)
        spin.setAccessibleName(f"Weight of {label}")
        spin.setToolTip(f"How many points {label} weighs (0: it plays no part); the "
                        "scores are weighted by these points")
        spin.valueChanged.connect(lambda v, k=key: self._edit(weight=(k, v)))
        return spin

    def _policy(self, key: str, label: str, value: str) -> QComboBox:
        combo = QComboBox(self)
        for policy, shown in zip(K.GAP_POLICIES, ("worst", "left out"), strict=True):
            combo.addItem(shown, policy)
        combo.setCurrentIndex(K.GAP_POLICIES.index(value))
        combo.setAccessibleName(f"How a gap in {label} is scored")
        combo.setToolTip("A fact no source reports is never scored as favourable: score it "
                         "as the worst value, or leave the criterion out for that product")
        combo.currentIndexChanged.connect(
            lambda i, k=key: self._edit(policy=(k, K.GAP_POLICIES[i])))
        return combo

    def _show_scores(self, labels: dict[str, str], values: dict) -> None:
        assert self.ds is not None and self.view is not None
        ids = list(self.view.comparators)
        manual = set(dict(settings_of(self.view).manual))
        self.scores.blockSignals(True)
        self.scores.setRowCount(len(labels))
        self.scores.setColumnCount(len(ids))
        self.scores.setVerticalHeaderLabels(list(labels.values()))
        self.scores.setHorizontalHeaderLabels([self.ds.short_name(p) for p in ids])
        for r, key in enumerate(labels):
            for c, pid in enumerate(ids):
                value = values.get(key, {}).get(pid)
                item = QTableWidgetItem("gap" if value is None else f"{value:.2f}")
                item.setData(Qt.ItemDataRole.UserRole, (key, pid))
                if key in manual:
                    item.setToolTip("Your score, 0 to 1 (empty: not scored yet, a gap)")
                    if value is None:
                        item.setText("")
                else:
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                    s = self._automatic[key][pid]
                    cited = f"\nSources: {self.ds.describe_sources(s.sources)}" \
                        if s.sources else ""
                    item.setToolTip(s.used + cited)
                self.scores.setItem(r, c, item)
        self.scores.blockSignals(False)

    def _show_ranking(self, ranked: list[K.Ranked], labels: dict[str, str]) -> None:
        assert self.ds is not None
        self.ranking.setRowCount(len(ranked))
        for r, row in enumerate(ranked):
            gaps = ([f"scored worst: {', '.join(labels[k] for k in row.gaps)}"]
                    if row.gaps else []) + \
                ([f"left out: {', '.join(labels[k] for k in row.left_out)}"]
                 if row.left_out else [])
            for c, text in enumerate((self.ds.short_name(row.product),
                                      f"{100 * row.total:.0f} %", "; ".join(gaps))):
                item = QTableWidgetItem(text)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.ranking.setItem(r, c, item)

    # -- editing -----------------------------------------------------------------------

    def _edit(self, weight=None, policy=None, manual=None, score=None) -> None:
        assert self.view is not None
        s = settings_of(self.view)
        weights, policies = dict(s.weights), dict(s.policies)
        manuals, scores = dict(s.manual), {(c, p): v for c, p, v in s.manual_scores}
        if weight:
            weights[weight[0]] = float(weight[1])
        if policy:
            policies[policy[0]] = policy[1]
        if manual:
            manuals[manual[0]] = manual[1]
            weights.setdefault(manual[0], DEFAULT_WEIGHT)
        if score:
            key, pid, value = score
            if value is None:
                scores.pop((key, pid), None)
            else:
                scores[(key, pid)] = value
        new = K.Settings(tuple(weights.items()), tuple(manuals.items()),
                         tuple((c, p, v) for (c, p), v in scores.items()),
                         tuple(policies.items()))
        self.edited.emit({"criteria": new})

    def _add_criterion(self) -> None:
        name, ok = QInputDialog.getText(self, "Add a criterion",
                                        "Criterion the committee scores (e.g. Supply "
                                        "reliability):")
        if ok and name.strip():
            key = "hand:" + name.strip().lower()
            self._edit(manual=(key, name.strip()))

    def _hand_score(self, item: QTableWidgetItem) -> None:
        key, pid = item.data(Qt.ItemDataRole.UserRole)
        text = item.text().strip().replace(",", ".")
        try:
            value = None if not text else float(text)
        except ValueError:
            value = -1.0
        if value is not None and not 0 <= value <= 1:
            self.robust.setText(f"<b>'{item.text()}' is not a score: type a number from 0 "
                                "to 1, or leave it empty.</b>")
            return
        self._edit(score=(key, pid, value))

    def _recorded(self, entry) -> None:
        assert self.view is not None
        history = (self.view.decisions or History()).append(entry)
        self.edited.emit({"decisions": history})
