"""Charts in the window, and every export a user reaches from it."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from openpyxl import load_workbook
from PySide6.QtWidgets import QApplication

from denocompare.io.validate import load_dataset

WHEN = dt.datetime(2026, 12, 1, 9, 30, tzinfo=dt.UTC)


def _panel(window, cls_name):
    return next(p for p in window.panels if type(p).__name__ == cls_name)


def test_adverse_tab_chart_and_table(window, qtbot):
    panel = _panel(window, "AdversePanel")
    window.tabs.setCurrentWidget(panel)
    qtbot.waitUntil(lambda: panel.band_chart.figure.axes != [], timeout=10000)
    assert panel.table.model.rowCount() > 0
    panel.set_mode(1)
    qtbot.waitUntil(lambda: panel.incidence_chart.figure.axes != [], timeout=10000)
    texts = {t.get_text() for ax in panel.incidence_chart.figure.axes for t in ax.texts}
    assert any("Back pain" in t for t in texts)


def test_soc_and_text_filters(window, qtbot):
    panel = _panel(window, "AdversePanel")
    window.tabs.setCurrentWidget(panel)
    total = panel.table.model.rowCount()
    panel.text.setText("pain")
    qtbot.waitUntil(lambda: panel.table.model.rowCount() < total, timeout=5000)
    rows = panel.table.model.frame()
    assert all("pain" in r.lower() for r in rows["Reaction"])


def test_chart_export_png_svg_pdf(window, qtbot, tmp_path):
    from PIL import Image

    from denocompare.output.figure_export import export_figure
    from denocompare.plotting import build_chart
    from denocompare.plotting.style import FIGSIZE
    from tests.system_tools import run_tool

    panel = _panel(window, "EquivalencePanel")
    window.tabs.setCurrentWidget(panel)
    chart = panel.forest_chart
    dpi = chart.dpi.value()
    selection = window.model.view
    window.exports.now = lambda: WHEN  # one time for both files' audit trail
    for fmt in ("png", "svg", "pdf"):
        path = chart.export(str(tmp_path / f"forest.{fmt}"), fmt)
        # The file is the chart of what the window shows: the same bytes as the
        # headless export of the same dataset and selection, with the same trail.
        alone = export_figure(build_chart("forest", window.dataset, selection),
                              tmp_path / f"headless.{fmt}", dpi=dpi,
                              trail=window.exports.trail())
        assert path is not None and path.read_bytes() == alone.read_bytes(), fmt
    with Image.open(tmp_path / "forest.png") as img:
        assert img.size == (round(FIGSIZE[0] * dpi), round(FIGSIZE[1] * dpi))
    text = " ".join(run_tool("pdftotext", str(tmp_path / "forest.pdf"), "-").split())
    assert "Equivalence: difference between arms against the margin" in text
    assert "Kefdensis vs Prolia" in text and "Stoboclo" not in text


def test_copy_chart_image(window):
    panel = _panel(window, "EquivalencePanel")
    window.tabs.setCurrentWidget(panel)
    image = panel.arms_chart.copy()
    assert not image.isNull() and image.width() > 500
    assert not QApplication.clipboard().image().isNull()


def _finished(qtbot, window, start):
    """Start a background export with ``start()``; wait for it; return its result."""
    with qtbot.waitSignal(window.exports.tasks.finished, timeout=60000) as blocker:
        assert start() is True
    return blocker.args[1]


def test_export_all_charts(window, tmp_path, qtbot):
    from PIL import Image

    from denocompare.plotting import CHARTS

    written = _finished(qtbot, window, lambda: window.exports.write_all_charts(str(tmp_path)))
    assert [p.name for p in written] == [f"{spec.filename}.png" for spec in CHARTS.values()]
    for path in written:
        with Image.open(path) as img:
            assert img.format == "PNG" and img.size[0] > 1000, path.name
    assert window.statusBar().currentMessage() == f"Wrote 4 charts to {tmp_path}"


def test_table_export_as_shown(window, tmp_path):
    table = window.panels[0].table
    table.filter.setText("storage")
    path = table.export(str(tmp_path / "products.xlsx"))
    ws = load_workbook(path).active
    rows = list(ws.iter_rows(values_only=True))
    shown = rows[1:rows.index(next(r for r in rows if all(v is None for v in r)))]
    assert len(shown) == table.model.rowCount()
    assert list(rows[0][1:]) == ["Prolia", "Kefdensis", "Sources"]


def test_report_from_window(window, tmp_path, qtbot):
    from tests.system_tools import run_tool

    path = _finished(qtbot, window,
                     lambda: window.exports.write_report(str(tmp_path / "report.pdf")))
    text = run_tool("pdftotext", "-layout", str(path), "-")
    for section in ("1. Product identity and attributes", "4. Comparative equivalence studies",
                    "6. Sources"):
        assert section in text
    assert "Products: Prolia; Kefdensis" in text  # the window's selection
    html = _finished(qtbot, window,
                     lambda: window.exports.write_report(str(tmp_path / "report.html")))
    assert "Biosimilar comparison" in html.read_text(encoding="utf-8")


def test_save_dataset_workbook_loads_back(window, tmp_path):
    from denocompare.core.schema import DERIVED_KEYS

    path = window.exports.write_workbook(str(tmp_path / "dataset.xlsx"))
    again = load_dataset(path)
    # The same tables; the copy's metadata also says what it was made from.
    extra = {"metadata": len(DERIVED_KEYS)}
    assert again.counts() == {k: n + extra.get(k, 0) for k, n in window.dataset.counts().items()}
    assert again.meta("derived_from") == f"{window.dataset.label} (the bundled release)"


def test_saving_over_the_open_dataset_asks_first(window, qtbot, tmp_path):
    path = window.exports.write_workbook(str(tmp_path / "dataset.xlsx"))
    window.open_path(str(path))
    qtbot.waitUntil(lambda: window.dataset.origin == str(path), timeout=15000)
    before = path.stat().st_mtime_ns
    asked = []
    assert window.exports.write_workbook(str(path), confirm=lambda: asked.append(1)) is None
    assert asked == [1] and path.stat().st_mtime_ns == before


def test_bundled_data_is_never_written_from_the_window(window, monkeypatch):
    from denocompare.resources import bundled_data_dir

    warned = []
    monkeypatch.setattr(window, "warn", lambda title, text: warned.append(text))
    assert window.exports.write_workbook(str(bundled_data_dir() / "x.xlsx")) is None
    assert warned and "read-only" in warned[0]


def _pdf_printer(path):
    from PySide6.QtPrintSupport import QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def test_print_a_chart_and_a_table(window, tmp_path, monkeypatch):
    from PySide6.QtPrintSupport import QPrintDialog

    monkeypatch.setattr(QPrintDialog, "exec", lambda self: 1)  # the user presses Print
    panel = _panel(window, "EquivalencePanel")
    window.tabs.setCurrentWidget(panel)
    assert panel.forest_chart.print_chart(printer=_pdf_printer(tmp_path / "chart.pdf"))
    assert (tmp_path / "chart.pdf").stat().st_size > 20_000
    table = window.panels[0].table
    assert table.print_table(printer=_pdf_printer(tmp_path / "table.pdf"))
    from tests.system_tools import run_tool

    text = run_tool("pdftotext", str(tmp_path / "table.pdf"), "-")
    assert "Prolia" in text and "Kefdensis" in text and "EU brand name" in text


def test_print_report_to_file_is_written_by_the_report_writer(window, tmp_path, monkeypatch,
                                                               qtbot):
    # "Print to file" in the print dialog writes the report as File > Export report does
    # (a writer that reports a full disk), not through Qt's printer.
    from PySide6.QtPrintSupport import QPrintDialog

    import denocompare.ui.exports as X
    from tests.system_tools import run_tool

    monkeypatch.setattr(QPrintDialog, "exec", lambda self: 1)
    monkeypatch.setattr(X.ExportActions, "_report_printer",
                        lambda self: _pdf_printer(tmp_path / "printed.pdf"))
    with qtbot.waitSignal(window.exports.tasks.finished, timeout=60000):
        window.exports.print_report()
    assert (tmp_path / "printed.pdf").read_bytes().startswith(b"%PDF")
    assert "WeasyPrint" in run_tool("pdfinfo", str(tmp_path / "printed.pdf"))


def test_family_report_text_pages_are_portrait(window, tmp_path, qtbot):
    # Tables split into parts of a few products instead of turning the page; only the
    # chart pages are landscape (tests/report/test_report_pdf.py).
    from tests.system_tools import run_tool

    window.selection_bar.select_family()
    path = _finished(qtbot, window,
                     lambda: window.exports.write_report(str(tmp_path / "family.pdf")))
    info = run_tool("pdfinfo", str(path))
    width, height = [float(x) for x in info.split("Page size:")[1].split("pts")[0].split("x")]
    assert width < height


def test_report_runs_off_the_gui_thread_and_the_window_keeps_working(window, tmp_path,
                                                                      qtbot, monkeypatch):
    import threading

    import denocompare.output.report_pdf as R

    threads = []
    real = R.write_pdf

    def spy(*args, **kwargs):
        threads.append(threading.current_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(R, "write_pdf", spy)
    with qtbot.waitSignal(window.exports.tasks.finished, timeout=60000):
        assert window.exports.write_report(str(tmp_path / "r.pdf"))
        assert window.exports.tasks.busy_bar.isVisible()
        # A second export while one runs is refused, not queued behind it.
        assert window.exports.write_report(str(tmp_path / "again.pdf")) is False
        window.selection_bar.select_family()  # the window still responds
    assert threads and threads[0] is not threading.main_thread()
    assert not window.exports.tasks.busy_bar.isVisible()
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF")
    assert not (tmp_path / "again.pdf").exists()


def test_report_failure_is_shown_with_its_reason(window, tmp_path, qtbot, monkeypatch):
    warned = []
    monkeypatch.setattr(window, "warn", lambda title, text: warned.append((title, text)))
    window.exports._tasks = None  # made again, with the patched warn
    missing = tmp_path / "no" / "such" / "folder" / "r.html"
    with qtbot.waitSignal(window.exports.tasks.failed, timeout=60000):
        assert window.exports.write_report(str(missing))
    assert warned and warned[0][0] == "Report not written"
    assert "folder" in warned[0][1] and "does not exist" in warned[0][1]
    assert not window.exports.tasks.busy()


def _built_and_settled(chart) -> bool:
    """The chart is built and no rebuild for a new size is pending.

    Pending layout events are delivered first: they resize the canvas, which starts
    the 200 ms rebuild timer (this waits for it instead of sleeping).
    """
    from PySide6.QtWidgets import QApplication

    QApplication.processEvents()
    return chart._built_size is not None and not chart._resize_timer.isActive()


def test_chart_is_built_again_for_its_new_width_after_a_resize(window, qtbot):
    # The footer and titles wrap to the width the figure had when it was built; a
    # narrower window used to cut the end of the source list off.
    from denocompare.plotting.style import FONT, chars_across

    window.resize(1500, 900)
    panel = _panel(window, "EquivalencePanel")
    window.tabs.setCurrentWidget(panel)
    window.selection_bar.select_family()  # a long source list
    chart = panel.forest_chart
    qtbot.waitUntil(lambda: _built_and_settled(chart), timeout=5000)
    wide = chart._built_size[0]
    window.resize(1280, 820)
    qtbot.waitUntil(lambda: chart._built_size[0] < 0.9 * wide, timeout=5000)
    width = chars_across(chart.figure, FONT["footer"])
    sources = [line for line in chart.figure.get_supxlabel().splitlines()
               if not line.startswith("Data:")]
    assert sources and all(len(line) <= width for line in sources)


def test_saving_a_window_figure_leaves_its_canvas_and_layout(window, qtbot):
    # save_figure is meant for figures built for a file, but handed the window's own
    # figure it must not freeze its layout or take it off its canvas.
    from io import BytesIO

    from denocompare.plotting.render import save_figure

    panel = _panel(window, "EquivalencePanel")
    window.tabs.setCurrentWidget(panel)
    chart = panel.forest_chart
    qtbot.waitUntil(lambda: chart.canvas is not None, timeout=5000)
    fig = chart.figure
    canvas, engine, size = fig.canvas, fig.get_layout_engine(), tuple(fig.get_size_inches())
    for fmt in ("png", "pdf"):
        buf = BytesIO()
        save_figure(fig, buf, fmt, 150)
        assert len(buf.getvalue()) > 1000
    assert fig.canvas is canvas and fig.get_layout_engine() is engine
    assert tuple(fig.get_size_inches()) == size


def test_a_large_reaction_table_is_computed_off_the_gui_thread(window, qtbot, monkeypatch):
    # From ASYNC_ROWS rows the tab's rows are made on a worker (a million rows held the
    # GUI thread 2-3 s); what it then shows must be what the direct road shows.
    from denocompare.ui.panels import adverse

    panel = _panel(window, "AdversePanel")
    window.tabs.setCurrentWidget(panel)
    qtbot.waitUntil(lambda: panel.table.model.rowCount() > 0, timeout=10000)
    direct = panel.table.model.frame()
    monkeypatch.setattr(adverse, "ASYNC_ROWS", 0)
    window.selection_bar.select_family()
    assert panel.is_busy() and panel.busy.isVisibleTo(panel)  # returned at once
    window.selection_bar.set_comparators(["kefdensis"])  # a second change overtakes it
    qtbot.waitUntil(lambda: not panel.is_busy(), timeout=10000)
    assert not panel.busy.isVisibleTo(panel)
    pd.testing.assert_frame_equal(panel.table.model.frame(), direct)
    qtbot.waitUntil(lambda: panel.band_chart.figure.axes != [], timeout=10000)
    assert "Kefdensis" in panel.band_chart.figure.get_suptitle()


def test_switching_mode_on_a_large_table_waits_for_the_worker(window, qtbot, monkeypatch):
    # The trial-incidence chart, shown by the switch, must not build its rows itself
    # (on the GUI thread) while the worker is computing them.
    from denocompare.ui.panels import adverse

    panel = _panel(window, "AdversePanel")
    window.tabs.setCurrentWidget(panel)
    qtbot.waitUntil(lambda: panel.table.model.rowCount() > 0, timeout=10000)
    monkeypatch.setattr(adverse, "ASYNC_ROWS", 0)
    panel.set_mode(1)
    chart = panel.incidence_chart
    assert panel.is_busy() and (chart.figure is None or chart.figure.axes == [])
    qtbot.waitUntil(lambda: not panel.is_busy(), timeout=10000)
    qtbot.waitUntil(lambda: chart.figure is not None and chart.figure.axes != [],
                    timeout=10000)
    assert "Product arm %" in panel.table.model.frame().columns


def test_closing_the_window_waits_for_rows_being_computed(window, qtbot, monkeypatch):
    from denocompare.ui.panels import adverse

    panel = _panel(window, "AdversePanel")
    window.tabs.setCurrentWidget(panel)
    qtbot.waitUntil(lambda: panel.table.model.rowCount() > 0, timeout=10000)
    monkeypatch.setattr(adverse, "ASYNC_ROWS", 0)
    window.selection_bar.select_family()
    assert panel.is_busy()
    window.close()
    assert panel.rows.idle()
