"""Products tab: attributes side by side, differences from the reference highlighted."""

from __future__ import annotations

from denocompare.core import compare as C
from denocompare.core.dataset import Dataset
from denocompare.core.view import TAB_TITLES, View
from denocompare.ui.panels.base import TablePanel


class ProductsPanel(TablePanel):
    title = TAB_TITLES["products"]

    def __init__(self, parent=None):
        super().__init__([(C.REFERENCE, "reference"),
                          (C.DIFFERS, "differs from the reference"),
                          (C.SAME_WORDING, "same, worded differently"),
                          (C.CONFLICT, "sources differ"), (C.MISSING, "not reported in source")],
                         parent)

    def cells(self, ds: Dataset, view: View) -> C.CellTable:
        return C.attribute_table(ds, view)
