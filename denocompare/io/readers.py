"""Readers: a folder of CSV files or one XLSX workbook -> raw tables of text.

Readers never interpret values; they turn whatever a pharmacist saved (Excel's
UTF-8 with BOM, Windows-1252, UTF-16, semicolons, LibreOffice workbooks) into frames
of strings, indexed by the row number the user sees in a spreadsheet. ``validate``
then types and checks them. Readers are registered by file type in ``READERS``.

The CSV and workbook details live in ``csv_reader`` and ``xlsx_reader``; this module
is the one way in, and re-exports the types both share.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from pathlib import Path

from denocompare.core.errors import DataError, Problem
from denocompare.core.schema import MAX_FILE_BYTES, TABLES, TABLES_BY_NAME
from denocompare.io.csv_reader import (
    open_utf8,
    read_csv_bytes,
    read_csv_stream,
    read_csv_text,
    sniff_delimiter,
)
from denocompare.io.raw import (
    Cancelled,
    ProgressFn,
    RawDataset,
    RawTable,
    noop_progress,
    not_regular,
)
from denocompare.io.xlsx_reader import read_workbook

__all__ = ["MAX_FILE_BYTES", "READERS", "Cancelled", "ProgressFn", "RawDataset", "RawTable",
           "open_utf8", "read_csv_bytes", "read_csv_folder", "read_csv_stream", "read_csv_text",
           "read_raw", "read_workbook", "sniff_delimiter"]

#: Files larger than ``MAX_FILE_BYTES`` are refused before reading. The largest dataset
#: the app is built for (a million adverse-reaction rows, ``benchmarks/scale.py``) is a
#: 74 MB CSV that loads in under a second and adds about 0.2 GB to the process at its
#: peak; a 200 MB file would need about three times that.

_noop = noop_progress  # the name validate and older callers import
_TABLE_FILES = frozenset(t.filename for t in TABLES)

#: What to say when someone opens a file that is not a dataset but looks like one.
_NOT_A_DATASET = {
    ".xls": "this is an old-format Excel (.xls) workbook. Open it in Excel or LibreOffice "
            "and save it as 'Excel Workbook (.xlsx)'.",
    ".ods": "this is an OpenDocument spreadsheet. Save it from LibreOffice as "
            "'Excel 2007-365 (.xlsx)'.",
    ".numbers": "this is an Apple Numbers file. Export it as Excel (.xlsx).",
    ".zip": "this is a zip archive. Unzip it, then open the folder of CSV files inside.",
}


def _too_big(path: Path, label: str) -> Problem | None:
    size = path.stat().st_size
    if size <= MAX_FILE_BYTES:
        return None
    return Problem(label, f"the file is {size / 2**20:,.0f} MB; DenoCompare reads files up to "
                   f"{MAX_FILE_BYTES // 2**20} MB (about a million rows). Check that this is "
                   "the right file.")


def read_csv_folder(path: Path, progress: ProgressFn = noop_progress) -> RawDataset:
    """Read ``<table>.csv`` for every table the schema knows from one folder."""
    raw = RawDataset(str(path))
    files: dict[str, Path] = {}
    for p in sorted(path.iterdir()):
        if p.is_dir() and p.name.lower() not in _TABLE_FILES:
            continue  # a pipe, a device, a folder named as a table: refused by name
        if p.name.lower() in files and p.name.lower() in {t.filename for t in TABLES}:
            raw.problems.append(Problem(p.name, f"two files are named like this "
                                        f"({files[p.name.lower()].name} and {p.name}); "
                                        "keep only one", severity="warning"))
            continue
        files[p.name.lower()] = p
    if not any(t.filename in files for t in TABLES):
        raw.problems.append(Problem(path.name or str(path), _no_tables_here(path, files)))
        return raw
    for i, table in enumerate(TABLES):
        progress(i / len(TABLES), f"Reading {table.filename}")
        found = files.get(table.filename)
        if found is None:
            if not table.optional:
                raw.problems.append(Problem(table.filename, f"the required table "
                                            f"'{table.name}' is missing from {path.name}"
                                            + _similar_file(table.filename, files)))
            continue
        tab = _read_csv_file(found, table.name, raw.problems)
        if tab is not None:
            raw.tables[table.name] = tab
            raw.files[found.name.lower()] = found
    for p in files.values():
        if p.suffix.lower() == ".csv" and p.stem.lower() not in TABLES_BY_NAME:
            raw.problems.append(Problem(p.name, "this file is not a table DenoCompare knows; "
                                        "it was ignored", severity="warning"))
    progress(1.0, "Read")
    return raw


def _read_csv_file(path: Path, name: str, problems: list[Problem]) -> RawTable | None:
    special = not_regular(path)
    if special:
        problems.append(Problem(path.name, special))
        return None
    big = _too_big(path, path.name)
    if big:
        problems.append(big)
        return None
    try:
        with open(path, "rb") as fh:
            found = open_utf8(fh, path.name, problems)
            if found is None:
                return None
            return read_csv_stream(found[0], name, path.name, problems, start=found[1])
    except OSError as exc:
        problems.append(Problem(path.name, f"the file could not be read ({exc.strerror or exc}); "
                                "close it in other programs, or check that you may read it"))
        return None


def _similar_file(filename: str, files: dict[str, Path]) -> str:
    stem = filename.removesuffix(".csv")
    others = [p for p in files.values() if p.stem.lower() not in TABLES_BY_NAME]
    near = [p.name for p in others if p.stem.lower().startswith(stem)]
    near += difflib.get_close_matches(filename, [p.name for p in others], n=1, cutoff=0.8)
    return f"; found '{near[0]}': rename it to {filename}" if near else ""


def _no_tables_here(path: Path, files: dict[str, Path]) -> str:
    workbooks = sorted(p.name for p in files.values() if p.suffix.lower() in READERS)
    if workbooks:
        return (f"this folder holds no table files, but a workbook '{workbooks[0]}'; "
                "open the workbook itself")
    try:
        inner = sorted(d.name for d in path.iterdir()
                       if d.is_dir() and (d / "products.csv").is_file())
    except OSError:
        inner = []
    if inner:
        return f"the table files are in the folder '{inner[0]}' inside this one; open that folder"
    expected = ", ".join(t.filename for t in TABLES)
    return f"this folder holds none of the dataset's tables (expected: {expected})"


READERS: dict[str, Callable[[Path, ProgressFn], RawDataset]] = {
    "folder": read_csv_folder,
    ".xlsx": read_workbook,
    ".xlsm": read_workbook,
}


def read_raw(path: str | Path, progress: ProgressFn = noop_progress) -> RawDataset:
    """Read a dataset from a folder of CSV files or a workbook.

    A single CSV file named like a table (``products.csv``) opens the folder it is in.
    Raises ``DataError`` when the path cannot be a dataset at all, and ``Cancelled``
    when ``progress`` does; every other problem is listed in the result.
    """
    path = Path(path)
    label = path.name or str(path)
    if not path.exists():
        raise DataError(label, [Problem(label, f"no such file or folder: {path}")])
    special = None if path.is_dir() else not_regular(path)
    if special:
        raise DataError(label, [Problem(label, special)])
    if path.is_file() and path.suffix.lower() == ".csv" and path.stem.lower() in TABLES_BY_NAME:
        path = path.parent
    if path.is_dir():
        reader = READERS["folder"]
    else:
        found = READERS.get(path.suffix.lower())
        if found is None:
            hint = _NOT_A_DATASET.get(path.suffix.lower(), "not a dataset: open a folder of "
                                      "CSV files or an Excel workbook (.xlsx)")
            if path.suffix.lower() == ".csv":
                hint = (f"'{path.name}' is not one of the dataset's tables; open the folder "
                        "that holds products.csv, sources.csv and the others")
            raise DataError(label, [Problem(label, hint)])
        big = _too_big(path, label)
        if big:
            raise DataError(label, [big])
        reader = found
    try:
        return reader(path, progress)
    except PermissionError as exc:
        where = exc.filename or path
        raise DataError(label, [Problem(label, f"permission denied: {where}. Close the file in "
                                        "other programs, or check that you may read it.")]) from exc
    except OSError as exc:
        raise DataError(label, [Problem(label, "could not be read: "
                                        f"{exc.strerror or exc}")]) from exc
