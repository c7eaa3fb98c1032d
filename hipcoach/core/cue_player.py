"""The interface between the session and what the runner hears.

A session hands its player every phrase before the clock starts (so speech can be rendered
ahead), starts once the player is ready (it never waits for it: a window keeps answering
meanwhile), then hands it each cue on its instant, and cuts it off when the runner skips,
goes back or stops. The real player (speech rendered by pyttsx3, played with the cue sounds
through one QtMultimedia output) is an adapter; tests use a recording player of their own.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from hipcoach.core.cues import Cue


class CuePlayer(Protocol):
    def prepare(self, phrases: Sequence[str], sounds: bool) -> None:
        """Start getting ready (render phrases, open and warm the output); never waits."""
        ...

    def ready(self) -> bool:
        """Whether the first cues can now be heard on time (or never will be, and
        ``silent_reason`` says why): the session may start. Never waits."""
        ...

    def play(self, cue: Cue, at: float | None = None) -> None:
        """Say and play ``cue`` so it is heard at monotonic time ``at`` (None: now).

        ``at`` is in the future for cues handed over ahead (see ``lead``), so the output's
        own delay can be taken off; a cue handed over late is played as soon as it can be.
        """
        ...

    def lead(self) -> float:
        """How many seconds ahead of its instant this player wants each cue (0: on time)."""
        ...

    def silence(self) -> None:
        """Cut off whatever is being said or played (skip, back, pause, stop)."""
        ...

    def silent_reason(self) -> str | None:
        """Why nothing can be heard (no speech engine, no sound server), or None."""
        ...

    def close(self) -> None: ...

    def spoken_seconds(self, text: str) -> float | None:
        """How long ``text`` takes to say, if it is already rendered (else None: estimate)."""
        ...


class SilentPlayer:
    """Plays nothing, and says why once: the session still runs on screen cues."""

    def __init__(self, reason: str) -> None:
        self.reason = reason

    def prepare(self, phrases: Sequence[str], sounds: bool) -> None:
        pass

    def ready(self) -> bool:
        return True

    def play(self, cue: Cue, at: float | None = None) -> None:
        pass

    def lead(self) -> float:
        return 0.0

    def silence(self) -> None:
        pass

    def silent_reason(self) -> str | None:
        return self.reason

    def spoken_seconds(self, text: str) -> float | None:
        return None

    def close(self) -> None:
        pass
