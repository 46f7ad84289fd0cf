"""The command line, run as a user runs it (a subprocess, from another folder)."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd

from denocompare import __version__


def run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "denocompare", *args], capture_output=True,
                          text=True, cwd=cwd, timeout=120)


def test_version_and_help():
    assert run("--version").stdout.strip() == f"denocompare {__version__}"
    out = run("--help").stdout
    for word in ("validate", "export", "report"):
        assert word in out


def test_validate_bundled_from_another_folder(tmp_path):
    """Run from elsewhere: the installed package finds its bundled data."""
    res = run("validate", cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    assert "valid" in res.stdout


def test_validate_broken_copy_names_file_row_column(data_copy):
    frame = pd.read_csv(data_copy / "products.csv", dtype=str, keep_default_na=False)
    frame.loc[1, "strength_mg"] = "sixty"
    frame.to_csv(data_copy / "products.csv", index=False)
    res = run("validate", str(data_copy))
    assert res.returncode == 1
    assert "products.csv, row 3, column 'strength_mg'" in res.stderr
    assert "'sixty' is not a number" in res.stderr


def test_validate_missing_path():
    res = run("validate", "/nonexistent/dataset")
    assert res.returncode == 1 and "no such file" in res.stderr


def test_schema_command_prints_docs():
    res = run("schema")
    assert res.returncode == 0 and "## `products`" in res.stdout
