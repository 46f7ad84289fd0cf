"""The report says how strong the sources under its values are."""

from __future__ import annotations

from denocompare.core.view import View
from denocompare.report.build import build_html


def test_report_marks_weak_citations_and_grades_every_source(bundled):
    html = build_html(bundled, View("prolia", ("kefdensis",)), image=lambda k: f"{k}.png")
    # Prolia's EU storage rests on the package-leaflet copy in a test repository (S4).
    assert "[S4] <i>(secondary sources only)</i>" in html
    assert "[SEED-PROLIA] <i>(low-quality source only)</i>" in html
    sources = html[html.index("6. Sources"):]
    assert "(secondary copy, weak: secondary;" in sources
    assert "(regulator document or record, official" in sources


def test_report_shows_a_linked_study_for_the_other_brand(bundled):
    html = build_html(bundled, View("xgeva", ("wyost",)), image=lambda k: f"{k}.png")
    assert "same molecule (GP2411) as Wyost: study run with Jubbonti against Prolia" in html
