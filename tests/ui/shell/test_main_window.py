"""The whole window driven as a runner drives it: pick, start, the keys, finish, check in."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QAbstractButton, QApplication, QPlainTextEdit
from pytestqt.qtbot import QtBot

from hipcoach.adapters.qt.driver import SessionDriver
from hipcoach.adapters.settings_file import SettingsFile
from hipcoach.application.backend import Backend
from hipcoach.core.cue_player import SilentPlayer
from hipcoach.core.engine import CueDue, Finished, Outcome, SessionEngine, State, Stopped
from hipcoach.core.records import CheckIn
from hipcoach.ui.common.confirm import ConfirmStop
from hipcoach.ui.library.page import RoutineCard
from hipcoach.ui.shell.main_window import MainWindow
from tests.fakes.player import RecordingPlayer
from tests.fakes.timer import ManualTime
from tests.ui.helpers import FakeLog, press, run_to_end, show_window, wait_for_library


def start_paused(qtbot: QtBot, window: MainWindow, routine_id: str = "quick") -> None:
    """Start a routine and pause it at once: controls then act on a session that holds still."""
    window.start_routine(routine_id)
    assert window.session is not None
    press(qtbot, window, Qt.Key.Key_Space)
    assert window.session.driver.engine.state is State.PAUSED


def engine_of(window: MainWindow) -> SessionEngine:
    assert window.session is not None
    return window.session.driver.engine


def test_a_runner_picks_a_routine_runs_it_with_every_control_and_checks_in(
    qtbot: QtBot, window: MainWindow, log: FakeLog, manual: ManualTime
) -> None:
    card = window.library_page.card("quick")
    assert card is not None
    qtbot.mouseClick(card, Qt.MouseButton.LeftButton)
    detail = window.library_page.detail
    assert detail.title.text() == "Quick check"
    assert [row.name.text() for row in detail.exercise_rows] == [
        "Side hold",
        "Slow breaths",
        "Bridges",
    ]
    assert detail.total.text() == "0:40"

    qtbot.mouseClick(detail.start_button, Qt.MouseButton.LeftButton)
    assert window.pages.currentWidget() is window.player
    assert log.begun == ["quick"]
    engine = engine_of(window)

    qtbot.mouseClick(window.player.pause_button, Qt.MouseButton.LeftButton)
    assert engine.state is State.PAUSED
    assert window.player.pause_button.text() == "Resume"

    before = engine.index
    qtbot.mouseClick(window.player.skip_button, Qt.MouseButton.LeftButton)
    assert engine.index == before + 1
    assert log.ended_phases()[-1].outcome is Outcome.SKIPPED

    qtbot.mouseClick(window.player.back_button, Qt.MouseButton.LeftButton)
    assert engine.index == before + 1
    assert log.ended_phases()[-1].outcome is Outcome.RESTARTED

    while not engine.phase.is_work:
        qtbot.mouseClick(window.player.skip_button, Qt.MouseButton.LeftButton)
    assert window.player.done_button.isEnabled()
    qtbot.mouseClick(window.player.done_button, Qt.MouseButton.LeftButton)
    assert log.ended_phases()[-1].outcome is Outcome.DONE

    qtbot.mouseClick(window.player.pause_button, Qt.MouseButton.LeftButton)  # resume
    assert isinstance(run_to_end(manual, window), Finished)
    assert isinstance(log.events[-1], Finished)
    assert log.ended == [1]

    after = window.after
    assert window.pages.currentWidget() is after
    assert after.title.text() == "Well done"
    # Only the get-ready was skipped: the left hold, ended with Done, counts as work done,
    # and so do the four work phases the clock ran out on.
    assert after.work.text() == "5 of 5"
    qtbot.mouseClick(after.pain_before.buttons[4], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(after.pain_after.buttons[2], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(after.effort.buttons[7], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(after.effort.buttons[6], Qt.MouseButton.LeftButton)  # changed my mind
    qtbot.keyClicks(after.note, "Right hip tight")
    qtbot.mouseClick(after.save_button, Qt.MouseButton.LeftButton)

    assert log.check_ins == [
        (1, CheckIn(pain_before=4, pain_after=2, effort=6, notes="Right hip tight", answers=()))
    ]
    assert window.pages.currentWidget() is window.library_page
    refreshed = window.library_page.card("quick")
    assert refreshed is not None
    qtbot.waitUntil(lambda: "Last done today" in refreshed.last_done.text())


def test_skip_on_the_check_in_saves_nothing(
    qtbot: QtBot, window: MainWindow, log: FakeLog, manual: ManualTime
) -> None:
    window.start_routine("quick")
    run_to_end(manual, window)
    assert window.pages.currentWidget() is window.after
    qtbot.mouseClick(window.after.pain_after.buttons[5], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.after.skip_button, Qt.MouseButton.LeftButton)
    assert log.check_ins == []
    assert window.pages.currentWidget() is window.library_page


def test_space_pauses_and_resumes(qtbot: QtBot, window: MainWindow) -> None:
    start_paused(qtbot, window)
    engine = engine_of(window)
    assert window.player.ring.state.text() == "PAUSED"
    press(qtbot, window, Qt.Key.Key_Space)
    assert engine.state in (State.RUNNING, State.FINISHED)


@pytest.mark.parametrize("key", [Qt.Key.Key_Right, Qt.Key.Key_N])
def test_right_and_n_skip(qtbot: QtBot, window: MainWindow, log: FakeLog, key: Qt.Key) -> None:
    start_paused(qtbot, window)
    engine = engine_of(window)
    before = engine.index
    press(qtbot, window, key)
    assert engine.index == before + 1
    assert log.ended_phases()[-1].outcome is Outcome.SKIPPED


@pytest.mark.parametrize("key", [Qt.Key.Key_Left, Qt.Key.Key_P])
def test_left_and_p_go_back(qtbot: QtBot, window: MainWindow, log: FakeLog, key: Qt.Key) -> None:
    start_paused(qtbot, window)
    engine = engine_of(window)
    press(qtbot, window, Qt.Key.Key_Right)
    press(qtbot, window, Qt.Key.Key_Right)
    at = engine.index
    press(qtbot, window, key)
    assert engine.index == at
    assert log.ended_phases()[-1].outcome is Outcome.RESTARTED
    press(qtbot, window, key)  # again at once: back to the previous work phase's lead-in
    assert engine.index < at


@pytest.mark.parametrize("key", [Qt.Key.Key_Return, Qt.Key.Key_Enter])
def test_enter_ends_a_work_phase_early(
    qtbot: QtBot, window: MainWindow, log: FakeLog, key: Qt.Key
) -> None:
    start_paused(qtbot, window)
    engine = engine_of(window)
    while not engine.phase.is_work:
        press(qtbot, window, Qt.Key.Key_Right)
    work = engine.index
    press(qtbot, window, key)
    ended = log.ended_phases()[-1]
    assert (ended.index, ended.outcome) == (work, Outcome.DONE)
    assert engine.index == work + 1
    assert not window.player.done_button.isEnabled()  # a switch or rest has nothing to finish
    press(qtbot, window, key)
    assert engine.index == work + 1


def test_esc_asks_first_and_stops_only_on_yes(
    qtbot: QtBot, window: MainWindow, log: FakeLog, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers: list[bool] = []
    reply = {"value": False}

    def ask(cls: type[ConfirmStop], parent: object = None) -> bool:
        answers.append(reply["value"])
        return reply["value"]

    monkeypatch.setattr(ConfirmStop, "ask", classmethod(ask))
    start_paused(qtbot, window)
    engine = engine_of(window)

    press(qtbot, window, Qt.Key.Key_Escape)
    assert answers == [False]
    assert engine.state is State.PAUSED
    assert window.pages.currentWidget() is window.player

    reply["value"] = True
    assert window.session is not None
    with qtbot.wait_signal(window.session.driver.ended, timeout=2000) as ended:
        press(qtbot, window, Qt.Key.Key_Escape)
    assert answers == [False, True]
    assert isinstance(ended.args[0], Stopped)
    assert isinstance(log.events[-1], Stopped)
    assert window.pages.currentWidget() is window.after
    assert window.after.title.text() == "Stopped early"


def test_esc_while_running_pauses_during_the_question_and_goes_on_after_a_no(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[State] = []

    def ask(cls: type[ConfirmStop], parent: object = None) -> bool:
        assert window.session is not None
        seen.append(window.session.driver.engine.state)
        return False

    monkeypatch.setattr(ConfirmStop, "ask", classmethod(ask))
    window.start_routine("post-run-stretch")
    press(qtbot, window, Qt.Key.Key_Escape)
    assert seen == [State.PAUSED]
    assert engine_of(window).state is State.RUNNING


def test_the_stop_button_asks_too(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ConfirmStop, "ask", classmethod(lambda cls, parent=None: True))
    start_paused(qtbot, window)
    qtbot.mouseClick(window.player.stop_button, Qt.MouseButton.LeftButton)
    assert window.pages.currentWidget() is window.after


def open_confirm(qtbot: QtBot, window: MainWindow) -> ConfirmStop:
    dialog = ConfirmStop(window)
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    return dialog


@pytest.mark.parametrize("key", [Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Escape])
def test_enter_or_esc_on_the_stop_question_keeps_going(
    qtbot: QtBot, window: MainWindow, key: Qt.Key
) -> None:
    dialog = open_confirm(qtbot, window)
    assert dialog.keep_button.hasFocus()
    with qtbot.wait_signal(dialog.finished, timeout=2000) as finished:
        qtbot.keyClick(dialog.keep_button, key)
    assert finished.args == [ConfirmStop.DialogCode.Rejected.value]


def test_tab_to_stop_then_enter_stops(qtbot: QtBot, window: MainWindow) -> None:
    dialog = open_confirm(qtbot, window)
    qtbot.keyClick(dialog.keep_button, Qt.Key.Key_Backtab)
    assert dialog.stop_button.hasFocus()
    with qtbot.wait_signal(dialog.finished, timeout=2000) as finished:
        qtbot.keyClick(dialog.stop_button, Qt.Key.Key_Return)
    assert finished.args == [ConfirmStop.DialogCode.Accepted.value]


def test_the_stop_question_is_sized_for_the_player_behind_it(
    qtbot: QtBot, window: MainWindow
) -> None:
    small = ConfirmStop(window)
    qtbot.addWidget(small)
    window.resize(1920, 1080)
    qtbot.waitUntil(lambda: window.height() == 1080)
    large = ConfirmStop(window)
    qtbot.addWidget(large)

    def height(dialog: ConfirmStop) -> int:
        button = dialog.keep_button
        return max(button.sizeHint().height(), button.minimumHeight())

    assert height(large) >= 1.6 * height(small)
    assert large.sizeHint().width() >= 1.6 * small.sizeHint().width()
    assert (
        large.keep_button.fontInfo().pixelSize() >= 1.6 * small.keep_button.fontInfo().pixelSize()
    )


def test_f11_toggles_full_screen(qtbot: QtBot, window: MainWindow) -> None:
    press(qtbot, window, Qt.Key.Key_F11)
    qtbot.waitUntil(window.isFullScreen)
    press(qtbot, window, Qt.Key.Key_F11)
    qtbot.waitUntil(lambda: not window.isFullScreen())


def test_in_full_screen_esc_leaves_full_screen_before_it_asks_to_stop(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[bool] = []
    monkeypatch.setattr(
        ConfirmStop, "ask", classmethod(lambda cls, parent=None: asked.append(True) or False)
    )
    window.start_routine("quick")
    press(qtbot, window, Qt.Key.Key_F11)
    qtbot.waitUntil(window.isFullScreen)
    press(qtbot, window, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not window.isFullScreen())
    assert asked == []
    assert engine_of(window).state is State.RUNNING
    press(qtbot, window, Qt.Key.Key_Escape)
    assert asked == [True]


def close_button(window: MainWindow) -> None:
    """What the window's close button does: the window system asks the window to close."""
    handle = window.windowHandle()
    assert handle is not None
    QApplication.sendEvent(handle, QCloseEvent())


def test_the_close_button_mid_session_asks_and_a_no_keeps_the_session(
    qtbot: QtBot, window: MainWindow, log: FakeLog, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[State] = []

    def ask(cls: type[ConfirmStop], parent: object = None) -> bool:
        seen.append(engine_of(window).state)
        return False

    monkeypatch.setattr(ConfirmStop, "ask", classmethod(ask))
    window.start_routine("quick")
    close_button(window)
    assert seen == [State.PAUSED]  # the clock stands still while the question is up
    assert window.isVisible()
    assert engine_of(window).state is State.RUNNING
    assert not any(isinstance(e, Stopped) for e in log.events)


def test_the_close_button_mid_session_stops_and_closes_on_a_yes(
    qtbot: QtBot, window: MainWindow, log: FakeLog, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ConfirmStop, "ask", classmethod(lambda cls, parent=None: True))
    window.start_routine("quick")
    close_button(window)
    qtbot.waitUntil(lambda: not window.isVisible())
    assert isinstance(log.events[-1], Stopped)
    assert log.ended == [1]


def test_the_close_button_with_no_session_closes_at_once(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[bool] = []
    monkeypatch.setattr(
        ConfirmStop, "ask", classmethod(lambda cls, parent=None: asked.append(True) or False)
    )
    close_button(window)
    qtbot.waitUntil(lambda: not window.isVisible())
    assert asked == []


def test_m_mutes_the_cues_and_unmutes_them(
    qtbot: QtBot, window: MainWindow, players: list[RecordingPlayer], manual: ManualTime
) -> None:
    window.start_routine("quick")
    assert window.session is not None
    driver = window.session.driver
    player = players[-1]
    assert len(player.played) > 0  # the first announce, at once
    due: list[CueDue] = []
    driver.happened.connect(lambda e: due.append(e) if isinstance(e, CueDue) else None)

    press(qtbot, window, Qt.Key.Key_M)
    assert window.player.mute_button.isChecked()
    assert window.player.mute_button.accessibleName() == "Unmute"
    assert player.silenced  # what was playing was cut off
    heard = len(player.played)
    manual.advance(3.0)  # into the left hold: its "go" and more come due
    assert due, "no cue came due"
    assert len(player.played) == heard  # cues came due and nothing was played

    press(qtbot, window, Qt.Key.Key_M)
    assert not window.player.mute_button.isChecked()
    coming = len(due)
    manual.advance(3.0)
    assert len(due) > coming
    assert [cue for _, cue in player.played[heard:]] == [e.cue for e in due[coming:]]


def test_mute_is_kept_for_the_next_session(
    qtbot: QtBot, window: MainWindow, manual: ManualTime
) -> None:
    start_paused(qtbot, window)
    press(qtbot, window, Qt.Key.Key_M)
    press(qtbot, window, Qt.Key.Key_Space)
    run_to_end(manual, window)
    qtbot.mouseClick(window.after.skip_button, Qt.MouseButton.LeftButton)
    window.start_routine("quick")
    assert window.mute is not None and window.mute.muted
    assert window.player.mute_button.isChecked()


def test_player_keys_do_nothing_on_the_library(qtbot: QtBot, window: MainWindow) -> None:
    for key in (Qt.Key.Key_Space, Qt.Key.Key_Right, Qt.Key.Key_Return, Qt.Key.Key_M):
        press(qtbot, window, key)
    assert window.pages.currentWidget() is window.library_page
    assert window.session is None
    assert not window.muted


def test_gui_routine_starts_at_once_with_nothing_modal(qtbot: QtBot, window: MainWindow) -> None:
    window.start_routine("quick")
    assert window.pages.currentWidget() is window.player
    assert window.session is not None
    assert window.session.driver.engine.state is not State.READY
    assert QApplication.activeModalWidget() is None
    assert window.visible_banners() == []


def test_an_unknown_routine_is_a_banner_not_a_dialog(qtbot: QtBot, window: MainWindow) -> None:
    window.start_routine("no-such-routine")
    assert window.pages.currentWidget() is window.library_page
    assert QApplication.activeModalWidget() is None
    [banner] = window.visible_banners()
    assert "no-such-routine" in banner.message.text()
    qtbot.mouseClick(banner.close_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.visible_banners() == [])
    assert not window.banners.isVisible()


def test_no_voice_is_said_once_in_a_banner_and_the_session_runs(
    qtbot: QtBot,
    log: FakeLog,
    data_dir: Path,
    user_routines: Path,
) -> None:
    backend = Backend(
        data_dir,
        settings=SettingsFile(data_dir),
        make_driver=SessionDriver,
        make_player=lambda: SilentPlayer("no sound server"),
        log=log,
        speed=1.0,
    )
    window = MainWindow(backend)
    qtbot.addWidget(window)
    window.show()
    wait_for_library(qtbot, window)
    window.start_routine("quick")
    [banner] = window.visible_banners()
    assert banner.message.text() == "No voice: no sound server. Follow the screen."
    assert window.player.voice_note.isVisibleTo(window)
    assert window.player.voice_note.toolTip() == "No voice: no sound server"
    assert QApplication.activeModalWidget() is None
    assert window.session is not None
    assert window.session.driver.engine.state is State.RUNNING
    window.session.driver.stop()


def test_routine_files_with_problems_are_a_banner_and_the_rest_load(
    qtbot: QtBot,
    backend: Backend,
    user_routines: Path,
) -> None:
    (user_routines / "broken.toml").write_text('format = 1\nname = "Broken"\n', encoding="utf-8")
    window = MainWindow(backend)
    qtbot.addWidget(window)
    window.show()
    wait_for_library(qtbot, window)
    [banner] = window.visible_banners()
    assert "broken.toml:" in banner.message.text()
    assert window.library_page.card("quick") is not None


def test_a_close_that_is_not_the_runners_stops_the_session_without_asking(
    qtbot: QtBot, window: MainWindow, log: FakeLog, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C or SIGTERM closes the window from code: nobody is there to answer."""
    asked: list[bool] = []
    monkeypatch.setattr(
        ConfirmStop, "ask", classmethod(lambda cls, parent=None: asked.append(True) or False)
    )
    start_paused(qtbot, window)
    window.close()
    assert asked == []
    assert isinstance(log.events[-1], Stopped)
    assert log.ended == [1]


def test_notices_from_before_a_session_leave_the_player_and_come_back_after(
    qtbot: QtBot, backend: Backend, user_routines: Path, manual: ManualTime
) -> None:
    (user_routines / "broken.toml").write_text('format = 1\nname = "Broken"\n', encoding="utf-8")
    window = show_window(qtbot, backend)
    [problems] = window.visible_banners()
    assert "broken.toml" in problems.message.text()
    window.start_routine("quick")
    assert window.visible_banners() == []
    assert not window.banners.isVisible()  # the clock has the whole window
    run_to_end(manual, window)
    assert window.pages.currentWidget() is window.after
    assert window.visible_banners() == []
    qtbot.mouseClick(window.after.skip_button, Qt.MouseButton.LeftButton)
    [back] = window.visible_banners()
    assert "broken.toml" in back.message.text()
    assert window.banners.isVisible()


def test_a_notice_of_the_session_shows_on_the_player_and_goes_with_the_session(
    qtbot: QtBot, backend: Backend, manual: ManualTime
) -> None:
    backend.make_player = lambda: SilentPlayer("no sound server")
    window = show_window(qtbot, backend)
    window.start_routine("quick")
    [banner] = window.visible_banners()
    assert banner.message.text().startswith("No voice")
    run_to_end(manual, window)
    qtbot.mouseClick(window.after.skip_button, Qt.MouseButton.LeftButton)
    assert window.visible_banners() == []


def test_enter_on_the_focused_save_button_saves_the_check_in(
    qtbot: QtBot, window: MainWindow, log: FakeLog, manual: ManualTime
) -> None:
    window.start_routine("quick")
    run_to_end(manual, window)
    after = window.after
    after.pain_after.buttons[2].click()
    after.save_button.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(after.save_button.hasFocus)
    qtbot.keyClick(after.save_button, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(log.check_ins))
    assert log.check_ins == [(1, CheckIn(pain_after=2, notes="", answers=()))]
    assert window.pages.currentWidget() is window.library_page


def test_every_control_has_an_accessible_name(
    qtbot: QtBot, window: MainWindow, manual: ManualTime
) -> None:
    start_paused(qtbot, window)
    press(qtbot, window, Qt.Key.Key_Space)
    run_to_end(manual, window)  # the after page gets its rows
    controls = [
        *window.findChildren(QAbstractButton),
        *window.findChildren(QPlainTextEdit),
        *window.findChildren(RoutineCard),
    ]
    assert len(controls) > 40
    unnamed = [c for c in controls if not c.accessibleName().strip()]
    assert unnamed == []


def test_a_routines_folder_that_is_a_file_is_a_banner_and_the_built_ins_show(
    qtbot: QtBot, data_dir: Path
) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / "routines").write_text("oops")
    backend = Backend(
        data_dir,
        settings=SettingsFile(data_dir),
        make_driver=SessionDriver,
        make_player=RecordingPlayer,
    )
    window = show_window(qtbot, backend)
    assert window.library_page.cards, "the built-in routines are there"
    [banner] = window.visible_banners()
    assert banner.message.text().startswith(
        f"Your routines folder {data_dir / 'routines'} is a file, not a folder"
    )


DAMAGED = "the history database /x/history.sqlite3 is damaged (row 1 missing from index ix)"


def damaged_backend(data_dir: Path, moved: list[Path], **hooks: object) -> Backend:
    def set_aside() -> Path:
        moved.append(data_dir / "history-set-aside-20260511T060000Z.sqlite3")
        return moved[-1]

    return Backend(
        data_dir,
        settings=SettingsFile(data_dir),
        make_driver=SessionDriver,
        make_player=RecordingPlayer,
        set_aside=set_aside,
        **hooks,  # type: ignore[arg-type]
    )


def test_a_damaged_history_is_moved_aside_only_when_the_runner_says_so(
    qtbot: QtBot, data_dir: Path
) -> None:
    moved: list[Path] = []
    window = show_window(qtbot, damaged_backend(data_dir, moved, damaged=DAMAGED))
    [banner] = window.visible_banners()
    assert banner.message.text() == f"History is not available: {DAMAGED}"
    assert moved == [], "nothing is moved without the runner's consent"
    button = banner.property("action")
    assert isinstance(button, QAbstractButton) and button.text() == "Move it aside"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert moved == [data_dir / "history-set-aside-20260511T060000Z.sqlite3"]
    [done] = window.visible_banners()
    assert done.message.text().startswith(f"The damaged history was moved to {moved[0]}")


def test_the_weekly_check_that_finds_damage_offers_the_same(qtbot: QtBot, data_dir: Path) -> None:
    moved: list[Path] = []
    window = show_window(qtbot, damaged_backend(data_dir, moved, checkup=lambda: DAMAGED))
    qtbot.waitUntil(lambda: len(window.visible_banners()) == 1, timeout=5000)
    [banner] = window.visible_banners()
    assert banner.message.text() == f"History is not available: {DAMAGED}"
    assert banner.property("action") is not None and moved == []
