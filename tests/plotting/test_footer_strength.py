"""Chart footers name each source briefly (publisher, document, date) with its strength."""

from __future__ import annotations

from denocompare.plotting import style as St


def test_footer_names_each_source_and_marks_weak_ones(bundled):
    text = " ".join(St.footer_text(bundled, ["S2", "S4", "SEED-PROLIA"], width=400).split())
    assert text.startswith("Sources: S2 ")
    assert "S4 GitHub joofio/test-epi-composition" in text and "[secondary copy]" in text
    assert "SEED-PROLIA " in text and "[low quality]" in text


def test_a_brief_name_has_publisher_document_and_date(bundled):
    assert St.brief_source(bundled, "SEED-KEF") == \
        "SEED-KEF European Medicines Agency, EMA/329164/2025, 2025-11"


def test_footer_says_when_every_source_is_weak(bundled):
    assert St.footer_text(bundled, ["S19", "S4"], 400).startswith(
        "Sources (secondary sources only): S4 ")


def test_footer_of_official_sources_only_has_no_mark(bundled):
    text = St.footer_text(bundled, ["S2", "S10"], width=400)
    assert "secondary" not in text and "low quality" not in text and "[" not in text


def test_a_long_source_list_is_counted_not_run_off(bundled):
    ids = list(bundled["sources"]["source_id"])
    text = St.footer_text(bundled, ids, width=120)
    lines = text.splitlines()
    assert len(lines) <= St.MAX_SOURCE_LINES + 1 and all(len(x) <= 120 for x in lines)
    assert "more (see the sources table)" in text and lines[-1].startswith("Data: ")
