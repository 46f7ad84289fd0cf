"""``mutmut`` with each mutant's tests run in a pytest session collected once.

Stock mutmut (3.8) forks a child per mutant and calls ``pytest.main`` there: the child
parses the configuration, registers every plugin and collects its tests again, 0.12 s
before the first test runs, which is most of a killed mutant's time (median 0.2-0.4 s).
Here the parent collects the selection once, before the first fork, and each child runs
its mutant's tests (fastest first, as mutmut orders them) through pytest's own
``pytest_runtest_protocol``, stopping at the first failure as ``-x`` does. Fixtures,
including session-scoped ones, are still set up in the child, under its mutant, and the
child still ends with the exit code mutmut reads (1: a test failed; 0: all passed).

The stats run, the clean run and the forced-fail run stay stock, and so does any mutant
whose tests are not all in the collected session. Usage: ``python tools/mutmut_run.py
run [mutmut's arguments]`` from the directory with ``pyproject.toml``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable

import mutmut.runners.harness as harness
import mutmut.workers.isolation as isolation
from mutmut.__main__ import cli
from mutmut.configuration import config


class _Failures:
    """A pytest plugin counting failed reports (setup, call or teardown)."""

    def __init__(self) -> None:
        self.failed = 0

    def pytest_runtest_logreport(self, report) -> None:
        if report.failed:
            self.failed += 1


class _Session:
    """The selection, configured and collected once in mutmut's parent process."""

    def __init__(self) -> None:
        from _pytest.config import _prepareconfig
        from _pytest.main import Session

        self.failures = _Failures()
        # -s: no capture of the parent's own output (the children print to /dev/null).
        args = ["--rootdir=.", "--tb=native", "-s", "-q",
                *config().pytest_add_cli_args_test_selection, *config().pytest_add_cli_args]
        with harness.change_cwd("mutants"):
            self.config = _prepareconfig(args, plugins=[self.failures])
            self.config._do_configure()
            self.session = Session.from_config(self.config)
            self.config.hook.pytest_sessionstart(session=self.session)
            self.session.perform_collect()
        self.items = {item.nodeid: item for item in self.session.items}

    def run(self, tests: list[str]) -> int | None:
        """Run ``tests`` in order, stopping at the first failure; None if one is unknown."""
        items = [self.items.get(t) for t in tests]
        if not items or None in items:
            return None
        self.session.testscollected = len(items)
        for i, item in enumerate(items):
            nextitem = items[i + 1] if i + 1 < len(items) else None
            item.config.hook.pytest_runtest_protocol(item=item, nextitem=nextitem)
            if self.failures.failed:
                return 1
        return 0


_session: _Session | None = None
_stock_run_tests = harness.PytestRunner.run_tests
_stock_startup = isolation.ForkRunner.startup


def _run_tests(self, *, mutant_name: str | None, tests: Iterable[str]) -> int:
    tests = list(tests)
    if mutant_name and _session is not None and os.environ.get("MUTANT_UNDER_TEST"):
        with harness.change_cwd("mutants"):
            code = _session.run(tests)
        if code is not None:
            return code
    return _stock_run_tests(self, mutant_name=mutant_name, tests=tests)


def _startup(self) -> None:
    global _session
    _session = _Session()  # before the heap is frozen and the first child forked
    _stock_startup(self)


harness.PytestRunner.run_tests = _run_tests
isolation.ForkRunner.startup = _startup

if __name__ == "__main__":
    sys.exit(cli())
