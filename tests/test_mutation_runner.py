"""tools/mutmut_run.py: a mutant's tests run in a session collected once give the verdict
pytest -x would: 1 at the first failure (nothing after it runs), 0 when every test
passes, and nothing run at all when a test is not in the session (mutmut's own runner
then takes it). In a child process: a second pytest session inside this one would share
its plugins."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PROBE = """
import json, sys
sys.path.insert(0, {tools!r})
from mutmut_run import Session

session = Session(["-p", "no:cacheprovider"], {root!r})
ran = {ran!r}
result = {{}}
for name, tests in [("pass", ["test_a.py::test_pass"]),
                    ("fail", ["test_a.py::test_pass", "test_a.py::test_fail",
                              "test_a.py::test_after"]),
                    ("again", ["test_a.py::test_after", "test_a.py::test_pass"]),
                    ("setup", ["test_a.py::test_broken_fixture", "test_a.py::test_after"]),
                    ("unknown", ["test_a.py::test_pass", "test_a.py::test_nowhere"])]:
    open(ran, "w").close()
    code = session.run(tests)
    result[name] = [code, open(ran).read().split()]
three = ["test_a.py::test_pass", "test_a.py::test_fail", "test_a.py::test_after"]
for name, family in [("family", "f"), ("family again", "f"), ("other family", "g")]:
    open(ran, "w").close()
    code = session.run(three, family)
    result[name] = [code, open(ran).read().split()]
print(json.dumps(result))
"""

TESTS = """
import pytest

RAN = {ran!r}

def mark(name):
    with open(RAN, "a") as f:
        f.write(name + "\\n")

@pytest.fixture
def broken():
    raise RuntimeError("set-up fails")

def test_pass():
    mark("pass")

def test_fail():
    mark("fail")
    assert False

def test_after():
    mark("after")

def test_broken_fixture(broken):
    mark("broken")
"""


def test_the_first_failure_ends_the_run_and_an_unknown_test_runs_nothing(tmp_path):
    ran = tmp_path / "ran.txt"
    project = tmp_path / "project"
    project.mkdir()
    (project / "test_a.py").write_text(textwrap.dedent(TESTS.format(ran=str(ran))))
    probe = PROBE.format(tools=str(ROOT / "tools"), root=str(project), ran=str(ran))
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         timeout=120, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["pass"] == [0, ["pass"]]
    assert result["fail"] == [1, ["pass", "fail"]]          # test_after never ran
    assert result["again"] == [0, ["after", "pass"]]        # in the order given
    assert result["setup"] == [1, []]                       # a set-up error fails too
    assert result["unknown"] == [None, []]                  # nothing run at all
    # The test that caught a function's mutant runs first for its next mutant, and for
    # that function only.
    assert result["family"] == [1, ["pass", "fail"]]
    assert result["family again"] == [1, ["fail"]]
    assert result["other family"] == [1, ["pass", "fail"]]


def test_killers_run_first_the_most_often_named_first_the_rest_in_order():
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        from mutmut_run import killers_first
    finally:
        sys.path.remove(str(ROOT / "tools"))
    tests = ["a", "b", "c", "d"]
    assert killers_first(tests, []) == tests
    assert killers_first(tests, ["c", ""]) == ["c", "a", "b", "d"]
    assert killers_first(tests, ["d", "b", "d"]) == ["d", "b", "a", "c"]
    assert killers_first(tests, ["d", "b"]) == ["b", "d", "a", "c"]  # a tie: the order given
    assert killers_first(tests, ["gone", "c"]) == ["c", "a", "b", "d"]  # not this mutant's
