"""File > Report: what changed since…: the earlier dataset chosen (bundled, a folder, a
workbook, or none), remembered in the settings, and used by File > Export report; a bad
one stops the report with the loader's message."""

from __future__ import annotations

from PySide6.QtWidgets import QFileDialog, QInputDialog

from denocompare.resources import bundled_data_dir
from denocompare.ui.report_since import FOLDER, NONE, ReportSince
from denocompare.ui.settings_store import SettingsStore

HEADING = "What changed since our last review"


def _pick(monkeypatch, item: str, seen: list | None = None):
    def get_item(_parent, _title, _label, items, current, _editable):
        if seen is not None:
            seen.append((list(items), current))
        return item, True

    monkeypatch.setattr(QInputDialog, "getItem", get_item)


def test_the_menu_has_the_item(window):
    texts = [a.text() for a in window.file_menu.actions()]
    assert "Report: what c&hanged since…" in texts


def test_the_choice_is_remembered_and_offered_again(window, monkeypatch, tmp_path):
    since = ReportSince.of(window)
    assert ReportSince.of(window) is since and since.choice() == ""
    seen: list = []
    _pick(monkeypatch, "Bundled: ustekinumab", seen)
    since.choose()
    assert since.choice() == "ustekinumab" and seen[0][1] == 0
    assert "since ustekinumab" in window.statusBar().currentMessage()
    folder = tmp_path / "last-review"
    folder.mkdir()
    _pick(monkeypatch, FOLDER, seen)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(folder))
    since.choose()
    assert since.choice() == str(folder)
    # stored in the settings, read back through a new store, offered as the current one
    window.settings.sync()
    again = SettingsStore(window.settings._s)
    assert again.report_since() == str(folder)
    _pick(monkeypatch, FOLDER, seen)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: "")
    since.choose()  # the folder dialog cancelled: the choice stays
    items, current = seen[-1]
    assert since.choice() == str(folder) and items[current] == str(folder)
    _pick(monkeypatch, NONE)
    since.choose()
    assert since.choice() == ""


def test_the_exported_report_has_the_section(window, qtbot, tmp_path):
    ReportSince.of(window).set(str(bundled_data_dir()))
    with qtbot.waitSignal(window.exports.tasks.finished, timeout=60000) as blocker:
        assert window.exports.write_report(str(tmp_path / "report.html"))
    message, path = blocker.args
    text = path.read_text(encoding="utf-8")
    assert HEADING in text and "no value was added, removed or changed" in text
    assert "with what changed since" in message
    ReportSince.of(window).set("")
    with qtbot.waitSignal(window.exports.tasks.finished, timeout=60000) as blocker:
        assert window.exports.write_report(str(tmp_path / "plain.html"))
    assert HEADING not in blocker.args[1].read_text(encoding="utf-8")


def test_a_bad_earlier_dataset_stops_the_report(window, qtbot, tmp_path, messages):
    bad = tmp_path / "last-year.xlsx"
    bad.write_bytes(b"<html>not a workbook</html>")
    ReportSince.of(window).set(str(bad))
    target = tmp_path / "report.html"
    with qtbot.waitSignal(window.exports.tasks.failed, timeout=60000) as blocker:
        assert window.exports.write_report(str(target))
    (reason,) = blocker.args
    assert "last-year.xlsx" in reason and "nothing was loaded" in reason
    assert messages[-1][:2] == ("warn", "Report not written")
    assert not target.exists() and list(tmp_path.glob("report*")) == []


def test_printed_as_exported_and_a_bad_earlier_dataset_prints_nothing(window, tmp_path,
                                                                      monkeypatch, messages):
    import denocompare.ui.printing as P

    ReportSince.of(window).set(str(bundled_data_dir()))
    doc = window.exports._report_doc()
    assert HEADING in doc.toPlainText()
    bad = tmp_path / "last-year.xlsx"
    bad.write_bytes(b"PK\x03\x04 truncated")
    ReportSince.of(window).set(str(bad))
    printed: list = []
    monkeypatch.setattr(P, "print_with_dialog", lambda *a, **k: printed.append(a))
    window.exports.print_report()
    assert printed == [] and messages[-1][:2] == ("warn", "Report not printed")
    assert "last-year.xlsx" in messages[-1][2]


def test_the_export_dialog_says_what_it_will_compare_with(window, monkeypatch):
    titles: list[str] = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda _p, title, *a, **k: (titles.append(title), ("", ""))[1])
    ReportSince.of(window).set("ustekinumab")
    window.exports.export_report()
    ReportSince.of(window).set("")
    window.exports.export_report()
    assert titles == ["Export committee report (with what changed since ustekinumab)",
                      "Export committee report"]
