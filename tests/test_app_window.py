"""The desktop window opens (offscreen here) and can be closed."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from hipcoach.ui.main_window import MainWindow


def test_the_main_window_shows_with_a_title(qtbot: QtBot) -> None:
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.windowTitle() == "hipcoach"
    assert window.width() >= 800 and window.height() >= 600
