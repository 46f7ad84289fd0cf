"""One CSV file -> a ``RawTable`` of text: encodings, delimiters and broken layouts.

Every failure becomes a ``Problem`` with the row a spreadsheet would show; nothing here
raises on bad input.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
import threading

import numpy as np
import pandas as pd
from pandas.api.types import union_categoricals

from denocompare.core.errors import Problem
from denocompare.io.raw import RawTable, first_line

#: Bytes that do not occur in text files (everything below space except tab, LF, FF, CR).
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13))
#: Signatures of files people save under a .csv name by mistake, and what to say.
_SIGNATURES = (
    (b"PK\x03\x04", "this is an Excel workbook (or another zip file) with a .csv name. "
     "Open the workbook itself, or save each sheet from it as 'CSV UTF-8'."),
    (b"\xd0\xcf\x11\xe0", "this is an old-format Excel (.xls) file or a password-protected "
     "workbook with a .csv name. Save each sheet from it as 'CSV UTF-8'."),
    (b"%PDF", "this is a PDF document with a .csv name, not a table."),
)
_BINARY = ("this is not a text (CSV) file: it contains binary data. "
           "Save the table from your spreadsheet as 'CSV UTF-8'.")
_MAX_ROW_PROBLEMS = 20
#: Tables from this size up are read as categorical columns (see ``read_csv_bytes``).
CATEGORICAL_BYTES = 2**20
#: ... and from this size up, as two halves parsed at once (see ``_parse_halves``).
HALVES_BYTES = 4 * 2**20
#: A binary file, open for reading and seeking: the file itself, or text recoded in memory.
Stream = io.BufferedIOBase
#: How much of a file is looked at to tell text from a binary file.
_SAMPLE = 65536
#: Decoding works through a large file in slices of this size (see ``_first_bad_utf8``).
_SLICE = 4 * 2**20
_STRAY_QUOTE = ('a double quote (") in this row is never closed where the cell ends, so the '
                "lines after it were read into this cell. Remove the stray quote, or close it.")


def open_utf8(fh: Stream, label: str, problems: list[Problem]) -> tuple[Stream, int] | None:
    """A CSV file as a stream of UTF-8, decoded the way a spreadsheet user would expect.

    Excel writes UTF-8 with a byte-order mark, or the Windows code page; "Unicode
    text" is UTF-16 with a BOM. Plain UTF-8 is tried first because cp1252 accepts
    almost any byte sequence and would silently mangle real UTF-8. Returns the stream
    and where the text starts in it (after a UTF-8 BOM). A UTF-8 file, the common case,
    is only checked and then parsed from the file itself: holding a large file in
    memory costs more (in page faults) than reading it twice from the disk cache.
    """
    head = fh.read(_SAMPLE)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        codec = "UTF-32" if head.startswith(b"\xff\xfe\x00\x00") else "UTF-16"
        try:
            return io.BytesIO(_recode(head + fh.read(), codec)), 0
        except UnicodeDecodeError:
            problems.append(Problem(label, f"the file is saved as Unicode ({codec}) text but "
                                    "is damaged or cut short. Save it again from your "
                                    "spreadsheet as 'CSV UTF-8'."))
            return None
    for signature, message in _SIGNATURES:
        if head.startswith(signature):
            problems.append(Problem(label, message))
            return None
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    # A few stray control characters are text pasted from elsewhere (validation
    # removes them with a warning); this many means the file is not text at all.
    if controls > max(2, len(head) // 20) or head.count(0) > len(head) // 100 + 2:
        problems.append(Problem(label, _BINARY))
        return None
    bad = _first_bad_utf8(fh)
    if bad is None:
        return fh, 3 if head.startswith(codecs.BOM_UTF8) else 0
    fh.seek(0)
    data = fh.read()
    if not data[:bad].isascii():
        # Real UTF-8 before the bad byte: the file is UTF-8 with a damaged byte (a copy
        # cut short, a cell pasted from elsewhere). Read as Windows-1252, every accented
        # letter before it would turn to mojibake; only the bad byte is replaced.
        line = data.count(b"\n", 0, bad) + 1
        problems.append(Problem(label, f"byte {bad + 1:,} of the file (0x{data[bad]:02X}, in "
                                f"line {line:,}) is not valid UTF-8; it was read as '\ufffd'. "
                                "Check the text there, or save the file again as 'CSV UTF-8'.",
                                severity="warning"))
        return io.BytesIO(_recode(data, "utf-8", errors="replace")), 0
    problems.append(Problem(label, "the file is not saved as UTF-8; it was read as "
                            "Windows-1252 (Western European). Check that accented "
                            "characters look right, or save it again as 'CSV UTF-8'.",
                            severity="warning"))
    return io.BytesIO(_recode(data, "cp1252", errors="replace")), 0


def _first_bad_utf8(fh: Stream) -> int | None:
    """Where the first byte that is not UTF-8 is, or ``None`` for a UTF-8 file; read a
    slice at a time into one buffer.

    Slices keep each decode short (a long one holds the GIL and freezes the window
    while a worker thread loads); an ASCII slice needs no decoding at all.
    """
    size = fh.seek(0, io.SEEK_END)
    fh.seek(0)
    decoder = codecs.getincrementaldecoder("utf-8")()
    buffer = bytearray(max(1, min(_SLICE, size)))  # a small file needs no 4 MB buffer
    view = memoryview(buffer)
    pos = pending = 0  # where the slice starts in the file; bytes the decoder holds
    try:
        while size := fh.readinto(buffer):
            pending = len(decoder.getstate()[0])
            if not (size == len(buffer) and buffer.isascii() and not pending):
                decoder.decode(view[:size])
            pos += size
        pending = len(decoder.getstate()[0])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError as exc:  # exc.start counts from the bytes held back
        return pos - pending + exc.start
    return None


def _recode(data: bytes, codec: str, errors: str = "strict") -> bytes:
    """Decode ``data`` from ``codec`` and encode it as UTF-8, a slice at a time (see
    ``_first_bad_utf8`` for why)."""
    decoder = codecs.getincrementaldecoder(codec)(errors)
    view = memoryview(data)
    parts = [decoder.decode(view[i:i + _SLICE]).encode("utf-8")
             for i in range(0, len(data), _SLICE)]
    parts.append(decoder.decode(b"", final=True).encode("utf-8"))
    return b"".join(parts)


def sniff_delimiter(text: str) -> str:
    """Pick the delimiter from the header line: comma, semicolon or tab."""
    header = re.split(r"[\r\n]", text.lstrip("\r\n"), maxsplit=1)[0]
    counts = {d: header.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _leading_lines(fh: Stream, start: int) -> tuple[int, int, str | None]:
    """Skip blank lines and Excel's 'sep=;' line before the header.

    Returns where the rest starts in the UTF-8 stream, the number of rows skipped (so
    row numbers still match what a spreadsheet shows) and the delimiter the 'sep='
    line names, if any. Each line is decoded so that "blank" means what ``str.strip``
    says (a no-break space is blank too), as when the whole file was decoded first.
    """
    fh.seek(start)
    skipped, declared = 0, None
    while True:
        line = fh.readline()
        stripped = line.removesuffix(b"\n").decode("utf-8").strip()
        if not stripped:
            if not line.endswith(b"\n"):
                return start + len(line), skipped, declared
            skipped += 1
            start += len(line)
            continue
        m = re.fullmatch(r'"?sep=(.)"?', stripped, flags=re.IGNORECASE)
        if m and declared is None and skipped == 0:
            declared = m.group(1)  # Excel hides this line: the header is still row 1
            start += len(line)
            continue
        return start, skipped, declared


def read_csv_stream(fh: Stream, name: str, label: str, problems: list[Problem],
                    start: int = 0) -> RawTable | None:
    """Parse a UTF-8 CSV stream (from ``start``) into a table of text; report, never raise.

    A large table's columns come back categorical: the parser then builds one string
    per distinct value instead of one per cell, in C and without holding the GIL, and
    validation wants distinct values and a code per row anyway. A small table's come
    back as strings, because pandas' set-up of each categorical column costs more
    than it saves there.
    """
    start, skipped, declared = _leading_lines(fh, start)
    size = fh.seek(0, io.SEEK_END)
    if start >= size:
        problems.append(Problem(label, "the file is empty: it needs a header row and "
                                "data rows"))
        return None
    fh.seek(start)
    header = re.split(rb"[\r\n]", fh.readline().lstrip(b"\r\n"), maxsplit=1)[0]
    delim = declared or sniff_delimiter(header.decode("utf-8"))
    try:
        grid = _parse(fh, start, delim, size - start >= CATEGORICAL_BYTES)
    except pd.errors.ParserError as exc:
        fh.seek(start)
        grid = _parse_irregular(fh.read().decode("utf-8"), delim, label, str(exc), skipped,
                                problems)
        if grid is None:
            return None
    except (csv.Error, ValueError, OverflowError) as exc:
        problems.append(Problem(label, "could not be read as CSV (the text is not laid out "
                                "as rows of cells): " + first_line(exc)))
        return None
    frame = grid.iloc[1:]
    frame.columns = [str(h) for h in grid.iloc[0]]
    frame.index = pd.RangeIndex(2 + skipped, 2 + skipped + len(frame))
    # Blank lines count as rows (a spreadsheet shows them), but hold no data.
    filled = _filled_rows(frame)
    if filled is not None:
        frame = frame[filled]
    return RawTable(name, label, frame, delim, header_row=1 + skipped)


def _parse(fh: Stream, start: int, delim: str, categorical: bool) -> pd.DataFrame:
    """Every row from ``start``, the header row included, as text."""
    # header=None: pandas would rename a repeated heading "x.1" and, when rows are
    # longer than the header, silently turn the first column into the index.
    options = dict(sep=delim, header=None, keep_default_na=False, skip_blank_lines=False,
                   index_col=False, engine="c")
    fh.seek(start)
    if categorical:
        size = fh.seek(0, io.SEEK_END)
        grid = _parse_halves(fh, start, size, options) if size - start >= HALVES_BYTES \
            else None
        if grid is None:
            fh.seek(start)
            grid = pd.read_csv(fh, dtype="category", **options)
        if all(_text_categories(grid[c].dtype) for c in grid.columns):
            return grid
        # pandas (3.1 on) turns the categories of a column whose every cell reads as a
        # number or a boolean into numbers or booleans, merging "1" with "1.0" and
        # "true" with "TRUE". The heading is one of the cells, so only a file whose
        # heading is a number gets here: it is read again the plain way.
        fh.seek(start)
    return pd.read_csv(fh, dtype=str, **options)


class _Window(io.RawIOBase):
    """Bytes ``[pos, end)`` of a stream, after ``prefix``, read without moving it."""

    def __init__(self, read_at, pos: int, end: int, prefix: bytes = b"") -> None:
        self.read_at, self.pos, self.end, self.prefix = read_at, pos, end, prefix

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self.prefix:
            data, self.prefix = self.prefix[:len(buffer)], self.prefix[len(buffer):]
        else:
            data = self.read_at(self.pos, min(len(buffer), self.end - self.pos))
            self.pos += len(data)
        buffer[:len(data)] = data
        return len(data)


def _read_at(fh: Stream):
    """A function reading ``n`` bytes at ``pos`` of ``fh``, safe to call from two
    threads (it never moves the stream), or ``None`` for a stream without one."""
    if isinstance(fh, io.BytesIO):
        view = fh.getbuffer()
        return lambda pos, n: bytes(view[pos:pos + n])
    if not hasattr(os, "pread"):  # Windows: the table is parsed whole
        return None
    try:
        fd = fh.fileno()
    except (AttributeError, OSError):  # io.UnsupportedOperation is an OSError
        return None
    return lambda pos, n: os.pread(fd, n, pos)


def _parse_halves(fh: Stream, start: int, size: int, options: dict) -> pd.DataFrame | None:
    """A large table parsed as two halves at once, or ``None`` to parse it whole.

    pandas tokenizes without holding the GIL, so the second core reads the second
    half: a million rows in 0.31 s instead of 0.42 s. The file is cut after the first
    line break past the middle; should that lie inside a quoted cell, the first half
    ends in an open quote, pandas says so, and the table is parsed whole (which also
    names the rows at fault in a broken file). The second half starts with a made-up
    row of text, so that pandas (3.1 on) does not turn its categories into numbers,
    as it would for a column of number-like cells without the heading above them.
    """
    read_at = _read_at(fh)
    if read_at is None:
        return None
    try:
        ahead = read_at((start + size) // 2, _SAMPLE)
        cut = (start + size) // 2 + ahead.index(b"\n") + 1
        width = pd.read_csv(_buffered(read_at, start, size), nrows=1, dtype=str,
                            **options).shape[1]
    except (ValueError, pd.errors.ParserError):  # no line break near the middle, or
        return None                               # a broken first row: parsed whole
    if cut >= size:
        return None
    filler = (options["sep"].join(["x"] * width) + "\n").encode("utf-8")
    second: list = []

    def parse_second() -> None:
        try:
            second.append(pd.read_csv(_buffered(read_at, cut, size, filler), dtype="category",
                                      **options).iloc[1:])
        except Exception as exc:  # noqa: BLE001 - the whole table is parsed again
            second.append(exc)
    thread = threading.Thread(target=parse_second, name="csv-second-half", daemon=True)
    thread.start()
    try:
        first = pd.read_csv(_buffered(read_at, start, cut), dtype="category", **options)
    except (pd.errors.ParserError, ValueError):
        first = None
    finally:
        thread.join()
    rest = second[0]
    if first is None or isinstance(rest, Exception) or first.shape[1] != rest.shape[1]:
        return None
    try:
        columns = {c: union_categoricals([first[c], rest[c]]) for c in first.columns}
    except TypeError:  # a heading that reads as a number: see _parse
        return None
    return pd.DataFrame(columns, index=pd.RangeIndex(len(first) + len(rest)))


def _buffered(read_at, pos: int, end: int, prefix: bytes = b"") -> io.BufferedReader:
    return io.BufferedReader(_Window(read_at, pos, end, prefix), 2**18)


def _text_categories(dtype: pd.CategoricalDtype) -> bool:
    kind = dtype.categories.dtype
    return pd.api.types.is_object_dtype(kind) or isinstance(kind, pd.StringDtype)


def read_csv_bytes(data: bytes, name: str, label: str, problems: list[Problem]
                   ) -> RawTable | None:
    """Parse UTF-8 CSV bytes into a table of text; see ``read_csv_stream``."""
    return read_csv_stream(io.BytesIO(data), name, label, problems)


def read_csv_text(text: str, name: str, label: str, problems: list[Problem]) -> RawTable | None:
    """Parse CSV text into a table of text; see ``read_csv_stream``."""
    return read_csv_bytes(text.encode("utf-8"), name, label, problems)


def _filled_rows(frame: pd.DataFrame) -> np.ndarray | None:
    """Which rows hold anything, or ``None`` when every row does."""
    filled = np.zeros(len(frame), dtype=bool)
    for i in range(frame.shape[1]):
        column = frame.iloc[:, i]
        if not isinstance(column.dtype, pd.CategoricalDtype):
            filled |= column.to_numpy(dtype=object, na_value="") != ""
            continue
        # Per distinct value, then spread by code: no Python object per cell.
        codes = column.cat.codes.to_numpy()
        blank = column.cat.categories == ""
        if not blank.any() and codes.min(initial=0) >= 0:
            return None  # a column without one empty cell: no row is blank
        filled |= ~np.append(blank, True)[codes]  # code -1 (no cell at all) reads the last
    return None if filled.all() else filled


def _parse_irregular(text: str, delim: str, label: str, error: str, skipped: int,
                     problems: list[Problem]) -> pd.DataFrame | None:
    """pandas refused the layout: find the rows at fault and name them.

    Only reached for broken files, so the slower csv module (which gives the exact
    record of each fault) costs nothing on good ones.
    """
    quote = re.search(r"EOF inside string starting at row (\d+)", error)
    if quote:
        problems.append(Problem(label, _STRAY_QUOTE, int(quote.group(1)) + 1 + skipped))
        return None
    limit = csv.field_size_limit()
    try:
        csv.field_size_limit(max(limit, len(text) + 1))  # a long cell is validate's to report
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delim))
    except csv.Error as exc:
        problems.append(Problem(label, f"could not be read as CSV: {first_line(exc)}"))
        return None
    finally:
        csv.field_size_limit(limit)
    width = len(rows[0])
    bad = [i for i, row in enumerate(rows[1:], start=2 + skipped)
           if len(row) > width and any(c.strip() for c in row[width:])]
    example = "a decimal comma, as in 5,3" if delim == "," else f"a '{delim}' in the text"
    for row in bad[:_MAX_ROW_PROBLEMS]:
        cells = rows[row - 1 - skipped]
        if any("\n" in c or "\r" in c for c in cells):
            # A quoted cell ran over a line end: the quote, not a delimiter, is at fault.
            problems.append(Problem(label, _STRAY_QUOTE, row))
            continue
        problems.append(Problem(label, f"this row has {len(cells)} cells but the header row "
                                f"has {width}: a value containing the delimiter '{delim}' "
                                f"({example}) must be inside double quotes, or a stray "
                                f"'{delim}' splits a cell in two", row))
    if len(bad) > _MAX_ROW_PROBLEMS:
        problems.append(Problem(label, f"... and {len(bad) - _MAX_ROW_PROBLEMS} more rows "
                                "with too many cells"))
    if bad:
        return None
    # Only blank cells past the header's width (trailing delimiters): harmless.
    return pd.DataFrame([(row + [""] * width)[:width] for row in rows], dtype=str)
