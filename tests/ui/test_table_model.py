"""DataFrameModel: text formatted per distinct value, filtering built only when used."""

from __future__ import annotations

import numpy as np
import pandas as pd

from denocompare.ui.table_model import DataFrameModel, _display, _display_text


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
