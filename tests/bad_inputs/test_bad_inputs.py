"""Every corpus case through ``load_dataset`` and through ``denocompare validate``.

The loader must raise ``DataError`` naming the case's problem (file, row, column,
message), or load with the case's warning; the command line must exit 1 (0 for a
warning) and print the same problem, never a traceback.

Starting Python for the command line costs most of this test's time, so the runs are
started ahead in a small thread pool (one per core) and each test waits for its own.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import pytest

from denocompare.core.errors import DataError, Problem
from denocompare.io.validate import load_dataset
from tests.bad_inputs.cases import CASES, DATA, Case


class Corpus:
    """Builds each case in its own folder and runs the CLI on it, a few at a time."""

    def __init__(self, root: Path):
        self.root = root
        self.pool = ThreadPoolExecutor(max_workers=os.cpu_count() or 2)
        self.runs: dict[str, Future] = {}

    def start_all(self) -> None:
        for case in CASES:
            if case.id not in self.runs:
                self.runs[case.id] = self.pool.submit(self._build_and_run, case)

    def _build_and_run(self, case: Case):
        base = self.root / case.id
        base.mkdir()
        copy = base / "dataset"
        shutil.copytree(DATA, copy)
        path = case.build(copy)
        res = subprocess.run([sys.executable, "-m", "denocompare", "validate", str(path)],
                             capture_output=True, text=True, timeout=120)
        return path, res

    def get(self, case: Case):
        self.start_all()
        return self.runs[case.id].result()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    c = Corpus(tmp_path_factory.mktemp("bad_inputs"))
    yield c
    c.pool.shutdown(cancel_futures=True)


def expected(case: Case) -> str:
    return Problem(case.file or "", "", case.row, case.column).where()


def matches(p: Problem, case: Case) -> bool:
    return (p.file, p.row, p.column, p.severity) == (case.file, case.row, case.column,
                                                     case.severity) \
        and case.message in p.message


def described(problems) -> str:
    return "\n".join(f"  {p!r}" for p in problems)


def test_the_corpus_is_big_enough():
    assert len(CASES) >= 40
    assert len({c.id for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_case(case: Case, corpus, bundled):
    path, res = corpus.get(case)
    assert "Traceback" not in res.stderr + res.stdout, res.stderr
    if case.severity == "error":
        with pytest.raises(DataError) as info:
            load_dataset(path)
        problems = info.value.problems
        assert any(matches(p, case) for p in problems), \
            f"wanted {expected(case)}: ...{case.message}...; got\n{described(problems)}"
        assert res.returncode == 1, res.stdout + res.stderr
        output = res.stderr
    else:
        ds = load_dataset(path)
        # A case that loads must load every product, not a table cut short.
        assert list(ds.product_ids()) == list(bundled.product_ids())
        if case.severity == "ok":
            assert not ds.warnings, described(ds.warnings)
        else:
            assert any(matches(w, case) for w in ds.warnings), described(ds.warnings)
        assert res.returncode == 0, res.stderr
        output = res.stdout
    if case.severity != "ok":
        prefix = f"  - {expected(case)}: {'warning: ' if case.severity == 'warning' else ''}"
        lines = [line for line in output.splitlines() if line.startswith(prefix)]
        assert any(case.message in line for line in lines), output
