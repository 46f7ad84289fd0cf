"""The Qt-free core stays Qt-free (import-linter checks PySide6; this checks the rest)."""

import re
from pathlib import Path

import denocompare

PKG = Path(denocompare.__file__).parent
FORBIDDEN = re.compile(r"^\s*(from|import)\s+(PySide6|denocompare\.ui)|matplotlib\.pyplot|"
                       r"backend_qtagg", re.M)


def test_core_packages_do_not_import_qt_or_pyplot():
    offenders = [str(p.relative_to(PKG)) for sub in ("core", "io", "plotting", "report", "output")
                 for p in (PKG / sub).rglob("*.py") if FORBIDDEN.search(p.read_text())]
    assert offenders == []


def test_importing_the_package_does_not_import_qt():
    import subprocess
    import sys

    code = ("import sys, denocompare, denocompare.cli, denocompare.io.validate, "
            "denocompare.plotting, denocompare.report.build; "
            "print(any(m.startswith('PySide6') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == "False"
