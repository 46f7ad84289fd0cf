"""The Budget tab: it edits the view's budget inputs and shows what they give."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QTableWidgetItem

from denocompare.core.view import TABS, View
from denocompare.ui.panels.budget import BudgetPanel
from tests.core.test_budget import worked
from tests.io.test_budget_inputs import EXAMPLE

VIEW = View("prolia", ("kefdensis",), tab="budget")


@pytest.fixture
def panel(qtbot, bundled):
    """A panel wired to a view as the window wires it: each edit makes the next view."""
    p = BudgetPanel()
    qtbot.addWidget(p)
    p.set_dataset(bundled)
    p.views = [VIEW]
    p.edited.connect(lambda changes: (p.views.append(p.views[-1].replace(**changes)),
                                      p.update_view(p.views[-1])))
    p.update_view(VIEW)
    return p


def type_cell(table, row, col, text):
    table.setItem(row, col, QTableWidgetItem(text))


def test_doses_per_year_start_from_the_dataset_with_their_source(panel):
    assert panel.doses.value() == 2
    assert panel.doses_source.text() == "from dataset: interval 6 months, S3;S4"
    panel.doses.setValue(3)
    assert panel.doses_source.text() == "entered by user"
    panel.from_dataset.click()
    assert panel.doses.value() == 2 and panel.views[-1].budget.doses_source.endswith("S3;S4")


def test_typing_the_worked_example_recomputes_on_each_edit(panel):
    panel.existing.setValue(100)
    type_cell(panel.prices, 0, 0, "300")
    type_cell(panel.prices, 1, 0, "200")
    type_cell(panel.uptake, 1, 0, "50")
    assert panel.result.totals["status_quo"] == 60_000
    assert panel.result.totals["difference"] == -10_000
    panel.switching.setValue(20)
    assert panel.result.totals["difference"] == -9_000
    assert panel.views[-1].budget.switching_cost == 20  # the view holds the inputs
    assert "51,000.00" in panel.results.toPlainText()
    assert panel.problems.text() == ""


def test_a_bad_cell_is_named_and_nothing_is_computed(panel):
    panel.existing.setValue(100)
    type_cell(panel.prices, 0, 0, "300")
    type_cell(panel.prices, 1, 0, "200")
    assert panel.result is not None
    type_cell(panel.prices, 1, 0, "cheap")
    assert panel.result is None
    assert "'cheap' is not a number" in panel.problems.text()
    type_cell(panel.prices, 1, 0, "-5")
    assert panel.result is None and "must not be negative" in panel.problems.text()


def test_a_share_over_100_is_refused_in_the_tab(panel):
    panel.existing.setValue(100)
    type_cell(panel.prices, 0, 0, "300")
    type_cell(panel.prices, 1, 0, "200")
    type_cell(panel.uptake, 1, 0, "100.01")
    assert panel.result is None and "0 to 100" in panel.problems.text()
    type_cell(panel.uptake, 1, 0, "100")
    assert panel.result is not None


def test_a_longer_horizon_adds_years_and_a_preset_fills_the_uptake(panel):
    panel.existing.setValue(100)
    type_cell(panel.prices, 0, 0, "300")
    type_cell(panel.prices, 1, 0, "200")
    panel.horizon.setValue(3)
    assert panel.uptake.columnCount() == 3 and len(panel.result.years) == 3
    panel.preset.setCurrentIndex(panel.preset.findData("fast"))
    assert not panel.uptake.isEnabled()
    assert panel.result.years["patients_switched"].sum() == pytest.approx(100)


def test_a_budget_in_the_view_is_mirrored_in_the_controls(panel):
    panel.update_view(VIEW.replace(budget=worked(20, illustrative=True)))
    assert panel.existing.value() == 100 and panel.switching.value() == 20
    assert panel.prices.item(1, 0).text() == "200"
    assert panel.result.totals["difference"] == -9_000
    assert "illustrative prices" in panel.results.toPlainText()


def test_reading_the_example_sheet_and_a_product_outside_the_comparison(panel):
    panel.read(str(EXAMPLE))  # it prices obodence, not in this comparison
    assert panel.result is None and "'obodence' is not in the comparison" in \
        panel.problems.text()
    wide = View("prolia", ("kefdensis", "obodence"), tab="budget")
    panel.views.append(wide)
    panel.update_view(wide)
    panel.read(str(EXAMPLE))
    assert panel.views[-1].budget.illustrative and panel.result is not None


def test_the_window_has_a_budget_tab(window):
    assert "budget" in TABS
    assert isinstance(window.panels[TABS.index("budget")], BudgetPanel)
    window.tabs.setCurrentIndex(TABS.index("budget"))
    assert window.model.view.tab == "budget"


def test_one_price_type_box_per_product_shown_after_the_products_change(panel):
    from PySide6.QtWidgets import QComboBox

    for comparators in (("kefdensis", "obodence"), ("kefdensis",), ("obodence",)):
        panel.update_view(VIEW.replace(comparators=comparators))
        shown = [c for c in panel.prices.findChildren(QComboBox) if not c.isHidden()]
        assert len(shown) == panel.prices.rowCount() == 1 + len(comparators)


def test_doses_the_dataset_gives_in_words_only_are_not_said_entered(qtbot):
    from denocompare.io.validate import load_dataset
    from denocompare.resources import bundled_data_dir

    ds = load_dataset(bundled_data_dir("ustekinumab"))
    p = BudgetPanel()
    qtbot.addWidget(p)
    p.set_dataset(ds)
    p.update_view(View("stelara", (), tab="budget"))
    said = p.doses_source.text()
    assert said.startswith("enter it") and "[U1b]" in said, said  # where the words are
    assert "entered by user" not in said


def test_every_budget_input_has_a_tooltip(panel):
    from PySide6.QtWidgets import QAbstractButton, QAbstractSpinBox, QComboBox, QLineEdit

    fields = [w for kind in (QAbstractSpinBox, QLineEdit, QComboBox, QAbstractButton)
              for w in panel.findChildren(kind)
              if w.accessibleName() != "Select all cells"
              and not w.objectName().startswith("Scroll")  # the chart tabs' arrows
              and not isinstance(w.parent(), QAbstractSpinBox)]  # a spin box's own editor
    assert len(fields) >= 12 and [w for w in fields if not w.toolTip()] == []
    for table in (panel.prices, panel.uptake):
        cells = [table.item(r, c) for r in range(table.rowCount())
                 for c in range(table.columnCount()) if table.item(r, c) is not None]
        assert cells and all(c.toolTip() for c in cells)
    heads = [panel.prices.horizontalHeaderItem(c) for c in range(panel.prices.columnCount())]
    assert all(h.toolTip() for h in heads)


def test_the_window_says_where_the_inputs_are(qtbot, panel):
    from denocompare.ui.panels.budget import IN_WINDOW

    panel.resize(1300, 700)
    panel.show()
    qtbot.waitUntil(lambda: bool(panel.canvases), timeout=5000)
    texts = [t.get_text() for fig in (c.figure for c in panel.canvases.values())
             for t in fig.axes[0].texts]
    assert IN_WINDOW in texts and not any("--inputs" in t for t in texts)
    assert "Read inputs sheet…" in IN_WINDOW and panel.read_button.text() in IN_WINDOW


def test_the_prices_fit_their_columns(panel):
    panel.resize(1360, 680)
    panel.show()
    head = panel.prices.horizontalHeader()
    fm = head.fontMetrics()
    for c in range(panel.prices.columnCount()):
        title = panel.prices.horizontalHeaderItem(c).text()
        assert head.sectionSize(c) >= fm.horizontalAdvance(title), title


def test_from_dataset_without_an_interval_says_enter_it_and_keeps_the_results(qtbot, bundled):
    """A reference whose interval the dataset does not give as a number: the button says
    where the number must come from and leaves what was computed (it did show "Not
    computed" and blanked the results)."""
    p = BudgetPanel()
    qtbot.addWidget(p)
    p.set_dataset(bundled)
    view = View("jubbonti", ("kefdensis",), tab="budget")
    p.views = [view]
    p.edited.connect(lambda changes: (p.views.append(p.views[-1].replace(**changes)),
                                      p.update_view(p.views[-1])))
    p.update_view(view)
    p.existing.setValue(100)
    p.doses.setValue(2)
    type_cell(p.prices, 0, 0, "300")
    type_cell(p.prices, 1, 0, "200")
    type_cell(p.uptake, 1, 0, "50")
    before = p.result.totals["difference"]
    p.from_dataset.click()
    assert p.result is not None and p.result.totals["difference"] == before
    assert p.problems.text() == ""
    assert "enter it" in p.doses_source.text() and p.doses.value() == 2


def test_at_1280_px_the_inputs_fit_beside_the_chart_without_scrolling_sideways(qtbot,
                                                                               window):
    """The default window on a 1920 x 1080 screen: every field visible, none behind
    the scroll bar (the uptake preset's long titles in the form made it 55 px too wide)."""
    from PySide6.QtWidgets import QScrollArea

    window.resize(1280, 820)
    window.tabs.setCurrentIndex(TABS.index("budget"))
    panel = window.panels[TABS.index("budget")]
    qtbot.waitUntil(lambda: bool(panel.canvases), timeout=5000)
    area = next(a for a in panel.findChildren(QScrollArea)
                if a.accessibleName() == "Budget inputs")
    # Once made, the chart takes its minimum width from the splitter, at the next layout.
    split = area.parentWidget()
    chart = max(c.minimumWidth() for c in panel.canvases.values())  # 480
    qtbot.waitUntil(lambda: split.sizes()[1] >= chart, timeout=5000)
    assert area.widget().minimumSizeHint().width() <= area.viewport().width()
    assert window.width() == 1280  # and the tab did not widen the window instead
