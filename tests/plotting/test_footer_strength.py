"""Chart footers say when the sources under a chart are secondary or of low quality."""

from __future__ import annotations

from denocompare.plotting import style as St


def test_footer_names_secondary_and_low_quality_sources(bundled):
    text = St.footer_text(bundled, ["S2", "S4", "SEED-PROLIA"], width=400)
    assert text.startswith("Sources: S2; S4; SEED-PROLIA (secondary copies: S4; "
                           "low quality: SEED-PROLIA)")


def test_footer_says_when_every_source_is_weak(bundled):
    assert "(all secondary copies: S4, S19)" in St.footer_text(bundled, ["S19", "S4"], 400)


def test_footer_of_official_sources_only_has_no_mark(bundled):
    text = St.footer_text(bundled, ["S2", "S10"], width=400)
    assert "secondary" not in text and "low quality" not in text
