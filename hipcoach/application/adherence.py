"""Adherence: each week's sessions done against the targets that today's weekly plan gives
that week, replayed over the whole history (docs/coaching.md, "Weekly targets"); an
after-run routine against the week's runs. The History page and the report show the same
rows.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from hipcoach.application.red_flags import coach_flags
from hipcoach.application.runs import RunNote
from hipcoach.core.library import Library
from hipcoach.core.records import Session, Status
from hipcoach.core.week_plan import WeekPlan, weekly_targets
from hipcoach.core.weeks import monday


@dataclass(frozen=True, slots=True)
class Planned:
    """One routine of the plan in one week: completed sessions against its target (for an
    after-run routine, the week's runs: each calls for one)."""

    routine_id: str
    name: str
    done: int
    target: int
    after_run: bool = False


@dataclass(frozen=True, slots=True)
class AdherenceWeek:
    """One local ISO week of the range."""

    monday: date
    sessions: int  # started, any status
    completed: int
    minutes: float
    planned: tuple[Planned, ...] = ()

    @property
    def met(self) -> bool:
        return all(p.done >= p.target for p in self.planned)


def local_start(day: date) -> datetime:
    """A local day's first instant, aware."""
    return datetime.combine(day, time()).astimezone()


def weeks_of(first: date, last: date) -> list[date]:
    """The Mondays of the local ISO weeks from ``first``'s to ``last``'s."""
    mondays, current = [], monday(first)
    while current <= last:
        mondays.append(current)
        current += timedelta(weeks=1)
    return mondays


def names_of(sessions: Sequence[Session], library: Library | None) -> dict[str, str]:
    """Each routine's name: the library's, else the newest session's."""
    names = {s.routine_id: s.routine_name for s in sorted(sessions, key=lambda s: s.started_at)}
    if library is not None:
        names.update({entry.routine.id: entry.routine.name for entry in library.entries})
    return names


def adherence(
    plan: WeekPlan | None,
    every: Sequence[Session],
    in_range: Sequence[Session],
    runs: Sequence[RunNote],
    mondays: Sequence[date],
    today: date,
    names: Mapping[str, str],
) -> list[AdherenceWeek]:
    """Each week: sessions, minutes, and each routine of today's plan done against the
    target the plan gives that week, replayed over the whole history (docs/coaching.md,
    "Weekly targets"); an after-run routine against the week's runs."""
    flags = coach_flags(every, local_start(today))
    targets = {} if plan is None else weekly_targets(plan, every, today, flags.stands_at)
    by_week: dict[date, list[Session]] = {m: [] for m in mondays}
    for session in in_range:
        by_week.setdefault(monday(session.started_at.astimezone().date()), []).append(session)
    runs_in: dict[date, int] = {}
    for note in runs:
        runs_in[monday(note.run.day)] = runs_in.get(monday(note.run.day), 0) + 1
    out = []
    for week in mondays:
        sessions = by_week.get(week, [])
        planned = []
        for routine in plan.routines if plan is not None else ():
            done = sum(
                1 for s in sessions if s.routine_id == routine.id and s.status is Status.COMPLETED
            )
            name = names.get(routine.id, routine.id)
            if routine.id in targets:
                target = targets[routine.id]
                past = {w.monday: w.target for w in target.weeks}
                if week in past:
                    goal = past[week]
                elif week >= monday(today):
                    goal = target.target
                else:  # before its first completed session: its low end
                    goal = target.per_week.low
                planned.append(Planned(routine.id, name, done, goal))
            elif routine.after_run:
                planned.append(Planned(routine.id, name, done, runs_in.get(week, 0), True))
        out.append(
            AdherenceWeek(
                week,
                len(sessions),
                sum(s.status is Status.COMPLETED for s in sessions),
                sum(s.active_seconds for s in sessions) / 60,
                tuple(planned),
            )
        )
    return out
