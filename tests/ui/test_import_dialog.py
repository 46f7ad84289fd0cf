"""File > Import regulator file…: the differences listed, accepted per row and per kind,
the work on the task runner, the new copy written and never the open dataset."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from denocompare.io.validate import load_dataset
from denocompare.ui.import_dialog import ImportActions, ImportDialog
from tests.regulator_files import purple_book_rows, purple_book_text


def _file(tmp_path, ds):
    rows = []
    for r in purple_book_rows(ds):
        if r["Proprietary Name"] == "Jubbonti":
            r = dict(r, **{"Approval Date": "06-Mar-24", "Applicant": "Sandoz"})
        elif r["Proprietary Name"] == "Wyost":
            r = dict(r, Applicant="Sandoz")
        elif r["Proprietary Name"] == "Xbryk":
            r = dict(r, **{"Marketing Status": "Disc"})
        rows.append(r)
    # A new biosimilar of a reference the dataset does not hold: shown, cannot be written.
    rows.append(dict(rows[-1], **{"Proprietary Name": "Otherdeno", "BLA Number": "769999",
                                  "Proper Name": "denosumab-zzzz", "Applicant": "N/A",
                                  "Ref. Product Proprietary Name": "Unheld"}))
    path = tmp_path / "purplebook-search-november-2026-data-download.csv"
    path.write_text(purple_book_text(rows), encoding="utf-8")
    return path


def _compare(ds, path):
    # what the dialog's worker does: the file read for the dataset's molecules
    from denocompare.ui.import_dialog import compare_file

    return compare_file(str(path), ds, lambda *_: None)


def test_the_menu_has_the_item(window):
    texts = [a.text() for a in window.file_menu.actions()]
    assert "&Import regulator file…" in texts


def test_rows_and_kinds_are_accepted_or_rejected(qtbot, tmp_path, bundled):
    dialog = ImportDialog(_compare(bundled, _file(tmp_path, bundled)), bundled)
    qtbot.addWidget(dialog)
    assert set(dialog.kind_items) == {"new product", "approval date", "MAH",
                                      "marketing status"}
    assert dialog.accepted() == [] and not dialog.save.isEnabled()
    dialog.set_kind("MAH", True)
    assert {(c.kind, c.product_id) for c in dialog.accepted()} == {("MAH", "jubbonti"),
                                                                  ("MAH", "wyost")}
    assert dialog.save.isEnabled() and "2 accepted" in dialog.save.text()
    # one row of the kind unticked: the kind shows partly accepted
    item, _c = next((i, c) for i, c in dialog.change_items if c.product_id == "wyost")
    item.setCheckState(0, Qt.CheckState.Unchecked)
    assert dialog.kind_items["MAH"].checkState(0) == Qt.CheckState.PartiallyChecked
    dialog.set_all(True)
    kinds = {c.kind for c in dialog.accepted()}
    assert kinds == {"approval date", "MAH", "marketing status"}  # discontinued is written
    new = next(i for i, c in dialog.change_items if c.kind == "new product")
    assert not new.flags() & Qt.ItemFlag.ItemIsUserCheckable
    assert "Cannot be written" in new.toolTip(0)
    row = next(i for i, c in dialog.change_items if c.kind == "approval date")
    assert [row.text(k) for k in (2, 4)] == ["2024-03-05 (FDA approval)",
                                            "2024-03-06 (FDA approval)"]
    assert row.text(3).startswith("S37") and "line" in row.text(5)
    dialog.set_all(False)
    assert dialog.accepted() == []


def test_the_files_value_is_in_view_and_long_sources_are_whole_in_tooltips(qtbot, tmp_path,
                                                                          bundled):
    from denocompare.ui.import_dialog import HEADERS, WIDEST

    dialog = ImportDialog(_compare(bundled, _file(tmp_path, bundled)), bundled)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    tree, value = dialog.tree, HEADERS.index("File value")
    # the bundled sources run to 300+ characters: their columns open at the cap
    for name in ("Dataset source", "File source"):
        assert tree.columnWidth(HEADERS.index(name)) == WIDEST[name]
    assert all(tree.columnWidth(HEADERS.index(n)) <= w for n, w in WIDEST.items())
    header = tree.header()
    assert header.sectionPosition(value) + header.sectionSize(value) \
        <= tree.viewport().width()
    row, c = next((i, c) for i, c in dialog.change_items if c.kind == "approval date")
    assert len(c.old_source) > 100 and row.toolTip(3) == c.old_source
    assert row.toolTip(5) == c.new_source and row.toolTip(4) == row.text(4)


def test_import_runs_on_the_runner_and_writes_a_new_copy(qtbot, window, tmp_path,
                                                        monkeypatch, messages):
    path = _file(tmp_path, window.dataset)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    actions = ImportActions.of(window)
    assert ImportActions.of(window) is actions
    actions.choose_file()
    qtbot.waitUntil(lambda: actions.dialog is not None, timeout=15000)
    dialog = actions.dialog
    assert dialog.isVisible()
    dialog.set_kind("approval date", True)
    target = tmp_path / "updated"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(target), "Excel workbook (*.xlsx)"))
    before = window.dataset
    dialog.save.click()
    written = tmp_path / "updated.xlsx"
    qtbot.waitUntil(lambda: "Written" in dialog.status.text(), timeout=15000)
    assert window.dataset is before  # the open dataset is not changed
    copy = load_dataset(written)
    assert copy.meta("derived_from") == f"{window.dataset.label} (the bundled release)"
    a = copy["attributes"]
    rows = a[(a["product_id"] == "jubbonti") & (a["attribute"] == "us_approval_date")]
    assert set(zip(rows["value"], rows["preferred"], strict=True)) == {
        ("2024-03-05", "no"), ("2024-03-06", "yes")}
    dialog.close()


def test_a_bad_file_lists_its_problem(qtbot, window, tmp_path, problems):
    page = tmp_path / "purplebook.csv"
    page.write_text("<!DOCTYPE html><html><body>Error 503</body></html>")
    actions = ImportActions.of(window)
    actions.start(str(page))
    qtbot.waitUntil(lambda: bool(problems), timeout=15000)
    source, report, n, kept = problems[-1]
    assert source == "purplebook.csv" and "web page (HTML)" in report and n == 1
    assert "unchanged" in kept and actions.dialog is None
