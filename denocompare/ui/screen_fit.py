"""The window's first size, from the screen it opens on (a 1366x768 laptop included)."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize

#: The size the window prefers where there is room for it.
PREFERRED = QSize(1280, 820)
#: Of the screen's available area (taskbar and panels already left out), what the window
#: takes at most: a frame and title bar still have to fit around it.
SHARE = (0.96, 0.90)


def default_size(available: QRect) -> QSize:
    """``PREFERRED``, shrunk to fit ``available`` (the screen's free area)."""
    return QSize(min(PREFERRED.width(), int(available.width() * SHARE[0])),
                 min(PREFERRED.height(), int(available.height() * SHARE[1])))
