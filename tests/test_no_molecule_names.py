"""Nothing in the code names one molecule or its products: names, units, labels and the
first comparison come from the data. The one exception is the bundled dataset opened by
default (``resources.DEFAULT_DATASET``)."""

from __future__ import annotations

import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "denocompare"
#: The names of the first bundled molecule: its INN, its brands, its endpoint.
NAMES = re.compile(r"denosumab|prolia|xgeva|kefdensis|bmd", re.IGNORECASE)
ALLOWED = {("resources.py", 'DEFAULT_DATASET = "denosumab"')}


def _hits(root: Path) -> list[tuple[str, int, str]]:
    return [(path.relative_to(root).as_posix(), n, line.strip())
            for path in sorted(root.rglob("*.py"))
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
            if NAMES.search(line)]


def test_the_code_names_no_molecule_but_the_default_dataset():
    hits = _hits(PACKAGE)
    assert [(p, line) for p, _n, line in hits if (p, line) not in ALLOWED] == []
    assert {(p, line) for p, _n, line in hits} == ALLOWED  # the rule still sees it


def test_the_rule_finds_a_name_in_any_case(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "x.py").write_text('"""Compares Prolia."""\nbmd = 1\nok = 2\n',
                                           encoding="utf-8")
    assert [(p, n) for p, n, _l in _hits(tmp_path)] == [("sub/x.py", 1), ("sub/x.py", 2)]
