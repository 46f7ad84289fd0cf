"""Kill a writer at random moments: the target is always a complete old or new file.

A helper process builds two versions of a 50,000-row table once, then forks a writer
for each round that rewrites the target through ``write_table_csv`` (so through
``atomic_write``), alternating the versions, until the test SIGKILLs it. Forking from
the helper keeps a round at a fraction of a second instead of a fresh interpreter
start. After every kill the target must hash to one of the two known versions and
parse completely; leftover temporary files may remain (a killed process cannot tidy
up) but are never the target.
"""

from __future__ import annotations

import hashlib
import os
import random
import signal
import subprocess
import sys
import time

import pandas as pd
import pytest

KILLS = 60
ROWS = 50_000

HELPER = r"""
import os, sys
import numpy as np
import pandas as pd
from denocompare.output.writers import write_table_csv

target, ref_a, ref_b, rows = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
frames = [pd.DataFrame({"row": np.arange(rows), "version": v,
                        "value": np.arange(rows) * (0.5 + v),
                        "text": f"version {v}, with a comma and ünïcode"})
          for v in (0, 1)]
write_table_csv(frames[0], ref_a, index=False)
write_table_csv(frames[1], ref_b, index=False)
write_table_csv(frames[0], target, index=False)
print("ready", flush=True)
for line in sys.stdin:
    if line.strip() != "go":
        break
    pid = os.fork()
    if pid == 0:
        try:
            i = 1
            while True:
                write_table_csv(frames[i % 2], target, index=False)
                i += 1
        finally:
            os._exit(1)
    print(pid, flush=True)
    os.waitpid(pid, 0)
    print("reaped", flush=True)
"""


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork and SIGKILL (POSIX)")
def test_killed_writer_never_leaves_a_partial_target(tmp_path):
    target, ref_a, ref_b = tmp_path / "table.csv", tmp_path / "a.ref", tmp_path / "b.ref"
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1")
    helper = subprocess.Popen([sys.executable, "-c", HELPER, str(target), str(ref_a),
                               str(ref_b), str(ROWS)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True, env=env)
    rng = random.Random(os.getpid())
    seen: dict[str, int] = {}
    try:
        assert helper.stdout.readline().strip() == "ready"
        good = {digest(ref_a.read_bytes()): "old", digest(ref_b.read_bytes()): "new"}
        assert len(good) == 2
        for _ in range(KILLS):
            helper.stdin.write("go\n")
            helper.stdin.flush()
            pid = int(helper.stdout.readline())
            time.sleep(rng.uniform(0.0, 0.4))  # about two writes' worth
            os.kill(pid, signal.SIGKILL)
            assert helper.stdout.readline().strip() == "reaped"
            data = target.read_bytes()
            version = good.get(digest(data))
            assert version, f"the target is neither complete version ({len(data)} bytes)"
            seen[version] = seen.get(version, 0) + 1
            frame = pd.read_csv(target, encoding="utf-8-sig")
            assert len(frame) == ROWS and frame["version"].nunique() == 1
    finally:
        helper.stdin.close()
        try:
            helper.wait(timeout=10)
        except subprocess.TimeoutExpired:
            helper.kill()
            helper.wait()
    # Both versions were seen, so writes did complete between kills.
    assert set(seen) == {"old", "new"}, seen
    others = {p.name for p in tmp_path.iterdir()} - {"table.csv", "a.ref", "b.ref"}
    assert all(n.startswith(".table.csv.") and n.endswith(".part") for n in others), others
