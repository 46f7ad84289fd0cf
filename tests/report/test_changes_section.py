"""The report section "What changed since our last review"."""

from __future__ import annotations

from denocompare.core.dataset_diff import diff_datasets
from denocompare.report.changes_section import changes_section_html


def test_no_change(bundled):
    html = changes_section_html(diff_datasets(bundled, bundled), "A 1", "A 1")
    assert "no value was added, removed or changed" in html


def test_a_table_per_product_with_both_sources_escaped(bundled, mini):
    diff = diff_datasets(mini, bundled)
    html = changes_section_html(diff, "Mini <1>", "Bundled")
    assert "Mini &lt;1&gt;" in html
    assert html.count("<table class='changes'>") == diff["product"].nunique()
    assert "Before (source)" in html and "Now (source)" in html
