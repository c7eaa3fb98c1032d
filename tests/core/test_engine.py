"""The session engine under a fake clock: exact instants, every control, no sleeping."""

from __future__ import annotations

import itertools
import time
from pathlib import Path
from textwrap import dedent

import pytest

from hipcoach.core.cues import CueKind, make_script
from hipcoach.core.engine import (
    CueDue,
    Event,
    Finished,
    Outcome,
    Paused,
    PauseReason,
    PhaseEnded,
    PhaseStarted,
    Resumed,
    SessionEngine,
    State,
    Stopped,
    machine_suspended,
)
from hipcoach.core.plan import PhaseKind, Plan, make_plan
from hipcoach.core.routine_file import load_routine, parse_routine
from tests.fakes.clock import FakeClock, drive

SHIPPED = sorted((Path(__file__).resolve().parents[2] / "routines").glob("*.toml"))

MIXED = dedent(
    """\
    format = 1
    name = "Every phase"
    [defaults]
    prepare = 5
    switch = 4
    set_rest = 10
    rest = 6

    [[exercise]]
    name = "Clamshell"
    sides = "each"
    reps = 4
    sets = 2
    tempo = [1, 0, 2]

    [[exercise]]
    name = "Pigeon"
    hold = 20
    """
)
# prepare 0-5, work L 5-17, switch 17-21, work R 21-33, set_rest 33-43,
# work L 43-55, switch 55-59, work R 59-71, rest 71-77, prepare 77-82, work 82-102


def plan_of(text: str) -> Plan:
    return make_plan(parse_routine(text.encode(), "t.toml", "t"))


def engine_for(plan: Plan, speed: float = 1.0) -> SessionEngine:
    return SessionEngine(plan, make_script(plan), speed=speed)


def run_until(engine: SessionEngine, clock: FakeClock, until: float | None = None) -> list[Event]:
    """Poll exactly when the engine asks, as the Qt driver does, up to wall time ``until``."""
    return drive(engine, clock, until=until)


def starts(events: list[Event]) -> list[tuple[float, str]]:
    return [(e.at, e.phase.kind.value) for e in events if isinstance(e, PhaseStarted)]


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_every_shipped_routine_runs_to_the_end_on_its_exact_instants(path: Path) -> None:
    plan = make_plan(load_routine(path))
    engine, clock = engine_for(plan), FakeClock(1000.0)
    events = engine.start(clock.now()) + run_until(engine, clock)

    assert [e.at for e in events if isinstance(e, PhaseStarted)] == [p.start for p in plan.phases]
    ends = [e for e in events if isinstance(e, PhaseEnded)]
    assert [e.at for e in ends] == [p.end for p in plan.phases]
    assert all(e.outcome is Outcome.COMPLETED for e in ends)
    assert [e.done for e in ends if e.phase.is_work] == [e.target for e in ends if e.phase.is_work]
    script = make_script(plan)
    due = [(e.index, e.at, e.cue) for e in events if isinstance(e, CueDue)]
    expected = [
        (i, plan.phases[i].start + cue.offset, cue)
        for i, cues in enumerate(script.phases)
        for cue in cues
    ]
    assert due == expected
    assert all(e.late == 0 for e in events if isinstance(e, CueDue))
    assert events[-1] == Finished(plan.total_seconds, plan.total_seconds, plan.work_total)
    assert clock.now() == 1000.0 + plan.total_seconds
    assert engine.state is State.FINISHED
    assert engine.next_wake(clock.now()) is None


def test_a_40_minute_routine_runs_exactly_at_speed_1() -> None:
    text = 'format = 1\nname = "Long"\n' + "".join(
        f'[[exercise]]\nname = "Hold {n}"\nhold = 600\nsides = "each"\n' for n in range(2)
    )
    plan = plan_of(text)
    assert plan.total_seconds >= 40 * 60
    engine, clock = engine_for(plan), FakeClock()
    events = engine.start(0.0) + run_until(engine, clock)
    assert isinstance(events[-1], Finished)
    assert events[-1].at == plan.total_seconds
    assert clock.now() == plan.total_seconds


def test_speed_runs_the_session_clock_faster() -> None:
    plan = plan_of(MIXED)
    engine, clock = engine_for(plan, speed=50), FakeClock(10.0)
    events = engine.start(10.0) + run_until(engine, clock)
    assert events[-1].at == 102  # session seconds, as history records them
    assert clock.now() == pytest.approx(10.0 + 102 / 50)


def test_pause_across_a_phase_end_shifts_every_later_instant() -> None:
    plan = plan_of(MIXED)
    engine, clock = engine_for(plan), FakeClock()
    engine.start(0.0)
    run_until(engine, clock, until=3.0)
    assert engine.pause(3.0)[-1] == Paused(3.0, PauseReason.USER)
    assert engine.next_wake(3.0) is None
    assert engine.poll(60.0) == [], "nothing moves while paused"
    assert engine.phase_remaining(60.0) == 2.0
    assert engine.resume(100.0) == [Resumed(3.0)]
    events = run_until(engine, clock, until=105.0)
    assert starts(events) == [(5.0, "work")]
    ended = next(e for e in events if isinstance(e, PhaseEnded))
    assert (ended.phase.kind, ended.elapsed) == (PhaseKind.PREPARE, 5.0)
    assert clock.now() == 105.0
    run_until(engine, clock)
    assert clock.now() == 102 + 97  # the whole plan plus the 97 s pause
    assert engine.active(clock.now()) == 102


@pytest.mark.parametrize(
    ("at", "kind", "next_kind"),
    [
        (2.0, "prepare", "work"),
        (10.0, "work", "switch"),
        (18.0, "switch", "work"),
        (35.0, "set_rest", "work"),
        (72.0, "rest", "prepare"),
    ],
)
def test_skip_moves_to_the_next_phase_at_once(at: float, kind: str, next_kind: str) -> None:
    plan = plan_of(MIXED)
    engine, clock = engine_for(plan), FakeClock()
    engine.start(0.0)
    run_until(engine, clock, until=at)
    events = engine.skip(at)
    ended = events[0]
    assert isinstance(ended, PhaseEnded)
    assert (ended.phase.kind.value, ended.outcome, ended.at) == (kind, Outcome.SKIPPED, at)
    assert starts(events) == [(at, next_kind)]
    assert engine.phase_remaining(at) == engine.phase.seconds


def test_skipped_work_is_not_counted_and_skipping_the_last_phase_finishes() -> None:
    plan = plan_of(MIXED)
    engine, clock = engine_for(plan), FakeClock()
    engine.start(0.0)
    events = []
    for _ in plan.phases:
        events += engine.skip(clock.advance(1.0))
    assert isinstance(events[-1], Finished)
    assert events[-1].work_done == 0
    assert events[-1].active_seconds == len(plan.phases)
    assert engine.skip(clock.advance(1.0)) == []


def test_done_on_a_rep_set_records_the_reps_counted_so_far() -> None:
    plan = plan_of(MIXED)  # 4 reps x 3 s = 12 s, left side from 5 s
    engine, clock = engine_for(plan), FakeClock()
    engine.start(0.0)
    run_until(engine, clock, until=12.5)  # 7.5 s in: two reps finished, the third under way
    events = engine.done(12.5)
    ended = events[0]
    assert isinstance(ended, PhaseEnded)
    assert (ended.outcome, ended.done, ended.target, ended.elapsed) == (Outcome.DONE, 2, 4, 7.5)
    assert starts(events) == [(12.5, "switch")]
    assert engine.work_done == 1


def test_done_outside_a_work_phase_changes_nothing() -> None:
    plan = plan_of(MIXED)
    engine = engine_for(plan)
    engine.start(0.0)
    assert not any(isinstance(e, (PhaseEnded, PhaseStarted)) for e in engine.done(2.0))
    assert engine.phase.kind is PhaseKind.PREPARE
    assert engine.phase_remaining(2.0) == 3.0


def test_back_restarts_the_phase_and_replays_its_cues() -> None:
    plan = plan_of(MIXED)
    engine, clock = engine_for(plan), FakeClock()
    engine.start(0.0)
    run_until(engine, clock, until=9.0)
    events = engine.back(9.0)
    assert isinstance(events[0], PhaseEnded) and events[0].outcome is Outcome.RESTARTED
    assert starts(events) == [(9.0, "work")]
    assert [e.cue.kind for e in events if isinstance(e, CueDue)] == [CueKind.GO, CueKind.REP]
    assert engine.phase_remaining(9.0) == 12.0
    # A second back more than 2 s later restarts it again.
    run_until(engine, clock, until=12.0)
    assert starts(engine.back(12.0)) == [(12.0, "work")]
    assert engine.index == 1


def test_back_twice_within_two_seconds_goes_to_the_previous_work_phase() -> None:
    plan = plan_of(MIXED)
    engine, clock = engine_for(plan), FakeClock()
    engine.start(0.0)
    run_until(engine, clock, until=36.0)  # set rest after set 1
    assert engine.phase.kind is PhaseKind.SET_REST
    engine.back(36.0)
    events = engine.back(37.5)
    # The right side's work, entered through its switch so the runner can get in place.
    assert starts(events) == [(37.5, "switch")]
    assert engine.phase.side is not None and engine.phase.side.value == "right"
    run_until(engine, clock, until=37.5 + 4)
    assert engine.phase.is_work


def test_work_done_again_after_two_backs_counts_once() -> None:
    plan = plan_of(MIXED)
    engine, clock = engine_for(plan), FakeClock()
    engine.start(0.0)
    run_until(engine, clock, until=36.0)  # both sides of set 1 done, resting
    assert engine.work_done == 2
    engine.back(36.0)
    engine.back(37.5)  # the right side of set 1 again
    events = run_until(engine, clock)
    assert events[-1] == Finished(122.5, 122.5, plan.work_total), "5 of 5, never 6 of 5"


def test_back_at_the_first_phase_restarts_it() -> None:
    plan = plan_of(MIXED)
    engine = engine_for(plan)
    engine.start(0.0)
    engine.back(1.0)
    assert starts(engine.back(1.5)) == [(1.5, "prepare")]
    assert engine.index == 0


def test_stop_ends_the_session_with_the_phase_in_progress() -> None:
    plan = plan_of(MIXED)
    engine, clock = engine_for(plan), FakeClock()
    engine.start(0.0)
    run_until(engine, clock, until=20.0)
    events = engine.stop(20.0)
    assert isinstance(events[0], PhaseEnded) and events[0].outcome is Outcome.STOPPED
    assert events[-1] == Stopped(20.0, 20.0, 1)
    assert engine.state is State.STOPPED
    assert engine.poll(30.0) == [] and engine.next_wake(30.0) is None
    assert engine.skip(31.0) == [] and engine.stop(32.0) == []


def test_a_sleep_of_the_machine_pauses_the_session_where_it_was() -> None:
    plan = plan_of(MIXED)
    clock = FakeClock()
    engine = SessionEngine(plan, make_script(plan), suspended=clock.suspended)
    engine.start(0.0)
    run_until(engine, clock, until=10.0)
    clock.suspend(600)  # the lid was closed for ten minutes: the monotonic clock stood still
    events = engine.poll(clock.advance(0.3))
    assert events == [Paused(10.0, PauseReason.SLEEP)]
    assert engine.state is State.PAUSED
    assert engine.index == 1 and engine.phase_remaining(clock.now()) == 7.0
    engine.resume(clock.set(700.0))
    run_until(engine, clock)
    assert clock.now() == 700.0 + 92


def test_a_stalled_process_is_not_a_sleeping_machine() -> None:
    """A poll 30 s late (the process waited on a lock, or was starved of CPU) is no sleep:
    the phases that fell due meanwhile end at their deadlines, in order, and go on."""
    plan = plan_of(MIXED)
    clock = FakeClock()
    engine = SessionEngine(plan, make_script(plan), suspended=clock.suspended)
    engine.start(0.0)
    run_until(engine, clock, until=10.0)
    events = engine.poll(clock.advance(30.0))
    assert not any(isinstance(e, Paused) for e in events)
    assert engine.state is State.RUNNING
    assert starts(events) == [(17.0, "switch"), (21.0, "work"), (33.0, "set_rest")]
    ended = [(e.at, e.outcome) for e in events if isinstance(e, PhaseEnded)]
    assert ended == [
        (17.0, Outcome.COMPLETED),
        (21.0, Outcome.COMPLETED),
        (33.0, Outcome.COMPLETED),
    ]
    assert not any(e.playable for e in events if isinstance(e, CueDue) and e.at < 39.75)
    run_until(engine, clock)
    assert clock.now() == 102.0, "the session ends when its plan says, not later"


def test_a_late_poll_flags_cues_late_but_keeps_the_timeline() -> None:
    plan = plan_of(MIXED)
    engine = engine_for(plan)
    engine.start(0.0)
    engine.poll(1.0)
    events = engine.poll(5.4)  # the prepare ticks at 2, 3, 4 s and the go at 5 s
    ticks = [e for e in events if isinstance(e, CueDue)]
    assert [round(e.late, 6) for e in ticks[:3]] == [3.4, 2.4, 1.4]
    assert not any(e.playable for e in ticks)
    assert starts(events) == [(5.0, "work")], "the phase still started on its instant"
    assert engine.phase_remaining(5.4) == pytest.approx(11.6)


CONTROLS = ["pause", "skip", "back", "done", "stop", "toggle_pause"]


@pytest.mark.parametrize("control", CONTROLS)
def test_every_control_in_every_phase_keeps_the_session_consistent(control: str) -> None:
    plan = plan_of(MIXED)
    for index, phase in enumerate(plan.phases):
        engine, clock = engine_for(plan), FakeClock()
        engine.start(0.0)
        middle = phase.start + phase.seconds / 2
        run_until(engine, clock, until=middle)
        assert engine.index == index
        events = getattr(engine, control)(middle)
        assert all(a.at <= b.at for a, b in itertools.pairwise(events))
        engine.resume(clock.advance(1.0))
        rest = run_until(engine, clock)
        final = (events + rest)[-1]
        if control == "stop":
            assert isinstance(final, Stopped) and engine.state is State.STOPPED
        else:
            assert isinstance(final, Finished), (control, phase.kind)
            expected = plan.work_total - (1 if control == "skip" and phase.is_work else 0)
            assert final.work_done == expected


def test_upcoming_cues_for_a_player_that_wants_them_ahead() -> None:
    plan = plan_of(MIXED)
    engine, clock = engine_for(plan), FakeClock(100.0)
    engine.start(100.0, at=100.25)  # the first instant a quarter second away
    assert engine.phase_remaining(100.0) == 5.0
    coming, later = engine.upcoming(100.0, 0.25)
    assert [(c.wall, c.cue.kind) for c in coming] == [(100.25, CueKind.ANNOUNCE)]
    assert later == 102.25  # the first countdown tick
    events = run_until(engine, clock, until=104.25)  # the last prepare tick, at 4 s
    due = [e for e in events if isinstance(e, CueDue)]
    assert due[0].key == coming[0].key, "the same cue, known by the same key"
    # Across the phase end: the go and the first rep of the work phase that follows.
    coming, later = engine.upcoming(clock.now(), 3.0)
    assert [(c.index, c.at, c.cue.kind) for c in coming] == [
        (1, 5.0, CueKind.GO),
        (1, 5.0, CueKind.REP),
    ]
    assert later == 108.25  # the second rep
    engine.pause(clock.now())
    assert engine.upcoming(clock.now(), 3.0) == ([], None)


def test_the_machine_clock_does_not_take_a_pause_of_this_process_for_a_suspend() -> None:
    before = machine_suspended()
    time.sleep(0.2)  # this process waits; the machine stays awake
    assert abs(machine_suspended() - before) < 0.05


def test_the_closing_words_say_complete_only_when_every_work_phase_was_done() -> None:
    plan = plan_of(
        'format = 1\nname = "Two"\n[[exercise]]\nname = "A"\nhold = 5\n'
        '[[exercise]]\nname = "B"\nhold = 5\n'
    )
    said: dict[str, str] = {}
    for skip in (False, True):
        clock = FakeClock()
        engine = engine_for(plan)
        events = engine.start(0.0)
        if skip:
            events += run_until(engine, clock, until=6.0)
            events += engine.skip(clock.now())  # A's hold, 1 s in
        events += run_until(engine, clock)
        finish = [
            e.cue.say for e in events if isinstance(e, CueDue) and e.cue.kind.value == "finish"
        ]
        assert len(finish) == 1
        said["skipped" if skip else "whole"] = finish[0]
    assert said["whole"].startswith("Well done. Two is complete")
    assert said["skipped"] == "That is the end of Two. Some work was skipped this time."
    # Both are known before the session starts, so both are rendered ahead.
    assert set(said.values()) <= set(make_script(plan).phrases())
