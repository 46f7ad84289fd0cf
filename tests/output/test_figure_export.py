"""Chart export: formats, reproducible bytes, atomic replacement, plain-text errors."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest
from matplotlib.figure import Figure

from denocompare.core.errors import ExportError
from denocompare.core.view import View
from denocompare.io.validate import load_dataset
from denocompare.output.figure_export import export_all, export_figure
from denocompare.plotting import CHARTS, build_chart, render

MINI = Path(__file__).resolve().parents[1] / "fixtures" / "mini"
SELECTION = View("prolia", ("kefdensis", "stoboclo", "obodence"))
MAGIC = {"png": b"\x89PNG\r\n\x1a\n", "svg": b"<?xml", "pdf": b"%PDF-"}


@pytest.fixture(scope="module")
def mini():
    return load_dataset(MINI)


@pytest.fixture
def fig(mini) -> Figure:
    return build_chart("forest", mini, SELECTION)


def _leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize("fmt", ["png", "svg", "pdf"])
def test_each_format_is_written_and_reproducible(mini, tmp_path, fmt):
    # The promise: the same data and selection give the same bytes (each export
    # builds its own figure, as the window and export_all do).
    first = export_figure(build_chart("forest", mini, SELECTION), tmp_path / f"a.{fmt}", dpi=60)
    second = export_figure(build_chart("forest", mini, SELECTION), tmp_path / f"b.{fmt}",
                           dpi=60)
    assert first == tmp_path / f"a.{fmt}"
    data = first.read_bytes()
    assert data.startswith(MAGIC[fmt])
    assert data == second.read_bytes(), "same chart, same bytes"
    assert _leftovers(tmp_path) == []


def test_metadata_carries_no_date_or_version(fig, tmp_path):
    pdf = export_figure(fig, tmp_path / "c.pdf").read_bytes()
    assert b"/CreationDate" not in pdf and b"/Producer" not in pdf
    svg = export_figure(fig, tmp_path / "c.svg").read_text(encoding="utf-8")
    assert "<dc:date>" not in svg
    png = export_figure(fig, tmp_path / "c.png", dpi=60).read_bytes()
    assert b"Software" not in png


def test_png_dpi_sets_the_pixel_size(fig, tmp_path):
    from PIL import Image

    with Image.open(export_figure(fig, tmp_path / "d.png", dpi=100)) as img:
        assert img.size == (1000, 560)


def test_format_argument_adds_a_missing_extension(fig, tmp_path):
    assert export_figure(fig, tmp_path / "chart", "svg") == tmp_path / "chart.svg"
    assert (tmp_path / "chart.svg").read_bytes().startswith(MAGIC["svg"])


@pytest.mark.parametrize("name, fmt, words", [
    ("chart.gif", None, "PNG, SVG or PDF"),
    ("chart", None, "add .png, .svg or .pdf"),
    ("chart.png", "jpeg", "not 'jpeg'"),
])
def test_unknown_format_is_refused_plainly(fig, tmp_path, name, fmt, words):
    with pytest.raises(ExportError, match=words):
        export_figure(fig, tmp_path / name, fmt)
    assert list(tmp_path.iterdir()) == []


def test_missing_folder_is_named(fig, tmp_path):
    with pytest.raises(ExportError) as info:
        export_figure(fig, tmp_path / "nowhere" / "chart.png")
    assert "does not exist" in str(info.value) and "chart.png" in str(info.value)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0,
                    reason="needs POSIX permissions and a non-root user")
def test_read_only_folder_is_explained(fig, tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        with pytest.raises(ExportError, match="permission"):
            export_figure(fig, locked / "chart.png")
    finally:
        locked.chmod(stat.S_IRWXU)


def _fail_while_writing(monkeypatch, fig, fmt: str, error: Exception) -> None:
    """Make the writer of ``fmt`` put half a file down, then fail."""
    def half_then_fail(*args, **_kwargs):
        fh = next(a for a in args if hasattr(a, "write"))
        fh.write(b"\x89PNG half a chart")
        raise error

    if fmt == "png":  # PNG is drawn, then compressed by Pillow (render.encode_png)
        monkeypatch.setattr(render, "encode_png", half_then_fail)
    else:
        monkeypatch.setattr(fig, "savefig", half_then_fail)


@pytest.mark.parametrize("fmt", ["png", "pdf"])
def test_failure_mid_write_keeps_the_old_file_and_no_temp(fig, tmp_path, monkeypatch, fmt):
    target = tmp_path / f"chart.{fmt}"
    target.write_bytes(b"old chart")
    _fail_while_writing(monkeypatch, fig, fmt, OSError(errno.ENOSPC, "No space left on device"))
    with pytest.raises(ExportError, match="disk is full"):
        export_figure(fig, target)
    assert target.read_bytes() == b"old chart"
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize("fmt", ["png", "svg"])
def test_unexpected_error_also_cleans_up(fig, tmp_path, monkeypatch, fmt):
    _fail_while_writing(monkeypatch, fig, fmt, RuntimeError("renderer failed"))
    with pytest.raises(RuntimeError):
        export_figure(fig, tmp_path / f"chart.{fmt}")
    assert list(tmp_path.iterdir()) == []


def test_success_replaces_the_old_file_completely(fig, tmp_path):
    target = tmp_path / "chart.png"
    target.write_bytes(b"old chart" * 10_000)
    export_figure(fig, target, dpi=60)
    data = target.read_bytes()
    assert data.startswith(MAGIC["png"]) and data.endswith(b"IEND\xaeB`\x82")
    assert _leftovers(tmp_path) == []


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_new_file_gets_ordinary_permissions(fig, tmp_path):
    old = os.umask(0o022)
    try:
        path = export_figure(fig, tmp_path / "chart.png", dpi=60)
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644


def test_export_all_writes_every_chart_in_every_format(mini, tmp_path):
    out = tmp_path / "new" / "charts"
    written = export_all(mini, SELECTION, out, formats=("png", "pdf"), dpi=60)
    expected = [out / f"{spec.filename}.{fmt}" for spec in CHARTS.values()
                for fmt in ("png", "pdf")]
    assert written == expected
    for path in written:
        assert path.read_bytes().startswith(MAGIC[path.suffix[1:]])
    assert _leftovers(out) == []


def test_export_all_refuses_an_unknown_format_before_writing(mini, tmp_path):
    with pytest.raises(ExportError):
        export_all(mini, SELECTION, tmp_path / "out", formats=("png", "bmp"))
    assert not (tmp_path / "out").exists()
