"""Every report and export carries the audit trail, read back from the file written."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from pathlib import Path

import pandas as pd
import pytest
from matplotlib.figure import Figure
from openpyxl import load_workbook
from PIL import Image

from denocompare.core import compare as C
from denocompare.core.audit import trail
from denocompare.core.errors import ExportError
from denocompare.core.schema import DERIVED_KEYS
from denocompare.core.view import View
from denocompare.io.validate import load_dataset
from denocompare.output import writers as W
from denocompare.output.dataset_copy import write_dataset_copy
from denocompare.output.figure_export import export_all, export_figure
from denocompare.output.report_html import write_report
from denocompare.output.table_export import (
    SOURCES_HEADING,
    row_sources,
    write_cells_csv,
    write_cells_xlsx,
)
from denocompare.plotting import CHARTS, build_chart
from denocompare.report.build import build_html
from tests.helpers import MINI
from tests.system_tools import run_tool

SELECTION = View("prolia", ("kefdensis", "stoboclo"))
WHEN = dt.datetime(2026, 12, 1, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=1)))


@pytest.fixture(scope="module")
def mini():
    return load_dataset(MINI)


@pytest.fixture(scope="module")
def audit(mini, tmp_path_factory):
    return trail(mini, SELECTION, tmp_path_factory.mktemp("s") / "committee.denocompare.json",
                 now=WHEN)


def _fig(mini) -> Figure:
    return build_chart("forest", mini, SELECTION)


def test_png_text_chunks(mini, audit, tmp_path):
    path = export_figure(_fig(mini), tmp_path / "c.png", dpi=40, trail=audit)
    with Image.open(path) as img:
        text = dict(img.text)
    assert text["Description"] == audit.one_line()
    assert text["DenoCompare content_sha256"] == audit.content_hash
    assert text["DenoCompare comparison_file"] == "committee.denocompare.json"
    assert text["Creation Time"] == "2026-12-01T09:30:00+01:00"
    assert text["Software"] == f"DenoCompare {audit.app_version}"  # not matplotlib's


def test_svg_metadata(mini, audit, tmp_path):
    svg = export_figure(_fig(mini), tmp_path / "c.svg", trail=audit).read_text("utf-8")
    assert f"<dc:identifier>sha256:{audit.content_hash}</dc:identifier>" in svg
    assert "<dc:date>2026-12-01T09:30:00+01:00</dc:date>" in svg
    assert "<dc:relation>committee.denocompare.json</dc:relation>" in svg
    assert f"<rdf:li>content_sha256={audit.content_hash}</rdf:li>" in svg
    assert "Matplotlib" not in svg


def test_pdf_info(mini, audit, tmp_path):
    path = export_figure(_fig(mini), tmp_path / "c.pdf", trail=audit)
    info = run_tool("pdfinfo", "-isodates", str(path))
    assert re.search(r"Subject:\s+Dataset: DenoCompare test fixture", info), info
    assert f"content_sha256={audit.content_hash}" in info
    assert re.search(r"Creator:\s+DenoCompare ", info)
    # 09:30 at +01:00, in UTC (matplotlib writes other zones with the wrong sign).
    assert re.search(r"CreationDate:\s+2026-12-01T08:30:00Z", info), info
    assert "Producer" not in info  # no matplotlib version


@pytest.mark.parametrize("fmt", ["png", "svg", "pdf"])
def test_the_same_trail_gives_the_same_bytes_and_a_later_one_differs(mini, audit, tmp_path,
                                                                     fmt):
    a = export_figure(_fig(mini), tmp_path / f"a.{fmt}", dpi=40, trail=audit).read_bytes()
    b = export_figure(_fig(mini), tmp_path / f"b.{fmt}", dpi=40, trail=audit).read_bytes()
    later = trail(mini, SELECTION, "committee.denocompare.json",
                  now=WHEN + dt.timedelta(minutes=1))
    c = export_figure(_fig(mini), tmp_path / f"c.{fmt}", dpi=40, trail=later).read_bytes()
    assert a == b and a != c


def test_export_all_stamps_every_file_and_makes_a_trail_by_default(mini, audit, tmp_path):
    written = export_all(mini, SELECTION, tmp_path / "x", ("png", "svg"), dpi=30, trail=audit)
    assert len(written) == 2 * len(CHARTS)
    for path in written:
        data = path.read_bytes()
        assert audit.content_hash.encode() in data, path.name
    default = export_all(mini, SELECTION, tmp_path / "y", ("png",), dpi=30)
    with Image.open(default[0]) as img:
        assert img.text["DenoCompare comparison_file"] == "not saved"
        assert img.text["DenoCompare content_sha256"] == audit.content_hash


def _sheet(path: Path, name: str) -> list[tuple]:
    wb = load_workbook(path)
    try:
        return [tuple(r) for r in wb[name].iter_rows(values_only=True)]
    finally:
        wb.close()


def _provenance(path: Path) -> dict:
    return {k: v or "" for k, v in _sheet(path, W.PROVENANCE_SHEET)[1:] if k}


def test_table_xlsx_has_a_provenance_sheet(audit, tmp_path):
    path = W.write_table(pd.DataFrame({"a": [1, 2]}), tmp_path / "t.xlsx", trail=audit)
    assert load_workbook(path).sheetnames == ["table", W.PROVENANCE_SHEET]
    got = _provenance(path)
    assert got["content_sha256"] == audit.content_hash
    assert got["comparison_file"] == "committee.denocompare.json"
    assert got == dict(audit.items())
    lines = [v for k, v in _sheet(path, W.PROVENANCE_SHEET) if not k and v]
    assert lines == audit.lines()


def test_csv_keeps_its_rows_and_gets_a_sidecar(audit, tmp_path):
    frame = pd.DataFrame({"a": [1, 2], "b": ["x", "=1+1"]})
    path = W.write_table(frame, tmp_path / "t.csv", index=False, trail=audit)
    back = pd.read_csv(path, encoding="utf-8-sig")
    assert list(back.columns) == ["a", "b"] and len(back) == 2  # the table, only
    side = tmp_path / "t.provenance.txt"
    text = side.read_text("utf-8")
    assert text.startswith(f"Provenance of t.csv (SHA-256 of its bytes: "
                           f"{hashlib.sha256(path.read_bytes()).hexdigest()})\n")
    assert audit.text() in text and f"content_sha256: {audit.content_hash}" in text
    # Without a trail, nothing beside it.
    W.write_table(frame, tmp_path / "plain.csv")
    assert not (tmp_path / "plain.provenance.txt").exists()


def test_a_read_only_sidecar_refuses_before_the_table_is_written(audit, tmp_path):
    side = tmp_path / "t.provenance.txt"
    side.write_text("old")
    side.chmod(0o444)
    with pytest.raises(ExportError, match="read-only"):
        W.write_table(pd.DataFrame({"a": [1]}), tmp_path / "t.csv", trail=audit)
    assert not (tmp_path / "t.csv").exists() and side.read_text() == "old"


def test_a_failed_sidecar_says_the_table_was_written_without_it(audit, tmp_path,
                                                                monkeypatch):
    real = W.atomic_write

    def fail_second(target, write):
        if target.name.endswith(".provenance.txt"):
            raise ExportError(f"could not write {target.name}: the disk is full")
        return real(target, write)

    monkeypatch.setattr(W, "atomic_write", fail_second)
    with pytest.raises(ExportError, match="t.csv was written, but not its audit trail"):
        W.write_table(pd.DataFrame({"a": [1]}), tmp_path / "t.csv", trail=audit)


def test_the_comparison_table_csv_has_a_sources_column(mini, audit, tmp_path):
    cells = C.attribute_table(mini, SELECTION)
    path = write_cells_csv(cells, tmp_path / "products.csv", audit)
    back = pd.read_csv(path, encoding="utf-8-sig", keep_default_na=False)
    assert list(back.columns)[1:] == [*cells.values.columns, SOURCES_HEADING]
    assert len(back) == len(cells.values.index)
    cited = [r for r in back[SOURCES_HEADING] if r]
    assert cited and all(": " in r for r in cited)  # "Prolia: S2 · Kefdensis: SEED-KEF"
    assert back[SOURCES_HEADING].tolist() == row_sources(cells)
    assert (tmp_path / "products.provenance.txt").is_file()


def test_the_comparison_table_xlsx_has_the_provenance_after_the_legend(mini, audit,
                                                                       tmp_path):
    cells = C.attribute_table(mini, SELECTION)
    path = write_cells_xlsx(cells, tmp_path / "p.xlsx", "Products", mini.title(), audit)
    assert load_workbook(path).sheetnames == ["Products", "legend", W.PROVENANCE_SHEET]
    assert _provenance(path)["made_at"] == "2026-12-01T09:30:00+01:00"


@pytest.mark.parametrize("name", ["copy.xlsx", "copy"])
def test_a_dataset_copy_records_what_it_was_made_from(mini, audit, tmp_path, name):
    path = write_dataset_copy(mini, tmp_path / name, audit)
    copy = load_dataset(path)  # the new metadata keys are valid data
    assert copy.meta("derived_from") == f"{mini.label} (the user's own dataset)"
    assert copy.meta("derived_from_sha256") == audit.content_hash
    assert copy.meta("derived_at") == audit.made_at
    assert copy.meta("derived_with") == f"DenoCompare {audit.app_version}"
    assert not copy.warnings
    plain = load_dataset(write_dataset_copy(mini, tmp_path / f"plain-{name}"))
    assert not any(plain.meta(k) for k in DERIVED_KEYS)


def test_the_report_html_carries_the_trail(mini, audit):
    page = build_html(mini, SELECTION, image=lambda k: f"{k}.png", trail=audit)
    head = page[:page.index("</head>")]
    assert f"<meta name='denocompare.content_sha256' content='{audit.content_hash}'>" in head
    assert "<meta name='dcterms.created' content='2026-12-01T09:30:00+01:00'>" in head
    first = page[:page.index("<div class='summary'>")]
    assert f"content hash {audit.short_hash}" in first and "Prepared 2026-12-01" in first
    tail = page[page.index("<h2>Audit trail</h2>"):]
    assert all(line.replace("'", "&#x27;") in tail for line in audit.lines())
    assert audit.content_hash in tail


def test_a_dataset_name_cannot_break_out_of_the_metadata(mini):
    evil = "x' onload='alert(1)' <script>"
    tables = dict(mini.tables)
    meta = tables["metadata"].copy()
    meta.loc[meta["key"] == "name", "value"] = evil
    tables["metadata"] = meta
    ds = type(mini)(tables)
    page = build_html(ds, SELECTION, image=lambda k: f"{k}.png", trail=trail(ds, SELECTION))
    assert "<script>" not in page and "onload='" not in page
    assert "x&#x27; onload=&#x27;alert(1)&#x27; &lt;script&gt;" in page


def test_the_report_pdf_info_and_text(mini, audit, tmp_path):
    path = write_report(mini, SELECTION, tmp_path / "r.pdf", trail=audit)
    info = run_tool("pdfinfo", "-isodates", str(path))
    assert f"content_sha256={audit.content_hash}" in info
    assert re.search(r"CreationDate:\s+2026-12-01T09:30:00\+01", info), info
    text = " ".join(run_tool("pdftotext", str(path), "-").split())
    assert "Audit trail" in text and "Saved comparison: committee.denocompare.json" in text
    assert audit.content_hash in text
