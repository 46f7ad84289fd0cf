"""The Budget tab's two grids: prices per product, and uptake by year.

Filled from ``BudgetInputs`` and read back into its parts; a cell that is not a number
is named (the tab lists it, and computes nothing) rather than taken as 0.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QComboBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from denocompare.core.budget import PRICE_TYPES, BudgetInputs, ProductPrice, Uptake
from denocompare.ui.panels.budget_tips import PRICE_TIPS, UPTAKE_TIP

PRICE_COLUMNS = ("Price per dose", "Pack price", "Doses per pack", "Price type",
                 "Discount %", "Reimbursement per dose")
_TYPE_COLUMN = PRICE_COLUMNS.index("Price type")
Name = Callable[[str], str]


def _text(table: QTableWidget, row: int, col: int) -> str:
    item = table.item(row, col)
    return item.text() if item is not None else ""


def _number(text: str, what: str, problems: list[str]) -> float | None:
    text = text.strip().replace(",", "")
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        problems.append(f"{what}: '{text}' is not a number")
        return None


def price_table(parent: QWidget) -> QTableWidget:
    """The prices grid: its columns sized to their headings ("Discount %" was cut)."""
    table = QTableWidget(0, len(PRICE_COLUMNS), parent)
    table.setHorizontalHeaderLabels(PRICE_COLUMNS)
    table.setAccessibleName("Prices per product")
    head = table.horizontalHeader()
    head.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    head.setStretchLastSection(True)
    for col, title in enumerate(PRICE_COLUMNS):
        table.horizontalHeaderItem(col).setToolTip(PRICE_TIPS[title])
    return table


def uptake_table(parent: QWidget) -> QTableWidget:
    table = QTableWidget(0, 1, parent)
    table.setAccessibleName("Uptake per year")
    table.setToolTip(UPTAKE_TIP)
    return table


def fill_prices(table: QTableWidget, products: list[str], b: BudgetInputs, name: Name,
                changed: Callable) -> None:
    """One row per product, the price type a box (kept from one fill to the next)."""
    for row in range(len(products), table.rowCount()):
        gone = table.cellWidget(row, _TYPE_COLUMN)
        if gone is not None:
            gone.hide()  # deleted with its row, but only when the event loop runs
    table.setRowCount(len(products))
    table.setVerticalHeaderLabels([name(p) for p in products])
    for row, pid in enumerate(products):
        price = b.price_of(pid) or ProductPrice(pid)
        values = (price.price_per_dose, price.pack_price, price.doses_per_pack, None,
                  price.discount_pct or None, price.reimbursement_per_dose)
        for col, value in enumerate(values):
            if col != _TYPE_COLUMN:
                item = QTableWidgetItem("" if value is None else f"{value:g}")
                item.setToolTip(PRICE_TIPS[PRICE_COLUMNS[col]])
                table.setItem(row, col, item)
        combo = table.cellWidget(row, _TYPE_COLUMN)
        if not isinstance(combo, QComboBox):
            # Kept from one fill to the next: a replaced cell widget is only deleted
            # once the event loop runs, and shows over the first cell until then.
            combo = QComboBox(table)
            combo.addItems(PRICE_TYPES)
            combo.currentIndexChanged.connect(changed)
            table.setCellWidget(row, _TYPE_COLUMN, combo)
        combo.setCurrentText(price.price_type)
        combo.setToolTip(PRICE_TIPS["Price type"])
        combo.setAccessibleName(f"Price type, row {row + 1}")


def fill_uptake(table: QTableWidget, biosimilars: list[str], b: BudgetInputs, years: int,
                name: Name, enabled: bool) -> None:
    """Two rows per biosimilar (new patients, switched), a column per year."""
    table.blockSignals(True)
    table.setRowCount(2 * len(biosimilars))
    table.setColumnCount(years)
    table.setHorizontalHeaderLabels([f"Year {y}" for y in range(1, years + 1)])
    labels = []
    for i, pid in enumerate(biosimilars):
        up = next((u for u in b.uptake if u.product_id == pid), Uptake(pid))
        labels += [f"{name(pid)}: new patients", f"{name(pid)}: switched (cumulative)"]
        for j, values in enumerate((up.new_share, up.switched_share)):
            for y in range(years):
                text = f"{values[y]:g}" if y < len(values) else ""
                item = QTableWidgetItem(text)
                item.setToolTip(UPTAKE_TIP)
                table.setItem(2 * i + j, y, item)
    table.setVerticalHeaderLabels(labels)
    table.setEnabled(enabled)
    table.blockSignals(False)


def read_prices(table: QTableWidget, products: list[str], currency: str, name: Name,
                problems: list[str]) -> list[ProductPrice]:
    """The prices entered; a biosimilar with neither a dose nor a pack price is left out."""
    prices = []
    for row, pid in enumerate(products):
        values = [None if c == _TYPE_COLUMN else
                  _number(_text(table, row, c), f"{PRICE_COLUMNS[c]}, {name(pid)}", problems)
                  for c in range(len(PRICE_COLUMNS))]
        if row and values[0] is None and values[1] is None:
            continue
        combo = table.cellWidget(row, _TYPE_COLUMN)
        kind = combo.currentText() if isinstance(combo, QComboBox) else "list"
        prices.append(ProductPrice(pid, values[0], values[1], values[2], currency, kind,
                                   values[4] or 0.0, values[5]))
    return prices


def read_uptake(table: QTableWidget, biosimilars: list[str], name: Name,
                problems: list[str]) -> list[Uptake]:
    """Each biosimilar's shares by year; an empty cell is 0 %."""
    out = []
    for i, pid in enumerate(biosimilars):
        rows = [[_number(_text(table, 2 * i + j, y), f"Uptake, {name(pid)}, year {y + 1}",
                         problems) for y in range(table.columnCount())] for j in (0, 1)]
        out.append(Uptake(pid, tuple(v or 0.0 for v in rows[0]),
                          tuple(v or 0.0 for v in rows[1])))
    return out
