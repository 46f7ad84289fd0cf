"""The audit trail of what the CLI writes: ``--view FILE`` is the saved comparison."""

from __future__ import annotations

import datetime as dt

from PIL import Image

from denocompare.cli import main
from denocompare.core import decision as D
from denocompare.core.saved import fingerprint
from denocompare.core.view import View
from denocompare.io.validate import load_dataset
from denocompare.output.comparison_file import write_comparison
from tests.helpers import MINI


def _saved(tmp_path):
    ds = load_dataset(MINI)
    entry = D.new_entry("Add a biosimilar?", "defer", "2027-01-01",
                        now=dt.datetime(2026, 11, 30, 10, tzinfo=dt.UTC))
    view = View("prolia", ("kefdensis",), decisions=D.History((entry,)))
    return ds, entry, write_comparison(ds, view, tmp_path / "committee")


def test_export_names_the_view_file_and_the_dataset(tmp_path, capsys):
    ds, entry, saved = _saved(tmp_path)
    assert main(["export", "--data", str(MINI), "--view", str(saved), "--out",
                 str(tmp_path / "charts"), "--dpi", "50"]) == 0
    pngs = sorted((tmp_path / "charts").glob("*.png"))
    assert pngs
    for png in pngs:
        with Image.open(png) as img:
            text = img.text
        assert text["DenoCompare comparison_file"] == "committee.denocompare.json"
        assert text["DenoCompare content_sha256"] == fingerprint(ds)
        assert text["DenoCompare decision_entry_id"] == entry.entry_id


def test_report_says_the_trail_on_the_first_page_and_at_the_end(tmp_path, capsys):
    ds, entry, saved = _saved(tmp_path)
    out = tmp_path / "r.html"
    assert main(["report", "--data", str(MINI), "--view", str(saved), "--out", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert f"content hash {fingerprint(ds)[:12]}" in page
    assert "Saved comparison: committee.denocompare.json" in page
    assert f"2027-01-01: defer (entry {entry.entry_id[:8]}" in page
    # Without --view: said as not saved, never left out.
    assert main(["report", "--data", str(MINI), "--out", str(out)]) == 0
    assert "Saved comparison: not saved" in out.read_text(encoding="utf-8")
