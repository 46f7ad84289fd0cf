"""`denocompare export` and `report` headless, as a user runs them."""

from __future__ import annotations

import os
import subprocess
import sys


def run(*args, cwd):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "QT_QPA_PLATFORM")}
    return subprocess.run([sys.executable, "-m", "denocompare", *args], capture_output=True,
                          text=True, cwd=cwd, env=env, timeout=300)


def test_export_every_chart_without_a_display(tmp_path):
    res = run("export", "--out", str(tmp_path / "charts"), "--format", "png,svg,pdf",
              "--dpi", "100", "--reference", "prolia", "--compare", "kefdensis", "stoboclo",
              cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    written = res.stdout.split()
    assert len(written) == 12
    for path in written:
        data = open(path, "rb").read(8)
        assert data[:4] in (b"\x89PNG", b"<?xm", b"%PDF")


def test_export_unknown_product_and_format(tmp_path):
    res = run("export", "--out", str(tmp_path), "--compare", "nosuch", cwd=tmp_path)
    assert res.returncode != 0 and "unknown product id" in res.stderr
    res = run("export", "--out", str(tmp_path), "--format", "gif", cwd=tmp_path)
    assert res.returncode == 2 and "gif" in res.stderr


def test_report_html_headless(tmp_path):
    res = run("report", "--out", str(tmp_path / "r.html"), cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    assert "Biosimilar comparison" in (tmp_path / "r.html").read_text(encoding="utf-8")


def test_reference_alone_compares_with_its_own_family(tmp_path):
    res = run("report", "--out", str(tmp_path / "x.html"), "--reference", "xgeva", cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    html = (tmp_path / "x.html").read_text(encoding="utf-8")
    # The title block names the products compared (the summary after it may name a
    # study of the same molecule run as Kefdensis against Prolia).
    assert "vs reference Xgeva" in html and "Kefdensis" not in html.split("<h2>Summary")[0]


def test_list_prints_ids_originators_first_with_strength(tmp_path):
    res = run("list", cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    lines = [line.split() for line in res.stdout.splitlines() if line.strip()]
    ids = [line[0] for line in lines[1:]]
    assert ids[0] == "prolia" and lines[1][1] == "originator" and "60 mg" in res.stdout
    assert ids.index("kefdensis") < ids.index("xgeva") < ids.index("wyost")


def test_export_with_a_saved_view_and_a_newer_file_refused(tmp_path):
    import json

    view = tmp_path / "v.denocompare.json"
    view.write_text(json.dumps({"kind": "denocompare comparison", "format_version": 1,
                                "view": {"reference": "xgeva", "comparators": ["gone"],
                                         "dpi": 80}}), encoding="utf-8")
    res = run("report", "--out", str(tmp_path / "x.html"), "--view", str(view), cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    assert "left out: gone" in res.stderr  # named, not a crash
    assert "Wyost" in (tmp_path / "x.html").read_text(encoding="utf-8")  # Xgeva's family
    view.write_text(json.dumps({"kind": "denocompare comparison", "format_version": 9,
                                "view": {"reference": "xgeva"}}), encoding="utf-8")
    res = run("export", "--out", str(tmp_path / "c"), "--view", str(view), cwd=tmp_path)
    assert res.returncode != 0 and "newer DenoCompare" in res.stderr
