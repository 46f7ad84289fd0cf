"""The two building blocks of the dataset schema, a ``Column`` and a ``Table``, and the
columns several tables share. ``denocompare.core.schema`` re-exports them; read them
from there. They are kept apart so that the tables can be defined in more than one
module without importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from denocompare.core.vocabulary import CHOICE, DATE, ID, IDS, TEXT


@dataclass(frozen=True)
class Column:
    """One column of a table."""

    name: str
    kind: str
    description: str
    required: bool = False
    allowed: tuple[str, ...] = ()
    unit: str = ""
    minimum: float | None = None
    maximum: float | None = None
    refers_to: str = ""  # "table.column" an id must resolve to
    #: Earlier spellings of allowed values, still read: (old, new) pairs.
    aliases: tuple[tuple[str, str], ...] = ()
    #: What a refused value's message says is allowed, where the list is not all of it.
    allowed_text: str = ""

    def type_text(self) -> str:
        """Plain-language type, as the docs and error messages show it."""
        if self.kind == CHOICE:
            return "one of: " + ", ".join(self.allowed)
        if self.kind == DATE:
            return "date (YYYY-MM-DD, or YYYY-MM / YYYY when the source gives no day)"
        if self.kind == IDS:
            return f"one or more ids separated by ';' ({self.refers_to})"
        if self.kind == ID and self.refers_to:
            return f"id ({self.refers_to})"
        return self.kind


@dataclass(frozen=True)
class Table:
    """One table: a CSV file in a dataset folder, or a sheet in a workbook."""

    name: str
    description: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()
    optional: bool = False
    notes: tuple[str, ...] = field(default=())
    #: Non-empty for tables that must have rows: what to tell the user when it has none.
    needs_rows: str = ""

    @property
    def filename(self) -> str:
        return f"{self.name}.csv"

    def column(self, name: str) -> Column:
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(name)

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


SOURCE_COLUMN = Column("source_id", IDS, "The source(s) that give this row's facts.",
                       required=True, refers_to="sources.source_id")
PRODUCT_COLUMN = Column("product_id", ID, "The product this row is about.", required=True,
                        refers_to="products.product_id")
NOTE_COLUMN = Column("note", TEXT, "Curator's note: a conflict between sources, an "
                     "inference, a caveat. Not clinical data.")
