"""How the report's charts reach the PDF, and the tables it computes once."""

from __future__ import annotations

import shutil
import subprocess
import zlib
from io import BytesIO

import numpy as np
import pytest
from PIL import Image

from denocompare.core import compare as C
from denocompare.core.view import View
from denocompare.output import report_pdf
from denocompare.report.tables import ReportTables


def _png(mode: str = "RGB", **save) -> bytes:
    rng = np.random.default_rng(0)
    pixels = rng.integers(0, 256, (37, 53, 4 if mode == "RGBA" else 3), dtype=np.uint8)
    buf = BytesIO()
    Image.fromarray(pixels).convert(mode).save(buf, format="png", compress_level=1, **save)
    return buf.getvalue()


def _interlaced(png: bytes) -> bytes:
    """The same file with its header saying Adam7 (Pillow writes no interlaced PNG)."""
    header = png[12:28] + b"\x01"
    return png[:12] + header + zlib.crc32(header).to_bytes(4, "big") + png[33:]


def _idat(png: bytes) -> bytes:
    out, at = b"", 8
    while at < len(png):
        length = int.from_bytes(png[at:at + 4], "big")
        if png[at + 4:at + 8] == b"IDAT":
            out += png[at + 8:at + 8 + length]
        at += 12 + length
    return out


def test_an_rgb_png_keeps_its_compressed_rows():
    png = _png()
    assert report_pdf._idat(Image.open(BytesIO(png))) == _idat(png) != b""


@pytest.mark.parametrize("png", [_png("RGBA"), _png("P"), _png("L"), _interlaced(_png())])
def test_other_pngs_go_weasyprints_way(png):
    assert report_pdf._idat(Image.open(BytesIO(png))) is None


def test_an_image_changed_after_opening_goes_weasyprints_way():
    assert report_pdf._idat(Image.open(BytesIO(_png())).convert("L")) is None


@pytest.mark.skipif(shutil.which("pdfimages") is None, reason="poppler-utils not installed")
@pytest.mark.parametrize("mode", ["RGB", "RGBA"])
def test_the_pdf_shows_the_same_pixels(tmp_path, mode):
    png = _png(mode)
    pdf = report_pdf.render_pdf("<img src='chart:x'>", images={"chart:x": png})
    (tmp_path / "r.pdf").write_bytes(pdf)
    subprocess.run(["pdfimages", "-png", str(tmp_path / "r.pdf"), str(tmp_path / "i")],
                   check=True)
    shown = np.asarray(Image.open(tmp_path / "i-000.png").convert("RGB"))
    assert (shown == np.asarray(Image.open(BytesIO(png)).convert("RGB"))).all()


def test_only_the_named_images_are_handed_over():
    from weasyprint.urls import FatalURLFetchingError

    with pytest.raises(FatalURLFetchingError):
        report_pdf.render_pdf("<img src='chart:y'>", images={"chart:x": _png()})


@pytest.mark.parametrize("regions", [("EU", "US"), ("EU",), ("US",)])
def test_a_regions_matrix_is_its_own(bundled, regions):
    view = View("prolia", tuple(bundled.family("prolia")), regions=regions)
    tables = ReportTables(bundled, view)
    for region in regions:
        part = tables.indications(region)
        own = C.indication_matrix(bundled, view.replace(regions=(region,)))
        for got, want in zip((part.values, part.states, part.sources, part.details),
                             (own.values, own.states, own.sources, own.details), strict=True):
            assert got.equals(want)
    assert tables.gaps == C.gaps(bundled, view)


def test_a_weasyprint_without_the_private_function_keeps_its_own_way(monkeypatch):
    # _get_png_data is WeasyPrint's own, not an API: a release without it must still
    # give a report (its own, slower path), not an AttributeError.
    from weasyprint.images import RasterImage

    monkeypatch.delattr(RasterImage, "_get_png_data")
    report_pdf._keep_png_streams()
    assert not hasattr(RasterImage, "_get_png_data")


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
def test_the_pdf_shows_the_cells_colours_and_borders(tmp_path):
    # The report's HTML, shared with Qt's printing, marks a cell by bgcolor and a table
    # by border='1'; WeasyPrint drew neither (no colour for "differs", no grid) until
    # presentational hints were on.
    html = ("<html><head></head><body><table border='1' cellspacing='0'><tr>"
            "<td bgcolor='#f4c7e3'>differs</td><td>same</td></tr></table></body></html>")
    (tmp_path / "t.pdf").write_bytes(report_pdf.render_pdf(html))
    subprocess.run(["pdftoppm", "-r", "50", "-png", "-singlefile", str(tmp_path / "t.pdf"),
                    str(tmp_path / "t")], check=True)
    pixels = np.asarray(Image.open(tmp_path / "t.png").convert("RGB")).reshape(-1, 3)
    assert (np.abs(pixels.astype(int) - (0xF4, 0xC7, 0xE3)).sum(axis=1) < 12).sum() > 50
    assert (pixels.sum(axis=1) < 200).sum() > 50  # the grid's dark lines, not only text
