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

from denocompare.core import decision as D
from denocompare.core.budget import BudgetInputs
from denocompare.core.budget_checks import check
from denocompare.core.budget_tables import to_records
from denocompare.core.criteria import Settings
from denocompare.core.dataset import Dataset
from denocompare.core.errors import ComparisonFileError
from denocompare.core.view import View, comparison


class UnreadableRecord(ComparisonFileError):
    """The file is a comparison whose decision record cannot be read: it is refused,
    and a save onto it is refused too, so that no entry is lost."""


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
    molecule: str = ""  # files saved before it was written: ''

    @classmethod
    def of(cls, ds: Dataset) -> DatasetStamp:
        return cls(ds.origin, ds.name, ds.version, fingerprint(ds), ds.molecule)

    def is_other_than(self, ds: Dataset) -> bool:
        """True if the stamp names another dataset than ``ds`` (another name or
        molecule), not merely a modified copy of it (which keeps the name). A file
        that names no dataset cannot tell, and is not refused."""
        if self.molecule and ds.molecule and self.molecule != ds.molecule:
            return True
        return bool(self.name) and self.name != ds.name

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
    #: The committee's criteria settings (``core.criteria.Settings``), if any.
    criteria: Settings | None = None
    #: The decision record: append-only, merged with the file's on a save.
    decisions: D.History = D.History()
    #: What in the file could not be read (said when it opens; the rest still opens).
    problems: tuple[str, ...] = ()
    #: The file has criteria that could not be read (so a window keeps its own).
    criteria_unread: bool = False

    @classmethod
    def of(cls, ds: Dataset, view: View) -> SavedComparison:
        records = tuple(to_records(view.budget)) if view.budget is not None else ()
        return cls(view.to_dict(), DatasetStamp.of(ds), budget_records=records,
                   budget=view.budget, criteria=view.criteria,
                   decisions=view.decisions or D.History())

    def with_budget(self, budget: BudgetInputs | None,
                    problems: tuple[str, ...] = ()) -> SavedComparison:
        return dataclasses.replace(self, budget=budget, budget_problems=problems)

    def to_json(self) -> str:
        data = {"kind": KIND, "format_version": FORMAT_VERSION, "view": self.view,
                "dataset": {"path": self.dataset.path, "name": self.dataset.name,
                            "version": self.dataset.version,
                            "content_hash": self.dataset.content_hash,
                            "molecule": self.dataset.molecule},
                "notes": self.notes}
        if self.budget_records:
            data["budget"] = list(self.budget_records)
        if self.criteria is not None:
            data["criteria"] = self.criteria.to_dict()
        if self.decisions.entries:
            data["decisions"] = D.history_to_list(self.decisions)
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
        budget_problems = ("its budget is not a list of inputs",) if budget is not None and \
            not isinstance(budget, list) else ()
        criteria, problems = None, []
        if data.get("criteria") is not None:
            try:
                criteria = Settings.from_dict(data["criteria"])
            except ValueError as err:
                problems.append(f"its criteria were not opened ({err})")
        try:
            # Unlike the rest, a decision record is never half-read or dropped: a file
            # whose record cannot be read is refused, so a save cannot lose entries.
            decisions = D.history_from_list(data.get("decisions"))
        except D.DecisionError as err:
            raise UnreadableRecord(f"its decision record cannot be read: {err}") from err
        return cls(view, DatasetStamp(*(str(stamp.get(k) or "") for k in
                                        ("path", "name", "version", "content_hash",
                                         "molecule"))), notes,
                   records, budget_problems=budget_problems, criteria=criteria,
                   decisions=decisions, problems=tuple(problems),
                   criteria_unread=criteria is None and data.get("criteria") is not None)

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
        notices += [f"In this file, {p}." for p in self.problems]
        if self.dataset.is_other_than(ds):
            if self.criteria is not None or self.decisions.entries:
                notices.append(record_refused(self.dataset, ds))
            return view, notices  # no criteria, no record: they are another dataset's
        view = view.replace(criteria=self.criteria,
                            decisions=self.decisions if self.decisions.entries else None)
        return view, notices


def record_refused(stamp: DatasetStamp, ds: Dataset) -> str:
    """Why a comparison file's criteria and decision record are not used on ``ds``."""
    def named(name: str, molecule: str) -> str:
        return name + (f" ({molecule})" if molecule and molecule not in name else "")

    return (f"Its criteria and decision record were not opened: they were made on "
            f"{named(stamp.title(), stamp.molecule)}, and the open dataset is "
            f"{named(f'{ds.name} {ds.version}', ds.molecule)}; a decision on that "
            "dataset's products is not one on these. The comparison itself (products "
            "and options) opened without them.")


def mixes_datasets(current: SavedComparison | None, ds: Dataset) -> str | None:
    """Why saving a comparison of ``ds`` onto a file now holding ``current`` is refused
    (its criteria or record are another dataset's: a merge would mix two datasets'
    decisions), or None."""
    if current is None or not current.dataset.is_other_than(ds) or \
            (current.criteria is None and not current.decisions.entries):
        return None
    return (f"That file holds the criteria and decision record of a comparison made on "
            f"{current.dataset.title()}; this comparison is on {ds.name} {ds.version}. "
            "Saving it there would mix the two datasets' decisions: save it under "
            "another name. Nothing was changed.")


#: What two members can both change in one file, besides the append-only record.
MERGED_FIELDS = ("view", "criteria", "budget_records")
#: ... and what comes with a field taken from the other member's file.
_WITH = {"budget_records": ("budget", "budget_problems")}


@dataclass(frozen=True)
class Merge:
    """A save onto a file that changed since it was opened: what is written."""

    saved: SavedComparison
    conflicts: tuple[str, ...] = ()  # fields both changed, differently: the user chooses
    theirs_kept: tuple[str, ...] = ()  # fields only the other member changed: kept
    their_entries: int = 0  # decision entries the other member added, kept


def merge(base: SavedComparison, mine: SavedComparison, theirs: SavedComparison,
          prefer: str | None = None) -> Merge:
    """Merge ``mine`` (this window) with ``theirs`` (the file now), both from ``base``
    (the file when opened or last saved).

    The decision records are merged (both members' entries kept, once each; a record
    that lost an entry raises ``DecisionError``). Each field in ``MERGED_FIELDS`` comes
    from whoever changed it; one both changed differently is a conflict, settled by
    ``prefer`` ("mine" or "theirs"), else it is mine and listed in ``conflicts``.
    """
    history = D.merge(base.decisions, mine.decisions, theirs.decisions)
    fields: dict[str, Any] = {}
    conflicts, kept = [], []
    for name in MERGED_FIELDS:
        b, m, t = (_comparable(name, getattr(x, name)) for x in (base, mine, theirs))
        if m == t or t == b:
            continue
        if m == b or prefer == "theirs":
            for taken in (name, *_WITH.get(name, ())):
                fields[taken] = getattr(theirs, taken)
            if m == b:
                kept.append(name)
        else:
            conflicts.append(name)
    out = dataclasses.replace(mine, decisions=history, **fields)
    added = len(set(theirs.decisions.ids()) - set(base.decisions.ids()))
    return Merge(out, tuple(conflicts) if prefer is None else (), tuple(kept), added)


def _comparable(name: str, value: Any) -> Any:
    """A field as compared in a merge: a view by what it shows (as ``View`` reads it),
    so that a file written by another version with other keys is not a change."""
    if name != "view" or not isinstance(value, dict):
        return value
    comps = value.get("comparators")
    return (value.get("reference"), tuple(comps) if isinstance(comps, list) else (),
            tuple(sorted(View.options_from(value).items())))
