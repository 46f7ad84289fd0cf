"""One comparison state: the bar and the tabs edit it, every output reproduces it."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
from matplotlib.figure import Figure
from PIL import Image

from denocompare.core.view import View
from denocompare.output.figure_export import export_all
from denocompare.plotting import CHARTS, build_chart
from denocompare.report.build import CHART_SIZE, chart_png
from denocompare.ui.main_window import MainWindow
from tests.plotting.helpers import row_labels


def _pixels(data_or_path) -> np.ndarray:
    from io import BytesIO

    source = BytesIO(data_or_path) if isinstance(data_or_path, bytes) else data_or_path
    return np.asarray(Image.open(source).convert("RGB"))


def _filtered(window, qtbot):
    """The Adverse tab filtered to reactions containing 'osteo', at 100 dpi."""
    panel = window.panels[2]
    window.tabs.setCurrentWidget(panel)
    panel.text.setText("osteo")
    qtbot.waitUntil(lambda: window.model.view.text == "osteo", timeout=5000)
    panel.band_chart.dpi.setValue(100)
    assert window.model.view.dpi == 100
    return panel


def test_every_output_draws_the_adverse_chart_shown_for_a_filtered_view(window, qtbot,
                                                                          tmp_path):
    panel = _filtered(window, qtbot)
    key = "adverse_bands"
    screen = panel.band_chart.export(str(tmp_path / "screen.png"), "png")
    assert panel.band_chart._drawn == CHARTS[key].drawn_from(window.model.view)
    with qtbot.waitSignal(window.exports.tasks.finished, timeout=60000):
        assert window.exports.write_all_charts(str(tmp_path / "all"))
    name = f"{CHARTS[key].filename}.png"
    saved = window.comparisons.save(str(tmp_path / "osteo.denocompare.json"))
    env_free = subprocess.run([sys.executable, "-m", "denocompare", "export", "--out",
                               str(tmp_path / "cli"), "--view", str(saved)],
                              capture_output=True, text=True, timeout=300)
    assert env_free.returncode == 0, env_free.stderr
    shown = _pixels(screen)
    assert np.array_equal(_pixels(tmp_path / "all" / name), shown)  # Export all charts
    assert np.array_equal(_pixels(tmp_path / "cli" / name), shown)  # denocompare export
    # The report draws the same chart at its landscape page's size (report.build), so its
    # pixels differ from the screen's; what it shows must not.
    report = chart_png(window.dataset, window.model.view, key, dpi=100)
    assert _pixels(report).shape[:2] == (int(CHART_SIZE[1] * 100), int(CHART_SIZE[0] * 100))
    in_report = build_chart(key, window.dataset, window.model.view,
                            fig=Figure(figsize=CHART_SIZE, layout="constrained"))
    assert row_labels(in_report) == row_labels(panel.band_chart.figure) != []
    unfiltered = export_all(window.dataset, window.model.view.replace(text=""),
                            tmp_path / "unfiltered", dpi=100)
    assert not np.array_equal(_pixels(unfiltered[0]), shown)  # the filter shows


def test_the_bar_mirrors_the_view_and_edits_it(window, qtbot):
    bar = window.selection_bar
    window.model.set_view(View("xgeva", ("wyost",), tab="adverse"))
    assert bar.reference.currentData() == "xgeva" and "Wyost" in bar.comparators.text()
    assert window.tabs.currentIndex() == 2
    bar.select_family()
    assert window.model.view.comparators == tuple(window.dataset.family("xgeva"))
    assert window.model.view.tab == "adverse"  # the rest of the view is kept


def test_rule_changing_the_reference_in_the_bar_compares_its_whole_family(window):
    bar = window.selection_bar
    bar.reference.setCurrentIndex(bar.reference.findData("xgeva"))
    assert window.model.view.comparators == tuple(window.dataset.family("xgeva"))


def test_rule_a_restored_reference_without_comparators_gets_its_family(qtbot, settings,
                                                                          problems):
    from denocompare.resources import bundled_data_dir

    settings.set_view({"reference": "xgeva", "comparators": [], "tab": "indications"})
    win = MainWindow(settings)
    qtbot.addWidget(win)
    win.show()
    win.open_path(str(bundled_data_dir()))
    qtbot.waitUntil(lambda: win.dataset is not None, timeout=15000)
    assert win.model.view.reference == "xgeva"
    assert win.model.view.comparators == tuple(win.dataset.family("xgeva"))
    assert win.tabs.currentIndex() == 1


def test_rule_the_first_start_opens_the_datasets_starting_comparison(window):
    view = window.model.view
    assert (view.reference, view.comparators) == ("prolia", ("kefdensis",))


def test_a_view_change_that_a_chart_does_not_read_draws_nothing(window, qtbot, monkeypatch):
    panel = window.panels[3]
    window.tabs.setCurrentWidget(panel)
    qtbot.waitUntil(lambda: panel.forest_chart.figure is not None, timeout=10000)
    redraws = []
    monkeypatch.setattr(type(panel.forest_chart), "redraw",
                        lambda self: redraws.append(self.key))
    window.model.update(text="osteo", soc=None, only_differences=True, dpi=150)
    assert redraws == []
    window.selection_bar.select_family()
    assert "forest" in redraws


def test_saved_comparison_round_trips_through_the_window(window, qtbot, tmp_path, settings,
                                                          messages):
    _filtered(window, qtbot)
    window.panels[2].set_mode(1)
    path = window.comparisons.save(str(tmp_path / "c"))
    shown = window.model.view
    window.model.set_view(View("xgeva"))
    assert window.comparisons.open(str(path))
    assert window.model.view == shown and messages == []
    assert window.panels[2].mode.checkedId() == 1 and window.panels[2].text.text() == "osteo"
    assert str(path) in settings.recent_comparisons()
    texts = [a.text() for a in window.recent_menu.actions()]
    assert path.name in texts


def test_opening_on_a_dataset_that_lacks_a_product_names_it(window, tmp_path, messages):
    path = tmp_path / "old.denocompare.json"
    path.write_text(json.dumps({"kind": "denocompare comparison", "format_version": 1,
                                "view": {"reference": "prolia",
                                         "comparators": ["kefdensis", "withdrawn"]},
                                "dataset": {"name": "Another", "version": "1",
                                            "content_hash": "0" * 64}}), encoding="utf-8")
    assert window.comparisons.open(str(path))
    assert window.model.view.comparators == ("kefdensis",)
    (kind, _title, text), = messages
    assert kind == "inform" and "withdrawn" in text and "Another 1" in text


def test_a_newer_comparison_file_is_refused(window, tmp_path, messages):
    path = tmp_path / "new.denocompare.json"
    path.write_text(json.dumps({"kind": "denocompare comparison", "format_version": 99,
                                "view": {"reference": "xgeva"}}), encoding="utf-8")
    before = window.model.view
    assert not window.comparisons.open(str(path))
    assert window.model.view == before
    assert messages[0][0] == "warn" and "newer DenoCompare" in messages[0][2]
