"""Every bad-input case opened in the window: a problem list, never a crash, and the
dataset shown before stays (issue: reliability)."""

from __future__ import annotations

import shutil

import pytest

from tests.bad_inputs.cases import CASES, DATA

ERRORS = [c for c in CASES if c.severity == "error"]


@pytest.mark.parametrize("case", ERRORS, ids=[c.id for c in ERRORS])
def test_case_in_the_window(case, window, qtbot, tmp_path, problems):
    before = window.dataset
    copy = tmp_path / "dataset"
    shutil.copytree(DATA, copy)
    path = case.build(copy)
    n_before = len(problems)
    window.open_path(str(path))
    qtbot.waitUntil(lambda: not window.is_loading(), timeout=30000)
    assert window.dataset is before  # nothing lost
    assert len(problems) == n_before + 1
    source, report, n_errors, kept = problems[-1]
    assert n_errors >= 1 and "Traceback" not in report
    assert case.message.split("…")[0][:40] in report
    assert "still open" in kept


def test_the_problems_dialog_counts_warnings_apart(qtbot):
    from PySide6.QtWidgets import QLabel

    from denocompare.ui.dialogs import problems_dialog

    dlg = problems_dialog(None, "a.xlsx", "report", 2, "No dataset is open.", 2)
    qtbot.addWidget(dlg)
    label = dlg.findChildren(QLabel)[0].text()
    assert "could not be opened: 2 problems and 2 warnings." in label
