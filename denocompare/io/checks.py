"""Checks across rows and tables, on typed frames: keys, ids, and the rules the schema
states in words (a biosimilar needs an originator as its reference, a CI needs its level).

Which tables may hold only a header row: ``metadata``, ``sources`` and ``products``
may not (the app has nothing to show, and every other row cites a source and names a
product); the others may, since "nothing reported" is a true state of the evidence.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable

import numpy as np
import pandas as pd

from denocompare.core import schema as S
from denocompare.core.errors import Problem
from denocompare.io.attribute_checks import check_structured
from denocompare.io.dates import date_message, valid_date
from denocompare.io.raw import RawTable
from denocompare.io.study_checks import check_margins, check_not_run, check_results

#: Tables that must have at least one data row, and what to tell the user.
NEEDS_ROWS = {t.name: t.needs_rows for t in S.TABLES if t.needs_rows}
#: Per text column, as validation typed it: a code per row and the distinct values
#: (``None`` for an empty cell) the codes index, where code -1 means the last value.
Coded = dict[str, tuple[np.ndarray, list[str | None]]]


class Collector:
    """Gathers problems, capping repeats of one rule in one column."""

    LIMIT = 20

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        #: Tables (by label) with a column reported missing: their rules across columns
        #: are not checked, or each would repeat the missing column once per row.
        self.incomplete: set[str] = set()
        #: Columns reported missing, by table label: their cells are not checked (each
        #: would say "empty" once per row) and nothing that reads them is.
        self.missing: dict[str, set[str]] = {}
        #: Every row refused by an error of ``cells``, by table label: also those past
        #: the cap, which the problems list only counts.
        self.refused: dict[str, set[int]] = {}
        #: Rows whose cells were already refused, by table label: a rule run meanwhile
        #: says nothing of them (``validate._rules_once``), before its repeats are capped.
        self.skip: dict[str, set[int]] = {}

    def cells(self, tab: RawTable, column: str, rows: Iterable, message: str | Callable,
              value_of: Callable[[int], object] | None = None,
              severity: str = "error") -> None:
        """One problem per row in ``rows`` (but those in ``skip``); ``message`` may be a
        function of the value."""
        skip = self.skip.get(tab.label)
        rows = [r for r in rows if int(r) not in skip] if skip else list(rows)
        if severity == "error" and rows:
            self.refused.setdefault(tab.label, set()).update(int(r) for r in rows)
        for r in rows[:self.LIMIT]:
            if callable(message):
                text = message(value_of(r) if value_of is not None else r)
            else:
                text = message
            self.problems.append(Problem(tab.label, text, int(r), column, severity))
        if len(rows) > self.LIMIT:
            self.problems.append(Problem(tab.label, f"... and {len(rows) - self.LIMIT} more "
                                         "rows with the same problem", None, column, severity))

    def add(self, *args, **kwargs) -> None:
        self.problems.append(Problem(*args, **kwargs))


def _lookup(series: pd.Series) -> Callable[[int], object]:
    return lambda r: series.loc[r]


def check_key(tab: RawTable, frame: pd.DataFrame, key: tuple[str, ...], out: Collector) -> None:
    if not key:
        return
    cols = list(key)
    complete = frame[cols].notna().all(axis=1)
    dup = frame.duplicated(cols, keep="first") & complete
    if not dup.any():
        return
    keys = frame.loc[complete, cols].astype(str).agg(" / ".join, axis=1)
    first: dict[str, int] = {}
    for row, k in keys.items():
        first.setdefault(k, row)
    out.cells(tab, key[-1], dup[dup].index, lambda k: f"duplicate {' + '.join(key)} "
              f"'{k}' (already used in row {first.get(k, '?')})", _lookup(keys))


def check_rows(name: str, tab: RawTable, f: pd.DataFrame, out: Collector,
               coded: Coded | None = None, kinds: dict[str, str] | None = None) -> None:
    """The per-table rules, and that required tables are not header-only.

    ``coded`` (validation's codes of this table's text columns) spares a pass over
    every cell where a rule asks which cells are empty. ``kinds``: every attribute name
    the dataset may use, with its kind (the core ones without it).
    """
    if f.empty and name in NEEDS_ROWS:
        out.add(tab.label, NEEDS_ROWS[name])
        return
    if name == "products":
        _check_products(tab, f, out)
    elif name == "metadata":
        for key in ("name", "version", "date"):
            if not f["key"].eq(key).any():
                out.add(tab.label, f"the metadata key '{key}' is missing; add a row with "
                        f"key '{key}'", None, "key")
    elif name == "attributes":
        _check_attributes(tab, f, out, kinds or {a: k for a, (_l, k) in S.ATTRIBUTES.items()})
    elif name == "indications":
        bad = f["status"].eq("authorised").fillna(False) & f["wording"].isna()
        out.cells(tab, "wording", bad[bad].index,
                  "an authorised indication needs the label's wording")
    elif name == "adverse_reactions":
        _check_reactions(tab, f, out, coded or {})
    elif name == "study_results":
        check_results(tab, f, out)
    elif name == "study_margins":
        check_margins(tab, f, out)


def _check_products(tab: RawTable, p: pd.DataFrame, out: Collector) -> None:
    noname = p["name_eu"].isna() & p["name_us"].isna()
    out.cells(tab, "name_eu", noname[noname].index, "the product needs an EU or a US name")
    ids, refs = p["product_id"], p["reference_product_id"]
    role_of = dict(zip(ids.dropna(), p.loc[ids.notna(), "role"], strict=True))
    ref_of = dict(zip(ids.dropna(), refs[ids.notna()], strict=True))
    bio = p["role"].eq("biosimilar").fillna(False)
    noref = bio & refs.isna()
    out.cells(tab, "reference_product_id", noref[noref].index,
              "a biosimilar needs the id of its reference product")
    orig_ref = p["role"].eq("originator").fillna(False) & refs.notna()
    out.cells(tab, "reference_product_id", orig_ref[orig_ref].index,
              "an originator has no reference product; leave this empty")
    self_ref = refs.eq(ids).fillna(False)
    out.cells(tab, "reference_product_id", self_ref[self_ref].index,
              "a product cannot be its own reference")
    ref_role = refs.map(lambda r: role_of.get(r) if isinstance(r, str) else None)
    bad = bio & ref_role.eq("biosimilar").fillna(False) & ~self_ref

    def msg(row: int) -> str:
        ref = refs.loc[row]
        text = (f"the reference product '{ref}' is itself a biosimilar; a reference must be "
                "an originator")
        chain = _cycle(ids.loc[row], ref_of)
        if chain:
            text += f" (the references go round in a cycle: {' → '.join(chain)})"
        return text
    out.cells(tab, "reference_product_id", bad[bad].index, msg)


def _cycle(start: object, ref_of: dict) -> list[str]:
    """The chain of references from ``start`` if it leads back to ``start``."""
    chain = [start]
    current = ref_of.get(start)
    while isinstance(current, str) and current not in chain:
        chain.append(current)
        current = ref_of.get(current)
    # Never a chain of one: a product that is its own reference is told apart before.
    # ``current`` is <NA> where the chain ends at an originator: NA == start is no bool.
    if isinstance(current, str) and current == start:
        return [str(c) for c in chain] + [str(start)]
    return []


def _check_attributes(tab: RawTable, f: pd.DataFrame, out: Collector,
                      kinds: dict[str, str]) -> None:
    present = set(f["attribute"].dropna())
    for attr in sorted(present):
        kind = kinds.get(attr, S.TEXT)
        if kind != S.DATE and attr not in S.STATUS_VALUES:
            continue
        values = f.loc[f["attribute"].eq(attr).fillna(False), "value"].fillna("")
        if kind == S.DATE:
            bad = ~values.map(lambda v: v == "" or valid_date(v)).astype(bool)
            out.cells(tab, "value", bad[bad].index, lambda v, a=attr: date_message(v, a),
                      _lookup(values))
        else:
            words = S.STATUS_VALUES[attr]
            bad = ~values.str.lower().isin([w.lower() for w in words]).astype(bool)
            out.cells(tab, "value", bad[bad].index, lambda v, a=attr, w=words: f"'{v[:60]}' "
                      f"is not allowed for {a} (allowed: {', '.join(w)})", _lookup(values))
    check_structured(tab, f, out, kinds)
    key = ["product_id", "region", "attribute"]
    pref = f["preferred"].fillna("yes").eq("yes") & f[key].notna().all(axis=1)
    sub = f.loc[pref, key]
    dup = sub.duplicated(keep=False)
    if not dup.any():
        return
    groups = list(sub[dup].groupby(key, sort=False).groups.items())
    for (product, region, attr), rows in groups[:Collector.LIMIT]:
        out.add(tab.label, f"{len(rows)} rows give {attr} for {product} ({region}) and none is "
                "marked preferred=no; mark the less authoritative one 'no'", int(rows[1]),
                "preferred")


def _is_empty(f: pd.DataFrame, column: str, coded: Coded) -> pd.Series:
    """``f[column].isna()``, per distinct value when the codes are there."""
    if column not in coded:
        return f[column].isna()
    codes, values = coded[column]
    return pd.Series(np.array([v is None for v in values], dtype=bool)[codes], index=f.index)


def _check_reactions(tab: RawTable, f: pd.DataFrame, out: Collector, coded: Coded) -> None:
    none = _is_empty(f, "frequency_band", coded) & f["product_pct"].isna()
    out.cells(tab, "frequency_band", none[none].index,
              "the row needs a frequency band or a percentage in the product arm")
    for arm in ("product", "comparator"):
        over = (f[f"{arm}_events"] > f[f"{arm}_arm_n"]).fillna(False)
        out.cells(tab, f"{arm}_events", over[over].index,
                  f"more patients with the reaction than in the {arm} arm")


def check_links(tabs: dict[str, RawTable], frames: dict[str, pd.DataFrame],
                out: Collector, coded: dict[str, Coded]) -> None:
    """Every id names a row that exists; studies compare a biosimilar with an originator.

    ``coded`` holds validation's codes per table and text column, so that a column of
    a million ids is checked per distinct value without hashing every cell again.
    """
    # An empty required table is already reported; naming every id that points into
    # it as unknown would bury that one line.
    # So is a table whose id column is missing (its heading misspelt).
    ids = {name: set(frames[name][tbl.key[0]].dropna()) for name, tbl in
           S.TABLES_BY_NAME.items() if name in frames and tbl.key and len(tbl.key) == 1
           and not (name in NEEDS_ROWS and frames[name].empty)
           and tbl.key[0] not in out.missing.get(tabs[name].label, set())}
    for name, frame in frames.items():
        table, tab = S.TABLES_BY_NAME[name], tabs[name]
        for col in table.columns:
            target = col.refers_to.split(".")[0]
            if target in ids:
                _check_ids(tab, frame[col.name], col, target, ids[target], out,
                           coded[name][col.name])
    if "studies" in frames and "products" in frames:
        _check_study_roles(tabs["studies"], frames["studies"], frames["products"], out)
    check_not_run(tabs, frames, out)


def _check_ids(tab: RawTable, values: pd.Series, col: S.Column, target: str, known: set,
               out: Collector, coded: tuple[np.ndarray, list[str | None]]) -> None:
    codes, uniq = coded  # an empty cell is None, never checked
    what = target[:-1] if target.endswith("s") else target
    messages: dict[int, str] = {}
    for code, cell in enumerate(uniq):
        if cell is None:
            continue
        parts = [s.strip() for s in cell.split(";")] if col.kind == S.IDS else [cell]
        unknown = [s for s in parts if s and s not in known]
        if unknown:
            messages[code] = _unknown_ids(cell, unknown, what, target, known, col.kind)
    if not messages:
        return
    flags = np.zeros(len(uniq), dtype=bool)
    flags[list(messages)] = True
    rows = values.index[flags[codes]]
    by_row = pd.Series(codes, index=values.index)
    out.cells(tab, col.name, rows, lambda r: messages[int(by_row.loc[r])])


def _unknown_ids(cell: str, unknown: list[str], what: str, target: str, known: set,
                 kind: str) -> str:
    if kind == S.IDS and "," in cell and all(s.strip() in known for s in cell.split(",")):
        return f"separate several {what} ids with ';', not ',' (write {cell.replace(',', ';')})"
    lower = {k.lower(): k for k in known}
    hints = []
    for s in unknown[:5]:
        near = [lower[s.lower()]] if s.lower() in lower else \
            difflib.get_close_matches(s, list(known), cutoff=0.8)  # the best first
        if near:
            hints.append(f"'{near[0]}'")
    hint = f" Did you mean {', '.join(hints)}?" if hints else ""
    shown = ", ".join(repr(s[:60]) for s in unknown[:5])
    if len(unknown) > 5:
        shown += f" and {len(unknown) - 5:,} more"
    if kind == S.IDS:
        return f"unknown {what} id(s) {shown}: not in {target}.{hint}"
    return f"unknown id {shown}: there is no such row in {target}.{hint}"


def _check_study_roles(tab: RawTable, studies: pd.DataFrame, products: pd.DataFrame,
                       out: Collector) -> None:
    role = dict(zip(products["product_id"].dropna(),
                    products.loc[products["product_id"].notna(), "role"], strict=True))
    for col, wanted, text in (
            ("biosimilar_id", "biosimilar", "is an originator, not a biosimilar; name the "
             "biosimilar studied here"),
            ("reference_id", "originator", "is a biosimilar; a study's reference product must "
             "be an originator")):
        # An empty cell (<NA>) is no key: its role is None, as an unknown id's is.
        roles = studies[col].map(role.get)
        bad = roles.notna() & roles.ne(wanted)
        out.cells(tab, col, bad[bad].index, lambda v, t=text: f"'{v}' {t}",
                  _lookup(studies[col]))
