"""Dataset: the validated tables, and the lookups every view needs."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

import pandas as pd

from denocompare.core.errors import Problem
from denocompare.core.identity import MODIFIED, Identity
from denocompare.core.schema import TABLES
from denocompare.core.values import weakness

NOT_REPORTED = "not reported in source"
#: Of derived results with more rows than this, only the most recent is kept.
MEMO_ROWS = 20_000


@dataclass(frozen=True)
class Dataset:
    """Validated, typed tables. Build one with ``denocompare.io.validate``.

    Frames are never modified after construction; views derive new frames from them.
    Empty cells are ``pd.NA`` (numbers, text) so "not reported" is never confused
    with zero or an empty string.
    """

    tables: dict[str, pd.DataFrame]
    origin: str = ""
    warnings: tuple[Problem, ...] = ()
    #: What to call it: the bundled release only when read byte for byte (see
    #: ``core.identity``); ``None`` for a dataset built in memory (its own name).
    identity: Identity | None = None
    #: Guards the memos below: a worker may compute for a large table meanwhile. Made
    #: with the dataset, not lazily, so that two threads asking at once share one lock.
    _memo_lock: threading.Lock = field(default_factory=threading.Lock, init=False,
                                       repr=False, compare=False)

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.tables[name]

    # --- metadata ---------------------------------------------------------------
    def meta(self, key: str, default: str = "") -> str:
        return self._metadata.get(key, default)

    @cached_property
    def _metadata(self) -> dict[str, str]:
        # Every chart footer and the status bar ask for the title; a frame lookup
        # per key cost about 0.5 ms each time.
        out: dict[str, str] = {}
        m = self.tables["metadata"]
        for key, value in zip(m["key"], m["value"], strict=True):
            out.setdefault(str(key), str(value))  # the first row of a key wins
        return out

    @property
    def name(self) -> str:
        return self.meta("name", "Dataset")

    @property
    def version(self) -> str:
        return self.meta("version", "?")

    @property
    def date(self) -> str:
        return self.meta("date", "")

    @property
    def label(self) -> str:
        """The dataset's name as every view shows it: '<name> <version>' of a bundled
        release or of the user's own dataset, or 'modified copy of <release> (<file>)'."""
        return self.identity.text if self.identity else f"{self.name} {self.version}"

    @property
    def molecule(self) -> str:
        """The dataset's medicine (metadata ``molecule``, e.g. ustekinumab), or ''."""
        return self.meta("molecule", "")

    def title(self) -> str:
        """``label`` with the dataset's date, as the status bar and footers show it.

        A modified copy gets no date: the release's date would claim its content."""
        modified = self.identity is not None and self.identity.kind == MODIFIED
        date = f" ({self.date})" if self.date and not modified else ""
        return f"{self.label}{date}"

    # --- derived results ----------------------------------------------------------
    @cached_property
    def _derived(self) -> dict:
        return {}

    def derived(self, key: tuple, make: Callable[[], pd.DataFrame]) -> pd.DataFrame:
        """``make()``, computed once per ``key`` for this dataset; each caller gets a copy.

        The tables never change, so neither does what is computed from them; a view,
        two charts and the report ask for the same study results on every change of
        selection. The most recent 32 results are kept, but only one of more than
        ``MEMO_ROWS`` rows: a large dataset would otherwise hold 32 large copies, one
        per filter typed. Callers get a shallow copy: they may add or drop columns
        (copy-on-write keeps the kept frame as it was).
        """
        with self._memo_lock:  # a worker may compute for a large table meanwhile
            memo = self._derived
            kept = memo.get(key)
        if kept is None:
            kept = make()
            with self._memo_lock:
                if len(kept) > MEMO_ROWS:
                    for old in [k for k, v in memo.items() if len(v) > MEMO_ROWS]:
                        del memo[old]
                if len(memo) >= 32:
                    memo.pop(next(iter(memo)))
                memo[key] = kept
        return kept.copy(deep=False)

    def lookup(self, key: tuple, make: Callable[[], object]) -> object:
        """``make()``, computed once per ``key`` for this dataset and shared, not copied:
        an index built from the tables (which never change) for lookups a view makes
        per product and region. Callers must not change what they get.
        """
        with self._memo_lock:
            if key in self._lookups:
                return self._lookups[key]
        made = make()  # outside the lock: ``make`` may ask for derived results
        with self._memo_lock:
            return self._lookups.setdefault(key, made)

    @cached_property
    def _lookups(self) -> dict:
        return {}

    def distinct(self, table: str, column: str) -> frozenset:
        """The values ``column`` of ``table`` holds, blanks left out (kept once made).

        The loader asks for the ones the window needs on its worker thread: hashing a
        million-row column takes 60 ms, which the GUI thread should not spend.
        """
        memo = self._distinct
        if (table, column) not in memo:
            memo[(table, column)] = frozenset(self.tables[table][column].dropna().unique())
        return memo[(table, column)]

    @cached_property
    def _distinct(self) -> dict:
        return {}

    # --- products ---------------------------------------------------------------
    @cached_property
    def products(self) -> pd.DataFrame:
        """Products indexed by id (cached: views look names up thousands of times)."""
        return self.tables["products"].set_index("product_id", drop=False)

    @cached_property
    def _names(self) -> dict[str, tuple[str, str]]:
        p = self.tables["products"]
        return {pid: (_text(eu), _text(us)) for pid, eu, us in
                zip(p["product_id"], p["name_eu"], p["name_us"], strict=True)}

    def product_ids(self) -> list[str]:
        return list(self.tables["products"]["product_id"])

    def display_name(self, product_id: str) -> str:
        """Brand name(s): 'Obodence (US: Ospomyv)', or the one name there is."""
        eu, us = self._names.get(product_id, ("", ""))
        if eu and us and eu != us:
            return f"{eu} (US: {us})"
        return eu or us or product_id

    def regional_name(self, product_id: str, region: str) -> str:
        """The brand name used in ``region`` ('EU' or 'US'), else the short name."""
        eu, us = self._names.get(product_id, ("", ""))
        return (us if region == "US" else eu) or eu or us or product_id

    def short_name(self, product_id: str) -> str:
        eu, us = self._names.get(product_id, ("", ""))
        return eu or us or product_id

    def originators(self) -> list[str]:
        p = self.tables["products"]
        return list(p.loc[p["role"] == "originator", "product_id"])

    def reference_of(self, product_id: str) -> str | None:
        ref = self.products.loc[product_id, "reference_product_id"]
        return None if pd.isna(ref) else str(ref)

    def family(self, originator_id: str) -> list[str]:
        """The originator's biosimilars, in the order the data lists them."""
        p = self.tables["products"]
        return list(p.loc[p["reference_product_id"] == originator_id, "product_id"])

    # --- sources ----------------------------------------------------------------
    def source_ids_in(self, cell: object) -> list[str]:
        if cell is None or (not isinstance(cell, str) and pd.isna(cell)):
            return []
        return [s.strip() for s in str(cell).split(";") if s.strip()]

    def cite(self, cell: object) -> str:
        """Short citation for a source_id cell: 'S4; S8'."""
        return "; ".join(self.source_ids_in(cell))

    def source_text(self, source_id: str) -> str:
        """One line: 'S4 — Title. Publisher, date. URL'."""
        row = self._source_rows.get(source_id)
        if row is None:
            return source_id
        date = f", {row['date']}" if _text(row["date"]) else ""
        num = f" ({row['document_number']})" if _text(row["document_number"]) else ""
        return f"{source_id} — {row['title']}{num}. {row['publisher']}{date}. {row['url']}"

    @cached_property
    def _source_rows(self) -> dict[str, dict]:
        # The Decision tab's tooltips name ~50 sources a change of selection; indexing
        # the table for each took 1 ms (45 ms a change).
        rows: dict[str, dict] = {}
        for rec in records(self.tables["sources"]):
            rows.setdefault(str(rec["source_id"]), rec)
        return rows

    def describe_sources(self, cell: object) -> str:
        """Every source of a cell, one a line with its kind; first, when all of them
        are secondary or of low quality, a line that says so."""
        ids = self.source_ids_in(cell)
        lines = [f"{self.source_text(s)} [{self.source_kind(s) or 'kind unknown'}]"
                 for s in ids]
        weak = self.weakness(cell)
        return "\n".join(([f"Evidence: {weak}"] if weak else []) + lines)

    @cached_property
    def _kinds(self) -> dict[str, str]:
        s = self.tables["sources"]
        return {str(i): _text(k) for i, k in zip(s["source_id"], s["kind"], strict=True)}

    def source_kind(self, source_id: str) -> str:
        """The source's kind (its strength), '' for an unknown id."""
        return self._kinds.get(source_id, "")

    def weakness(self, cell: object) -> str:
        """'secondary sources only' / 'low-quality source only' when every source of
        the cell is that weak, else ''."""
        ids = self.source_ids_in(cell)
        return weakness([self.source_kind(s) for s in ids]) if ids else ""

    def counts(self) -> dict[str, int]:
        return {t.name: len(self.tables[t.name]) for t in TABLES}


def _text(value: object) -> str:
    if value is None:
        return ""
    if not isinstance(value, str) and pd.isna(value):
        return ""
    return str(value).strip()



def records(frame: pd.DataFrame) -> list[dict]:
    """``frame.to_dict("records")``, the same values (a missing cell of a text or
    nullable column is ``None``, a float NaN stays NaN), made from whole columns:
    pandas boxes each cell of an extension column on its own, 9.5 ms for the bundled
    attributes table against 1.5 ms here."""
    cols = list(frame.columns)
    if not cols:
        return [{} for _ in range(len(frame))]
    lists = []
    for _name, column in frame.items():
        values = column.tolist()
        if getattr(column.dtype, "na_value", None) is pd.NA:  # (asking hasnans costs more)
            values = [None if v is pd.NA else v for v in values]
        lists.append(values)
    return [dict(zip(cols, row, strict=True)) for row in zip(*lists, strict=True)]
