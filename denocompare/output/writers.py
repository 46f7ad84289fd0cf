"""Writers: tables to CSV/XLSX, the dataset to one workbook; all atomic, all safe.

Every write goes to a temporary file in the target's folder and is moved into place
with ``os.replace``, so a crash or a full disk never leaves a half-written file: the
target is either the old file or the complete new one. Every failed or short write is
an ``ExportError`` with a plain message, and the temporary file is removed. Nothing is
ever written into the bundled data, and a read-only file is never replaced.
"""

from __future__ import annotations

import errno
import hashlib
import io
import os
import secrets
import stat
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import IO, Any

import pandas as pd

from denocompare.core.audit import Trail, stamp_metadata
from denocompare.core.dataset import Dataset
from denocompare.core.errors import ExportError
from denocompare.core.schema import TABLES
from denocompare.resources import is_bundled

#: OWASP ASVS 1.2.10: text starting with these is evaluated by spreadsheets.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n", "\0")


class ShortWrite(OSError):
    """The file system took none of the bytes offered (a write returned 0)."""

    def __init__(self) -> None:
        super().__init__(errno.EIO, "the disk accepted only part of the file (a short write)")


def reason(err: OSError, folder: Path) -> str:
    if err.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"you do not have permission to write in the folder {folder}"
    if err.errno == errno.ENOENT:
        return f"the folder {folder} does not exist"
    if err.errno in (errno.ENOSPC, errno.EDQUOT):
        return "the disk is full"
    return err.strerror or str(err)


def refuse_bundled(path: str | os.PathLike) -> None:
    """Raise ``ExportError`` if ``path``, or any folder above it, is in the bundled data.

    Checked before anything is created: a folder made inside the bundled data and then
    refused would still have changed it. The parents count too, so that a symbolic
    link inside the bundled data pointing elsewhere is refused as well.
    """
    path = Path(path)
    if any(is_bundled(p) for p in (path, *path.parents)):
        raise ExportError(f"{path}: the bundled dataset is read-only; choose another folder")


def check_target(target: Path) -> None:
    """Refuse a target in the bundled data, a folder, a special file or a read-only file."""
    refuse_bundled(target)
    try:
        st = os.stat(target)
    except OSError:
        return  # missing (the usual case), or unreadable: the write itself will say
    if stat.S_ISDIR(st.st_mode):
        raise ExportError(f"{target} is a folder; choose a file name")
    if not stat.S_ISREG(st.st_mode):
        raise ExportError(f"{target} is not a regular file (a device, pipe or socket); "
                          "choose another file name")
    # The write bits too: os.access says "writable" to root whatever the mode.
    if not os.access(target, os.W_OK) or not st.st_mode & 0o222:
        raise ExportError(f"{target.name} is read-only, so it was not replaced; choose "
                          "another file name, or make the file writable first")


def _create_temp(target: Path) -> Path:
    """A new, empty temporary file beside ``target``.

    Not ``tempfile.mkstemp``: its files are private to the owner (0600), and a file
    saved into a shared folder should get the permissions any new file gets there.
    """
    # No O_BINARY on Windows: nothing is written through this descriptor, closed at
    # once; the file is opened again "wb".
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL
    for _attempt in range(100):
        tmp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.part")
        try:
            os.close(os.open(tmp, flags, 0o666))
            return tmp
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary file name", str(target.parent))


def _open_temp(tmp: Path) -> io.RawIOBase:
    """The temporary file, unbuffered (``_Checked`` and a ``BufferedWriter`` go on top)."""
    return open(tmp, "wb", buffering=0)  # noqa: SIM115 - closed by atomic_write


class _Checked(io.RawIOBase):
    """A raw file whose ``write`` writes everything or raises.

    A raw write may legally write fewer bytes than given; a writer that ignores the
    count (most do) would then lose the rest in silence. Here the rest is written
    again until done, and a write that makes no progress is a ``ShortWrite``.
    """

    def __init__(self, raw: io.RawIOBase) -> None:
        super().__init__()
        self._raw = raw

    def writable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return self._raw.seekable()

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        return self._raw.seek(offset, whence)

    def tell(self) -> int:
        return self._raw.tell()

    def fileno(self) -> int:
        return self._raw.fileno()

    def write(self, data: Any) -> int:
        view = memoryview(data).cast("B")
        done = 0
        while done < len(view):
            n = self._raw.write(view[done:])
            if not n:
                raise ShortWrite()
            done += n
        return done

    def close(self) -> None:
        if not self.closed:
            try:
                self._raw.close()
            finally:
                super().close()


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


def _fill(tmp: Path, write: Callable[[IO[bytes]], object]) -> None:
    with io.BufferedWriter(_Checked(_open_temp(tmp))) as fh:
        write(fh)
        fh.flush()
        # On the descriptor that wrote: since Linux 4.13 a write-back error is
        # reported only to descriptors open when it happened, not to a new one.
        os.fsync(fh.fileno())


def atomic_write(target: Path, write: Callable[[IO[bytes]], object]) -> Path:
    """Call ``write(binary_file)`` on a temporary file, then move it onto ``target``.

    Raises
    ------
    ExportError
        With a plain message when the target is refused (bundled data, read-only,
        a folder), the folder is not writable, or writing, flushing or renaming
        fails (a full disk, a short write). The previous file is then untouched
        and no temporary file is left behind.
    """
    target = Path(target)
    check_target(target)
    folder = target.parent
    try:
        tmp = _create_temp(target)
    except OSError as exc:
        raise ExportError(f"cannot write into {folder}: {reason(exc, folder)}") from exc
    try:
        _fill(tmp, write)
        os.replace(tmp, target)
    except OSError as exc:
        _discard(tmp)
        raise ExportError(f"could not write {target.name}: {reason(exc, folder)}; "
                          "the previous file, if any, is unchanged") from exc
    except BaseException:
        _discard(tmp)
        raise
    _sync_folder(folder)
    return target


def _discard(tmp: Path) -> None:
    try:
        tmp.unlink()
    except OSError:
        pass  # gone already, or the folder went away or turned read-only: nothing to do


def neutralise_text(value: object) -> object:
    """Prefix a quote to text a spreadsheet would evaluate; leave numbers alone."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def write_table_csv(frame: pd.DataFrame, target: Path, index: bool = True,
                    trail: Trail | None = None) -> Path:
    """CSV as shown (UTF-8 with BOM, so Excel reads accents right), formulas neutralised.

    With ``trail``, the audit trail goes beside it (``write_provenance``): in the CSV
    itself it would be rows that are not the table's.
    """
    safe = frame.astype(object).map(neutralise_text)
    if index:
        safe.index = [neutralise_text(str(i)) for i in safe.index]
    safe.columns = [neutralise_text(str(c)) for c in safe.columns]
    # (pandas quotes only the cells that need it: csv.QUOTE_MINIMAL is its default)
    data = safe.to_csv(index=index, index_label=frame.index.name,
                       lineterminator="\r\n").encode("utf-8-sig")
    return write_csv_bytes(data, Path(target), trail)


def provenance_path(target: Path) -> Path:
    """``table.csv`` -> ``table.provenance.txt``, beside it."""
    return target.with_name(f"{target.stem}.provenance.txt")


def write_csv_bytes(data: bytes, target: Path, trail: Trail | None) -> Path:
    """``data`` to ``target``, then its audit trail beside it (both atomic).

    Both targets are checked before either is written; should the second write fail,
    the message says that the table was written without its trail.
    """
    if trail is not None:
        check_target(provenance_path(target))
    written = atomic_write(target, lambda fh: fh.write(data))
    if trail is not None:
        try:
            write_provenance(written, data, trail)
        except ExportError as err:
            raise ExportError(f"{written.name} was written, but not its audit trail: "
                              f"{err}") from err
    return written


def write_provenance(table: Path, data: bytes, trail: Trail) -> Path:
    """``<name>.provenance.txt``: the trail, and the SHA-256 of the table's bytes."""
    text = (f"Provenance of {table.name} (SHA-256 of its bytes: "
            f"{hashlib.sha256(data).hexdigest()})\n\n{trail.text()}\n"
            + "\n".join(f"{k}: {v}" for k, v in trail.items()) + "\n")
    return atomic_write(provenance_path(table), lambda fh: fh.write(text.encode("utf-8")))


PROVENANCE_SHEET = "Provenance"


def add_provenance_sheet(wb: Any, trail: Trail | None) -> None:
    """A "Provenance" sheet: the trail as key/value rows, then in words."""
    if trail is None:
        return
    frame = pd.concat([trail.frame(), pd.DataFrame(
        [("", ""), *(("", line) for line in trail.lines())], columns=["key", "value"])])
    # (the index is not written, so the concatenated index's repeats do not matter)
    ws = wb.create_sheet(PROVENANCE_SHEET)
    _write_sheet(ws, frame)
    ws.column_dimensions["A"].width = 24  # pragma: no mutate (layout: column widths)
    ws.column_dimensions["B"].width = 90  # pragma: no mutate


def _write_sheet(ws, frame: pd.DataFrame, index: bool = False) -> None:
    """Rows into an openpyxl sheet; text cells typed as text with Excel's quote prefix.

    ``df.to_excel`` stores text starting with "=" as a live formula (pandas issue
    29095). Writing cells ourselves as strings with ``quotePrefix`` keeps the text
    exactly (a round trip reads it back unchanged) while Excel never evaluates it.
    """
    header = ([frame.index.name or ""] if index else []) + [str(c) for c in frame.columns]
    ws.append(header)
    for values in frame.itertuples(index=index, name=None):  # the row's label first
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
                     index: bool = True, trail: Trail | None = None) -> Path:
    """The table in one sheet; with ``trail``, a "Provenance" sheet after it."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = sheet[:31]
    _write_sheet(ws, frame, index)
    add_provenance_sheet(wb, trail)
    return atomic_write(Path(target), partial(save_workbook, wb))


def write_table(frame: pd.DataFrame, target: Path, index: bool | None = None,
                trail: Trail | None = None) -> Path:
    """CSV or XLSX by the target's suffix, with the audit trail if given.

    ``index`` None: the index is written when it labels the rows (named, or not
    integers); an unnamed integer index is pandas' row numbering, which would be a
    first column with an empty heading."""
    if index is None:
        index = frame.index.name is not None or \
            not pd.api.types.is_integer_dtype(frame.index.dtype)
    suffix = Path(target).suffix.lower()
    if suffix == ".csv":
        return write_table_csv(frame, target, index, trail)
    if suffix == ".xlsx":
        return write_table_xlsx(frame, target, index=index, trail=trail)
    raise ExportError(f"{Path(target).name}: choose a .csv or .xlsx file name")


def write_dataset_workbook(ds: Dataset, target: Path, trail: Trail | None = None) -> Path:
    """The whole dataset as one workbook: a sheet per table, and the column docs.

    With ``trail`` (the trail of the dataset it is a copy of: ``ds`` itself, or the one
    an import changed), its metadata records what it was made from
    (``core.audit.stamp_metadata``).
    """
    from openpyxl import Workbook

    from denocompare.core.schema_docs import columns_frame

    wb = Workbook()
    wb.remove(wb.active)
    for table in TABLES:
        frame = ds[table.name][table.column_names]
        if table.name == "metadata" and trail is not None:
            frame = stamp_metadata(frame, trail)
        _write_sheet(wb.create_sheet(table.name), frame)  # a missing value: an empty cell
    _write_sheet(wb.create_sheet("columns"), columns_frame())
    return atomic_write(Path(target), partial(save_workbook, wb))


def save_workbook(wb: Any, fh: IO[bytes]) -> None:
    """``Workbook.save`` into ``fh``, closing the zip archive even when a write fails.

    openpyxl leaves the archive open when writing fails; the garbage collector then
    closes it, tries to write the zip directory to the full disk again and prints a
    stray "Exception ignored in: ZipFile.__del__" traceback after the plain message.
    """
    from zipfile import ZIP_DEFLATED, ZipFile

    from openpyxl.writer.excel import ExcelWriter

    archive = ZipFile(fh, "w", ZIP_DEFLATED)  # ZIP64 where needed: ZipFile's default
    try:
        ExcelWriter(wb, archive).write_data()
    except BaseException:
        try:
            archive.close()
        except (OSError, ValueError):
            pass  # the first error is the one to report
        raise
    archive.close()
