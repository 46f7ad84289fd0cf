"""What a regulator's file says, once read: one frame of records in the app's words.

The readers (``denocompare.io.regulators``) turn the FDA Purple Book download and the
EMA medicines-data files into a ``RegulatorFile``; the differences with a dataset
(``core.changes``) and the new copy (``core.apply_changes``) read only this, so they never
depend on a regulator's column names, which change between years.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from denocompare.core.dataset import _text
from denocompare.core.errors import Problem

#: The record fields, whatever the regulator calls them. Every value is text or missing
#: (``pd.NA``); dates are ISO (YYYY-MM-DD).
FIELDS = (
    "number",            # BLA number (digits) or EMA product number (EMEA/H/C/…)
    "brand",             # Proprietary name / Name of medicine
    "proper_name",       # Proper name (<inn>-bbdz) / INN
    "licence_type",      # 351(a), 351(k) Biosimilar, 351(k) Interchangeable
    "biosimilar",        # yes / no / missing (EMA: not always filled)
    "strength",          # "60 mg/mL" as printed
    "marketing_status",  # Rx, OTC, Disc
    "status",            # EMA medicine status: Authorised, Withdrawn, Suspended, Refused
    "approval_date",     # FDA approval / EU marketing authorisation date
    "interchangeable_date",
    "withdrawal_date",
    "suspension_date",
    "holder",            # Applicant / marketing authorisation holder
    "reference_brand",   # Ref. Product Proprietary Name
    "reference_proper",  # Ref. Product Proper Name
    "category",          # EMA: Human / Veterinary
    "url",               # EMA: the medicine's page
)

PURPLE_BOOK = "FDA Purple Book data download"
EMA_XLSX = "EMA medicines data (XLSX)"
EMA_JSON = "EMA medicines data (JSON)"
FDA = "U.S. Food and Drug Administration"
EMA = "European Medicines Agency"


@dataclass(frozen=True)
class RegulatorFile:
    """One regulator file as read.

    ``records`` has the ``FIELDS`` columns and a ``row`` column: where the record is in
    the file (the line of a CSV file, the row of a sheet, the position in a JSON list),
    so that every difference can say where it was read.
    """

    name: str
    sha256: str
    layout: str  # PURPLE_BOOK, EMA_XLSX or EMA_JSON
    as_of: str  # the date the file states (ISO; a month alone as YYYY-MM)
    as_of_basis: str  # where the date comes from, in words
    records: pd.DataFrame
    #: Records in the file's table, of every molecule (``records`` may hold fewer).
    listed: int
    path: str = ""
    warnings: tuple[Problem, ...] = field(default=())
    #: ``records`` holds only these molecules' records (read for a dataset: the others
    #: are counted, not cleaned); None: every record.
    only: tuple[str, ...] | None = None
    #: The file's molecules by their proper names, most listed first.
    molecules: tuple[str, ...] = ()

    def holds(self, molecules: Collection[str]) -> bool:
        """Whether ``records`` has every record of ``molecules`` the file lists."""
        return self.only is None or set(molecules) <= set(self.only)

    @property
    def region(self) -> str:
        return "US" if self.layout == PURPLE_BOOK else "EU"

    @property
    def publisher(self) -> str:
        return FDA if self.layout == PURPLE_BOOK else EMA

    def where(self, row: object) -> str:
        """'purplebook.csv, line 12': where a record was read."""
        unit = {PURPLE_BOOK: "line", EMA_XLSX: "row", EMA_JSON: "record"}[self.layout]
        return f"{self.name}, {unit} {row}"


_SUFFIX = re.compile(r"-[a-z]{4}$")


def molecule(proper_name: object) -> str:
    """'<inn>-bbdz' -> '<inn>' (the suffix is the FDA's four letters)."""
    text = _text(proper_name).lower().strip()
    if len(text) >= 5 and text[-5] == "-":  # (a regex on every name: half the time)
        return _SUFFIX.sub("", text)
    return text


def molecules_of(names: pd.Series) -> pd.Series:
    """``molecule`` of each name, worked out once per distinct name (a download of 5,000
    products names a few hundred molecules)."""
    codes, distinct = pd.factorize(names)  # a missing name: code -1, the last, ""
    found = np.array([*(molecule(n) for n in distinct), ""], dtype=object)
    return pd.Series(found[codes], index=names.index)
