"""A history slow to answer (100,000 sessions, a disk asleep) never holds up the window:
the routines' "last done" is read on a worker thread, and fills in when it comes."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from datetime import datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from hipcoach.adapters.history.store import HistoryStore
from hipcoach.application.backend import Backend
from hipcoach.application.session import SessionDose
from hipcoach.core.model import Routine
from hipcoach.core.records import LastDone
from tests.ui.helpers import FakeLog, press, show_window


class SlowLog(FakeLog):
    """Answers ``last_done`` only once the test lets it."""

    def __init__(self) -> None:
        super().__init__()
        self.answer = threading.Event()

    def last_done(self) -> Mapping[str, LastDone]:
        assert self.answer.wait(10), "never let through"
        return super().last_done()


def test_the_window_shows_its_routines_before_the_history_answers(
    qtbot: QtBot, backend: Backend
) -> None:
    log = SlowLog()
    log.done["hip-strength"] = datetime.now().astimezone() - timedelta(days=1)
    backend.log = log
    window = show_window(qtbot, backend)  # shown and active while the history says nothing
    try:
        card = window.library_page.card("hip-strength")
        assert card is not None
        assert card.last_done.text() == "4 exercises"  # what the file says, nothing guessed
        log.answer.set()
        qtbot.waitUntil(lambda: card.last_done.text() == "4 exercises  \u00b7  Last done yesterday")
    finally:
        log.answer.set()
        window.wait_for_tasks()


def test_start_answers_at_once_while_todays_doses_are_read(
    qtbot: QtBot, backend: Backend, store: HistoryStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Today's prescriptions come from a read of the whole history: on the worker, while
    the player says "getting ready"; the session starts once they come."""
    backend.history = store
    answer = threading.Event()
    read = backend.session_dose

    def slow_dose(routine: Routine) -> SessionDose:
        assert answer.wait(10), "never let through"
        return read(routine)

    monkeypatch.setattr(backend, "session_dose", slow_dose)
    window = show_window(qtbot, backend)
    try:
        window.start_routine("quick")
        page = window.player
        assert window.pages.currentWidget() is page
        assert page.ring.state.text() == "GETTING READY" and not page.running()
        press(qtbot, window, Qt.Key.Key_M)  # the window answers meanwhile
        assert page.mute_button.isChecked()
        answer.set()
        qtbot.waitUntil(page.running)
        assert window.session is not None and window.session.begun
    finally:
        answer.set()
        if window.session is not None and window.player.running():
            window.session.driver.stop()
        window.wait_for_tasks()
