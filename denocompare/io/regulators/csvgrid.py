"""A CSV text as a grid: every record's first line and cell count, its cells on demand.

Records of a regulator's download differ in length (title lines, blank lines, two tables,
a row cut short), and its messages name lines, so the reader needs each record's line and
how many cells it has, which ``pandas.read_csv`` does not say. Both are worked out from
the text itself: a line break or a comma ends a record or a cell unless an odd number of
quotes comes before it. A record read whole (a header, a title) is its own text read by
the ``csv`` module; the columns a reader needs are read by pandas' C tokenizer, each
record padded to the widest. Where that cannot be trusted (a lone carriage return, a
stray quote, a file pandas refuses, counts that disagree with its cells) the ``csv``
module reads the whole text instead, as every record was read before: the same records,
lines and cells.

For a 5,000-row Purple Book download of 28 columns: every record by the ``csv`` module
7.8 ms; the counts 1.0 ms and the two columns every record is read for (pandas) 1.6 ms
more; a bare ``read_csv`` of the whole file 4.2 ms.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

import numpy as np
import pandas as pd

_QUOTE, _COMMA, _NL, _CR = ord('"'), ord(","), ord("\n"), ord("\r")
#: ASCII bytes of a record that are no text of a cell to ``str.strip`` (its white space,
#: the separators; a quote may be: test such a record whole). Any byte of a non-ASCII
#: character counts as none too: some are white space (a no-break space, U+3000).
_NOT_CONTENT = b'", \t\r\n\x0b\x0c\x1c\x1d\x1e\x1f'


class Grid:
    """A CSV text's records: ``counts[i]`` cells, starting on line ``lines[i]`` (1-based,
    a quoted line break counted); ``row(i)`` its cells, ``column(j)`` every record's
    j-th cell ("" past a record's end). ``tokenizer``: "pandas", or "csv" where the text
    was read by the ``csv`` module alone."""

    #: Up to this many records are taken one by one (their own text, the csv module);
    #: more, a column at a time (pandas): 200 records 1.1 ms, a column pass ~1.5 ms.
    ONE_BY_ONE = 200

    def __init__(self, text: str, tokenizer: str = "pandas"):
        self._data = text.encode("utf-8")
        self._records: list[list[str]] | None = None
        self._columns: dict[int, np.ndarray] = {}
        self._content: np.ndarray | None = None
        spans = _spans(self._data) if tokenizer == "pandas" else None
        if spans is None:
            self._by_csv_module(text)
        else:
            self._starts, self._ends, self.counts = spans
            self.lines = np.searchsorted(np.flatnonzero(self._bytes() == _NL),
                                         self._starts) + 1
            self.tokenizer = "pandas"

    def __len__(self) -> int:
        return len(self.counts)

    def row(self, i: int) -> list[str]:
        if self._records is not None:
            return self._records[i]
        if not self.counts[i]:
            return []
        text = self._data[self._starts[i]:self._ends[i]].decode("utf-8")
        return next(csv.reader(io.StringIO(text, newline="")), [])

    def holding(self, needle: str) -> list[int]:
        """The records whose text holds ``needle`` (ASCII, any case; no quote, comma or
        line break in it: the text is searched, not the cells), in order."""
        if self._records is not None:
            up = needle.upper()
            return [i for i, r in enumerate(self._records) if up in "\x1f".join(r).upper()]
        data, want = self._data.upper(), needle.upper().encode("ascii")
        found: list[int] = []
        at = data.find(want)
        while at >= 0:
            i = int(np.searchsorted(self._ends, at))
            if not found or found[-1] != i:
                found.append(i)
            at = data.find(want, at + len(want))
        return found

    def maybe_blank(self, rows: np.ndarray) -> np.ndarray:
        """Of these records, those that may hold nothing but white space: every one that
        does is among them (test each with ``row``)."""
        if self._records is not None:
            return rows[[not "".join(self._records[i]).strip() for i in rows.tolist()]]
        if self._content is None:
            a = np.frombuffer(self._data, np.uint8)
            text = a < 0x80
            for byte in _NOT_CONTENT:  # (np.isin on 0.7 MB: ten times the time)
                text &= a != byte
            self._content = np.add.reduceat(text.view(np.uint8), self._starts, dtype=np.int64)
        return rows[self._content[rows] == 0]

    def take(self, rows: np.ndarray, columns: list[int]) -> list[list[str]]:
        """These records' cells in these columns ("" past a record's end)."""
        if self._records is None and len(rows) > self.ONE_BY_ONE:
            self.load(columns)
        if self._records is not None or all(j in self._columns for j in columns):
            return [list(t) for t in zip(*(self.column(j)[rows].tolist() for j in columns),
                                         strict=True)] if columns else [[] for _ in rows]
        out = []
        for i in rows.tolist():
            cells = self.row(i)
            out.append([cells[j] if j < len(cells) else "" for j in columns])
        return out

    def column(self, j: int) -> np.ndarray:
        """Every record's j-th cell (object array); read with the others ``load`` names."""
        if j not in self._columns:
            self.load([j])
        return self._columns[j]

    def load(self, columns: Iterable[int]) -> None:
        """Read these columns in one pass (pandas), or from the records (csv)."""
        want = sorted({j for j in columns if j not in self._columns})
        if not want:
            return
        if self._records is None and not self._by_pandas(want):
            self._by_csv_module(self._data.decode("utf-8"))
        if self._records is not None:
            for j in want:
                self._columns[j] = np.array([r[j] if j < len(r) else "" for r in self._records],
                                            dtype=object)

    def _bytes(self) -> np.ndarray:
        return np.frombuffer(self._data, np.uint8)

    def _by_pandas(self, want: list[int]) -> bool:
        width = int(self.counts.max())
        use = [j for j in want if j < width]
        try:
            frame = pd.read_csv(io.BytesIO(self._data), header=None, names=range(width),
                                usecols=use, index_col=False, dtype=object, na_filter=False,
                                skip_blank_lines=False, encoding="utf-8")
        except (pd.errors.ParserError, ValueError, UnicodeError):
            return False
        if len(frame) != len(self.counts):
            return False
        got = {j: frame[j].to_numpy(dtype=object) for j in use}
        for j, cells in got.items():  # a record counted short holds nothing past its count
            short = self.counts <= j
            if short.any() and (cells[short] != "").any():
                return False
        empty = np.full(len(self.counts), "", dtype=object)
        self._columns.update({j: got.get(j, empty) for j in want})
        return True

    def _by_csv_module(self, text: str) -> None:
        reader = csv.reader(io.StringIO(text, newline=""))
        records, lines, line = [], [], 1
        for cells in reader:
            records.append(cells)
            lines.append(line)
            line = reader.line_num + 1
        self._records = records
        self._columns = {}
        self.counts = np.array([len(r) for r in records], dtype=np.int64)
        self.lines = np.array(lines, dtype=np.int64)
        self.tokenizer = "csv"


def _spans(data: bytes) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """Each record's start and end (byte offsets) and cell count; None where the text
    has a lone carriage return (a line end to the tokenizers, not counted here) or a
    quote that the count of quotes before it would misread."""
    a = np.frombuffer(data, np.uint8)
    if not len(a):
        return None
    returns = np.flatnonzero(a == _CR)
    if len(returns) and (returns[-1] == len(a) - 1 or (a[returns + 1] != _NL).any()):
        return None
    quotes = np.flatnonzero(a == _QUOTE)
    if not _quotes_well_placed(a, quotes):
        return None
    breaks = np.flatnonzero(a == _NL)
    ends = breaks[(np.searchsorted(quotes, breaks) & 1) == 0]
    if a[-1] != _NL:
        ends = np.append(ends, len(a))
    starts = np.concatenate(([0], ends[:-1] + 1))
    commas = (a == _COMMA).view(np.uint8)
    counts = np.add.reduceat(commas, starts, dtype=np.int64) + 1
    if len(quotes):  # less the commas inside quoted cells: [opening, closing) of each
        inside = np.add.reduceat(commas, quotes, dtype=np.int64)[0::2]
        counts -= np.bincount(np.searchsorted(ends, quotes[0::2]), weights=inside,
                              minlength=len(ends)).astype(np.int64)
    length = ends - starts
    blank = (length == 0) | ((length == 1) & (a[np.minimum(starts, len(a) - 1)] == _CR))
    counts[blank] = 0  # as the csv module counts a blank line: no cells
    return starts, ends, counts


def _quotes_well_placed(a: np.ndarray, quotes: np.ndarray) -> bool:
    """Whether every quote opens a cell, closes it, or is one of a doubled pair inside
    it (as RFC 4180 has them): then a comma or line break is inside a cell exactly when
    an odd number of quotes comes before it. A quote inside an unquoted cell (12" x)
    is text to the tokenizers and would turn the count over."""
    if not len(quotes):
        return True
    opening, closing = quotes[0::2], quotes[1::2]
    if len(closing) < len(opening):
        return False  # a quoted cell never closed: the file ends inside it
    before = a[np.maximum(opening - 1, 0)]
    after = a[np.minimum(closing + 1, len(a) - 1)]
    doubled_before = np.isin(opening - 1, closing)  # "" inside a quoted cell
    doubled_after = np.isin(closing + 1, opening)
    opens = (opening == 0) | (before == _COMMA) | (before == _NL) | doubled_before
    closes = ((closing == len(a) - 1) | (after == _COMMA) | (after == _NL) | (after == _CR)
              | doubled_after)
    return bool(opens.all() and closes.all())
