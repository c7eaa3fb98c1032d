"""The coach's rules (docs/coaching.md) on histories built by hand: ladders, each zone, hurt
marks, stopped and unchecked sessions, late next-morning pain, red flags, dosing, circuits,
changed ranges and resets; and a property test of the replay itself."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hipcoach.core.coaching import (
    RESET_WHY,
    Decision,
    FlagKind,
    Ladder,
    Move,
    RoutineCoaching,
    advice,
    zone,
)
from hipcoach.core.model import Amount, Circuit, Routine, Sides
from hipcoach.core.plan import Prescription, make_plan
from hipcoach.core.records import Dosing, ExerciseSide, Status

from .coaching_history import (
    HIP_STRENGTH,
    LEFT,
    PIGEON,
    RIGHT,
    STRETCH,
    History,
    breaths,
    exercise,
    hold,
    keys,
    reps,
    routine,
    state,
)

# -- ladders ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("made", "rungs"),
    [
        (exercise("a", hold(20, 32)), ["1x20", "1x25", "1x30", "1x32"]),
        (exercise("a", hold(30, 60)), [f"1x{s}" for s in range(30, 61, 5)]),
        (exercise("a", reps(10, 12), sets=Amount(3)), ["3x10", "3x11", "3x12"]),
        (
            exercise("a", reps(10, 12), sets=Amount(1, 2)),
            ["1x10", "1x11", "1x12", "2x10", "2x11", "2x12"],
        ),
        (exercise("a", breaths(8, 10)), ["1x8", "1x9", "1x10"]),
        (exercise("a", hold(30), sets=Amount(1, 2)), ["1x30", "2x30"]),
        (exercise("a", reps(12)), ["1x12"]),
    ],
)
def test_the_ladders_of_the_reference(made: object, rungs: list[str]) -> None:
    ladder = Ladder.of(made)  # type: ignore[arg-type]
    assert ladder.rungs == len(rungs)
    assert [f"{p.sets}x{p.amount}" for p in map(ladder.at, range(1, ladder.rungs + 1))] == rungs
    assert ladder.at(ladder.rungs + 5) == ladder.at(ladder.rungs), "clamped to its top"


@pytest.mark.parametrize(
    ("score", "expected"),
    [
        (0, "safe"),
        (3, "safe"),
        (4, "acceptable"),
        (5, "acceptable"),
        (6, "too much"),
        (10, "too much"),
    ],
)
def test_the_zones(score: int, expected: str) -> None:
    assert zone(score).value == expected


# -- the worked history of docs/coaching.md --------------------------------------------------

WORKED_DAYS = (0, 3, 7, 10, 14, 17, 21, 24)  # Mondays and Thursdays from 2 November 2026


def worked_history(sessions: int = 8, *, next_day_8: bool = True) -> History:
    history = History()
    checks = [
        {"after": 2},
        {"after": 1, "next_day": 1},
        {"after": 3, "hurt": [("clamshells", RIGHT)]},
        {"after": 4},
        {"after": 2},
        {"after": 1},
        {"after": 2},
        {"after": 1, "next_day": 6} if next_day_8 else {"after": 1},
    ]
    for day, check in zip(WORKED_DAYS[:sessions], checks[:sessions], strict=True):
        history.session(day, **check)  # type: ignore[arg-type]
    return history


WORKED = [
    [("stay", 1, 1)] * 3,
    [("up", 2, 0)] * 3,
    [("stay", 2, 1), ("stay", 2, 1), ("down", 1, 0)],
    [("stay", 2, 0), ("stay", 2, 0), ("stay", 1, 0)],
    [("stay", 2, 0), ("stay", 2, 0), ("stay", 1, 0)],
    [("stay", 2, 1), ("stay", 2, 1), ("stay", 1, 1)],
    [("up", 3, 0), ("up", 3, 0), ("up", 2, 0)],
    [("down", 2, 0), ("down", 2, 0), ("down", 1, 0)],
]


@pytest.mark.parametrize("sessions", range(1, 9))
def test_the_worked_history_session_by_session(sessions: int) -> None:
    assert state(worked_history(sessions).coach()) == WORKED[sessions - 1]


def test_before_any_session_everyone_is_on_rung_one_at_the_start() -> None:
    found = History().coach(day=0).routine(HIP_STRENGTH)
    assert [(s.standing.rung, s.standing.why) for s in found.exercises] == [(1, "start")] * 3
    assert found.prescriptions().doses == {k: Prescription(3, 10) for k in keys(HIP_STRENGTH)}


def test_reasons_in_words_through_the_worked_history() -> None:
    def whys(sessions: int) -> list[str]:
        coach = worked_history(sessions).coach()
        return [s.standing.why for s in coach.routine(HIP_STRENGTH).exercises]

    assert whys(1) == ["stay: one more easy session before stepping up"] * 3
    assert whys(2) == ["up: two easy sessions done in full"] * 3
    assert whys(3)[2] == "down: marked as hurting on the right"
    assert whys(4) == ["stay: pain 4/10, hold until it settles"] * 3
    assert whys(5) == ["stay: a red flag stands"] * 3
    assert whys(8) == ["down: pain 6/10 the next morning"] * 3


def test_the_coach_json_after_session_four_is_the_reference_example() -> None:
    coach = worked_history(4).coach()
    assert coach.routine(HIP_STRENGTH).to_json() == {
        "id": "hip-strength",
        "name": "Hip strength",
        "exercises": [
            {
                "id": "glute-bridges",
                "name": "Glute bridges",
                "side": None,
                "sets": 3,
                "amount": 11,
                "unit": "reps",
                "range": "10-12",
                "rung": 2,
                "rungs": 3,
                "decision": "stay",
                "why": "stay: pain 4/10, hold until it settles",
                "safe_count": 0,
            },
            {
                "id": "clamshells",
                "name": "Clamshells",
                "side": "left",
                "sets": 3,
                "amount": 11,
                "unit": "reps",
                "range": "10-12",
                "rung": 2,
                "rungs": 3,
                "decision": "stay",
                "why": "stay: pain 4/10, hold until it settles",
                "safe_count": 0,
            },
            {
                "id": "clamshells",
                "name": "Clamshells",
                "side": "right",
                "sets": 3,
                "amount": 10,
                "unit": "reps",
                "range": "10-12",
                "rung": 1,
                "rungs": 3,
                "decision": "stay",
                "why": "stay: pain 4/10, hold until it settles",
                "safe_count": 0,
            },
        ],
        "circuits": [],
    }
    assert [f.to_json() for f in coach.red_flags] == [
        {
            "kind": "rising",
            "session": 4,
            "since": "2026-11-05",
            "advice": "Your recent check-ins show pain that keeps rising. Stop the exercises "
            "that hurt and have a physiotherapist or doctor look at your hip.",
        }
    ]


def test_a_next_morning_pain_given_later_changes_the_decision_and_raises_a_flag() -> None:
    before = worked_history(next_day_8=False)
    coach = before.coach()
    assert state(coach) == [("top", 3, 1), ("top", 3, 1), ("stay", 2, 1)]
    assert coach.routine(HIP_STRENGTH).exercises[0].standing.why == "top of the range"
    assert coach.red_flags == ()
    before.check_in(8, next_day=6)
    coach = before.coach()
    assert state(coach) == [("down", 2, 0), ("down", 2, 0), ("down", 1, 0)]
    (flag,) = coach.red_flags
    assert (flag.kind, flag.session, flag.since.isoformat()) == (FlagKind.RISING, 8, "2026-11-19")


# -- each rule on its own ---------------------------------------------------------------------


def two_easy(history: History, first_day: float = 0) -> None:
    history.session(first_day, after=1)
    history.session(first_day + 2, after=1)


@pytest.mark.parametrize(
    ("after", "next_day", "expected", "why"),
    [
        (0, None, ("stay", 2, 1), "stay: one more easy session before stepping up"),
        (3, 2, ("stay", 2, 1), "stay: one more easy session before stepping up"),
        (2, 4, ("stay", 2, 0), "stay: pain 4/10, hold until it settles"),
        (5, None, ("stay", 2, 0), "stay: pain 5/10, hold until it settles"),
        (6, None, ("down", 1, 0), "down: pain 6/10 after"),
        (6, 3, ("down", 1, 0), "down: pain 6/10 after"),
        (2, 7, ("down", 1, 0), "down: pain 7/10 the next morning"),
    ],
)
def test_each_zone_decides_by_the_larger_of_after_and_next_morning(
    after: int, next_day: int | None, expected: tuple[str, int, int], why: str
) -> None:
    history = History()
    two_easy(history)
    history.session(4, after=after, next_day=next_day)
    coach = history.coach()
    assert state(coach)[0] == expected
    assert coach.routine(HIP_STRENGTH).exercises[0].standing.why == why


def test_a_hurt_mark_steps_down_only_the_side_it_names() -> None:
    history = History()
    two_easy(history)
    history.session(4, after=1, hurt=[("clamshells", LEFT)])
    found = history.coach().routine(HIP_STRENGTH)
    assert state(history.coach()) == [("stay", 2, 1), ("down", 1, 0), ("stay", 2, 1)]
    assert found.side("clamshells", LEFT).standing.why == "down: marked as hurting on the left"
    assert found.prescriptions().doses[("clamshells", LEFT)] == Prescription(3, 10)
    assert found.prescriptions().doses[("clamshells", RIGHT)] == Prescription(3, 11)


def test_a_hurt_mark_on_a_one_sided_exercise_says_so_without_a_side() -> None:
    history = History()
    two_easy(history)
    history.session(4, after=0, hurt=[("glute-bridges", None)])
    assert history.coach().routine(HIP_STRENGTH).exercises[0].standing.why == (
        "down: marked as hurting"
    )


def test_a_stopped_session_moves_what_it_reached_and_counts_for_nothing() -> None:
    history = History()
    history.session(0, after=1)
    history.session(2, after=1, status=Status.STOPPED, reached=[("glute-bridges", None)])
    found = history.coach().routine(HIP_STRENGTH)
    assert state(history.coach()) == [("stay", 1, 0), ("stay", 1, 0), ("stay", 1, 0)]
    assert [s.standing.why for s in found.exercises] == [
        "stay: the session was stopped before its end",
        "stay: not reached before the session stopped",
        "stay: not reached before the session stopped",
    ]


def test_a_stopped_session_that_was_too_much_steps_down_what_it_reached() -> None:
    history = History()
    two_easy(history)
    history.session(4, after=6, status=Status.STOPPED, reached=[("glute-bridges", None)])
    assert state(history.coach()) == [("down", 1, 0), ("stay", 2, 0), ("stay", 2, 0)]


def test_a_session_without_a_check_in_changes_nothing_and_waits_for_one() -> None:
    history = History()
    history.session(0, after=1)
    history.session(2)  # no pain after: not evaluated
    history.session(3, after=5, status=Status.INTERRUPTED)  # never evaluated
    found = history.coach().routine(HIP_STRENGTH)
    assert state(history.coach()) == [("stay", 1, 1)] * 3, "the count is not broken either"
    assert found.pending == (2,)
    history.session(4, after=2)
    found = history.coach().routine(HIP_STRENGTH)
    assert state(history.coach()) == [("up", 2, 0)] * 3
    assert found.pending == ()


def test_a_side_not_done_in_full_does_not_count() -> None:
    history = History()
    history.session(0, after=1)
    history.session(2, after=1, short=[("clamshells", RIGHT)])
    assert state(history.coach()) == [("up", 2, 0), ("up", 2, 0), ("stay", 1, 0)]
    side = history.coach().routine(HIP_STRENGTH).side("clamshells", RIGHT)
    assert side.standing.why == "stay: not done in full"


def test_a_session_run_as_written_never_counts_but_still_steps_down() -> None:
    history = History()
    history.session(0, after=1)
    history.session(2, after=1, dosing=Dosing.AS_WRITTEN)
    assert state(history.coach()) == [("stay", 1, 0)] * 3
    assert history.coach().routine(HIP_STRENGTH).exercises[0].standing.why == (
        "stay: run as written"
    )
    two_easy(history, 4)
    history.session(8, after=7, dosing=Dosing.AS_WRITTEN)
    assert state(history.coach()) == [("down", 1, 0)] * 3


def test_the_lower_rung_for_pain_before_never_counts_and_is_one_rung_lower() -> None:
    history = History()
    two_easy(history)
    found = history.coach().routine(HIP_STRENGTH)
    assert found.can_go_lower
    assert found.prescriptions(Dosing.LOWER).doses[("glute-bridges", None)] == Prescription(3, 10)
    assert found.prescriptions(Dosing.AS_WRITTEN).doses == {}
    history.session(4, before=6, after=1, dosing=Dosing.LOWER)
    history.session(6, before=6, after=1, dosing=Dosing.LOWER)
    assert state(history.coach()) == [("stay", 2, 0)] * 3
    assert history.coach().routine(HIP_STRENGTH).exercises[0].standing.why == (
        "stay: run one rung lower"
    )
    history.session(8, before=6, after=6, dosing=Dosing.LOWER)
    assert state(history.coach()) == [("down", 1, 0)] * 3
    assert not history.coach().routine(HIP_STRENGTH).can_go_lower, "rung 1 stays rung 1"


def test_the_bottom_of_a_ladder_holds_and_the_top_counts_without_climbing() -> None:
    history = History()
    history.session(0, after=8)
    assert state(history.coach())[0] == ("down", 1, 0), "never below rung 1"
    one_rung = Routine("one", "One", (exercise("Plank", hold(30)),))
    history = History()
    for day in range(5):
        history.session(day * 2, one_rung, after=1)
        found = history.coach().routine(one_rung).exercises[0]
        assert (found.standing.decision, found.standing.rung) == (Decision.TOP, 1)
        assert found.standing.safe_count == (1 if day % 2 == 0 else 0)
        assert found.standing.why == "top of the range"


def test_a_sets_range_climbs_its_amount_first_then_adds_a_set() -> None:
    lunges = exercise("Lunges", reps(10, 12), sets=Amount(1, 2))
    mine = routine(lunges)
    history = History()
    seen = []
    for day in range(0, 24, 2):
        history.session(day, mine, after=1)
        found = history.coach().routine(mine).exercises[0]
        seen.append((found.standing.rung, found.prescription))
    assert [p for rung, p in seen[1::2]] == [
        Prescription(1, 11),
        Prescription(1, 12),
        Prescription(2, 10),
        Prescription(2, 11),
        Prescription(2, 12),
        Prescription(2, 12),
    ]


def test_the_sides_of_one_exercise_can_stand_on_different_sets() -> None:
    side_lifts = exercise("Side lifts", reps(10, 11), sides=Sides.EACH, sets=Amount(2, 3))
    mine = routine(side_lifts)
    history = History()
    for day in (0, 2, 4, 6):  # two steps up on both sides: 2 x 11, then 3 x 10
        history.session(day, mine, after=1)
    history.session(8, mine, after=1, hurt=[("side-lifts", RIGHT)])
    found = history.coach().routine(mine).prescriptions()
    assert found.doses == {
        ("side-lifts", LEFT): Prescription(3, 10),
        ("side-lifts", RIGHT): Prescription(2, 11),
    }
    sets = [
        (p.side.value if p.side else None, p.set, p.target)
        for p in make_plan(mine, found).phases
        if p.is_work
    ]
    assert sets == [
        ("left", 1, 10),
        ("right", 1, 11),
        ("left", 2, 10),
        ("right", 2, 11),
        ("left", 3, 10),
    ]


def test_a_range_changed_in_the_file_applies_to_the_whole_history() -> None:
    history = History()
    for day in (0, 2, 4, 6):
        history.session(day, STRETCH, after=1)
    found = history.coach().routine(STRETCH).exercises[0]
    assert (found.standing.rung, found.prescription.amount) == (3, 40)
    widened = Routine(
        STRETCH.id, STRETCH.name, (exercise("Pigeon pose", hold(35, 90), sides=Sides.EACH),)
    )
    found = history.coach().routine(widened).exercises[0]
    assert (found.standing.rung, found.prescription.amount) == (3, 45), "rung 3 of the new ladder"
    narrowed = Routine(
        STRETCH.id, STRETCH.name, (exercise("Pigeon pose", hold(30, 35), sides=Sides.EACH),)
    )
    found = history.coach().routine(narrowed).exercises[0]
    assert (found.standing.rung, found.prescription.amount) == (2, 35), "clamped to its top"
    assert found.standing.decision is Decision.TOP


def test_a_reset_starts_the_ladders_it_names_over_from_its_moment() -> None:
    history = History()
    two_easy(history)
    history.reset(3, exercise="clamshells")
    history.session(4, after=1)
    assert state(history.coach()) == [("stay", 2, 1), ("stay", 1, 1), ("stay", 1, 1)]
    history.reset(5)
    found = history.coach(day=6).routine(HIP_STRENGTH)
    assert [
        (s.standing.rung, s.standing.decision, s.standing.safe_count) for s in found.exercises
    ] == [(1, Decision.START, 0)] * 3
    assert history.coach(day=4.5).routine(HIP_STRENGTH).exercises[0].standing.rung == 2, (
        "a reset after the moment asked about is not there yet"
    )


def test_the_decision_log_has_each_move_of_a_dose_with_its_reason_and_nothing_else() -> None:
    history = History()
    two_easy(history)  # up after the second
    history.session(4, after=1, hurt=[("clamshells", LEFT)])  # the left back down
    history.session(6, after=5)  # acceptable: every side stays, not logged
    history.reset(7, exercise="glute-bridges")
    moves: list[Move] = []
    coached = history.coach(day=8).routine(HIP_STRENGTH, moves)
    assert coached == history.coach(day=8).routine(HIP_STRENGTH), "the log changes nothing"
    ups = [m for m in moves if m.session == 2]
    assert {(m.exercise_id, m.side) for m in ups} == set(keys(HIP_STRENGTH))
    assert all(m.why == "up: two easy sessions done in full" for m in ups)
    assert all(m.after.amount == m.before.amount + 1 for m in ups)
    rest = [(m.session, m.exercise_id, m.side, m.before, m.after, m.why) for m in moves[len(ups) :]]
    assert rest == [
        (
            3,
            "clamshells",
            LEFT,
            Prescription(3, 11),
            Prescription(3, 10),
            "down: marked as hurting on the left",
        ),
        (None, "glute-bridges", None, Prescription(3, 11), Prescription(3, 10), RESET_WHY),
    ]
    assert [m.at for m in moves] == sorted(m.at for m in moves), "oldest first"


def test_what_each_side_asked_last_time_is_kept_for_the_cues() -> None:
    history = History()
    history.session(0, after=1, asked={("glute-bridges", None): (3, 10)})
    history.session(2, after=1, asked={("glute-bridges", None): (3, 10)})
    history.session(4, status=Status.STOPPED, asked={("glute-bridges", None): (3, 11)})
    found = history.coach().routine(HIP_STRENGTH)
    assert found.prescriptions().doses[("glute-bridges", None)] == Prescription(3, 11)
    assert found.last_time()[("glute-bridges", None)] == Prescription(3, 10), (
        "the last completed session, not the stopped one"
    )


# -- circuits ---------------------------------------------------------------------------------

GLUTES = Circuit("glutes", "Glute circuit", Amount(2, 3))
CIRCUIT = Routine(
    "circuit",
    "Circuit",
    (
        exercise("Bridges", reps(10, 12), circuit="glutes"),
        exercise("Clams", reps(10), sides=Sides.EACH, circuit="glutes"),
    ),
    circuits=(GLUTES,),
)


def rounds_of(history: History) -> tuple[int, str, str]:
    found = history.coach().routine(CIRCUIT).circuits[0]
    return found.rounds, found.standing.decision.value, found.standing.why


def test_a_circuit_adds_a_round_once_its_exercises_have_nothing_left_to_climb() -> None:
    history = History()
    for day in (0, 2, 4, 6):  # the bridges climb 10, 11, 12
        history.session(day, CIRCUIT, after=1, rounds=2)
        assert rounds_of(history) == (
            2,
            "stay",
            "stay: its exercises climb to the top of their ranges first",
        )
    assert history.coach().routine(CIRCUIT).exercises[0].prescription.amount == 12
    history.session(8, CIRCUIT, after=1, rounds=2)
    assert rounds_of(history) == (2, "stay", "stay: one more easy session before stepping up")
    history.session(10, CIRCUIT, after=1, rounds=2)
    assert rounds_of(history) == (3, "up", "up: two easy sessions done in full")
    found = history.coach().routine(CIRCUIT)
    assert found.prescriptions().rounds == {"glutes": 3}
    assert found.to_json()["circuits"] == [
        {
            "key": "glutes",
            "name": "Glute circuit",
            "rounds": 3,
            "range": "2-3",
            "rung": 2,
            "rungs": 2,
            "decision": "up",
            "why": "up: two easy sessions done in full",
            "safe_count": 0,
        }
    ]
    history.session(12, CIRCUIT, after=1, rounds=3, hurt=[("clams", RIGHT)])
    assert rounds_of(history) == (2, "down", "down: marked as hurting")
    history.session(14, CIRCUIT, after=6, rounds=2)
    assert rounds_of(history) == (2, "down", "down: pain 6/10 after")
    assert history.coach().routine(CIRCUIT).last_rounds() == {"glutes": 2}


# -- red flags --------------------------------------------------------------------------------


def test_a_severe_score_blocks_stepping_up_until_a_safe_session_clears_it() -> None:
    history = History()
    history.session(0, after=1)
    history.session(1, STRETCH, before=7, after=2)  # another routine: the flag is the runner's
    coach = history.coach()
    (flag,) = coach.red_flags
    assert (flag.kind, flag.session, flag.since.isoformat()) == (FlagKind.SEVERE, 2, "2026-11-03")
    assert flag.advice == advice(FlagKind.SEVERE, score=7)
    history.session(2, after=1)  # safe, but it started under the flag: it clears it only
    assert history.coach().red_flags == ()
    assert state(history.coach()) == [("stay", 1, 0)] * 3
    assert history.coach().routine(HIP_STRENGTH).exercises[0].standing.why == (
        "stay: a red flag stands"
    )
    history.session(3, after=1)
    history.session(4, after=1)
    assert state(history.coach()) == [("up", 2, 0)] * 3, "step-ups go on once it cleared"


def test_a_session_that_raises_a_flag_itself_does_not_count() -> None:
    history = History()
    history.session(0, after=1)
    history.session(2, before=8, after=1)
    assert state(history.coach()) == [("stay", 1, 0)] * 3


def test_step_downs_go_on_under_a_flag() -> None:
    history = History()
    two_easy(history)
    history.session(4, after=8)
    assert state(history.coach()) == [("down", 1, 0)] * 3


def test_rising_pain_across_two_routines_raises_a_flag() -> None:
    history = History()
    history.session(0, after=1)
    history.session(1, STRETCH, after=3)
    history.session(2, after=4)
    (flag,) = history.coach().red_flags
    assert (flag.kind, flag.session, flag.since.isoformat()) == (FlagKind.RISING, 3, "2026-11-02")
    history.session(3, STRETCH, after=3)
    assert history.coach().red_flags == (), "a later safe session clears it"


@pytest.mark.parametrize("signals", [(3, 3, 4), (1, 2, 3), (4, 3, 5), (1, 4, 4)])
def test_no_rising_flag_without_two_strict_rises_to_four_or_more(signals: tuple[int, ...]) -> None:
    history = History()
    for day, after in enumerate(signals):
        history.session(day, after=after)
    assert [f.kind for f in history.coach().red_flags] == []


def test_lasting_pain_before_across_two_routines_raises_a_flag() -> None:
    history = History()
    history.session(0, before=4, after=4)
    history.session(5, STRETCH, before=5)  # no check-in after: still a pain before
    history.session(14, before=4, after=4)
    (flag,) = history.coach().red_flags
    assert (flag.kind, flag.session, flag.since.isoformat()) == (FlagKind.LASTING, 3, "2026-11-02")
    assert "three sessions within two weeks" in flag.advice


def test_no_lasting_flag_when_the_three_span_more_than_fourteen_days() -> None:
    history = History()
    history.session(0, before=4, after=4)
    history.session(5, STRETCH, before=5, after=4)
    history.session(15, before=4, after=4)
    assert history.coach().red_flags == ()


def test_a_flag_lapses_once_its_sessions_left_the_28_days() -> None:
    history = History()
    history.session(0, after=8)
    assert [f.kind for f in history.coach(day=27).red_flags] == [FlagKind.SEVERE]
    assert history.coach(day=28.5).red_flags == ()


def test_an_answer_flag_stands_until_a_check_in_answers_without_it() -> None:
    history = History()
    history.session(0, after=1, answers=("swelling", "night-pain"))
    flags = history.coach().red_flags
    assert [(f.kind, f.answer) for f in flags] == [
        (FlagKind.ANSWER, "swelling"),
        (FlagKind.ANSWER, "night-pain"),
    ]
    assert "see a doctor soon" in flags[1].advice
    history.session(2, after=1, answers=("night-pain",))
    assert [f.answer for f in history.coach().red_flags] == ["night-pain"]
    assert history.coach().red_flags[0].session == 2
    assert history.coach().red_flags[0].since.isoformat() == "2026-11-02"
    history.session(4, after=1)  # safe, but asked nothing: an answer stands
    assert [f.answer for f in history.coach().red_flags] == ["night-pain"]
    history.check_in(3, answers=())
    assert history.coach().red_flags == ()


def test_flags_of_another_routine_block_this_one_too() -> None:
    history = History()
    history.session(0, after=1)
    history.session(1, STRETCH, after=1, answers=("sharp",))
    history.session(2, after=1)
    assert state(history.coach())[0] == ("stay", 1, 0)


# -- the replay as a whole --------------------------------------------------------------------

ROUTINES = [
    HIP_STRENGTH,
    STRETCH,
    routine(exercise("Plank", hold(30), sets=Amount(1, 3)), PIGEON),
    CIRCUIT,
]

session_strategy = st.fixed_dictionaries(
    {
        "routine": st.sampled_from(range(len(ROUTINES))),
        "gap": st.floats(min_value=0.01, max_value=9),
        "after": st.none() | st.integers(0, 10),
        "before": st.none() | st.integers(0, 10),
        "next_day": st.none() | st.integers(0, 10),
        "status": st.sampled_from(list(Status)),
        "dosing": st.sampled_from(list(Dosing)),
        "answers": st.none() | st.lists(st.sampled_from(["swelling", "sharp"]), max_size=2),
        "hurt": st.integers(0, 7),
        "short": st.integers(0, 7),
        "reached": st.integers(0, 7),
        "reset": st.none() | st.booleans(),
    }
)


def build(drawn: list[dict[str, object]]) -> History:
    history = History()
    day = 0.0
    for one in drawn:
        day += float(one["gap"])  # type: ignore[arg-type]
        chosen = ROUTINES[int(one["routine"])]  # type: ignore[call-overload]
        sides = keys(chosen)

        def pick(n: object, sides: list[ExerciseSide] = sides) -> list[ExerciseSide]:
            return [k for i, k in enumerate(sides) if int(n) >> i & 1]  # type: ignore[call-overload]

        if one["reset"] is not None:
            first = chosen.exercises[0].id if one["reset"] else None
            history.reset(day - 0.001, chosen, first)
        history.session(
            day,
            chosen,
            after=one["after"],  # type: ignore[arg-type]
            before=one["before"],  # type: ignore[arg-type]
            next_day=one["next_day"],  # type: ignore[arg-type]
            status=one["status"],  # type: ignore[arg-type]
            dosing=one["dosing"],  # type: ignore[arg-type]
            answers=None if one["answers"] is None else tuple(one["answers"]),  # type: ignore[arg-type]
            hurt=pick(one["hurt"]),
            short=pick(one["short"]),
            reached=None if one["status"] is Status.COMPLETED else pick(one["reached"]),
            rounds=2,
        )
    return history


def snapshot(found: RoutineCoaching) -> list[tuple[object, ...]]:
    return [
        (s.key, s.standing.rung, s.standing.safe_count, s.standing.decision, s.standing.why)
        for s in found.exercises
    ] + [(c.circuit.key, c.standing.rung, c.standing.safe_count) for c in found.circuits]


@settings(max_examples=150, deadline=None)
@given(st.lists(session_strategy, max_size=25))
def test_the_replay_is_deterministic_stays_on_the_ladder_and_moves_one_rung_at_most(
    drawn: list[dict[str, object]],
) -> None:
    history = build(drawn)
    for chosen in ROUTINES:
        first = history.coach().routine(chosen)
        again = history.coach(sessions=list(reversed(history.sessions))).routine(chosen)
        assert snapshot(first) == snapshot(again), "the same file and history, the same answer"
        for side in first.exercises:
            assert 1 <= side.standing.rung <= side.ladder.rungs
            assert side.standing.safe_count in (0, 1)
        for circuit in first.circuits:
            assert 1 <= circuit.standing.rung <= circuit.rungs
    if history.resets:
        return  # a reset may send a ladder back to rung 1 in one go
    for count in range(1, len(history.sessions) + 1):
        was = history.coach(day=1000, sessions=history.sessions[: count - 1])
        now = history.coach(day=1000, sessions=history.sessions[:count])
        for chosen in ROUTINES:
            rungs_was = [s.standing.rung for s in was.routine(chosen).exercises]
            rungs_now = [s.standing.rung for s in now.routine(chosen).exercises]
            assert all(abs(a - b) <= 1 for a, b in zip(rungs_was, rungs_now, strict=True))
