"""Kill a writer at each stage of an atomic write: the target is the old or the new file.

A helper process builds two versions of a 50,000-row table once. For each stage of
``atomic_write`` it forks a writer that rewrites the target through
``write_table_csv`` and SIGKILLs itself at that stage: right after the temporary file
is made, halfway through writing it, before the fsync, before and after the
``os.replace``, and before the folder is synced. Stages are reached by wrapping the
functions the writer calls, not by timing, so every run kills at every stage and a
write that is not atomic is caught every time. Before the replace the target must
still be the complete old version; from the replace on, the complete new one.
Leftover temporary files may remain (a killed process cannot tidy up) but are never
the target.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys

import pandas as pd
import pytest

ROWS = 50_000

#: Stage -> the version the target must hold after a kill there.
STAGES = {"temp-created": "old", "half-written": "old", "before-fsync": "old",
          "before-replace": "old", "after-replace": "new", "before-folder-sync": "new"}

HELPER = r"""
import os, signal, sys
import numpy as np
import pandas as pd
from denocompare.output import writers

target, ref_a, ref_b, rows = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
frames = [pd.DataFrame({"row": np.arange(rows), "version": v,
                        "value": np.arange(rows) * (0.5 + v),
                        "text": f"version {v}, with a comma and ünïcode"})
          for v in (0, 1)]
writers.write_table_csv(frames[0], ref_a, index=False)
writers.write_table_csv(frames[1], ref_b, index=False)


def die():
    os.kill(os.getpid(), signal.SIGKILL)


def after(fn):
    return lambda *a, **k: (fn(*a, **k), die())[0]


def before(fn):
    return lambda *a, **k: (die(), fn(*a, **k))[1]


class HalfThenDie:
    def __init__(self, fh):
        self.fh = fh
    def __enter__(self):
        return self
    def __exit__(self, *exc):
        return self.fh.__exit__(*exc)
    def write(self, data):
        self.fh.write(data[:len(data) // 2])
        self.fh.flush()
        os.fsync(self.fh.fileno())
        die()
    def __getattr__(self, name):
        return getattr(self.fh, name)


def arm(stage):
    if stage == "temp-created":
        writers._create_temp = after(writers._create_temp)
    elif stage == "half-written":
        writers.open = lambda *a, **k: HalfThenDie(open(*a, **k))
    elif stage == "before-fsync":
        os.fsync = before(os.fsync)
    elif stage == "before-replace":
        os.replace = before(os.replace)
    elif stage == "after-replace":
        os.replace = after(os.replace)
    elif stage == "before-folder-sync":
        writers._sync_folder = before(writers._sync_folder)
    else:
        raise SystemExit(f"unknown stage {stage}")


print("ready", flush=True)
for line in sys.stdin:
    stage = line.strip()
    writers.write_table_csv(frames[0], target, index=False)  # the old version, whole
    pid = os.fork()
    if pid == 0:
        try:
            arm(stage)
            writers.write_table_csv(frames[1], target, index=False)
        finally:
            os._exit(3)  # the stage was never reached
    _, status = os.waitpid(pid, 0)
    print(os.waitstatus_to_exitcode(status), flush=True)
"""


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork and SIGKILL (POSIX)")
def test_a_writer_killed_at_each_stage_leaves_the_old_or_the_new_file(tmp_path):
    target, ref_a, ref_b = tmp_path / "table.csv", tmp_path / "a.ref", tmp_path / "b.ref"
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1")
    helper = subprocess.Popen([sys.executable, "-c", HELPER, str(target), str(ref_a),
                               str(ref_b), str(ROWS)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True, env=env)
    try:
        assert helper.stdout.readline().strip() == "ready"
        good = {digest(ref_a.read_bytes()): "old", digest(ref_b.read_bytes()): "new"}
        assert len(good) == 2
        for stage, wanted in STAGES.items():
            helper.stdin.write(stage + "\n")
            helper.stdin.flush()
            code = int(helper.stdout.readline())
            data = target.read_bytes()
            version = good.get(digest(data))
            assert version == wanted, (f"killed at {stage}: the target is "
                                       f"{version or f'neither version ({len(data)} bytes)'}, "
                                       f"expected the {wanted} one")
            assert code == -9, f"{stage}: the writer never reached it (exit {code})"
            frame = pd.read_csv(target, encoding="utf-8-sig")
            assert len(frame) == ROWS and frame["version"].nunique() == 1
    finally:
        helper.stdin.close()
        try:
            helper.wait(timeout=10)
        except subprocess.TimeoutExpired:
            helper.kill()
            helper.wait()
    others = {p.name for p in tmp_path.iterdir()} - {"table.csv", "a.ref", "b.ref"}
    assert all(n.startswith(".table.csv.") and n.endswith(".part") for n in others), others
    # Killed before the replace, four temporaries stay behind; after it, none.
    assert len(others) == 4, others
