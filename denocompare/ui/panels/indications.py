"""Indications tab: canonical indications x products, EU and US apart."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QLabel, QRadioButton

from denocompare.core import compare as C
from denocompare.core import indications as I
from denocompare.core.dataset import Dataset
from denocompare.core.view import TAB_TITLES, View
from denocompare.ui.panels.base import TablePanel

REGION_CHOICES = (("EU", ("EU",)), ("US", ("US",)), ("EU and US", ("EU", "US")))


class IndicationsPanel(TablePanel):
    title = TAB_TITLES["indications"]

    def __init__(self, parent=None):
        super().__init__([(C.AUTHORISED, "authorised"),
                          (C.CHMP_OPINION, "CHMP positive opinion (no EC decision found)"),
                          (C.FROM_STATEMENT, "'all indications' statement"),
                          (C.NOT_AUTHORISED, "not authorised"),
                          (C.CARVE_OUT, "carve-out: reference has it, product does not"),
                          (C.MISSING, "not reported in source"),
                          (C.NO_LICENCE, "no licence"),
                          (C.SUSPENDED, "suspended")], parent)
        row = QHBoxLayout()
        row.addWidget(QLabel("Region:", self))
        self.regions = QButtonGroup(self)
        for i, (label, _codes) in enumerate(REGION_CHOICES):
            button = QRadioButton(label, self)
            button.setToolTip(f"Show the indications authorised in {label}")
            self.regions.addButton(button, i)
            row.addWidget(button)
        self.regions.button(2).setChecked(True)
        self.regions.idClicked.connect(
            lambda i: self.edited.emit({"regions": REGION_CHOICES[i][1]}))
        row.addStretch(1)
        self.layout_.insertLayout(0, row)
        #: Per product and region: what the matrix shows, counted.
        self.counts = QLabel(self)
        self.counts.setWordWrap(True)
        self.counts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.layout_.insertWidget(1, self.counts)

    def region_codes(self) -> tuple[str, ...]:
        return REGION_CHOICES[max(0, self.regions.checkedId())][1]

    def set_regions(self, label: str) -> None:
        """Ask for the indications of one choice of ``REGION_CHOICES`` ('EU', ...)."""
        self.edited.emit({"regions": dict(REGION_CHOICES)[label]})

    def mirror(self, view: View) -> None:
        super().mirror(view)
        index = next(i for i, (_l, codes) in enumerate(REGION_CHOICES)
                     if codes == view.regions)
        self.regions.blockSignals(True)
        self.regions.button(index).setChecked(True)
        self.regions.blockSignals(False)

    def shown_of(self, view: View) -> tuple:
        return (tuple(view.products), view.regions)

    def cells(self, ds: Dataset, view: View) -> C.CellTable:
        cells = C.indication_matrix(ds, view)
        self.counts.setText("Counts: " + "; ".join(c.text() for c in I.counts(cells.states)))
        return cells
