"""What the open window does with a second ``hipcoach gui``'s request."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from hipcoach.ui.shell.main_window import MainWindow
from tests.ui.helpers import QUICK


def test_a_minimised_window_comes_back_and_starts_the_routine(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.showMinimized()
    window.answer_request("quick")
    assert not window.isMinimized()
    assert window.session is not None
    assert window.session.plan.routine.id == "quick"
    assert window.pages.currentWidget() is window.player


def test_a_routine_file_by_its_path_is_started_too(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    path = tmp_path / "elsewhere.toml"
    path.write_text(QUICK.replace('"Quick check"', '"From a file"'), encoding="utf-8")
    window.answer_request(str(path))
    assert window.session is not None
    assert window.session.plan.routine.name == "From a file"


def test_a_request_during_a_session_leaves_the_session_alone_and_says_why(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.start_routine("quick")
    running = window.session
    window.answer_request("hip-strength")
    assert window.session is running
    [banner] = window.visible_banners()
    assert "A session is running" in banner.message.text()


def test_a_request_without_a_routine_only_brings_the_window_forward(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.answer_request(None)
    assert window.session is None
    assert window.visible_banners() == []
