"""The runner's choices (voice, beeps, the visual cue, timings) as one typed value, and their
limits.

Where they are kept (an INI file in the data folder) is an adapter's business; this is what
they mean to a session.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hipcoach.core.model import Timings


class HowReading(StrEnum):
    """When an exercise's how-to is read aloud, in a phase of its own before it."""

    ALWAYS = "always"
    FIRST = "first"  # the first three times the runner meets the exercise
    NEVER = "never"


class Look(StrEnum):
    """The window's colours: the desktop's choice, or one the runner makes."""

    DESKTOP = "desktop"
    LIGHT = "light"
    DARK = "dark"


@dataclass(frozen=True, slots=True)
class TimingsOverride:
    """One get-ready, switch and rest for every routine, in place of the ``[defaults]`` each
    routine file gives (docs/routine-format.md): a value an exercise sets itself still wins.
    """

    prepare: int
    switch: int
    rest: int


@dataclass(frozen=True, slots=True)
class Settings:
    voice: str = ""  # a speech engine voice id; "" for the engine's default
    rate: int = 200  # words per minute: clear, and short enough for cues
    volume: float = 1.0  # 0 to 1
    voice_on: bool = True
    beeps: bool = True
    how_reading: HowReading = HowReading.FIRST
    flash: bool = False  # the player's page flashes on each countdown tick and phase change
    routine_timings: bool = True  # each routine's own get-ready, switch and rest; else these:
    prepare: int = 5
    switch: int = 5
    rest: int = 10
    breath: int = 6  # seconds of one breath, where a routine file gives none
    look: Look = Look.DESKTOP
    ask_pain_before: bool = True  # the window asks "pain now" before a session starts

    def timings_override(self) -> TimingsOverride | None:
        """The get-ready, switch and rest that replace every routine's own, or None when
        each routine keeps its own (the default)."""
        if self.routine_timings:
            return None
        return TimingsOverride(prepare=self.prepare, switch=self.switch, rest=self.rest)

    def timings(self) -> Timings:
        """What a routine file leaves out entirely: hipcoach's defaults (or the one value the
        runner chose for every routine), with the runner's breath."""
        # The model is loaded with the routines, not with the settings: the window reads its
        # look from here before its first paint (bench/startup.py).
        from hipcoach.core.model import Timings

        override = self.timings_override()
        if override is None:
            return Timings(breath=self.breath)
        return Timings(
            prepare=override.prepare, switch=override.switch, rest=override.rest, breath=self.breath
        )


LIMITS: dict[str, tuple[float, float]] = {
    "rate": (80, 400),
    "volume": (0.0, 1.0),
    "prepare": (0, 600),
    "switch": (0, 600),
    "rest": (0, 600),
    "breath": (1, 60),
}
