"""Raw tables -> a typed ``Dataset``, or every problem at once.

Each failing cell becomes a ``Problem`` naming file, row and column. To keep a report
readable, at most ``MAX_PER_COLUMN`` problems are listed per column and rule, followed
by a count of the rest. Checks across rows and tables live in ``checks``.

Cells are checked once per distinct value, not once per row: without pyarrow, every
pandas string method is a Python loop with a large fixed cost per call, while most
columns repeat a handful of values (ids, regions, bands). A large CSV table arrives as
categorical columns, which already are distinct values plus a code per row; other
columns go through ``pd.factorize``. numpy spreads each verdict back over the rows, and
each typed value too: no step makes one Python object per cell, so a million-row table
types in a fraction of a second without holding the GIL long enough to freeze the window.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd

from denocompare.core import schema as S
from denocompare.core.dataset import Dataset
from denocompare.core.errors import DataError
from denocompare.io import attribute_labels as AL
from denocompare.io.checks import Coded, Collector, check_key, check_links, check_rows
from denocompare.io.dates import date_message, valid_date
from denocompare.io.raw import column_letter
from denocompare.io.readers import ProgressFn, RawDataset, RawTable, _noop, read_raw
from denocompare.io.release import identify

MAX_PER_COLUMN = Collector.LIMIT
#: Invisible characters pasted from other programs or web pages: C0/C1 controls (tab,
#: line breaks kept), zero-width spaces and joiners, stray byte-order marks.
_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200d\u2060\ufeff]")
_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")
_MARKERS = frozenset(S.EMPTY_MARKERS)
_MARKER_LEN = max(map(len, S.EMPTY_MARKERS))
#: Counts above this cannot be held exactly (and no trial enrols this many patients).
_MAX_COUNT = 2**53
_EXCEL_ERRORS = ("#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!",
                 "#SPILL!", "#CALC!")


class _Cells:
    """One column's cells, held as distinct values plus a code per row.

    A categorical column (the CSV reader's) already is that; any other column (a
    workbook's) is factorized here.
    """

    def __init__(self, codes: np.ndarray, raw: list[str], index: pd.Index):
        self.codes = codes
        self.index = index
        self.raw = raw
        self.uniq = list(raw)

    @classmethod
    def of(cls, series: pd.Series) -> _Cells:
        if isinstance(series.dtype, pd.CategoricalDtype):
            codes = series.array.codes
            raw = [str(v) for v in series.array.categories]
            if len(codes) and codes.min() < 0:
                # A missing cell (code -1) reads as empty: numpy and list indexing both
                # take -1 as the last item, so no pass over the codes is needed.
                raw.append("")
        else:
            values = series.to_numpy(dtype=object, na_value="")
            codes, uniq = pd.factorize(values)
            raw = [str(v) for v in uniq]
        return cls(codes, raw, series.index)

    @classmethod
    def blank(cls, index: pd.Index) -> _Cells:
        """A column the table does not have: as many empty cells as ``index`` has rows."""
        return cls(np.zeros(len(index), dtype=np.int8), [""], index)

    def rows(self, bad: list[bool] | np.ndarray) -> pd.Index:
        """Row numbers whose value is flagged in ``bad`` (one flag per distinct value)."""
        flags = np.asarray(bad, dtype=bool)
        flagged = np.flatnonzero(flags)
        if not len(flagged):
            return self.index[:0]
        if len(flagged) > 3:
            return self.index[flags[self.codes]]
        # Mostly one value: the CSV column's heading, which no data row holds. Compared
        # as codes, that is a third of the cost of looking every row's flag up.
        codes = self.codes
        hit = codes == flagged[0]
        for k in flagged[1:]:
            hit |= codes == k
        if flagged[-1] == len(flags) - 1:
            hit |= codes < 0  # code -1 (no cell) reads as the last value
        return self.index[hit]

    def value(self, row: int) -> str:
        return self.uniq[self.codes[self.index.get_loc(row)]]

    def raw_value(self, row: int) -> str:
        return self.raw[self.codes[self.index.get_loc(row)]]

    def spread(self, per_value: list | np.ndarray, dtype: str) -> pd.api.extensions.ExtensionArray:
        """Per-value results -> one per row, as a pandas array of ``dtype``.

        The distinct values are typed once and then taken by code: typing a million
        cells one by one would hold the GIL for a second and freeze the window.
        """
        typed = pd.array(per_value, dtype=dtype)
        if isinstance(typed, pd.arrays.IntegerArray | pd.arrays.FloatingArray) \
                and typed.isna().all():
            # A number column left blank, as optional ones often are: all masked, made
            # directly (zeros are free from the system; two takes cost 4 ms a million).
            n = len(self.codes)
            return type(typed)(np.zeros(n, dtype=typed.dtype.numpy_dtype),
                               np.ones(n, dtype=bool))
        return typed.take(self.codes)


def _norm_header(name: str) -> str:
    return re.sub(r"[\s\-]+", "_", str(name).strip().lstrip("\ufeff")).lower()


def _check_columns(tab: RawTable, table: S.Table, out: Collector
                   ) -> dict[str, pd.Series | None] | None:
    """Map headings to schema columns (case and spaces forgiven); report the rest.

    Returns each schema column's cells, ``None`` for a column the table does not have.
    """
    frame, hrow = tab.frame, tab.header_row
    names = [_norm_header(c) for c in frame.columns]
    known = table.column_names
    first: dict[str, int] = {}
    fatal = False
    for i, n in enumerate(names):
        if n in known and n in first:
            out.add(tab.label, f"the column '{n}' appears twice (columns "
                    f"{column_letter(first[n])} and {column_letter(i)}); delete one of them",
                    hrow, n)
            fatal = True
        first.setdefault(n, i)
    if not first.keys() & set(known) and _explain_header(tab, table, names, out):
        return None
    unknown = [(i, frame.columns[i]) for i, n in enumerate(names) if n not in known]
    missing = [c for c in known if c not in first]
    unknown_names = [names[i] for i, _ in unknown]
    for col in missing:
        # The best match comes first; only it is named.
        guess = difflib.get_close_matches(col, unknown_names, cutoff=0.75)
        hint = f"; found '{frame.columns[names.index(guess[0])]}' — is it misspelt?" if guess \
            else ""
        if table.column(col).required:
            # Said once; the file's other columns are still checked (a misspelt heading
            # used to hide every other problem of the file until it was fixed).
            out.add(tab.label, f"the required column '{col}' is missing{hint}", hrow, col)
            out.incomplete.add(tab.label)
            out.missing.setdefault(tab.label, set()).add(col)
        elif guess:
            # An error, not a warning: loading would silently show every value of the
            # misspelt column as "not reported in source".
            out.add(tab.label, f"the column '{col}' is missing{hint} Rename the heading "
                    f"to '{col}' so that its values are read", hrow, col)
            out.incomplete.add(tab.label)
    _report_ignored(tab, [(i, h) for i, h in unknown if not any(
        difflib.get_close_matches(m, [names[i]], cutoff=0.75) for m in missing)], out)
    if fatal:
        return None
    # One pass over the columns (each frame.iloc[:, i] or frame[name] costs as much).
    cells = [series for _heading, series in frame.items()]
    return {c: cells[first[c]] if c in first else None for c in known}


#: Ignored columns named one by one; the rest are counted in one line.
_MAX_IGNORED = 5


def _report_ignored(tab: RawTable, unknown: list[tuple[int, object]], out: Collector) -> None:
    """A warning per ignored column, the first few only: a sheet of 20,000 stray columns
    gave 20,000 lines, and a heading of a megabyte was echoed whole."""
    frame, hrow, told = tab.frame, tab.header_row, 0
    for i, heading in unknown:
        if not str(heading).strip() and \
                not frame.iloc[:, i].astype(str).str.strip().ne("").any():
            continue  # a blank column: nothing was lost
        told += 1
        if told > _MAX_IGNORED:
            continue
        if not str(heading).strip():
            out.add(tab.label, f"column {column_letter(i)} has values but no heading; it "
                    "was ignored", hrow, f"(no heading, column {column_letter(i)})",
                    severity="warning")
        else:
            out.add(tab.label, "this column is not part of the table; it was ignored", hrow,
                    _short(str(heading)), severity="warning")
    if told > _MAX_IGNORED:
        out.add(tab.label, f"... and {told - _MAX_IGNORED:,} more columns that are not part "
                "of the table were ignored", hrow, severity="warning")


def _explain_header(tab: RawTable, table: S.Table, names: list[str], out: Collector) -> bool:
    """No heading matched: say why in one line, when the cause is a common one."""
    known = set(table.column_names)
    if len(names) == 1 and re.search(r"[,;\t]", names[0]):
        out.add(tab.label, "each row is held in a single cell (the whole line is one heading). "
                "The file was probably pasted into one column; in Excel use Data > Text to "
                "Columns, or open the CSV file directly, then save it again", tab.header_row)
        return True
    for row in tab.frame.index[:5]:
        cells = {_norm_header(v) for v in tab.frame.loc[row].astype(str)}
        if len(cells & known) >= 2:
            out.add(tab.label, f"the column headings must be in row {tab.header_row}; they "
                    f"seem to be in row {row}. Delete the rows above them", tab.header_row)
            return True
    return False


def _clean(cells: _Cells, tab: RawTable, col: S.Column, out: Collector) -> None:
    """Strip, read empty markers as empty, drop invisible characters, check length."""
    u = [v.strip() for v in cells.uniq]
    u = ["" if len(v) <= _MARKER_LEN and v.lower() in _MARKERS else v for v in u]
    if col.kind == S.IDS:
        # ';;' names no source at all: as empty as an empty cell.
        u = ["" if not v.replace(";", "").strip() else v for v in u]
    if _CONTROL_RE.search("\n".join(u)):
        ctrl = [bool(_CONTROL_RE.search(v)) for v in u]
        out.cells(tab, col.name, cells.rows(ctrl), "the cell contains control characters "
                  "(invisible characters pasted from another program); they were removed",
                  severity="warning")
        u = [_CONTROL_RE.sub("", v).strip() for v in u]
    cells.uniq = u
    if max(map(len, u), default=0) > S.MAX_CELL_CHARS:
        long = [len(v) > S.MAX_CELL_CHARS for v in u]
        out.cells(tab, col.name, cells.rows(long), lambda v: f"the cell has {len(v):,} "
                  f"characters; at most {S.MAX_CELL_CHARS:,} are allowed. Shorten it, or put "
                  "the full text in the source document", cells.value)
    if col.required and "" in u:
        out.cells(tab, col.name, cells.rows([v == "" for v in u]), _empty_message,
                  cells.raw_value)


def _empty_message(raw: str) -> str:
    if raw.strip():
        return f"this required cell is empty ('{_short(raw.strip())}' counts as empty)"
    return "this required cell is empty"


def _number_message(col: S.Column) -> Callable[[str], str]:
    def msg(v: str) -> str:
        if v.upper() in _EXCEL_ERRORS:
            return (f"'{v}' is an Excel error value: the formula that filled this cell "
                    "failed. Type the number, or leave the cell empty")
        if re.fullmatch(r"[-+]?\d{1,3}(,\d{3})+", v):
            plain, decimal = v.replace(",", ""), v.replace(",", ".")
            if col.kind == S.INTEGER or v.count(",") > 1:
                return f"'{v}' has a thousands separator; write {plain}"
            return (f"'{v}' has a comma: write {plain} if it separates thousands, or "
                    f"{decimal} if it is a decimal comma")
        if re.fullmatch(r"[-+]?\d+,\d+", v):
            return (f"'{v}' uses a decimal comma; write {v.replace(',', '.')} "
                    "(or save the CSV with ';' as the delimiter)")
        european = _european_number(v)
        if european is not None:
            return (f"'{v}' groups thousands with '.' or a space (European style); "
                    f"write {european}")
        if v.endswith("%"):
            return f"'{v}' should be a plain number without '%'"
        # A decimal comma belongs to the number: '12,5 mg' means 12.5, never 12.
        unit = re.fullmatch(r"([-+]?\d+(?:[.,]\d+)?)\s*([^\d\s.,].*)", v)
        if unit:
            return (f"'{_short(v)}' should be a plain number without a unit or words "
                    f"(e.g. {unit.group(1).replace(',', '.')}); put any comment in the note "
                    "column")
        return f"'{_short(v)}' is not a number"
    return msg


def _european_number(v: str) -> str | None:
    """'1.234,5' or '1 234,5' (thousands by '.' or a space, decimal comma) -> '1234.5'.

    Asked only of a cell that did not read as a number: '1.234' reads as one (a decimal
    point) and never gets here, so it needs no exception."""
    m = re.fullmatch(r"([-+]?\d{1,3})((?:[. \u00a0\u202f]\d{3})+)(?:,(\d+))?", v)
    if m is None:
        return None
    whole = m.group(1) + re.sub(r"\D", "", m.group(2))
    return f"{whole}.{m.group(3)}" if m.group(3) else whole


def _number(cells: _Cells, tab: RawTable, col: S.Column, out: Collector):
    text = [v.replace("\u2212", "-") for v in cells.uniq]  # typographic minus
    if tab.delimiter == ";":
        # Semicolon CSVs come from a spreadsheet using the decimal comma.
        text = [v.replace(",", ".") for v in text]
    values = pd.to_numeric(pd.Series(text, dtype=object), errors="coerce").to_numpy(
        dtype=float, na_value=np.nan, copy=True)
    bad = np.array([v != "" for v in cells.uniq], dtype=bool) & ~np.isfinite(values)
    out.cells(tab, col.name, cells.rows(bad), _number_message(col),
              cells.value)
    values[bad] = np.nan
    if col.kind == S.INTEGER:
        frac = np.isfinite(values) & (values % 1 != 0)
        out.cells(tab, col.name, cells.rows(frac),
                  lambda v: f"'{v}' should be a whole number (a count of patients)", cells.value)
        huge = np.abs(values) >= _MAX_COUNT
        out.cells(tab, col.name, cells.rows(huge), lambda v: f"'{_short(v)}' is too large "
                  "for a count of patients", cells.value)
        values[frac | huge] = np.nan
    with np.errstate(invalid="ignore"):
        if col.minimum is not None:
            out.cells(tab, col.name, cells.rows(values < col.minimum), lambda v: f"'{v}' is "
                      f"below the smallest allowed value, {col.minimum:g}", cells.value)
        if col.maximum is not None:
            out.cells(tab, col.name, cells.rows(values > col.maximum), lambda v: f"'{v}' is "
                      f"above the largest allowed value, {col.maximum:g}", cells.value)
    return cells.spread(values, "Int64" if col.kind == S.INTEGER else "Float64")


def _date(cells: _Cells, tab: RawTable, col: S.Column, out: Collector) -> list[str]:
    ok = [v == "" or valid_date(v) for v in cells.uniq]
    out.cells(tab, col.name, cells.rows([not k for k in ok]), date_message, cells.value)
    return [v if k else "" for v, k in zip(cells.uniq, ok, strict=True)]


def _choice(cells: _Cells, tab: RawTable, col: S.Column, out: Collector) -> list[str]:
    lookup = {a.lower(): a for a in col.allowed}
    lookup.update((old.lower(), now) for old, now in col.aliases)
    mapped = [lookup.get(re.sub(r"\s+", " ", v.lower()), "") for v in cells.uniq]
    bad = [v != "" and m == "" for v, m in zip(cells.uniq, mapped, strict=True)]

    def msg(v: str) -> str:
        guess = difflib.get_close_matches(v.lower(), list(lookup))  # the best first
        hint = f" Did you mean '{lookup[guess[0]]}'?" if guess else ""
        allowed = col.allowed_text or (", ".join(col.allowed) if len(col.allowed) <= 10
                                       else f"{len(col.allowed)} values, listed in {S.FORMAT_HELP}")
        return f"'{_short(v)}' is not an allowed value (allowed: {allowed}).{hint}"
    out.cells(tab, col.name, cells.rows(bad), msg, cells.value)
    return mapped


def _ident(cells: _Cells, tab: RawTable, col: S.Column, out: Collector) -> list[str]:
    bad = [v != "" and not _ID_RE.match(v) for v in cells.uniq]
    out.cells(tab, col.name, cells.rows(bad), lambda v: f"'{_short(v)}' is not a valid id "
              "(letters, digits, '_', '-', '.'; no spaces)", cells.value)
    return cells.uniq


def _short(value: str, limit: int = 60) -> str:
    value = str(value)
    return value if len(value) <= limit else value[:limit] + "…"


def _type_table(tab: RawTable, table: S.Table, out: Collector, progress: Callable[[float], None]
                ) -> tuple[pd.DataFrame, Coded] | None:
    """Type every column; also return each text column's codes and distinct values."""
    columns = _check_columns(tab, table, out)
    if columns is None:
        return None
    typed: dict[str, object] = {}
    coded: Coded = {}
    absent = out.missing.get(tab.label, set())
    for i, col in enumerate(table.columns):
        progress(i / len(table.columns))  # where a cancel takes effect in a large table
        series = columns[col.name]
        cells = _Cells.blank(tab.frame.index) if series is None else _Cells.of(series)
        if col.name in absent:  # reported once as missing: its cells are not checked
            typed[col.name] = cells.spread([None] * len(cells.uniq), "string")
            coded[col.name] = (cells.codes, [None] * len(cells.uniq))
            continue
        _clean(cells, tab, col, out)
        if col.kind in (S.INTEGER, S.NUMBER):
            typed[col.name] = _number(cells, tab, col, out)
            continue
        if col.kind == S.DATE:
            text = _date(cells, tab, col, out)
        elif col.kind == S.CHOICE:
            text = _choice(cells, tab, col, out)
        elif col.kind == S.ID:
            text = _ident(cells, tab, col, out)
        else:
            text = cells.uniq
        values = [v or None for v in text]
        typed[col.name] = cells.spread(values, "string")
        coded[col.name] = (cells.codes, values)
    # copy=False: the arrays are new, and copying a million-row table takes 0.2 s.
    return pd.DataFrame(typed, index=tab.frame.index, copy=False), coded


def validate(raw: RawDataset, progress: ProgressFn = _noop) -> Dataset:
    """Type and check every table; return a Dataset or raise ``DataError``."""
    out = Collector()
    out.problems.extend(raw.problems)
    frames: dict[str, pd.DataFrame] = {}
    coded: dict[str, Coded] = {}
    for i, table in enumerate(S.TABLES):
        message = f"Checking {table.name}"
        progress(i / len(S.TABLES), message)
        tab = raw.tables.get(table.name)
        if tab is None:
            continue
        step = _within(progress, i / len(S.TABLES), (i + 1) / len(S.TABLES), message)
        own = AL.declared(frames) if table is S.ATTRIBUTES_TABLE else {}
        result = _type_table(tab, AL.attributes_table(own) if own else table, out, step)
        if result is None:
            continue
        typed, coded[table.name] = result
        if not set(table.key) & out.missing.get(tab.label, set()):
            check_key(tab, typed, table.key, out)
        if tab.label not in out.incomplete:
            _rules_once(out, tab, partial(check_rows, table.name, tab, typed, out,
                                          coded[table.name], AL.kinds(own)))
            if table is S.ATTRIBUTE_LABELS:
                _rules_once(out, tab, partial(AL.check_labels, tab, typed, out))
        frames[table.name] = typed
    check_links(raw.tables, frames, out, coded)
    if S.ATTRIBUTE_LABELS.name not in raw.tables:
        # The distinct names validation typed: a million-row table is not hashed again.
        names = coded.get("attributes", {}).get("attribute", (None, []))[1]
        frames[S.ATTRIBUTE_LABELS.name] = AL.earlier_declarations(names)
    if any(p.severity == "error" for p in out.problems):
        raise DataError(Path(raw.source).name or raw.source, out.problems)
    progress(1.0, "Checked")
    tables = {name: df.reset_index(drop=True) for name, df in frames.items()}
    for table in S.TABLES:
        if table.name not in tables:
            tables[table.name] = _empty(table)
    warnings = tuple(out.problems)  # no error is left: any would have raised above
    ds = Dataset(tables, origin=raw.source, warnings=warnings)
    return replace(ds, identity=identify(raw.files, ds.name, ds.version, raw.source))


def _rules_once(out: Collector, tab: RawTable, run: Callable[[], None]) -> None:
    """Run the rules across columns, dropping what they say about a row whose cell was
    already refused: a misspelt frequency band read as empty would also be told "the
    row needs a frequency band", a knock-on of the one mistake. Every refused row
    counts, also those past a rule's cap, and a rule's cap counts only what is left."""
    refused = {p.row for p in out.problems if p.file == tab.label and p.row is not None
               and p.severity == "error"} | out.refused.get(tab.label, set())
    before = len(out.problems)
    out.skip = {tab.label: refused}
    try:
        run()
    finally:
        out.skip = {}
    if refused:
        out.problems[before:] = [p for p in out.problems[before:] if p.row not in refused]


def _within(progress: ProgressFn, lo: float, hi: float, message: str
            ) -> Callable[[float], None]:
    return lambda f: progress(lo + (hi - lo) * f, message)


def _empty(table: S.Table) -> pd.DataFrame:
    return pd.DataFrame(columns=table.column_names, dtype="string")


def load_dataset(path: str | Path, progress: ProgressFn = _noop) -> Dataset:
    """Read and validate a dataset: the one way in for the window, CLI and tests.

    Raises ``DataError`` (every problem found, file/row/column each) or ``Cancelled``;
    any other exception is a bug.
    """
    def part(lo: float, hi: float) -> ProgressFn:
        return lambda f, m: progress(lo + (hi - lo) * f, m)
    raw = read_raw(path, part(0.0, 0.7))
    return validate(raw, part(0.7, 1.0))

