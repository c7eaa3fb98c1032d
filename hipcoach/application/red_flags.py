"""The coach's red flags as the week sees them: a port, so the plan's rules need only this.

While a red flag stands, no weekly target ramps up (docs/coaching.md, "Weekly targets"), and
Today shows its advice. The coach works the flags out from every routine's sessions; this
module says what the week asks of it, and the composition root hands the coach in.
Importing it is cheap (no history, no SQLAlchemy), so the window's backend can name it.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from hipcoach.core.records import Session

if TYPE_CHECKING:
    from hipcoach.core.coaching import RedFlag


class RedFlags(Protocol):
    """The coach's red flags over the history (docs/coaching.md, "Red flags"): whether one
    stood at a moment (the weekly ramp waits while one does), and the advice of those
    standing now."""

    def stands_at(self, moment: datetime) -> bool: ...

    def advice(self) -> tuple[str, ...]: ...


@dataclass(frozen=True, slots=True)
class NoRedFlags:
    def stands_at(self, moment: datetime) -> bool:
        return False

    def advice(self) -> tuple[str, ...]:
        return ()


ReadFlags = Callable[[Sequence[Session], datetime], RedFlags]


def no_red_flags(_sessions: Sequence[Session], _now: datetime) -> RedFlags:
    return NoRedFlags()


@dataclass(frozen=True, slots=True)
class CoachRedFlags:
    """The coach's flags over a history (``core.coaching``): those standing now, and at any
    moment those the sessions of the 28 days up to it leave standing, which is all a flag
    rests on (docs/coaching.md, "Red flags"), so each look replays a few sessions only."""

    sessions: Sequence[Session]  # oldest first
    now: datetime

    def stands_at(self, moment: datetime) -> bool:
        from hipcoach.core.coaching import WINDOW, Coach

        start = bisect_left(self.sessions, moment - WINDOW, key=lambda s: s.started_at)
        end = bisect_right(self.sessions, moment, key=lambda s: s.started_at)
        return bool(Coach(self.sessions[start:end], {}, now=moment).red_flags)

    def advice(self) -> tuple[str, ...]:
        return tuple(flag.advice for flag in self.standing())

    def standing(self) -> tuple[RedFlag, ...]:
        """The flags standing now, as ``coach`` lists them."""
        from hipcoach.core.coaching import Coach

        return Coach(self.sessions, {}, now=self.now).red_flags


def coach_red_flags(sessions: Sequence[Session], now: datetime) -> CoachRedFlags:
    """The coach's flags over ``sessions`` (any order), at ``now``: what the week reads."""
    return CoachRedFlags(tuple(sorted(sessions, key=lambda s: (s.started_at, s.id))), now)
