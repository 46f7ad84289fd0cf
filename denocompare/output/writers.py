"""Writers: tables to CSV/XLSX, the dataset to one workbook; all atomic, all safe.

Every write goes to a temporary file in the target's folder and is moved into place
with ``os.replace``, so a crash or a full disk never leaves a half-written file: the
target is either the old file or the complete new one. Nothing is ever written into
the bundled data.
"""

from __future__ import annotations

import contextlib
import csv
import errno
import os
import secrets
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

import pandas as pd

from denocompare.core.dataset import Dataset
from denocompare.core.errors import ExportError
from denocompare.core.schema import TABLES
from denocompare.resources import is_bundled

#: OWASP ASVS 1.2.10: text starting with these is evaluated by spreadsheets.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n", "\0")


def reason(err: OSError, folder: Path) -> str:
    if err.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"you do not have permission to write in the folder {folder}"
    if err.errno == errno.ENOENT:
        return f"the folder {folder} does not exist"
    if err.errno == errno.ENOSPC:
        return "the disk is full"
    return err.strerror or str(err)


def _create_temp(target: Path) -> Path:
    """A new, empty temporary file beside ``target``.

    Not ``tempfile.mkstemp``: its files are private to the owner (0600), and a file
    saved into a shared folder should get the permissions any new file gets there.
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    for _attempt in range(100):
        tmp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.part")
        try:
            os.close(os.open(tmp, flags, 0o666))
            return tmp
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary file name", str(target.parent))


def _sync_folder(folder: Path) -> None:
    # Makes the rename itself durable on POSIX; Windows cannot open a folder this way.
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; move it into place on success.

    Raises ``ExportError`` with a plain message when the folder is not writable, the
    target is inside the bundled data, or writing fails; the temporary file is removed.
    """
    target = Path(target)
    if is_bundled(target):
        raise ExportError(f"{target}: the bundled dataset is read-only; choose another "
                          "folder")
    folder = target.parent
    try:
        tmp = _create_temp(target)
    except OSError as exc:
        raise ExportError(f"cannot write into {folder}: {reason(exc, folder)}") from exc
    try:
        yield tmp
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ExportError(f"could not write {target.name}: {reason(exc, folder)}") from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _sync_folder(folder)


def atomic_write(target: Path, write: Callable[[IO[bytes]], object]) -> Path:
    """Call ``write(binary_file)`` on a temporary file, then move it onto ``target``."""
    with atomic_path(target) as tmp, open(tmp, "wb") as fh:
        write(fh)
        fh.flush()
    return Path(target)


def neutralise_text(value: object) -> object:
    """Prefix a quote to text a spreadsheet would evaluate; leave numbers alone."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def write_table_csv(frame: pd.DataFrame, target: Path, index: bool = True) -> Path:
    """CSV as shown (UTF-8 with BOM, so Excel reads accents right), formulas neutralised."""
    safe = frame.astype(object).map(neutralise_text)
    if index:
        safe.index = [neutralise_text(str(i)) for i in safe.index]
    safe.columns = [neutralise_text(str(c)) for c in safe.columns]
    return atomic_write(Path(target), lambda fh: fh.write(
        safe.to_csv(index=index, index_label=frame.index.name, lineterminator="\r\n",
                    quoting=csv.QUOTE_MINIMAL).encode("utf-8-sig")))


def _write_sheet(ws, frame: pd.DataFrame, index: bool) -> None:
    """Rows into an openpyxl sheet; text cells typed as text with Excel's quote prefix.

    ``df.to_excel`` stores text starting with "=" as a live formula (pandas issue
    29095). Writing cells ourselves as strings with ``quotePrefix`` keeps the text
    exactly (a round trip reads it back unchanged) while Excel never evaluates it.
    """
    header = ([frame.index.name or ""] if index else []) + [str(c) for c in frame.columns]
    ws.append(header)
    for label, row in zip(frame.index, frame.itertuples(index=False, name=None), strict=True):
        values = ([label] if index else []) + list(row)
        ws.append([None if _is_na(v) else v for v in values])
    for row in ws.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"
                if cell.value.startswith(FORMULA_PREFIXES):
                    cell.quotePrefix = True
    ws.freeze_panes = "B2" if index else "A2"


def _is_na(value: object) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def write_table_xlsx(frame: pd.DataFrame, target: Path, sheet: str = "table",
                     index: bool = True) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = sheet[:31]
    _write_sheet(ws, frame, index)
    return atomic_write(Path(target), wb.save)


def write_table(frame: pd.DataFrame, target: Path, index: bool = True) -> Path:
    """CSV or XLSX by the target's suffix."""
    suffix = Path(target).suffix.lower()
    if suffix == ".csv":
        return write_table_csv(frame, target, index)
    if suffix == ".xlsx":
        return write_table_xlsx(frame, target, index=index)
    raise ExportError(f"{Path(target).name}: choose a .csv or .xlsx file name")


def write_dataset_workbook(ds: Dataset, target: Path) -> Path:
    """The whole dataset as one workbook: a sheet per table, and the column docs."""
    from openpyxl import Workbook

    from denocompare.core.schema_docs import columns_frame

    wb = Workbook()
    wb.remove(wb.active)
    for table in TABLES:
        frame = ds[table.name][table.column_names]
        frame = frame.astype(object).where(frame.notna(), None)
        _write_sheet(wb.create_sheet(table.name), frame, index=False)
    _write_sheet(wb.create_sheet("columns"), columns_frame(), index=False)
    return atomic_write(Path(target), wb.save)
