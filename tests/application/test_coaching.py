"""The coach's use cases over a history written as a session writes it: prescriptions before a
session, a check-in with hurt marks and answers, resets, the morning-after question, and a
prepared session's "this hurts"."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from hipcoach.adapters.history.log import HistoryLog
from hipcoach.adapters.history.recorder import SessionRecorder
from hipcoach.application.coaching import (
    CoachingInputError,
    answers_from,
    awaiting_next_day,
    before_session,
    check_in,
    coaching_of,
    start_over,
)
from hipcoach.application.session import PreparedSession, SessionDose, prepare_session
from hipcoach.core.cue_player import SilentPlayer
from hipcoach.core.cues import Cue, make_script
from hipcoach.core.engine import Event, SessionEngine
from hipcoach.core.model import Routine, Side
from hipcoach.core.plan import Prescription, make_plan
from hipcoach.core.records import CheckIn, Dosing, Status
from hipcoach.core.routine_file import parse_routine
from hipcoach.core.settings import Settings
from tests.fakes.clock import FakeClock, drive
from tests.fakes.history import FakeStore

STRENGTH = parse_routine(
    b"""format = 1
name = "Strength"
[defaults]
prepare = 2
switch = 1
set_rest = 2
rest = 2
tempo = [1, 0, 0]

[[exercise]]
name = "Clamshells"
sides = "each"
reps = "3-5"
sets = 2

[[exercise]]
name = "Glute bridges"
reps = "3-4"
""",
    "strength.toml",
    "strength",
)
T0 = datetime(2026, 11, 2, 17, 0, tzinfo=UTC)


def record(
    store: FakeStore, routine: Routine, started: datetime, dosing: Dosing = Dosing.COACHED
) -> int:
    """One session run to its end through the engine, at today's prescriptions."""
    clock = FakeClock(0.0)
    dose = before_session(store, routine, now=started).dose(dosing)
    plan = make_plan(routine, dose.prescriptions)
    with SessionRecorder(
        store, utc=lambda: started + timedelta(seconds=clock.now()), clock=clock
    ) as recorder:
        session_id = recorder.begin(routine, plan, "", dosing=dosing)
        drive(SessionEngine(plan, make_script(plan)), clock, recorder.record)
    return session_id


def test_two_easy_sessions_step_every_side_up_before_the_next_one() -> None:
    store = FakeStore()
    for day in (0, 2):
        session_id = record(store, STRENGTH, T0 + timedelta(days=day))
        check_in(store, session_id, CheckIn(pain_after=1))
    before = before_session(store, STRENGTH, now=T0 + timedelta(days=3))
    assert before.dose().prescriptions.doses == {
        ("clamshells", Side.LEFT): Prescription(2, 4),
        ("clamshells", Side.RIGHT): Prescription(2, 4),
        ("glute-bridges", None): Prescription(1, 4),
    }
    assert before.dose().last[("clamshells", Side.LEFT)] == Prescription(2, 3)
    assert before.dose(Dosing.LOWER).prescriptions.doses[("glute-bridges", None)] == (
        Prescription(1, 3)
    )
    assert before.dose(Dosing.AS_WRITTEN).prescriptions.doses == {}
    assert before.offers_lower(6) and not before.offers_lower(5) and not before.offers_lower(None)
    assert before.advice(6) == [
        "Your hip hurts 6/10 before you start. Stop the exercises that hurt and have a "
        "physiotherapist or doctor look at your hip."
    ]
    third = record(store, STRENGTH, T0 + timedelta(days=4))
    with store.reading() as unit:
        asked = {(w.exercise_id, w.side, w.target) for w in unit.history.work(third)}
    assert ("glute-bridges", None, 4) in asked, "the session ran at its prescription"


def test_a_hurt_mark_by_name_or_id_with_or_without_a_side() -> None:
    store = FakeStore()
    session_id = record(store, STRENGTH, T0)
    saved = check_in(store, None, CheckIn(pain_after=2), ["clamshells:right", "Glute Bridges"])
    assert saved.id == session_id and saved.pain_after == 2
    with store.reading() as unit:
        hurt = {(w.exercise_id, w.side) for w in unit.history.work(session_id) if w.pain}
    assert hurt == {("clamshells", Side.RIGHT), ("glute-bridges", None)}
    check_in(store, session_id, CheckIn(), ["CLAMSHELLS"])
    with store.reading() as unit:
        hurt = {(w.exercise_id, w.side) for w in unit.history.work(session_id) if w.pain}
    assert hurt == {("clamshells", Side.LEFT), ("clamshells", Side.RIGHT)}, "the list replaced"
    found = coaching_of(store, [STRENGTH], now=T0 + timedelta(days=1)).routines[0]
    assert [s.standing.why for s in found.exercises] == [
        "down: marked as hurting on the left",
        "down: marked as hurting on the right",
        "stay: one more easy session before stepping up",
    ]


@pytest.mark.parametrize(
    ("hurt", "message"),
    [
        (
            ["lunges"],
            'session 1 has no exercise "lunges" (its exercises: clamshells, glute-bridges)',
        ),
        (["glute-bridges:left"], '"glute-bridges" has no sides'),
    ],
)
def test_a_bad_hurt_mark_is_refused_and_nothing_is_written(hurt: list[str], message: str) -> None:
    store = FakeStore()
    record(store, STRENGTH, T0)
    with pytest.raises(CoachingInputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        check_in(store, None, CheckIn(pain_after=2), hurt)
    with store.reading() as unit:
        assert unit.history.sessions()[0].pain_after is None


def test_no_session_or_an_unknown_one_is_bad_input() -> None:
    store = FakeStore()
    with pytest.raises(CoachingInputError, match="no session recorded yet"):
        check_in(store, None, CheckIn(pain_after=1))
    record(store, STRENGTH, T0)
    with pytest.raises(CoachingInputError, match="no session 7 in history"):
        check_in(store, 7, CheckIn(pain_after=1))


def test_answers_none_is_an_empty_list_and_goes_with_no_other() -> None:
    assert answers_from(["none"]) == ()
    assert answers_from(["sharp", "swelling", "sharp"]) == ("sharp", "swelling")
    with pytest.raises(CoachingInputError, match="cannot go with"):
        answers_from(["none", "sharp"])
    with pytest.raises(CoachingInputError, match="must be one of swelling, sharp"):
        answers_from(["swollen"])


def test_start_over_names_an_exercise_by_name_or_id() -> None:
    store = FakeStore()
    for day in (0, 2):
        check_in(store, record(store, STRENGTH, T0 + timedelta(days=day)), CheckIn(pain_after=0))
    reset = start_over(store, STRENGTH, "Glute bridges", at=T0 + timedelta(days=3))
    assert (reset.routine_id, reset.exercise_id) == ("strength", "glute-bridges")
    found = coaching_of(store, [STRENGTH], now=T0 + timedelta(days=4)).routines[0]
    assert [(s.standing.rung, s.standing.why) for s in found.exercises] == [
        (2, "up: two easy sessions done in full"),
        (2, "up: two easy sessions done in full"),
        (1, "start"),
    ]
    with pytest.raises(CoachingInputError, match='Strength has no exercise "planks"'):
        start_over(store, STRENGTH, "planks")


def test_the_morning_after_question_asks_about_yesterdays_session_once() -> None:
    store = FakeStore()
    session_id = record(store, STRENGTH, T0)
    assert awaiting_next_day(store, T0 + timedelta(hours=2)) is None, "not the same day"
    asked = awaiting_next_day(store, T0 + timedelta(hours=15))
    assert asked is not None and asked.id == session_id
    check_in(store, session_id, CheckIn(next_day=2))
    assert awaiting_next_day(store, T0 + timedelta(hours=16)) is None, "answered"
    assert awaiting_next_day(store, T0 + timedelta(hours=37)) is None, "too long ago"


class Driver:
    """The Qt driver's part that the use case needs, on a fake clock."""

    def __init__(self, engine: SessionEngine, clock: FakeClock) -> None:
        self.engine = engine
        self.clock = clock
        self.listeners: list[Callable[[Event], None]] = []
        self.said: list[str] = []

    def add_listener(self, listener: Callable[[Event], None]) -> None:
        self.listeners.append(listener)

    def _send(self, events: list[Event]) -> None:
        for event in events:
            for listener in self.listeners:
                listener(event)

    def start(self) -> None:
        self._send(self.engine.start(self.clock.now()))

    def skip(self) -> None:
        self._send(self.engine.skip(self.clock.now()))

    def say(self, cue: Cue) -> None:
        self.said.append(cue.say)

    def run_to_end(self) -> None:
        drive(self.engine, self.clock, lambda event: self._send([event]))


def prepared(
    store: FakeStore, log: HistoryLog, dose: SessionDose | None = None
) -> PreparedSession[Driver]:
    clock = log.clock
    assert isinstance(clock, FakeClock)
    session = prepare_session(
        STRENGTH,
        Settings(),
        SilentPlayer(""),
        lambda engine, _player: Driver(engine, clock),
        log,
        dose=dose,
    )
    assert session.ready()  # a silent player is ready at once
    session.begin()  # recorded from here: the driver may start
    return session


def test_this_hurts_marks_the_side_under_way_and_can_skip_the_rest_of_the_exercise() -> None:
    store = FakeStore()
    clock = FakeClock(0.0)
    log = HistoryLog(store, clock=clock, utc=lambda: T0 + timedelta(seconds=clock.now()))
    session = prepared(store, log, before_session(store, STRENGTH, now=T0).dose(Dosing.LOWER))
    session.driver.start()
    assert session.mark_hurt() is not None, "in the prepare: the exercise about to start"
    session.driver.skip()  # into the first work phase: left
    marked = session.mark_hurt()
    assert marked is not None and (marked.exercise.id, marked.side) == ("clamshells", Side.LEFT)
    assert session.driver.said == ["Noted.", "Noted."], "each mark answered aloud"
    session.skip_exercise()
    assert session.plan.phases[session.driver.engine.index].kind.value == "rest"
    session.driver.run_to_end()
    session.close()
    log.close()
    stored = None if session.session_id is None else log.stored_id(session.session_id)
    assert stored is not None
    with store.reading() as unit:
        kept = unit.history.get(stored)
        work = unit.history.work(stored)
    assert kept is not None and kept.status is Status.COMPLETED and kept.dosing is Dosing.LOWER
    assert [(w.exercise_id, w.side, w.outcome.value, bool(w.pain)) for w in work] == [
        ("clamshells", Side.LEFT, "skipped", True),
        ("clamshells", Side.RIGHT, "skipped", False),
        ("clamshells", Side.LEFT, "skipped", True),
        ("clamshells", Side.RIGHT, "skipped", False),
        ("glute-bridges", None, "completed", False),
    ]


def test_the_pain_given_before_is_the_sessions_pain_before_from_its_first_record() -> None:
    store = FakeStore()
    clock = FakeClock(0.0)
    log = HistoryLog(store, clock=clock, utc=lambda: T0 + timedelta(seconds=clock.now()))
    session = prepare_session(
        STRENGTH,
        Settings(),
        SilentPlayer(""),
        lambda engine, _player: Driver(engine, clock),
        log,
        dose=before_session(store, STRENGTH, now=T0).dose(Dosing.LOWER),
        pain_before=7,
    )
    session.begin()
    session.close()  # given up at once: what was begun stays begun, with its pain before
    log.close()
    stored = None if session.session_id is None else log.stored_id(session.session_id)
    assert stored is not None
    with store.reading() as unit:
        kept = unit.history.get(stored)
    assert kept is not None
    assert (kept.pain_before, kept.pain_after, kept.dosing) == (7, None, Dosing.LOWER)
