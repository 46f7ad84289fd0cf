"""The committee report as PDF, rendered by WeasyPrint: no Qt, no print system, no network.

Why WeasyPrint and not Qt's ``QPrinter``: Qt's printer never reports a failed write
(a full disk gave a truncated PDF and exit 0), loads the CUPS plugin, which connects
to the print server, and needs a display connection, so a dead one aborted the
command. WeasyPrint renders the report's HTML and CSS (paged media: repeated table
headers, page numbers, no row split across pages) to bytes in memory; the file is
then written like every other one, through ``atomic_write``. It fetches nothing: the
charts are handed over as bytes (``chart:`` names, ``images``) or ``data:`` URIs, and any
other URL is refused.
"""

from __future__ import annotations

import logging
import struct
from collections.abc import Mapping
from io import BytesIO
from pathlib import Path
from typing import Any

from denocompare.core.audit import Trail
from denocompare.core.dataset import Dataset
from denocompare.core.errors import ExportError
from denocompare.core.view import View
from denocompare.output.writers import atomic_write, check_target
from denocompare.report.build import build_html, chart_png

PAPERS = ("A4", "Letter")
#: The charts' names in the report's HTML for a PDF: WeasyPrint is handed their PNG
#: bytes (``render_pdf``'s ``images``), not base64 ``data:`` URIs to parse and decode.
CHART_URL = "chart:{}"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

# WeasyPrint logs through "weasyprint"; with no handler anywhere Python would print its
# warnings (a missing optional library, say) on the command line. The application's
# log handlers, where there are any, still receive them.
logging.getLogger("weasyprint").addHandler(logging.NullHandler())


def _fetcher(images: Mapping[str, bytes]) -> Any:
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class DataOnly(URLFetcher):
        """``images`` and ``data:`` URIs only (in memory); every other URL is an error."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            if url in images:
                return URLFetcherResponse(url, images[url], {"Content-Type": "image/png"})
            if not url.startswith("data:"):
                raise ValueError(f"the report fetches nothing, not even {url[:80]}")
            return super().fetch(url, headers)

    # fail_on_errors: a refused URL stops the report instead of a silent gap in it.
    return DataOnly(allowed_protocols=("data",), fail_on_errors=True)


def _idat(image: Any) -> bytes | None:
    """The compressed pixels of an 8-bit RGB, non-interlaced PNG as Pillow opened it
    from bytes, as they are; None for any other image."""
    fp = getattr(image, "fp", None)
    if getattr(image, "format", None) != "PNG" or not isinstance(fp, BytesIO):
        return None
    raw = fp.getvalue()
    if raw[:8] != PNG_SIGNATURE or raw[12:16] != b"IHDR":
        return None
    width, height, depth, colour, _c, _f, interlace = struct.unpack(">IIBBBBB", raw[16:29])
    if (depth, colour, interlace) != (8, 2, 0) or tuple(image.size) != (width, height):
        return None
    chunks, at = [], 8
    while at + 8 <= len(raw):
        length, kind = struct.unpack(">I4s", raw[at:at + 8])
        if kind == b"IDAT":
            chunks.append(raw[at + 8:at + 8 + length])
        at += 12 + length
    return b"".join(chunks)


def _keep_png_streams() -> None:
    """Let WeasyPrint embed a PNG's compressed pixels as they are.

    To put a PNG into the PDF, WeasyPrint 70 decodes it and encodes it again with
    Pillow's default zlib level, only to take the compressed rows (IDAT) out of the new
    file (``RasterImage._get_png_data``); a PDF Flate stream with a PNG predictor reads
    them unchanged. For an 8-bit RGB chart of 2460 x 1500 pixels that was 0.3-0.9 s
    each, more than drawing it. The original rows are the same pixels (the PDF is
    larger by the difference of zlib levels 1 and 6); any other image (alpha,
    palette, interlaced) goes WeasyPrint's own way.
    """
    try:  # a private function of WeasyPrint: another release may not have it
        from weasyprint.images import RasterImage
    except ImportError:
        return
    original = getattr(RasterImage, "_get_png_data", None)
    if original is None or getattr(original, "keeps_png_streams", False):
        return  # that release's own way (slower, the same pixels)

    def png_data(pillow_image: Any) -> bytes:
        data = _idat(pillow_image)
        return original(pillow_image) if data is None else data

    png_data.keeps_png_streams = True  # type: ignore[attr-defined]
    RasterImage._get_png_data = staticmethod(png_data)


def render_pdf(text: str, paper: str = "A4",
               images: Mapping[str, bytes] | None = None) -> bytes:
    """The HTML ``text`` as PDF bytes on ``paper``, fetching nothing.

    Text pages are portrait; the chart pages (``@page chart``) landscape. ``images``:
    PNG bytes by the ``src`` that names them in ``text`` (``CHART_URL``).
    """
    import weasyprint

    _keep_png_streams()

    if paper not in PAPERS:
        raise ExportError(f"the report is printed on A4 or Letter, not '{paper}'")
    # In the document, after its own style: WeasyPrint's ``stylesheets`` argument is a
    # user style sheet, which the document's ``@page { size: A4 }`` would override.
    page = (f"<style>@page {{ size: {paper} portrait; }} "
            f"@page chart {{ size: {paper} landscape; }}</style></head>")
    document = weasyprint.HTML(string=text.replace("</head>", page, 1), base_url=None,
                               url_fetcher=_fetcher(images or {}))
    # bgcolor and border are how the HTML (shared with Qt's printing) marks the cells;
    # WeasyPrint honours such attributes only with presentational hints.
    return document.write_pdf(presentational_hints=True)


def write_pdf(ds: Dataset, view: View, target: Path, paper: str = "A4",
              trail: Trail | None = None, since: Dataset | None = None) -> Path:
    """Render the report to ``target`` (PDF), atomically.

    Parameters
    ----------
    ds : Dataset
        The loaded dataset.
    view : View
        The comparison the report shows (reference, comparators, filters).
    target : Path
        The PDF file to write.
    paper : {'A4', 'Letter'}
        Paper size: text pages portrait, chart pages landscape.
    trail : Trail, optional
        The audit trail (on the first page, at the end, in the PDF's info
        dictionary); by default made now, not saved.
    since : Dataset, optional
        The dataset last reviewed: the report lists what changed from it.

    Returns
    -------
    Path
        The file written.

    Raises
    ------
    ExportError
        When the target is refused or cannot be written (a full disk, a short write,
        a read-only file); the previous file is then untouched.
    """
    target = Path(target)
    check_target(target)  # refused before seconds of rendering, not after
    images: dict[str, bytes] = {}

    def image(key: str) -> str:
        images[url := CHART_URL.format(key)] = chart_png(ds, view, key)
        return url

    pdf = render_pdf(build_html(ds, view, image, trail=trail, since=since), paper, images)
    return atomic_write(target, lambda fh: fh.write(pdf))
