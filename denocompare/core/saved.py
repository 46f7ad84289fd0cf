"""A saved comparison: a ``View`` and the dataset it was made on, as a small JSON file.

File > Save comparison writes one, File > Open comparison and ``--view FILE`` read it.
The file names the dataset (path, name, version) and a hash of its tables' content, so
that opening it on another dataset, or on the same one changed since, can say so; it
still opens what it can and names the products the dataset no longer has.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from denocompare.core.budget import BudgetInputs
from denocompare.core.budget_checks import check
from denocompare.core.budget_tables import to_records
from denocompare.core.dataset import Dataset
from denocompare.core.errors import ComparisonFileError
from denocompare.core.view import View, comparison

KIND = "denocompare comparison"
#: Bumped when a reader of the previous version could not read the file correctly.
#: The budget (a "budget" key beside "view", in a file that has one) did not bump it:
#: a reader without budgets ignores the key and opens the rest correctly.
FORMAT_VERSION = 1
SUFFIX = ".denocompare.json"


def fingerprint(ds: Dataset) -> str:
    """A hash of the dataset's content: the same tables, the same hash, wherever kept.

    Computed only when a comparison is saved or opened (11 ms for the bundled data),
    never when a dataset is loaded.
    """
    digest = hashlib.sha256()
    for name in sorted(ds.tables):
        frame = ds.tables[name]
        columns = "\x1f".join(map(str, frame.columns))
        digest.update(f"{name}\x1e{columns}\x1e".encode())
        digest.update(pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes())
    return digest.hexdigest()


@dataclass(frozen=True)
class DatasetStamp:
    """Which dataset a comparison was made on."""

    path: str = ""
    name: str = ""
    version: str = ""
    content_hash: str = ""

    @classmethod
    def of(cls, ds: Dataset) -> DatasetStamp:
        return cls(ds.origin, ds.name, ds.version, fingerprint(ds))

    def title(self) -> str:
        return f"{self.name} {self.version}".strip() or self.path or "an unnamed dataset"


@dataclass(frozen=True)
class SavedComparison:
    """A view as saved, and the dataset it was made on."""

    view: dict[str, Any]
    dataset: DatasetStamp = DatasetStamp()
    #: Reserved for the committee's notes on the comparison.
    notes: dict[str, Any] = field(default_factory=dict)
    #: The budget inputs as saved: rows of the inputs sheet (``core.budget_tables``).
    budget_records: tuple[dict[str, Any], ...] = ()
    #: ... read (by ``io.comparison_file``), or why they could not be.
    budget: BudgetInputs | None = None
    budget_problems: tuple[str, ...] = ()

    @classmethod
    def of(cls, ds: Dataset, view: View) -> SavedComparison:
        records = tuple(to_records(view.budget)) if view.budget is not None else ()
        return cls(view.to_dict(), DatasetStamp.of(ds), budget_records=records,
                   budget=view.budget)

    def with_budget(self, budget: BudgetInputs | None,
                    problems: tuple[str, ...] = ()) -> SavedComparison:
        return dataclasses.replace(self, budget=budget, budget_problems=problems)

    def to_json(self) -> str:
        data = {"kind": KIND, "format_version": FORMAT_VERSION, "view": self.view,
                "dataset": {"path": self.dataset.path, "name": self.dataset.name,
                            "version": self.dataset.version,
                            "content_hash": self.dataset.content_hash},
                "notes": self.notes}
        if self.budget_records:
            data["budget"] = list(self.budget_records)
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"

    @classmethod
    def from_json(cls, text: str) -> SavedComparison:
        """Parse a saved comparison, or raise ``ComparisonFileError`` saying why not."""
        try:
            data = json.loads(text)
        except ValueError as err:
            raise ComparisonFileError(f"it is not a comparison file ({err})") from err
        if not isinstance(data, dict) or data.get("kind") != KIND:
            raise ComparisonFileError("it is not a DenoCompare comparison file")
        version = data.get("format_version")
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            raise ComparisonFileError("its format version is missing or unreadable")
        if version > FORMAT_VERSION:
            raise ComparisonFileError(
                f"it was saved by a newer DenoCompare (comparison format {version}; this "
                f"version reads up to {FORMAT_VERSION}). Update DenoCompare to open it.")
        view, stamp = data.get("view"), data.get("dataset") or {}
        if not isinstance(view, dict) or not isinstance(view.get("reference"), str):
            raise ComparisonFileError("it names no reference product")
        stamp = stamp if isinstance(stamp, dict) else {}
        notes = data.get("notes")
        notes = notes if isinstance(notes, dict) else {}
        budget = data.get("budget")
        records = tuple(r for r in budget if isinstance(r, dict)) \
            if isinstance(budget, list) else ()
        problems = ("its budget is not a list of inputs",) if budget is not None and \
            not isinstance(budget, list) else ()
        return cls(view, DatasetStamp(*(str(stamp.get(k) or "") for k in
                                        ("path", "name", "version", "content_hash"))), notes,
                   records, budget_problems=problems)

    def open_on(self, ds: Dataset) -> tuple[View, list[str]]:
        """The view on ``ds``, and what the user should be told (sentences).

        Products the dataset does not have are left out and named; with none of the
        comparators left, the default rule applies (all of the reference's biosimilars).
        """
        comps = self.view.get("comparators")
        named = [c for c in comps if isinstance(c, str)] if isinstance(comps, list) else []
        view, missing = comparison(ds, self.view["reference"], named,
                                   **View.options_from(self.view))
        notices = []
        here = DatasetStamp.of(ds)
        if self.dataset.content_hash and self.dataset.content_hash != here.content_hash:
            same_name = (self.dataset.name, self.dataset.version) == (ds.name, ds.version)
            notices.append(
                f"This comparison was made on {self.dataset.title()}"
                + (", which has changed since." if same_name else
                   f"; the open dataset is {here.title()}."))
        if missing:
            notices.append(f"Not in this dataset, left out: {', '.join(missing)}.")
        problems = list(self.budget_problems)
        if self.budget is not None:
            problems += [f"{key[0]}: {message}" for key, message in
                         check(self.budget, view.products)]
            if not problems:
                view = view.replace(budget=self.budget)
        if problems:
            notices.append("The budget inputs were not opened: " + "; ".join(problems) + ".")
        return view, notices
