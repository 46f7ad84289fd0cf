"""Light or dark: what the window's palette is, and rich text that reads in either.

Qt gives the window the system's palette (light or dark); the app's own colours are
the few inline ones of its rich text (muted notes, warnings), written for a light
face. Under a dark palette they are swapped for lighter ones of the same meaning.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QEvent
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QTextBrowser, QWidget

#: Inline colours written for a light face, and what they become on a dark one (each at
#: least 4.5 : 1 on the dark faces of common themes, #1e1e1e to #353535).
ON_DARK = {"#555": "#c0c0c0", "#555555": "#c0c0c0", "#a00": "#ff8080",
           "#aa0000": "#ff8080", "#8a4b00": "#f0b060", "#b00020": "#ff8a9a"}
_COLOUR = re.compile(r"(color:\s*)(#[0-9a-fA-F]{3,6})\b")


def is_dark(widget: QWidget) -> bool:
    """True when ``widget``'s palette is dark (its text lighter than its face)."""
    pal = widget.palette()
    return pal.color(QPalette.ColorRole.Window).lightness() < \
        pal.color(QPalette.ColorRole.WindowText).lightness()


def readable(text: str, widget: QWidget) -> str:
    """``text`` (rich text or a style sheet) with its light-theme colours swapped for
    dark-theme ones when ``widget``'s palette is dark; unchanged otherwise."""
    if not is_dark(widget):
        return text
    return _COLOUR.sub(lambda m: m.group(1) + ON_DARK.get(m.group(2).lower(), m.group(2)),
                       text)


class ReadableBrowser(QTextBrowser):
    """A text pane whose rich text's colours follow the palette, also when it changes."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._html = ""

    def setHtml(self, text: str) -> None:
        self._html = text
        super().setHtml(readable(text, self))

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self._html:
            super().setHtml(readable(self._html, self))
