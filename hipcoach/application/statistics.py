"""What the history adds up to: minutes per week, the streak, and work per exercise and side.

Plain functions over the repository's values, no Qt: the history command prints them and the
GUI charts them (``overview_of`` gathers what the history page shows). Weeks are ISO weeks
(Monday first) in the runner's local time, the system's zone (the repository buckets them;
tests set ``TZ``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from hipcoach.adapters.history.repository import Store
from hipcoach.application.adherence import AdherenceWeek, adherence, names_of
from hipcoach.application.runs import RunWeek, runs_per_week, with_cautions
from hipcoach.application.trends import ExerciseDoses, PainPoint, exercise_doses, pain_points
from hipcoach.core.balance import imbalance, per_phase
from hipcoach.core.library import Library
from hipcoach.core.model import Side
from hipcoach.core.records import Session, Status, Unit, Week, WorkTotal
from hipcoach.core.runs import SPIKE_DAYS
from hipcoach.core.week_plan import WeekPlan
from hipcoach.core.weeks import monday, streak


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

    def average(self, side: Side | None) -> float | None:
        """What one counted phase on this side (None: an exercise without sides) achieved
        on average, in ``unit``; None when that side has none."""
        total = self.sides.get(side)
        return None if total is None else per_phase(total.done, total.phases)

    def imbalance(self) -> float | None:
        """The left against the right, per phase (``core.balance.imbalance``)."""
        return imbalance(self.left, self.right)


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


# -- the history page: days, and everything at once ------------------------------------------


@dataclass(frozen=True, slots=True)
class Day:
    """One local calendar day: sessions started on it, how many completed, how long."""

    day: date
    sessions: int = 0
    completed: int = 0
    seconds: float = 0.0


def calendar(sessions: Iterable[Session], first: date, last: date) -> list[Day]:
    """Every day from ``first`` to ``last``, oldest first, with the sessions started on it
    (days in the system's local zone, as the weeks)."""
    found: dict[date, Day] = {}
    for session in sessions:
        day = session.started_at.astimezone().date()
        if not first <= day <= last:
            continue
        old = found.get(day, Day(day))
        found[day] = Day(
            day,
            old.sessions + 1,
            old.completed + (session.status is Status.COMPLETED),
            old.seconds + session.active_seconds,
        )
    return [
        found.get(first + timedelta(days=n), Day(first + timedelta(days=n)))
        for n in range((last - first).days + 1)
    ]


@dataclass(frozen=True, slots=True)
class Overview:
    """Everything the history page shows, read in one transaction."""

    summary: Summary
    days: list[Day]  # every day of the summary's weeks, Monday of the first to today's Sunday
    recent: list[Session]  # the newest sessions, newest first
    total_sessions: int  # ever recorded
    pain: list[PainPoint] = field(default_factory=list)  # the period's, oldest first
    doses: list[ExerciseDoses] = field(default_factory=list)  # the period's, session by session
    first: date | None = None  # the period: the Monday of its first week ...
    last: date | None = None  # ... to the Sunday of this one
    runs: list[RunWeek] = field(default_factory=list)  # the period's weeks of running
    adherence: list[AdherenceWeek] = field(default_factory=list)  # against the plan, if any

    @property
    def period_sessions(self) -> int:
        return sum(week.sessions for week in self.summary.weeks)

    @property
    def period_minutes(self) -> float:
        return sum(week.minutes for week in self.summary.weeks)

    @property
    def active_days(self) -> int:
        """Days in the period with a completed session."""
        return sum(1 for day in self.days if day.completed)


def overview_of(
    store: Store,
    on: date | None = None,
    count: int = 12,
    shown: int = 500,
    plan: WeekPlan | None = None,
    library: Library | None = None,
) -> Overview:
    """The summary, the calendar, the newest ``shown`` sessions, the period's pain, each
    exercise-side's doses session by session, runs per week, and with ``plan`` each week
    done against its targets (``library`` names the routines)."""
    day = on or date.today()
    first = monday(day) - timedelta(weeks=max(count, 1) - 1)
    since = datetime.combine(first, time()).astimezone()  # local midnight, aware
    with store.reading() as unit:
        weeks = unit.history.week_totals()
        totals = unit.history.work_totals()
        recent = unit.history.sessions(limit=shown)
        period = unit.history.sessions(since=since)
        phases = unit.history.phases(since=since)
        runs = unit.history.runs(since=first - timedelta(days=SPIKE_DAYS))
        every = unit.history.sessions() if plan is not None else period
    summary = summarise(weeks, totals, day, count)
    last = monday(day) + timedelta(days=6)
    notes = with_cautions(runs)
    planned: list[AdherenceWeek] = []
    if plan is not None:
        every = sorted(every, key=lambda s: (s.started_at, s.id))
        planned = adherence(
            plan,
            every,
            [s for s in every if s.started_at >= since],
            [n for n in notes if n.run.day >= first],
            [w.monday for w in summary.weeks],
            day,
            names_of(every, library),
        )
    return Overview(
        summary=summary,
        days=calendar(period, first, last),
        recent=recent,
        total_sessions=sum(week.sessions for week in weeks),
        pain=pain_points(period),
        doses=exercise_doses(phases),
        first=first,
        last=last,
        runs=runs_per_week(notes, day, len(summary.weeks)),
        adherence=planned,
    )
