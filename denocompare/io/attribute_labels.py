"""A dataset's own attributes (``attribute_labels``): the names its ``attributes`` rows
may use beside the core ones, their labels, and the rules a declaration follows.

A dataset without the table was made for an earlier version, whose core still held the
attributes of its one molecule: those names are read as declared, with the labels they
had then (``EARLIER_NAMES``), so that a user's older workbook keeps loading unchanged.
The loaded dataset then holds the declarations it used, and a copy of it the app writes
(an accepted import) holds the table: that is the migration.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING

import pandas as pd

from denocompare.core import schema as S

if TYPE_CHECKING:
    from denocompare.io.checks import Collector
    from denocompare.io.raw import RawTable

#: Attribute names the core knew before ``attribute_labels`` existed: name -> (label,
#: kind, compared). Read as declared only where a dataset has no such table.
EARLIER_NAMES: dict[str, tuple[str, str, str]] = {
    "supplementation": ("Calcium / vitamin D supplementation", S.TEXT, "yes"),
    "warning_hypocalcaemia": ("Warning: hypocalcaemia", S.TEXT, "yes"),
    "warning_osteonecrosis_jaw": ("Warning: osteonecrosis of the jaw", S.TEXT, "yes"),
    "warning_vertebral_fractures_after_stopping": (
        "Warning: multiple vertebral fractures after stopping", S.TEXT, "yes"),
}
_EARLIER_NOTE = "read from a dataset without attribute_labels (an earlier format)"


def declared(frames: dict[str, pd.DataFrame]) -> dict[str, str]:
    """The dataset's own attribute names and kinds: its typed ``attribute_labels``
    rows that name no core attribute, or ``EARLIER_NAMES`` where it has no table."""
    f = frames.get(S.ATTRIBUTE_LABELS.name)
    if f is None:
        return {name: kind for name, (_label, kind, _c) in EARLIER_NAMES.items()}
    out: dict[str, str] = {}
    for name, kind in zip(f["attribute"], f["kind"], strict=True):
        if not pd.isna(name) and name not in S.ATTRIBUTES:
            out.setdefault(str(name), S.TEXT if pd.isna(kind) else str(kind))
    return out


def attributes_table(own: dict[str, str]) -> S.Table:
    """The ``attributes`` table whose ``attribute`` column also allows ``own``."""
    table = S.ATTRIBUTES_TABLE
    columns = tuple(replace(c, allowed=(*c.allowed, *own)) if c.name == "attribute" else c
                    for c in table.columns)
    return replace(table, columns=columns)


def kinds(own: dict[str, str]) -> dict[str, str]:
    """Every attribute name the dataset may use -> its kind (core ones first)."""
    return {**{name: kind for name, (_label, kind) in S.ATTRIBUTES.items()}, **own}


def earlier_declarations(used: Iterable[object]) -> pd.DataFrame:
    """The ``attribute_labels`` rows of a dataset without the table: the earlier names
    its ``attributes`` rows use (``used``: their distinct names), in ``EARLIER_NAMES``
    order."""
    used = set(used)
    rows = [(name, label, kind, compared, _EARLIER_NOTE)
            for name, (label, kind, compared) in EARLIER_NAMES.items() if name in used]
    columns = S.ATTRIBUTE_LABELS.column_names
    return pd.DataFrame({c: pd.array([r[i] for r in rows], dtype="string")
                         for i, c in enumerate(columns)})


def check_labels(tab: RawTable, f: pd.DataFrame, out: Collector) -> None:
    """A declaration names no core attribute, and every label is one attribute's only."""
    names = f["attribute"]
    core = names.isin(list(S.ATTRIBUTES)).fillna(False).astype(bool)
    out.cells(tab, "attribute", core[core].index, lambda n: f"'{n}' is a core attribute "
              f"('{S.ATTRIBUTES[str(n)][0]}'); declare here only the dataset's own "
              "attributes, and delete this row", lambda r: names.loc[r])
    owner = {label.casefold(): name for name, (label, _kind) in S.ATTRIBUTES.items()}
    for row in f.index[~core & f["label"].notna()]:
        label, name = str(f.loc[row, "label"]), names.loc[row]
        taken = owner.get(label.casefold())
        if taken is not None and taken != name:
            out.add(tab.label, f"the label '{label[:60]}' is already that of {taken}; give "
                    "each attribute a label of its own", int(row), "label")
        elif not pd.isna(name):
            owner.setdefault(label.casefold(), str(name))
