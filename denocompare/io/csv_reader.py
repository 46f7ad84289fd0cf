"""One CSV file -> a ``RawTable`` of text: encodings, delimiters and broken layouts.

Every failure becomes a ``Problem`` with the row a spreadsheet would show; nothing here
raises on bad input.
"""

from __future__ import annotations

import csv
import io
import re

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
_STRAY_QUOTE = ('a double quote (") in this row is never closed where the cell ends, so the '
                "lines after it were read into this cell. Remove the stray quote, or close it.")


def decode_text(data: bytes, label: str, problems: list[Problem]) -> str | None:
    """Decode a CSV file's bytes the way a spreadsheet user would expect.

    Excel writes UTF-8 with a byte-order mark, or the Windows code page; "Unicode
    text" is UTF-16 with a BOM. Plain UTF-8 is tried first because cp1252 accepts
    almost any byte sequence and would silently mangle real UTF-8.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        codec = "UTF-32" if data.startswith(b"\xff\xfe\x00\x00") else "UTF-16"
        try:
            return data.decode(codec)
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
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    text = data.decode("cp1252", errors="replace")
    problems.append(Problem(label, "the file is not saved as UTF-8; it was read as "
                            "Windows-1252 (Western European). Check that accented "
                            "characters look right, or save it again as 'CSV UTF-8'.",
                            severity="warning"))
    return text


def sniff_delimiter(text: str) -> str:
    """Pick the delimiter from the header line: comma, semicolon or tab."""
    header = re.split(r"[\r\n]", text.lstrip("\r\n"), maxsplit=1)[0]
    counts = {d: header.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _leading_lines(text: str) -> tuple[str, int, str | None]:
    """Drop blank lines and Excel's 'sep=;' line before the header.

    Returns the rest of the text, the number of rows dropped (so row numbers still
    match what a spreadsheet shows) and the delimiter the 'sep=' line names, if any.
    """
    dropped, declared = 0, None
    while True:
        line, newline, rest = text.partition("\n")
        stripped = line.strip()
        if not stripped:
            if not newline:
                return "", dropped, declared
            dropped += 1
            text = rest
            continue
        m = re.fullmatch(r'"?sep=(.)"?', stripped, flags=re.IGNORECASE)
        if m and declared is None and dropped == 0:
            declared = m.group(1)  # Excel hides this line: the header is still row 1
            text = rest
            continue
        return text, dropped, declared


def read_csv_text(text: str, name: str, label: str, problems: list[Problem]) -> RawTable | None:
    """Parse CSV text into a frame of strings; report, never raise, on bad input."""
    body, skipped, declared = _leading_lines(text)
    if not body.strip():
        problems.append(Problem(label, "the file is empty: it needs a header row and "
                                "data rows"))
        return None
    delim = declared or sniff_delimiter(body)
    try:
        # header=None: pandas would rename a repeated heading "x.1" and, when rows are
        # longer than the header, silently turn the first column into the index.
        grid = pd.read_csv(io.StringIO(body), sep=delim, header=None, dtype=str,
                           keep_default_na=False, skip_blank_lines=False, index_col=False,
                           engine="c")
    except pd.errors.ParserError as exc:
        grid = _parse_irregular(body, delim, label, str(exc), skipped, problems)
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
    filled = (frame.to_numpy(dtype=object, na_value="") != "").any(axis=1)
    if not filled.all():
        frame = frame[filled]
    return RawTable(name, label, frame, delim, header_row=1 + skipped)


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
