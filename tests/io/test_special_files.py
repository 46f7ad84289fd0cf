"""Named pipes and devices are refused before anything opens them (issue 19): open()
on a named pipe waits for a writer for ever, so ``validate`` used to hang."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from denocompare.core.errors import DataError
from denocompare.io.readers import read_raw
from denocompare.io.validate import load_dataset
from denocompare.io.xlsx_reader import read_workbook

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
FIFO = "is a named pipe (FIFO), not a regular file"


def _validate(path) -> subprocess.CompletedProcess:
    # The timeout is the harness's guard: a hang fails here instead of stalling the suite.
    return subprocess.run([sys.executable, "-m", "denocompare", "validate", str(path)],
                          capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("table", ["products", "sources", "adverse_reactions"])
def test_a_table_that_is_a_pipe_is_named_not_missing(data_copy, table):
    (data_copy / f"{table}.csv").unlink()
    os.mkfifo(data_copy / f"{table}.csv")
    with pytest.raises(DataError) as info:
        load_dataset(data_copy)
    found = [p for p in info.value.problems if p.file == f"{table}.csv"]
    assert [p.message for p in found] == [f"{table}.csv {FIFO}; DenoCompare reads only "
                                          "ordinary files. Copy the data into a file and "
                                          "open that"]
    res = _validate(data_copy)
    assert res.returncode == 1 and FIFO in res.stderr and "missing" not in res.stderr


@pytest.mark.parametrize("name", ["dataset.xlsx", "products.csv", "dataset.xlsm"])
def test_a_pipe_named_like_a_dataset_is_refused(tmp_path, name):
    os.mkfifo(tmp_path / name)
    with pytest.raises(DataError) as info:
        read_raw(tmp_path / name)
    assert FIFO in str(info.value)
    res = _validate(tmp_path / name)
    assert res.returncode == 1 and f"{name} {FIFO}" in res.stderr
    assert "Traceback" not in res.stderr


def test_the_workbook_reader_itself_refuses_a_pipe(tmp_path):
    os.mkfifo(tmp_path / "dataset.xlsx")
    raw = read_workbook(tmp_path / "dataset.xlsx")
    assert not raw.tables and FIFO in raw.problems[0].message


def test_a_device_is_refused(tmp_path):
    if not os.path.exists("/dev/zero"):
        pytest.skip("no /dev/zero")
    (tmp_path / "dataset.xlsx").symlink_to("/dev/zero")  # a link is followed to the device
    with pytest.raises(DataError) as info:
        read_raw(tmp_path / "dataset.xlsx")
    assert "dataset.xlsx is a device (character special file)" in str(info.value)


def test_a_folder_named_like_a_table_is_not_read_as_one(data_copy):
    (data_copy / "notes.csv").mkdir()
    load_dataset(data_copy)  # ignored, as any folder inside the dataset folder
