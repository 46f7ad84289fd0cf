#!/bin/sh
# Install DenoCompare into ./.venv, with the system libraries it needs.
#
#   sh tools/install.sh          the app: Qt's and the report's libraries, then pip install .
#   sh tools/install.sh --test   also what the tests need (Xvfb, poppler, patchelf), '.[test]'
#
# Safe to run again: installs only what is missing. On Debian or Ubuntu it installs system
# packages with apt-get (as root, or with sudo); elsewhere it skips that step and says so.
# This file is the one list of those packages: .ci/run and the README use it.
set -eu
cd "$(dirname "$0")/.."

# What the window and the report (WeasyPrint: Pango) need at run time (verified on a bare Debian 12 with
# ../shared/tools/bare-debian.sh); python3-venv for the virtual environment itself.
APP_PACKAGES="python3-venv libegl1 libgl1 libfontconfig1 fonts-dejavu-core libglib2.0-0 \
libdbus-1-3 libxkbcommon0 libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 \
libxcb-shape0 libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0"
# What the tests add: a real X server for the smoke test, pdftotext/pdfinfo for the report,
# patchelf to make a plugin that lacks a library (the start-up check's test).
TEST_PACKAGES="xvfb xauth poppler-utils patchelf"

extra=""
packages="$APP_PACKAGES"
if [ "${1:-}" = "--test" ]; then
  packages="$APP_PACKAGES $TEST_PACKAGES"
  extra="[test]"
fi

if command -v dpkg >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
  missing=""
  for p in $packages; do
    dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
  done
  if [ -n "$missing" ]; then
    echo "== installing system packages:$missing"
    if [ "$(id -u)" = 0 ]; then SUDO=""
    elif command -v sudo >/dev/null 2>&1; then SUDO="sudo"
    else
      echo "Please run as root:  apt-get install -y --no-install-recommends$missing" >&2
      exit 1
    fi
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -q
    # shellcheck disable=SC2086
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing
  fi
else
  echo "== not Debian or Ubuntu: system packages not checked (Qt needs OpenGL, fontconfig, xcb)"
fi

[ -x .venv/bin/python ] || python3 -m venv .venv
echo "== installing DenoCompare$extra into .venv"
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q ".$extra"
echo "== installed: .venv/bin/denocompare"
