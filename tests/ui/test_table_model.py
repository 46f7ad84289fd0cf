"""DataFrameModel: text formatted per distinct value, filtering built only when used."""

from __future__ import annotations

import numpy as np
import pandas as pd
from PySide6.QtCore import Qt

from denocompare.core import compare as C
from denocompare.core.compare import CellTable
from denocompare.ui.table_model import (
    DETAIL_ROLE,
    RAW_ROLE,
    SOURCE_ROLE,
    STATE_ROLE,
    DataFrameModel,
    _display,
    _display_text,
)


def _mixed(n: int = 300) -> pd.DataFrame:
    rng = np.random.default_rng(3)
    return pd.DataFrame({
        "text": pd.array(rng.choice(["Back pain", "Nausea", None], n), dtype="string"),
        "pct": np.where(rng.random(n) < 0.2, np.nan, rng.choice([34.7, 0.5, 12.0], n)),
        "count": pd.array(rng.choice([3, 886, None], n), dtype="Int64"),
        "mixed": pd.Series(rng.choice(["x", 1, 2.5, None], n), dtype=object),
    }, index=[f"row {i}" for i in range(n)])


def test_text_is_what_display_gives_cell_by_cell():
    frame = _mixed()
    expected = frame.map(_display).to_numpy(dtype=object)
    assert (_display_text(frame) == expected).all()


def test_each_role_answers_for_the_cell_shown_and_others_answer_nothing(qtbot):
    values = pd.DataFrame({"v": ["b", 2.5, None]}, index=["r0", "r1", "r2"], dtype=object)
    cells = CellTable(values, pd.DataFrame({"v": [C.DIFFERS, "", C.MISSING]}, index=values.index),
                      pd.DataFrame({"v": ["S1", "", ""]}, index=values.index),
                      pd.DataFrame({"v": ["why", "", ""]}, index=values.index))
    model = DataFrameModel()
    model.source_text = lambda ids: f"<{ids}>"
    model.set_table(cells)
    model.sort(0, Qt.SortOrder.DescendingOrder)  # shown in another order than the data's
    shown = [model.headerData(r, Qt.Orientation.Vertical) for r in range(3)]
    assert shown != ["r0", "r1", "r2"]
    at = {label: model.index(r, 0) for r, label in enumerate(shown)}
    R = Qt.ItemDataRole
    assert [model.data(at["r0"], role) for role in (R.DisplayRole, RAW_ROLE, STATE_ROLE,
                                                    SOURCE_ROLE, DETAIL_ROLE)] == \
        ["b", "b", C.DIFFERS, "S1", "why"]
    assert model.data(at["r0"], R.BackgroundRole).color().name() == \
        C.STATE_COLOURS[C.DIFFERS].lower()
    assert model.data(at["r0"], R.ForegroundRole).color().name() == "#222222"
    assert model.data(at["r0"], R.FontRole) is None
    assert model.data(at["r0"], R.ToolTipRole) == \
        "b\n\nDiffers from the reference product\n\nwhy\n\nSource: <S1>"
    # an unmarked cell: no fill, no ink, no font, its text alone as the tooltip
    assert [model.data(at["r1"], role) for role in (
        R.DisplayRole, R.BackgroundRole, R.ForegroundRole, R.FontRole, R.ToolTipRole)] == \
        ["2.5", None, None, None, "2.5"]
    assert model.data(at["r2"], R.FontRole).italic()  # not reported: italic
    for role in (R.DecorationRole, R.TextAlignmentRole, R.CheckStateRole, R.SizeHintRole,
                 R.EditRole, Qt.ItemDataRole.UserRole + 99):
        assert model.data(at["r0"], role) is None, role
    assert model.data(model.index(5, 0), R.DisplayRole) is None  # no such row


def test_filter_matches_cells_and_row_labels_case_blind(qtbot):
    frame = _mixed()
    model = DataFrameModel()
    model.set_frame(frame)
    assert model._lower is None  # nothing typed: nothing built
    model.set_filter("BACK")
    shown = model.frame()
    assert len(shown) == int((frame["text"] == "Back pain").sum()) > 0
    model.set_filter("row 12")  # the row label counts too ("row 12", "row 120" ...)
    assert set(model.frame().index) == {i for i in frame.index if "row 12" in i}
    model.set_filter("886")
    assert set(model.frame().index) == set(frame.index[frame["count"] == 886])
    model.set_filter("")
    assert model.rowCount() == len(frame)


def test_a_filter_that_keeps_the_same_rows_does_not_reset_the_view(qtbot):
    frame = _mixed(40)
    model = DataFrameModel()
    model.set_frame(frame)
    resets = []
    model.modelReset.connect(lambda: resets.append(model.rowCount()))
    model.set_filter("")  # what a panel does after each new table
    model.set_filter("  ")
    assert resets == []
    model.set_filter("back")
    model.set_filter("BACK ")  # the same rows
    assert resets == [int((frame["text"] == "Back pain").sum())]
    model.set_filter("")
    assert resets[-1] == len(frame) and len(resets) == 2


def test_rows_fit_their_text_only_in_short_tables(qtbot):
    # Fitting asks every cell for its size; past FIT_ROWS rows a table keeps its
    # default row height (two lines) and stays quick to refill on every change.
    from denocompare.ui.table_view import FIT_ROWS, DataTable

    table = DataTable()
    qtbot.addWidget(table)
    table.resize(900, 500)
    table.show()

    def frame(n: int) -> pd.DataFrame:
        text = ["short"] * (n - 1) + ["a long reaction wording " * 20]
        return pd.DataFrame({c: text for c in "abcde"})

    header = table.view.verticalHeader()
    table.model.set_frame(frame(FIT_ROWS))
    table.fit_rows()
    assert header.sectionSize(FIT_ROWS - 1) > header.sectionSize(0)
    table.model.set_frame(frame(FIT_ROWS + 1))
    table.fit_rows()
    assert header.sectionSize(FIT_ROWS) == header.sectionSize(0) == header.defaultSectionSize()


def test_the_keyboard_sorts_by_the_current_column_and_back(qtbot):
    # The headings take no focus: the table's menu (Menu key, Shift+F10) sorts by the
    # current cell's column, both ways, and back to the data's order (a cleared sort
    # indicator is column -1, which sorted by the last column before).
    from PySide6.QtCore import Qt

    from denocompare.ui.table_view import DataTable

    table = DataTable(title="Products")
    qtbot.addWidget(table)
    frame = pd.DataFrame({"name": ["b", "C", "a"], "mg": ["60", "120", "9"]},
                         index=["p1", "p2", "p3"])
    table.model.set_frame(frame)
    table.view.setCurrentIndex(table.model.index(0, 1))
    labels = [a.text() for a in table.context_menu().actions()]
    up, down, back = (a for a in table.context_menu().actions()
                      if a.text().startswith(("Sort", "Back")))
    assert "Sort by “mg”, A to Z / low to high" in labels
    up.trigger()
    assert list(table.model.frame()["mg"]) == ["9", "60", "120"]  # as numbers, not text
    assert table.view.horizontalHeader().sortIndicatorSection() == 1
    down.trigger()
    assert list(table.model.frame()["mg"]) == ["120", "60", "9"]
    back.trigger()
    assert list(table.model.frame().index) == ["p1", "p2", "p3"]
    table.view.setCurrentIndex(table.model.index(0, 0))
    up = next(a for a in table.context_menu().actions() if "A to Z" in a.text())
    assert "“name”" in up.text()
    up.trigger()
    assert list(table.model.frame()["name"]) == ["a", "b", "C"]  # case-blind
    table.sort_by_current_column(Qt.SortOrder.DescendingOrder)
    assert list(table.model.frame()["name"]) == ["C", "b", "a"]


def test_the_menu_key_and_shift_f10_open_the_tables_menu_at_the_current_cell(qtbot):
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from denocompare.ui.table_view import DataTable

    table = DataTable(title="Products")
    qtbot.addWidget(table)
    table.model.set_frame(pd.DataFrame({"a": ["1", "2", "3"]}))
    table.show()
    table.activateWindow()  # shortcuts work in the active window only
    qtbot.waitUntil(table.isActiveWindow)
    table.view.setCurrentIndex(table.model.index(1, 0))
    table.view.setFocus()
    opened = []
    table._context_menu = opened.append  # instead of a menu that waits for a choice
    QTest.keyClick(table.view, Qt.Key.Key_F10, Qt.KeyboardModifier.ShiftModifier)
    QTest.keyClick(table.view, Qt.Key.Key_Menu)
    cell = table.view.visualRect(table.model.index(1, 0)).bottomLeft()
    assert opened == [cell, cell]


def _sizes(table) -> tuple[list[int], list[int]]:
    v, n = table.view, table.model
    return ([v.columnWidth(c) for c in range(n.columnCount())],
            [v.rowHeight(r) for r in range(n.rowCount())])


def test_kept_cell_sizes_fit_as_qts_own_through_new_text_widths_and_fonts(qtbot):
    # Rule: a table fits its columns and rows exactly as the stock delegate would, the
    # sizes it keeps forgotten when the text, the column's width or the font changes.
    from PySide6.QtGui import QFont
    from PySide6.QtWidgets import QStyledItemDelegate

    from denocompare.ui.table_view import DataTable

    kept, stock = DataTable(), DataTable()
    stock.view.setItemDelegate(QStyledItemDelegate(stock.view))
    for t in (kept, stock):
        qtbot.addWidget(t)
        t.resize(900, 500)
        t.show()

    def cells(words: str, n_cols: int) -> CellTable:
        values = pd.DataFrame({f"c{c}": [f"{words} " * (3 + 2 * c), "short", None,
                                         f"{words} " * (9 - c)] for c in range(n_cols)},
                              dtype=object)
        states = values.map(lambda v: C.MISSING if v is None else "")
        return CellTable(values, states, states.map(lambda _: ""), states.map(lambda _: ""))

    def both(step) -> None:
        for t in (kept, stock):
            step(t)
            t.fit_rows()
        assert _sizes(kept) == _sizes(stock)

    both(lambda t: t.model.set_table(cells("long reaction wording", 6)))  # columns scroll
    first = _sizes(kept)
    both(lambda t: t.model.set_table(cells("other, longer words again", 6)))  # new text
    assert _sizes(kept) != first
    both(lambda t: t.model.set_table(cells("long reaction wording", 3)))  # columns share
    both(lambda t: t.resize(500, 500))  # narrower columns: taller rows
    both(lambda t: t.model.set_table(cells("long reaction wording", 6)))
    wide = _sizes(kept)[0]
    big = QFont(kept.view.font())
    big.setPointSize(big.pointSize() + 6)
    both(lambda t: t.view.setFont(big))
    assert _sizes(kept)[1][1] > first[1][1]  # "short" grew with the font
    assert _sizes(kept)[0][0] == wide[0] == 240  # in a column as wide as before
