"""Indications tab: canonical indications x products, EU and US apart."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QLabel, QRadioButton

from denocompare.core import compare as C
from denocompare.core import indications as I
from denocompare.core.compare import Selection
from denocompare.ui.panels.products import TablePanel

REGION_CHOICES = (("EU", ("EU",)), ("US", ("US",)), ("EU and US", ("EU", "US")))


class IndicationsPanel(TablePanel):
    title = "&Indications"

    def __init__(self, parent=None):
        super().__init__([(C.AUTHORISED, "authorised"),
                          (C.CHMP_OPINION, "CHMP positive opinion (no EC decision found)"),
                          (C.FROM_STATEMENT, "'all indications' statement"),
                          (C.NOT_AUTHORISED, "not authorised"),
                          (C.CARVE_OUT, "carve-out: reference has it, product does not"),
                          (C.MISSING, "not reported in source"),
                          (C.NO_LICENCE, "no licence")], parent)
        self._selection: Selection | None = None
        row = QHBoxLayout()
        row.addWidget(QLabel("Region:", self))
        self.regions = QButtonGroup(self)
        for i, (label, _codes) in enumerate(REGION_CHOICES):
            button = QRadioButton(label, self)
            button.setToolTip(f"Show the indications authorised in {label}")
            self.regions.addButton(button, i)
            row.addWidget(button)
        self.regions.button(2).setChecked(True)
        self.regions.idClicked.connect(lambda _i: self._refresh())
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
        for i, (name, _codes) in enumerate(REGION_CHOICES):
            if name == label:
                self.regions.button(i).setChecked(True)
        self._refresh()

    def update_view(self, selection: Selection) -> None:
        self._selection = selection
        self._refresh()

    def _refresh(self) -> None:
        if self.ds is None or self._selection is None:
            return
        sel = self._selection
        cells = C.indication_matrix(self.ds, sel.reference, list(sel.comparators),
                                    self.region_codes())
        self.counts.setText("Counts: " + "; ".join(c.text() for c in I.counts(cells.states)))
        self.show_cells(cells)
