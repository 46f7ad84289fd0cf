"""What every tab is, as the window sees it: the protocols alone.

Kept apart from ``base`` (the shared table tab) because the window imports these
before its first paint, and ``base`` imports pandas through the comparison model
and the table model; the first paint must wait for Qt only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

if TYPE_CHECKING:
    from PySide6.QtWidgets import QLineEdit

    from denocompare.core.dataset import Dataset
    from denocompare.core.view import View
    from denocompare.ui.plot_canvas import ChartView
    from denocompare.ui.table_view import DataTable


@runtime_checkable
class Panel(Protocol):
    """A tab of the window. ``edited`` emits a dict of ``View`` fields to change."""

    title: str
    edited: Any  # Signal(dict)

    def set_dataset(self, ds: Dataset) -> None: ...

    def update_view(self, view: View) -> None:
        """Show ``view``: mirror it in the controls, recompute what it changes."""


@runtime_checkable
class ChartPanel(Protocol):
    """A tab with a chart in view (File > Export chart, Edit > Copy)."""

    def chart(self) -> ChartView: ...

    def copy(self) -> None: ...


@runtime_checkable
class TableHolder(Protocol):
    """A tab with a table (File > Export table, Edit > Copy, Edit > Filter)."""

    table: DataTable


@runtime_checkable
class Filterable(Protocol):
    """A tab with a box that filters its rows (Edit > Filter rows)."""

    def filter_box(self) -> QLineEdit: ...


@runtime_checkable
class Worker(Protocol):
    """A tab that computes on a thread of its own; the window stops it on closing."""

    def stop_work(self) -> None: ...
