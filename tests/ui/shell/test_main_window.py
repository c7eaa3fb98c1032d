"""The whole window driven as a runner drives it: pick, start, the keys, finish, check in."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
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
from tests.ui.helpers import FakeLog, press, show_window


def start_paused(qtbot: QtBot, window: MainWindow, routine_id: str = "quick") -> None:
    """Start a routine and pause it at once: controls then act on a session that holds still."""
    window.start_routine(routine_id)
    assert window.session is not None
    press(qtbot, window, Qt.Key.Key_Space)
    engine = window.session.driver.engine
    qtbot.waitUntil(lambda: engine.state is State.PAUSED, timeout=2000)


def engine_of(window: MainWindow) -> SessionEngine:
    assert window.session is not None
    return window.session.driver.engine


def test_a_runner_picks_a_routine_runs_it_with_every_control_and_checks_in(
    qtbot: QtBot, window: MainWindow, log: FakeLog
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
    qtbot.waitUntil(lambda: engine.state is State.PAUSED, timeout=2000)
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

    with qtbot.wait_signal(window.session.driver.ended, timeout=5000) as ended:
        qtbot.mouseClick(window.player.pause_button, Qt.MouseButton.LeftButton)
    assert isinstance(ended.args[0], Finished)
    assert isinstance(log.events[-1], Finished)
    assert log.ended == [1]

    after = window.after
    assert window.pages.currentWidget() is after
    assert after.title.text() == "Well done"
    assert after.work.text() == f"{ended.args[0].work_done} of 5"
    qtbot.mouseClick(after.pain_before.buttons[4], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(after.pain_after.buttons[2], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(after.effort.buttons[7], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(after.effort.buttons[6], Qt.MouseButton.LeftButton)  # changed my mind
    qtbot.keyClicks(after.note, "Right hip tight")
    qtbot.mouseClick(after.save_button, Qt.MouseButton.LeftButton)

    assert log.check_ins == [
        (1, CheckIn(pain_before=4, pain_after=2, effort=6, notes="Right hip tight"))
    ]
    assert window.pages.currentWidget() is window.library_page
    refreshed = window.library_page.card("quick")
    assert refreshed is not None
    assert "Last done today" in refreshed.last_done.text()


def test_skip_on_the_check_in_saves_nothing(qtbot: QtBot, window: MainWindow, log: FakeLog) -> None:
    window.start_routine("quick")
    assert window.session is not None
    qtbot.wait_signal(window.session.driver.ended, timeout=5000).wait()
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.after)
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
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch, backend: Backend
) -> None:
    backend.speed = 1.0
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


def test_the_confirm_keeps_going_by_default(qtbot: QtBot, window: MainWindow) -> None:
    dialog = ConfirmStop(window)
    qtbot.addWidget(dialog)
    assert dialog.keep_button.isDefault()
    assert dialog.keep_button.accessibleName() and dialog.stop_button.accessibleName()


def test_f11_toggles_full_screen(qtbot: QtBot, window: MainWindow) -> None:
    press(qtbot, window, Qt.Key.Key_F11)
    qtbot.waitUntil(window.isFullScreen)
    press(qtbot, window, Qt.Key.Key_F11)
    qtbot.waitUntil(lambda: not window.isFullScreen())


def test_m_mutes_the_cues_and_unmutes_them(
    qtbot: QtBot, window: MainWindow, players: list[RecordingPlayer], backend: Backend
) -> None:
    backend.speed = 10.0
    window.start_routine("quick")
    assert window.session is not None
    driver = window.session.driver
    player = players[-1]
    qtbot.waitUntil(lambda: len(player.played) > 0)

    press(qtbot, window, Qt.Key.Key_M)
    assert window.player.mute_button.isChecked()
    assert window.player.mute_button.accessibleName() == "Unmute"
    heard = len(player.played)
    with qtbot.wait_signal(
        driver.happened, check_params_cb=lambda e: isinstance(e, CueDue), timeout=3000
    ):
        pass
    assert len(player.played) == heard  # a cue came due and nothing was played
    assert player.silenced  # what was playing was cut off

    press(qtbot, window, Qt.Key.Key_M)
    assert not window.player.mute_button.isChecked()
    qtbot.waitUntil(lambda: len(player.played) > heard, timeout=3000)


def test_mute_is_kept_for_the_next_session(
    qtbot: QtBot, window: MainWindow, players: list[RecordingPlayer]
) -> None:
    start_paused(qtbot, window)
    press(qtbot, window, Qt.Key.Key_M)
    assert window.session is not None
    with qtbot.wait_signal(window.session.driver.ended, timeout=5000):
        press(qtbot, window, Qt.Key.Key_Space)
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
    [banner] = window.visible_banners()
    assert "broken.toml:" in banner.message.text()
    assert window.library_page.card("quick") is not None


def test_closing_the_window_mid_session_records_a_stop(
    qtbot: QtBot, window: MainWindow, log: FakeLog
) -> None:
    start_paused(qtbot, window)
    window.close()
    assert isinstance(log.events[-1], Stopped)
    assert log.ended == [1]


def test_every_control_has_an_accessible_name(qtbot: QtBot, window: MainWindow) -> None:
    start_paused(qtbot, window)
    assert window.session is not None
    with qtbot.wait_signal(window.session.driver.ended, timeout=5000):
        press(qtbot, window, Qt.Key.Key_Space)  # the after page gets its rows
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
