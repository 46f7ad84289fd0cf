"""What each tab must show for the bundled data's default comparison, Prolia vs Kefdensis.

For tests that drive the window through something (garbage settings, many selection
changes) and must then check the window still shows the right things on every tab,
not only that it is alive on the first.
"""

from __future__ import annotations

from PySide6.QtCore import Qt

from denocompare.plotting.equivalence import forest_rows
from tests.helpers import INDICATIONS
from tests.plotting.helpers import legend_texts, ytick_labels


def _headers(model) -> list[str]:
    return [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]


def assert_every_tab_shows_prolia_vs_kefdensis(window, qtbot) -> None:
    products, indications, adverse, equivalence, budget, decision = window.panels
    assert window.model.view.comparators == ("kefdensis",)
    for index, check in enumerate((
        lambda: _headers(products.table.model) == ["Prolia", "Kefdensis"],
        lambda: _headers(indications.table.model) == ["Prolia (EU)", "Kefdensis (EU)",
                                                      "Prolia (US)", "Kefdensis (US)"]
        and indications.table.model.rowCount() == len(INDICATIONS),
        lambda: adverse.table.model.rowCount() > 0
        and set(adverse.table.model.frame()["Product"]) == {"Prolia", "Kefdensis"}
        and legend_texts(adverse.band_chart.figure) == ["Prolia", "Kefdensis"],
        lambda: _forest_is_kefdensis(window, equivalence),
        lambda: [budget.prices.verticalHeaderItem(r).text() for r in range(
            budget.prices.rowCount())] == ["Prolia", "Kefdensis"],
        lambda: decision.ranking.rowCount() == 1
        and decision.ranking.item(0, 0).text() == "Kefdensis",
    )):
        window.tabs.setCurrentIndex(index)
        qtbot.waitUntil(check, timeout=10000)


def _forest_is_kefdensis(window, panel) -> bool:
    labels = ytick_labels(panel.forest_chart.figure)
    expected = len(forest_rows(window.dataset, window.model.view))
    return len(labels) == expected > 0 and all("Kefdensis vs Prolia" in lab for lab in labels)
