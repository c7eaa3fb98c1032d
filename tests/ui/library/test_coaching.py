"""The library's detail: each exercise's prescription today and how it got there, per side,
and "start this exercise over" (docs/coaching.md)."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from hipcoach.adapters import paths
from hipcoach.adapters.history.store import HistoryStore
from hipcoach.application.backend import Backend
from hipcoach.ui.library.page import ExerciseRow
from hipcoach.ui.shell.main_window import MainWindow
from tests.ui.helpers import record_session, show_window
from tests.ui.player.test_this_hurts import RANGED


@pytest.fixture
def stepped_up(backend: Backend, store: HistoryStore, data_dir: Path) -> Backend:
    """Two easy sessions of a routine with a range, done in full: one rung up."""
    (data_dir / paths.USER_ROUTINES / "ranged.toml").write_text(RANGED, encoding="utf-8")
    backend.history = store
    entry = backend.library().find("ranged")
    assert entry is not None
    now = datetime.now().astimezone()
    for days in (3, 2):
        record_session(store, entry.routine, now - timedelta(days=days), pain=(1, 1))
    return backend


def clams(window: MainWindow) -> ExerciseRow:
    rows = window.library_page.detail.exercise_rows
    return next(r for r in rows if r.name.text() == "Clamshells")


def test_the_detail_shows_each_sides_prescription_today_and_why(
    qtbot: QtBot, stepped_up: Backend
) -> None:
    window = show_window(qtbot, stepped_up)
    window.library_page.choose(window.library.find("ranged").routine)  # type: ignore[union-attr]

    def shown() -> None:
        assert clams(window).today.isVisible()

    qtbot.waitUntil(shown)
    assert clams(window).today.text() == (
        "Left: 1 x 3 reps today, up from 1 x 2 reps after two easy sessions done in full\n"
        "Right: 1 x 3 reps today, up from 1 x 2 reps after two easy sessions done in full"
    )
    window.wait_for_tasks()


def test_an_exercise_the_coach_has_not_moved_offers_no_start_over(
    qtbot: QtBot, backend: Backend, store: HistoryStore, data_dir: Path
) -> None:
    (data_dir / paths.USER_ROUTINES / "ranged.toml").write_text(RANGED, encoding="utf-8")
    backend.history = store
    window = show_window(qtbot, backend)
    window.library_page.choose(window.library.find("ranged").routine)  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: clams(window).today.isVisible())
    assert clams(window).today.text() == (
        "Left: 1 x 2 reps today: the start of its range\nRight: 1 x 2 reps today: the start of its range"
    )
    assert not clams(window).start_over.isVisible()  # nothing to start over yet
    window.wait_for_tasks()


def test_start_this_exercise_over_asks_first_then_goes_back_to_the_low_end(
    qtbot: QtBot, stepped_up: Backend, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = show_window(qtbot, stepped_up)
    detail = window.library_page.detail
    window.library_page.choose(window.library.find("ranged").routine)  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: clams(window).start_over.isVisible())
    asked: list[str] = []

    def no(name: str) -> bool:
        asked.append(name)
        return False

    monkeypatch.setattr(detail, "confirm_start_over", no)
    qtbot.mouseClick(clams(window).start_over, Qt.MouseButton.LeftButton)
    assert asked == ["Clamshells"]
    window.wait_for_tasks()
    assert "1 x 3 reps today" in clams(window).today.text()  # a no changes nothing

    monkeypatch.setattr(detail, "confirm_start_over", lambda name: True)
    qtbot.mouseClick(clams(window).start_over, Qt.MouseButton.LeftButton)

    def back_at_the_start() -> None:
        assert clams(window).today.text().startswith("Left: 1 x 2 reps today")

    qtbot.waitUntil(back_at_the_start)
    window.wait_for_tasks()
