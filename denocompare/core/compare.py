"""Comparisons the views, the report and the exports share.

Each function returns a ``CellTable``: the text to show, and beside it, cell by cell,
a state (for highlighting), the sources and the details (for tooltips and the
details pane). Nothing here knows about Qt.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from denocompare.core import attributes as A
from denocompare.core import indications as I
from denocompare.core import schema as S
from denocompare.core import values as V
from denocompare.core.dataset import NOT_REPORTED, Dataset, _text, records
from denocompare.core.studies import (  # noqa: F401  (re-exported)
    VERDICT_CROSSES,
    VERDICT_UNKNOWN,
    VERDICT_WITHIN,
    development_codes,
    forest_rows,
    studies_for,
    study_results,
    verdict,
)
from denocompare.core.text import cell_text, is_blank
from denocompare.core.view import View

# Cell states, shared by the table views, the report and the CSV export.
SAME = "same"
#: The structured values agree, the wording does not ("every 6 months" / "once every
#: 6 months (missed dose: …)"): quieter than a difference.
SAME_WORDING = "same, worded differently"
DIFFERS = "differs"
MISSING = "missing"
CONFLICT = "conflict"
REFERENCE = "reference"
AUTHORISED = "authorised"
NOT_AUTHORISED = "not authorised"
CARVE_OUT = "carve-out"
NOTE = "note"  # a curator's remark (an inference, a conflict): not clinical data
#: An indication (or product) recommended by the CHMP with no EC decision found: never
#: shown as authorised.
CHMP_OPINION = "CHMP positive opinion"
FROM_STATEMENT = I.FROM_STATEMENT  # authorised per an "all indications" statement
NO_LICENCE = I.NO_LICENCE  # no licence in the region: no indications there
SUSPENDED, WITHDRAWN = I.NOT_IN_FORCE  # the authorisation is, not the indication

#: Each cell state's fill, in the window's tables and the report alike. Light, so black
#: text stays readable, and apart in lightness too, so a grey print or a colour-blind
#: reader still tells them apart; the text also says it.
STATE_COLOURS = {
    DIFFERS: "#fde2b8",
    SAME_WORDING: "#f4f1e4",
    CHMP_OPINION: "#e6f0c8",
    CONFLICT: "#f4c7e3",
    MISSING: "#eeeeee",
    CARVE_OUT: "#f6b6a8",
    AUTHORISED: "#cfe8d6",
    NOT_AUTHORISED: "#ffffff",
    REFERENCE: "#e3eefa",
    NOTE: "#fffbe6",
    FROM_STATEMENT: "#e4f2e8",
    NO_LICENCE: "#dcdce6",
    SUSPENDED: "#e9d8d2",
    WITHDRAWN: "#e9d8d2",
}


#: The core attributes whose difference from the reference is highlighted; a dataset
#: adds its own (``attribute_labels.compared``): ``attributes.comparable(ds)``.
COMPARABLE = A.COMPARABLE


@dataclass
class CellTable:
    """Display text plus per-cell state, sources and details, all the same shape."""

    values: pd.DataFrame
    states: pd.DataFrame
    sources: pd.DataFrame
    details: pd.DataFrame

    def take(self, rows) -> CellTable:
        """The same table restricted to (and ordered by) row positions."""
        return CellTable(*(f.iloc[rows] for f in (self.values, self.states,
                                                  self.sources, self.details)))


def _identity_rows(ds: Dataset, ids: list[str]) -> list[tuple[str, str, dict]]:
    # The products' rows as dicts, once: a ``.loc`` lookup per product and field took
    # 6 ms for the family.
    p = ds.products.loc[ids].to_dict("index")
    rows = []
    for field, label, unit in (("name_eu", "EU brand name", ""), ("name_us", "US brand name", ""),
                               ("inn", "INN", ""), ("role", "Role", ""),
                               ("reference_product_id", "Reference product", ""),
                               ("strength_mg", "Strength", "mg"), ("volume_ml", "Volume", "mL")):
        cells = {}
        for pid in ids:
            raw = p[pid][field]
            if field == "reference_product_id":
                text = ds.short_name(str(raw)) if _text(raw) else \
                    ("none (originator)" if p[pid]["role"] == "originator" else "")
            elif unit:
                text = cell_text(raw if is_blank(raw) else float(raw), unit)
            else:
                text = _text(raw)
            cells[pid] = [(text, _text(p[pid]["source_id"]), "", True, None, "")] if text \
                else []
        rows.append((field, label, cells))
    return rows


def _attribute_rows(ds: Dataset, ids: list[str]) -> list[tuple[str, str, dict]]:
    """(attribute, row label, {product: entries}); an entry is (shown text, source id,
    note, preferred, structured key, as-of date), as ``_identity_rows`` makes them too."""
    a = ds["attributes"]
    a = a[a["product_id"].isin(ids)]
    # One pass over the rows, bucketed by (attribute, region) in table order: a boolean
    # filter and an ``itertuples`` (a namedtuple class made anew) per attribute and
    # region cost 0.1-0.2 s at start for the bundled data, where the first tab waits.
    buckets: dict[tuple[str, str], list] = {}
    for rec in a.itertuples(index=False):
        buckets.setdefault((rec.attribute, rec.region), []).append(rec)
    rows = []
    for attr, (label, _kind) in A.labels(ds).items():
        for region in ("all", *S.REGIONS):
            part = buckets.get((attr, region))
            if part is None:
                continue
            cells: dict[str, list] = {}
            for rec in part:
                shown = V.display_value(attr, _text(rec.value), V.row_get(rec, "date_kind"),
                                        V.row_get(rec, "as_of"))
                key = V.structured_key(V.row_get(rec, "value_number"),
                                       V.row_get(rec, "value_unit"),
                                       V.row_get(rec, "value_code"))
                cells.setdefault(rec.product_id, []).append(
                    (shown, _text(rec.source_id), _text(rec.note),
                     _text(rec.preferred) != "no", key, _text(V.row_get(rec, "as_of"))))
            name = label if region == "all" or label.endswith(f"({region})") or \
                attr.startswith(region.lower() + "_") else f"{label} ({region})"
            rows.append((attr, name, cells))
    return rows


def attribute_table(ds: Dataset, view: View) -> CellTable:
    """Products side by side: one row per attribute, one column per product.

    A comparator's cell is ``differs`` when it differs from the reference's on an
    attribute of ``attributes.comparable(ds)``: on the structured value where both have one (then a
    difference of wording alone is ``same, worded differently``), else on the text.
    It is ``missing`` when no source gives it, and ``conflict`` when sources disagree
    (every value is listed in the details).
    """
    reference, ids = view.reference, view.products
    comparable = A.comparable(ds)
    notes = {pid: [(n, "", "", True, None, "")] for pid in ids
             if (n := _text(ds.products.loc[pid, "note"]))}
    rows = _identity_rows(ds, ids) + _attribute_rows(ds, ids) + \
        [("note", "Curator's note on the product (not clinical data)", notes)]
    index = pd.Index([label for _a, label, _c in rows], name="Attribute")
    columns = [ds.short_name(i) for i in ids]
    # Cells are written into plain arrays, framed at the end: a DataFrame ``.iat`` write
    # costs 30-60 µs, and a family's table has thousands of cells.
    out = [np.full((len(index), len(columns)), "", dtype=object) for _ in range(4)]
    values, states, sources, details = out
    for r, (attr, _label, cells) in enumerate(rows):
        ref_entries = cells.get(reference, [])
        ref_text, ref_key = _preferred(ref_entries)[0], _preferred_key(ref_entries)
        for c, pid in enumerate(ids):
            entries = cells.get(pid, [])
            if not entries:
                if attr != "note":
                    values[r, c], states[r, c] = NOT_REPORTED, MISSING
                continue
            text, src, note = _preferred(entries)
            values[r, c], sources[r, c] = text, src
            details[r, c] = "\n".join(
                f"{t}  [{s}]" + (f" (structured: {V.key_text(k)})" if k else "")
                + (f" — {n}" if n else "") for t, s, n, _p, k, _d in entries)
            if attr == "note":
                states[r, c] = NOTE
            elif len({_norm(e[0]) for e in entries}) > 1 and not _history(attr, entries):
                states[r, c] = CONFLICT
                values[r, c] = f"{text} (sources differ)"
            elif pid == reference:
                states[r, c] = REFERENCE
            elif attr in comparable and ref_text:
                states[r, c] = _compared(text, _preferred_key(entries), ref_text, ref_key)
            else:
                states[r, c] = SAME
    I.mark_unlicensed(ds, ids, [(a, label) for a, label, _c in rows],
                      (values, states, sources, details))
    return CellTable(*(pd.DataFrame(f, index=index, columns=columns, dtype=object)
                       for f in out))


def _history(attr: str, entries: list[tuple]) -> bool:
    """True when differing status rows are a history, not a disagreement.

    A status is true as of a date: "launched as of 2025-10" and, from a later file,
    "discontinued as of 2026-11" do not contradict each other. They are a history when
    the attribute takes a status word, every row gives its as-of date, the dates all
    differ, and the row shown first is the latest. Two sources giving different statuses
    on the same date, or without dates, still disagree.
    """
    if attr not in S.STATUS_VALUES:
        return False
    dates = [e[5] for e in entries]
    if not all(dates) or len(set(dates)) != len(dates):
        return False
    shown = next((e for e in entries if e[3]), entries[0])
    return shown[5] == max(dates)


def _compared(text: str, key: V.Key | None, ref_text: str, ref_key: V.Key | None) -> str:
    """SAME, SAME_WORDING or DIFFERS: on the structured values where both have a facet
    in common, else on the wording."""
    same_words = _norm(text) == _norm(ref_text)
    agree = V.same_structured(key, ref_key) if key and ref_key else None
    if agree is None:
        return SAME if same_words else DIFFERS
    if not agree:
        return DIFFERS
    return SAME if same_words else SAME_WORDING


def _preferred(entries: list[tuple]) -> tuple[str, str, str]:
    if not entries:
        return "", "", ""
    best = next((e for e in entries if e[3]), entries[0])
    return best[0], best[1], best[2]


def _preferred_key(entries: list[tuple]) -> V.Key | None:
    if not entries:
        return None
    return next((e for e in entries if e[3]), entries[0])[4]


def _norm(text: str) -> str:
    return " ".join(text.lower().replace("°", "").split())


def indication_matrix(ds: Dataset, view: View) -> CellTable:
    """Canonical indications (rows) x products and the view's regions (columns).

    A cell is ``authorised``, ``not authorised`` (the source lists the product's full
    indications and this is not among them), ``all indications (statement)`` (the source
    says only "all indications of the reference product"), ``no licence`` (none in the
    region), ``suspended`` / ``withdrawn`` (an authorised row of a product whose
    authorisation there is suspended or withdrawn: never shown as authorised) or
    ``missing`` (no source says). A comparator that is not authorised where the
    reference is is a ``carve-out``.
    """
    reference, ids, regions = view.reference, view.products, view.regions
    # The rows by (product, region, indication) as dicts, and the cells in plain arrays
    # framed at the end: a ``.loc`` lookup and four ``.iat`` writes per cell took 0.1 s
    # for the family in its two regions.
    ind = ds["indications"]
    rows: dict[tuple, dict] = {}
    for row in records(ind[ind["product_id"].isin(ids)]):
        rows.setdefault((row["product_id"], row["region"], row["indication"]), row)
    codes = I.labels(ds)
    index = pd.Index(list(codes.values()), name="Indication")
    cols = [(pid, reg) for reg in regions for pid in ids]
    names = [f"{ds.regional_name(pid, reg)} ({reg})" for pid, reg in cols]
    gap = {col: I.licence_gap(ds, *col) for col in cols}
    halt = {col: I.not_in_force(ds, *col) for col in cols}
    # A carve-out is a biosimilar of this reference lacking one of its indications;
    # another family's product (another originator's biosimilar) is simply a different
    # medicine.
    ref_col = [cols.index((reference, reg)) if ds.reference_of(pid) == reference else None
               for pid, reg in cols]
    out = [np.empty((len(index), len(cols)), dtype=object) for _ in range(4)]  # all written
    values, states, sources, details = out
    for r, code in enumerate(codes):
        for c, (pid, reg) in enumerate(cols):
            rec = rows.get((pid, reg, code))
            if gap[(pid, reg)]:
                shown = I.no_licence_cell(ds, pid, reg, gap[(pid, reg)])
            elif rec is None:
                shown = (NOT_REPORTED, MISSING, "", "")
            else:
                shown = I.halted_cell(I.cell(ds, rec, pid, reg), halt[(pid, reg)])
            values[r, c], states[r, c], sources[r, c], details[r, c] = shown
        for c, ref in enumerate(ref_col):
            if ref is not None and states[r, ref] == AUTHORISED and \
                    states[r, c] == NOT_AUTHORISED:
                states[r, c], values[r, c] = CARVE_OUT, "not authorised (carve-out)"
    return CellTable(*(pd.DataFrame(f, index=index, columns=names, dtype=object)
                       for f in out))


#: The adverse-reaction rows' columns and their headings, in the window's table and the
#: report's alike.
ADVERSE_COLUMNS = {
    "product": "Product", "region": "Region", "reaction": "Reaction",
    "system_organ_class": "System organ class", "frequency_band": "EU frequency",
    "product_pct": "Product arm %", "product_arm_n": "Product arm n",
    "comparator": "Comparator", "comparator_pct": "Comparator %",
    "comparator_arm_n": "Comparator n", "study": "Study", "listed_by": "Listed by (products)",
    "source_id": "Sources",  # as every other table says it (a row may cite several)
}


def adverse_reactions(ds: Dataset, products: list[str], region: str | None = None,
                      soc: str | None = None, text: str = "") -> pd.DataFrame:
    """Adverse-reaction rows of the chosen products, filtered, in product order.

    Adds ``product`` (display name) and ``listed_by`` (how many of the chosen
    products list the reaction) so a reaction only one product lists stays visible.
    Computed once per dataset and arguments: the table and a chart both ask.
    """
    return ds.derived(("adverse_reactions", tuple(products), region, soc, text),
                      lambda: _adverse_reactions(ds, products, region, soc, text))


def _adverse_reactions(ds: Dataset, products: list[str], region: str | None, soc: str | None,
                       text: str) -> pd.DataFrame:
    ar = ds["adverse_reactions"]
    chosen = list(dict.fromkeys(products))
    keep = ar["product_id"].isin(chosen).to_numpy(dtype=bool)
    if region:
        keep = keep & (ar["region"] == region).to_numpy(dtype=bool, na_value=False)
    if soc:
        keep = keep & (ar["system_organ_class"] == soc).to_numpy(dtype=bool, na_value=False)
    if text:
        keep = keep & ar["reaction"].str.contains(text, case=False, regex=False, na=False) \
            .to_numpy(dtype=bool)
    at = np.flatnonzero(keep)
    # The rows are ordered by their place in ``products``, then by reaction, on integer
    # codes: one gather of the kept rows at the end (a million rows sorted as strings,
    # copied, then grouped by their strings took 4-5 s). Names are taken by the place
    # (mapping a function over a million rows called it a million times: 0.6 s).
    order = pd.Categorical(ar["product_id"].to_numpy()[at], categories=chosen).codes
    reaction, distinct = pd.factorize(ar["reaction"].to_numpy()[at], sort=True,
                                    use_na_sentinel=False)  # an empty name sorts last
    by = np.lexsort((reaction, order))  # stable: rows equal on both stay as they came
    names = np.array([ds.short_name(p) for p in chosen], dtype=object)
    out = ar.take(at[by]).reset_index(drop=True)
    out["product"] = pd.array(names[order[by]], dtype="string")
    # How many of the chosen products list each reaction.
    listed = count_distinct(reaction, len(distinct), order, len(chosen))
    out["listed_by"] = listed[reaction[by]]
    return out


def count_distinct(group: np.ndarray, groups: int, member: np.ndarray, members: int
                   ) -> np.ndarray:
    """How many distinct ``member`` codes (0 to ``members`` - 1) each ``group`` code (0
    to ``groups`` - 1) has: its distinct pairs, counted per group."""
    width = max(members, 1)
    pairs = np.unique(group.astype(np.int64) * width + member)
    return np.bincount(pairs // width, minlength=groups)


def gaps(ds: Dataset, view: View, table: CellTable | None = None,
         matrix: CellTable | None = None) -> list[str]:
    """Every fact the sources do not give for the products compared, as sentences.

    ``table`` and ``matrix``: the view's attribute table and its indication matrix over
    every region, when the caller has them already (the report shows both).
    """
    out = []
    products = view.products
    table = attribute_table(ds, view) if table is None else table
    for r, label in enumerate(table.values.index):
        for c, name in enumerate(table.values.columns):
            if table.states.iat[r, c] == MISSING:
                out.append(f"{name}: {label} — {NOT_REPORTED}")
    if matrix is None:
        matrix = indication_matrix(ds, view.replace(regions=S.REGIONS))
    for r, label in enumerate(matrix.values.index):
        for c, name in enumerate(matrix.values.columns):
            if matrix.states.iat[r, c] == MISSING:
                out.append(f"{name}: indication '{label}' — {NOT_REPORTED}")
    res = study_results(ds, products)
    for _i, row in res.iterrows():
        if VERDICT_UNKNOWN in row["verdict"]:
            out.append(f"{row['biosimilar']} — {row['name']} ({row['timepoint']}, "
                       f"{_text(row['analysis_set']) or 'analysis set not stated'}): "
                       f"{VERDICT_UNKNOWN}")
    studies = ds["studies"]
    bare = studies["biosimilar_id"].isin(products) & ~studies["study_id"].isin(
        set(res.get("study_id", [])))
    for _i, row in studies[bare].iterrows():
        status = _text(row.get("status"))
        said = f"comparative efficacy study {status} [{_text(row['source_id'])}]" \
            if status in ("waived", "not performed") else f"results {NOT_REPORTED}"
        out.append(f"{ds.short_name(str(row['biosimilar_id']))} — {row['name']}: {said}")
    return out

