"""The desktop window opens (offscreen here) on the library, and can be closed."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot

from hipcoach.adapters import log_file, paths
from hipcoach.adapters.qt.driver import SessionDriver
from hipcoach.adapters.settings_file import SettingsFile
from hipcoach.app import catch_bugs
from hipcoach.application.backend import Backend
from hipcoach.ui.shell.main_window import MainWindow
from tests.fakes.player import RecordingPlayer
from tests.ui.helpers import wait_for_library


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
    wait_for_library(qtbot, window)
    qtbot.waitExposed(window)
    assert window.windowTitle() == "hipcoach"
    assert window.width() >= 800 and window.height() >= 600
    assert window.pages.currentWidget() is window.library_page
    assert window.library_page.cards
    window.close()


@pytest.mark.qt_no_exception_capture
def test_a_bug_in_the_window_is_logged_and_shown_as_one_line(qtbot: QtBot, data_dir: Path) -> None:
    shown: list[str] = []
    log = log_file.start_log(paths.prepare_data_dir(data_dir))
    undo = catch_bugs(shown.append)
    try:
        QTimer.singleShot(0, lambda: [][1])
        qtbot.waitUntil(lambda: bool(shown), timeout=2000)
    finally:
        undo()
        for handler in list(log_file.logger.handlers):
            log_file.logger.removeHandler(handler)
            handler.close()
    assert shown == [
        f"unexpected error (IndexError: list index out of range); the details are in {log}: "
        "please report it"
    ]
    assert "Traceback" in log.read_text()
