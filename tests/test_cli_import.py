"""``denocompare import`` and ``denocompare changes``, run as a user runs them."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

from denocompare.core.saved import fingerprint
from denocompare.io.validate import load_dataset
from tests.helpers import DATA
from tests.regulator_files import purple_book_rows, purple_book_text


def run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "denocompare", *args], capture_output=True,
                          text=True, cwd=cwd, timeout=120)


@pytest.fixture(scope="module")
def pb_file(tmp_path_factory, bundled):
    rows = [dict(r, **{"Approval Date": "06-Mar-24"}) if r["Proprietary Name"] == "Jubbonti"
            else dict(r, **{"Marketing Status": "Disc"}) if r["Proprietary Name"] == "Xbryk"
            else r for r in purple_book_rows(bundled)]
    path = tmp_path_factory.mktemp("pb") / "purplebook-search-november-2026-data-download.csv"
    path.write_text(purple_book_text(rows), encoding="utf-8")
    return path


def test_import_prints_the_differences_with_both_sources(pb_file):
    res = run("import", str(pb_file))
    assert res.returncode == 0, res.stderr
    out = res.stdout
    assert "FDA Purple Book data download, as of 2026-11" in out
    assert "[approval date] Jubbonti (US) — us_approval_date" in out
    assert "dataset: 2024-03-05 (FDA approval)   [S37" in out
    assert "file:    2024-03-06 (FDA approval)   [purplebook-search-november-2026" in out
    assert "[marketing status] Xbryk (US) — us_market_status" in out
    assert "file:    discontinued   [" in out


def test_accept_writes_a_new_copy_that_opens(pb_file, tmp_path):
    out = tmp_path / "updated.xlsx"
    res = run("import", str(pb_file), "--accept", "approval-date", "--out", str(out))
    assert res.returncode == 0, res.stderr
    assert "1 accepted difference" in res.stdout and out.is_file()
    assert run("validate", str(out)).returncode == 0
    # The copy's metadata names what it was made from: the bundled release, by hash.
    copy, release = load_dataset(out), load_dataset(DATA)
    assert copy.meta("derived_from") == f"{release.label} (the bundled release)"
    assert copy.meta("derived_from_sha256") == fingerprint(release)
    memo = tmp_path / "memo.csv"
    res = run("changes", str(DATA), str(out), "--out", str(memo))
    assert res.returncode == 0, res.stderr
    assert "1 value added, removed or changed" in res.stdout
    side = (tmp_path / "memo.provenance.txt").read_text(encoding="utf-8")
    assert f"content_sha256: {fingerprint(copy)}" in side
    assert f"Compared with: {release.label} (SHA-256 {fingerprint(release)[:12]})" in side
    table = pd.read_csv(memo, encoding="utf-8-sig", keep_default_na=False)
    (row,) = table.to_dict("records")
    assert (row["product_id"], row["change"]) == ("jubbonti", "changed")
    assert row["old_value"] == "2024-03-05 (FDA approval)" and "S37" in row["old_source"]
    assert row["new_value"] == "2024-03-06 (FDA approval)"
    assert pb_file.name in row["new_source"]


def test_accept_all_into_a_csv_folder(pb_file, tmp_path):
    res = run("import", str(pb_file), "--accept", "all", "--out", str(tmp_path / "copy"))
    assert res.returncode == 0, res.stderr
    assert "2 accepted differences." in res.stdout  # Xbryk's discontinued written too
    assert (tmp_path / "copy" / "sources.csv").is_file()
    assert run("validate", str(tmp_path / "copy")).returncode == 0


def test_never_into_the_bundled_data_nor_over_the_dataset(pb_file, data_copy):
    res = run("import", str(pb_file), "--accept", "all", "--out", str(DATA / "new"))
    assert res.returncode == 1 and "bundled dataset is read-only" in res.stderr
    assert not (DATA / "new").exists()
    res = run("import", str(pb_file), "--data", str(data_copy), "--accept", "all",
              "--out", str(data_copy))
    assert res.returncode == 2 and "not the dataset itself" in res.stderr


def test_usage_errors(pb_file, tmp_path):
    assert run("import", str(pb_file), "--accept", "all").returncode == 2
    res = run("import", str(pb_file), "--accept", "colour", "--out", str(tmp_path / "x"))
    assert res.returncode == 2 and "approval-date" in res.stderr
    assert run("changes", str(DATA), str(DATA), "--out", str(tmp_path / "m.txt")).returncode == 2


def test_a_bad_file_is_a_plain_message(tmp_path):
    page = tmp_path / "purplebook.csv"
    page.write_text("<html><body>Service unavailable</body></html>")
    res = run("import", str(page))
    assert res.returncode == 1 and "web page (HTML)" in res.stderr
    assert "Traceback" not in res.stderr


def test_the_review_memo_as_a_report_page(pb_file, tmp_path):
    out = tmp_path / "updated.xlsx"
    assert run("import", str(pb_file), "--accept", "approval-date", "--out",
               str(out)).returncode == 0
    page = tmp_path / "memo.html"
    res = run("changes", str(DATA), str(out), "--out", str(page))
    assert res.returncode == 0, res.stderr
    text = page.read_text(encoding="utf-8")
    assert "What changed since our last review" in text and "<h3>Jubbonti</h3>" in text
    assert "2024-03-05 (FDA approval)" in text and "2024-03-06 (FDA approval)" in text
    assert "1 changed, in 1 product." in text
    assert "<h2>Audit trail</h2>" in text and "Compared with: " in text
    assert "<meta name='denocompare.compared_with'" in text


def test_changes_and_import_take_a_bundled_name(pb_file, tmp_path):
    out = tmp_path / "updated"
    res = run("import", str(pb_file), "--data", "denosumab", "--accept", "approval-date",
              "--out", str(out))
    assert res.returncode == 0, res.stderr
    res = run("changes", "denosumab", str(out))
    assert res.returncode == 0, res.stderr
    assert "1 value added, removed or changed" in res.stdout
