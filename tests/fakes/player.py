"""A cue player for tests: remembers what would have been heard, and when."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from hipcoach.core.cues import Cue


@dataclass
class RecordingPlayer:
    """A player for tests: remembers what would have been heard, and when."""

    now: Callable[[], float] = field(default=lambda: 0.0)
    ahead: float = 0.0  # what ``lead`` answers: above 0, cues come early with their instant
    prepared: list[str] = field(default_factory=list)
    played: list[tuple[float, Cue]] = field(default_factory=list)
    instants: list[float | None] = field(default_factory=list)
    silenced: list[float] = field(default_factory=list)
    closed: bool = False
    spoken: dict[str, float] = field(default_factory=dict)  # what spoken_seconds answers
    getting_ready: bool = False  # True: ``ready`` says no until a test sets it back

    def prepare(self, phrases: Sequence[str], sounds: bool) -> None:
        self.prepared = list(phrases)

    def ready(self) -> bool:
        return not self.getting_ready

    def play(self, cue: Cue, at: float | None = None) -> None:
        self.played.append((self.now(), cue))
        self.instants.append(at)

    def lead(self) -> float:
        return self.ahead

    def silence(self) -> None:
        self.silenced.append(self.now())

    def silent_reason(self) -> str | None:
        return None

    def close(self) -> None:
        self.closed = True

    def spoken_seconds(self, text: str) -> float | None:
        return self.spoken.get(text)
