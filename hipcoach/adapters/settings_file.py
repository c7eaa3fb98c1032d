"""The runner's settings, kept in the data folder (not Qt's default place) and typed.

QSettings writes an INI file, ``settings.ini``, next to the history; values that are
missing or damaged fall back to their defaults one by one, so a hand-edited file never
stops the app.
"""

from __future__ import annotations

import contextlib
from dataclasses import asdict, fields, replace
from enum import Enum
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings

from hipcoach.core.settings import LIMITS, Settings

SETTINGS_FILE = "settings.ini"


def _store(data_dir: Path) -> QSettings:
    return QSettings(str(data_dir / SETTINGS_FILE), QSettings.Format.IniFormat)


def _coerce(name: str, raw: object, default: object) -> object:
    """The stored text as the field's type, within its limits, else the default."""
    text = str(raw).strip().lower() if raw is not None else ""
    try:
        if isinstance(default, Enum):
            return type(default)(text)
        if isinstance(default, bool):
            said = _boolean(text)
            return default if said is None else said
        if isinstance(default, int):
            value: float = int(text)
        elif isinstance(default, float):
            value = float(text)
        else:
            return str(raw)
    except ValueError:
        return default
    low, high = LIMITS.get(name, (float("-inf"), float("inf")))
    return value if low <= value <= high else default


def _boolean(text: str) -> bool | None:
    if text in ("true", "1", "yes", "on"):
        return True
    if text in ("false", "0", "no", "off"):
        return False
    return None


def _write(store: QSettings, data_dir: Path) -> None:
    store.sync()
    path = data_dir / SETTINGS_FILE
    if path.exists():
        path.chmod(0o600)  # beside health notes: private like them


def load_settings(data_dir: Path) -> Settings:
    store = _store(data_dir)
    defaults = Settings()
    values: dict[str, Any] = {}
    for field in fields(Settings):
        default = getattr(defaults, field.name)
        if store.contains(field.name):
            values[field.name] = _coerce(field.name, store.value(field.name), default)
    if not store.contains("routine_timings") and any(
        values.get(name, getattr(defaults, name)) != getattr(defaults, name)
        for name in ("prepare", "switch", "rest")
    ):
        # Written before the choice existed: a time the runner changed was meant to apply.
        values["routine_timings"] = False
    return replace(defaults, **values)


def save_settings(data_dir: Path, settings: Settings) -> None:
    store = _store(data_dir)
    for name, value in asdict(settings).items():
        if isinstance(value, Enum):
            value = value.value
        store.setValue(name, str(value).lower() if isinstance(value, bool) else value)
    _write(store, data_dir)


# Not a setting: whether the desktop was dark when the window last looked, so that its first
# frame has the right colours before it can ask (ui/common/theme.first_frame_theme).
DESKTOP_DARK = "window/desktop_dark"


def remembered_dark(data_dir: Path) -> bool | None:
    """The desktop's dark or light as the window last saw it; None: never seen."""
    store = _store(data_dir)
    if not store.contains(DESKTOP_DARK):
        return None
    return _boolean(str(store.value(DESKTOP_DARK)).strip().lower())  # other words: unseen


def remember_dark(data_dir: Path, dark: bool) -> None:
    """Kept for the next start; a folder it cannot be written in costs only that."""
    store = _store(data_dir)
    store.setValue(DESKTOP_DARK, "true" if dark else "false")
    with contextlib.suppress(OSError):
        _write(store, data_dir)


class SettingsFile:
    """The settings of one data folder, as the backend asks for them."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir

    def load(self) -> Settings:
        return load_settings(self.data_dir)

    def save(self, settings: Settings) -> None:
        save_settings(self.data_dir, settings)
