"""The report for a physiotherapist, as plain values (docs/command-line.md, "hipcoach report").

Everything the PDF shows is gathered here, read from the history in one transaction, so the
command line and the window print the same numbers, and tests can check them without a PDF:
the weeks with the sessions done against the plan's targets, the pain scores and their
zones, the red flags and the check-in answers, each exercise-side session by session, the
runs per week with their cautions, the notes, and the decision log (each move of a dose in
the range, with the coach's reason). ``--csv`` writes the range's work phases
exactly as ``history --phases --csv`` does.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TextIO

from hipcoach import __version__
from hipcoach.adapters.history.repository import Store
from hipcoach.application.adherence import (
    AdherenceWeek,
    adherence,
    local_start,
    names_of,
    weeks_of,
)
from hipcoach.application.exports import write_phases_csv
from hipcoach.application.runs import RunNote, RunWeek, runs_per_week, with_cautions
from hipcoach.application.trends import ExerciseDoses, PainPoint, exercise_doses, pain_points
from hipcoach.core.coaching import Coach, Move, RedFlag, RoutineCoaching, Zone, signal, zone
from hipcoach.core.library import Library
from hipcoach.core.records import Session, Status, utc_now
from hipcoach.core.runs import SPIKE_DAYS
from hipcoach.core.week_plan import WeekPlan
from hipcoach.core.weeks import monday

WEEKS = 12  # without --since, the report covers this week and the 11 before it


def default_since(until: date) -> date:
    """The first day of the last 12 weeks up to ``until``: the Monday 11 weeks before its."""
    return monday(until) - timedelta(weeks=WEEKS - 1)


class ReportRangeError(ValueError):
    """--since after --until: one line that says so (exit 2)."""


# -- what the report holds -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Answers:
    """A check-in that answered the red-flag questions (an empty tuple: none of them)."""

    session: int
    at: datetime
    routine: str
    answers: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Note:
    session: int
    at: datetime
    routine: str
    text: str


ZONE_ORDER = (Zone.SAFE, Zone.ACCEPTABLE, Zone.TOO_MUCH)


@dataclass(frozen=True, slots=True)
class Report:
    since: date
    until: date  # both local days, both included
    made: datetime
    version: str
    sessions: tuple[Session, ...]  # started in the range, oldest first
    weeks: tuple[AdherenceWeek, ...]
    pain: tuple[PainPoint, ...]
    zones: Mapping[Zone, int]  # evaluated sessions per zone of their signal
    red_flags: tuple[RedFlag, ...]  # standing at the end of the range
    flagged: int  # sessions of the range that started with a red flag standing
    answers: tuple[Answers, ...]
    doses: tuple[ExerciseDoses, ...]
    runs: tuple[RunWeek, ...]
    cautions: tuple[RunNote, ...]  # the range's runs that were spikes, oldest first
    notes: tuple[Note, ...]
    phases: int  # work phases in the range: the CSV's rows
    coaching: Mapping[str, RoutineCoaching] = field(default_factory=dict)  # today's, by id
    # The decision log, by routine id: each move of an exercise-side's dose in the range,
    # oldest first, with the coach's reason (the replay's own words).
    moves: Mapping[str, tuple[Move, ...]] = field(default_factory=dict)
    plan_problem: str | None = None  # why the plan's targets are missing, if they are

    @property
    def unevaluated(self) -> int:
        """Completed or stopped sessions without a pain after: not in any zone yet."""
        return sum(
            1
            for s in self.sessions
            if s.status in (Status.COMPLETED, Status.STOPPED) and signal(s) is None
        )

    @property
    def minutes(self) -> float:
        return sum(w.minutes for w in self.weeks)


# -- putting it together ---------------------------------------------------------------------


def build_report(
    store: Store,
    since: date | None = None,
    until: date | None = None,
    *,
    plan: WeekPlan | None = None,
    library: Library | None = None,
    now: datetime | None = None,
    plan_problem: str | None = None,
) -> Report:
    """The report of ``since`` to ``until`` (local days, both included; by default the last
    12 weeks to today), from the history in one read. ``plan`` gives the weekly targets,
    ``library`` the routines' names and today's prescriptions."""
    moment = now or utc_now()
    today = moment.astimezone().date()
    last = until or today
    first = since or default_since(last)
    if first > last:
        raise ReportRangeError(
            f"--since {first.isoformat()} is after --until {last.isoformat()}: "
            "give a range that runs forward"
        )
    start, end = local_start(first), local_start(last + timedelta(days=1))
    with store.reading() as unit:
        every = unit.history.sessions()
        phases = unit.history.phases(start, end)
        runs = unit.history.runs(since=first - timedelta(days=SPIKE_DAYS))
        work = (
            unit.history.side_work({e.routine.id for e in library.entries})
            if library is not None
            else {}
        )
        resets = unit.history.resets() if library is not None else []
    every.reverse()  # oldest first
    in_range = [s for s in every if start <= s.started_at < end]
    run_notes = [n for n in with_cautions(runs) if first <= n.run.day <= last]
    mondays = weeks_of(first, last)
    names = names_of(every, library)
    coach = Coach(every, work, resets, now=min(moment, end))
    zones = dict.fromkeys(ZONE_ORDER, 0)
    for session in in_range:
        score = signal(session)
        if score is not None:
            zones[zone(score)] += 1
    coaching = {}
    moves: dict[str, tuple[Move, ...]] = {}
    if library is not None:
        done = {s.routine_id for s in in_range}
        for entry in library.entries:
            if entry.routine.id not in done:
                continue
            log: list[Move] = []
            coaching[entry.routine.id] = coach.routine(entry.routine, log)
            moves[entry.routine.id] = tuple(m for m in log if start <= m.at < end)
    return Report(
        since=first,
        until=last,
        made=moment,
        version=__version__,
        sessions=tuple(in_range),
        weeks=tuple(adherence(plan, every, in_range, run_notes, mondays, today, names)),
        pain=tuple(pain_points(in_range)),
        zones=zones,
        red_flags=coach.red_flags,
        flagged=sum(coach.flag_stood(s.id) for s in in_range),
        answers=tuple(
            Answers(s.id, s.started_at, s.routine_name, s.answers)
            for s in in_range
            if s.answers is not None
        ),
        doses=tuple(exercise_doses(phases)),
        runs=tuple(runs_per_week(run_notes, last, len(mondays))),
        cautions=tuple(
            sorted((n for n in run_notes if n.caution is not None), key=lambda n: n.run.day)
        ),
        notes=tuple(
            Note(s.id, s.started_at, s.routine_name, s.notes.strip())
            for s in in_range
            if s.notes and s.notes.strip()
        ),
        phases=len(phases),
        coaching=coaching,
        moves=moves,
        plan_problem=plan_problem,
    )


# -- the CSV ---------------------------------------------------------------------------------


def write_report_csv(
    store: Store, out: TextIO, since: date | None = None, until: date | None = None
) -> int:
    """``report --csv``: exactly the rows of ``history --phases --csv`` for the range, with
    its header; returns how many."""
    last = until or date.today()
    first = since or default_since(last)
    if first > last:
        raise ReportRangeError(
            f"--since {first.isoformat()} is after --until {last.isoformat()}: "
            "give a range that runs forward"
        )
    with store.reading() as unit:
        phases = unit.history.phases(local_start(first), local_start(last + timedelta(days=1)))
    return write_phases_csv(phases, out)


def suggested_name(until: date, suffix: str) -> str:
    return f"hipcoach-report-{until.isoformat()}{suffix}"
