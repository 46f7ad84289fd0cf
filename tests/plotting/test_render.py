"""The one save path: PNG drawn then compressed, layout settled once, export_all's
second thread. Pictures are compared with matplotlib's own ``savefig`` of the same
chart, so a faster path can never quietly draw something else."""

from __future__ import annotations

import errno
from io import BytesIO

import numpy as np
import pytest
from matplotlib.figure import Figure
from matplotlib.testing.compare import compare_images
from PIL import Image

from denocompare.core.errors import ExportError
from denocompare.core.view import View
from denocompare.output.figure_export import export_all
from denocompare.plotting import CHARTS, build_chart, render
from tests.plotting.helpers import ALL_MINI

DPI = 60


def _savefig_png(fig: Figure, path) -> None:
    fig.savefig(path, format="png", dpi=DPI)


@pytest.mark.parametrize("key", list(CHARTS))
def test_png_is_the_picture_savefig_draws(mini, key, tmp_path):
    ours, theirs = tmp_path / "ours.png", tmp_path / "theirs.png"
    with open(ours, "wb") as fh:
        render.save_figure(build_chart(key, mini, ALL_MINI), fh, "png", DPI)
    _savefig_png(build_chart(key, mini, ALL_MINI), theirs)
    assert Image.open(ours).size == Image.open(theirs).size
    assert compare_images(str(theirs), str(ours), tol=0.5) is None


@pytest.mark.parametrize("key", list(CHARTS))
def test_settled_layout_is_the_layout_savefig_computes(mini, key, tmp_path):
    settled = build_chart(key, mini, ALL_MINI)
    render.settle_layout(settled, DPI)
    assert settled.get_layout_engine() is None or \
        type(settled.get_layout_engine()).__name__ == "PlaceHolderLayoutEngine"
    _savefig_png(settled, tmp_path / "settled.png")
    _savefig_png(build_chart(key, mini, ALL_MINI), tmp_path / "constrained.png")
    assert compare_images(str(tmp_path / "constrained.png"), str(tmp_path / "settled.png"),
                          tol=0.5) is None


def test_opaque_charts_drop_the_alpha_channel_transparent_ones_keep_it(mini):
    fig = build_chart("forest", mini, ALL_MINI)
    assert render.draw_raster(fig, DPI).shape[2] == 3
    fig.set_facecolor("none")
    assert render.draw_raster(fig, DPI).shape[2] == 4


def test_drawing_at_export_dpi_leaves_the_figure_dpi_alone(mini):
    fig = build_chart("forest", mini, ALL_MINI)
    before = fig.dpi
    pixels = render.draw_raster(fig, 2 * before)
    assert fig.dpi == before
    width, height = fig.get_size_inches() * 2 * before
    assert pixels.shape[:2] == (round(height), round(width))


def test_png_records_its_dpi(mini):
    buf = BytesIO()
    render.save_figure(build_chart("study_arms", mini, ALL_MINI), buf, "png", 150)
    dpi = Image.open(BytesIO(buf.getvalue())).info["dpi"]
    assert np.allclose(dpi, (150, 150), atol=0.05)  # stored as dots per metre


def test_export_all_reports_a_failure_on_the_compressing_thread(mini, tmp_path, monkeypatch):
    real = render.encode_png
    calls = []

    def full_disk_on_second(pixels, fh, dpi, metadata=None):
        calls.append(1)
        if len(calls) == 2:
            fh.write(b"\x89PNG half")
            raise OSError(errno.ENOSPC, "No space left on device")
        real(pixels, fh, dpi, metadata)

    monkeypatch.setattr(render, "encode_png", full_disk_on_second)
    # export_all looked the function up at import; patch where it is used, too.
    monkeypatch.setattr("denocompare.output.figure_export.encode_png", full_disk_on_second)
    with pytest.raises(ExportError, match="disk is full") as err:
        export_all(mini, View("prolia", ("kefdensis",)), tmp_path, ("png",), DPI)
    second = list(CHARTS.values())[1].filename
    assert f"{second}.png" in str(err.value)
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]
    assert not (tmp_path / f"{second}.png").exists()
