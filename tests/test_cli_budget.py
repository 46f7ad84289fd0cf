"""`denocompare budget`: the inputs sheet to printed results, tables and charts."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pandas as pd

from denocompare.cli import main
from denocompare.core.view import View
from denocompare.output.comparison_file import write_comparison
from tests.io.test_budget_inputs import EXAMPLE, WORKED


def test_the_worked_example_prints_and_writes_every_table_and_chart(tmp_path, capsys):
    inputs = tmp_path / "inputs.csv"
    inputs.write_text(WORKED.replace("switched_share_percent", "switching_cost_per_patient"
                                     ",,,20\nswitched_share_percent"), encoding="utf-8")
    assert main(["budget", "--inputs", str(inputs), "--out", str(tmp_path / "out"),
                 "--format", "png,svg"]) == 0
    out = capsys.readouterr().out
    assert "60,000.00" in out and "51,000.00" in out and "-9,000.00" in out
    assert "total" in out and "Break-even cost per dose of Kefdensis: 290.00" in out
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    # 4 tables as CSV and XLSX, 2 charts as PNG and SVG, and each CSV's audit trail.
    assert len(names) == 16 and "budget-by-year.xlsx" in names
    assert "budget-by-year.provenance.txt" in names
    year = pd.read_csv(tmp_path / "out" / "budget-by-year.csv", encoding="utf-8-sig")
    assert year.loc[0, "Difference (EUR)"] == -9000 and "Prices" not in year.columns


def test_illustrative_prices_are_marked_in_every_table(tmp_path, capsys):
    assert main(["budget", "--inputs", str(EXAMPLE), "--out", str(tmp_path),
                 "--format", "svg"]) == 0
    assert "ILLUSTRATIVE PRICES" in capsys.readouterr().out
    for table in tmp_path.glob("*.csv"):
        frame = pd.read_csv(table, encoding="utf-8-sig")
        assert (frame["Prices"] == "illustrative prices").all(), table.name
    for chart in tmp_path.glob("*.svg"):
        assert "ILLUSTRATIVE PRICES" in chart.read_text(encoding="utf-8"), chart.name


def test_bad_inputs_list_every_problem_and_write_nothing(tmp_path, capsys):
    inputs = tmp_path / "inputs.csv"
    inputs.write_text(WORKED.replace("300", "-300").replace("kefdensis,1,50",
                                                           "kefdensis,1,101"), encoding="utf-8")
    assert main(["budget", "--inputs", str(inputs), "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert "2 problems found" in err and "row 7" in err and "row 11" in err
    assert not (tmp_path / "out").exists()


def test_with_a_saved_view_a_product_outside_it_is_refused(tmp_path, bundled, capsys):
    view = write_comparison(bundled, View("prolia", ("obodence",)), tmp_path / "c")
    assert main(["budget", "--inputs", str(EXAMPLE), "--view", str(view), "--out",
                 str(tmp_path / "out")]) == 1
    assert "'kefdensis' is not in the comparison (prolia, obodence)" in capsys.readouterr().err


def test_it_runs_headless_without_qt(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "QT_QPA_PLATFORM")}
    code = ("import sys; from denocompare.cli import main; "
            f"r = main(['budget', '--inputs', {str(EXAMPLE)!r}, '--out', {str(tmp_path)!r}, "
            "'--format', 'png']); print('PySide6' in sys.modules); sys.exit(r)")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=env, cwd=Path(__file__).parent, timeout=300)
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip().splitlines()[-1] == "False"
