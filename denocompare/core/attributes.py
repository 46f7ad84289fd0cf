"""The product attributes of a dataset: the core ones every dataset may use, and its own
(``attribute_labels``), each with its label and whether a difference is highlighted.

Nothing of one molecule lives here: a warning of its label is declared by its dataset.
"""

from __future__ import annotations

import pandas as pd

from denocompare.core import schema as S
from denocompare.core.dataset import Dataset, _text

#: Core attributes whose difference from the reference matters to a formulary decision.
#: Names, dates, companies and codes differ by nature and are not highlighted.
COMPARABLE = frozenset({
    "strength_mg", "volume_ml", "presentation", "dose", "route", "interval",
    "administered_by", "storage", "room_temperature_allowance", "excipients", "latex",
    "contraindications", "boxed_warning", "rems",
})


def _own(ds: Dataset) -> pd.DataFrame:
    f = ds.tables.get("attribute_labels")
    if f is None:  # a dataset built in memory, without the table
        return pd.DataFrame(columns=S.ATTRIBUTE_LABELS.column_names)
    return f[f["attribute"].notna() & ~f["attribute"].isin(list(S.ATTRIBUTES))]


def labels(ds: Dataset) -> dict[str, tuple[str, str]]:
    """Every attribute of ``ds``: name -> (label, kind), in the order the Products table
    shows them (the dataset's own after ``schema.DECLARED_AFTER``)."""
    own = _own(ds)
    declared = {str(a): (_text(lab) or str(a), _text(kind) or S.TEXT)
                for a, lab, kind in zip(own["attribute"], own["label"], own["kind"],
                                        strict=True)}
    out: dict[str, tuple[str, str]] = {}
    for name, spec in S.ATTRIBUTES.items():
        out[name] = spec
        if name == S.DECLARED_AFTER:
            out.update((a, s) for a, s in declared.items() if a not in out)
    out.update((a, s) for a, s in declared.items() if a not in out)
    return out


def comparable(ds: Dataset) -> frozenset[str]:
    """The attributes whose difference from the reference is highlighted: the core
    ``COMPARABLE`` and the dataset's own marked ``compared`` = yes."""
    own = _own(ds)
    return COMPARABLE | frozenset(str(a) for a, c in zip(own["attribute"], own["compared"],
                                                         strict=True) if _text(c) == "yes")
