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


def test_what_says_the_row_in_words_not_table_names():
    from denocompare.report.changes_section import what

    assert what("attributes", "US / US interchangeability effective") == \
        "US interchangeability effective"
    assert what("attributes", "EU / Marketing-authorisation holder / applicant") == \
        "Marketing-authorisation holder / applicant (EU)"
    assert what("products", "denozen") == "Product entry"
    assert what("indications", "EU / PMO") == "Indication (EU): PMO"
    assert what("study_results", "BMD / 52 weeks / FAS") == "Study result: BMD / 52 weeks / FAS"
