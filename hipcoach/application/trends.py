"""The history over time, session by session: each session's pain scores, and each
exercise-side's dose (what its work phases asked, what was done, whether it hurt).

Plain values, no Qt: the history page charts them and the report charts and tables them,
so the two always show the same numbers. A dose is what the session's work phases asked:
the prescription it ran at (docs/coaching.md, "Prescriptions and ladders").
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from hipcoach.core.model import Side
from hipcoach.core.records import Session, Status, Unit, WorkPhase
from hipcoach.core.work import COUNTED

SIDE_ORDER: tuple[Side | None, ...] = (Side.LEFT, Side.RIGHT, None)


# -- pain ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PainPoint:
    """One session's pain scores (0-10; None where not given)."""

    session: int
    at: datetime
    routine: str  # its name at the time
    before: int | None
    after: int | None
    next_day: int | None


def pain_points(sessions: Iterable[Session]) -> list[PainPoint]:
    """Every session with a pain score, oldest first."""
    found = [
        PainPoint(s.id, s.started_at, s.routine_name, s.pain_before, s.pain_after, s.next_day)
        for s in sessions
        if (s.pain_before, s.pain_after, s.next_day) != (None, None, None)
    ]
    found.sort(key=lambda p: (p.at, p.session))
    return found


# -- doses -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SideDose:
    """One exercise-side in one session: each of its work phases' target and what it did
    (None: skipped, or cut short by a stop), and whether it was marked as hurting."""

    session: int
    at: datetime
    targets: tuple[int, ...]
    done: tuple[int | None, ...]
    hurt: bool
    status: Status  # the session's

    @property
    def asked(self) -> int:
        """What all its phases asked together, in the exercise's unit."""
        return sum(self.targets)

    @property
    def achieved(self) -> int:
        """What its counted phases did together."""
        return sum(d for d in self.done if d is not None)

    @property
    def in_full(self) -> bool:
        """Every phase reached its target or went beyond it."""
        return all(d is not None and d >= t for d, t in zip(self.done, self.targets, strict=True))


@dataclass(frozen=True, slots=True)
class SideDoses:
    side: Side | None
    doses: tuple[SideDose, ...]  # oldest first


@dataclass(frozen=True, slots=True)
class ExerciseDoses:
    """One exercise of one routine (a prescription is per routine, exercise and side), its
    sides in the order left, right, none, each session by session."""

    routine_id: str
    routine: str  # the routine's newest name
    exercise_id: str
    exercise: str  # the exercise's newest name
    unit: Unit
    sides: tuple[SideDoses, ...]

    @property
    def sessions(self) -> int:
        return len({d.session for s in self.sides for d in s.doses})

    @property
    def hurt_marks(self) -> int:
        return sum(d.hurt for s in self.sides for d in s.doses)

    def side(self, side: Side | None) -> SideDoses | None:
        return next((s for s in self.sides if s.side is side), None)


_Key = tuple[str, str, Unit]  # routine id, exercise id, unit


def _counted_done(work: WorkPhase) -> int | None:
    return work.done if work.outcome in COUNTED else None


def exercise_doses(phases: Iterable[tuple[Session, WorkPhase]]) -> list[ExerciseDoses]:
    """Each exercise of each routine, per side, session by session: routines with the most
    sessions first, and within one its exercises in the order the newest session did them."""
    rows: dict[_Key, dict[Side | None, dict[int, list[WorkPhase]]]] = defaultdict(
        lambda: defaultdict(dict)
    )
    sessions: dict[int, Session] = {}
    names: dict[_Key, tuple[datetime, str]] = {}
    routines: dict[str, tuple[datetime, str]] = {}
    order: dict[_Key, tuple[datetime, int]] = {}  # the newest session's, its first phase
    for session, work in phases:
        sessions[session.id] = session
        key = (session.routine_id, work.exercise_id or work.exercise, work.unit)
        rows[key][work.side].setdefault(session.id, []).append(work)
        if key not in names or names[key][0] <= session.started_at:
            names[key] = (session.started_at, work.exercise)
        if session.routine_id not in routines or routines[session.routine_id][0] <= (
            session.started_at
        ):
            routines[session.routine_id] = (session.started_at, session.routine_name)
        rank = (session.started_at, -work.phase_index)
        if key not in order or order[key] < rank:
            order[key] = rank
    per_routine: dict[str, set[int]] = defaultdict(set)
    for session in sessions.values():
        per_routine[session.routine_id].add(session.id)
    out = []
    for key, sides in rows.items():
        routine_id, exercise_id, unit = key
        made = []
        for side in SIDE_ORDER:
            if side not in sides:
                continue
            doses = []
            for session_id, works in sides[side].items():
                works = sorted(works, key=lambda w: w.phase_index)
                session = sessions[session_id]
                doses.append(
                    SideDose(
                        session_id,
                        session.started_at,
                        tuple(w.target for w in works),
                        tuple(_counted_done(w) for w in works),
                        any(bool(w.pain) for w in works),
                        session.status,
                    )
                )
            doses.sort(key=lambda d: (d.at, d.session))
            made.append(SideDoses(side, tuple(doses)))
        out.append(
            ExerciseDoses(
                routine_id, routines[routine_id][1], exercise_id, names[key][1], unit, tuple(made)
            )
        )
    latest = {r: at for r, (at, _name) in routines.items()}
    out.sort(
        key=lambda e: (
            -len(per_routine[e.routine_id]),
            -latest[e.routine_id].timestamp(),
            e.routine_id,
            -order[(e.routine_id, e.exercise_id, e.unit)][1],
            e.exercise_id,
        )
    )
    return out


def doses_of(found: Sequence[ExerciseDoses], exercise: str, unit: Unit) -> list[ExerciseDoses]:
    """The exercises of that name and unit, one per routine, the most done first."""
    same = [e for e in found if e.exercise == exercise and e.unit is unit]
    same.sort(key=lambda e: -e.sessions)
    return same
