"""What a regulator's file says that the open dataset does not: the differences, per
product of the dataset's molecules, each with both values and both sources.

Qt-free. Matching is careful: by the BLA number or the EMA product number, then by
brand name, then by the US proper name with its suffix (``<inn>-bbdz``), all
ignoring case and spaces, narrowed by strength when several products share a name.
Anything that still fits no product, or more than one, is listed as "could not match"
for the user to judge, never guessed. ``core.apply_changes`` writes the accepted ones
into a new copy of the dataset.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from denocompare.core.change_kinds import KINDS, NEW_PRODUCT, UNMATCHED  # noqa: F401 (re-exported)
from denocompare.core.dataset import Dataset, _text
from denocompare.core.errors import DataError, Problem
from denocompare.core.regulator_file import (  # noqa: F401 (molecule re-exported)
    RegulatorFile,
    molecule,
    molecules_of,
)


@dataclass(frozen=True)
class Change:
    """One difference: the dataset's value and the file's, each with its source.

    ``applicable`` is False where the dataset's vocabulary has no word for what the
    file says (e.g. 'discontinued'), or a new product lacks what a product needs; the
    difference is shown, with ``note`` saying why it cannot be written.
    """

    kind: str
    product_id: str  # the dataset's product, or the id proposed for a new one
    product: str  # the name the user reads
    region: str
    attribute: str = ""
    old: str = ""
    old_source: str = ""
    new: str = ""
    new_source: str = ""
    date_kind: str = ""
    as_of: str = ""
    matched_by: str = ""
    note: str = ""
    applicable: bool = True
    row: int = 0
    #: The value written if accepted (``new`` is as shown: with its date kind).
    value: str = ""
    #: The file's record (field, value) pairs: what a new product is made from.
    record: tuple[tuple[str, str], ...] = field(default=(), compare=False, repr=False)

    @property
    def key(self) -> str:
        return f"{self.kind}|{self.product_id}|{self.region}|{self.attribute}|{self.row}"


@dataclass(frozen=True)
class Differences:
    file: RegulatorFile
    changes: tuple[Change, ...]
    unmatched: tuple[Change, ...]
    molecules: tuple[str, ...]
    records: int  # records of the dataset's molecules in the file

    def of_kind(self, kind: str) -> list[Change]:
        return [c for c in self.changes if c.kind == kind]


def _of_molecules(ds: Dataset, rfile: RegulatorFile) -> tuple[list[str], pd.DataFrame]:
    """The dataset's molecules, and the file's records of them (a record whose proper
    name, or whose reference's, is one of them); veterinary medicines left out."""
    inns = dataset_molecules(ds)
    if not rfile.holds(inns):
        raise ValueError(f"{rfile.name} was read for {rfile.only}, not for {inns}")
    recs = rfile.records
    keep = molecules_of(recs["proper_name"]).isin(inns)
    keep |= molecules_of(recs["reference_proper"]).isin(inns)
    keep &= ~recs["category"].fillna("").str.lower().str.startswith("vet")
    if not keep.any():
        listed = ", ".join([m for m in rfile.molecules if m][:5])
        raise DataError(rfile.name, [Problem(rfile.name, f"the file lists {rfile.listed:,} "
                        f"products, none of them {' or '.join(inns)}"
                        + (f" (it lists e.g. {listed})" if listed else "")
                        + ". Import a file that lists the dataset's molecules.")])
    return inns, recs[keep]


def dataset_molecules(ds: Dataset) -> list[str]:
    """The molecules (INNs, lower case) of the dataset's products: what a regulator's
    file is read for (``io.regulators.read_regulator_file(path, molecules)``)."""
    return sorted({_text(i).lower() for i in ds["products"]["inn"]} - {""})


def find_differences(ds: Dataset, rfile: RegulatorFile) -> Differences:
    """The differences between ``ds`` and ``rfile`` for the molecules ``ds`` holds.

    Raises ``DataError`` when the file lists none of them (a file for another molecule).
    """
    # Imported here: the rules build Change objects, so they import this module.
    from denocompare.core.change_rules import compare_group, new_product
    from denocompare.core.matching import Index, group_records, match_group

    inns, mine = _of_molecules(ds, rfile)
    index = Index(ds, rfile.region)
    groups = group_records(mine)
    matches = [(g, *match_group(index, g, groups)) for g in groups]
    fits: dict[str, int] = {}
    for _g, pid, _how in matches:
        if pid:
            fits[pid] = fits.get(pid, 0) + 1
    changes: list[Change] = []
    unmatched: list[Change] = []
    for g, pid, how in matches:
        if pid and fits[pid] > 1:
            how = (f"the file lists {fits[pid]} entries that fit {ds.display_name(pid)}; "
                   "which one is meant is not clear")
            pid = None
        if pid is None and how == "new":
            changes.append(new_product(ds, rfile, g, index))
        elif pid is None:
            unmatched.append(_unmatched(rfile, g, how))
        else:
            changes.extend(compare_group(ds, rfile, g, pid, how, index))
    order = {k: i for i, k in enumerate(KINDS)}
    changes.sort(key=lambda c: (order.get(c.kind, 99), c.product, c.attribute))
    return Differences(rfile, tuple(changes), tuple(unmatched), tuple(inns), len(mine))


def _unmatched(rfile: RegulatorFile, g: dict, why: str) -> Change:
    name = g.get("brand") or g.get("proper_name") or "?"
    number = g.get("number") or ""
    return Change(UNMATCHED, "", name, rfile.region, new=f"{name} ({number})" if number
                  else name, new_source=rfile.where(g["row"]), note=why, applicable=False,
                  row=int(g["row"]))
