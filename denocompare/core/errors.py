"""Typed errors whose text a pharmacist can act on."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input: where it is and what is wrong.

    ``row`` is the row number as the user sees it in a spreadsheet: the header is row 1,
    the first data row is row 2. ``None`` means the problem is not tied to a row.
    """

    file: str
    message: str
    row: int | None = None
    column: str | None = None
    severity: str = "error"  # "error" stops the load; "warning" is reported only

    def where(self) -> str:
        parts = [self.file]
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column '{self.column}'")
        return ", ".join(parts)

    def __str__(self) -> str:
        prefix = "warning: " if self.severity == "warning" else ""
        return f"{self.where()}: {prefix}{self.message}"


def counted(n_errors: int, n_warnings: int = 0) -> str:
    """'2 problems', '2 problems and 1 warning': warnings are counted apart, since
    they do not stop a load."""
    text = f"{n_errors} problem{'s' if n_errors != 1 else ''}"
    if n_warnings:
        text += f" and {n_warnings} warning{'s' if n_warnings != 1 else ''}"
    return text


class DataError(Exception):
    """A dataset could not be loaded; ``problems`` lists every reason at once."""

    def __init__(self, source: str, problems: list[Problem]):
        self.source = source
        self.problems = list(problems)
        super().__init__(self.report())

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity != "error"]

    def report(self, limit: int | None = None) -> str:
        """The report as plain text, one problem per line, the errors first."""
        head = f"{self.source}: {counted(len(self.errors), len(self.warnings))} found; " \
            "nothing was loaded."
        ordered = self.errors + self.warnings
        shown = ordered if limit is None else ordered[:limit]
        lines = [head, *(f"  - {p}" for p in shown)]
        if limit is not None and len(self.problems) > limit:
            lines.append(f"  ... and {len(self.problems) - limit} more")
        return "\n".join(lines)


class ExportError(Exception):
    """A file could not be written; the message says which and why."""


class ComparisonFileError(Exception):
    """A saved comparison could not be read; the message says why, to follow
    "Could not open <file>: "."""
