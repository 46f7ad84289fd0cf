"""The committee report: every section, the study numbers, every cited source."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from denocompare.core.view import View
from denocompare.output.report_html import write_html
from denocompare.report.build import build_html, cited_sources
from tests.system_tools import require, run_tool

SECTIONS = ("1. Product identity and attributes", "2. Indications", "3. Adverse reactions",
            "4. Comparative equivalence studies", "5. Not reported in the sources",
            "6. Sources")


@pytest.fixture(scope="module")
def html(bundled):
    return build_html(bundled, View("prolia", ("kefdensis",)), image=lambda k: f"{k}.png")


def test_every_section_in_order(html):
    positions = [html.index(s) for s in SECTIONS]
    assert positions == sorted(positions)


def test_title_page(html, bundled):
    assert "Kefdensis vs reference Prolia" in html
    assert bundled.version in html


def test_study_numbers_and_verdict(html):
    assert "532" in html and "5.3" in html and "5.2" in html
    # Not computable, with the source's own words beside it (never as the verdict).
    assert "not computable: CI or margin not reported</b> <span style='color:#555'><i>(" \
        "source states: equivalent)" in html


def test_every_cited_source_listed(html, bundled):
    ids = cited_sources(bundled, ["prolia", "kefdensis"])
    assert "SEED-KEF" in ids
    listed = html[html.index("6. Sources"):]
    for sid in ids:
        assert f"{sid} — " in listed
    cited_in_body = set(re.findall(r"\[([A-Z][A-Z0-9\-; ]+)\]", html[:html.index("6. Sources")]))
    for group in cited_in_body:
        for sid in group.split(";"):
            assert sid.strip() in ids, sid


def test_charts_embedded(html):
    for key in ("adverse_bands", "adverse_incidence", "forest", "study_arms"):
        assert f"src='{key}.png'" in html


def test_html_file_is_self_contained(tmp_path, bundled):
    path = write_html(bundled, View("prolia", ("kefdensis",)), tmp_path / "r.html")
    text = path.read_text(encoding="utf-8")
    assert text.count("data:image/png;base64,") == 4


def test_cli_report_pdf_headless(tmp_path):
    require("pdftotext")
    out = tmp_path / "committee.pdf"
    env = {k: v for k, v in __import__("os").environ.items() if k not in ("DISPLAY",
                                                                          "QT_QPA_PLATFORM")}
    res = subprocess.run([sys.executable, "-m", "denocompare", "report", "--out", str(out),
                          "--reference", "prolia", "--compare", "kefdensis"],
                         capture_output=True, text=True, env=env, timeout=300, cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    assert out.read_bytes().startswith(b"%PDF")
    text = run_tool("pdftotext", "-layout", str(out), "-")
    for s in SECTIONS:
        assert s in text
    assert "Kefdensis" in text and "532" in text
    pages = run_tool("pdfinfo", str(out))
    assert int(re.search(r"Pages:\s+(\d+)", pages).group(1)) >= 6


def test_a_negative_zero_reads_as_zero():
    from denocompare.report.fragments import _v

    assert _v(-0.0) == "0" and _v(-0.08) == "-0.08" and _v(1.5, "%") == "1.5 %"
