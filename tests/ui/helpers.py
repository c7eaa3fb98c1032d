"""What the window tests share: a short routine, a log that remembers, a key press, a
session run to its end in fake time."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from hipcoach.adapters.history.recorder import SessionRecorder
from hipcoach.adapters.history.repository import Store
from hipcoach.application.backend import Backend
from hipcoach.core.cues import make_script
from hipcoach.core.engine import Event, Finished, PhaseEnded, SessionEngine, State, Stopped
from hipcoach.core.model import Routine, Side
from hipcoach.core.plan import Plan, make_plan
from hipcoach.core.records import CheckIn, Dosing, LastDone
from hipcoach.ui.shell.main_window import MainWindow
from tests.fakes.clock import FakeClock, drive
from tests.fakes.timer import ManualTime

# prepare 2 | hold L 4 | switch 2 | hold R 4 | rest 2 | prepare 2 | breaths 3 x 2 | rest 2 |
# prepare 2 | reps 3 x 2 | set rest 2 | reps 3 x 2: 40 session seconds.
QUICK = """format = 1
name = "Quick check"
kind = "mixed"
summary = "Three short exercises for the tests."
tags = ["test", "short"]

[defaults]
prepare = 2
switch = 2
rest = 2
set_rest = 2
breath = 2
tempo = [1, 0, 1]

[[exercise]]
name = "Side hold"
how = "Hold still on this side."
sides = "each"
hold = 4

[[exercise]]
name = "Slow breaths"
how = "Breathe in through the nose."
breaths = 3

[[exercise]]
name = "Bridges"
how = "Lift the hips."
reps = 3
sets = 2
"""


@dataclass
class FakeLog:
    """The history store as the window sees it: everything it is told, kept in lists."""

    begun: list[str] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    ended: list[int | None] = field(default_factory=list)
    check_ins: list[tuple[int, CheckIn]] = field(default_factory=list)
    met: dict[str, int] = field(default_factory=dict)  # what times_met answers
    done: dict[str, datetime] = field(default_factory=dict)

    hurt: list[tuple[int | None, str, Side | None]] = field(default_factory=list)

    def begin(self, routine: Routine, plan: Plan, dosing: Dosing = Dosing.COACHED) -> int | None:
        self.begun.append(routine.id)
        return len(self.begun)

    def mark_hurt(self, session_id: int | None, exercise_id: str, side: Side | None) -> None:
        self.hurt.append((session_id, exercise_id, side))

    def record(self, session_id: int | None, event: Event) -> None:
        self.events.append(event)

    def end(self, session_id: int | None) -> None:
        self.ended.append(session_id)
        self.done[self.begun[-1]] = datetime.now().astimezone()

    def check_in(self, session_id: int, check_in: CheckIn) -> None:
        self.check_ins.append((session_id, check_in))

    def last_done(self) -> Mapping[str, LastDone]:
        return {routine: LastDone(at) for routine, at in self.done.items()}

    def times_met(self, routine_id: str) -> Mapping[str, int]:
        return dict(self.met)

    def flush(self, timeout: float | None = None) -> bool:
        return True

    def ended_phases(self) -> list[PhaseEnded]:
        return [e for e in self.events if isinstance(e, PhaseEnded)]


def record_session(
    store: Store,
    routine: Routine,
    started: datetime,
    *,
    stop_at: float | None = None,
    pain: tuple[int, int] | None = None,
    effort: int | None = None,
    notes: str | None = None,
) -> int:
    """Run a session through the engine on a fake clock into the real history, as the app
    records one: completed, or stopped ``stop_at`` session seconds in; then checked in."""
    clock = FakeClock(0.0)
    first = started.astimezone(UTC)
    plan = make_plan(routine)
    engine = SessionEngine(plan, make_script(plan))
    with SessionRecorder(
        store, utc=lambda: first + timedelta(seconds=clock.now()), clock=clock
    ) as recorder:
        session_id = recorder.begin(routine, plan)
        drive(engine, clock, recorder.record, until=stop_at)
        if engine.state not in (State.FINISHED, State.STOPPED):
            for event in engine.stop(clock.now()):
                recorder.record(event)
        if pain is not None or effort is not None or notes is not None:
            before, after = pain if pain is not None else (None, None)
            recorder.checkin(session_id, before, after, effort, notes)
    return session_id


def show_window(qtbot: QtBot, backend: Backend) -> MainWindow:
    """The main window at 800x600, shown, exposed and active, as a runner first sees it."""
    shown = MainWindow(backend)
    qtbot.addWidget(shown)
    shown.resize(800, 600)
    shown.show()
    qtbot.waitExposed(shown)
    shown.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is shown)
    wait_for_library(qtbot, shown)
    return shown


def wait_for_library(qtbot: QtBot, window: MainWindow) -> None:
    """The routines are read on the worker after the window's first paint: wait for them."""
    if not window.loaded:
        with qtbot.waitSignal(window.library_loaded, timeout=10000):
            pass


def start_running(qtbot: QtBot, window: MainWindow, routine_id: str) -> None:
    """Start a routine as the runner does, and wait until its session runs: with a history,
    today's doses are read on the worker first (the player says "getting ready")."""
    window.start_routine(routine_id)
    qtbot.waitUntil(window.player.running, timeout=10000)


def press(qtbot: QtBot, window: MainWindow, key: Qt.Key) -> None:
    """A key as the runner presses it: to the window, where the shortcuts live."""
    qtbot.keyClick(window, key)


def run_to_end(manual: ManualTime, window: MainWindow) -> Finished | Stopped:
    """Let the window's session run on, in fake time, until it ends; what it ended with."""
    assert window.session is not None
    ended: list[Finished | Stopped] = []
    window.session.driver.ended.connect(ended.append)
    manual.run_until(lambda: bool(ended), step=0.5)
    return ended[0]
