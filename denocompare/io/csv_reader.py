"""One CSV file -> a ``RawTable`` of text: encodings, delimiters and broken layouts.

Every failure becomes a ``Problem`` with the row a spreadsheet would show; nothing here
raises on bad input.
"""

from __future__ import annotations

import codecs
import csv
import io
import re

import numpy as np
import pandas as pd

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
#: Decoding works through a large file in slices of this size (see ``_recode``).
_SLICE = 4 * 2**20
_STRAY_QUOTE = ('a double quote (") in this row is never closed where the cell ends, so the '
                "lines after it were read into this cell. Remove the stray quote, or close it.")


def to_utf8(data: bytes, label: str, problems: list[Problem]) -> tuple[bytes, int] | None:
    """A CSV file's bytes as UTF-8, decoded the way a spreadsheet user would expect.

    Excel writes UTF-8 with a byte-order mark, or the Windows code page; "Unicode
    text" is UTF-16 with a BOM. Plain UTF-8 is tried first because cp1252 accepts
    almost any byte sequence and would silently mangle real UTF-8. Returns the bytes
    and where the text starts in them (after a UTF-8 BOM): UTF-8 files, the common
    case, are only checked, never copied, and pandas parses the bytes directly.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        codec = "UTF-32" if data.startswith(b"\xff\xfe\x00\x00") else "UTF-16"
        try:
            return _recode(data, codec), 0
        except UnicodeDecodeError:
            problems.append(Problem(label, f"the file is saved as Unicode ({codec}) text but "
                                    "is damaged or cut short. Save it again from your "
                                    "spreadsheet as 'CSV UTF-8'."))
            return None
    for signature, message in _SIGNATURES:
        if data.startswith(signature):
            problems.append(Problem(label, message))
            return None
    sample = data[:65536]
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    # A few stray control characters are text pasted from elsewhere (validation
    # removes them with a warning); this many means the file is not text at all.
    if controls > max(2, len(sample) // 20) or sample.count(0) > len(sample) // 100 + 2:
        problems.append(Problem(label, _BINARY))
        return None
    if data.isascii():
        return data, 0
    try:
        _recode(data, "utf-8", check_only=True)
        return data, 3 if data.startswith(codecs.BOM_UTF8) else 0
    except UnicodeDecodeError:
        pass
    problems.append(Problem(label, "the file is not saved as UTF-8; it was read as "
                            "Windows-1252 (Western European). Check that accented "
                            "characters look right, or save it again as 'CSV UTF-8'.",
                            severity="warning"))
    return _recode(data, "cp1252", errors="replace"), 0


def _recode(data: bytes, codec: str, errors: str = "strict", check_only: bool = False) -> bytes:
    """Decode ``data`` from ``codec`` and encode it as UTF-8, a slice at a time.

    One decode of a large file is a single call that holds the GIL long enough to
    freeze the window while a worker thread loads; slices let the GUI thread run.
    """
    decoder = codecs.getincrementaldecoder(codec)(errors)
    view = memoryview(data)
    parts = []
    for start in range(0, len(data), _SLICE):
        text = decoder.decode(view[start:start + _SLICE])
        if not check_only:
            parts.append(text.encode("utf-8"))
    parts.append(decoder.decode(b"", final=True).encode("utf-8"))
    return b"".join(parts)


def sniff_delimiter(text: str) -> str:
    """Pick the delimiter from the header line: comma, semicolon or tab."""
    header = re.split(r"[\r\n]", text.lstrip("\r\n"), maxsplit=1)[0]
    counts = {d: header.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _leading_lines(data: bytes, start: int) -> tuple[int, int, str | None]:
    """Skip blank lines and Excel's 'sep=;' line before the header.

    Returns where the rest starts in ``data`` (UTF-8), the number of rows skipped (so
    row numbers still match what a spreadsheet shows) and the delimiter the 'sep='
    line names, if any. Each line is decoded so that "blank" means what ``str.strip``
    says (a no-break space is blank too), as when the whole file was decoded first.
    """
    skipped, declared = 0, None
    while True:
        end = data.find(b"\n", start)
        stripped = data[start:len(data) if end < 0 else end].decode("utf-8").strip()
        if not stripped:
            if end < 0:
                return len(data), skipped, declared
            skipped += 1
            start = end + 1
            continue
        m = re.fullmatch(r'"?sep=(.)"?', stripped, flags=re.IGNORECASE)
        if m and declared is None and skipped == 0:
            declared = m.group(1)  # Excel hides this line: the header is still row 1
            start = len(data) if end < 0 else end + 1
            continue
        return start, skipped, declared


def _header_line(data: bytes, start: int) -> str:
    """The first line from ``start``, enough for ``sniff_delimiter``."""
    while data[start:start + 1] in (b"\r", b"\n"):
        start += 1
    end = data.find(b"\n", start)
    end = len(data) if end < 0 else end
    cr = data.find(b"\r", start, end)
    return data[start:end if cr < 0 else cr].decode("utf-8")


def read_csv_bytes(data: bytes, name: str, label: str, problems: list[Problem],
                   start: int = 0) -> RawTable | None:
    """Parse UTF-8 CSV bytes (from ``start``) into a table of text; report, never raise.

    A large table's columns come back categorical: the parser then builds one string
    per distinct value instead of one per cell, in C and without holding the GIL, and
    validation wants distinct values and a code per row anyway. A small table's come
    back as strings, because pandas' set-up of each categorical column costs more
    than it saves there.
    """
    start, skipped, declared = _leading_lines(data, start)
    if start >= len(data):
        problems.append(Problem(label, "the file is empty: it needs a header row and "
                                "data rows"))
        return None
    delim = declared or sniff_delimiter(_header_line(data, start))
    try:
        grid = _parse(data, start, delim, len(data) - start >= CATEGORICAL_BYTES)
    except pd.errors.ParserError as exc:
        grid = _parse_irregular(data[start:].decode("utf-8"), delim, label, str(exc),
                                skipped, problems)
        if grid is None:
            return None
    except (csv.Error, ValueError, OverflowError) as exc:
        problems.append(Problem(label, "could not be read as CSV (the text is not laid out "
                                "as rows of cells): " + first_line(exc)))
        return None
    header = [str(h) for h in grid.iloc[0]]
    frame = grid.iloc[1:]
    frame.columns = header
    frame.index = pd.RangeIndex(2 + skipped, 2 + skipped + len(frame))
    # Blank lines count as rows (a spreadsheet shows them), but hold no data.
    filled = _filled_rows(frame)
    if filled is not None:
        frame = frame[filled]
    return RawTable(name, label, frame, delim, header_row=1 + skipped)


def _parse(data: bytes, start: int, delim: str, categorical: bool) -> pd.DataFrame:
    """Every row of ``data`` from ``start``, the header row included, as text."""
    buffer = io.BytesIO(data)  # shares the bytes: no copy of a large file
    buffer.seek(start)
    # header=None: pandas would rename a repeated heading "x.1" and, when rows are
    # longer than the header, silently turn the first column into the index.
    options = dict(sep=delim, header=None, keep_default_na=False, skip_blank_lines=False,
                   index_col=False, engine="c")
    if categorical:
        grid = pd.read_csv(buffer, dtype="category", **options)
        if all(_text_categories(grid[c].dtype) for c in grid.columns):
            return grid
        # pandas (3.1 on) turns the categories of a column whose every cell reads as a
        # number or a boolean into numbers or booleans, merging "1" with "1.0" and
        # "true" with "TRUE". The heading is one of the cells, so only a file whose
        # heading is a number gets here: it is read again the plain way.
        buffer.seek(start)
    return pd.read_csv(buffer, dtype=str, **options)


def _text_categories(dtype: pd.CategoricalDtype) -> bool:
    kind = dtype.categories.dtype
    return pd.api.types.is_object_dtype(kind) or isinstance(kind, pd.StringDtype)


def read_csv_text(text: str, name: str, label: str, problems: list[Problem]) -> RawTable | None:
    """Parse CSV text into a table of text; see ``read_csv_bytes``."""
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
