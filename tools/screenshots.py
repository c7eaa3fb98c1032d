"""Screenshots of every page of the desktop app, for a person to look at, in both palettes.

The app runs with a temporary data folder whose history is seeded, through the real history
store, with eight weeks of sessions (run, stopped, interrupted, checked in) and of runs, a
weekly plan, and last night's session checked in at 7/10 (a red flag, and the morning-after
question); this morning's run is a spike (a caution). A clock that moves only when told
lets each picture of the player catch the exact moment it
names (12 s left in a hold, mid in-breath, rep 5 of a set, a rest, a switch, get ready,
paused) whatever the machine's speed; "pain now" before a session, and its advice at 7
(``before-*``); the editor is shown on an exercise, a circuit, a
field with a problem and its timeline (``editor-*``). Every page is saved in the light and
the dark palette, at 800x600 (the smallest window) and 1920x1080 (full screen on a common
monitor), as ``PAGE-PALETTE-WxH.png``.

Usage: python tools/screenshots.py [OUTDIR] [--docs] [--only PAGE]...
(default OUTDIR: out/screenshots/; PAGE: library, editor, player, history, settings)
``--docs`` also writes the set README shows into docs/screenshots/.
Runs offscreen unless a display is set (e.g. under ``xvfb-run -a``).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, QPoint
from PySide6.QtGui import QColor, QPalette
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from hipcoach.adapters.history.recorder import SessionRecorder  # noqa: E402
from hipcoach.adapters.history.store import HistoryStore, open_history  # noqa: E402
from hipcoach.adapters.qt.driver import SessionDriver  # noqa: E402
from hipcoach.adapters.settings_file import SettingsFile  # noqa: E402
from hipcoach.application.backend import Backend  # noqa: E402
from hipcoach.application.coaching import read_coach  # noqa: E402
from hipcoach.core.cues import make_script  # noqa: E402
from hipcoach.core.engine import Event, PhaseStarted, SessionEngine, State  # noqa: E402
from hipcoach.core.model import Routine, Side, Unit  # noqa: E402
from hipcoach.core.plan import Phase, Plan, make_plan  # noqa: E402
from hipcoach.core.records import CheckIn, Dosing, LastDone  # noqa: E402
from hipcoach.core.routine_file import load_routine  # noqa: E402
from hipcoach.core.runs import NewRun, RunSource  # noqa: E402
from hipcoach.core.settings import Look  # noqa: E402
from hipcoach.ui.editor.items import circuit, exercise  # noqa: E402
from hipcoach.ui.editor.page import WIDE  # noqa: E402
from hipcoach.ui.shell.main_window import MainWindow  # noqa: E402
from tests.fakes.clock import FakeClock  # noqa: E402
from tests.fakes.player import RecordingPlayer  # noqa: E402

# The longest exercise name a routine file allows (80 characters) and a long how-to.
LONG_HOW = (
    "Lie on this side with your head on your lower arm and the lower knee bent for balance. "
    "Stack the hips one above the other and keep the pelvis from rolling back. Lift the top "
    "leg a hand's width, heel leading, toes level; pause for a breath at the top, then lower "
    "it over three slow counts. If the front of the hip takes over, lift less. Keep the waist "
    "long, the neck soft and the breath moving; stop at the first pinch in the joint."
)
LONG = f"""format = 1
name = "Long names"
kind = "strength"
[[exercise]]
name = "Supported side-lying hip abduction with a pause at the top, slow and steady"
how = "{LONG_HOW}"
sides = "each"
hold = 40
"""
SMALL = (800, 600)
LARGE = (1920, 1080)
DOCS = REPO / "docs" / "screenshots"
SECTIONS = frozenset({"library", "editor", "player", "history", "settings"})
DOCS_PAGES = (
    "library",
    "editor-exercise",
    "editor-problem",
    "player-hold",
    "player-reps",
    "player-breath",
    "player-rest",
    "before-advice",
    "check-in",
    "history",
    "history-exercises",
    "settings",
    "settings-timings",
    "settings-plan",
    "settings-reminder",
)


# -- a history worth looking at ----------------------------------------------------------------


@dataclass(frozen=True)
class Planned:
    """One seeded session: which routine, when (local), how it went, how it felt."""

    routine: str
    day: date
    hour: int
    right_share: float = 1.0  # the right side's strength work ends early at this share
    left_hold_share: float = 1.0  # the left side's holds end early at this share
    stop_at: float | None = None  # stopped this far in (share of the whole session)
    interrupted: bool = False  # the process died: no end recorded
    pain: tuple[int, int] | None = None
    effort: int | None = None
    note: str = ""
    next_day: int | None = None  # the pain the morning after
    hurt: str | None = None  # this exercise's right side was marked as hurting


def seeded_sessions(today: date) -> list[Planned]:
    """Eight weeks: stretching after runs, strength once then twice a week, yoga on some
    Sundays; a week with only a stopped session breaks an older streak; the right side
    catches up with the left over the weeks."""
    monday = today - timedelta(days=today.weekday())
    out: list[Planned] = []
    for weeks_ago in range(7, -1, -1):
        start = monday - timedelta(weeks=weeks_ago)
        progress = (7 - weeks_ago) / 7  # 0 eight weeks ago, 1 this week
        pain_before = 4 - round(progress * 3)
        if weeks_ago == 5:
            out.append(
                Planned(
                    "hip-strength", start + timedelta(days=1), 19, 0.7, stop_at=0.45,
                    pain=(5, 5), effort=7, note="Hip sore after the long run, stopped early.",
                )
            )  # fmt: skip
            continue
        out.append(
            Planned(
                "post-run-stretch", start + timedelta(days=1), 19,
                left_hold_share=0.75 + 0.25 * progress,
                pain=(pain_before, max(0, pain_before - 1)), effort=3,
            )
        )  # fmt: skip
        out.append(
            Planned(
                "hip-strength", start + timedelta(days=3), 18, 0.72 + 0.28 * progress,
                pain=(pain_before, max(0, pain_before - 1)), effort=6 + (weeks_ago % 2),
                note="Right side still weaker on clamshells." if weeks_ago == 6 else "",
                hurt="clamshells" if weeks_ago in (6, 2) else None,
                next_day=4 if weeks_ago == 4 else None,
            )
        )  # fmt: skip
        if weeks_ago <= 3:
            out.append(
                Planned(
                    "hip-strength", start + timedelta(days=5), 10, 0.8 + 0.2 * progress,
                    interrupted=weeks_ago == 3, effort=6,
                )
            )  # fmt: skip
        if weeks_ago % 2 == 0:
            out.append(
                Planned(
                    "yoga-hip-flow", start + timedelta(days=6), 9,
                    pain=(max(0, pain_before - 1), 0), effort=2,
                    note="Lovely and slow." if weeks_ago == 0 else "",
                )
            )  # fmt: skip
    # Last night's strength session hurt: 7/10 after it (a red flag; asked about this morning).
    out.append(
        Planned("hip-strength", today - timedelta(days=1), 19, pain=(3, 7), effort=8,
                note="Sharp on the right side in the lunges.")
    )  # fmt: skip
    now = datetime.now()
    return [
        p for p in out if datetime.combine(p.day, datetime.min.time()).replace(hour=p.hour) < now
    ]


PLAN = """\
format = 1

[[routine]]
id = "hip-strength"
per_week = "1-3"
spacing = 1

[[routine]]
id = "post-run-stretch"
after_run = true

[[routine]]
id = "yoga-hip-flow"
per_week = 1
"""


def seeded_runs(today: date) -> list[NewRun]:
    """Eight weeks of three runs a week, the long one growing gently; then this morning a
    run well past the month's longest (the single-run spike caution)."""
    monday = today - timedelta(days=today.weekday())
    runs = []
    for weeks_ago in range(7, -1, -1):
        start = monday - timedelta(weeks=weeks_ago)
        for offset, hour, km, source in (
            (1, 7, 6.0 + 0.2 * (7 - weeks_ago), RunSource.GPX),
            (3, 18, 5.2, RunSource.FIT),
            (5, 8, 6.5 + 0.45 * (7 - weeks_ago), RunSource.TCX),
        ):
            day = start + timedelta(days=offset)
            if day >= today:
                continue
            begun = datetime.combine(day, datetime.min.time()).replace(hour=hour).astimezone()
            runs.append(NewRun(day, round(km, 1), km * 5.9, source, begun, begun, None))
    morning = datetime.combine(today, datetime.min.time()).replace(hour=7, minute=10).astimezone()
    runs.append(NewRun(today, 12.4, 71.0, RunSource.GPX, morning, morning, None))
    return runs


def seed_week(store: HistoryStore, folder: Path, today: date) -> None:
    """The plan, the runs, and last night's sore session (a red flag, the question)."""
    (folder / "plan.toml").write_text(PLAN, encoding="utf-8")
    with store.unit_of_work() as unit:
        for run in seeded_runs(today):
            unit.history.add_run(run)
        unit.commit()


def replay(store: HistoryStore, routine: Routine, planned: Planned) -> None:
    """Run one session through the engine on a fake clock, recorded as the app records it."""
    clock = FakeClock(1000.0)
    started = datetime.combine(planned.day, datetime.min.time()).replace(hour=planned.hour)
    started_utc = started.astimezone()

    def utc() -> datetime:
        return started_utc + timedelta(seconds=clock.now() - 1000.0)

    # At the coach's prescriptions, as the app runs a session: the sides part ways.
    coaching = read_coach(store, now=started_utc).routine(routine)
    plan = make_plan(routine, coaching.prescriptions())
    engine = SessionEngine(plan, make_script(plan))
    recorder = SessionRecorder(store, utc=utc, clock=clock)
    session_id = recorder.begin(routine, plan)
    stop_at = None if planned.stop_at is None else 1000.0 + plan.total_seconds * planned.stop_at
    early: float | None = None

    def feed(events: list[Event]) -> None:
        nonlocal early
        for event in events:
            recorder.record(event)
            if isinstance(event, PhaseStarted):
                early = _early_end(event.phase, planned, clock.now())

    feed(engine.start(clock.now()))
    while (wake := engine.next_wake(clock.now())) is not None:
        if stop_at is not None and wake >= stop_at:
            clock.set(stop_at)
            feed(engine.poll(stop_at))
            if planned.interrupted:
                break
            feed(engine.stop(stop_at))
            break
        if early is not None and early <= wake:
            clock.set(early)
            early = None
            feed(engine.done(clock.now()))
            continue
        clock.set(wake)
        feed(engine.poll(wake))
        if planned.interrupted and engine.index > len(plan.phases) // 2:
            break
    recorder.close()  # an unfinished session is kept as interrupted
    if planned.pain is not None or planned.effort is not None or planned.note:
        before, after = planned.pain if planned.pain is not None else (None, None)
        recorder.checkin(session_id, before, after, planned.effort, planned.note or None)
    if planned.hurt is not None or planned.next_day is not None:
        with store.unit_of_work() as unit:
            if planned.hurt is not None:
                unit.history.mark_hurt(session_id, planned.hurt, Side.RIGHT)
            if planned.next_day is not None:
                unit.history.check_in(session_id, CheckIn(next_day=planned.next_day))
            unit.commit()


def _early_end(phase: Phase, planned: Planned, now: float) -> float | None:
    if not phase.is_work:
        return None
    share = 1.0
    if phase.unit is Unit.REPS and phase.side is Side.RIGHT:
        share = planned.right_share
    elif phase.side is Side.LEFT and phase.unit is Unit.SECONDS:
        share = planned.left_hold_share
    return now + phase.seconds * share if share < 0.999 else None


def seed_history(store: HistoryStore, backend: Backend, today: date) -> int:
    library = backend.library()
    count = 0
    for planned in seeded_sessions(today):
        entry = library.find(planned.routine)
        assert entry is not None, planned.routine
        replay(store, entry.routine, planned)
        count += 1
    return count


class ShowcaseLog:
    """The library's last-done dates from the seeded history; the sessions started for the
    pictures are not recorded (they would fill the history with stopped sessions)."""

    def __init__(self, store: HistoryStore) -> None:
        self.store = store

    def begin(self, routine: Routine, plan: Plan, dosing: Dosing = Dosing.COACHED) -> int | None:
        return None

    def record(self, session_id: int | None, event: Event) -> None:
        pass

    def end(self, session_id: int | None) -> None:
        pass

    def check_in(self, session_id: int, check_in: CheckIn) -> None:
        pass

    def mark_hurt(self, session_id: int | None, exercise_id: str, side: Side | None) -> None:
        pass

    def last_done(self) -> Mapping[str, LastDone]:
        with self.store.reading() as unit:
            return unit.history.last_done()

    def times_met(self, routine_id: str) -> Mapping[str, int]:
        with self.store.reading() as unit:
            return unit.history.times_met(routine_id)

    def flush(self, timeout: float | None = None) -> bool:
        return True  # it records nothing


# -- the pictures -----------------------------------------------------------------------------


def settle(seconds: float = 0.05) -> None:
    """Let Qt lay out, animate and paint for a moment of real time."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QCoreApplication.processEvents()
        time.sleep(0.01)
    QCoreApplication.processEvents()


def wait_for(done: Callable[[], bool], limit: float = 10.0) -> None:
    deadline = time.monotonic() + limit
    while not done():
        if time.monotonic() > deadline:
            raise TimeoutError("the window did not get there in time")
        settle(0.05)


class Studio:
    def __init__(self, out: Path) -> None:
        self.out = out
        self.clock = FakeClock(1000.0)
        self.data = Path(tempfile.mkdtemp(prefix="hipcoach-shots-"))
        self.long = self.data / "long-names.toml"  # not in the library: opened as a file
        self.long.write_text(LONG, encoding="utf-8")
        self.store = open_history(self.data)
        self.backend = Backend(
            self.data,
            make_player=lambda: RecordingPlayer(),
            settings=SettingsFile(self.data),
            make_driver=SessionDriver,
            log=ShowcaseLog(self.store),
            clock=self.clock,
            history=self.store,
        )
        self.seeded = seed_history(self.store, self.backend, date.today())
        seed_week(self.store, self.data, date.today())
        self.window = MainWindow(self.backend)
        self.window.resize(*SMALL)
        self.window.show()
        deadline = time.monotonic() + 10
        while not self.window.loaded and time.monotonic() < deadline:
            settle()  # the routines are read on the worker after the first paint
        settle(0.3)
        self.saved: list[Path] = []

    def choose_look(self, look: Look) -> None:
        """Choose the look on the Settings page, as the runner does."""
        window = self.window
        window.show_section("settings")
        choice = window.settings.look
        choice.setCurrentIndex(choice.findData(look.value))
        window.show_section("library")

    def close(self) -> None:
        self.window.close()
        self.store.close()
        shutil.rmtree(self.data, ignore_errors=True)

    def shoot(self, name: str, tag: str) -> None:
        settle(0.15)
        path = self.out / f"{name}-{tag}.png"
        self.window.grab().save(str(path))
        self.saved.append(path)

    def start_at(self, routine_id: str, pick: str, offset: float) -> Phase:
        """Start a routine (an id, or a file) and move its clock to ``offset`` s into the
        first phase ``pick``."""
        window = self.window
        if window.session is not None:
            window.session.driver.stop()
            window._close_session()
        if routine_id.endswith(".toml"):
            routine = load_routine(Path(routine_id))
        else:
            entry = window.library.find(routine_id)
            assert entry is not None, routine_id
            routine = entry.routine
        window.start(routine)
        if window.pages.currentWidget() is window.before_page:
            window.before_page.skip()  # "pain now" skipped: these pictures are of the player
            wait_for(lambda: window.session is not None)
        session = window.session
        assert session is not None
        phase = next(p for p in session.plan.phases if self._matches(p, pick))
        self.advance(phase.start + offset)
        return phase

    def advance(self, seconds: float) -> None:
        """Move the clock on in display ticks, as the driver would see it in real time.

        (One big jump would look to the engine like the machine slept, and pause it.)
        """
        session = self.window.session
        assert session is not None
        end = self.clock.now() + seconds
        while self.clock.now() < end:
            self.clock.set(min(end, self.clock.now() + 0.5))
            session.driver._on_display()

    @staticmethod
    def _matches(phase: Phase, pick: str) -> bool:
        kind, _, rest = pick.partition(":")
        if phase.kind.value != kind:
            return False
        if rest == "breaths":
            return phase.unit is Unit.BREATHS
        if rest == "reps":
            return phase.unit is Unit.REPS and phase.set == 2
        if rest == "round2":
            return phase.round == 2 and phase.side is not None
        if rest == "hold":
            return phase.exercise.sides.value == "each" and phase.exercise_index == 1
        return True

    def wait_controls_faded(self) -> None:
        deadline = time.monotonic() + 5
        while self.window.player.controls_opacity() > 0.3 and time.monotonic() < deadline:
            settle(0.1)

    def shoot_editor(self, tag: str, wide: bool) -> None:
        """The editor on a built-in routine of two circuits: an exercise, a circuit, a field
        with a problem typed into it, and (where it has a part of its own) the timeline;
        then every edit undone and back to the library, nothing saved."""
        window = self.window
        entry = window.library.find("strength-circuit")
        assert entry is not None
        window.library_page.choose(entry.routine)
        window.routine_actions.edit(entry.routine)
        editor = window.editor
        editor.tree.setFocus()  # as after a click on a row
        clamshells = next(
            i
            for i, e in enumerate(entry.routine.exercises)
            if e.sides.value == "each" and e.circuit
        )
        editor.select(exercise(clamshells))
        self.shoot("editor-exercise", tag)
        editor.select(circuit("glutes"))
        self.shoot("editor-circuit", tag)
        editor.select(exercise(clamshells))
        amount = editor.exercise_form.amount
        amount.setFocus()
        amount.selectAll()
        QTest.keyClicks(amount, "15-10")
        self.shoot("editor-problem", tag)
        if not wide:
            editor._show_part(timeline=True)
            self.shoot("editor-timeline", tag)
        editor.stack.setIndex(0)
        editor.request_leave()
        assert window.pages.currentWidget() is window.library_page

    def run(self, palette: str, size: tuple[int, int], only: frozenset[str] = SECTIONS) -> None:
        tag = f"{palette}-{size[0]}x{size[1]}"
        window = self.window
        window.resize(*size)
        settle(0.2)
        window.show_section("library")
        if "library" in only:
            window.today.refresh()
            wait_for(lambda: not window.today.loading() and window.today.current is not None)
            self.shoot("library", tag)  # Today on top: due, a red flag, the question, a caution
        if "editor" in only:
            self.shoot_editor(tag, wide=size[0] >= WIDE)
        if "player" in only:
            self.run_player(tag)
        if "history" in only:
            self.run_history(tag)
        if "settings" in only:
            self.run_settings(tag)
        window.show_section("library")

    def shoot_before(self, tag: str) -> None:
        """ "Pain now" before a session: the question, then 7 given, the advice first and
        the choice (one rung lower, as prescribed, not today); then back to the library."""
        window = self.window
        # A routine a rung up somewhere, so that the lower rung is offered.
        routine = next(
            (
                e.routine
                for e in window.library.entries
                if self.backend.before_session(e.routine).offers_lower(7)
            ),
            window.library.entries[0].routine,
        )
        window.start(routine)
        page = window.before_page
        wait_for(lambda: page.read)
        page.scale.set_value(2)
        self.shoot("before", tag)
        page.scale.set_value(7)
        page.start()
        self.shoot("before-advice", tag)
        page.left.emit()
        assert window.pages.currentWidget() is window.library_page

    def run_player(self, tag: str) -> None:
        window = self.window
        self.shoot_before(tag)
        self.start_at("post-run-stretch", "work:hold", 18.2)
        self.wait_controls_faded()
        self.shoot("player-hold", tag)

        phase = self.start_at("yoga-hip-flow", "work:breaths", 0.0)
        breath = phase.unit_seconds
        # Mid in-breath of the third breath: the pacer is growing.
        self.advance(2 * breath + 0.2)
        settle(breath / 2 * 0.6)
        window.player.refresh()
        self.wait_controls_faded()
        self.shoot("player-breath", tag)

        phase = self.start_at("hip-strength", "work:reps", 0.0)
        self.advance(4 * phase.unit_seconds + 0.5)
        self.shoot("player-reps", tag)

        self.start_at("strength-circuit", "work:round2", 6.5)
        self.shoot("player-circuit", tag)

        self.start_at(str(self.long), "work", 4.0)  # the longest name a file allows
        self.shoot("player-long", tag)

        self.start_at("post-run-stretch", "rest", 3.6)
        self.shoot("player-rest", tag)

        self.start_at("post-run-stretch", "switch", 1.2)
        self.shoot("player-switch", tag)

        self.start_at("hip-strength", "prepare", 1.5)
        self.shoot("player-prepare", tag)
        session = window.session
        assert session is not None
        session.driver.pause()
        window.player.refresh()
        self.shoot("player-paused", tag)

        session.driver.resume()
        self.advance(session.plan.total_seconds)  # reaches the end: the after-session page
        wait_for(lambda: session.driver.engine.state is State.FINISHED)
        settle(0.1)
        after = window.after
        after.pain_before.choose(3)
        after.pain_after.choose(2)
        after.effort.choose(6)
        after.note.setPlainText("Left hip tighter than the right in pigeon.")
        self.shoot("check-in", tag)
        after.skipped.emit()

    def run_history(self, tag: str) -> None:
        window = self.window
        window.show_section("history")
        history = window.history
        wait_for(lambda: not history.loading() and history.overview is not None)
        history.sessions_button.click()
        bar = history.scroll_area.verticalScrollBar()
        bar.setValue(0)
        self.shoot("history", tag)
        body = history.scroll_area.widget()
        assert body is not None
        bar.setValue(history.pain_panel.mapTo(body, QPoint(0, 0)).y() - 12)
        self.shoot("history-pain", tag)
        history.exercises_button.click()
        rows = history.exercises_model.rowCount()
        names = [history.exercises_model.cell(row, 0) for row in range(rows)]
        if "Clamshells" in names:  # both sides, and they differ
            history.exercises_table.selectRow(names.index("Clamshells"))
        bar.setValue(bar.maximum())
        self.shoot("history-exercises", tag)
        history.sessions_button.click()
        bar.setValue(0)

    def run_settings(self, tag: str) -> None:
        window = self.window
        window.show_section("settings")
        settings = window.settings
        wait_for(lambda: settings.voice.count() > 1 or bool(settings.voice_note.text()))
        settings.voice_note.setVisible(bool(settings.voice_note.text()))
        self.shoot("settings", tag)
        bar = settings.scroll_area.verticalScrollBar()
        wait_for(lambda: settings.plan.plan is not None)
        settle(0.2)  # the plan's rows laid out: the page has its length
        content = settings.scroll_area.widget()
        assert content is not None
        # From the visual flash down through the timings, then the weekly plan.
        bar.setValue(settings.flash.mapTo(content, QPoint(0, 0)).y() - 60)
        self.shoot("settings-timings", tag)
        bar.setValue(settings.plan.mapTo(content, QPoint(0, 0)).y() - 12)
        self.shoot("settings-plan", tag)
        # The reminder time, below the plan's routines, with the lines above it in view.
        reminder = settings.plan.reminder_at.mapTo(content, QPoint(0, 0)).y()
        bar.setValue(reminder - settings.scroll_area.viewport().height() // 2)
        self.shoot("settings-reminder", tag)
        bar.setValue(0)


def dark_palette() -> QPalette:
    palette = QPalette()
    for role, colour in (
        (QPalette.ColorRole.Window, "#15181d"),
        (QPalette.ColorRole.WindowText, "#f0f0f0"),
        (QPalette.ColorRole.Base, "#1c2027"),
        (QPalette.ColorRole.Text, "#f0f0f0"),
        (QPalette.ColorRole.Button, "#23272e"),
        (QPalette.ColorRole.ButtonText, "#f0f0f0"),
        (QPalette.ColorRole.Highlight, "#3b82f6"),
    ):
        palette.setColor(role, QColor(colour))
    return palette


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", default=str(REPO / "out" / "screenshots"))
    parser.add_argument("--docs", action="store_true", help=f"also write README's set into {DOCS}")
    parser.add_argument(
        "--chosen",
        action="store_true",
        help="light and dark as the runner chooses them in Settings, on a light desktop "
        "(default: the desktop's palette decides, as it does when the look follows it)",
    )
    parser.add_argument(
        "--only",
        action="append",
        choices=sorted(SECTIONS),
        help="only these pages (again for more); --docs needs them all",
    )
    args = parser.parse_args(argv)
    only = frozenset(args.only) if args.only else SECTIONS
    if args.docs and only != SECTIONS:
        parser.error("--docs writes every page README shows: leave out --only")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication(sys.argv[:1])
    app.setApplicationName("hipcoach")
    light = app.palette()
    studio = Studio(out)
    try:
        for palette in ("light", "dark"):
            if args.chosen:
                studio.choose_look(Look(palette))
            else:
                app.setPalette(light if palette == "light" else dark_palette())
            settle(0.2)
            for size in (SMALL, LARGE):
                studio.run(palette, size, only)
    finally:
        studio.close()
    for path in studio.saved:
        print(path)
    if args.docs:
        DOCS.mkdir(parents=True, exist_ok=True)
        for page in DOCS_PAGES:
            for palette in ("light", "dark"):
                source = out / f"{page}-{palette}-{SMALL[0]}x{SMALL[1]}.png"
                target = DOCS / f"{page}-{palette}.png"
                shutil.copyfile(source, target)
                print(target)
    return 0


if __name__ == "__main__":
    sys.exit(main())
