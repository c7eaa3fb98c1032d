"""The library: a card for every routine with what a runner needs to choose one."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from hipcoach.application.backend import Backend
from hipcoach.core.records import LastDone
from hipcoach.ui.library.page import KIND_NAMES, last_done_text
from hipcoach.ui.shell.main_window import MainWindow
from tests.ui.helpers import FakeLog, wait_for_library


def test_every_routine_has_a_card_with_kind_length_exercises_tags_and_last_done(
    qtbot: QtBot, backend: Backend, log: FakeLog
) -> None:
    log.done["hip-strength"] = datetime.now().astimezone() - timedelta(days=1)
    window = MainWindow(backend)
    qtbot.addWidget(window)
    window.show()
    wait_for_library(qtbot, window)
    strength = window.library_page.card("hip-strength")
    assert strength is not None
    # The history is read on a worker: its answer comes a moment after the window shows.
    qtbot.waitUntil(lambda: strength.last_done.text().endswith("Last done yesterday"))
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
        assert re.fullmatch(r"\d+:\d\d", card.length.text()), card.length.text()
        count = len(routine.exercises)
        assert card.last_done.text().startswith(f"{count} exercise{'s' if count > 1 else ''}")
        shown_tags = card.tags.text().split()
        assert shown_tags and all(tag.lstrip("#") in routine.tags for tag in shown_tags)
    strength = window.library_page.card("hip-strength")
    quick = window.library_page.card("quick")
    assert strength is not None and quick is not None
    # As `hipcoach plan` totals them (docs/command-line.md), read off the files by hand:
    # QUICK is 40 s (tests/ui/helpers.py); hip-strength 17:30.
    assert (quick.length.text(), strength.length.text()) == ("0:40", "17:30")
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
    assert detail.total.text() == "17:30"
    assert card.property("selected") is True
    assert detail.start_button.accessibleName() == "Start Hip strength"


def test_enter_on_a_focused_card_starts_it(qtbot: QtBot, window: MainWindow) -> None:
    card = window.library_page.card("quick")
    assert card is not None
    card.setFocus()
    qtbot.keyClick(card, Qt.Key.Key_Return)
    assert window.pages.currentWidget() is window.player
    assert window.session is not None and window.session.routine.id == "quick"


def test_arrow_keys_move_between_the_cards_and_keep_the_focused_one_in_view(
    qtbot: QtBot, window: MainWindow
) -> None:
    page = window.library_page
    cards = page.cards
    assert len(cards) >= 6  # more than fit at 800x600: the list has to scroll
    cards[0].setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(cards[0].hasFocus)
    for position in range(1, len(cards)):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down)
        card = cards[position]
        assert card.hasFocus()
        assert page.detail.title.text() == card.routine.name  # the arrows choose, too
        assert card.visibleRegion().boundingRect().size() == card.size(), "scrolled into view"
    qtbot.keyClick(cards[-1], Qt.Key.Key_Down)  # the last one: stays
    assert cards[-1].hasFocus()
    qtbot.keyClick(cards[-1], Qt.Key.Key_Up)
    assert cards[-2].hasFocus()
    qtbot.keyClick(cards[-2], Qt.Key.Key_Home)
    assert cards[0].hasFocus() and cards[0].visibleRegion().boundingRect().size() == cards[0].size()


def test_enter_on_the_focused_start_button_starts_the_routine(
    qtbot: QtBot, window: MainWindow
) -> None:
    card = window.library_page.card("quick")
    assert card is not None
    qtbot.mouseClick(card, Qt.MouseButton.LeftButton)
    start = window.library_page.detail.start_button
    start.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(start.hasFocus)
    qtbot.keyClick(start, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.session is not None)
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
