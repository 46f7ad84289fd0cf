"""The comparison's tables, computed once per report.

The summary and the sections show the same attribute table, indication matrices and
list of gaps, and ``compare.gaps`` reads the first two again: each asked for its own, so
one report of the whole family computed the attribute table four times and the
indication matrix six times (about 60 % of building its HTML).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from denocompare.core import compare as C
from denocompare.core import schema as S
from denocompare.core.dataset import Dataset
from denocompare.core.view import View


@dataclass
class ReportTables:
    """The view's attribute table, indication matrix per region and gaps, made when
    first asked for; one object per report (the dataset and the view do not change)."""

    ds: Dataset
    view: View

    @cached_property
    def attributes(self) -> C.CellTable:
        return C.attribute_table(self.ds, self.view)

    @cached_property
    def every_region(self) -> C.CellTable:
        """The indication matrix over every region (``compare.gaps`` reads this one)."""
        return C.indication_matrix(self.ds, self.view.replace(regions=S.REGIONS))

    def indications(self, region: str) -> C.CellTable:
        """The matrix of ``region`` alone: its columns of ``every_region``.

        ``indication_matrix`` makes its columns region by region, the products in the
        same order in each, and reads nothing across regions (a carve-out compares
        with the reference in the same region), so the part is the region's own matrix.
        """
        n = len(self.view.products)
        start = S.REGIONS.index(region) * n
        cols = list(range(start, start + n))
        whole = self.every_region
        return C.CellTable(*(f.iloc[:, cols] for f in (whole.values, whole.states,
                                                       whole.sources, whole.details)))

    @cached_property
    def gaps(self) -> list[str]:
        return C.gaps(self.ds, self.view, self.attributes, self.every_region)
