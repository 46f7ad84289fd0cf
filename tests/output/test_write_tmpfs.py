"""Every writer on a real, nearly full disk: a 64 KiB tmpfs (needs root to mount).

The old file fills most of the disk; the new one does not fit. The write must fail
with "the disk is full", and the old file stay as it was, with no temporary left
(a temporary file left behind would also keep the disk full).
"""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from denocompare.core.errors import ExportError
from tests.output import writer_cases
from tests.output.writer_cases import (
    CASES,
    is_plain,
    leftovers,
)

ctx = writer_cases.shared_ctx  # the fixture, shared with the other writer tests

SIZE = 64 * 1024


@pytest.fixture
def small_disk(tmp_path):
    disk = tmp_path / "disk"
    disk.mkdir()
    if shutil.which("mount") is None:
        pytest.skip("no mount command")
    res = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={SIZE}", "tmpfs", str(disk)],
                         capture_output=True, text=True)
    if res.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {res.stderr.strip()}")
    try:
        yield disk
    finally:
        subprocess.run(["umount", str(disk)], check=True)


@pytest.mark.parametrize("case", list(CASES))
def test_a_full_tmpfs_keeps_the_old_file(ctx, small_disk, case):
    name, write = CASES[case]
    target = small_disk / name
    # Most of the disk for the old file: what is left is less than any new file.
    old = os.urandom(SIZE - 12 * 1024)
    target.write_bytes(old)
    with pytest.raises(ExportError) as err:
        write(ctx, target)
    message = str(err.value)
    assert "the disk is full" in message and is_plain(message), message
    assert target.read_bytes() == old
    assert leftovers(small_disk) == []
    assert sorted(p.name for p in small_disk.iterdir()) == [name]
