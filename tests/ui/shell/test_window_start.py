"""The window paints first and is filled in after: its bar and a quiet line before it has a
backend, then the library page, with the history opened on the worker before any read of it
(bench/startup.py times the first paint)."""

from __future__ import annotations

import dataclasses
import threading
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton
from pytestqt.qtbot import QtBot

from hipcoach.adapters.history.store import HistoryStore
from hipcoach.application.backend import Backend, HistoryOpened
from hipcoach.application.session import NoLog
from hipcoach.core.settings import Look
from hipcoach.ui.shell.main_window import MainWindow
from tests.ui.helpers import FakeLog, wait_for_library


def shown_without_backend(qtbot: QtBot, look: Look = Look.DESKTOP) -> MainWindow:
    window = MainWindow(look=look)
    qtbot.addWidget(window)
    window.resize(800, 600)
    with qtbot.waitSignal(window.first_painted, timeout=5000):
        window.show()
    return window


def filled(qtbot: QtBot, backend: Backend) -> MainWindow:
    """Painted first, then given its backend, and its routines read."""
    window = shown_without_backend(qtbot)
    window.attach(backend)
    wait_for_library(qtbot, window)
    return window


def visible_texts(window: MainWindow) -> list[str]:
    page = window.pages.currentWidget()
    assert page is not None
    return [label.text() for label in page.findChildren(QLabel) if label.isVisibleTo(window)]


def test_the_first_frame_is_the_bar_and_a_quiet_line_then_the_library_comes(
    qtbot: QtBot, backend: Backend
) -> None:
    window = shown_without_backend(qtbot, Look.DARK)
    assert window.theme is not None and window.theme.dark, "the runner's look from the start"
    assert window.nav.isVisible()
    bar = [b.text() for b in window.nav.findChildren(QPushButton) if b.isVisible()]
    assert bar == ["Routines", "History", "Settings"]
    assert visible_texts(window) == ["Reading your routines\u2026"]
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)  # History
    assert visible_texts(window) == ["Reading your routines\u2026"], "nothing to show it with"
    assert not window.loaded

    window.attach(backend)
    wait_for_library(qtbot, window)
    assert window.pages.currentWidget() is window.library_page
    assert window.library_page.card("quick") is not None
    assert "Reading your routines\u2026" not in visible_texts(window)
    window.close()


def test_a_routine_asked_for_before_the_backend_starts_once_the_cards_come(
    qtbot: QtBot, backend: Backend, log: FakeLog
) -> None:
    window = shown_without_backend(qtbot)
    window.answer_request("quick", ())  # another ``hipcoach gui --routine quick``, that early
    assert window.session is None
    window.attach(backend)
    qtbot.waitUntil(lambda: window.session is not None and window.player.running(), timeout=5000)
    assert log.begun == ["quick"]
    window.session.driver.stop()  # type: ignore[union-attr]
    window.wait_for_tasks()


def test_the_history_is_opened_on_the_worker_before_anything_reads_it(
    qtbot: QtBot, backend: Backend, store: HistoryStore
) -> None:
    order: list[str] = []
    log = FakeLog()

    def open_history() -> HistoryOpened:
        assert threading.current_thread() is not threading.main_thread()
        order.append("open")
        return HistoryOpened(store, log)

    opening = dataclasses.replace(backend, log=NoLog(), open_history=open_history)
    last_done = opening.last_done

    def read_last_done() -> object:
        order.append("last done")
        assert opening.history is store and opening.log is log
        return last_done()

    opening.last_done = read_last_done  # type: ignore[method-assign]
    window = filled(qtbot, opening)
    qtbot.waitUntil(lambda: "last done" in order, timeout=5000)
    assert order == ["open", "last done"]
    assert opening.history is store and opening.log is log
    window.start_routine("quick")
    qtbot.waitUntil(lambda: window.player.running(), timeout=5000)
    assert log.begun == ["quick"], "the session is recorded in the history just opened"
    window.session.driver.stop()  # type: ignore[union-attr]
    window.wait_for_tasks()


def test_a_history_found_damaged_on_the_worker_is_offered_to_be_moved_aside(
    qtbot: QtBot, backend: Backend, data_dir: Path
) -> None:
    moved: list[Path] = []

    def set_aside() -> Path:
        moved.append(data_dir / "history-set-aside.sqlite3")
        return moved[-1]

    damaged = dataclasses.replace(
        backend,
        open_history=lambda: HistoryOpened(None, NoLog(), damaged="page 3 is damaged"),
        set_aside=set_aside,
    )
    window = filled(qtbot, damaged)
    [banner] = window.visible_banners()
    assert banner.message.text() == "History is not available: page 3 is damaged"
    assert banner.property("action") is not None and moved == []
    window.close()


def test_a_history_that_cannot_be_opened_is_said_in_one_banner(
    qtbot: QtBot, backend: Backend
) -> None:
    locked = dataclasses.replace(
        backend,
        open_history=lambda: HistoryOpened(None, NoLog(), problem="the history is locked"),
    )
    window = filled(qtbot, locked)
    [banner] = window.visible_banners()
    assert banner.message.text() == "History is not available: the history is locked"
    assert banner.property("action") is None
    assert window.library_page.card("quick") is not None, "the routines are there all the same"
    window.close()
