"""The runner's settings, kept in the data folder (not Qt's default place) and typed.

QSettings writes an INI file, ``settings.ini``, next to the history; values that are
missing or damaged fall back to their defaults one by one, so a hand-edited file never
stops the app.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings

from hipcoach.core.cues import CueOptions
from hipcoach.core.model import Timings

SETTINGS_FILE = "settings.ini"


@dataclass(frozen=True, slots=True)
class Settings:
    voice: str = ""  # a speech engine voice id; "" for the engine's default
    rate: int = 200  # words per minute: clear, and short enough for cues
    volume: float = 1.0  # 0 to 1
    voice_on: bool = True
    beeps: bool = True
    read_how: bool = False  # read each exercise's how-to aloud
    prepare: int = 5  # default seconds, used where a routine file gives none
    rest: int = 10
    breath: int = 6

    def timings(self) -> Timings:
        return Timings(prepare=self.prepare, rest=self.rest, breath=self.breath)

    def cue_options(self) -> CueOptions:
        return CueOptions(read_how=self.read_how)


_LIMITS: dict[str, tuple[float, float]] = {
    "rate": (80, 400),
    "volume": (0.0, 1.0),
    "prepare": (0, 600),
    "rest": (0, 600),
    "breath": (1, 60),
}


def _store(data_dir: Path) -> QSettings:
    return QSettings(str(data_dir / SETTINGS_FILE), QSettings.Format.IniFormat)


def _coerce(name: str, raw: object, default: object) -> object:
    """The stored text as the field's type, within its limits, else the default."""
    text = str(raw).strip().lower() if raw is not None else ""
    try:
        if isinstance(default, bool):
            if text in ("true", "1", "yes", "on"):
                return True
            if text in ("false", "0", "no", "off"):
                return False
            return default
        if isinstance(default, int):
            value: float = int(text)
        elif isinstance(default, float):
            value = float(text)
        else:
            return str(raw)
    except ValueError:
        return default
    low, high = _LIMITS.get(name, (float("-inf"), float("inf")))
    return value if low <= value <= high else default


def load_settings(data_dir: Path) -> Settings:
    store = _store(data_dir)
    defaults = Settings()
    values: dict[str, Any] = {}
    for field in fields(Settings):
        default = getattr(defaults, field.name)
        if store.contains(field.name):
            values[field.name] = _coerce(field.name, store.value(field.name), default)
    return replace(defaults, **values)


def save_settings(data_dir: Path, settings: Settings) -> None:
    store = _store(data_dir)
    for name, value in asdict(settings).items():
        store.setValue(name, str(value).lower() if isinstance(value, bool) else value)
    store.sync()
    path = data_dir / SETTINGS_FILE
    if path.exists():
        path.chmod(0o600)  # beside health notes: private like them
