"""``mutmut`` with each mutant's tests run in a pytest session collected once.

Stock mutmut (3.8) forks a child per mutant and calls ``pytest.main`` there: the child
parses the configuration, registers every plugin and collects its tests again, 0.12 s
before the first test runs, which is most of a killed mutant's time (median 0.14 s for
core/criteria). Here the parent collects the selection once, before the first fork, and
each child runs its mutant's tests (fastest first, as mutmut orders them) through
pytest's own ``pytest_runtest_protocol``, stopping at the first failure as ``-x`` does.
Fixtures, session-scoped ones too, are still set up in the child, under its mutant, and
the child still ends with the exit code mutmut reads (1: a test failed; 0: all passed).

A test that caught a mutant of a function runs first for the function's later mutants:
mutants of one function are mostly caught by the same few tests, and mutmut's order
(fastest first) ran 2-10 passing chart tests before the one that fails. Each child
appends the test that failed to a file per function (``.mutmut-killers/`` beside the
mutants), which later children read; the verdicts are the same, in any order.

The stats run, the clean run and the forced-fail run stay stock, and so does any mutant
whose tests are not all in the collected session. Usage: ``python tools/mutmut_run.py
run [mutmut's arguments]`` from the directory with ``pyproject.toml``.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable


class _Failures:
    """A pytest plugin counting failed reports (setup, call or teardown)."""

    def __init__(self) -> None:
        self.failed = 0
        self.first = ""  # the test of the first failed report

    def pytest_runtest_logreport(self, report) -> None:
        if report.failed:
            self.failed += 1
            self.first = self.first or report.nodeid


def killers_first(tests: list[str], killers: list[str]) -> list[str]:
    """``tests`` with those in ``killers`` (one entry per mutant caught) first, the most
    often named first; otherwise in the order given."""
    count = {t: killers.count(t) for t in set(killers) if t in tests}
    ahead = sorted(count, key=lambda t: (-count[t], tests.index(t)))
    return ahead + [t for t in tests if t not in count]


class Session:
    """A pytest selection (``args``, from folder ``root``), configured and collected."""

    def __init__(self, args: list[str], root: str) -> None:
        from _pytest.config import _prepareconfig
        from _pytest.main import Session as PytestSession

        self.root = root
        self.failures = _Failures()
        # -s: no capture of the caller's own output. The reporter is made writing to
        # /dev/null: made here, it would print every child's progress to mutmut's output.
        args = ["--rootdir=.", "--tb=native", "-s", "-q", *args]
        self.null = open(os.devnull, "w")  # the reporter writes here for good
        with contextlib.chdir(root), contextlib.redirect_stdout(self.null):
            self.config = _prepareconfig(args, plugins=[self.failures])
            self.config._do_configure()
            self.session = PytestSession.from_config(self.config)
            self.config.hook.pytest_sessionstart(session=self.session)
            self.session.perform_collect()
        if self.session.testsfailed:
            raise SystemExit("mutmut_run: the selection does not collect; run it with pytest")
        self.items = {item.nodeid: item for item in self.session.items}
        self.killers = os.path.join(os.path.abspath(root), ".mutmut-killers")
        os.makedirs(self.killers, exist_ok=True)

    def run(self, tests: list[str], family: str = "") -> int | None:
        """Run ``tests`` in order, stopping at the first failure: 1 if one failed, 0 if
        none did, None (nothing run) if one of them is not in the session. With a
        ``family`` (the mutated function), the tests that caught its earlier mutants
        run first, and the one that catches this mutant is written down."""
        if family:
            tests = killers_first(tests, self._killers(family))
        items = [self.items.get(t) for t in tests]
        if not items or None in items:
            return None
        self.failures.failed, self.failures.first = 0, ""
        self.session.testscollected = len(items)
        with contextlib.chdir(self.root):
            for i, item in enumerate(items):
                nextitem = items[i + 1] if i + 1 < len(items) else None
                item.config.hook.pytest_runtest_protocol(item=item, nextitem=nextitem)
                if self.failures.failed:
                    if family:
                        # One short line, appended: safe beside the other children.
                        with open(os.path.join(self.killers, family), "a") as f:
                            f.write(self.failures.first + "\n")
                    return 1
        return 0

    def _killers(self, family: str) -> list[str]:
        try:
            with open(os.path.join(self.killers, family)) as f:
                return f.read().split("\n")
        except FileNotFoundError:
            return []


def main() -> None:
    import mutmut.runners.harness as harness
    import mutmut.workers.isolation as isolation
    from mutmut.__main__ import cli
    from mutmut.configuration import config

    session: Session | None = None
    stock_run_tests = harness.PytestRunner.run_tests
    stock_startup = isolation.ForkRunner.startup

    def run_tests(self, *, mutant_name: str | None, tests: Iterable[str]) -> int:
        tests = list(tests)
        if mutant_name and session is not None and os.environ.get("MUTANT_UNDER_TEST"):
            # denocompare.core.compare.x_f__mutmut_12 -> denocompare.core.compare.x_f
            code = session.run(tests, mutant_name.rsplit("__mutmut_", 1)[0])
            if code is not None:
                return code
        return stock_run_tests(self, mutant_name=mutant_name, tests=tests)

    def startup(self) -> None:
        nonlocal session  # collected before the heap is frozen and the first child forked
        session = Session([*config().pytest_add_cli_args_test_selection,
                           *config().pytest_add_cli_args], "mutants")
        stock_startup(self)

    harness.PytestRunner.run_tests = run_tests
    isolation.ForkRunner.startup = startup
    cli()


if __name__ == "__main__":
    main()
