"""Left against right: what one work phase on a side achieved, and which side does more.

A runner with one weak hip wants to see it catch up; the comparison is per phase, so a side
trained more often does not look stronger for it.
"""

from __future__ import annotations

from hipcoach.core.model import Side
from hipcoach.core.records import WorkTotal

EVEN_BELOW = 5  # percent: sides closer than this did the same


def per_phase(done: int, phases: int) -> float | None:
    """What one counted phase achieved on average; None without one."""
    return done / phases if phases else None


def imbalance(left: WorkTotal | None, right: WorkTotal | None) -> float | None:
    """How much more the left did than the right per phase, as a share of the larger (0.1:
    the left did 10 % more; -0.1: the right did); None unless both sides have work."""
    a = None if left is None else per_phase(left.done, left.phases)
    b = None if right is None else per_phase(right.done, right.phases)
    if a is None or b is None:
        return None
    larger = max(a, b)
    return 0.0 if larger == 0 else (a - b) / larger


def ahead(share: float) -> tuple[Side, int] | None:
    """The side that does more and by how many whole percent; None when they are even."""
    percent = round(abs(share) * 100)
    if percent < EVEN_BELOW:
        return None
    return (Side.LEFT if share > 0 else Side.RIGHT), percent
