"""Histories built by hand for the coach's tests: routines as values, sessions as the history
would return them, and each exercise-side's work as ``side_work`` reads it."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from hipcoach.core.coaching import Coach
from hipcoach.core.model import (
    Amount,
    Breaths,
    Circuit,
    Dose,
    Exercise,
    Hold,
    Reps,
    Routine,
    Side,
    Sides,
    Tempo,
)
from hipcoach.core.records import (
    Asked,
    Dosing,
    ExerciseSide,
    Reset,
    Session,
    SideWork,
    Status,
)

MONDAY = datetime(2026, 11, 2, 17, 0, tzinfo=UTC)  # 18:00 in Berlin, Monday 2 November 2026
LEFT, RIGHT = Side.LEFT, Side.RIGHT


def reps(low: int, high: int | None = None) -> Reps:
    return Reps(Amount(low, high), Tempo())


def hold(low: int, high: int | None = None) -> Hold:
    return Hold(Amount(low, high))


def breaths(low: int, high: int | None = None) -> Breaths:
    return Breaths(Amount(low, high), 6)


def exercise(
    name: str,
    dose: Dose,
    *,
    sides: Sides = Sides.NONE,
    sets: Amount | None = None,
    circuit: str | None = None,
) -> Exercise:
    ident = name.lower().replace(" ", "-")
    return Exercise(name, dose, id=ident, sets=sets or Amount(1), sides=sides, circuit=circuit)


BRIDGES = exercise("Glute bridges", reps(10, 12), sets=Amount(3))
CLAMSHELLS = exercise("Clamshells", reps(10, 12), sides=Sides.EACH, sets=Amount(3))
HIP_STRENGTH = Routine("hip-strength", "Hip strength", (BRIDGES, CLAMSHELLS))

PIGEON = exercise("Pigeon pose", hold(30, 60), sides=Sides.EACH)
STRETCH = Routine("post-run-stretch", "Post-run hip stretch", (PIGEON,))


def routine(*exercises: Exercise, circuits: tuple[Circuit, ...] = ()) -> Routine:
    return Routine("mine", "Mine", exercises, circuits=circuits)


def keys(routine: Routine) -> list[ExerciseSide]:
    return [(e.id, side) for e in routine.exercises for side in e.side_list]


@dataclass
class History:
    """Sessions added one by one, each a number of days after ``MONDAY``."""

    sessions: list[Session] = field(default_factory=list)
    work: dict[int, dict[ExerciseSide, SideWork]] = field(default_factory=dict)
    resets: list[Reset] = field(default_factory=list)
    asked: dict[int, dict[ExerciseSide, Asked]] = field(default_factory=dict)

    def session(
        self,
        day: float,
        routine: Routine = HIP_STRENGTH,
        *,
        after: int | None = None,
        before: int | None = None,
        next_day: int | None = None,
        status: Status = Status.COMPLETED,
        dosing: Dosing = Dosing.COACHED,
        answers: tuple[str, ...] | None = None,
        hurt: Collection[ExerciseSide] = (),
        short: Collection[ExerciseSide] = (),
        reached: Collection[ExerciseSide] | None = None,
        asked: dict[ExerciseSide, tuple[int, int]] | None = None,
        rounds: int | None = None,
    ) -> int:
        """Record one session: every exercise-side of ``routine`` done in full unless it is
        ``short`` or not ``reached``; ``asked`` gives some sides' (sets, amount)."""
        number = len(self.sessions) + 1
        started = MONDAY + timedelta(days=day)
        self.sessions.append(
            Session(
                id=number,
                routine_id=routine.id,
                routine_name=routine.name,
                routine_path="",
                started_at=started,
                ended_at=started + timedelta(minutes=20),
                updated_at=started + timedelta(minutes=20),
                status=status,
                active_seconds=1200.0,
                paused_seconds=0.0,
                work_done=0,
                work_total=0,
                pain_before=before,
                pain_after=after,
                next_day=next_day,
                answers=answers,
                dosing=dosing,
            )
        )
        done: dict[ExerciseSide, SideWork] = {}
        self.asked[number] = {}
        for e in routine.exercises:
            for side in e.side_list:
                key = (e.id, side)
                if reached is not None and key not in reached:
                    continue
                sets, amount = (asked or {}).get(key, (e.sets.low, e.dose.amount.low))
                done[key] = SideWork(key not in short, key in hurt)
                self.asked[number][key] = Asked(sets, amount, rounds if e.circuit else None)
        self.work[number] = done
        return number

    def check_in(self, session_id: int, **values: object) -> None:
        import dataclasses

        index = session_id - 1
        self.sessions[index] = dataclasses.replace(self.sessions[index], **values)  # type: ignore[arg-type]

    def reset(
        self, day: float, routine: Routine = HIP_STRENGTH, exercise: str | None = None
    ) -> None:
        self.resets.append(Reset(routine.id, exercise, MONDAY + timedelta(days=day)))

    def coach(self, day: float | None = None, sessions: Iterable[Session] | None = None) -> Coach:
        newest = max((s.started_at for s in self.sessions), default=MONDAY)
        now = newest + timedelta(hours=12) if day is None else MONDAY + timedelta(days=day)
        chosen = list(self.sessions if sessions is None else sessions)
        last: dict[str, dict[ExerciseSide, Asked]] = {}
        for session in sorted(chosen, key=lambda s: (s.started_at, s.id)):
            if session.status is Status.COMPLETED and session.started_at <= now:
                last[session.routine_id] = self.asked[session.id]
        return Coach(chosen, self.work, self.resets, last, now=now, local_date=berlin_date)


def berlin_date(moment: datetime) -> date:
    from zoneinfo import ZoneInfo

    return moment.astimezone(ZoneInfo("Europe/Berlin")).date()


def state(coach: Coach, routine: Routine = HIP_STRENGTH) -> list[tuple[str, int, int]]:
    """(decision, rung, safe count) of every exercise-side, in routine order."""
    found = coach.routine(routine)
    return [
        (s.standing.decision.value, s.standing.rung, s.standing.safe_count) for s in found.exercises
    ]
