"""Budget tab: the committee's budget inputs, and what they give, recomputed on each edit.

The tab only edits inputs and shows results: every edit becomes a ``BudgetInputs`` in
the window's ``View`` (so it is saved with the comparison and the report reads it);
``core.budget.compute`` does the arithmetic, ``plotting.budget`` draws the charts, the
report's table HTML shows the tables. Inputs that break a rule are listed here, and
nothing is computed from them.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from denocompare.core.budget import (
    MAX_HORIZON,
    USER_ENTERED,
    BudgetInputs,
    BudgetResult,
    compute,
)
from denocompare.core.budget_checks import check
from denocompare.core.budget_presets import PRESET_TITLES
from denocompare.core.budget_tables import (
    ILLUSTRATIVE,
    doses_from_dataset,
    doses_unknown,
    result_tables,
)
from denocompare.core.dataset import Dataset
from denocompare.core.errors import DataError
from denocompare.core.view import TAB_TITLES, View
from denocompare.ui.accessible import name_corner_buttons, name_form_fields
from denocompare.ui.panels.budget_grid import (
    fill_prices,
    fill_uptake,
    price_table,
    read_prices,
    read_uptake,
    uptake_table,
)
from denocompare.ui.panels.budget_tips import FORM_TIPS
from denocompare.ui.plot_canvas import follow_palette

#: The empty state of the charts in the window, where the inputs are beside them
#: (``plotting.budget`` says where they are for an exported chart).
IN_WINDOW = ("Enter prices, patients and uptake here, or read an inputs sheet (Read "
             "inputs sheet…)")


#: The smallest a budget chart is drawn: below it, constrained layout collapses the axes.
CHART_MIN = (480, 320)


def _spin(maximum: float, decimals: int = 0, minimum: float = 0.0) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setRange(minimum, maximum)
    box.setDecimals(decimals)
    box.setGroupSeparatorShown(True)
    return box


class BudgetPanel(QWidget):
    title = TAB_TITLES["budget"]
    edited = Signal(dict)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.ds: Dataset | None = None
        self.view: View | None = None
        self.result: BudgetResult | None = None
        self._products: list[str] = []
        self._mirroring = False
        self._build_form()
        self.problems = QLabel(self)
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet("color: #B00020")
        self.results = QTextBrowser(self)
        self.results.setAccessibleName("Budget impact results")
        self.charts = QTabWidget(self)
        # Room for the chart from the start: its canvas is made when the tab is first
        # drawn, and the splitters, sized before that, kept it folded to a tab bar.
        self.charts.setMinimumSize(CHART_MIN[0], CHART_MIN[1] + 40)
        self.canvases: dict[str, object] = {}
        self._chart_keys: list[str] = []  # the chart tabs, made when first needed
        self._chart_stale = False
        # The tables follow every keystroke; the chart (about 0.1 s to build) once the
        # typing pauses, so that typing a price never waits for matplotlib.
        self._chart_timer = QTimer(self, singleShot=True, interval=150)
        self._chart_timer.timeout.connect(self._draw_chart)
        right = QSplitter(Qt.Orientation.Vertical, self)
        right.addWidget(self.results)
        right.addWidget(self.charts)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        # The inputs scroll when the window is narrower than their fields (about 840 px
        # with a dataset's dosing source): else, made after the data, this tab would
        # widen the whole window the first time it is shown.
        inputs = QScrollArea(self)
        inputs.setWidgetResizable(True)
        inputs.setFrameShape(QFrame.Shape.NoFrame)
        inputs.setAccessibleName("Budget inputs")
        inputs.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # its fields take the focus
        inputs.setWidget(self._left())
        split.addWidget(inputs)
        split.addWidget(right)
        # At 1280 px the fields and the prices' six columns fit beside the results.
        split.setSizes([875, 405])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(split)

    def _left(self) -> QWidget:
        """The form above the two grids; the grids share what height is left, in a
        splitter the user can move (the prices first: a row per product)."""
        form = QWidget(self)
        form.setLayout(self.form)
        grids = QSplitter(Qt.Orientation.Vertical, self)
        # The uptake preset fills the uptake grid, so it sits on that grid's title row:
        # in the form, its longest title (46 characters) widened the fields past the room
        # a 1280 px window leaves beside the chart, and they scrolled sideways.
        for title, table, extra in (
                ("<b>Prices</b> (a biosimilar with no price is left out)", self.prices, None),
                ("<b>Uptake</b>, % by year", self.uptake, self.preset)):
            box = QWidget(grids)
            column = QVBoxLayout(box)
            column.setContentsMargins(0, 0, 0, 0)
            heading = QHBoxLayout()
            heading.addWidget(QLabel(title, box))
            if extra is not None:
                heading.addStretch(1)
                preset = QLabel("Preset:", box)
                preset.setBuddy(extra)
                heading.addWidget(preset)
                heading.addWidget(extra)
            column.addLayout(heading)
            column.addWidget(table, 1)
            grids.addWidget(box)
        grids.setStretchFactor(0, 3)
        grids.setStretchFactor(1, 2)
        left = QWidget(self)
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(form)
        source = QHBoxLayout()  # full width: a source in words needs the room
        source.addWidget(QLabel("Doses per year:", left))
        source.addWidget(self.doses_source, 1)
        column.addLayout(source)
        column.addWidget(grids, 1)
        column.addWidget(self.problems)
        return left

    # --- the inputs ----------------------------------------------------------------------
    def _build_form(self) -> None:
        self.preset = QComboBox(self)
        for key, text in PRESET_TITLES.items():
            self.preset.addItem(text, key)
        self.existing, self.new = _spin(1e7), _spin(1e7)
        self.doses = _spin(366, 2, 0.01)
        self.doses_source = QLabel("", self)
        self.doses_source.setWordWrap(True)
        self.from_dataset = QPushButton("From dataset", self)
        self.from_dataset.setToolTip("Doses per year from the reference's dosing interval")
        self.from_dataset.clicked.connect(self._doses_from_dataset)
        self.horizon = QSpinBox(self)
        self.horizon.setRange(1, MAX_HORIZON)
        self.switching = _spin(1e7, 2)
        self.sensitivity = _spin(100, 0, 1)
        self.sensitivity.setValue(20)
        self.currency = QLineEdit("EUR", self)
        self.illustrative = QCheckBox(f"These are {ILLUSTRATIVE}", self)
        self.read_button = QPushButton("Read inputs sheet…", self)
        self.read_button.clicked.connect(self.read_dialog)
        self._lay_out_form()
        self.prices, self.uptake = price_table(self), uptake_table(self)
        self.preset.setAccessibleName("Uptake preset")
        name_corner_buttons(self)
        self._connect_form()

    def _lay_out_form(self) -> None:
        """Two columns of fields: in one, the form took half the height of a 768 px
        screen, and the prices table showed three rows."""
        doses = QHBoxLayout()
        doses.addWidget(self.doses)
        doses.addWidget(self.from_dataset)
        self.form = QHBoxLayout()
        columns = ((("Patients on the reference", self.existing),
                    ("New patients per year", self.new),
                    ("Doses per patient per year", doses),
                    ("Horizon (years)", self.horizon)),
                   (("Cost per switch (one-off)", self.switching),
                    ("Sensitivity ± %", self.sensitivity),
                    ("Currency", self.currency),
                    ("", self.illustrative), ("", self.read_button)))
        for rows in columns:
            form = QFormLayout()
            for label, widget in rows:
                form.addRow(label, widget)
            name_form_fields(form)
            self.form.addLayout(form, 1)
        for attr, tip in FORM_TIPS.items():
            getattr(self, attr).setToolTip(tip)

    def _connect_form(self) -> None:
        for box in (self.existing, self.new, self.doses, self.switching, self.sensitivity):
            box.valueChanged.connect(self._changed)
        self.doses.valueChanged.connect(self._doses_typed)
        self.horizon.valueChanged.connect(self._horizon_changed)
        self.preset.currentIndexChanged.connect(self._changed)
        self.currency.textEdited.connect(self._changed)
        self.illustrative.toggled.connect(self._changed)
        self.prices.itemChanged.connect(self._changed)
        self.uptake.itemChanged.connect(self._changed)

    def set_dataset(self, ds: Dataset) -> None:
        self.ds = ds
        self._products = []

    def update_view(self, view: View) -> None:
        if self.ds is None:
            return
        old, self.view = self.view, view
        if view.products != self._products or old is None or view.budget != self._typed():
            self._mirror(view)
        self._show(view.budget)

    def _typed(self) -> BudgetInputs | None:
        """What the controls hold, or None when a cell is not a number."""
        inputs, problems = self.inputs()
        return None if problems else inputs

    def _mirror(self, view: View) -> None:
        """Set every control to ``view``'s budget (or the defaults) without an echo."""
        self._mirroring = True
        try:
            self._products = list(view.products)
            b = view.budget or self._defaults(view)
            self.existing.setValue(b.existing_patients)
            self.new.setValue(b.new_patients_per_year)
            self.doses.setValue(b.doses_per_year)
            self.doses_source.setText(b.doses_source)
            self.horizon.setValue(b.horizon)
            self.switching.setValue(b.switching_cost)
            self.sensitivity.setValue(b.sensitivity_pct)
            self.currency.setText(b.currency or self.currency.text())
            self.illustrative.setChecked(b.illustrative)
            self.preset.setCurrentIndex(max(0, self.preset.findData(b.preset)))
            self._fill_prices(b)
            self._fill_uptake(b)
        finally:
            self._mirroring = False

    def _defaults(self, view: View) -> BudgetInputs:
        found = doses_from_dataset(self.ds, view.reference, view.regions) if self.ds else None
        unknown = doses_unknown(self.ds, view.reference, self._name) if self.ds else ""
        doses, source = found or (1.0, unknown)
        return BudgetInputs(view.reference, doses_per_year=doses, doses_source=source)

    def _fill_prices(self, b: BudgetInputs) -> None:
        fill_prices(self.prices, self._products, b, self._name, self._changed)

    def _fill_uptake(self, b: BudgetInputs) -> None:
        custom = self.preset.currentData() == "custom"
        fill_uptake(self.uptake, self._products[1:], b, self.horizon.value(), self._name,
                    custom)

    def _name(self, pid: str) -> str:
        return self.ds.short_name(pid) if self.ds is not None else pid

    def inputs(self) -> tuple[BudgetInputs, list[str]]:
        """The inputs the controls hold, and what in them is not a number."""
        problems: list[str] = []
        prices = read_prices(self.prices, self._products, self.currency.text().strip(),
                             self._name, problems)
        uptake = read_uptake(self.uptake, self._products[1:], self._name, problems)
        inputs = BudgetInputs(
            self._products[0] if self._products else "", tuple(prices), tuple(uptake),
            self.existing.value(), self.new.value(), self.doses.value(),
            self.doses_source.text(), self.horizon.value(), self.switching.value(),
            self.sensitivity.value(), self.preset.currentData() or "custom",
            self.illustrative.isChecked())
        return inputs, problems

    def _changed(self, *_args) -> None:
        if self._mirroring or self.view is None:
            return
        self.uptake.setEnabled(self.preset.currentData() == "custom")
        inputs, problems = self.inputs()
        if problems:
            self._show_problems(problems)
            return
        self.edited.emit({"budget": inputs})

    def _doses_typed(self, _value: float) -> None:
        if not self._mirroring:
            self.doses_source.setText(USER_ENTERED)

    def _doses_from_dataset(self) -> None:
        if self.view is None or self.ds is None:
            return
        found = doses_from_dataset(self.ds, self.view.reference, self.view.regions)
        if found is None:  # say where the number must come from; the results stay
            self.doses_source.setText(doses_unknown(self.ds, self.view.reference, self._name))
            self.doses.setFocus()
            return
        self._mirroring = True
        self.doses.setValue(found[0])
        self._mirroring = False
        self.doses_source.setText(found[1])
        self._changed()

    def _horizon_changed(self, _years: int) -> None:
        if self._mirroring:
            return
        inputs, _problems = self.inputs()
        self._fill_uptake(inputs)
        self._changed()

    def read_dialog(self) -> None:
        path, _f = QFileDialog.getOpenFileName(self, "Read budget inputs", "",
                                               "Budget inputs (*.csv *.xlsx)")
        if path:
            self.read(path)

    def read(self, path: str) -> None:
        """Read an inputs sheet into the tab; its problems are listed here, all of them."""
        from denocompare.io.budget_inputs import read_budget_inputs

        if self.view is None:
            return
        try:
            inputs = read_budget_inputs(path, self.view.products, self.ds)
        except DataError as err:
            self._show_problems([str(p) for p in err.errors])
            return
        self.edited.emit({"budget": inputs})

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._chart_stale:
            self._chart_timer.start()

    # --- the results ---------------------------------------------------------------------
    def _show_problems(self, problems: list[str]) -> None:
        self.result = None
        self.problems.setText("Not computed — " + "; ".join(problems))
        self.results.setHtml("<p><i>Nothing is computed until every input is usable.</i></p>")
        self._chart_timer.start()

    def _show(self, inputs: BudgetInputs | None) -> None:
        if inputs is None:
            self.result = None
            self.problems.setText("")
            self.results.setHtml("<p>Enter the reference's price and at least one "
                                 "biosimilar's to see the budget impact.</p>")
            self._chart_timer.start()
            return
        problems = check(inputs, self.view.products if self.view else None)
        if problems:
            self._show_problems([f"{k[0].replace('_', ' ')}"
                                 + (f" ({self._name(k[1])})" if k[1] else "")
                                 + (f", year {k[2]}" if k[2] else "") + f": {m}"
                                 for k, m in problems])
            return
        from denocompare.report.budget_section import TITLES, table_html  # see _draw_chart

        self.problems.setText("")
        self.result = compute(inputs)
        self.results.setHtml("".join(f"<h3>{TITLES[stem]}</h3>{table_html(t)}" for stem, t in
                                     result_tables(self.result, self._name).items()))
        self._chart_timer.start()

    def _draw_chart(self) -> None:
        """Only the chart in view is drawn: the other is drawn when it is shown."""
        # Imported here: matplotlib costs start-up time, and the window starts without it.
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
        from matplotlib.figure import Figure

        from denocompare.plotting.budget import BUDGET_CHARTS, NO_INPUTS
        from denocompare.plotting.style import show_message

        self._chart_timer.stop()
        if not self.isVisible():  # drawn when shown (showEvent): a hidden one has no size
            self._chart_stale = True
            return
        self._chart_stale = False
        if not self._chart_keys:
            for chart in BUDGET_CHARTS.values():
                holder = QWidget(self)
                QVBoxLayout(holder).setContentsMargins(0, 0, 0, 0)
                self.charts.addTab(holder, chart.title.removeprefix("Budget impact: "))
                self._chart_keys.append(chart.key)
            self.charts.currentChanged.connect(lambda _i: self._draw_chart())
        index = self.charts.currentIndex()
        chart = BUDGET_CHARTS[self._chart_keys[index]]
        canvas = self.canvases.get(chart.key)
        if canvas is None:
            canvas = FigureCanvasQTAgg(Figure(layout="constrained"))
            canvas.setMinimumSize(*CHART_MIN)  # constrained layout warns below it
            self.charts.widget(index).layout().addWidget(canvas)
            self.canvases[chart.key] = canvas
        fig = canvas.figure
        fig.clear()
        if self.result is None:
            show_message(fig, NO_INPUTS, IN_WINDOW)
        else:
            chart.draw(fig, self.result, self._name, self.ds)
        follow_palette(self, fig)
        canvas.draw_idle()
