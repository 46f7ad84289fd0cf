"""The window, driven as a user drives it (offscreen)."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QPoint, QSize, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication, QWidget

from denocompare.core import compare as C
from denocompare.ui.main_window import MainWindow
from denocompare.ui.table_model import STATE_ROLE


def test_hidden_tabs_are_computed_when_shown(window):
    adverse = window.panels[2]
    assert adverse.table.model.rowCount() == 0  # not in view yet: not computed
    window.tabs.setCurrentWidget(adverse)
    assert adverse.table.model.rowCount() > 0


def test_shows_bundled_data_prolia_vs_kefdensis(window):
    sel = window.model.view
    assert sel.reference == "prolia" and sel.comparators == ("kefdensis",)
    model = window.panels[0].table.model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == ["Prolia", "Kefdensis"]
    assert window.dataset.version in window.dataset_label.text()
    texts = {model.index(r, 1).data() for r in range(model.rowCount())}
    assert "not reported in source" in texts


def test_cells_carry_sources_in_tooltips(window):
    model = window.panels[0].table.model
    tips = [model.index(r, 0).data(Qt.ItemDataRole.ToolTipRole) for r in range(model.rowCount())]
    assert any(t and "Source:" in t for t in tips)


def test_selecting_a_cell_fills_the_details_pane(window, qtbot):
    panel = window.panels[0]
    panel.table.view.setCurrentIndex(panel.table.model.index(0, 0))
    assert "Source" in panel.details.toPlainText()


def test_copy_selection_with_headers(window):
    panel = window.panels[0]
    view = panel.table.view
    view.selectAll()
    text = panel.table.copy_selection()
    first = text.splitlines()[0].split("\t")
    assert first[1:] == ["Prolia", "Kefdensis"]
    assert QApplication.clipboard().text() == text


def test_ctrl_c_in_the_table_copies_headers(window, qtbot):
    view = window.panels[0].table.view
    view.setFocus()
    view.selectAll()
    qtbot.keyClick(view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.clipboard().text().splitlines()[0].endswith("Prolia\tKefdensis")


def test_filter_rows(window):
    table = window.panels[0].table
    total = table.model.rowCount()
    table.filter.setText("storage")
    assert 0 < table.model.rowCount() < total
    table.filter.setText("")
    assert table.model.rowCount() == total


def test_sorting_in_pandas(window):
    model = window.panels[0].table.model
    model.sort(0, Qt.SortOrder.AscendingOrder)
    col = [model.index(r, 0).data() or "" for r in range(model.rowCount())]
    assert col == sorted(col, key=str.lower)


def test_indications_tab_regions_and_states(window):
    panel = window.panels[1]
    window.tabs.setCurrentWidget(panel)
    panel.set_regions("EU")
    model = panel.table.model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == ["Prolia (EU)", "Kefdensis (EU)"]
    states = {model.index(r, 1).data(STATE_ROLE) for r in range(model.rowCount())}
    assert C.AUTHORISED in states
    panel.set_regions("EU and US")
    assert model.columnCount() == 4


def test_whole_family(window):
    window.selection_bar.select_family()
    n = len(window.dataset.family("prolia"))
    assert window.panels[0].table.model.columnCount() == n + 1


def test_reference_change_to_xgeva(window):
    bar = window.selection_bar
    bar.reference.setCurrentIndex(bar.reference.findData("xgeva"))
    sel = window.model.view
    assert sel.reference == "xgeva"
    assert all(window.dataset.reference_of(c) == "xgeva" for c in sel.comparators)


def test_bad_file_keeps_previous_dataset(window, qtbot, data_copy, problems):
    before = window.dataset
    (data_copy / "products.csv").write_text("product_id,name_eu\nx,\n", encoding="utf-8")
    window.open_path(str(data_copy))
    qtbot.waitUntil(lambda: not window.is_loading(), timeout=15000)
    assert window.dataset is before
    source, report, n, kept = problems[-1]
    assert n >= 1 and "products.csv" in report and "still open" in kept


def test_drop_a_folder_opens_it(window, qtbot, data_copy):
    before = window.dataset
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(data_copy))])
    event = QDropEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)
    qtbot.waitUntil(lambda: window.dataset is not before, timeout=15000)
    assert window.dataset.origin == str(data_copy)
    assert str(data_copy) in window.settings.recent_files()


def test_cancel_load_keeps_dataset(window, qtbot, data_copy):
    before = window.dataset
    ended = []
    # The loader's own job signals: they carry every job's end, stale ones included.
    window.loader._signals.finished.connect(lambda job_id, _ds: ended.append(job_id))
    window.loader._signals.failed.connect(lambda job_id, _exc, _tb: ended.append(job_id))
    window.open_path(str(data_copy))
    job = window.loader._id
    window.cancel_load()
    # The cancelled job still ends (failed with Cancelled, or finished if it was
    # already past its last check); wait for that, then let its queued signal reach
    # the window, which must drop it.
    qtbot.waitUntil(lambda: job in ended, timeout=15000)
    QApplication.processEvents()
    assert window.dataset is before and not window.is_loading()


def test_geometry_and_tab_remembered(qtbot, settings, problems):
    win = MainWindow(settings)
    qtbot.addWidget(win)
    win.resize(700, 500)  # inside the offscreen screen (800x600), or Qt clamps it
    win.tabs.setCurrentIndex(1)
    win.close()
    again = MainWindow(settings)
    qtbot.addWidget(again)
    assert again.tabs.currentIndex() == 1
    assert (again.width(), again.height()) == (700, 500)


def test_about_lists_version_and_sources(window, monkeypatch):
    from denocompare.ui import dialogs

    html = dialogs.about_html(window.dataset)
    assert window.dataset.version in html
    assert "SEED-KEF" in html and "EMA/329164/2025" in html


def test_compare_with_menu_lists_the_family_on_start(window):
    bar = window.selection_bar
    bar.menu.aboutToShow.emit()
    offered = bar.menu_products()
    assert set(window.dataset.family("prolia")) <= set(offered)
    checked = [a.data() for a in bar.menu.actions() if a.isCheckable() and a.isChecked()]
    assert checked == ["kefdensis"]


def test_ticking_a_comparator_in_the_menu(window):
    bar = window.selection_bar
    bar.menu.aboutToShow.emit()
    act = next(a for a in bar.menu.actions() if a.data() == "stoboclo")
    act.trigger()
    assert window.model.view.comparators == ("kefdensis", "stoboclo")
    assert window.panels[0].table.model.columnCount() == 3


def test_warnings_are_visible(window, qtbot, data_copy, monkeypatch):
    import pandas as pd

    from denocompare.ui import dialogs

    frame = pd.read_csv(data_copy / "products.csv", dtype=str, keep_default_na=False)
    frame["my notes"] = "x"
    frame.to_csv(data_copy / "products.csv", index=False)
    window.open_path(str(data_copy))
    qtbot.waitUntil(lambda: window.dataset.origin == str(data_copy), timeout=15000)
    assert "Dataset warnings" in window.statusBar().currentMessage()
    assert "my notes" in dialogs.about_html(window.dataset)
    shown = []
    monkeypatch.setattr(dialogs.ReportDialog, "exec", lambda self: shown.append(self))
    window.show_warnings()
    assert "ignored" in shown[0].text.toPlainText()


def test_ctrl_f_focuses_the_visible_filter(window, qtbot):
    window.activateWindow()
    window.tabs.setCurrentIndex(2)
    window.focus_filter()
    adverse = window.panels[2]
    assert adverse.text.isVisible() and not adverse.table.filter.isVisible()
    window.tabs.setCurrentIndex(0)
    window.focus_filter()
    assert window.panels[0].table.filter.isVisible()


def test_only_rows_with_differences(window):
    panel = window.panels[0]
    model = panel.table.model
    total = model.rowCount()
    panel.only_differences.setChecked(True)
    shown = model.rowCount()
    assert 0 < shown < total
    states = {model.index(r, c).data(STATE_ROLE) for r in range(shown)
              for c in range(model.columnCount())}
    assert states & {C.DIFFERS, C.CONFLICT}
    window.selection_bar.select_family()  # stays applied to a new selection
    assert model.rowCount() < len(model._frame)
    panel.only_differences.setChecked(False)
    assert model.rowCount() == len(model._frame)


def test_the_window_loader_finds_the_filter_list_off_the_gui_thread():
    # The Adverse tab lists the system organ classes present; on a million rows that
    # took the GUI thread 190 ms after every load, so the worker makes it.
    from denocompare.resources import bundled_data_dir
    from denocompare.ui.main_window import _load

    ds = _load(str(bundled_data_dir()), lambda *_: None)
    assert ("adverse_reactions", "system_organ_class") in ds._distinct


def test_a_window_made_without_settings_never_touches_the_users_own(qtbot, tmp_path):
    # The autouse fixture in conftest.py points every QSettings at tmp_path.
    win = MainWindow()
    qtbot.addWidget(win)
    win.close()
    written = win.settings._s.fileName()
    assert written.startswith(str(tmp_path)), written


def test_an_edited_copy_never_passes_for_the_release(window, data_copy):
    from denocompare.io.validate import load_dataset
    from tests.helpers import edit_csv

    edit_csv(data_copy, "study_results", lambda t: t.replace(",5.3,", ",5.6,", 1))
    window.set_dataset(load_dataset(data_copy))
    claim = f"modified copy of {window.dataset.name}"
    assert claim in window.windowTitle() and claim in window.dataset_label.text()


def test_the_reference_list_puts_originators_first_with_strength(window):
    combo = window.selection_bar.reference
    texts = [combo.itemText(i) for i in range(combo.count()) if combo.itemText(i)]
    assert texts[:2] == ["Prolia \u2014 60 mg", "Xgeva \u2014 120 mg"]
    heading = texts.index("Biosimilars of Prolia")
    assert texts[heading + 1].strip().startswith("Jubbonti")
    model = combo.model()
    assert not model.item(combo.findText("Biosimilars of Prolia")).isEnabled()


def test_tab_titles_count_differences_and_carve_outs(window):
    from denocompare.ui.panels.base import tab_title

    panel = window.panels[0]
    cells = panel.table.model.cells()
    assert window.tabs.tabText(window.tabs.indexOf(panel)) == tab_title("Products", cells)
    n = int((cells.states.isin([C.DIFFERS, C.CONFLICT])).to_numpy().sum())
    assert (f"({n} difference" in window.tabs.tabText(0)) == (n > 0)


def test_rows_stay_fitted_to_their_text_after_only_differences(window, qtbot):
    panel = window.panels[0]
    view = panel.table.view

    def heights():
        return [view.rowHeight(r) for r in range(panel.table.model.rowCount())]
    for only in (True, False):
        panel.only_differences.setChecked(only)
        shown = heights()
        view.resizeRowsToContents()  # what fitted to the text is
        assert shown == heights(), only
    assert len(set(shown)) > 1  # fitted to the text, not one fixed height


def test_exported_workbook_keeps_highlighting_and_names_sources(window, tmp_path):
    from openpyxl import load_workbook

    from denocompare.output.table_export import SOURCES_HEADING

    panel = window.panels[0]
    path = panel.table.export(str(tmp_path / "t.xlsx"))
    ws = load_workbook(path)[panel.table.title[:31]]
    header = [c.value for c in ws[1]]
    assert header[-1] == SOURCES_HEADING and header[1:3] == ["Prolia", "Kefdensis"]
    fills = {ws.cell(row=r, column=c).fill.start_color.rgb
             for r in range(2, ws.max_row) for c in (2, 3)}
    assert "00" + C.STATE_COLOURS[C.REFERENCE].lstrip("#").upper() in fills or \
        "FF" + C.STATE_COLOURS[C.REFERENCE].lstrip("#").upper() in fills
    assert any("Kefdensis: " in str(ws.cell(row=r, column=4).value or "")
               for r in range(2, ws.max_row))
    assert ws.cell(row=ws.max_row, column=1).value == f"Data: {window.dataset.title()}"


def test_the_format_help_has_no_developer_text(qtbot):
    from denocompare.ui.dialogs import format_dialog

    dialog = format_dialog(None)
    qtbot.addWidget(dialog)
    text = dialog.text.toPlainText()
    assert "metadata" in text
    for developer in ("do not edit", "Generated from", "schema.py"):
        assert developer not in text


def test_the_window_fits_a_1366x768_laptop_screen(window):
    from PySide6.QtCore import QRect

    from denocompare.ui.screen_fit import default_size

    laptop = QRect(0, 0, 1366, 728)  # 768 less a 40 px taskbar
    size = default_size(laptop)
    assert size.width() <= 1366 and size.height() + 30 <= 728  # title bar too
    hint = window.minimumSizeHint()
    for panel in window.panels:
        window.tabs.setCurrentWidget(panel)
        hint = hint.expandedTo(window.minimumSizeHint())
    assert hint.width() <= size.width() and hint.height() <= size.height(), hint
    assert default_size(QRect(0, 0, 2560, 1400)) == QSize(1280, 820)


def test_the_reference_column_stays_in_view_in_a_wide_comparison(window, qtbot):
    window.selection_bar.select_family()
    table = window.panels[0].table
    qtbot.waitUntil(lambda: table.model.columnCount() > 10)
    window.show()
    qtbot.waitExposed(window)
    frozen = table.frozen
    assert frozen.isVisible() and frozen.model() is table.model
    assert [c for c in range(table.model.columnCount()) if not frozen.isColumnHidden(c)] == [0]
    bar = table.view.horizontalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    bar.setValue(bar.maximum())
    # The main view's copy of the reference column scrolled off; the frozen one did not.
    assert table.view.columnViewportPosition(0) < 0, (bar.maximum(), bar.value())
    assert frozen.geometry().left() <= table.view.verticalHeader().width() + 2
    assert frozen.columnWidth(0) == table.view.columnWidth(0)
    assert all(frozen.rowHeight(r) == table.view.rowHeight(r)
               for r in range(table.model.rowCount()))


def test_every_control_has_an_accessible_name(window):
    from PySide6.QtWidgets import (
        QAbstractButton,
        QAbstractItemView,
        QAbstractSpinBox,
        QComboBox,
        QHeaderView,
        QLineEdit,
        QMenuBar,
        QTabBar,
    )

    kinds = (QAbstractButton, QComboBox, QLineEdit, QAbstractSpinBox, QAbstractItemView)
    inner = (QComboBox, QAbstractSpinBox, QLineEdit, QTabBar, QMenuBar)
    unnamed = []
    for w in window.findChildren(QWidget):
        # Qt's own inner parts (a clear button, a popup list, tab-bar arrows, headers)
        # are named by Qt's accessibility layer, not by the app.
        if not isinstance(w, kinds) or isinstance(w, QHeaderView) or \
                isinstance(w.parentWidget(), inner) or w.window() is not window:
            continue
        text = w.text() if isinstance(w, QAbstractButton) else ""
        if not (w.accessibleName() or text.replace("&", "").strip()):
            unnamed.append(f"{type(w).__name__} {w.objectName()!r} in "
                           f"{type(w.parentWidget()).__name__}")
    assert not unnamed, unnamed
