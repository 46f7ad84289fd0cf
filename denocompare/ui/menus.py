"""The window's menus: what each item says, its shortcut and what it calls."""

from __future__ import annotations

from typing import TYPE_CHECKING

from denocompare.core.view import TAB_TITLES
from denocompare.resources import bundled_data_dir, bundled_datasets

if TYPE_CHECKING:
    from PySide6.QtGui import QAction


def _action(window, menu, text, slot, shortcut=None, tip="") -> QAction:
    from PySide6.QtGui import QAction, QKeySequence

    act = QAction(text, window)
    if shortcut is not None:
        act.setShortcut(QKeySequence(shortcut))
    act.setStatusTip(tip)
    act.setToolTip(tip)
    act.triggered.connect(slot)
    menu.addAction(act)
    return act


def _import_file(w) -> None:
    # The import dialog's Qt classes cost about 0.1 s to load: not before the first paint.
    from denocompare.ui.import_dialog import ImportActions

    ImportActions.of(w).choose_file()


#: The menu bar's titles, made before the first paint (the bar's height is in that
#: frame); their items, after it (``build_menus``: 20-40 ms, most of it PySide making
#: the ``Qt`` namespace's enums for the first shortcut).
TITLES = ("&File", "&Edit", "&View", "&Help")


def menu_titles(w) -> None:
    """The menu bar of the main window ``w``, its menus still empty."""
    for title in TITLES:
        w.menuBar().addMenu(title)


def _menu(w, title: str):
    """The bar's menu ``title`` (made by ``menu_titles``, or now)."""
    bar = w.menuBar()
    return next((a.menu() for a in bar.actions() if a.text() == title and a.menu()),
                None) or bar.addMenu(title)


def build_menus(w) -> None:
    """The items of File, Edit, View and Help of the main window ``w``."""
    # Imported here, as the Qt classes above: the menu titles are made before the
    # first paint, the items after it.
    from PySide6.QtGui import QKeySequence

    from denocompare.ui.report_since import ReportSince

    f = _menu(w, "&File")
    _action(w, f, "&Open dataset…", w.choose_file, QKeySequence.StandardKey.Open,
            "Open a dataset: an Excel workbook or a folder of CSV files")
    _action(w, f, "Open data &folder…", w.choose_folder, "Ctrl+Shift+O",
            "Open a folder of CSV files")
    bundled = f.addMenu("Open &bundled dataset")
    for name in bundled_datasets():
        _action(w, bundled, name, lambda _c=False, n=name: w.open_path(str(bundled_data_dir(n))),
                None, f"Open the cited {name} dataset that ships with DenoCompare")
    w.recent_menu = f.addMenu("Open &recent")
    f.addSeparator()
    _action(w, f, "&Import regulator file…", lambda: _import_file(w), None,
            "Compare the FDA Purple Book or EMA medicines data with the dataset")
    _action(w, f, "Open co&mparison…", w.comparisons.open_dialog, "Ctrl+Shift+M",
            "Open a saved comparison: its products, filters and tab")
    _action(w, f, "Sa&ve comparison…", w.comparisons.save_dialog, QKeySequence.StandardKey.Save,
            "Save the products, filters and tab shown, to open again or send to a colleague")
    f.addSeparator()
    x = w.exports
    _action(w, f, "Export &chart…", x.export_chart, "Ctrl+Shift+S",
            "Save the chart on this tab as PNG, SVG or PDF")
    _action(w, f, "Export &all charts…", x.export_all_charts, None,
            "Save every chart for the current comparison into a folder")
    _action(w, f, "Export &table…", x.export_table, "Ctrl+Shift+T",
            "Save the table on this tab, as shown, to CSV or Excel")
    _action(w, f, "Export &report…", x.export_report, "Ctrl+E",
            "Write the committee report (PDF or HTML) for the current comparison")
    _action(w, f, "Report: what c&hanged since…", lambda: ReportSince.of(w).choose(), None,
            "Choose the dataset last reviewed: the report then lists what changed since")
    _action(w, f, "Save dataset as &workbook…", x.save_workbook, None,
            "Save the whole dataset as one Excel workbook")
    f.addSeparator()
    _action(w, f, "&Print report…", x.print_report, QKeySequence.StandardKey.Print,
            "Print the committee report")
    _action(w, f, "Print pre&view…", x.preview_report, "Ctrl+Shift+P",
            "Preview the committee report as it will print")
    f.addSeparator()
    w.file_menu = f
    _action(w, f, "&Quit", w.close, QKeySequence.StandardKey.Quit, "Quit DenoCompare")
    e = _menu(w, "&Edit")
    _action(w, e, "&Copy", w.copy_current, QKeySequence.StandardKey.Copy,
            "Copy the selected cells with headers, or the chart as an image")
    _action(w, e, "&Filter rows", w.focus_filter, QKeySequence.StandardKey.Find,
            "Show only rows containing a text")
    v = _menu(w, "&View")
    for i, title in enumerate(TAB_TITLES.values()):
        _action(w, v, title, lambda _c=False, i=i: w.tabs.setCurrentIndex(i),
                f"Ctrl+{i + 1}", f"Show the {title.replace('&', '')} tab")
    v.addSeparator()
    _action(w, v, "Compare with the whole &family", w.selection_bar.select_family,
            "Ctrl+Shift+F", "Compare the reference with all its biosimilars")
    h = _menu(w, "&Help")
    _action(w, h, "&Data format", w.show_format, QKeySequence.StandardKey.HelpContents,
            "How a dataset is laid out")
    _action(w, h, "Dataset &warnings…", w.show_warnings, None,
            "What was noticed, but not refused, when the dataset was loaded")
    _action(w, h, "&About DenoCompare", w.show_about, None, "Version, dataset and sources")
