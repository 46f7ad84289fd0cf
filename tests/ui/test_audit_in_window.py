"""The window's exports carry its audit trail, with the saved comparison's file name."""

from __future__ import annotations

import datetime as dt

from openpyxl import load_workbook
from PIL import Image

from denocompare.output.writers import PROVENANCE_SHEET

WHEN = dt.datetime(2026, 12, 1, 9, 30, tzinfo=dt.UTC)


def _panel(window, cls_name):
    return next(p for p in window.panels if type(p).__name__ == cls_name)


def test_the_trail_names_the_open_comparison_file(window, tmp_path):
    window.exports.now = lambda: WHEN
    assert window.exports.trail().comparison_file == ""
    saved = window.comparisons.save(str(tmp_path / "committee"))
    assert saved is not None
    trail = window.exports.trail()
    assert trail.comparison_file == saved.name == "committee.denocompare.json"
    assert trail.made_at == "2026-12-01T09:30:00+00:00"
    assert trail.content_hash and trail.kind == "release"


def test_chart_and_table_exports_carry_it(window, tmp_path, qtbot):
    window.comparisons.save(str(tmp_path / "committee"))
    panel = _panel(window, "EquivalencePanel")
    window.tabs.setCurrentWidget(panel)
    png = panel.forest_chart.export(str(tmp_path / "forest.png"), "png")
    with Image.open(png) as img:
        assert img.text["DenoCompare comparison_file"] == "committee.denocompare.json"
    table = window.panels[0].table
    book = table.export(str(tmp_path / "products.xlsx"))
    wb = load_workbook(book)
    rows = {k: v for k, v in wb[PROVENANCE_SHEET].iter_rows(values_only=True) if k}
    assert rows["comparison_file"] == "committee.denocompare.json"
    csv = table.export(str(tmp_path / "products.csv"))
    header = csv.read_text(encoding="utf-8-sig").splitlines()[0]
    assert header.endswith(",Sources")  # issue 14: the CSV has the sources column too
    side = (tmp_path / "products.provenance.txt").read_text(encoding="utf-8")
    assert "Saved comparison: committee.denocompare.json" in side


def test_the_report_from_the_window_carries_it(window, tmp_path, qtbot):
    window.comparisons.save(str(tmp_path / "committee"))
    with qtbot.waitSignal(window.exports.tasks.finished, timeout=60000) as blocker:
        assert window.exports.write_report(str(tmp_path / "report.html")) is True
    page = blocker.args[1].read_text(encoding="utf-8")
    assert "Saved comparison: committee.denocompare.json" in page


def test_the_adverse_reactions_export_has_no_blank_heading_and_says_sources(window, tmp_path,
                                                                           qtbot):
    from openpyxl import load_workbook as load

    panel = _panel(window, "AdversePanel")
    window.tabs.setCurrentWidget(panel)
    qtbot.waitUntil(lambda: panel.table.model.rowCount() > 0, timeout=10000)
    csv = panel.table.export(str(tmp_path / "adverse.csv"))
    header = csv.read_text(encoding="utf-8-sig").splitlines()[0].split(",")
    assert header[0] == "Product" and "" not in header  # no index column
    assert header[-1] == "Sources" and "Source" not in header
    book = load(panel.table.export(str(tmp_path / "adverse.xlsx")))
    first = next(book.worksheets[0].iter_rows(values_only=True))
    assert first[0] == "Product" and "Sources" in first
