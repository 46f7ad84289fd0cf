"""What a reader hands to validation: tables of text, and the problems met on the way.

Kept apart from ``readers`` so that the CSV and workbook readers can share these types
without importing each other; ``denocompare.io.readers`` re-exports all of them.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from denocompare.core.errors import Problem
from denocompare.core.tasks import Cancelled as Cancelled  # the one Cancelled, re-exported
from denocompare.core.tasks import Progress

ProgressFn = Progress


@dataclass
class RawTable:
    """One table as read: strings only, index = spreadsheet row number.

    Column labels are the headings exactly as written (they may repeat or be blank);
    ``validate`` matches them to the schema. ``header_row`` is the row that holds the
    headings: 1, unless blank lines come first in a CSV file.
    """

    name: str
    label: str  # what the user calls it: "products.csv" or "sheet 'products'"
    frame: pd.DataFrame
    delimiter: str = ","
    header_row: int = 1


@dataclass
class RawDataset:
    """Everything a reader found, plus the problems it met on the way."""

    source: str
    tables: dict[str, RawTable] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    #: The table files read, by lower-case file name (a CSV folder's; empty for a
    #: workbook): what names the dataset a bundled release or a modified copy.
    files: dict[str, Path] = field(default_factory=dict)


def noop_progress(_fraction: float, _message: str) -> None:
    return None


def first_line(exc: BaseException) -> str:
    """The first line of an exception's text, or its type when it has none."""
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def column_letter(position: int) -> str:
    """0 -> 'A', 26 -> 'AA': how a spreadsheet names the column at ``position``."""
    letters = ""
    position += 1
    while position:
        position, rest = divmod(position - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


#: What a path that is not an ordinary file is, in words (``stat.S_IFMT`` -> text).
_KINDS = {
    stat.S_IFIFO: "a named pipe (FIFO)",
    stat.S_IFCHR: "a device (character special file)",
    stat.S_IFBLK: "a device (block special file)",
    stat.S_IFSOCK: "a socket",
    stat.S_IFDIR: "a folder",
}


def not_regular(path: Path) -> str | None:
    """Why ``path`` cannot be read as a file, or ``None`` for an ordinary file.

    Asked before anything opens the path: ``open()`` on a named pipe waits for a
    writer that never comes, and a device may give bytes for ever. ``os.stat`` only
    reads the directory entry (a symbolic link is followed to what it names).
    """
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None  # missing or unreadable: the open that follows says which
    if stat.S_ISREG(mode):
        return None
    kind = _KINDS.get(stat.S_IFMT(mode), "not an ordinary file")
    return (f"{path.name} is {kind}, not a regular file; DenoCompare reads only ordinary "
            "files. Copy the data into a file and open that")
