"""Write a saved comparison file, atomically (the format is ``denocompare.core.saved``).

A comparison file may live on a shared folder that several committee members open.
A save onto a file that is there already never drops what another member saved
meanwhile: the file is read again and merged (``core.saved.merge``) — both members'
decision entries are kept, a field only the other member changed is kept as theirs,
and a field both changed differently is a ``SaveConflict`` for the user to settle.
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

from denocompare.core.dataset import Dataset
from denocompare.core.decision import DecisionError, History
from denocompare.core.errors import ComparisonFileError, ExportError
from denocompare.core.saved import SUFFIX, Merge, SavedComparison, UnreadableRecord, merge
from denocompare.core.view import View
from denocompare.io.comparison_file import read_comparison
from denocompare.output.writers import atomic_write

FIELD_NAMES = {"view": "the comparison (products and options)",
               "criteria": "the criteria and their weights",
               "budget_records": "the budget inputs"}


class SaveConflict(ExportError):
    """Both members changed the same field: save again with ``prefer``."""

    def __init__(self, target: Path, fields: tuple[str, ...]):
        self.fields = fields
        names = "; ".join(FIELD_NAMES.get(f, f) for f in fields)
        super().__init__(f"{target.name} was changed by someone else since you opened it, "
                         f"and you both changed {names}. Choose whose to keep.")


def target_of(path: str | os.PathLike) -> Path:
    target = Path(path)
    return target.with_name(target.name + SUFFIX) if not target.suffix else target


def save_comparison(ds: Dataset, view: View, path: str | os.PathLike,
                    opened: SavedComparison | None = None,
                    prefer: str | None = None) -> tuple[Path, SavedComparison, Merge | None]:
    """Save ``view`` made on ``ds`` to ``path``, merged with the file if it is there.

    ``opened`` is the comparison as read from (or last written to) this file; without
    it, the file's own content is the base, so its decision entries are all kept.
    Returns the path, what was written, and the merge (None if there was no file).
    Raises ``ExportError`` (``SaveConflict`` for a conflict) saying why not.
    """
    target = target_of(path)
    mine = SavedComparison.of(ds, view)
    theirs = _current(target)
    done = None
    if theirs is not None:
        # Without a base, what is in the file is the base for every field (so mine is
        # written), but not for the record: all of the file's entries are kept.
        base = opened if opened is not None else \
            dataclasses.replace(theirs, decisions=History())
        try:
            done = merge(base, mine, theirs, prefer)
        except DecisionError as err:
            raise ExportError(f"{target.name} was not saved: its decision record and yours "
                              f"cannot be merged ({err}); nothing was changed") from err
        if done.conflicts:
            raise SaveConflict(target, done.conflicts)
        mine = done.saved
    data = mine.to_json().encode("utf-8")
    return atomic_write(target, lambda fh: fh.write(data)), mine, done


def _current(target: Path) -> SavedComparison | None:
    """The comparison in ``target`` now; None if there is none (or it is not one)."""
    if not target.is_file():
        return None
    try:
        return read_comparison(target)
    except UnreadableRecord as err:
        raise ExportError(f"{target.name} was not saved: the file's decision record cannot "
                          f"be read, and saving over it would lose it ({err})") from err
    except ComparisonFileError:
        return None  # not a comparison: the user chose to replace it


def write_comparison(ds: Dataset, view: View, path: str | os.PathLike) -> Path:
    """Save ``view`` made on ``ds`` to ``path`` (``.denocompare.json`` added if it has
    no extension) and return the path written. Raises ``ExportError`` saying why not."""
    return save_comparison(ds, view, path)[0]
