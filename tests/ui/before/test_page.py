"""Before a session the window asks "pain now", as ``hipcoach run`` does on a terminal: the
answer is the session's pain before, and 6 or more shows the advice first and offers every
exercise one rung lower (docs/coaching.md, "Pain before the session")."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from hipcoach.adapters import paths
from hipcoach.adapters.history.log import HistoryLog
from hipcoach.adapters.history.store import HistoryStore
from hipcoach.application.backend import Backend
from hipcoach.core.model import Side
from hipcoach.core.records import Dosing, Session
from hipcoach.ui.shell.main_window import MainWindow
from tests.fakes.timer import ManualTime
from tests.ui.helpers import press, record_session, run_to_end, show_window
from tests.ui.player.test_this_hurts import RANGED, targets, work_on


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def key(qtbot: QtBot, pressed: Qt.Key) -> None:
    """A key as the runner presses it: to whatever has the focus."""
    qtbot.keyClick(focused(), pressed)


@pytest.fixture
def asking(
    backend: Backend, store: HistoryStore, manual: ManualTime, data_dir: Path
) -> Iterator[Backend]:
    """The window's backend on the real history, recording as the app does, asking "pain
    now" (the default); the ranged routine stands a rung up after two easy sessions."""
    (data_dir / "settings.ini").write_text(
        "[General]\nhow_reading=never\nask_pain_before=true\n", encoding="utf-8"
    )
    (data_dir / paths.USER_ROUTINES / "ranged.toml").write_text(RANGED, encoding="utf-8")
    history_log = HistoryLog(store, clock=manual.clock)
    backend.history = store
    backend.log = history_log
    entry = backend.library().find("ranged")
    assert entry is not None
    now = datetime.now().astimezone()
    for days in (3, 2):  # two easy sessions done in full: up one rung, to 3 reps a side
        record_session(store, entry.routine, now - timedelta(days=days), pain=(1, 1))
    yield backend
    history_log.close()


@pytest.fixture
def window(qtbot: QtBot, asking: Backend) -> Iterator[MainWindow]:
    shown = show_window(qtbot, asking)
    yield shown
    if shown.session is not None and shown.player.running():
        shown.session.driver.stop()
    shown.wait_for_tasks()


def newest(backend: Backend) -> Session:
    assert backend.log.flush(5.0)
    assert backend.history is not None
    with backend.history.reading() as unit:
        return unit.history.sessions(limit=1)[0]


def sessions(backend: Backend) -> int:
    assert backend.log.flush(5.0)
    assert backend.history is not None
    with backend.history.reading() as unit:
        return len(unit.history.sessions())


def below(upper: QWidget, lower: QWidget) -> bool:
    """``lower`` sits under ``upper`` on the screen (it reads after it)."""
    return upper.mapToGlobal(QPoint(0, upper.height())).y() <= lower.mapToGlobal(QPoint()).y()


def test_start_asks_and_pain_3_starts_as_prescribed_with_it_as_pain_before(
    qtbot: QtBot, window: MainWindow, asking: Backend, manual: ManualTime
) -> None:
    window.start_routine("ranged")
    page = window.before_page
    assert window.pages.currentWidget() is page
    assert not window.nav.isVisible()  # the question has the window, as the player does
    assert page.title.text() == "How is your hip right now?"
    assert focused() is page.scale.tab_stop()  # the keyboard starts on the scale
    for _ in range(3):
        key(qtbot, Qt.Key.Key_Right)  # 1, 2, 3: the arrows choose as they go
    assert page.scale.value() == 3
    key(qtbot, Qt.Key.Key_Return)  # Enter starts
    assert window.pages.currentWidget() is window.player
    qtbot.waitUntil(window.player.running, timeout=10000)
    assert targets(window) == {Side.LEFT: 3, Side.RIGHT: 3}  # today's prescription
    run_to_end(manual, window)
    after = window.after
    assert after.pain_before.value() == 3  # already filled, and still editable
    assert focused() is after.pain_after.tab_stop()  # the first question not answered
    qtbot.mouseClick(after.skip_button, Qt.MouseButton.LeftButton)
    session = newest(asking)
    assert (session.pain_before, session.pain_after, session.dosing) == (3, None, Dosing.COACHED)


def test_pain_7_shows_the_advice_before_the_choice_and_the_lower_rung_runs_lower(
    qtbot: QtBot, window: MainWindow, asking: Backend, manual: ManualTime
) -> None:
    window.start_routine("ranged")
    page = window.before_page
    qtbot.waitUntil(lambda: page.read, timeout=5000)  # the coach's read, on the worker
    key(qtbot, Qt.Key.Key_End)  # 10
    for _ in range(3):
        key(qtbot, Qt.Key.Key_Left)
    key(qtbot, Qt.Key.Key_Return)
    assert window.pages.currentWidget() is page, "6 or more does not start at once"
    assert page.advice.isVisible() and page.advice.text() == (
        "Your hip hurts 7/10 before you start. Stop the exercises that hurt and have a "
        "physiotherapist or doctor look at your hip."
    )
    for choice in (page.lower_button, page.as_prescribed_button, page.not_today_button):
        assert choice.isVisible() and below(page.advice, choice)  # the advice reads first
    assert page.offer.text() == "Take every exercise one rung lower today?"
    assert focused() is page.lower_button  # as the terminal's [Y/n]: lower unless said
    key(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(window.player.running, timeout=10000)
    assert targets(window) == {Side.LEFT: 2, Side.RIGHT: 2}  # one rung below 3
    manual.run_until(lambda: work_on(window, Side.LEFT) is not None)
    assert window.player.ring.digits.accessibleDescription().endswith("of 2")  # as shown
    run_to_end(manual, window)
    after = window.after
    assert after.pain_before.value() == 7
    qtbot.mouseClick(after.pain_after.buttons[1], Qt.MouseButton.LeftButton)  # an easy one
    qtbot.mouseClick(after.save_button, Qt.MouseButton.LeftButton)
    session = newest(asking)
    assert (session.pain_before, session.pain_after, session.dosing) == (7, 1, Dosing.LOWER)
    entry = asking.library().find("ranged")
    assert entry is not None
    left = asking.coaching(entry.routine).side("clamshells", Side.LEFT).standing
    # Easy, but run lower: it does not count toward the next step up (its count restarts).
    assert (left.rung, left.safe_count) == (2, 0)


def test_as_prescribed_keeps_the_dose_and_esc_on_the_advice_goes_back_to_the_question(
    qtbot: QtBot, window: MainWindow, asking: Backend
) -> None:
    window.start_routine("ranged")
    page = window.before_page
    page.scale.set_value(8)
    key(qtbot, Qt.Key.Key_Return)
    assert page.advice.isVisible()
    press(qtbot, window, Qt.Key.Key_Escape)
    assert page.asking() and page.scale.value() == 8  # the answer stays, to change
    assert focused() is page.scale.tab_stop()
    key(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.read and page.lower_button.isVisible(), timeout=5000)
    qtbot.mouseClick(page.as_prescribed_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(window.player.running, timeout=10000)
    assert targets(window) == {Side.LEFT: 3, Side.RIGHT: 3}
    assert window.session is not None
    window.session.driver.stop()
    qtbot.mouseClick(window.after.skip_button, Qt.MouseButton.LeftButton)
    session = newest(asking)
    assert (session.pain_before, session.dosing) == (8, Dosing.COACHED)


def test_not_today_goes_back_to_the_routines_and_records_nothing(
    qtbot: QtBot, window: MainWindow, asking: Backend
) -> None:
    before = sessions(asking)
    window.start_routine("ranged")
    page = window.before_page
    page.scale.set_value(9)
    key(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.read, timeout=5000)  # then the choice shows
    key(qtbot, Qt.Key.Key_Tab)  # lower, as prescribed, not today
    key(qtbot, Qt.Key.Key_Tab)
    assert focused() is page.not_today_button
    key(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.library_page)
    assert window.session is None and window.nav.isVisible()
    assert focused() is window.library_page.card("ranged")
    assert sessions(asking) == before
    window.start_routine("ranged")  # and it asks afresh
    assert window.pages.currentWidget() is page and page.scale.value() is None


def test_esc_skips_asks_nothing_more_and_records_no_pain_before(
    qtbot: QtBot, window: MainWindow, asking: Backend, manual: ManualTime
) -> None:
    window.start_routine("ranged")
    press(qtbot, window, Qt.Key.Key_Escape)
    assert window.pages.currentWidget() is window.player
    qtbot.waitUntil(window.player.running, timeout=10000)
    assert targets(window) == {Side.LEFT: 3, Side.RIGHT: 3}
    run_to_end(manual, window)
    after = window.after
    assert after.pain_before.value() is None  # not given: the after page asks it
    assert focused() is after.pain_before.tab_stop()
    qtbot.mouseClick(after.skip_button, Qt.MouseButton.LeftButton)
    session = newest(asking)
    assert (session.pain_before, session.dosing) == (None, Dosing.COACHED)


def test_the_skip_button_starts_at_once_and_back_gives_up(
    qtbot: QtBot, window: MainWindow, asking: Backend
) -> None:
    page = window.before_page
    window.start_routine("ranged")
    key(qtbot, Qt.Key.Key_Tab)
    assert focused() is page.skip_button
    key(qtbot, Qt.Key.Key_Tab)
    assert focused() is page.start_button
    key(qtbot, Qt.Key.Key_Tab)
    assert focused() is page.back_button
    key(qtbot, Qt.Key.Key_Return)  # the button is pressed, as a click shows it
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.library_page)
    window.start_routine("ranged")
    qtbot.mouseClick(page.skip_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(window.player.running, timeout=10000)


def test_a_request_from_another_start_goes_straight_to_the_question(
    qtbot: QtBot, window: MainWindow
) -> None:
    """``hipcoach gui --routine ID`` and a reminder's Start: the question, nothing modal."""
    window.answer_request("ranged")
    assert window.pages.currentWidget() is window.before_page
    assert QApplication.activeModalWidget() is None


def test_turned_off_it_asks_nothing(qtbot: QtBot, window: MainWindow, asking: Backend) -> None:
    from dataclasses import replace

    asking.save_settings(replace(asking.current_settings(), ask_pain_before=False))
    window.start_routine("ranged")
    assert window.pages.currentWidget() is window.player
    qtbot.waitUntil(window.player.running, timeout=10000)


@pytest.mark.parametrize("asked", [True, False], ids=["asked", "not asked"])
def test_a_session_is_prepared_without_reading_the_history_on_the_gui_thread(
    qtbot: QtBot, asking: Backend, data_dir: Path, monkeypatch: pytest.MonkeyPatch, asked: bool
) -> None:
    """How often each exercise was met (for the how-tos) comes with the doses, read on the
    worker: a history another program holds never holds up Start."""
    import threading

    (data_dir / "settings.ini").write_text(
        f"[General]\nhow_reading=first\nask_pain_before={str(asked).lower()}\n",
        encoding="utf-8",
    )
    read_on: list[int] = []
    read = asking.log.times_met

    def times_met(routine_id: str) -> object:
        read_on.append(threading.get_ident())
        return read(routine_id)

    monkeypatch.setattr(asking.log, "times_met", times_met)
    window = show_window(qtbot, asking)
    window.start_routine("ranged")
    if asked:
        press(qtbot, window, Qt.Key.Key_Escape)  # skip the question
    qtbot.waitUntil(window.player.running, timeout=10000)
    assert read_on and threading.get_ident() not in read_on
    assert window.session is not None
    kinds = [phase.kind.value for phase in window.session.driver.engine.plan.phases]
    assert "explain" in kinds[:3], kinds  # met twice before: the how-to is read a third time
    window.session.driver.stop()
    window.wait_for_tasks()
