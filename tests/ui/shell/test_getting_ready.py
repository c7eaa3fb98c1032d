"""Start never waits for the voice and sounds: the player says "getting ready" at once, the
window keeps answering, and the session starts by itself when they are ready."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from hipcoach.adapters.audio.player import AudioCuePlayer
from hipcoach.adapters.qt.driver import SessionDriver
from hipcoach.adapters.settings_file import SettingsFile
from hipcoach.app import make_player
from hipcoach.application.backend import Backend
from hipcoach.core.cues import make_script
from hipcoach.core.engine import PhaseStarted, State
from hipcoach.ui.common.mute import MuteSwitch
from hipcoach.ui.shell.main_window import MainWindow
from tests.adapters.audio.conftest import sound_sink  # noqa: F401 - a fixture
from tests.fakes.player import RecordingPlayer
from tests.ui.helpers import FakeLog, press, show_window


def slow_players(window: MainWindow, players: list[RecordingPlayer]) -> None:
    """From now on the window's players are not ready until a test says so."""

    def make() -> RecordingPlayer:
        player = RecordingPlayer(getting_ready=True)
        players.append(player)
        return player

    window.backend.make_player = make


def test_start_shows_getting_ready_at_once_and_the_session_starts_by_itself(
    qtbot: QtBot, window: MainWindow, players: list[RecordingPlayer], log: FakeLog
) -> None:
    slow_players(window, players)
    window.start_routine("quick")
    player = players[-1]
    page = window.player
    assert window.pages.currentWidget() is page
    assert page.ring.state.text() == "GETTING READY"
    assert page.name.text() == "Side hold"  # the first exercise, from the moment Start is hit
    assert not page.running() and log.begun == []  # nothing has started, nothing recorded

    press(qtbot, window, Qt.Key.Key_M)  # the window answers while the player gets ready
    assert window.muted and page.mute_button.isChecked()
    press(qtbot, window, Qt.Key.Key_Space)  # no session to pause yet: nothing happens
    assert not page.running()

    player.getting_ready = False
    qtbot.waitUntil(page.running, timeout=5000)
    assert log.begun == ["quick"]
    assert isinstance(log.events[0], PhaseStarted) and log.events[0].index == 0
    assert page.ring.state.text() == "GET READY"
    assert window.session is not None and window.session.driver.engine.state is State.RUNNING
    assert window.muted and page.mute_button.isChecked()  # still muted, as asked meanwhile


def test_esc_while_getting_ready_goes_back_and_records_nothing(
    qtbot: QtBot, window: MainWindow, players: list[RecordingPlayer], log: FakeLog
) -> None:
    slow_players(window, players)
    window.start_routine("quick")
    press(qtbot, window, Qt.Key.Key_Escape)  # nothing started: no question either
    assert window.pages.currentWidget() is window.library_page
    assert window.session is None
    assert players[-1].closed
    assert log.begun == [] and log.events == []
    players[-1].getting_ready = False  # too late: it was given up
    window.backend.make_player = lambda: RecordingPlayer()
    window.start_routine("quick")  # and Start works again, at once with a ready player
    assert window.player.running()
    assert log.begun == ["quick"]


@pytest.mark.qt_log_ignore(r"Couldn't load pipewire-0\.3", r"Couldn't resolve pipewire-0\.3")
def test_a_cold_speech_cache_still_starts_by_itself_with_its_first_words_ready(
    qtbot: QtBot,
    data_dir: Path,
    tmp_path: Path,
    user_routines: Path,
    monkeypatch: pytest.MonkeyPatch,
    sound_sink: str,  # noqa: F811 - the fixture imported above
) -> None:
    """The real player on a real sound server, with nothing rendered yet: seconds of work
    (espeak-ng starts, the phrases render, the output warms), none of it in Start."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cold-cache"))
    backend = Backend(
        data_dir,
        settings=SettingsFile(data_dir),
        make_driver=SessionDriver,
        make_player=lambda: make_player(data_dir, True, True),
    )
    window = show_window(qtbot, backend)
    try:
        window.start_routine("quick")
        page = window.player
        assert window.pages.currentWidget() is page
        assert page.ring.state.text() == "GETTING READY"
        assert not page.running()
        press(qtbot, window, Qt.Key.Key_M)  # answered while espeak-ng and the output start
        assert page.mute_button.isChecked()
        press(qtbot, window, Qt.Key.Key_M)
        assert not page.mute_button.isChecked()

        qtbot.waitUntil(page.running, timeout=30000)
        session = window.session
        assert session is not None and isinstance(session.driver.player, MuteSwitch)
        player = session.player
        assert isinstance(player, AudioCuePlayer) and player.speech is not None
        assert player.silent_reason() is None
        assert player.output.playing  # warm before the first cue
        first_words = make_script(session.plan).phrases()[0]
        assert player.speech.get(first_words) is not None  # rendered before the first instant
        assert player.speech.rendered_count > 0  # by espeak-ng, just now: the cache was cold
    finally:
        if window.session is not None and window.player.running():
            window.session.driver.stop()
        window.close()
        window.wait_for_tasks()
