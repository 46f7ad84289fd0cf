"""The committee report with "What changed since our last review": given the dataset
last reviewed, in the report after the summary, for the comparison's products; a bad
earlier dataset is said as any dataset's problems are, and no report is written."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest

from denocompare.core.apply_changes import apply_changes
from denocompare.core.changes import find_differences
from denocompare.core.view import comparison
from denocompare.io.regulators import read_regulator_file
from denocompare.io.validate import load_dataset
from denocompare.output.dataset_copy import write_dataset_copy
from denocompare.output.report_html import write_report
from denocompare.report.build import build_html
from tests.regulator_files import purple_book_rows, purple_book_text

HEADING = "What changed since our last review"


def _no_charts(_key: str) -> str:
    return "data:image/png;base64,"


@pytest.fixture(scope="module")
def updated(bundled, tmp_path_factory):
    """The bundled dataset after an import: Jubbonti's approval date, Xbryk discontinued."""
    folder = tmp_path_factory.mktemp("since")
    rows = [dict(r, **{"Approval Date": "06-Mar-24"}) if r["Proprietary Name"] == "Jubbonti"
            else dict(r, **{"Marketing Status": "Disc"}) if r["Proprietary Name"] == "Xbryk"
            else r for r in purple_book_rows(bundled)]
    path = folder / "purplebook-search-november-2026-data-download.csv"
    path.write_text(purple_book_text(rows), encoding="utf-8")
    d = find_differences(bundled, read_regulator_file(path))
    new = apply_changes(bundled, d, list(d.changes), today=dt.date(2026, 12, 1))
    return load_dataset(write_dataset_copy(new, folder / "updated.xlsx"))


def test_the_section_lists_the_comparisons_changes_after_the_summary(bundled, updated):
    view, _m = comparison(updated, "prolia", ("jubbonti",))
    text = build_html(updated, view, image=_no_charts, since=bundled)
    assert text.count(HEADING) == 1
    assert text.index("class='summary'") < text.index(HEADING) < text.index(
        "1. Product identity")
    section = text[text.index(HEADING):text.index("1. Product identity")]
    assert f"From <b>{bundled.title()}</b> to <b>{updated.title()}</b>" in section
    assert "<h3>Jubbonti</h3>" in section and "<h3>Xbryk</h3>" not in section
    assert "2024-03-05 (FDA approval)" in section and "2024-03-06 (FDA approval)" in section
    assert "S37" in section and "purplebook-search-november-2026" in section
    # Xbryk (Xgeva's biosimilar) is not in the comparison: counted, not listed
    assert "Not listed above: 1 change to Xbryk, which is not in this comparison." in section
    # the "What" column in words: no table name, the region said once
    assert "<td>US approval</td>" in section and "attributes:" not in section


def test_the_trail_records_the_dataset_compared_with(bundled, updated):
    from denocompare.core.saved import fingerprint

    view, _m = comparison(updated, "prolia", ("jubbonti",))
    text = build_html(updated, view, image=_no_charts, since=bundled)
    trail = text[text.index("<h2>Audit trail</h2>"):]
    full = fingerprint(bundled)
    assert f"Compared with: {bundled.label} (SHA-256 {full[:12]})" in trail
    head = text[:text.index("</head>")]
    assert f"name='denocompare.compared_with_sha256' content='{full}'" in head
    # one name for the dataset in the section and in the trail
    assert f"to <b>{updated.title()}</b>" in text and f"Dataset: {updated.label}" in trail
    assert "Compared with" not in build_html(updated, view, image=_no_charts)


def test_no_earlier_dataset_no_section_and_the_same_one_says_so(bundled):
    view, _m = comparison(bundled, "prolia", ("jubbonti",))
    assert HEADING not in build_html(bundled, view, image=_no_charts)
    same = build_html(bundled, view, image=_no_charts, since=bundled)
    assert "no value was added, removed or changed" in same


def test_the_report_writer_passes_it_on(bundled, updated, tmp_path):
    view, _m = comparison(updated, "xgeva", ("xbryk",))
    written = write_report(updated, view, tmp_path / "r.html", since=bundled)
    text = written.read_text(encoding="utf-8")
    assert "<h3>Xbryk</h3>" in text and "discontinued (as of 2026-11)" in text
    assert "publication" not in text.split(HEADING, 1)[1].split("1. Product identity")[0]


def _run(*args):
    return subprocess.run([sys.executable, "-m", "denocompare", *args], capture_output=True,
                          text=True, timeout=180)


def test_headless_since_a_bundled_name_and_a_bad_earlier_dataset(updated, tmp_path):
    out = tmp_path / "committee.html"
    res = _run("report", "--data", updated.origin, "--since", "denosumab", "--reference",
               "prolia", "--compare", "jubbonti", "--out", str(out))
    assert res.returncode == 0, res.stderr
    assert HEADING in out.read_text(encoding="utf-8")
    bad = tmp_path / "last-year.csv"
    bad.write_text("<html><body>Not found</body></html>", encoding="utf-8")
    target = tmp_path / "never.html"
    res = _run("report", "--data", updated.origin, "--since", str(bad), "--out", str(target))
    assert res.returncode == 1 and "Traceback" not in res.stderr
    assert "last-year.csv" in res.stderr and "nothing was loaded" in res.stderr
    assert not target.exists() and list(tmp_path.glob("never*")) == []
