"""Settings: saved as they change, there again after a restart, and used by the next session."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from hipcoach.adapters import paths
from hipcoach.adapters.audio import VoiceInfo
from hipcoach.adapters.audio.speech import SpeechError
from hipcoach.adapters.settings_file import load_settings
from hipcoach.application.backend import Backend
from hipcoach.core.cue_player import CuePlayer
from hipcoach.core.plan import PhaseKind
from hipcoach.core.settings import HowReading, Settings
from hipcoach.ui.settings.page import DEFAULT_VOICE, SettingsPage
from hipcoach.ui.shell.main_window import MainWindow
from tests.fakes.player import RecordingPlayer
from tests.ui.helpers import FakeLog, wait_for_library

VOICES = [
    VoiceInfo("gmw/de", "German", ("de",)),
    VoiceInfo("roa/fr", "French (France)", ("fr-fr",)),
    VoiceInfo("gmw/en-us", "English (America)", ("en-us",)),
    VoiceInfo("gmw/en", "English (Great Britain)", ("en-gb", "en")),
]

# No timings of its own: the runner's defaults decide its get-ready, rests and breaths.
BARE = """format = 1
name = "Bare"
kind = "stretch"

[[exercise]]
name = "Standing hold"
how = "Stand tall and hold."
hold = 4

[[exercise]]
name = "Easy breaths"
how = "Breathe slowly."
breaths = 2
"""


@pytest.fixture
def voice_threads() -> list[int]:
    return []


@pytest.fixture
def voiced_coach(backend: Backend, user_routines: Path, voice_threads: list[int]) -> Backend:
    (user_routines / "bare.toml").write_text(BARE, encoding="utf-8")

    def voices() -> list[VoiceInfo]:
        voice_threads.append(threading.get_ident())
        return list(VOICES)

    backend.voices = voices
    return backend


def open_window(qtbot: QtBot, backend: Backend) -> MainWindow:
    window = MainWindow(backend)
    qtbot.addWidget(window)
    window.resize(800, 600)
    window.show()
    wait_for_library(qtbot, window)
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    return window


@pytest.fixture
def settings_window(qtbot: QtBot, voiced_coach: Backend) -> Iterator[MainWindow]:
    window = open_window(qtbot, voiced_coach)
    yield window
    window.wait_for_tasks()


def open_settings(qtbot: QtBot, window: MainWindow) -> SettingsPage:
    page = window.settings
    qtbot.mouseClick(window.nav.buttons["settings"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.voices_known, timeout=5000)
    assert window.pages.currentWidget() is page
    return page


def test_the_installed_voices_are_listed_off_the_gui_thread(
    qtbot: QtBot, settings_window: MainWindow, voice_threads: list[int]
) -> None:
    page = open_settings(qtbot, settings_window)
    # The cues are English: its voices first, then a line, then the others.
    assert [page.voice.itemText(n) for n in range(page.voice.count())] == [
        DEFAULT_VOICE,
        "English (America)",
        "English (Great Britain)",
        "",
        "French (France)",
        "German",
    ]
    assert page.voice.itemData(3, Qt.ItemDataRole.AccessibleDescriptionRole) == "separator"
    assert page.voice.currentText() == DEFAULT_VOICE
    assert voice_threads and voice_threads[0] != threading.get_ident()
    assert not page.voice_note.isVisibleTo(page)


def test_settings_are_saved_as_they_change_and_survive_a_restart(
    qtbot: QtBot, settings_window: MainWindow, voiced_coach: Backend, data_dir: Path
) -> None:
    page = open_settings(qtbot, settings_window)
    with qtbot.wait_signal(page.saved):
        page.voice.setCurrentIndex(page.voice.findData("gmw/en"))
    assert not page.prepare.spin.isEnabled()  # each routine's own, until asked otherwise
    page.routine_timings.setFocus()
    qtbot.keyClick(page.routine_timings, Qt.Key.Key_Right)  # the group moves with the arrows
    assert page.same_timings.isChecked() and page.same_timings.hasFocus()
    page.prepare.spin.setFocus()
    for _ in range(3):
        qtbot.keyClick(page.prepare.spin, Qt.Key.Key_Up)
    qtbot.mouseClick(page.rest.more, Qt.MouseButton.LeftButton)
    page.switch.spin.setValue(3)
    qtbot.mouseClick(page.flash, Qt.MouseButton.LeftButton)
    page.rate.setFocus()
    qtbot.keyClick(page.rate, Qt.Key.Key_PageDown)
    qtbot.keyClick(page.volume, Qt.Key.Key_Home)
    page.volume.setValue(60)
    page.beeps.setFocus()
    qtbot.keyClick(page.beeps, Qt.Key.Key_Space)
    page.how_reading.setCurrentIndex(page.how_reading.findData("always"))
    assert not page.ask_pain_before.isChecked()  # turned off for these tests (conftest)
    page.ask_pain_before.setFocus()
    qtbot.keyClick(page.ask_pain_before, Qt.Key.Key_Space)
    expected = Settings(
        voice="gmw/en",
        rate=160,
        volume=0.6,
        voice_on=True,
        beeps=False,
        how_reading=HowReading.ALWAYS,
        flash=True,
        routine_timings=False,
        prepare=8,
        switch=3,
        rest=11,
        breath=6,
        ask_pain_before=True,
    )
    assert page.settings == expected
    assert load_settings(data_dir) == expected
    assert page.rate_value.text() == "160 words a minute"
    settings_window.close()
    settings_window.wait_for_tasks()

    again = open_window(qtbot, voiced_coach)  # a new window on the same data folder
    try:
        shown = open_settings(qtbot, again)
        assert shown.chosen() == expected
        assert shown.voice.currentText() == "English (Great Britain)"
        assert shown.prepare.spin.text() == "8 s"
        assert not shown.beeps.isChecked()
        assert shown.how_reading.currentText() == "Every time"
        assert shown.flash.isChecked() and shown.same_timings.isChecked()
        assert shown.prepare.spin.isEnabled()
    finally:
        again.close()
        again.wait_for_tasks()


def test_one_timing_for_every_routine_and_read_how_change_the_next_session(
    qtbot: QtBot,
    settings_window: MainWindow,
    players: list[RecordingPlayer],
) -> None:
    window = settings_window
    (window.backend.data_dir / "settings.ini").unlink()  # the defaults
    window.start_routine("bare")
    assert window.session is not None
    before = window.session.plan
    assert next(p.seconds for p in before.phases if p.kind is PhaseKind.PREPARE) == 5
    # By default a how-to is read the first three times: 4 words at 200 a minute, 2 s + 1.
    assert [(p.kind, p.seconds) for p in before.phases[:2]] == [
        (PhaseKind.EXPLAIN, 3),
        (PhaseKind.PREPARE, 5),
    ]
    assert "Stand tall and hold." in players[-1].prepared
    window.session.driver.stop()
    qtbot.mouseClick(window.after.skip_button, Qt.MouseButton.LeftButton)

    page = open_settings(qtbot, window)
    qtbot.mouseClick(page.same_timings, Qt.MouseButton.LeftButton)
    page.prepare.spin.setValue(9)
    page.rest.spin.setValue(20)
    page.breath.spin.setValue(4)
    page.how_reading.setCurrentIndex(page.how_reading.findData("never"))
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.pages.currentWidget() is window.library_page
    card = window.library_page.card("bare")
    assert card is not None
    # The library shows the new length: 9 + 4 + 20 + 9 + 2 breaths of 4 s.
    assert card.length.text() == "0:50"

    window.start_routine("bare")
    assert window.session is not None
    plan = window.session.plan
    assert [(p.kind, p.seconds) for p in plan.phases] == [
        (PhaseKind.PREPARE, 9),
        (PhaseKind.WORK, 4),
        (PhaseKind.REST, 20),
        (PhaseKind.PREPARE, 9),
        (PhaseKind.WORK, 8),
    ]
    assert "Stand tall and hold." not in players[-1].prepared, "no how-to is read now"
    window.session.driver.stop()


def test_voice_off_greys_out_what_only_the_voice_uses(
    qtbot: QtBot, settings_window: MainWindow, data_dir: Path
) -> None:
    page = open_settings(qtbot, settings_window)
    page.voice_on.setFocus()
    with qtbot.wait_signal(page.saved):
        qtbot.keyClick(page.voice_on, Qt.Key.Key_Space)
    assert not load_settings(data_dir).voice_on
    for control in (page.voice, page.rate, page.volume):
        assert not control.isEnabled()
    # A how-to still gets its phase, shown large, when nothing reads it aloud.
    assert page.beeps.isEnabled() and page.breath.spin.isEnabled()
    assert page.how_reading.isEnabled()


def test_restore_defaults_puts_back_every_setting(
    qtbot: QtBot, settings_window: MainWindow, data_dir: Path
) -> None:
    page = open_settings(qtbot, settings_window)
    page.prepare.spin.setValue(30)
    page.voice.setCurrentIndex(page.voice.findData("roa/fr"))
    qtbot.mouseClick(page.defaults_button, Qt.MouseButton.LeftButton)
    assert load_settings(data_dir) == Settings()
    assert page.voice.currentText() == DEFAULT_VOICE


def test_a_voice_no_longer_installed_stays_chosen_and_says_so(
    qtbot: QtBot, voiced_coach: Backend, data_dir: Path
) -> None:
    voiced_coach.save_settings(Settings(voice="gmw/en-gb-x-rp"))
    window = open_window(qtbot, voiced_coach)
    try:
        page = open_settings(qtbot, window)
        assert page.voice.currentText() == "gmw/en-gb-x-rp (not found)"
        assert page.chosen().voice == "gmw/en-gb-x-rp"
    finally:
        window.close()
        window.wait_for_tasks()


def test_when_voices_cannot_be_listed_the_page_says_why(
    qtbot: QtBot, backend: Backend, make_player: Callable[[], CuePlayer], log: FakeLog
) -> None:
    def broken() -> list[VoiceInfo]:
        raise SpeechError("espeak-ng is not installed")

    backend.voices = broken
    window = open_window(qtbot, backend)
    try:
        page = window.settings
        with qtbot.wait_signal(page.voices_listed, timeout=5000):
            window.show_section("settings")
        assert page.voice_note.text() == "Cannot list the voices: espeak-ng is not installed"
        assert page.voice.count() == 1
    finally:
        window.close()
        window.wait_for_tasks()


def test_settings_live_in_the_data_folder_private(
    qtbot: QtBot, settings_window: MainWindow, data_dir: Path
) -> None:
    page = open_settings(qtbot, settings_window)
    with qtbot.wait_signal(page.saved):
        page.breath.spin.setValue(7)
    path = paths.prepare_data_dir(data_dir) / "settings.ini"
    assert path.exists() and (path.stat().st_mode & 0o077) == 0


def test_try_it_says_a_cue_with_the_voice_shown_off_the_gui_thread(
    qtbot: QtBot, settings_window: MainWindow, voiced_coach: Backend
) -> None:
    said: list[tuple[Settings, int]] = []
    heard = threading.Event()

    def say(chosen: Settings) -> None:
        said.append((chosen, threading.get_ident()))
        assert heard.wait(5), "the test never let the sample end"

    voiced_coach.say_sample = say
    page = open_settings(qtbot, settings_window)
    page.voice.setCurrentIndex(page.voice.findData("gmw/en-us"))
    page.rate.setValue(240)
    page.try_button.setFocus()
    qtbot.keyClick(page.try_button, Qt.Key.Key_Return)  # Enter presses the focused button
    qtbot.waitUntil(lambda: bool(said))
    assert (said[0][0].voice, said[0][0].rate) == ("gmw/en-us", 240)
    assert said[0][1] != threading.get_ident()
    # While it speaks, the page answers and "Try it" waits for the sample to end.
    assert page.try_button.text() == "Speaking\u2026" and not page.try_button.isEnabled()
    qtbot.mouseClick(page.try_button, Qt.MouseButton.LeftButton)
    with qtbot.wait_signal(page.voice_tried, timeout=5000):
        heard.set()
    assert len(said) == 1
    assert page.try_button.text() == "Try it" and page.try_button.isEnabled()


def test_try_it_says_why_a_voice_cannot_be_heard(
    qtbot: QtBot, settings_window: MainWindow, voiced_coach: Backend
) -> None:
    def broken(chosen: Settings) -> None:
        raise SpeechError("no sound: no sound server answers")

    voiced_coach.say_sample = broken
    page = open_settings(qtbot, settings_window)
    with qtbot.wait_signal(page.voice_tried, timeout=5000):
        qtbot.mouseClick(page.try_button, Qt.MouseButton.LeftButton)
    assert page.voice_note.isVisibleTo(page)
    assert page.voice_note.text() == "Cannot try the voice: no sound: no sound server answers"
    assert page.try_button.isEnabled()
