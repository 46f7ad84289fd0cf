"""The only module that touches QSettings. Every read passes ``type=``.

A corrupt or wrongly typed value falls back to the default and is logged, so a
damaged settings file can never stop the app from starting.
"""

from __future__ import annotations

import json
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

    # --- the comparison shown ------------------------------------------------------
    def view(self) -> dict | None:
        """The last view shown, as ``View.to_dict`` gave it (None if none or unreadable)."""
        text = self._get("view/current", "", str)
        try:
            data = json.loads(text) if text else None
        except ValueError:
            log.warning("setting view/current unreadable; using the starting comparison")
            return None
        return data if isinstance(data, dict) else None

    def set_view(self, data: dict) -> None:
        self._s.setValue("view/current", json.dumps(data))

    def recent_comparisons(self) -> list[str]:
        value = self._get("comparisons/recent", [], list)
        return [str(v) for v in value if isinstance(v, str)][:MAX_RECENT]

    def add_recent_comparison(self, path: str) -> list[str]:
        recent = [path] + [p for p in self.recent_comparisons() if p != path]
        self._s.setValue("comparisons/recent", recent[:MAX_RECENT])
        return recent[:MAX_RECENT]

    # --- the report -----------------------------------------------------------------
    def report_since(self) -> str:
        """The dataset last reviewed, for the report's 'What changed' ('' for none)."""
        return self._get("report/since", "", str)

    def set_report_since(self, path: str) -> None:
        self._s.setValue("report/since", path)

    def sync(self) -> None:
        self._s.sync()
