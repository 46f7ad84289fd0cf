#!/bin/sh
# Smoke-test the standalone bundle with every Python on this machine out of reach: in a
# private mount namespace, an empty tmpfs covers each Python installation (and .venv), so
# only what the bundle carries can run. Checks --version, a headless export and report, and that the
# window starts under Xvfb and stays up. Linux, as root (unshare -m). Usage:
#   sh tools/bundle-smoke.sh [dist/DenoCompare]
set -eu
cd "$(dirname "$0")/.."
bundle=$(readlink -f "${1:-dist/DenoCompare}")
work=$(mktemp -d)
hide=""
for d in /usr/lib/python3* /usr/local/lib/python3* "$(python3 -c 'import sys; print(sys.base_prefix)')" \
         "$(readlink -f .venv)"; do
  case "$d" in /usr|/usr/local|/) continue ;; esac
  [ -d "$d" ] && hide="$hide $d"
done
disp=:$(( 90 + $$ % 9 ))
Xvfb "$disp" -screen 0 1366x768x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null; rm -rf "$work"' EXIT
i=0; while [ ! -S "/tmp/.X11-unix/X${disp#:}" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done
cat >"$work/inside.sh" <<INSIDE
set -eu
for d in $hide; do mount -t tmpfs -o size=1m none "\$d"; done
if python3 -c 'import encodings' 2>/dev/null; then echo "a Python is still in reach"; exit 1; fi
export HOME="$work/home" PATH=/usr/bin:/bin DISPLAY=$disp
mkdir -p "\$HOME"
"$bundle/DenoCompare" --version
"$bundle/DenoCompare" export --out "$work/charts" --format png,svg >/dev/null
n=\$(ls "$work/charts" | wc -l); echo "export wrote \$n files"; [ "\$n" -eq 8 ]
"$bundle/DenoCompare" report --out "$work/report.pdf" >/dev/null
head -c 5 "$work/report.pdf" | grep -q "%PDF-"; echo "report written (\$(wc -c < "$work/report.pdf") bytes)"
"$bundle/DenoCompare" >"$work/window.log" 2>&1 &
pid=\$!
sleep 15
if ! kill -0 \$pid 2>/dev/null; then echo "the window exited:"; cat "$work/window.log"; exit 1; fi
xwininfo -root -tree | grep -q '"DenoCompare' || { echo "no DenoCompare window on $disp"; exit 1; }
echo "window up after 15 s"
kill \$pid
INSIDE
unshare -m --propagation private sh "$work/inside.sh"
echo "== bundle smoke test passed (Python hidden:$hide)"
