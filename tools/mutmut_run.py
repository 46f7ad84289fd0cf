"""``mutmut`` with each mutant's tests run in a pytest session collected once.

Stock mutmut (3.8) forks a child per mutant and calls ``pytest.main`` there: the child
parses the configuration, registers every plugin and collects its tests again, 0.12 s
before the first test runs, which is most of a killed mutant's time (median 0.14 s for
core/criteria). Here the parent collects the selection once, before the first fork, and
each child runs its mutant's tests (fastest first, as mutmut orders them) through
pytest's own ``pytest_runtest_protocol``, stopping at the first failure as ``-x`` does.
Fixtures, session-scoped ones too, are still set up in the child, under its mutant, and
the child still ends with the exit code mutmut reads (1: a test failed; 0: all passed).

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

    def pytest_runtest_logreport(self, report) -> None:
        if report.failed:
            self.failed += 1


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

    def run(self, tests: list[str]) -> int | None:
        """Run ``tests`` in order, stopping at the first failure: 1 if one failed, 0 if
        none did, None (nothing run) if one of them is not in the session."""
        items = [self.items.get(t) for t in tests]
        if not items or None in items:
            return None
        self.failures.failed = 0
        self.session.testscollected = len(items)
        with contextlib.chdir(self.root):
            for i, item in enumerate(items):
                nextitem = items[i + 1] if i + 1 < len(items) else None
                item.config.hook.pytest_runtest_protocol(item=item, nextitem=nextitem)
                if self.failures.failed:
                    return 1
        return 0


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
            code = session.run(tests)
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
