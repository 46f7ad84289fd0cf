"""Why the window cannot start, found and said in DenoCompare's own words.

Qt aborts the process (SIGABRT, a core dump) when no platform plugin can be loaded: a
missing system library, no display, an empty plugin path. Its own message then blames
``xcb-cursor0`` whatever the cause. This module is Qt-free: it is used before PySide6 is
imported (an ImportError when libEGL or libglib is missing) and from Qt's message handler
just before Qt would abort, and it *finds* the missing libraries with ``ldd`` rather than
guessing them.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

#: Exit code of a window that cannot start (argparse uses 2 for usage errors too).
EXIT_NO_WINDOW = 2

#: Debian 12 package of each library the Qt wheel, its xcb plugin and the report need.
DEBIAN_PACKAGES = {
    "libglib-2.0.so.0": "libglib2.0-0", "libgthread-2.0.so.0": "libglib2.0-0",
    "libgobject-2.0.so.0": "libglib2.0-0", "libgio-2.0.so.0": "libglib2.0-0",
    "libEGL.so.1": "libegl1", "libGL.so.1": "libgl1", "libGLX.so.0": "libglx0",
    "libOpenGL.so.0": "libopengl0", "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6", "libdbus-1.so.3": "libdbus-1-3",
    "libxkbcommon.so.0": "libxkbcommon0", "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxcb-cursor.so.0": "libxcb-cursor0", "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1", "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-image.so.0": "libxcb-image0", "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-randr.so.0": "libxcb-randr0", "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-sync.so.1": "libxcb-sync1", "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb-shm.so.0": "libxcb-shm0", "libxcb-render.so.0": "libxcb-render0",
    "libxcb-util.so.1": "libxcb-util1", "libxcb.so.1": "libxcb1",
    "libX11.so.6": "libx11-6", "libX11-xcb.so.1": "libx11-xcb1", "libSM.so.6": "libsm6",
    "libICE.so.6": "libice6", "libwayland-client.so.0": "libwayland-client0",
    "libwayland-cursor.so.0": "libwayland-cursor0", "libwayland-egl.so.1": "libwayland-egl1",
    "libpango-1.0.so.0": "libpango-1.0-0", "libpangoft2-1.0.so.0": "libpangoft2-1.0-0",
    "libharfbuzz.so.0": "libharfbuzz0b", "libharfbuzz-subset.so.0": "libharfbuzz-subset0",
}
_NOT_FOUND = re.compile(r"^\s*(\S+)\s+=>\s+not found", re.M)
HEADLESS = ("Without a window, 'denocompare validate', 'denocompare export' and "
            "'denocompare report' still work.")
# Qt blames xcb-cursor0 for any failure to load the xcb plugin (platform-notes.md), and
# lists every plugin it has: both mislead more than they help.
_NOISE = re.compile(r"xcb-cursor0 or libxcb-cursor0 is needed|^\s*Available platform plugins",
                    re.M)


@dataclass
class Diagnosis:
    """What stops the window, in words a pharmacist (or their IT desk) can act on."""

    reason: str
    missing: list[str] = field(default_factory=list)
    details: list[str] = field(default_factory=list)

    def packages(self) -> list[str]:
        return sorted({DEBIAN_PACKAGES[m] for m in self.missing if m in DEBIAN_PACKAGES})

    def text(self) -> str:
        lines = [f"DenoCompare cannot open its window: {self.reason}"]
        if self.missing:
            lines.append("Missing system libraries: " + ", ".join(self.missing) + ".")
            unknown = [m for m in self.missing if m not in DEBIAN_PACKAGES]
            if self.packages():
                lines += ["Install them (Debian or Ubuntu) with:",
                          "  sudo apt-get install -y " + " ".join(self.packages())]
            if unknown:
                lines.append("Find the package of " + ", ".join(unknown)
                             + " with: apt-file search <library>")
        lines += self.details
        lines.append(HEADLESS)
        return "\n".join(lines)


def platform_name(environ=os.environ) -> str:
    """The Qt platform plugin Qt will try first ("xcb" on Linux unless told otherwise)."""
    asked = environ.get("QT_QPA_PLATFORM", "").split(";")[0].split(":")[0].strip()
    if asked:
        return asked
    if sys.platform.startswith("linux"):
        if environ.get("WAYLAND_DISPLAY") and not environ.get("DISPLAY"):
            return "wayland"
        return "xcb"
    return {"darwin": "cocoa", "win32": "windows"}.get(sys.platform, "")


def qt_dir() -> Path | None:
    """PySide6's Qt folder, found without importing PySide6 (which may fail to import)."""
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "Qt"


def plugin_dirs(environ=os.environ) -> list[Path]:
    dirs = [Path(p) for p in environ.get("QT_QPA_PLATFORM_PLUGIN_PATH", "").split(os.pathsep)
            if p]
    base = qt_dir()
    if not dirs and base is not None:
        dirs.append(base / "plugins" / "platforms")
    return dirs


def missing_libraries(paths: list[Path], ldd_output: str | None = None) -> list[str]:
    """Libraries the dynamic linker cannot find for ``paths`` (as ``ldd`` reports them)."""
    if ldd_output is None:
        ldd = shutil.which("ldd")
        files = [str(p) for p in paths if p.is_file()]
        if ldd is None or not files:
            return []
        try:
            ldd_output = subprocess.run([ldd, *files], capture_output=True, text=True,
                                        timeout=20, check=False).stdout
        except (OSError, subprocess.SubprocessError):
            return []
    return sorted(set(_NOT_FOUND.findall(ldd_output)))


def _qt_libraries(platform: str) -> list[Path]:
    base = qt_dir()
    libs = [] if base is None else [base / "lib" / f"libQt6{m}.so.6"
                                    for m in ("Core", "Gui", "Widgets")]
    return libs + [d / f"libq{platform}.so" for d in plugin_dirs()]


def preflight(environ=os.environ) -> Diagnosis | None:
    """Cheap checks made before Qt starts: a display to draw on, a plugin to draw with."""
    platform = platform_name(environ)
    if platform == "xcb" and not environ.get("DISPLAY"):
        return Diagnosis("there is no display (the DISPLAY variable is not set).", details=[
            "Start it from a desktop session, or with a virtual display: xvfb-run denocompare"])
    if platform == "wayland" and not environ.get("WAYLAND_DISPLAY"):
        return Diagnosis("there is no display (the WAYLAND_DISPLAY variable is not set).")
    if sys.platform.startswith("linux") and platform and plugin_dirs(environ) and not any(
            (d / f"libq{platform}.so").is_file() for d in plugin_dirs(environ)):
        where = ", ".join(str(d) for d in plugin_dirs(environ))
        return Diagnosis(f"Qt's '{platform}' platform plugin is not in {where}.", details=[
            "Unset QT_QPA_PLATFORM_PLUGIN_PATH, or reinstall DenoCompare."])
    return None


def diagnose(qt_messages: list[str] | None = None, error: BaseException | None = None,
             environ=os.environ) -> Diagnosis:
    """Why Qt failed: the cheap checks, then the libraries ``ldd`` finds missing."""
    found = preflight(environ)
    if found is not None:
        return found
    platform = platform_name(environ)
    missing = missing_libraries(_qt_libraries(platform))
    said = [m.strip().split("\n\n")[0] for m in (qt_messages or [])
            if m.strip() and not _NOISE.search(m)][:6]
    details = ["Qt said: " + " / ".join(said)] if said else []
    if error is not None:
        details.append(f"Python said: {error}")
    if missing:
        return Diagnosis("Qt needs system libraries that are not installed.", missing, details)
    if platform == "xcb":
        reason = (f"the display {environ.get('DISPLAY')} does not answer, or Qt's xcb "
                  "plugin could not start on it.")
    else:
        reason = f"Qt's '{platform}' platform plugin could not start."
    return Diagnosis(reason, details=details)
