"""The library: a card for every routine with what a runner needs to choose one."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from hipcoach.application.backend import Backend
from hipcoach.core.plan import make_plan
from hipcoach.core.records import LastDone
from hipcoach.core.text import clock
from hipcoach.ui.library.page import KIND_NAMES, last_done_text
from hipcoach.ui.shell.main_window import MainWindow
from tests.ui.helpers import FakeLog


def test_every_routine_has_a_card_with_kind_length_exercises_tags_and_last_done(
    qtbot: QtBot, backend: Backend, log: FakeLog
) -> None:
    log.done["hip-strength"] = datetime.now().astimezone() - timedelta(days=1)
    window = MainWindow(backend)
    qtbot.addWidget(window)
    window.show()
    library = backend.library()
    assert [card.routine.id for card in window.library_page.cards] == [
        entry.routine.id for entry in library.entries
    ]
    assert len(library.entries) >= 7  # six built in, and the test's own
    for entry in library.entries:
        routine = entry.routine
        card = window.library_page.card(routine.id)
        assert card is not None
        assert card.name.text() == routine.name
        assert card.kind.text().startswith(KIND_NAMES[routine.kind].upper())
        assert card.length.text() == clock(make_plan(routine).total_seconds)
        count = len(routine.exercises)
        assert card.last_done.text().startswith(f"{count} exercise{'s' if count > 1 else ''}")
        shown_tags = card.tags.text().split()
        assert shown_tags and all(tag.lstrip("#") in routine.tags for tag in shown_tags)
    strength = window.library_page.card("hip-strength")
    quick = window.library_page.card("quick")
    assert strength is not None and quick is not None
    assert strength.last_done.text().endswith("Last done yesterday")
    assert quick.last_done.text().endswith("Not done yet")
    assert "YOURS" in quick.kind.text()


def test_choosing_a_card_shows_its_exercises_doses_and_length(
    qtbot: QtBot, window: MainWindow
) -> None:
    card = window.library_page.card("hip-strength")
    assert card is not None
    qtbot.mouseClick(card, Qt.MouseButton.LeftButton)
    detail = window.library_page.detail
    routine = card.routine
    assert detail.title.text() == "Hip strength"
    assert [(r.name.text(), r.dose.text()) for r in detail.exercise_rows] == [
        (e.name, e.describe()) for e in routine.exercises
    ]
    assert ("Clamshells", "3 x 10-12 reps, each side") in [
        (r.name.text(), r.dose.text()) for r in detail.exercise_rows
    ]
    assert detail.total.text() == clock(make_plan(routine).total_seconds) == "17:30"
    assert card.property("selected") is True
    assert detail.start_button.accessibleName() == "Start Hip strength"


def test_enter_on_a_focused_card_starts_it(qtbot: QtBot, window: MainWindow) -> None:
    card = window.library_page.card("quick")
    assert card is not None
    card.setFocus()
    qtbot.keyClick(card, Qt.Key.Key_Return)
    assert window.pages.currentWidget() is window.player
    assert window.session is not None and window.session.routine.id == "quick"


def test_last_done_reads_as_a_runner_counts_days() -> None:
    now = datetime(2025, 6, 18, 9, 0, tzinfo=UTC)
    assert last_done_text(None, now) == "Not done yet"
    assert last_done_text(now - timedelta(hours=8), now) == "Last done today"
    assert last_done_text(now - timedelta(hours=10), now) == "Last done yesterday"
    assert last_done_text(now - timedelta(days=3), now) == "Last done 3 days ago"
    assert last_done_text(now - timedelta(days=12), now) == "Last done 6 Jun"
    assert last_done_text(now - timedelta(days=400), now) == "Last done 14 May 2024"


def test_a_stopped_session_that_did_work_shows_as_last_done_with_how_far_it_went() -> None:
    now = datetime(2026, 6, 18, 9, 0, tzinfo=UTC)
    stopped = LastDone(now - timedelta(days=1), stopped_after=250.0)
    assert last_done_text(stopped, now) == "Stopped 4 min in, yesterday"
    assert last_done_text(LastDone(now - timedelta(days=3)), now) == "Last done 3 days ago"
