"""Read a saved comparison file (the format is ``denocompare.core.saved``)."""

from __future__ import annotations

import os
from pathlib import Path

from denocompare.core.errors import ComparisonFileError, DataError
from denocompare.core.saved import SavedComparison
from denocompare.io.budget_inputs import inputs_from_records

#: A comparison file is a few hundred bytes; anything this large is something else.
MAX_BYTES = 1_000_000


def read_comparison(path: str | os.PathLike) -> SavedComparison:
    """Read ``path``, or raise ``ComparisonFileError`` with a reason a user can act on."""
    target = Path(path)
    try:
        if not target.is_file():
            raise ComparisonFileError(f"Could not open {target}: it is not a file")
        if target.stat().st_size > MAX_BYTES:
            raise ComparisonFileError(f"Could not open {target}: it is too large to be "
                                      "a comparison file")
        text = target.read_text(encoding="utf-8")
        return _with_budget(SavedComparison.from_json(text))
    except ComparisonFileError as err:
        if str(err).startswith("Could not open"):
            raise
        # The same kind of error (an unreadable decision record stays one).
        raise type(err)(f"Could not open {target.name}: {err}") from err
    except (OSError, UnicodeError) as err:
        why = err.strerror if isinstance(err, OSError) and err.strerror else str(err)
        raise ComparisonFileError(f"Could not open {target.name}: {why}") from err


def _with_budget(saved: SavedComparison) -> SavedComparison:
    """The saved budget read by the inputs sheet's own parser and rules (the products
    are checked when the comparison opens on a dataset)."""
    if not saved.budget_records:
        return saved
    try:
        return saved.with_budget(inputs_from_records(saved.budget_records, "budget"))
    except DataError as err:
        return saved.with_budget(None, tuple(p.message for p in err.errors))
