"""The UI tests' guard (tests/ui/conftest.py): a modal dialog no test expected fails at
once, naming itself, instead of hanging the run until a click that never comes."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox


def test_a_message_box_fails_naming_its_text(qtbot):
    with pytest.raises(AssertionError, match="message warning.*Not printed"):
        QMessageBox.warning(None, "Not printed", "disk full")


def test_a_dialog_fails_naming_its_title(qtbot):
    dialog = QDialog()
    qtbot.addWidget(dialog)
    dialog.setWindowTitle("About DenoCompare")
    with pytest.raises(AssertionError, match="About DenoCompare"):
        dialog.exec()


def test_a_message_box_made_by_hand_fails_too(qtbot):
    box = QMessageBox(QMessageBox.Icon.Question, "Keep mine?", "both changed")
    qtbot.addWidget(box)
    with pytest.raises(AssertionError, match="Keep mine"):
        box.exec()


def test_a_file_dialog_fails(qtbot):
    with pytest.raises(AssertionError, match="getSaveFileName"):
        QFileDialog.getSaveFileName(None, "Export", "", "PNG (*.png)")
