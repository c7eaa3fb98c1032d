"""The desktop window opens (offscreen here) on the library, and can be closed."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from hipcoach.adapters.qt.driver import SessionDriver
from hipcoach.adapters.settings_file import SettingsFile
from hipcoach.application.backend import Backend
from hipcoach.ui.shell.main_window import MainWindow
from tests.fakes.player import RecordingPlayer


def test_the_main_window_shows_the_library_with_a_title(qtbot: QtBot, data_dir: Path) -> None:
    window = MainWindow(
        Backend(
            data_dir,
            settings=SettingsFile(data_dir),
            make_driver=SessionDriver,
            make_player=RecordingPlayer,
        )
    )
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.windowTitle() == "hipcoach"
    assert window.width() >= 800 and window.height() >= 600
    assert window.pages.currentWidget() is window.library_page
    assert window.library_page.cards
    window.close()
