"""Help > About and the details pane show how strong each source is."""

from __future__ import annotations

from denocompare.ui.dialogs import about_html


def test_about_lists_each_source_with_kind_strength_and_note(bundled):
    text = about_html(bundled)
    assert text.count("<b>Kind:</b>") == len(bundled["sources"])
    assert "<b>Kind:</b> low quality; <b>strength:</b> weakest: low quality" in text
    assert "<b>Kind:</b> regulator document or record; <b>strength:</b> official" in text
    assert "<b>note:</b> Seed copy; AI-generated overview" in text


def test_details_pane_marks_a_value_on_secondary_sources_only(qtbot, bundled):
    from denocompare.ui.panels.details import DetailsPane

    pane = DetailsPane()
    qtbot.addWidget(pane)
    pane.ds = bundled
    pane.show_cell("Prolia — Storage (EU)", "Store in a refrigerator", "", "S4")
    assert "Evidence: secondary sources only" in pane.toPlainText()
    pane.show_cell("Prolia — Dose (EU)", "60 mg", "", "S3;S1")
    assert "Evidence:" not in pane.toPlainText()
