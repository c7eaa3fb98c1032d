"""The coach's use cases, Qt-free: today's prescriptions and red flags from the history, a
check-in (hurt marks, red-flag answers, the next morning's pain), a ladder started over.

The rules are the core's (``hipcoach.core.coaching``, docs/coaching.md); this module reads
the history they replay and writes what the runner reports. The command line and the window
call the same functions, so a prescription never reads one way in the terminal and another
on screen.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from hipcoach.application.session import SessionDose
from hipcoach.core.coaching import (
    LOWER_FROM,
    Coach,
    RedFlag,
    RoutineCoaching,
    advice_before,
)
from hipcoach.core.model import Routine, Side, exercise_id
from hipcoach.core.records import (
    ANSWERS,
    CheckIn,
    Dosing,
    ExerciseSide,
    Reset,
    Session,
    Status,
    WorkPhase,
    utc_now,
)

if TYPE_CHECKING:
    # Types only: the repository loads SQLAlchemy, which waits for the first read.
    from hipcoach.adapters.history.repository import Store

MORNING_AFTER = timedelta(hours=36)  # how long the window asks about the next morning's pain


class CoachingInputError(ValueError):
    """What the runner asked for cannot be: an unknown session or exercise, answers that
    contradict each other. One line that says what to do (exit 2 on the command line)."""


def read_coach(
    store: Store, now: datetime | None = None, routine_ids: Collection[str] | None = None
) -> Coach:
    """The history as the coach reads it: every session (red flags come from all routines),
    the work of the sessions of ``routine_ids`` (all when None), the resets, and what each
    exercise-side asked the last time its routine was completed."""
    sessions, work, resets, last = store.coach_history(routine_ids)
    return Coach(sessions, work, resets, last, now=now or utc_now())


@dataclass(frozen=True, slots=True)
class CoachingReport:
    """What ``hipcoach coach`` shows: routines' prescriptions and the flags standing now."""

    routines: tuple[RoutineCoaching, ...]
    red_flags: tuple[RedFlag, ...]

    def to_json(self) -> dict[str, object]:
        """The ``coach --json`` object (docs/coaching.md)."""
        return {
            "routines": [r.to_json() for r in self.routines],
            "red_flags": [f.to_json() for f in self.red_flags],
        }


def coaching_of(
    store: Store, routines: Sequence[Routine], now: datetime | None = None
) -> CoachingReport:
    """Each routine's prescriptions today, and the red flags, in one read of the history."""
    coach = read_coach(store, now, {r.id for r in routines})
    return CoachingReport(tuple(coach.routine(r) for r in routines), coach.red_flags)


@dataclass(frozen=True, slots=True)
class BeforeSession:
    """What stands before a session: today's prescriptions, the red flags to show first,
    and, for a pain before of 6 or more, the offer of one rung lower (docs/coaching.md)."""

    coaching: RoutineCoaching
    red_flags: tuple[RedFlag, ...]
    times_met: Mapping[str, int] | None = None  # as ``SessionDose.times_met``

    def offers_lower(self, pain_before: int | None) -> bool:
        """Whether this pain before offers the lower rung (and whether it would be lower)."""
        return pain_before is not None and pain_before >= LOWER_FROM and self.coaching.can_go_lower

    def advice(self, pain_before: int | None = None) -> list[str]:
        """The red-flag advice to show before the session starts, in order."""
        lines = [flag.advice for flag in self.red_flags]
        if pain_before is not None and pain_before >= LOWER_FROM:
            lines.append(advice_before(pain_before))
        return lines

    def dose(self, dosing: Dosing = Dosing.COACHED) -> SessionDose:
        """The doses of a session run at today's prescriptions, one rung lower, or as
        written; what is recorded with it; what each side asked last time, for the cues."""
        return SessionDose(
            self.coaching.prescriptions(dosing),
            dosing,
            self.coaching.last_time(),
            self.coaching.last_rounds(),
            self.times_met,
        )


def before_session(store: Store, routine: Routine, now: datetime | None = None) -> BeforeSession:
    coach = read_coach(store, now, {routine.id})
    return BeforeSession(coach.routine(routine), coach.red_flags)


# -- resets ----------------------------------------------------------------------------------


def find_exercise(routine: Routine, name: str) -> str:
    """An exercise's id from its id or its name (any case); raises CoachingInputError."""
    wanted = name.strip()
    for exercise in routine.exercises:
        if wanted in (exercise.id, exercise.name) or exercise.name.casefold() == wanted.casefold():
            return exercise.id
    for exercise in routine.exercises:
        if exercise.id == exercise_id(wanted):
            return exercise.id
    names = ", ".join(e.id for e in routine.exercises)
    raise CoachingInputError(f'{routine.name} has no exercise "{name}" (its exercises: {names})')


def start_over(
    store: Store, routine: Routine, exercise: str | None = None, at: datetime | None = None
) -> Reset:
    """ "Start this exercise over" (``coach --reset``): from now on the replay starts that
    exercise's ladders, both sides, or every ladder of the routine, at rung 1."""
    reset = Reset(
        routine.id, None if exercise is None else find_exercise(routine, exercise), at or utc_now()
    )
    with store.unit_of_work() as unit:
        unit.history.add_reset(reset)
        unit.commit()
    return reset


# -- check-ins -------------------------------------------------------------------------------


def answers_from(given: Sequence[str]) -> tuple[str, ...]:
    """``--answer`` values as the history keeps them: ``none`` is the empty answer list."""
    for answer in given:
        if answer != "none" and answer not in ANSWERS:
            choices = ", ".join(ANSWERS)
            raise CoachingInputError(f"--answer must be one of {choices} or none, not {answer!r}")
    if "none" in given and len(set(given)) > 1:
        raise CoachingInputError("--answer none cannot go with another answer")
    return tuple(dict.fromkeys(a for a in given if a != "none"))


def _hurt_mark(spec: str, rows: Sequence[WorkPhase], session_id: int) -> set[ExerciseSide]:
    name, side = spec.strip(), None
    head, colon, tail = name.rpartition(":")
    if colon and tail.strip().lower() in ("left", "right"):
        name, side = head.strip(), Side(tail.strip().lower())
    wanted = {name, exercise_id(name)}
    matching = [
        r
        for r in rows
        if r.exercise_id in wanted or r.exercise.casefold() == name.casefold() or r.exercise == name
    ]
    if not matching:
        done = ", ".join(dict.fromkeys(r.exercise_id for r in rows)) or "none"
        raise CoachingInputError(
            f'session {session_id} has no exercise "{name}" (its exercises: {done})'
        )
    found = matching[0].exercise_id
    sides = {r.side for r in matching if r.exercise_id == found}
    if side is None:
        return {(found, s) for s in sides}
    if sides == {None}:
        raise CoachingInputError(f'"{name}" has no sides: give --hurt {name} without :{side.value}')
    if side not in sides:
        raise CoachingInputError(f'session {session_id} did not reach "{name}" on the {side.value}')
    return {(found, side)}


def check_in(
    store: Store, session_id: int | None, check: CheckIn, hurt: Sequence[str] | None = None
) -> Session:
    """Add to a session's check-in (the latest session when ``session_id`` is None): the
    values given replace earlier ones, a list given (hurt marks, answers) replaces the
    whole earlier list. ``hurt`` names exercises by id or name, with ``:left`` or
    ``:right`` for one side. Nothing is written when anything is wrong."""
    with store.unit_of_work() as unit:
        if session_id is None:
            latest = unit.history.sessions(limit=1)
            if not latest:
                raise CoachingInputError(
                    "no session recorded yet: start one with `hipcoach run ROUTINE`"
                )
            session_id = latest[0].id
        elif unit.history.get(session_id) is None:
            raise CoachingInputError(
                f"no session {session_id} in history (hipcoach history lists them)"
            )
        if hurt is not None:
            rows = unit.history.work(session_id)
            marks: set[ExerciseSide] = set()
            for spec in hurt:
                marks |= _hurt_mark(spec, rows, session_id)
            check = CheckIn(
                check.pain_before,
                check.pain_after,
                check.effort,
                check.notes,
                check.next_day,
                check.answers,
                tuple(sorted(marks, key=lambda m: (m[0], m[1].value if m[1] else ""))),
            )
        unit.history.check_in(session_id, check)
        unit.commit()
        saved = unit.history.get(session_id)
    assert saved is not None
    return saved


def awaiting_next_day(store: Store, now: datetime | None = None) -> Session | None:
    """The session to ask the morning-after question about: the newest completed or stopped
    one started in the last 36 hours, on an earlier day than today, with no next-morning
    pain yet (the library page's question; ``check_in`` with ``next_day`` answers it)."""
    moment = now or utc_now()
    today = moment.astimezone().date()
    with store.reading() as unit:
        recent = unit.history.sessions(since=moment - MORNING_AFTER)
    for session in recent:
        if session.status not in (Status.COMPLETED, Status.STOPPED):
            continue
        if session.started_at.astimezone().date() >= today:
            continue
        return session if session.next_day is None else None
    return None
