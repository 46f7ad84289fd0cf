"""The only module that touches QSettings. Every read passes ``type=``.

A corrupt or wrongly typed value falls back to the default and is logged, so a
damaged settings file can never stop the app from starting.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QByteArray, QSettings

log = logging.getLogger(__name__)
MAX_RECENT = 8


def _is_int_text(settings: QSettings, key: str) -> bool:
    raw = settings.value(key, "", type=str)
    return raw.strip().lstrip("-").isdigit()


class SettingsStore:
    def __init__(self, settings: QSettings | None = None):
        self._s = settings or QSettings()

    def _get(self, key: str, default, kind):
        if not self._s.contains(key):
            return default
        try:
            value = self._s.value(key, default, type=kind)
        except (TypeError, ValueError, RuntimeError) as exc:
            log.warning("setting %s unreadable (%s); using the default", key, exc)
            return default
        if not isinstance(value, kind) or (kind is int and not _is_int_text(self._s, key)):
            # QSettings turns "zz" into 0 for type=int without a word; say so in the log.
            log.warning("setting %s has a wrong value; using the default", key)
            return default
        return value

    # --- window ---------------------------------------------------------------------
    def geometry(self) -> QByteArray:
        return self._get("window/geometry", QByteArray(), QByteArray)

    def window_state(self) -> QByteArray:
        return self._get("window/state", QByteArray(), QByteArray)

    def save_window(self, geometry: QByteArray, state: QByteArray) -> None:
        self._s.setValue("window/geometry", geometry)
        self._s.setValue("window/state", state)

    def tab(self) -> int:
        return self._get("window/tab", 0, int)

    def set_tab(self, index: int) -> None:
        self._s.setValue("window/tab", int(index))

    # --- data -----------------------------------------------------------------------
    def recent_files(self) -> list[str]:
        value = self._get("data/recent", [], list)
        return [str(v) for v in value if isinstance(v, str)][:MAX_RECENT]

    def add_recent(self, path: str) -> list[str]:
        recent = [path] + [p for p in self.recent_files() if p != path]
        self._s.setValue("data/recent", recent[:MAX_RECENT])
        return recent[:MAX_RECENT]

    def last_dir(self) -> str:
        return self._get("data/last_dir", "", str)

    def set_last_dir(self, path: str) -> None:
        self._s.setValue("data/last_dir", path)

    def selection(self) -> tuple[str, list[str]]:
        ref = self._get("selection/reference", "", str)
        comps = self._get("selection/comparators", [], list)
        return ref, [str(c) for c in comps if isinstance(c, str)]

    def set_selection(self, reference: str, comparators: list[str]) -> None:
        self._s.setValue("selection/reference", reference)
        self._s.setValue("selection/comparators", list(comparators))

    def export_dpi(self) -> int:
        dpi = self._get("export/dpi", 300, int)
        return dpi if 50 <= dpi <= 1200 else 300

    def set_export_dpi(self, dpi: int) -> None:
        self._s.setValue("export/dpi", int(dpi))

    def sync(self) -> None:
        self._s.sync()
