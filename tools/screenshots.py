"""Screenshots of every page of the desktop app, at 800x600, for a person to look at.

The app runs with a temporary data folder and a clock that moves only when told, so each
picture catches the exact moment it names (12 s left in a hold, mid in-breath, rep 5 of a
set, a rest, a switch, get ready, paused, the check-in) whatever the machine's speed.
Pictures are made in the light and the dark palette, plus the player at full-HD size.

Usage: python tools/screenshots.py [OUTDIR]   (default: out/screenshots/)
Runs offscreen unless a display is set (e.g. under ``xvfb-run -a``).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Mapping
from datetime import datetime, timedelta
from pathlib import Path

if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from hipcoach.coach import CheckIn, Coach  # noqa: E402
from hipcoach.core.engine import Event, FakeClock  # noqa: E402
from hipcoach.core.model import Breaths, Reps, Routine  # noqa: E402
from hipcoach.core.plan import Phase, Plan  # noqa: E402
from hipcoach.cue_player import RecordingPlayer  # noqa: E402
from hipcoach.ui.main_window import MainWindow  # noqa: E402

SIZE = (800, 600)


class ShowcaseLog:
    """Enough history for the library to show last-done dates."""

    def __init__(self) -> None:
        now = datetime.now().astimezone()
        self.done = {
            "post-run-stretch": now - timedelta(days=1),
            "hip-strength": now - timedelta(days=4),
            "yoga-hip-flow": now - timedelta(hours=2),
            "foam-roll": now - timedelta(days=23),
        }

    def begin(self, routine: Routine, plan: Plan) -> int | None:
        return 1

    def record(self, session_id: int | None, event: Event) -> None:
        pass

    def end(self, session_id: int | None) -> None:
        pass

    def check_in(self, session_id: int, check_in: CheckIn) -> None:
        pass

    def last_done(self) -> Mapping[str, datetime]:
        return self.done


def settle(seconds: float = 0.05) -> None:
    """Let Qt lay out, animate and paint for a moment of real time."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QCoreApplication.processEvents()
        time.sleep(0.01)
    QCoreApplication.processEvents()


class Studio:
    def __init__(self, out: Path) -> None:
        self.out = out
        self.clock = FakeClock(1000.0)
        self.data = Path(tempfile.mkdtemp(prefix="hipcoach-shots-"))
        self.coach = Coach(
            self.data,
            make_player=lambda: RecordingPlayer(),
            log=ShowcaseLog(),
            clock=self.clock,
        )
        self.window = MainWindow(self.coach)
        self.window.resize(*SIZE)
        self.window.show()
        settle(0.3)
        self.saved: list[Path] = []

    def shoot(self, name: str) -> None:
        settle(0.1)
        path = self.out / f"{name}.png"
        self.window.grab().save(str(path))
        self.saved.append(path)

    def start_at(self, routine_id: str, pick: str, offset: float) -> Phase:
        """Start a routine and move its clock to ``offset`` s into the first phase ``pick``."""
        window = self.window
        if window.session is not None:
            window.session.driver.stop()
            window._close_session()
        entry = window.library.find(routine_id)
        assert entry is not None, routine_id
        window.start(entry.routine)
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
            return isinstance(phase.exercise.dose, Breaths)
        if rest == "reps":
            return isinstance(phase.exercise.dose, Reps) and phase.set == 2
        if rest == "hold":
            return phase.exercise.sides.value == "each" and phase.exercise_index == 1
        return True

    def wait_controls_faded(self) -> None:
        deadline = time.monotonic() + 5
        while self.window.player.controls_opacity() > 0.3 and time.monotonic() < deadline:
            settle(0.1)

    def run(self, dark: bool) -> None:
        suffix = "-dark" if dark else ""
        window = self.window
        window.resize(*SIZE)
        self.shoot(f"library{suffix}")

        self.start_at("post-run-stretch", "work:hold", 18.2)
        self.wait_controls_faded()
        self.shoot(f"player-hold{suffix}")

        phase = self.start_at("yoga-hip-flow", "work:breaths", 0.0)
        dose = phase.exercise.dose
        assert isinstance(dose, Breaths)
        # Mid in-breath of the third breath: the pacer is growing.
        self.advance(2 * dose.breath + 0.2)
        settle(dose.breath / 2 * 0.6)
        window.player.refresh()
        self.wait_controls_faded()
        self.shoot(f"player-breath{suffix}")

        phase = self.start_at("hip-strength", "work:reps", 0.0)
        assert isinstance(phase.exercise.dose, Reps)
        self.advance(4 * phase.exercise.dose.tempo.seconds + 0.5)
        self.shoot(f"player-reps{suffix}")

        self.start_at("post-run-stretch", "rest", 3.6)
        self.shoot(f"player-rest{suffix}")

        self.start_at("post-run-stretch", "switch", 1.2)
        self.shoot(f"player-switch{suffix}")

        self.start_at("hip-strength", "prepare", 1.5)
        self.shoot(f"player-prepare{suffix}")
        assert window.session is not None
        window.session.driver.pause()
        window.player.refresh()
        self.shoot(f"player-paused{suffix}")

        if not dark:
            assert window.session is not None
            window.session.driver.stop()
            window._close_session()
            window.resize(1920, 1080)
            settle(0.2)
            self.shoot("library-1920x1080")
            self.start_at("post-run-stretch", "work:hold", 9.6)
            window.resize(1920, 1080)
            settle(0.3)
            window.player.refresh()
            self.shoot("player-hold-1920x1080")
            window.resize(*SIZE)
            settle(0.2)

        session = window.session
        assert session is not None
        session.driver.resume()
        self.advance(session.plan.total_seconds)  # reaches the end: the after-session page
        settle(0.1)
        after = window.after
        after.pain_before.choose(3)
        after.pain_after.choose(2)
        after.effort.choose(6)
        after.note.setPlainText("Left hip tighter than the right in pigeon.")
        self.shoot(f"check-in{suffix}")
        after.skipped.emit()


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
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication(sys.argv[:1])
    app.setApplicationName("hipcoach")
    studio = Studio(out)
    studio.run(dark=False)
    app.setPalette(dark_palette())
    settle(0.2)
    studio.run(dark=True)
    studio.window.close()
    for path in studio.saved:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
