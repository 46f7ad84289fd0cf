"""The report PDF: WeasyPrint, no Qt, no display, no fetch; pages laid out for paper."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from matplotlib.figure import Figure
from matplotlib.text import Text

from denocompare.core.view import View
from denocompare.output.report_pdf import render_pdf, write_pdf
from denocompare.plotting import build_chart
from denocompare.plotting.render import settle_layout
from denocompare.report.build import CHART_ORDER, CHART_SIZE

needs_poppler = pytest.mark.skipif(shutil.which("pdfimages") is None,
                                   reason="poppler-utils not installed")
ROOT = Path(__file__).resolve().parents[2]

HEADLESS = """
import sys
from denocompare import cli
code = cli.main(["report", "--out", sys.argv[1]])
maps = open("/proc/self/maps").read() if sys.platform == "linux" else ""
print(code, any(m.split(".")[0] == "PySide6" for m in sys.modules), "libcups" in maps)
"""


def test_the_headless_report_imports_no_qt_and_needs_no_display(tmp_path):
    # A DISPLAY that does not answer (an SSH session whose forwarding died) used to
    # abort the command; now nothing looks at it. No print system is loaded either.
    env = dict(os.environ, DISPLAY="127.0.0.1:99", QT_QPA_PLATFORM="xcb")
    res = subprocess.run([sys.executable, "-c", HEADLESS, str(tmp_path / "r.pdf")],
                         capture_output=True, text=True, env=env, timeout=300, cwd=ROOT)
    assert res.returncode == 0, res.stderr
    assert res.stdout.split()[-3:] == ["0", "False", "False"], res.stdout
    assert res.stderr == ""  # no library warnings on the command line either
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize("url", ["file:///etc/hostname", "http://example.invalid/x.png",
                                 "https://example.invalid/s.css"])
def test_nothing_is_fetched(url):
    from weasyprint.urls import FatalURLFetchingError

    html = (f"<html><head><link rel='stylesheet' href='{url}'></head>"
            f"<body><img src='{url}'></body></html>")
    with pytest.raises(FatalURLFetchingError):
        render_pdf(html)


def test_data_uris_are_read():
    png = ("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQ"
           "AAAABJRU5ErkJggg==")
    assert render_pdf(f"<img src='data:image/png;base64,{png}'>").startswith(b"%PDF")


def _pdf(cmd: str, path: Path, *args: str) -> str:
    return subprocess.run([cmd, *args, str(path), *(["-"] if cmd == "pdftotext" else [])],
                          capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def family_pdf(bundled, tmp_path_factory):
    path = tmp_path_factory.mktemp("family") / "family.pdf"
    return write_pdf(bundled, View("prolia", tuple(bundled.family("prolia"))), path)


@needs_poppler
def test_text_pages_portrait_chart_pages_landscape(family_pdf):
    sizes = re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)",
                       _pdf("pdfinfo", family_pdf, "-l", "999"))
    landscape = [w > h for w, h in ((float(w), float(h)) for w, h in sizes)]
    assert landscape.count(True) == len(CHART_ORDER)
    assert not landscape[0] and landscape.count(False) > 10
    pages = _pdf("pdftotext", family_pdf, "-layout").split("\f")
    n = len(sizes)
    assert all(f"Page {i} of {n}" in page for i, page in enumerate(pages[:n], start=1))


@needs_poppler
def test_table_headers_repeat_and_no_word_leaves_its_cell(family_pdf):
    pages = _pdf("pdftotext", family_pdf, "-layout").split("\f")
    # Part 1 of the attribute table (page 2) runs on over pages 3 and 4: its header
    # row comes first on each.
    assert "Part 1 of 4" in pages[1]
    for page in pages[2:4]:
        first = next(line for line in page.splitlines() if line.strip()).split()
        assert first == ["Prolia", "Jubbonti", "Rolcya", "Obodence", "Stoboclo"], first
    words = re.findall(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>',
                       _pdf("pdftotext", family_pdf, "-bbox"), re.S)
    margin = 15 * 72 / 25.4
    for width, _h, body in words:
        boxes = sorted((float(a), float(b), float(c), float(d), t) for a, b, c, d, t in
                       re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                                  r'yMax="([\d.]+)">(.*?)</word>', body))
        assert all(margin - 1 <= b[0] and b[2] <= float(width) - margin + 1 for b in boxes)
        for i, a in enumerate(boxes):  # a word too wide for its cell would overlap
            for b in boxes[i + 1:]:
                if b[0] >= a[2] - 0.5:
                    break
                overlap = min(a[2], b[2]) - max(a[0], b[0]), min(a[3], b[3]) - max(a[1], b[1])
                assert min(overlap) <= 1, (a, b)


def _smallest_text_pt(ds, selection) -> float:
    sizes = []
    for key in CHART_ORDER:
        fig = build_chart(key, ds, selection, fig=Figure(figsize=CHART_SIZE,
                                                         layout="constrained"))
        settle_layout(fig, 300)
        sizes += [t.get_fontsize() for t in fig.findobj(Text)
                  if t.get_visible() and t.get_text().strip()]
    return min(sizes)


@needs_poppler
@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_chart_text_is_at_least_7_pt_on_paper(bundled, tmp_path, paper):
    selection = View("prolia", tuple(bundled.family("prolia")))
    path = write_pdf(bundled, View("prolia", ("kefdensis",)), tmp_path / "r.pdf", paper)
    ppi = [float(row.split()[12]) for row in _pdf("pdfimages", path, "-list").splitlines()[2:]]
    assert len(ppi) == len(CHART_ORDER)
    # Drawn at 300 dpi, shown at ``ppi``: a point of the figure is 300/ppi points on paper.
    smallest = min(_smallest_text_pt(bundled, s) for s in
                   (selection, View("prolia", ("kefdensis",))))
    assert smallest * 300 / max(ppi) >= 7.0, (smallest, ppi)


def _rows_under_part_notes(pdf: Path) -> list[tuple[int, str, int]]:
    """(page, 'Part k of n', rows of its table begun on that page), from word boxes:
    a row label's lines are a line apart, the next row's label further down."""
    margin = 15 * 72 / 25.4
    found = []
    pages = re.findall(r"<page [^>]*>(.*?)</page>", _pdf("pdftotext", pdf, "-bbox"), re.S)
    for n, body in enumerate(pages, start=1):
        words = [(float(x), float(y), t) for x, y, t in re.findall(
            r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">(.*?)</word>',
            body)]
        for i, (x, y, t) in enumerate(words[:-3]):
            if t == "Part" and words[i + 2][2] == "of" and x < margin + 3:
                left = sorted({round(wy) for wx, wy, _t in words
                               if wy > y + 20 and wx < margin + 6})
                rows = 1 + sum(b - a > 13 for a, b in zip(left, left[1:])) if left else 0
                found.append((n, f"Part {words[i + 1][2]} of {words[i + 3][2]}", rows))
    return found


@needs_poppler
def test_a_table_part_starts_with_a_few_rows_under_its_note(family_pdf):
    # 'Part 2 of 4' began at a page's foot with its header and one row (page 6), and
    # 'Part 3 of 4' of the indications with none.
    from denocompare.report.build import KEEP_ROWS

    parts = _rows_under_part_notes(family_pdf)
    assert len(parts) >= 8, parts
    assert all(rows >= KEEP_ROWS for _page, _part, rows in parts), parts
