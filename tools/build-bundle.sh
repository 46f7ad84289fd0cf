#!/bin/sh
# Build the standalone DenoCompare folder: dist/DenoCompare/DenoCompare (no Python needed
# to run it). Uses ./.venv from tools/install.sh. On Windows, the same build is
#   py -m venv .venv && .venv\Scripts\python -m pip install ".[bundle]"
#   .venv\Scripts\pyinstaller --noconfirm packaging\denocompare.spec
set -eu
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || sh tools/install.sh
.venv/bin/python -m pip install -q ".[bundle]"
.venv/bin/pyinstaller --noconfirm --log-level WARN packaging/denocompare.spec
echo "== built: dist/DenoCompare/DenoCompare ($(du -sh dist/DenoCompare | cut -f1))"
