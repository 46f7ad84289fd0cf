"""The bundled data is never written to, and a refusal creates nothing there first."""

from __future__ import annotations

import os

import pytest

from denocompare import cli
from denocompare.core.errors import ExportError
from denocompare.output.figure_export import export_all
from tests.helpers import DATA
from tests.output import writer_cases
from tests.output.writer_cases import CASES, SELECTION

ctx = writer_cases.shared_ctx  # the fixture, shared with the other writer tests

def _tree() -> dict[str, int]:
    return {str(p.relative_to(DATA)): p.stat().st_mtime_ns for p in DATA.rglob("*")} | {
        ".": DATA.stat().st_mtime_ns}


@pytest.mark.parametrize("case", list(CASES))
def test_no_writer_writes_into_the_bundled_data(ctx, case):
    name, write = CASES[case]
    before = _tree()
    for target in (DATA / name, DATA / "sub" / name):
        with pytest.raises(ExportError, match="bundled dataset is read-only"):
            write(ctx, target)
    assert _tree() == before


def test_export_all_refuses_before_making_the_folder(ctx, tmp_path):
    before = _tree()
    with pytest.raises(ExportError, match="bundled dataset is read-only"):
        export_all(ctx.ds, SELECTION, DATA / "charts" / "deeper")
    link = tmp_path / "link"
    os.symlink(DATA, link)  # a way in from elsewhere is refused as well
    with pytest.raises(ExportError, match="bundled dataset is read-only"):
        export_all(ctx.ds, SELECTION, link / "charts")
    assert _tree() == before and not (DATA / "charts").exists()


@pytest.mark.parametrize("argv", [["export", "--out", str(DATA / "charts")],
                                  ["report", "--out", str(DATA / "report.pdf")],
                                  ["report", "--out", str(DATA / "new" / "report.html")]])
def test_the_cli_refuses_and_creates_nothing(argv, capsys):
    before = _tree()
    assert cli.main(argv) == 1
    err = capsys.readouterr().err
    assert "bundled dataset is read-only" in err and "Traceback" not in err
    assert _tree() == before
