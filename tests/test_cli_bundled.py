"""Both bundled datasets through every chart, `denocompare export` and `report`, chosen
by name on the command line as a user does (`--data ustekinumab`)."""

from __future__ import annotations

import pytest

from denocompare import cli
from denocompare.core.view import starting_view
from denocompare.io.validate import load_dataset
from denocompare.plotting import CHARTS, build_chart
from denocompare.resources import bundled_data_dir
from tests.test_cli_export import run

NAMES = ["denosumab", "ustekinumab"]


@pytest.mark.parametrize("name", NAMES)
def test_every_chart_draws_for_the_starting_comparison(name):
    ds = load_dataset(bundled_data_dir(name))
    view = starting_view(ds)
    for key in CHARTS:
        fig = build_chart(key, ds, view)
        fig.canvas.draw()  # layout and text really laid out, not only built
        assert fig.axes, (name, key)


@pytest.mark.parametrize("name", NAMES)
def test_export_and_report_by_name(tmp_path, name):
    res = run("export", "--data", name, "--out", str(tmp_path / "charts"), "--format", "png",
              "--dpi", "60", cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    assert len(res.stdout.split()) == len(CHARTS)
    res = run("report", "--data", name, "--out", str(tmp_path / "r.html"), cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert f"Biosimilar comparison: {name}" in html


def test_the_window_option_takes_a_bundled_name():
    args = cli.build_parser().parse_args(["--data", "ustekinumab"])
    assert args.command is None and args.open_data == "ustekinumab"


def test_list_names_the_bundled_datasets(capsys):
    assert cli.main(["list", "--data", "ustekinumab"]) == 0
    out = capsys.readouterr().out
    assert "stelara" in out and "Bundled datasets (--data NAME): denosumab, ustekinumab" in out
