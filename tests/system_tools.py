"""The system programs some tests drive (poppler's pdfinfo/pdftotext, Xvfb).

CI installs them (``.ci/run``), so a missing one is a failure that says what to
install, never a silent skip: a skipped test there would be a test nobody runs.
"""

from __future__ import annotations

import shutil
import subprocess

import pytest

PACKAGES = {"pdfinfo": "poppler-utils", "pdftotext": "poppler-utils", "Xvfb": "xvfb"}


def require(tool: str) -> str:
    """The path of ``tool``, or fail the test naming the Debian package to install."""
    path = shutil.which(tool)
    if path is None:
        pytest.fail(f"{tool} is not installed; these tests need it (Debian: apt-get install "
                    f"{PACKAGES.get(tool, tool)}, as .ci/run does)", pytrace=False)
    return path


def run_tool(tool: str, *args: str) -> str:
    """Run ``tool`` with ``args`` and return its standard output (fails on an error)."""
    res = subprocess.run([require(tool), *args], capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, f"{tool} {' '.join(args)} failed:\n{res.stderr}"
    return res.stdout
