"""The Decision tab edits the committee's inputs and shows what core.criteria computes;
a decision recorded there travels with the comparison, and two windows on one file keep
each other's entries (issue 16)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from denocompare.core import criteria as K
from denocompare.core.view import View
from denocompare.io.comparison_file import read_comparison
from denocompare.ui.main_window import MainWindow


def _panel(window, qtbot):
    from denocompare.ui.panels.decision import DecisionPanel

    window.model.set_view(View("prolia", ("kefdensis", "jubbonti", "obodence")))
    panel = next(p for p in window.panels if isinstance(p, DecisionPanel))
    window.tabs.setCurrentWidget(panel)
    qtbot.waitUntil(lambda: panel.ranking.rowCount() == 3, timeout=5000)
    return panel


def _bars(panel):
    """The chart's axes of criterion bars (the figure has a title axes too), or None."""
    return next((ax for ax in panel.chart.figure.axes
                 if any(str(p.get_gid()).startswith("criterion-") for p in ax.patches)), None)


def _ranked(panel):
    return [panel.ranking.item(r, 0).text() for r in range(panel.ranking.rowCount())]


def test_a_weight_changed_in_the_tab_changes_the_view_and_the_ranking(window, qtbot):
    panel = _panel(window, qtbot)
    row = [c.key for c in K.AUTOMATIC].index("interchangeability")
    panel.criteria.cellWidget(row, 1).setValue(100)
    assert dict(window.model.view.criteria.weights)["interchangeability"] == 100
    # Jubbonti is the one US-interchangeable product of the three (S33;A3).
    assert _ranked(panel)[0] == "Jubbonti"
    assert panel.robust.text().startswith("The first place changes if")


def test_a_gap_left_out_is_said_on_its_row(window, qtbot):
    panel = _panel(window, qtbot)
    row = [c.key for c in K.AUTOMATIC].index("latex")
    panel.criteria.cellWidget(row, 2).setCurrentIndex(1)  # left out
    assert dict(window.model.view.criteria.policies)["latex"] == K.LEAVE_OUT
    gaps = [panel.ranking.item(r, 2).text() for r in range(3)]
    assert all("left out: Latex (vs reference)" in g for g in gaps)


def test_a_score_by_hand_outside_0_to_1_is_refused_with_a_message(window, qtbot,
                                                                    monkeypatch):
    from PySide6.QtWidgets import QInputDialog

    panel = _panel(window, qtbot)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Supply", True))
    panel.add.click()
    assert ("hand:supply", "Supply") in window.model.view.criteria.manual
    row = panel.scores.rowCount() - 1
    panel.scores.item(row, 0).setText("1.5")
    assert "is not a score" in panel.robust.text()
    assert window.model.view.criteria.manual_scores == ()
    panel.scores.item(row, 0).setText("0,8")
    assert window.model.view.criteria.manual_scores == (("hand:supply", "kefdensis", 0.8),)


def test_a_decision_is_recorded_only_when_complete(window, qtbot, monkeypatch):
    panel = _panel(window, qtbot)
    said = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, title, text: said.append(text))
    panel.form.record.click()
    assert window.model.view.decisions is None
    assert "question: say what the committee was asked" in said[0]
    panel.form.question.setText("Add a denosumab biosimilar?")
    panel.form.decision.setCurrentText("add with restrictions")
    item = panel.form.preferred.item(1)
    item.setCheckState(Qt.CheckState.Checked)
    panel.form.members.setPlainText("A. Chair — none declared\nB. Pharmacist: Amgen grant")
    panel.form.record.click()
    entry = window.model.view.decisions.latest
    assert entry.decision == "add with restrictions" and entry.preferred == ("jubbonti",)
    assert [(m.name, m.conflicts) for m in entry.members] == \
        [("A. Chair", "none declared"), ("B. Pharmacist", "Amgen grant")]
    assert "ADD WITH RESTRICTIONS" in panel.form.history.toPlainText()


def test_two_windows_on_one_file_keep_each_others_entries(window, qtbot, settings, problems,
                                                          messages, tmp_path):
    from denocompare.resources import bundled_data_dir

    path = tmp_path / "shared.denocompare.json"
    panel = _panel(window, qtbot)
    window.comparisons.save(str(path))
    other = MainWindow(settings)
    qtbot.addWidget(other)
    other.show()
    other.open_path(str(bundled_data_dir()))
    qtbot.waitUntil(lambda: other.dataset is not None, timeout=15000)
    assert other.comparisons.open(str(path))
    qtbot.waitUntil(lambda: other.model.view.comparators == window.model.view.comparators,
                    timeout=5000)
    for win, question in ((window, "first member's"), (other, "second member's")):
        from denocompare.ui.panels.decision import DecisionPanel

        form = next(p for p in win.panels if isinstance(p, DecisionPanel)).form
        form.question.setText(question)
        form.record.click()
    assert other.comparisons.save(str(path))
    assert window.comparisons.save(str(path))  # the file changed since: merged
    questions = [e.question for e in read_comparison(path).decisions.entries]
    assert sorted(questions) == ["first member's", "second member's"]
    assert [e.question for e in window.model.view.decisions.entries] == questions
    assert any("decision entry recorded by someone else" in m for _k, _t, m in messages)
    assert panel.form.history.toPlainText().count("Question:") == 2


def test_the_question_example_names_a_product_of_the_comparison(window, qtbot):
    panel = _panel(window, qtbot)
    assert panel.form.question.placeholderText() == "e.g. Add Kefdensis to the formulary?"
    window.model.set_view(View("prolia", ("obodence",), tab="decision"))
    qtbot.waitUntil(lambda: panel.form.question.placeholderText() ==
                    "e.g. Add Obodence to the formulary?", timeout=5000)


def test_the_criteria_chart_follows_the_weights_once_edits_pause_and_exports(
        window, qtbot, monkeypatch, tmp_path):
    from PySide6.QtWidgets import QTabWidget

    from denocompare.plotting import CRITERIA_CHART

    panel = _panel(window, qtbot)
    inner = panel.findChildren(QTabWidget)[0]
    inner.setCurrentWidget(panel.chart)
    qtbot.waitUntil(lambda: panel.chart.figure is not None and bool(_bars(panel)),
                    timeout=5000)
    # What is debounced is handing the view to the chart: three quick edits, once.
    handed = []
    original = panel.chart.set_content
    monkeypatch.setattr(panel.chart, "set_content",
                        lambda ds, view: (handed.append(view), original(ds, view)))
    row = [c.key for c in K.AUTOMATIC].index("interchangeability")
    for weight in (30, 60, 100):  # typed in one go: one drawing, after the pause
        panel.criteria.cellWidget(row, 1).setValue(weight)
    assert handed == []
    qtbot.waitUntil(lambda: len(handed) == 1, timeout=5000)
    qtbot.wait(300)
    assert len(handed) == 1 and dict(handed[0].criteria.weights)["interchangeability"] == 100
    qtbot.waitUntil(lambda: panel.chart._drawn == CRITERIA_CHART.drawn_from(handed[0])
                    and not panel.chart.is_drawing(), timeout=5000)
    ax = _bars(panel)
    # Best at the top: the last row label is the first in the ranking, as the table says.
    rows = [t.get_text() for t in ax.texts if (t.get_gid() or "").startswith("row")]
    assert rows[-1].split("\n")[0] == _ranked(panel)[0] == "Jubbonti"
    assert any(p.get_gid() == "criterion-interchangeability" for p in ax.patches)
    written = panel.chart.export(str(tmp_path / "criteria.png"))
    assert written is not None and written.stat().st_size > 10_000
    assert panel.chart.default_name("svg") == "weighted-criteria.svg"
    assert not panel.chart.copy().isNull()


def test_each_weight_and_gap_control_is_named_by_its_criterion_for_a_screen_reader(
        window, qtbot):
    # A screen reader reads "Weight of US regulatory status", never the internal key.
    panel = _panel(window, qtbot)
    for row in range(panel.criteria.rowCount()):
        label = panel.criteria.item(row, 0).text()
        weight, gap = panel.criteria.cellWidget(row, 1), panel.criteria.cellWidget(row, 2)
        assert weight.accessibleName() == f"Weight of {label}"
        assert gap.accessibleName() == f"How a gap in {label} is scored"
        assert label in weight.toolTip() and gap.toolTip()
    assert panel.add.toolTip()
