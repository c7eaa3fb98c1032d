"""What the history adds up to: minutes per week, the streak, and work per exercise and side.

Plain functions over the repository's values, no Qt: the history command prints them and the
GUI charts them. Weeks are ISO weeks (Monday first) in the runner's local time, the system's
zone (the repository buckets them; tests set ``TZ``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from hipcoach.core.model import Side
from hipcoach.history.model import Unit, Week, WorkTotal
from hipcoach.history.repository import Store


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _by_monday(weeks: Iterable[Week]) -> dict[date, Week]:
    return {week.monday: week for week in weeks}


def minutes_per_week(
    weeks: Iterable[Week], until: date | None = None, count: int | None = None
) -> list[Week]:
    """Every week, oldest first, up to the one holding ``until`` (default today), empty
    weeks included: the last ``count`` of them, or all since the first session."""
    found = _by_monday(weeks)
    last = monday(until or date.today())
    if count is not None:
        first = last - timedelta(weeks=max(count, 1) - 1)
    else:
        first = min(found, default=last)
    out: list[Week] = []
    current = first
    while current <= last:
        out.append(found.get(current, Week(current)))
        current += timedelta(weeks=1)
    return out


def streak(weeks: Iterable[Week], on: date | None = None) -> int:
    """Consecutive weeks with at least one completed session, counted back from this week;
    this week counts once it has one, and until then the streak runs to last week."""
    done = {week.monday for week in weeks if week.completed}
    current = monday(on or date.today())
    if current not in done:
        current -= timedelta(weeks=1)
    count = 0
    while current in done:
        count += 1
        current -= timedelta(weeks=1)
    return count


@dataclass(frozen=True, slots=True)
class ExerciseTotals:
    """One exercise (in one unit) over all sessions, with its sides apart for comparison."""

    exercise: str
    unit: Unit
    phases: int = 0
    skipped: int = 0
    done: int = 0
    target: int = 0
    sides: dict[Side | None, WorkTotal] = field(default_factory=dict)

    @property
    def left(self) -> WorkTotal | None:
        return self.sides.get(Side.LEFT)

    @property
    def right(self) -> WorkTotal | None:
        return self.sides.get(Side.RIGHT)

    def imbalance(self) -> float | None:
        """How much more the left did than the right per phase, as a share of the larger
        (0.1: the left did 10 % more; -0.1: the right did); None unless both sides have
        work."""
        left, right = self.left, self.right
        if left is None or right is None or not left.phases or not right.phases:
            return None
        a, b = left.done / left.phases, right.done / right.phases
        larger = max(a, b)
        return 0.0 if larger == 0 else (a - b) / larger


def per_exercise(totals: Iterable[WorkTotal]) -> list[ExerciseTotals]:
    """Totals per exercise and unit, most phases first, each with its per-side rows."""
    grouped: dict[tuple[str, Unit], list[WorkTotal]] = defaultdict(list)
    for total in totals:
        grouped[(total.exercise, total.unit)].append(total)
    out = [
        ExerciseTotals(
            exercise=exercise,
            unit=unit,
            phases=sum(t.phases for t in rows),
            skipped=sum(t.skipped for t in rows),
            done=sum(t.done for t in rows),
            target=sum(t.target for t in rows),
            sides={t.side: t for t in rows},
        )
        for (exercise, unit), rows in grouped.items()
    ]
    out.sort(key=lambda e: (-e.phases, e.exercise.casefold(), e.unit.value))
    return out


@dataclass(frozen=True, slots=True)
class Summary:
    this_week: Week
    streak: int
    weeks: list[Week]  # the last few, oldest first, this week last
    exercises: list[ExerciseTotals]


def summarise(
    weeks: Iterable[Week], totals: Iterable[WorkTotal], on: date | None = None, count: int = 12
) -> Summary:
    weeks = list(weeks)
    day = on or date.today()
    recent = minutes_per_week(weeks, until=day, count=count)
    return Summary(recent[-1], streak(weeks, day), recent, per_exercise(totals))


def summary_of(store: Store, on: date | None = None, count: int = 12) -> Summary:
    """The summary straight from a store, read in one transaction."""
    with store.reading() as unit:
        weeks = unit.history.week_totals()
        totals = unit.history.work_totals()
    return summarise(weeks, totals, on, count)
