"""``hipcoach run``: a guided session in the terminal, by voice and sound, with no window.

It runs on a QCoreApplication (a GUI application aborts without a display). On a terminal
it keeps one live status line and takes single keys; piped, it prints one plain line per
event. Ctrl-C and SIGTERM are caught while Qt's loop runs (through a wakeup socket), so the
session is recorded as stopped and the exit code is 130.
"""

from __future__ import annotations

import contextlib
import os
import sys
import termios
import tty
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from PySide6.QtCore import QCoreApplication, QSocketNotifier

from hipcoach.adapters.qt.driver import SessionDriver
from hipcoach.adapters.qt.stop_signals import StopSignals
from hipcoach.core.cues import CueKind, up_next
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
)
from hipcoach.core.plan import PhaseKind, Plan
from hipcoach.core.text import clock

EXIT_OK = 0
EXIT_STOPPED = 130
BAR_WIDTH = 24

_KIND_LABEL = {
    PhaseKind.PREPARE: "Get ready",
    PhaseKind.WORK: "Work",
    PhaseKind.SWITCH: "Switch sides",
    PhaseKind.EXPLAIN: "How to",
    PhaseKind.SET_REST: "Rest",
    PhaseKind.ROUND_REST: "Rest",
    PhaseKind.REST: "Rest",
}


@dataclass
class TerminalView:
    """What the runner sees in the terminal: a live line on a tty, plain lines otherwise."""

    plan: Plan
    engine: SessionEngine
    now: Callable[[], float]
    out: TextIO
    live: bool

    def on_event(self, event: Event) -> None:
        try:
            if self.live:
                self._live_event(event)
            else:
                self._plain_event(event)
        except (BrokenPipeError, ValueError, OSError):
            # The reader went away (``| head``): the session goes on, recorded, unshown.
            self.live = False
            self.out = Path(os.devnull).open("w")  # noqa: SIM115 - lives as long as the view

    # -- piped: one line per event -------------------------------------------------------

    def _plain_event(self, event: Event) -> None:
        at = clock(event.at)
        line = ""
        if isinstance(event, PhaseStarted):
            phase = event.phase
            side = f" ({phase.side.value})" if phase.side else ""
            sets = f" set {phase.set}/{phase.sets}" if phase.sets > 1 else ""
            if phase.round is not None and phase.rounds:
                sets = f" round {phase.round}/{phase.rounds}"
            line = (
                f"{at} {phase.kind.value} {phase.exercise.name}{side}{sets} {clock(phase.seconds)}"
            )
        elif isinstance(event, PhaseEnded) and event.outcome is not Outcome.COMPLETED:
            line = (
                f"{at} {event.outcome.value} {event.phase.kind.value} {event.phase.exercise.name}"
            )
        elif isinstance(event, CueDue) and event.cue.say and event.cue.kind is not CueKind.HOW:
            line = f"{at}   {event.cue.say}"
        elif isinstance(event, Paused):
            line = f"{at} paused" + (
                " (the computer slept)" if event.reason is PauseReason.SLEEP else ""
            )
        elif isinstance(event, Resumed):
            line = f"{at} resumed"
        elif isinstance(event, Finished | Stopped):
            line = self._summary(event)
        if line:
            print(line, file=self.out, flush=True)

    # -- a terminal: phrases scroll above one live status line ---------------------------

    def _live_event(self, event: Event) -> None:
        text = ""
        if isinstance(event, CueDue) and event.cue.say and event.cue.kind is not CueKind.HOW:
            text = f"  {event.cue.say}"
        elif isinstance(event, Paused):
            text = "  Paused" + (
                ": the computer slept. Press Space to go on."
                if event.reason is PauseReason.SLEEP
                else ". Press Space to go on."
            )
        elif isinstance(event, Finished | Stopped):
            self.out.write("\r\033[K" + self._summary(event) + "\n")
            self.out.flush()
            return
        if text:
            self.out.write("\r\033[K" + text + "\n")
        self.redraw()

    def redraw(self) -> None:
        if not self.live or self.engine.state in (State.FINISHED, State.STOPPED, State.READY):
            return
        try:
            self.out.write("\r\033[K" + self.status_line())
            self.out.flush()
        except (BrokenPipeError, ValueError, OSError):
            self.live = False

    def status_line(self) -> str:
        now = self.now()
        engine = self.engine
        phase = engine.phase
        label = _KIND_LABEL[phase.kind]
        parts = [f"{label}: {phase.exercise.name}" if phase.is_work else label]
        if phase.side:
            parts.append(phase.side.value.upper())
        if phase.round is not None and phase.rounds:
            parts.append(f"round {phase.round}/{phase.rounds}")
        elif phase.sets > 1:
            parts.append(f"set {phase.set}/{phase.sets}")
        parts.append(clock(engine.phase_remaining(now) + 0.999))
        if not phase.is_work:
            parts.append(f"next: {up_next(self.plan, engine.index)}")
        total = self.plan.total_seconds
        left = engine.session_remaining(now)
        done = 1 - left / total if total else 1
        filled = round(done * BAR_WIDTH)
        bar = "#" * filled + "-" * (BAR_WIDTH - filled)
        paused = "  PAUSED" if engine.state is State.PAUSED else ""
        return f"{'  '.join(parts)}  [{bar}] {clock(left)} left{paused}"

    def _summary(self, event: Finished | Stopped) -> str:
        routine = self.plan.routine
        work = f"{event.work_done} of {self.plan.work_total} work phases"
        if isinstance(event, Finished):
            return f"Done: {routine.name}, {clock(event.active_seconds)}, {work}."
        return f"Stopped: {routine.name} after {clock(event.active_seconds)}, {work}."


KEYS_HELP = "Space pause  Enter done  n skip  p back  q stop"


@contextlib.contextmanager
def single_keys(fd: int) -> Iterator[bool]:
    """Read keys one at a time without echo while the session runs; restore on the way out."""
    if not os.isatty(fd):
        yield False
        return
    saved = termios.tcgetattr(fd)
    try:
        tty.setcbreak(fd)
        yield True
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)


def key_action(data: bytes, driver: SessionDriver) -> None:
    """Map what the terminal sent to a control: letters, Enter, and the arrow keys."""
    actions = {
        b" ": driver.toggle_pause,
        b"\n": driver.done,
        b"\r": driver.done,
        b"n": driver.skip,
        b"\x1b[C": driver.skip,
        b"p": driver.back,
        b"\x1b[D": driver.back,
        b"q": driver.stop,
    }
    index = 0
    while index < len(data):
        for key in (data[index : index + 3], data[index : index + 1]):
            action = actions.get(key.lower() if len(key) == 1 else key)
            if action is not None:
                action()
                index += len(key)
                break
        else:
            index += 1


def run_session(
    driver: SessionDriver,
    plan: Plan,
    out: TextIO | None = None,
    keys_fd: int | None = None,
    signals: StopSignals | None = None,
    signalled: list[int] | None = None,
) -> int:
    """Run one session to its end on a QCoreApplication; 0 when finished, 130 when stopped.

    The signals that stopped it (Ctrl-C, SIGTERM) are added to ``signalled``."""
    out = out or sys.stdout
    existing = QCoreApplication.instance()
    app = existing if existing is not None else QCoreApplication([sys.argv[0]])
    live = out.isatty()
    view = TerminalView(plan, driver.engine, driver.now, out, live)
    driver.add_listener(view.on_event)
    driver.display.connect(view.redraw)
    outcome = {"code": EXIT_OK, "signalled": False}

    def on_signal(number: int) -> None:
        outcome["signalled"] = True
        if signalled is not None:
            signalled.append(number)
        driver.stop()

    def on_end(event: object) -> None:
        outcome["code"] = EXIT_STOPPED if isinstance(event, Stopped) else EXIT_OK
        app.quit()

    driver.ended.connect(on_end)
    # Signals caught since before the session was recorded are handled here, on the loop.
    own_signals = signals is None
    if signals is None:
        signals = StopSignals(on_signal)
    else:
        signals.handle_with(on_signal)
    fd = sys.stdin.fileno() if keys_fd is None else keys_fd
    try:
        with single_keys(fd) as reading_keys:
            notifier = None
            if reading_keys:
                notifier = QSocketNotifier(fd, QSocketNotifier.Type.Read)
                notifier.activated.connect(lambda: key_action(os.read(fd, 32), driver))
                print(KEYS_HELP, file=out, flush=True)
            driver.start()
            if driver.engine.state is State.RUNNING:
                app.exec()
            if notifier is not None:
                notifier.setEnabled(False)
    finally:
        if own_signals:
            signals.close()
    return int(outcome["code"])
