"""What the open window does with a second ``hipcoach gui``'s request."""

from __future__ import annotations

from pathlib import Path

import pytest
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


# -- hipcoach gui FILE... -------------------------------------------------------------------


def notices(window: MainWindow) -> list[str]:
    return [banner.message.text() for banner in window.visible_banners()]


def test_a_file_is_imported_as_import_does_and_the_library_shows_it(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, user_routines: Path
) -> None:
    path = tmp_path / "from-the-physio.toml"
    path.write_text(QUICK.replace('"Quick check"', '"Physio hips"'), encoding="utf-8")
    window.show_section("history")
    window.showMinimized()
    window.answer_request(None, (str(path),))
    assert not window.isMinimized()
    qtbot.waitUntil(lambda: notices(window) == ["Imported Physio hips."])
    assert (user_routines / "from-the-physio.toml").read_bytes() == path.read_bytes()
    assert window.pages.currentWidget() is window.library_page
    assert window.library_page.detail.title.text() == "Physio hips"


def test_hostile_files_each_cost_one_clear_line_and_never_a_wait(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, user_routines: Path
) -> None:
    import os

    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)  # opening it to read would wait for a writer forever
    folder = tmp_path / "folder.toml"
    folder.mkdir()
    controls = tmp_path / "esc\x1b[31m.toml"
    controls.write_text(QUICK.replace('"Quick check"', '"Quick\\u0007check"'), encoding="utf-8")
    huge = tmp_path / "huge.toml"
    huge.write_text(QUICK.replace("hold = 4", "hold = " + "9" * 5000), encoding="utf-8")
    good = tmp_path / "good.toml"
    good.write_text(QUICK.replace('"Quick check"', '"Still fine"'), encoding="utf-8")
    files = [fifo, folder, Path("/dev/zero"), controls, huge, tmp_path / "gone.toml", good]
    window.answer_request(None, tuple(map(str, files)))
    qtbot.waitUntil(lambda: notices(window) != [], timeout=5000)
    [line] = notices(window)
    assert "\n" not in line and "\x1b" not in line
    assert line.startswith("Imported Still fine. Not imported: ")
    for said in (
        "pipe.toml (line 1: not a regular file",
        "folder.toml (line 1: not a regular file",
        "zero (line 1: not a regular file",
        "esc\\x1b[31m.toml (line ",
        "huge.toml (line ",
        "gone.toml (line 1: cannot be read: No such file or directory)",
    ):
        assert said in line
    assert sorted(p.name for p in user_routines.iterdir()) == ["good.toml", "quick.toml"]


def test_during_a_session_a_file_is_not_imported_and_the_window_says_so(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, user_routines: Path
) -> None:
    path = tmp_path / "later.toml"
    path.write_text(QUICK.replace('"Quick check"', '"Later"'), encoding="utf-8")
    window.start_routine("quick")
    running = window.session
    window.answer_request(None, (str(path),))
    qtbot.waitUntil(lambda: any("later.toml" in n for n in notices(window)))
    assert window.session is running
    assert window.pages.currentWidget() is window.player
    assert not (user_routines / "later.toml").exists()


def test_a_file_with_an_id_you_have_asks_as_import_does(
    qtbot: QtBot,
    window: MainWindow,
    tmp_path: Path,
    user_routines: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from hipcoach.ui.library.files import ConfirmReplace

    asked: list[tuple[str, str]] = []

    def ask(cls: type, parent: object, name: str, routine_id: str) -> bool:
        asked.append((name, routine_id))
        return True

    monkeypatch.setattr(ConfirmReplace, "ask", classmethod(ask))
    path = tmp_path / "quick.toml"
    path.write_text(QUICK.replace('"Quick check"', '"Quick, mine"'), encoding="utf-8")
    window.answer_request(None, (str(path),))
    qtbot.waitUntil(lambda: notices(window) == ["Imported Quick, mine."])
    assert asked == [("quick.toml", "quick")]
    assert '"Quick, mine"' in (user_routines / "quick.toml").read_text(encoding="utf-8")
