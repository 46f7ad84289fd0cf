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
    """Temporary files the writers left in ``folder`` (they name them ``.NAME.HEX.part``)."""
    return [p.name for p in folder.iterdir() if p.name.startswith(".")
            and p.name.endswith(".part")]


def test_leftovers_sees_the_writers_temporary_files(tmp_path):
    # The helper must match the name the writers really use, or every check below
    # passes whatever the writers leave behind.
    from denocompare.output.writers import _create_temp

    tmp = _create_temp(tmp_path / "chart.png")
    assert _leftovers(tmp_path) == [tmp.name]


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


NOBODY = 65534


def _as_a_user_without_rights(fn) -> str:
    """Run ``fn()`` as a user that folder permissions apply to; return what it raised.

    CI runs as root, which may write anywhere, so there the call runs in a forked
    child that drops to nobody (65534) first; the child has every module loaded
    already, so it needs to read nothing from the virtual environment.
    """
    if os.geteuid() != 0:
        try:
            fn()
        except Exception as exc:  # noqa: BLE001 - the caller asserts on the text
            return f"{type(exc).__name__}: {exc}"
        return "no error"
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        code = 1
        try:
            os.close(read_end)
            os.setgroups([])
            os.setgid(NOBODY)
            os.setuid(NOBODY)
            try:
                fn()
                message = "no error"
            except Exception as exc:  # noqa: BLE001
                message = f"{type(exc).__name__}: {exc}"
            os.write(write_end, message.encode())
            code = 0
        finally:
            os._exit(code)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as fh:
        message = fh.read().decode()
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, message
    return message


@pytest.fixture
def folders():
    """A readable parent with a read-only and a writable folder in it.

    Not ``tmp_path``: pytest makes its base folder private to the user running the
    tests, so nobody could not even reach it.
    """
    import shutil
    import tempfile

    parent = Path(tempfile.mkdtemp(prefix="denocompare-perm-"))
    parent.chmod(0o755)
    locked, open_ = parent / "locked", parent / "open"
    locked.mkdir(mode=0o555)
    open_.mkdir()
    open_.chmod(0o777)
    locked.chmod(0o555)
    yield locked, open_
    locked.chmod(0o755)
    shutil.rmtree(parent)


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_read_only_folder_is_explained(fig, folders):
    import PIL.Image  # noqa: F401 - loaded before a fork, so the child reads nothing

    locked, open_ = folders
    # The same user can write beside it: the refusal is the folder's permission.
    assert _as_a_user_without_rights(lambda: export_figure(fig, open_ / "chart.png",
                                                           dpi=60)) == "no error"
    assert (open_ / "chart.png").read_bytes().startswith(MAGIC["png"])
    message = _as_a_user_without_rights(lambda: export_figure(fig, locked / "chart.png"))
    assert message.startswith("ExportError: ") and "permission" in message, message
    assert str(locked) in message
    assert list(locked.iterdir()) == []


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
    from PIL import Image

    from tests.system_tools import run_tool

    for key, spec in CHARTS.items():
        # Each file holds its own chart: the PDF's text carries that chart's title.
        title = " ".join(build_chart(key, mini, SELECTION).get_suptitle().split())
        text = " ".join(run_tool("pdftotext", str(out / f"{spec.filename}.pdf"), "-").split())
        assert title and title in text, key
        with Image.open(out / f"{spec.filename}.png") as img:
            assert img.format == "PNG" and img.size == (600, 336), key  # 10 x 5.6 in, 60 dpi
    assert _leftovers(out) == []


def test_export_all_refuses_an_unknown_format_before_writing(mini, tmp_path):
    with pytest.raises(ExportError):
        export_all(mini, SELECTION, tmp_path / "out", formats=("png", "bmp"))
    assert not (tmp_path / "out").exists()
