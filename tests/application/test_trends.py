"""Pain and doses session by session: what the page's trend charts and the report draw."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hipcoach.application.history_text import done_text, dose_text
from hipcoach.application.trends import exercise_doses, pain_points
from hipcoach.core.model import Side
from hipcoach.core.records import Session, Status, Unit, WorkOutcome, WorkPhase

T0 = datetime(2026, 5, 11, 16, 0, tzinfo=UTC)


def session(
    number: int,
    routine: str = "hip-strength",
    pain: tuple[int | None, int | None, int | None] = (None, None, None),
    name: str = "Hip strength",
) -> Session:
    at = T0 + timedelta(days=2 * number)
    before, after, next_day = pain
    return Session(
        number, routine, name, f"/r/{routine}.toml", at, at, at, Status.COMPLETED,
        600.0, 0.0, 3, 3, pain_before=before, pain_after=after, next_day=next_day,
    )  # fmt: skip


def phase(
    index: int,
    exercise_id: str,
    side: Side | None,
    target: int,
    done: int,
    outcome: WorkOutcome = WorkOutcome.COMPLETED,
    hurt: bool = False,
    name: str | None = None,
) -> WorkPhase:
    return WorkPhase(
        index, name or exercise_id.title(), side, 1, Unit.REPS, target, done, outcome,
        T0, T0, 30.0, pain=hurt, exercise_id=exercise_id,
    )  # fmt: skip


def test_pain_points_keep_sessions_with_any_score_oldest_first() -> None:
    points = pain_points(
        [session(3, pain=(None, None, 4)), session(2), session(1, pain=(3, 2, None))]
    )
    assert [(p.session, p.before, p.after, p.next_day) for p in points] == [
        (1, 3, 2, None),
        (3, None, None, 4),
    ]


def test_each_side_of_each_exercise_reads_session_by_session() -> None:
    first, second = session(1), session(2)
    doses = exercise_doses(
        [
            (second, phase(2, "clamshells", Side.LEFT, 11, 11)),
            (second, phase(3, "clamshells", Side.RIGHT, 10, 7, WorkOutcome.DONE, hurt=True)),
            (second, phase(5, "clamshells", Side.LEFT, 11, 11)),
            (second, phase(6, "clamshells", Side.RIGHT, 10, 0, WorkOutcome.SKIPPED)),
            (second, phase(1, "bridges", None, 12, 12)),
            (first, phase(2, "clamshells", Side.LEFT, 10, 10)),
            (first, phase(3, "clamshells", Side.RIGHT, 10, 10)),
        ]
    )
    assert [(e.exercise_id, [s.side for s in e.sides]) for e in doses] == [
        ("bridges", [None]),
        ("clamshells", [Side.LEFT, Side.RIGHT]),
    ]
    clams = doses[1]
    assert clams.sessions == 2 and clams.hurt_marks == 1
    left, right = clams.sides
    assert [(d.session, d.asked, d.achieved, d.hurt) for d in left.doses] == [
        (1, 10, 10, False),
        (2, 22, 22, False),
    ]
    assert [(d.session, d.asked, d.achieved, d.hurt, d.in_full) for d in right.doses] == [
        (1, 10, 10, False, True),
        (2, 20, 7, True, False),
    ]
    assert dose_text(left.doses[1], Unit.REPS) == "2 x 11 reps"
    assert done_text(right.doses[1], Unit.REPS) == "7, \u2013 reps"
    assert done_text(left.doses[1], Unit.REPS) == "2 x 11 reps"


def test_the_same_exercise_in_two_routines_is_two_prescriptions() -> None:
    doses = exercise_doses(
        [
            (session(2, "fit-hips", name="FIT hips"), phase(1, "clamshells", Side.LEFT, 15, 15)),
            (session(1), phase(1, "clamshells", Side.LEFT, 10, 10)),
            (session(3), phase(1, "clamshells", Side.LEFT, 11, 11, name="Clamshell")),
        ]
    )
    assert [(e.routine_id, e.exercise, e.sessions) for e in doses] == [
        ("hip-strength", "Clamshell", 2),  # the newest name, the routine done most first
        ("fit-hips", "Clamshells", 1),
    ]
