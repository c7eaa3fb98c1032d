"""Training weeks: ISO weeks, Monday first, in the runner's local time; and the streak.

The streak is what keeps a runner coming back, so its rule is the domain's, not a chart's:
consecutive weeks with at least one completed session, counted back from this week.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from hipcoach.core.records import Week


def monday(day: date) -> date:
    """The Monday that starts ``day``'s week."""
    return day - timedelta(days=day.weekday())


def streak(weeks: Iterable[Week], on: date) -> int:
    """Consecutive weeks with at least one completed session, counted back from the week of
    ``on``; that week counts once it has one, and until then the streak runs to last week."""
    done = {week.monday for week in weeks if week.completed}
    current = monday(on)
    if current not in done:
        current -= timedelta(weeks=1)
    count = 0
    while current in done:
        count += 1
        current -= timedelta(weeks=1)
    return count


def streak_at_risk(streak: int, this_week: Week) -> bool:
    """A streak that ends unless a session is completed before this week is out."""
    return streak > 0 and not this_week.completed
