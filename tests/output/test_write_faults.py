"""Every writer, on a disk that fills up at byte N, a short write or a failed rename.

Each must raise ExportError with a plain message, leave the previous file
byte-identical, and leave no temporary file. The fault goes in below the writer:
``writers._open_temp`` hands the writer a file on a "disk" with N bytes of room.
"""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest

from denocompare.core.errors import ExportError
from denocompare.output import writers as W
from denocompare.output.figure_export import export_all
from tests.output import writer_cases
from tests.output.writer_cases import (
    CASES,
    OLD,
    SELECTION,
    FullDisk,
    is_plain,
    leftovers,
)

ctx = writer_cases.shared_ctx  # the fixture, shared with the other writer tests

FAULTS = {  # name: (room in bytes, short write?, what the message must say)
    "full-at-0": (0, False, "the disk is full"),
    "full-at-4096": (4096, False, "the disk is full"),
    "short-at-4096": (4096, True, "short write"),
}


def _assert_refused(err, target, tmp_path, *expected):
    message = str(err.value)
    assert all(e in message for e in expected), message
    assert is_plain(message), message
    assert target.read_bytes() == OLD
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("fault", list(FAULTS))
@pytest.mark.parametrize("case", list(CASES))
def test_a_full_disk_or_short_write_keeps_the_old_file(ctx, tmp_path, monkeypatch, case,
                                                       fault):
    name, write = CASES[case]
    room, short, expected = FAULTS[fault]
    target = tmp_path / name
    target.write_bytes(OLD)
    monkeypatch.setattr(W, "_open_temp", lambda tmp: FullDisk(tmp, room, short))
    with pytest.raises(ExportError) as err:
        write(ctx, target)
    _assert_refused(err, target, tmp_path, expected, target.name)


@pytest.mark.parametrize("case", list(CASES))
def test_a_failed_rename_keeps_the_old_file(ctx, tmp_path, monkeypatch, case):
    name, write = CASES[case]
    target = tmp_path / name
    target.write_bytes(OLD)

    def busy(src, dst):
        raise OSError(errno.EBUSY, os.strerror(errno.EBUSY), str(dst))

    monkeypatch.setattr(W.os, "replace", busy)
    with pytest.raises(ExportError) as err:
        write(ctx, target)
    _assert_refused(err, target, tmp_path, os.strerror(errno.EBUSY), target.name)


WORKBOOK_ON_A_FULL_DISK = """
import sys
from pathlib import Path
from denocompare.core.errors import ExportError
from denocompare.io.validate import load_dataset
from denocompare.output import writers as W
from tests.output.writer_cases import MINI, FullDisk, table

W._open_temp = lambda tmp: FullDisk(tmp, int(sys.argv[2]))
for write in (lambda t: W.write_table(table(), t / "t.xlsx"),
              lambda t: W.write_dataset_workbook(load_dataset(MINI), t / "d.xlsx")):
    try:
        write(Path(sys.argv[1]))
    except ExportError as err:
        print(err)
"""


@pytest.mark.parametrize("room", [0, 4096])
def test_a_workbook_on_a_full_disk_leaves_no_stray_traceback(tmp_path, room):
    # openpyxl left its zip archive open on failure; Python closed it at exit, wrote
    # to the full disk again and printed "Exception ignored in: ZipFile.__del__".
    res = subprocess.run([sys.executable, "-c", WORKBOOK_ON_A_FULL_DISK, str(tmp_path),
                          str(room)], capture_output=True, text=True, timeout=120,
                         cwd=Path(__file__).resolve().parents[2])
    assert res.returncode == 0, res.stderr
    assert res.stdout.count("the disk is full") == 2, res.stdout
    assert res.stderr == ""


def test_the_fault_disk_takes_a_file_that_fits(ctx, tmp_path, monkeypatch):
    # The injection itself writes correctly when there is room: the failures above
    # come from the fault, not from the test's file.
    name, write = CASES["table-csv"]
    monkeypatch.setattr(W, "_open_temp", lambda tmp: FullDisk(tmp, 10**9))
    target = write(ctx, tmp_path / name)
    assert target.read_bytes() == W.write_table(ctx.frame, tmp_path / "plain.csv").read_bytes()


def test_a_write_that_returns_less_is_written_again(tmp_path, monkeypatch):
    # A raw write may take part of the data; the rest must follow, not vanish.
    class Dribble(FullDisk):
        def write(self, data):
            return super().write(memoryview(data).cast("B")[:7])

    monkeypatch.setattr(W, "_open_temp", lambda tmp: Dribble(tmp, 10**9))
    data = bytes(range(256)) * 100
    W.atomic_write(tmp_path / "x.bin", lambda fh: fh.write(data))
    assert (tmp_path / "x.bin").read_bytes() == data


def test_export_all_on_a_full_disk_keeps_every_old_chart(ctx, tmp_path, monkeypatch):
    folder = tmp_path / "charts"
    first = export_all(ctx.ds, SELECTION, folder, formats=("png", "svg"), dpi=50)
    before = {p: p.read_bytes() for p in first}
    monkeypatch.setattr(W, "_open_temp", lambda tmp: FullDisk(tmp, 2048))
    with pytest.raises(ExportError, match="the disk is full") as err:
        export_all(ctx.ds, SELECTION, folder, formats=("png", "svg"), dpi=50)
    assert is_plain(str(err.value))
    assert {p: p.read_bytes() for p in first} == before
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("case", list(CASES))
def test_a_read_only_file_is_not_replaced(ctx, tmp_path, case):
    name, write = CASES[case]
    target = tmp_path / name
    target.write_bytes(OLD)
    target.chmod(0o444)
    with pytest.raises(ExportError) as err:
        write(ctx, target)
    _assert_refused(err, target, tmp_path, "read-only", target.name)
    assert target.stat().st_mode & 0o777 == 0o444


@pytest.mark.parametrize("case", ["table-csv", "report-pdf"])
def test_a_folder_or_a_special_file_as_target_is_refused(ctx, tmp_path, case):
    name, write = CASES[case]
    (tmp_path / name).mkdir()
    with pytest.raises(ExportError, match="is a folder"):
        write(ctx, tmp_path / name)
    fifo = tmp_path / f"fifo-{name}"
    os.mkfifo(fifo)
    with pytest.raises(ExportError, match="not a regular file"):
        write(ctx, fifo)
    assert leftovers(tmp_path) == []
