"""The coach's red flags as the week sees them: whether one stood at a moment, and the
advice of those standing now.

While a red flag stands, no weekly target ramps up (docs/coaching.md, "Weekly targets"), and
Today shows its advice. The flags are the coach's (``hipcoach.core.coaching``), worked out
from every routine's sessions; ``RedFlags`` is what the week asks of them, so its rules can
be tested with a flag standing exactly when a test says. Importing this module is cheap (no
history, no SQLAlchemy), so the window's backend can name it.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from hipcoach.core.coaching import WINDOW, Coach, RedFlag, Session

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


@dataclass(frozen=True)
class CoachFlags:
    """The coach's flags over the history. At any moment they come from the sessions that
    started in the 28 days up to it (docs/coaching.md, "Red flags"), so each moment asked
    about replays only those: ten years of weeks cost a few windows of a month each."""

    sessions: Sequence[Session]  # every session, in the order they started
    now: datetime
    _starts: list[datetime] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_starts", [s.started_at for s in self.sessions])

    def at(self, moment: datetime) -> tuple[RedFlag, ...]:
        first = bisect.bisect_left(self._starts, moment - WINDOW)
        last = bisect.bisect_right(self._starts, moment)
        return Coach(self.sessions[first:last], {}, now=moment).red_flags

    def stands_at(self, moment: datetime) -> bool:
        return bool(self.at(moment))

    def advice(self) -> tuple[str, ...]:
        return tuple(flag.advice for flag in self.at(self.now))


def coach_flags(sessions: Sequence[Session], now: datetime) -> RedFlags:
    """The red flags of these sessions (any order), as the coach works them out."""
    return CoachFlags(sorted(sessions, key=lambda s: (s.started_at, s.id)), now)
