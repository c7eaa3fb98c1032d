"""The runner's choices (voice, beeps, default timings) as one typed value, and their limits.

Where they are kept (an INI file in the data folder) is an adapter's business; this is what
they mean to a session.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from hipcoach.core.model import Timings


class HowReading(StrEnum):
    """When an exercise's how-to is read aloud, in a phase of its own before it."""

    ALWAYS = "always"
    FIRST = "first"  # the first three times the runner meets the exercise
    NEVER = "never"


@dataclass(frozen=True, slots=True)
class Settings:
    voice: str = ""  # a speech engine voice id; "" for the engine's default
    rate: int = 200  # words per minute: clear, and short enough for cues
    volume: float = 1.0  # 0 to 1
    voice_on: bool = True
    beeps: bool = True
    how_reading: HowReading = HowReading.FIRST
    prepare: int = 5  # default seconds, used where a routine file gives none
    rest: int = 10
    breath: int = 6

    def timings(self) -> Timings:
        return Timings(prepare=self.prepare, rest=self.rest, breath=self.breath)


LIMITS: dict[str, tuple[float, float]] = {
    "rate": (80, 400),
    "volume": (0.0, 1.0),
    "prepare": (0, 600),
    "rest": (0, 600),
    "breath": (1, 60),
}
