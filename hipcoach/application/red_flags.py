"""The coach's red flags as the week sees them: a port, so the plan's rules need only this.

While a red flag stands, no weekly target ramps up (docs/coaching.md, "Weekly targets"), and
Today shows its advice. The coach works the flags out from every routine's sessions; this
module says what the week asks of it, and the composition root hands the coach in.
Importing it is cheap (no history, no SQLAlchemy), so the window's backend can name it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from hipcoach.core.records import Session


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
