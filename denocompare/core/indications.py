"""What an indication cell says: a cited row, an "all indications" statement, or no
licence in the region; and what the matrix shows, counted per product.

``denocompare.core.compare.indication_matrix`` builds the matrix from these; the
Indications tab and the report read the counts. Nothing here knows about Qt.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from denocompare.core import schema as S
from denocompare.core.dataset import NOT_REPORTED, Dataset, _text, records

#: Cell states of the indication matrix, beside compare's authorised / not authorised /
#: carve-out / missing.
#: Authorised, but the source says only "all indications of the reference product":
#: the product's own label was not read.
FROM_STATEMENT = "all indications (statement)"
#: The product holds no licence in the region (``us_status`` / ``eu_status``).
NO_LICENCE = "no licence"
#: The product's authorisation in the region is suspended or withdrawn (its status row,
#: e.g. from a regulator's file), while its indication rows still say "authorised":
#: those cells are not shown as authorised.
NOT_IN_FORCE = ("suspended", "withdrawn")


def _status_row(ds: Dataset, product_id: str, region: str, words: tuple[str, ...]):
    """The status row the product shows in the region (its preferred one: an import
    keeps the row it replaces as ``preferred=no``) if its value is one of ``words``,
    as a dict of its cells."""
    for rec in _preferred_rows(ds).get((product_id, f"{region.lower()}_status"), ()):
        if isinstance(rec["value"], str) and rec["value"] in words:
            return rec
    return None


def _preferred_rows(ds: Dataset) -> dict[tuple[str, str], list[dict]]:
    """Per (product, attribute): its preferred rows in the table's order, made once per
    dataset. A matrix asks for each product and region twice; filtering the attributes
    each time took ~5 ms a call (0.15 s per change of the family)."""
    def make() -> dict[tuple[str, str], list[dict]]:
        index: dict[tuple[str, str], list[dict]] = {}
        for rec in records(ds["attributes"]):
            if _text(rec["preferred"]) != "no":
                index.setdefault((rec["product_id"], rec["attribute"]), []).append(rec)
        return index
    return ds.lookup(("preferred_rows",), make)  # type: ignore[return-value]


def licence_gap(ds: Dataset, product_id: str, region: str) -> str:
    """'no US licence as of 2025-12-25, per S132', or '' where nothing says so."""
    rec = _status_row(ds, product_id, region, S.NO_LICENCE_STATUSES)
    if rec is None:
        return ""
    status, as_of = _text(rec["value"]), _text(rec.get("as_of"))
    src = _text(rec["source_id"])
    if status == "no licence":
        return f"no {region} licence" + (f" as of {as_of}" if as_of else "") + f", per {src}"
    when = f", announced {as_of}" if as_of and _text(rec.get("date_kind")) in \
        S.PROXY_DATE_KINDS else (f", {as_of}" if as_of else "")
    return f"no {region} licence ({status}{when}), per {src}"


def not_in_force(ds: Dataset, product_id: str, region: str) -> tuple[str, str, str]:
    """(status, words, source) of a suspended or withdrawn authorisation in the region
    ('suspended', 'EU authorisation suspended (EC decision 2026-10-01)', 'REG-1'), or
    three empty strings."""
    rec = _status_row(ds, product_id, region, NOT_IN_FORCE)
    if rec is None:
        return "", "", ""
    status, as_of, kind = _text(rec["value"]), _text(rec.get("as_of")), _text(
        rec.get("date_kind"))
    when = f" ({kind or 'as of'} {as_of})" if as_of else ""
    return status, f"{region} authorisation {status}{when}", _text(rec["source_id"])


def halted_cell(shown: tuple[str, str, str, str], halt: tuple[str, str, str]
                ) -> tuple[str, str, str, str]:
    """An authorised cell of a product whose authorisation is suspended or withdrawn:
    its state is the status, its text says so; other cells as they are."""
    text, state, src, detail = shown
    status, words, halt_src = halt
    if not status or state not in ("authorised", FROM_STATEMENT):
        return shown
    sources = ";".join(dict.fromkeys(s for s in (*src.split(";"), halt_src) if s))
    return (f"{words}, per {halt_src}", status, sources,
            f"{words}, per {halt_src}. The indication row still says: {text}.\n{detail}")


def _reference_name(ds: Dataset, product_id: str, region: str) -> str:
    ref = ds.reference_of(product_id)
    return ds.regional_name(ref, region) if ref else "the reference product"


def cell(ds: Dataset, rec: Any, product_id: str, region: str) -> tuple[str, str, str, str]:
    """(text, state, sources, details) of one indication row."""
    status, src = str(rec["status"]), _text(rec["source_id"])
    wording, note = _text(rec["wording"]), _text(rec["note"])
    if _text(rec.get("basis")) != S.ALL_INDICATIONS:
        return status, status, src, wording or note or status
    ref = _reference_name(ds, product_id, region)
    said = f"all of {ref}'s {region} indications, per {src}"
    text = f"{status}: {said}"
    detail = (f"{status.capitalize()}: {said}. The source says only that the product has "
              f"all the indications of {ref}; this one is {ref}'s, and "
              f"{ds.regional_name(product_id, region)}'s own label was not read."
              + (f"\nThe source: “{wording}”" if wording else "")
              + (f"\nNote: {note}" if note else ""))
    state = FROM_STATEMENT if status == "authorised" else status
    return text, state, src, detail


def no_licence_cell(ds: Dataset, product_id: str, region: str,
                    gap: str) -> tuple[str, str, str, str]:
    src = gap.rsplit("per ", 1)[-1]
    name = ds.regional_name(product_id, region)
    return gap, NO_LICENCE, src, (f"{name} holds no {region} licence: {gap}. It has "
                                  f"no {region} indications.")


@dataclass(frozen=True)
class Counts:
    """What one matrix column shows, counted."""

    column: str
    authorised: int = 0
    statement: int = 0
    chmp_opinion: int = 0
    not_authorised: int = 0
    not_reported: int = 0
    no_licence: int = 0
    not_in_force: int = 0

    def text(self) -> str:
        if self.no_licence:
            return f"{self.column}: no licence"
        parts = [f"{n} {what}" for n, what in (
            (self.authorised, "authorised"),
            (self.statement, "from an 'all indications' statement"),
            (self.chmp_opinion, "CHMP positive opinion"),
            (self.not_authorised, "not authorised"),
            (self.not_in_force, "suspended or withdrawn"),
            (self.not_reported, NOT_REPORTED)) if n]
        return f"{self.column}: " + ", ".join(parts)


def counts(states: pd.DataFrame) -> list[Counts]:
    """Per matrix column: how many cells are authorised, from a statement, etc."""
    out = []
    for name in states.columns:
        col = list(states[name])
        out.append(Counts(
            str(name),
            authorised=sum(s in ("authorised", "reference") for s in col),
            statement=col.count(FROM_STATEMENT),
            chmp_opinion=col.count("CHMP positive opinion"),
            not_authorised=sum(s in ("not authorised", "carve-out") for s in col),
            not_reported=col.count("missing"),
            no_licence=col.count(NO_LICENCE),
            not_in_force=sum(s in NOT_IN_FORCE for s in col)))
    return out


def basis(ds: Dataset, product_id: str, region: str) -> str:
    """How a product's indications in a region are known.

    'no licence'; 'none' (no rows); 'statement' (every row from an "all indications"
    statement); 'summary' (rows, but no complete list: no code is recorded as not
    authorised and some are absent); 'complete'.
    """
    if licence_gap(ds, product_id, region):
        return "no licence"
    ind = ds["indications"]
    rows = ind[(ind["product_id"] == product_id) & (ind["region"] == region)]
    if rows.empty:
        return "none"
    bases = {_text(b) for b in rows.get("basis", pd.Series([""] * len(rows)))}
    if bases == {S.ALL_INDICATIONS}:
        return "statement"
    if "not authorised" not in set(rows["status"]) and len(rows) < len(labels(ds)):
        return "summary"
    return "complete"


def labels(ds: Dataset) -> dict[str, str]:
    """The dataset's canonical indications, code -> label, in the matrix's order.

    From ``indication_codes``; a code used in ``indications`` that the table does not
    list (or a dataset of an earlier format without the table) is its own label.
    """
    def make() -> pd.DataFrame:
        codes = ds["indication_codes"]
        out = {str(c): _text(lab) or str(c) for c, lab in zip(codes["indication"],
                                                            codes["label"], strict=True)}
        for code in ds["indications"]["indication"].dropna():
            out.setdefault(str(code), str(code))
        return pd.DataFrame({"code": list(out), "label": list(out.values())})
    frame = ds.derived(("indication_labels",), make)
    return dict(zip(frame["code"], frame["label"], strict=True))


def summary_sentence(ds: Dataset, products: list[str]) -> str:
    """The report's line on how well the products' indications are known."""
    weak: dict[str, list[str]] = {}
    for pid in products:
        for region in S.REGIONS:
            if basis(ds, pid, region) in ("statement", "summary"):
                weak.setdefault(pid, []).append(f"{ds.regional_name(pid, region)} ({region})")
    unlicensed = [f"{ds.regional_name(p, r)} ({r})" for p in products for r in S.REGIONS
                  if licence_gap(ds, p, r)]
    if weak:
        text = (f"Indications: those of {len(weak)} of {len(products)} products rest, in at "
                "least one region, on summaries or 'all indications' statements only (no "
                "complete list read): " + ", ".join(n for v in weak.values() for n in v) + ".")
    else:
        text = (f"Indications: none of the {len(products)} products rests on a summary or an "
                "'all indications' statement only.")
    if unlicensed:
        text += " No licence: " + ", ".join(unlicensed) + "."
    return text



def _row_region(attr: str, label: str) -> str:
    for region in S.REGIONS:
        low = region.lower()
        if attr.startswith(low + "_") or attr.endswith("_" + low) or label.endswith(
                f"({region})"):
            return region
    return ""


def mark_unlicensed(ds: Dataset, ids: list[str], rows: list[tuple[str, str]],
                    cells: tuple[Any, Any, Any, Any]) -> None:
    """In the product table's (values, states, sources, details) arrays, a region's 'not
    reported' cells of a product with no licence there say so instead ("no US licence as
    of 2025-12-25, per S132")."""
    values, states, sources, details = cells
    regions = [_row_region(attr, label) for attr, label in rows]
    for c, pid in enumerate(ids):
        gaps = {reg: licence_gap(ds, pid, reg) for reg in S.REGIONS}
        for r, region in enumerate(regions):
            gap = gaps.get(region, "")
            if gap and states[r, c] == "missing":
                values[r, c], states[r, c], sources[r, c], details[r, c] = \
                    no_licence_cell(ds, pid, region, gap)
