"""H, "this hurts": the mark, the "noted" on screen, the offer to skip the rest of the
exercise, and the next session one rung lower on that side only (docs/coaching.md)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from hipcoach.adapters import paths
from hipcoach.adapters.history.log import HistoryLog
from hipcoach.adapters.history.store import HistoryStore
from hipcoach.application.backend import Backend
from hipcoach.core.engine import Outcome
from hipcoach.core.model import Side
from hipcoach.core.plan import Phase
from hipcoach.ui.shell.main_window import MainWindow
from tests.fakes.player import RecordingPlayer
from tests.fakes.timer import ManualTime
from tests.ui.helpers import FakeLog, press, record_session, run_to_end, show_window

# prepare 2 | reps L | switch 2 | reps R | rest 2 | prepare 2 | breaths 2 x 2; the reps
# range from 2 to 4, so there is a rung to step up to and one to drop back from.
RANGED = """format = 1
name = "Ranged clams"
kind = "strength"
summary = "A two-sided exercise with a range, for the coach."

[defaults]
prepare = 2
switch = 2
rest = 2
set_rest = 2
breath = 2
tempo = [1, 0, 1]

[[exercise]]
name = "Clamshells"
how = "Knees together, open the top one."
sides = "each"
reps = "2-4"

[[exercise]]
name = "Slow breaths"
how = "Breathe in through the nose."
breaths = 2
"""


def work_on(window: MainWindow, side: Side) -> Phase | None:
    assert window.session is not None
    phase = window.session.driver.engine.phase
    return phase if phase.is_work and phase.side is side else None


def targets(window: MainWindow) -> dict[Side | None, int | None]:
    assert window.session is not None
    phases = window.session.plan.phases
    return {p.side: p.target for p in phases if p.is_work and p.exercise.id == "clamshells"}


def said(players: list[RecordingPlayer], text: str) -> int:
    return sum(cue.say == text for _at, cue in players[-1].played)


def test_h_during_work_says_noted_and_skip_the_rest_skips_that_exercise(
    qtbot: QtBot,
    window: MainWindow,
    log: FakeLog,
    manual: ManualTime,
    players: list[RecordingPlayer],
) -> None:
    window.start_routine("quick")
    assert "Noted." in players[-1].prepared  # rendered ahead with the session's phrases
    manual.run_until(lambda: work_on(window, Side.LEFT) is not None)
    assert said(players, "Noted.") == 0
    press(qtbot, window, Qt.Key.Key_H)
    player = window.player
    assert log.hurt == [(1, "side-hold", Side.LEFT)]
    assert said(players, "Noted.") == 1  # aloud, at once, through the session's player
    assert player.hurt_prompt.isVisible()  # nothing modal: the clock runs on under it
    assert player.hurt_note.text().startswith("Noted: Side hold, left side.")
    assert player.running()
    press(qtbot, window, Qt.Key.Key_S)
    assert not player.hurt_prompt.isVisible()
    skipped = [
        e.phase.side for e in log.ended_phases() if e.outcome is Outcome.SKIPPED and e.phase.is_work
    ]
    assert skipped == [Side.LEFT, Side.RIGHT]  # the rest of the hold, both sides
    assert player.name.text() == "Next: Slow breaths"  # the rest before the next exercise


def test_the_button_marks_too_and_the_offer_goes_with_the_exercise(
    qtbot: QtBot, window: MainWindow, log: FakeLog, manual: ManualTime
) -> None:
    window.start_routine("quick")
    manual.run_until(lambda: work_on(window, Side.RIGHT) is not None)
    player = window.player
    qtbot.mouseClick(player.hurt_button, Qt.MouseButton.LeftButton)
    assert log.hurt == [(1, "side-hold", Side.RIGHT)]
    assert player.hurt_prompt.isVisible()
    manual.run_until(lambda: player.name.text() == "Next: Slow breaths")
    assert not player.hurt_prompt.isVisible()  # on to the rest before another exercise
    press(qtbot, window, Qt.Key.Key_S)  # no offer shown: S does nothing
    assert not [e for e in log.ended_phases() if e.outcome is Outcome.SKIPPED]


def test_muted_h_shows_noted_and_says_nothing(
    qtbot: QtBot,
    window: MainWindow,
    log: FakeLog,
    manual: ManualTime,
    players: list[RecordingPlayer],
) -> None:
    window.start_routine("quick")
    manual.run_until(lambda: work_on(window, Side.LEFT) is not None)
    press(qtbot, window, Qt.Key.Key_M)
    press(qtbot, window, Qt.Key.Key_H)
    assert log.hurt == [(1, "side-hold", Side.LEFT)]
    assert window.player.hurt_note.text().startswith("Noted: Side hold, left side.")
    assert said(players, "Noted.") == 0


def test_h_does_nothing_on_the_library(qtbot: QtBot, window: MainWindow, log: FakeLog) -> None:
    press(qtbot, window, Qt.Key.Key_H)
    assert log.hurt == []
    assert window.pages.currentWidget() is window.library_page


@pytest.fixture
def coached(
    backend: Backend, store: HistoryStore, manual: ManualTime, data_dir: Path
) -> Iterator[Backend]:
    """The window's backend on the real history, recording as the app does."""
    (data_dir / paths.USER_ROUTINES / "ranged.toml").write_text(RANGED, encoding="utf-8")
    history_log = HistoryLog(store, clock=manual.clock)
    backend.history = store
    backend.log = history_log
    yield backend
    history_log.close()


def test_h_on_the_left_makes_the_next_session_one_rung_lower_on_the_left_only(
    qtbot: QtBot, coached: Backend, store: HistoryStore, manual: ManualTime
) -> None:
    entry = coached.library().find("ranged")
    assert entry is not None
    now = datetime.now().astimezone()
    for days in (3, 2):  # two easy sessions done in full: up one rung, to 3 reps a side
        record_session(store, entry.routine, now - timedelta(days=days), pain=(1, 1))
    window = show_window(qtbot, coached)
    window.start_routine("ranged")
    qtbot.waitUntil(window.player.running)  # today's doses are read on the worker first
    assert targets(window) == {Side.LEFT: 3, Side.RIGHT: 3}
    manual.run_until(lambda: work_on(window, Side.LEFT) is not None)
    assert "of 3" in window.player.ring.digits.accessibleDescription()
    press(qtbot, window, Qt.Key.Key_H)
    assert window.player.hurt_note.text().startswith("Noted: Clamshells, left side.")
    run_to_end(manual, window)
    after = window.after
    qtbot.mouseClick(after.pain_after.buttons[1], Qt.MouseButton.LeftButton)  # an easy one
    qtbot.mouseClick(after.save_button, Qt.MouseButton.LeftButton)
    assert coached.log.flush(5.0)

    window.start_routine("ranged")
    qtbot.waitUntil(window.player.running)
    assert targets(window) == {Side.LEFT: 2, Side.RIGHT: 3}
    manual.run_until(lambda: work_on(window, Side.LEFT) is not None)
    assert "of 2" in window.player.ring.digits.accessibleDescription()
    assert window.session is not None
    window.session.driver.stop()
    window.wait_for_tasks()
