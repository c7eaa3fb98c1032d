"""The Qt driver on a real event loop and the real monotonic clock."""

from __future__ import annotations

import subprocess
import sys

import pytest
from pytestqt.qtbot import QtBot

from hipcoach.adapters.qt.driver import SessionDriver
from hipcoach.core.cues import make_script
from hipcoach.core.engine import (
    CueDue,
    Event,
    Finished,
    MonotonicClock,
    PhaseStarted,
    SessionEngine,
    State,
    Stopped,
)
from hipcoach.core.plan import Plan, make_plan
from hipcoach.core.routine_file import parse_routine
from tests.fakes.player import RecordingPlayer
from tests.fakes.timer import ManualTime

ROUTINE = (
    'format = 1\nname = "Quick"\n[defaults]\nprepare = 3\nswitch = 2\n'
    '[[exercise]]\nname = "A"\nhold = 4\nsides = "each"\n'
)  # prepare 0-3, left 3-7, switch 7-9, right 9-13


def quick_plan() -> Plan:
    return make_plan(parse_routine(ROUTINE.encode(), "q.toml", "q"))


def test_a_session_runs_on_time_and_every_cue_reaches_the_player(qtbot: QtBot) -> None:
    plan = quick_plan()
    clock = MonotonicClock()
    player = RecordingPlayer(now=clock.now)
    speed = 20.0
    driver = SessionDriver(SessionEngine(plan, make_script(plan), speed=speed), player, clock)
    seen: list[tuple[float, Event]] = []
    driver.add_listener(lambda event: seen.append((clock.now(), event)))

    with qtbot.wait_signal(driver.ended, timeout=5000) as ended:
        driver.start()
    assert isinstance(ended.args[0], Finished)
    assert driver.origin is not None
    begin = driver.origin  # the session's first instant

    starts = [(at - begin, e) for at, e in seen if isinstance(e, PhaseStarted)]
    assert [e.at for _, e in starts] == [0, 3, 7, 9]
    for wall, event in starts:
        # Never early; late by no more than a loaded machine's scheduling jitter.
        assert event.at / speed <= wall < event.at / speed + 0.05
    cues = [e.cue for _, e in seen if isinstance(e, CueDue)]
    assert [cue for _, cue in player.played] == cues
    assert len(cues) == sum(len(c) for c in make_script(plan).phases)


def test_controls_silence_the_player_before_acting(qtbot: QtBot) -> None:
    plan = quick_plan()
    clock = MonotonicClock()
    player = RecordingPlayer(now=clock.now)
    driver = SessionDriver(SessionEngine(plan, make_script(plan), speed=1.0), player, clock)
    driver.start()
    driver.skip()
    assert driver.engine.index == 1 and len(player.silenced) == 1
    driver.pause()
    assert driver.engine.state is State.PAUSED and len(player.silenced) == 2
    driver.toggle_pause()
    assert driver.engine.state is State.RUNNING
    with qtbot.wait_signal(driver.ended, timeout=2000) as ended:
        driver.stop()
    assert isinstance(ended.args[0], Stopped)
    assert len(player.silenced) == 3


def test_a_paused_driver_sets_no_timer_for_the_engine_and_moves_on_after_resume() -> None:
    plan = quick_plan()
    manual = ManualTime()
    driver = SessionDriver(
        SessionEngine(plan, make_script(plan)), clock=manual.clock, timers=manual
    )
    events: list[Event] = []
    driver.happened.connect(events.append)
    driver.start()
    engine_timer = manual.timers[0]
    manual.advance(1.0)
    driver.pause()
    count = len(events)
    assert not engine_timer.active
    manual.advance(60.0)  # four times the whole plan, were it running
    assert len(events) == count
    assert driver.engine.index == 0
    driver.resume()
    assert engine_timer.active
    manual.advance(2.0 + 1e-3)  # the 2 s left of the get-ready, and the hold begins
    assert driver.engine.index == 1
    assert [e.index for e in events[count:] if isinstance(e, PhaseStarted)] == [1]


def test_thousands_of_signal_emissions_do_not_crash_the_interpreter() -> None:
    """PySide6 6.12.0 decrefs True on every Signal.emit: Python 3.11 aborts (exit 134).

    hipcoach pins 6.11.3; this guards the pin, since a long session emits thousands.
    """
    code = (
        "from PySide6.QtCore import QCoreApplication, QObject, Signal\n"
        "class Source(QObject):\n    fired = Signal(object)\n"
        "app = QCoreApplication([])\nsource = Source()\nsource.fired.connect(lambda e: None)\n"
        "for n in range(20000):\n    source.fired.emit(n)\nprint('ok')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert (result.returncode, result.stdout) == (0, "ok\n"), result.stderr[-500:]


def test_a_failing_listener_neither_stops_the_session_nor_keeps_it_from_ending(
    qtbot: QtBot, caplog: pytest.LogCaptureFixture
) -> None:
    plan = quick_plan()
    driver = SessionDriver(SessionEngine(plan, make_script(plan), speed=100.0))

    def broken(_event: Event) -> None:
        raise BrokenPipeError("the terminal went away")

    driver.add_listener(broken)
    with qtbot.wait_signal(driver.ended, timeout=5000) as ended:
        driver.start()
    assert isinstance(ended.args[0], Finished)
    assert "a session listener failed" in caplog.text


def test_a_player_that_wants_cues_ahead_gets_each_once_with_its_instant(qtbot: QtBot) -> None:
    plan = quick_plan()
    clock = MonotonicClock()
    player = RecordingPlayer(now=clock.now, ahead=0.2)
    speed = 10.0
    driver = SessionDriver(SessionEngine(plan, make_script(plan), speed=speed), player, clock)
    due: list[CueDue] = []
    driver.add_listener(lambda e: due.append(e) if isinstance(e, CueDue) else None)
    with qtbot.wait_signal(driver.ended, timeout=5000):
        before = clock.now()
        driver.start()
    assert driver.origin is not None
    start = driver.origin  # the session's first instant, a lead away
    assert before + 0.2 <= start
    assert [cue for _, cue in player.played] == [e.cue for e in due], "each cue once, in order"
    for (handed, cue), at, event in zip(player.played, player.instants, due, strict=True):
        assert at is not None
        assert at == pytest.approx(start + event.at / speed, abs=0.01)
        assert handed <= at, f"{cue.kind} was handed over after its instant"
        assert at - handed <= 0.2 + 0.05


def test_skipping_forgets_cues_handed_ahead_and_hands_the_new_ones(qtbot: QtBot) -> None:
    plan = quick_plan()
    clock = MonotonicClock()
    player = RecordingPlayer(now=clock.now, ahead=0.5)
    driver = SessionDriver(SessionEngine(plan, make_script(plan), speed=1.0), player, clock)
    driver.start()
    handed_before = len(player.played)
    assert handed_before >= 1  # the announce, a lead before the first instant
    driver.skip()
    assert len(player.silenced) == 1
    new = player.played[handed_before:]
    assert [cue.kind.value for _, cue in new][:1] == ["go"], "the work phase's cues, at once"
    driver.stop()
