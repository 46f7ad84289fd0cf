"""The window that cannot start says why in DenoCompare's words, exits 2, never aborts."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from denocompare import startcheck as S

RUN = [sys.executable, "-m", "denocompare"]


def _run(env_changes: dict, tmp_path: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY")}
    env.update({k: v for k, v in env_changes.items() if v is not None})
    env["HOME"] = str(tmp_path)  # settings and log of the test, not the user's
    return subprocess.run(RUN, env=env, capture_output=True, text=True, timeout=120,
                          check=False)


def _assert_own_words(proc: subprocess.CompletedProcess, reason: str) -> None:
    assert proc.returncode == S.EXIT_NO_WINDOW, (proc.returncode, proc.stderr)  # not -6/134
    assert proc.stderr.startswith("DenoCompare cannot open its window: ")
    assert reason in proc.stderr
    assert "Traceback" not in proc.stderr
    assert S.HEADLESS in proc.stderr


def test_no_display_with_the_xcb_platform(tmp_path):
    proc = _run({"QT_QPA_PLATFORM": "xcb"}, tmp_path)
    _assert_own_words(proc, "there is no display (the DISPLAY variable is not set)")
    assert "xvfb-run denocompare" in proc.stderr


def test_an_empty_plugin_path(tmp_path):
    empty = tmp_path / "plugins"
    empty.mkdir()
    proc = _run({"DISPLAY": ":0", "QT_QPA_PLATFORM_PLUGIN_PATH": str(empty)}, tmp_path)
    _assert_own_words(proc, f"Qt's 'xcb' platform plugin is not in {empty}")


def test_a_display_that_does_not_answer_is_caught_before_qt_aborts(tmp_path):
    # Nothing listens on display :87, so Qt reaches its fatal "no platform plugin"; the
    # message handler must speak and leave before Qt's abort().
    assert not Path("/tmp/.X11-unix/X87").exists()
    proc = _run({"DISPLAY": ":87"}, tmp_path)
    _assert_own_words(proc, "the display :87 does not answer")
    assert "could not connect to display :87" in proc.stderr  # Qt's own words, quoted
    assert "xcb-cursor0" not in proc.stderr  # Qt's misleading hint is dropped


@pytest.fixture
def plugin_missing_a_library(tmp_path) -> Path:
    """A real Qt plugin made to need a library that does not exist (found by ldd).

    The name is made up: a real one (libxcb-cursor.so.0) is installed where tests run.
    """
    patchelf = shutil.which("patchelf")
    if patchelf is None or shutil.which("ldd") is None:
        pytest.fail("the test needs patchelf and ldd: sh tools/install.sh --test installs them")
    plugin = tmp_path / "platforms" / "libqxcb.so"
    plugin.parent.mkdir()
    shutil.copy(S.plugin_dirs({})[0] / "libqminimal.so", plugin)
    # A copy cannot find Qt through its $ORIGIN run path: point that at the real Qt first.
    subprocess.run([patchelf, "--set-rpath", str(S.qt_dir() / "lib"), str(plugin)], check=True)
    subprocess.run([patchelf, "--add-needed", "libdc-absent.so.0", str(plugin)], check=True)
    return plugin


def test_missing_libraries_are_found_by_the_linker_not_guessed(plugin_missing_a_library,
                                                               monkeypatch):
    assert S.missing_libraries([plugin_missing_a_library]) == ["libdc-absent.so.0"]
    monkeypatch.setattr(S, "_qt_libraries", lambda platform: [plugin_missing_a_library])
    monkeypatch.setitem(S.DEBIAN_PACKAGES, "libdc-absent.so.0", "libdc-absent0")
    text = S.diagnose(["Could not load the Qt platform plugin"],
                      environ={"DISPLAY": ":0"}).text()
    assert "Qt needs system libraries that are not installed" in text
    assert "Missing system libraries: libdc-absent.so.0." in text
    assert "  sudo apt-get install -y libdc-absent0" in text.splitlines()


def test_the_libraries_of_this_installation_are_all_found():
    # Where the tests run, the window can start: ldd must find nothing missing.
    assert S.missing_libraries(S._qt_libraries("xcb")) == []


def test_ldd_output_parsing_and_unknown_libraries():
    out = ("\tlibEGL.so.1 => not found\n\tlibc.so.6 => /lib/libc.so.6 (0x1)\n"
           "\tlibweird.so.9 => not found\n\tlibEGL.so.1 => not found\n")
    missing = S.missing_libraries([], ldd_output=out)
    assert missing == ["libEGL.so.1", "libweird.so.9"]
    text = S.Diagnosis("x", missing).text()
    assert "sudo apt-get install -y libegl1" in text
    assert "Find the package of libweird.so.9 with: apt-file search <library>" in text


@pytest.mark.parametrize(("environ", "expected"), [
    ({}, "xcb"), ({"QT_QPA_PLATFORM": "offscreen"}, "offscreen"),
    ({"QT_QPA_PLATFORM": "wayland;xcb"}, "wayland"), ({"QT_QPA_PLATFORM": "vnc:size=9"}, "vnc"),
    ({"WAYLAND_DISPLAY": "w-0"}, "wayland"), ({"WAYLAND_DISPLAY": "w-0", "DISPLAY": ":1"}, "xcb"),
])
def test_platform_name(environ, expected, monkeypatch):
    monkeypatch.setattr(S.sys, "platform", "linux")
    assert S.platform_name(environ) == expected


def test_offscreen_needs_no_display():
    assert S.preflight({"QT_QPA_PLATFORM": "offscreen"}) is None
