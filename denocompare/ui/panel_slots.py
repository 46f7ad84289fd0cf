"""The window's tabs, each made when it is first needed.

Only the tab in view is needed to show the data; the other five (their modules, their
widgets: 40-50 ms of the GUI thread on a quiet machine, several times that under load)
are made when their tab is first shown, or one per event-loop pass once the data has
been painted (``MainWindow``). ``window.panels[i]`` is tab ``i``'s panel, made on the
spot if it was not yet.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, overload

if TYPE_CHECKING:
    from denocompare.ui.panels.protocols import Panel
    from denocompare.ui.settings_store import SettingsStore


# Each imported when its tab is made: pandas and matplotlib are not in the first paint.
def _products(_settings: SettingsStore) -> Panel:
    from denocompare.ui.panels.products import ProductsPanel

    return ProductsPanel()


def _indications(_settings: SettingsStore) -> Panel:
    from denocompare.ui.panels.indications import IndicationsPanel

    return IndicationsPanel()


def _adverse(settings: SettingsStore) -> Panel:
    from denocompare.ui.panels.adverse import AdversePanel

    return AdversePanel(settings=settings)


def _equivalence(settings: SettingsStore) -> Panel:
    from denocompare.ui.panels.equivalence import EquivalencePanel

    return EquivalencePanel(settings=settings)


def _budget(_settings: SettingsStore) -> Panel:
    from denocompare.ui.panels.budget import BudgetPanel

    return BudgetPanel()


def _decision(settings: SettingsStore) -> Panel:
    from denocompare.ui.panels.decision import DecisionPanel

    return DecisionPanel(settings=settings)


#: What makes each tab's panel, in the order of ``denocompare.core.view.TABS``.
MAKERS: dict[str, Callable[[SettingsStore], Panel]] = {
    "products": _products, "indications": _indications, "adverse": _adverse,
    "equivalence": _equivalence, "budget": _budget, "decision": _decision}


class PanelSlots(Sequence):
    """One slot per tab; ``slots[i]`` makes the panel (``make(i)``), hands it to
    ``install(i, panel)`` and keeps it. Iterating makes every one."""

    def __init__(self, count: int, make: Callable[[int], Panel],
                 install: Callable[[int, Panel], None]):
        self._count = count
        self._make = make
        self._install = install
        self._made: dict[int, Panel] = {}

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> Panel: ...

    @overload
    def __getitem__(self, index: slice) -> list[Panel]: ...

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self._count))]
        i = range(self._count)[index]  # negative indices, and IndexError past the end
        if i not in self._made:
            panel = self._make(i)
            self._made[i] = panel
            self._install(i, panel)
        return self._made[i]

    def __iter__(self) -> Iterator[Panel]:
        return (self[i] for i in range(self._count))

    def is_made(self, index: int) -> bool:
        return index in self._made

    def made(self) -> list[Panel]:
        """The panels made so far, in tab order (nothing is made by asking)."""
        return [self._made[i] for i in sorted(self._made)]

    def missing(self) -> list[int]:
        return [i for i in range(self._count) if i not in self._made]
