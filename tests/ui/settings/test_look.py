"""The look: the desktop's light or dark by default (Qt's platform theme, else the settings
portal), or the runner's choice in Settings, applied at once and kept."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from hipcoach.adapters.settings_file import load_settings
from hipcoach.application.backend import Backend
from hipcoach.core.settings import Look
from hipcoach.ui.common.theme import DARK, LIGHT, Theme, stylesheet
from hipcoach.ui.shell.main_window import MainWindow
from tests.ui.helpers import show_window, wait_for_library


class DesktopScheme(QObject):
    """The portal's answer, as the test says it."""

    changed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.scheme = Qt.ColorScheme.Unknown

    def say(self, scheme: Qt.ColorScheme) -> None:
        self.scheme = scheme
        self.changed.emit()


@pytest.fixture
def desktop() -> DesktopScheme:
    return DesktopScheme()


@pytest.fixture
def looked(qtbot: QtBot, backend: Backend, desktop: DesktopScheme) -> Iterator[MainWindow]:
    window = MainWindow(backend, desktop_scheme=desktop)  # type: ignore[arg-type]
    qtbot.addWidget(window)
    window.resize(800, 600)
    window.show()
    wait_for_library(qtbot, window)
    qtbot.waitExposed(window)
    yield window
    window.wait_for_tasks()


def dressed_in(window: MainWindow, theme: Theme) -> bool:
    return window.theme is theme and window.styleSheet() == stylesheet(theme)


def test_following_the_desktop_takes_the_portals_dark_where_qt_says_nothing(
    qtbot: QtBot, looked: MainWindow, desktop: DesktopScheme
) -> None:
    hints = QGuiApplication.styleHints()
    assert hints is not None and hints.colorScheme() == Qt.ColorScheme.Unknown  # offscreen
    assert looked.theme is LIGHT
    desktop.say(Qt.ColorScheme.Dark)
    assert dressed_in(looked, DARK)
    desktop.say(Qt.ColorScheme.Light)
    assert dressed_in(looked, LIGHT)


def test_dark_chosen_in_settings_applies_at_once_and_comes_back_after_a_restart(
    qtbot: QtBot, looked: MainWindow, backend: Backend, desktop: DesktopScheme, data_dir: Path
) -> None:
    qtbot.mouseClick(looked.nav.buttons["settings"], Qt.MouseButton.LeftButton)
    page = looked.settings
    assert page.look.currentText() == "Follow the desktop"
    page.look.setFocus()
    with qtbot.wait_signal(page.saved):
        qtbot.keyClick(page.look, Qt.Key.Key_Down, Qt.KeyboardModifier.NoModifier)
        qtbot.keyClick(page.look, Qt.Key.Key_Down)
    assert page.look.currentText() == "Dark"
    assert page.status.text() == "Saved: the colours change at once"
    assert dressed_in(looked, DARK)
    desktop.say(Qt.ColorScheme.Light)  # the runner's choice wins over the desktop's
    assert looked.theme is DARK
    assert load_settings(data_dir).look is Look.DARK
    again = show_window(qtbot, backend)
    assert again.theme is DARK
    again.close()


def test_light_chosen_wins_over_a_dark_desktop(
    qtbot: QtBot, looked: MainWindow, desktop: DesktopScheme
) -> None:
    desktop.say(Qt.ColorScheme.Dark)
    assert looked.theme is DARK
    page = looked.settings
    page.look.setCurrentIndex(page.look.findData(Look.LIGHT.value))
    assert looked.theme is LIGHT
    page.look.setCurrentIndex(page.look.findData(Look.DESKTOP.value))
    assert looked.theme is DARK


def test_the_stop_question_wears_the_chosen_look(
    qtbot: QtBot, looked: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hipcoach.ui.common.confirm import ConfirmStop

    looked.settings.look.setCurrentIndex(looked.settings.look.findData(Look.DARK.value))
    question = ConfirmStop(looked)
    assert question.styleSheet() == stylesheet(DARK)
    question.deleteLater()
