"""The decision record form of the Decision tab: one new entry, and the history.

The form only collects text; ``core.decision.new_entry`` checks it (every problem at
once) and the tab appends the entry to the view's history, which is saved with the
comparison. Earlier entries are shown, never edited.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from denocompare.core import decision as D


def _members(text: str) -> tuple[D.Member, ...]:
    """One member a line: 'Name — declaration' (or 'Name: declaration', or the name)."""
    out = []
    for line in text.splitlines():
        if not line.strip():
            continue
        for sep in (" — ", " - ", ":"):
            if sep in line:
                name, said = line.split(sep, 1)
                out.append(D.Member(name.strip(), said.strip()))
                break
        else:
            out.append(D.Member(line.strip()))
    return tuple(out)


class DecisionForm(QWidget):
    """Emits ``recorded(Entry)`` when a checked entry is made."""

    recorded = Signal(object)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.products: list[tuple[str, str]] = []  # (id, name) of the comparators
        self.question = QLineEdit(self)
        self.question.setPlaceholderText("The question the committee answers")
        self.decision = QComboBox(self)
        self.decision.addItems(D.DECISIONS)
        self.preferred = QListWidget(self)
        self.preferred.setMaximumHeight(90)
        self.conditions = QLineEdit(self)
        self.effective = QDateEdit(self, calendarPopup=True, displayFormat="yyyy-MM-dd")
        self.effective.setDate(QDate.currentDate())
        self.rereview = QDateEdit(self, calendarPopup=True, displayFormat="yyyy-MM-dd")
        self.effective.dateChanged.connect(self._default_rereview)
        self._default_rereview(self.effective.date())
        self.members = QPlainTextEdit(self)
        self.members.setPlaceholderText("One member a line: name — conflict-of-interest "
                                        "declaration (e.g. 'A. Chair — none declared')")
        self.members.setMaximumHeight(80)
        self.notes = QPlainTextEdit(self)
        self.notes.setMaximumHeight(70)
        self.record = QPushButton("&Record decision", self)
        self.record.setToolTip("Add this decision to the record (earlier entries are kept "
                               "as they are); save the comparison to keep it")
        self.record.clicked.connect(self._record)
        self.history = QPlainTextEdit(self, readOnly=True)
        self.history.setPlainText(D.record_text(D.History()))
        form = QFormLayout()
        for label, widget in (("&Question", self.question), ("D&ecision", self.decision),
                              ("&Preferred product(s)", self.preferred),
                              ("Con&ditions", self.conditions),
                              ("E&ffective date", self.effective),
                              ("Re-re&view by", self.rereview),
                              ("&Members present", self.members), ("&Notes", self.notes)):
            form.addRow(label, widget)
            widget.setAccessibleName(label.replace("&", ""))
        self.history.setAccessibleName("Decision record (newest first)")
        top = QWidget(self)
        box = QVBoxLayout(top)
        box.addLayout(form)
        box.addWidget(self.record)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(top)
        split.addWidget(self.history)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)

    def _default_rereview(self, day: QDate) -> None:
        self.rereview.setDate(day.addMonths(D.REVIEW_MONTHS))

    def set_products(self, products: list[tuple[str, str]]) -> None:
        if products == self.products:
            return
        self.products = products
        if products:  # an example from the data, whatever the molecule
            self.question.setPlaceholderText(f"e.g. Add {products[0][1]} to the formulary?")
        self.preferred.clear()
        for pid, name in products:
            item = QListWidgetItem(name, self.preferred)
            item.setData(Qt.ItemDataRole.UserRole, pid)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)

    def show_history(self, history: D.History | None) -> None:
        self.history.setPlainText(D.record_text(history or D.History()))

    def entry(self, now: dt.datetime | None = None) -> D.Entry:
        """The entry the form holds; ``DecisionError`` listing what is wrong."""
        chosen = tuple(self.preferred.item(i).data(Qt.ItemDataRole.UserRole)
                       for i in range(self.preferred.count())
                       if self.preferred.item(i).checkState() == Qt.CheckState.Checked)
        return D.new_entry(self.question.text(), self.decision.currentText(),
                           self.effective.date().toString("yyyy-MM-dd"), now=now,
                           products=tuple(p for p, _n in self.products), preferred=chosen,
                           conditions=self.conditions.text().strip(),
                           rereview=self.rereview.date().toString("yyyy-MM-dd"),
                           members=_members(self.members.toPlainText()),
                           notes=self.notes.toPlainText().strip())

    def _record(self) -> None:
        try:
            entry = self.entry()
        except D.DecisionError as err:
            QMessageBox.warning(self, "Decision not recorded",
                                "Please correct:\n\n" + "\n".join(f"• {p}" for p in
                                                                   err.problems))
            return
        self.recorded.emit(entry)
