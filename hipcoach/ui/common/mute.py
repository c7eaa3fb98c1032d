"""Mute (the M key): the session goes on, silently, and picks up its cues again on unmute.

The driver hands every cue to its player; wrapping that player is all mute needs, so the
driver and the engine do not know mute exists.
"""

from __future__ import annotations

from collections.abc import Sequence

from hipcoach.core.cue_player import CuePlayer
from hipcoach.core.cues import Cue


class MuteSwitch:
    """A CuePlayer that passes cues on to the real one unless muted."""

    def __init__(self, inner: CuePlayer, muted: bool = False) -> None:
        self.inner = inner
        self.muted = muted

    def set_muted(self, muted: bool) -> None:
        self.muted = muted
        if muted:
            self.inner.silence()

    def prepare(self, phrases: Sequence[str], sounds: bool) -> None:
        self.inner.prepare(phrases, sounds)

    def ready(self) -> bool:
        return self.inner.ready()

    def play(self, cue: Cue, at: float | None = None) -> None:
        if not self.muted:
            self.inner.play(cue, at)

    def lead(self) -> float:
        return self.inner.lead()

    def silence(self) -> None:
        self.inner.silence()

    def silent_reason(self) -> str | None:
        return self.inner.silent_reason()

    def close(self) -> None:
        self.inner.close()

    def spoken_seconds(self, text: str) -> float | None:
        return self.inner.spoken_seconds(text)
