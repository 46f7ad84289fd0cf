"""The audit trail every report and export carries: what it was made from, and when.

A committee defends a decision a year later with the files it was shown. Each file
therefore says which dataset it was made from (name, version, the hash of its
content, and whether that is the bundled release byte for byte, a modified copy of
one, or the user's own dataset), with which DenoCompare, when (ISO time with its
time zone), from which saved comparison file, and the latest entry of the decision
record. Said here once: the report, the chart files, the table exports, the CLI and
the dataset copies all take a ``Trail`` and show ``text()`` or ``items()``.

The content hash is ``core.saved.fingerprint``, the one a saved comparison records,
so a report can be matched with the comparison file it came from. Qt-free.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd

from denocompare import __version__
from denocompare.core.dataset import Dataset
from denocompare.core.decision import History
from denocompare.core.identity import MODIFIED, RELEASE
from denocompare.core.saved import fingerprint
from denocompare.core.schema import DERIVED_KEYS
from denocompare.core.view import View

#: Characters of the content hash shown to people; machine-readable places get it all.
SHORT_HASH = 12
#: Characters of a decision entry's id shown (``Entry.entry_id`` has 16).
SHORT_ID = 8
NOT_SAVED = "not saved"
NO_DECISION = "no decision recorded"


@dataclass(frozen=True)
class Trail:
    """The audit trail of one report or export. Build it with ``trail``."""

    dataset_name: str
    dataset_version: str
    #: What the app calls the dataset everywhere (``Dataset.label``).
    dataset_label: str
    content_hash: str  # SHA-256 hex of the tables' content (``core.saved.fingerprint``)
    kind: str  # core.identity RELEASE, MODIFIED or OWN
    #: Of a modified copy: the release it is a copy of, and the file it was read from.
    copy_of: str = ""
    copy_file: str = ""
    app_version: str = __version__
    made_at: str = ""  # ISO 8601, seconds, with the time zone
    comparison_file: str = ""  # the saved comparison's file name; "" when not saved
    decision: str = ""  # "<effective>: <decision>"; "" when none is recorded
    decision_id: str = ""  # the entry's full id
    decision_recorded_at: str = ""
    #: Another dataset the output was made from (``denocompare changes``: the old one;
    #: a report with ``--since``: the dataset last reviewed), and its content hash.
    compared_with: str = ""
    compared_with_hash: str = ""

    @property
    def short_hash(self) -> str:
        return self.content_hash[:SHORT_HASH]

    @property
    def kind_text(self) -> str:
        """'the bundled release', 'a modified copy of <release> (<file>)', or 'the
        user's own dataset'."""
        if self.kind == RELEASE:
            return "the bundled release"
        if self.kind == MODIFIED:
            where = f" (file {self.copy_file})" if self.copy_file else ""
            return f"a modified copy of the bundled release {self.copy_of}{where}"
        return "the user's own dataset"

    @property
    def decision_text(self) -> str:
        if not self.decision:
            return NO_DECISION
        return (f"{self.decision} (entry {self.decision_id[:SHORT_ID]}, recorded "
                f"{self.decision_recorded_at})")

    def lines(self) -> list[str]:
        """The trail as lines a person reads (the hash in its short form)."""
        lines = [f"Dataset: {self._named()}",
                 f"Content hash (SHA-256): {self.short_hash}",
                 f"Made with DenoCompare {self.app_version} on {self.made_at}",
                 f"Saved comparison: {self.comparison_file or NOT_SAVED}",
                 f"Latest decision: {self.decision_text}"]
        if self.compared_with:
            lines.insert(2, f"Compared with: {self.compared_with}")
        return lines

    def _named(self) -> str:
        """A modified copy by its label, the one name every other place gives it (the
        version its metadata states is in ``items()``); else name, version, kind."""
        if self.kind == MODIFIED:
            return self.dataset_label
        version = f", version {self.dataset_version}" if self.dataset_version else ""
        return f"{self.dataset_name}{version}: {self.kind_text}"

    def text(self) -> str:
        """``lines()`` under a heading, one per line: a sidecar file, the terminal."""
        return "Audit trail\n" + "\n".join(self.lines()) + "\n"

    def one_line(self) -> str:
        return "; ".join(self.lines())

    def items(self) -> list[tuple[str, str]]:
        """The trail as key/value pairs, the hash in full: workbooks, file metadata."""
        pairs = [("dataset_name", self.dataset_name), ("dataset_version", self.dataset_version),
                 ("dataset_label", self.dataset_label), ("dataset_kind", self.kind),
                 ("dataset_copy_of", self.copy_of), ("dataset_copy_file", self.copy_file),
                 ("content_sha256", self.content_hash), ("app", "DenoCompare"),
                 ("app_version", self.app_version), ("made_at", self.made_at),
                 ("comparison_file", self.comparison_file or NOT_SAVED),
                 ("decision", self.decision or NO_DECISION),
                 ("decision_entry_id", self.decision_id),
                 ("decision_recorded_at", self.decision_recorded_at)]
        if self.compared_with:
            pairs += [("compared_with", self.compared_with),
                      ("compared_with_sha256", self.compared_with_hash)]
        return pairs

    def frame(self) -> pd.DataFrame:
        """``items()`` as a two-column table (key, value)."""
        return pd.DataFrame(self.items(), columns=["key", "value"])


def now_text(now: dt.datetime | None = None) -> str:
    """``now`` (default: this moment, local time) as ISO 8601 with its time zone."""
    moment = now or dt.datetime.now().astimezone()
    if moment.tzinfo is None:  # a naive time is taken as local, and said so
        moment = moment.astimezone()
    return moment.replace(microsecond=0).isoformat()


def trail(ds: Dataset, view: View | None = None, saved_file: str | os.PathLike | None = None,
          now: dt.datetime | None = None, compared_with: Dataset | None = None) -> Trail:
    """The audit trail of an output made from ``ds`` (and ``view``) now.

    Parameters
    ----------
    ds : Dataset
        The dataset the output shows.
    view : View, optional
        The comparison; its decision record gives the latest entry.
    saved_file : path-like, optional
        The saved comparison's file (the window's open file, ``--view FILE``); only
        its name is recorded, not the folder it is in.
    now : datetime, optional
        When the output is made (tests pass a fixed time); default: this moment.
    compared_with : Dataset, optional
        A second dataset the output was made from (a list of changes: the old one).
    """
    ident = ds.identity
    kind = ident.kind if ident is not None else "own"
    history = view.decisions if view is not None else None
    latest = (history or History()).latest
    return with_compared(Trail(
        ds.name, ds.version, ds.label, fingerprint(ds), kind,
        copy_of=ident.of if ident is not None else "",
        copy_file=ident.file if ident is not None else "",
        made_at=now_text(now),
        comparison_file=Path(saved_file).name if saved_file else "",
        decision=f"{latest.effective}: {latest.decision}" if latest else "",
        decision_id=latest.entry_id if latest else "",
        decision_recorded_at=latest.recorded_at if latest else ""), compared_with)


def with_compared(given: Trail, other: Dataset | None) -> Trail:
    """``given`` naming ``other`` (label and content hash) as the dataset it was
    compared with; ``given`` itself when ``other`` is None."""
    if other is None:
        return given
    full = fingerprint(other)
    return replace(given, compared_with=f"{other.label} (SHA-256 {full[:SHORT_HASH]})",
                   compared_with_hash=full)


def trail_of(ds: Dataset, view: View | None, given: Trail | None,
             compared_with: Dataset | None = None) -> Trail:
    """``given``, else the trail of ``ds`` and ``view`` made now (not saved): a writer's
    default, so that no output goes out without one. ``compared_with`` (a report's
    dataset last reviewed) is recorded in either."""
    return with_compared(given if given is not None else trail(ds, view), compared_with)


def stamp_metadata(metadata: pd.DataFrame, source: Trail) -> pd.DataFrame:
    """A copy's metadata table with what it was derived from (``DERIVED_KEYS``).

    Earlier ``derived_*`` rows are replaced: a copy of a copy names its own source,
    the dataset it was made from, whose metadata in turn names the one before.
    """
    values = (f"{source.dataset_label} ({source.kind_text})", source.content_hash,
              source.made_at, f"DenoCompare {source.app_version}")
    kept = metadata.loc[~metadata["key"].isin(DERIVED_KEYS)]
    rows = pd.DataFrame({"key": list(DERIVED_KEYS), "value": list(values)})
    both = pd.concat([kept.astype(object), rows.astype(object)], ignore_index=True)
    return both[list(metadata.columns)]
