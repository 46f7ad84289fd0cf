"""Start-up of the standalone bundle against the virtual environment's ``denocompare``.

    python benchmarks/bundle_start.py [--runs 5] [--bundle dist/DenoCompare/DenoCompare]
                                      [--venv .venv/bin/denocompare] [--cold]

Each command is started under its own Xvfb and timed from the start of the process
until X reports a mapped top-level window named DenoCompare (polled every 10 ms with
``xwininfo``, from Debian's x11-utils), A B A B … so that a slow spell of the shared
machine hits both. ``--cold`` drops the page cache before every start (root only), which
is the start a user gets after a reboot. Prints medians and the ratio bundle/venv.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _xwininfo(display: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["xwininfo", *args], env=dict(os.environ, DISPLAY=display),
                          capture_output=True, text=True, check=False)


def _window_up(display: str) -> bool:
    # The main window is the one with DenoCompare's class hint; Qt creates it (and a 1x1
    # leader window of the same name) before it maps it, so ask for its map state too.
    for line in _xwininfo(display, "-root", "-tree").stdout.splitlines():
        if '"DenoCompare")' in line:  # ("denocompare" or "DenoCompare", "DenoCompare")
            info = _xwininfo(display, "-id", line.split()[0]).stdout
            if "Map State: IsViewable" in info:
                return True
    return False


def time_start(command: str, display: str, cold: bool) -> float:
    if cold:
        os.sync()
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
    home = tempfile.mkdtemp()
    env = dict(os.environ, DISPLAY=display, HOME=home)
    env.pop("QT_QPA_PLATFORM", None)
    t0 = time.perf_counter()
    proc = subprocess.Popen([command], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        while not _window_up(display):
            if proc.poll() is not None or time.perf_counter() - t0 > 60:
                raise RuntimeError(f"{command}: no window")
            time.sleep(0.01)
        return time.perf_counter() - t0
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        shutil.rmtree(home, ignore_errors=True)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--bundle", default=str(ROOT / "dist" / "DenoCompare" / "DenoCompare"))
    ap.add_argument("--venv", default=str(ROOT / ".venv" / "bin" / "denocompare"))
    ap.add_argument("--cold", action="store_true")
    args = ap.parse_args()
    display = f":{70 + os.getpid() % 20}"
    xvfb = subprocess.Popen(["Xvfb", display, "-screen", "0", "1366x768x24", "-nolisten", "tcp"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while _xwininfo(display, "-root").returncode != 0:  # the server answers
            time.sleep(0.05)
        time_start(args.venv, display, False)  # warm-up: font caches, .pyc files
        time_start(args.bundle, display, False)
        venv, bundle = [], []
        for _ in range(args.runs):
            venv.append(time_start(args.venv, display, args.cold))
            bundle.append(time_start(args.bundle, display, args.cold))
    finally:
        xvfb.terminate()
    v, b = statistics.median(venv), statistics.median(bundle)
    kind = "cold (page cache dropped)" if args.cold else "warm"
    print(f"{kind} start to a mapped window, median of {args.runs}: venv {v:.2f} s "
          f"({min(venv):.2f}-{max(venv):.2f}), bundle {b:.2f} s ({min(bundle):.2f}-"
          f"{max(bundle):.2f}); bundle/venv {b / v:.2f}x (target <= 1.3x)")


if __name__ == "__main__":
    main()
