"""What long work and its runner share, with no Qt: progress and cancelling.

Long work is a plain function taking a ``Progress`` callback (Orange3's ``TaskState``
plays this part). The runner's callback raises ``Cancelled`` once the user cancels,
so the work stops at its next report; the readers and the window import the one
``Cancelled`` from here and recognise it by its class, never by its name.
"""

from __future__ import annotations

from collections.abc import Callable

#: ``progress(fraction, message)``: fraction in 0..1, message for the status bar.
Progress = Callable[[float, str], None]


class Cancelled(Exception):
    """Raised from a progress callback to stop long work; not a failure."""


def no_progress(_fraction: float, _message: str) -> None:
    """A ``Progress`` for work nobody watches (the command line, tests)."""
    return None
