"""Save writes the runner's file atomically and keeps a hand-written file's comments; a
built-in becomes the runner's copy and Delete brings it back; a change made elsewhere is
offered for reload, before and after saves; leaving with unsaved changes asks."""

from __future__ import annotations

import difflib
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from hipcoach.adapters.private_files import save_atomically
from hipcoach.core.library import Source
from hipcoach.core.routine_file import load_routine
from hipcoach.ui.editor.dialogs import Leave
from hipcoach.ui.editor.page import EditorPage
from hipcoach.ui.library.files import ConfirmDelete
from hipcoach.ui.shell.main_window import MainWindow
from tests.ui.editor.conftest import CTRL, Asked, key, tab_to, type_over, undo
from tests.ui.editor.test_undo import choose

HAND_WRITTEN = """\
# From the physio, March.
format = 1
name = "Physio hips"   # as she calls it
kind = "strength"

[defaults]
rest = 15  # she wants short rests

# Warm up first.
[[exercise]]
name = "Hip circles"
sides = "each"
reps = 8

[[exercise]]
name = "Glute bridges"
# slow on the way down
reps = "10-15"
tempo = [1, 3, 2]
"""


def changed(before: str, after: str) -> list[str]:
    return [
        line
        for line in difflib.ndiff(before.splitlines(), after.splitlines())
        if line.startswith(("+ ", "- "))
    ]


def test_a_hand_written_file_keeps_its_comments_and_layout(
    qtbot: QtBot, open_editor: Callable[[str], EditorPage], routines_folder: Path
) -> None:
    path = routines_folder / "physio.toml"
    path.write_text(HAND_WRITTEN, encoding="utf-8")
    editor = open_editor("physio")
    choose(qtbot, editor, "Glute bridges")
    tab_to(qtbot, editor.exercise_form.amount)
    type_over(qtbot, "12-15")
    key(qtbot, Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: "Saved" in editor.state.text())
    after = path.read_text(encoding="utf-8")
    assert changed(HAND_WRITTEN, after) == ['- reps = "10-15"', '+ reps = "12-15"']
    assert load_routine(path).exercises[1].dose.amount.low == 12
    # Written whole, in place: no temporary file is left beside it.
    assert {p.name for p in routines_folder.iterdir()} == {"physio.toml", "quick.toml"}


def test_a_built_in_is_saved_as_your_copy_and_delete_brings_it_back(
    qtbot: QtBot,
    window: MainWindow,
    open_editor: Callable[[str], EditorPage],
    routines_folder: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    editor = open_editor("hip-strength")
    assert "Built in" in editor.state.text()
    form = editor.routine_form
    tab_to(qtbot, form.name)
    type_over(qtbot, "Hip strength, my way")
    key(qtbot, Qt.Key.Key_S, CTRL)
    copy = routines_folder / "hip-strength.toml"
    qtbot.waitUntil(copy.exists)
    assert load_routine(copy).id == "hip-strength"  # the same routine, with its history
    key(qtbot, Qt.Key.Key_Escape)
    library = window.library_page
    card = library.card("hip-strength")
    assert card is not None and card.name.text() == "Hip strength, my way"
    assert "YOURS" in card.kind.text()
    entry = window.library.find("hip-strength")
    assert entry is not None and entry.source is Source.USER

    questions: list[tuple[str, bool]] = []

    def ask(cls: type, parent: object, name: str, built_in_back: bool) -> bool:
        questions.append((name, built_in_back))
        return len(questions) > 1  # "Keep it" the first time, "Delete" the second

    monkeypatch.setattr(ConfirmDelete, "ask", classmethod(ask))
    qtbot.mouseClick(card, Qt.MouseButton.LeftButton)
    delete = library.detail.delete_button
    assert delete.isEnabled() and delete.accessibleName() == "Delete your copy"
    assert "built-in routine comes back" in delete.toolTip()
    qtbot.mouseClick(delete, Qt.MouseButton.LeftButton)
    assert copy.exists()  # kept: the runner said no
    qtbot.mouseClick(delete, Qt.MouseButton.LeftButton)
    assert questions == [("Hip strength, my way", True)] * 2
    assert not copy.exists()
    back = library.card("hip-strength")
    assert back is not None and back.name.text() == "Hip strength"
    assert "YOURS" not in back.kind.text()
    assert library.detail.title.text() == "Hip strength"
    assert not library.detail.delete_button.isEnabled()  # a built-in stays
    assert any("built-in one is back" in b.message.text() for b in window.visible_banners())


def test_a_routine_with_problems_is_not_saved(
    qtbot: QtBot, open_editor: Callable[[str], EditorPage], routines_folder: Path
) -> None:
    editor = open_editor("quick")
    before = (routines_folder / "quick.toml").read_text(encoding="utf-8")
    tab_to(qtbot, editor.routine_form.name)
    type_over(qtbot, " ")
    key(qtbot, Qt.Key.Key_S, CTRL)
    assert editor.offer.isVisible() and "fix the 1 problem first" in editor.offer.message.text()
    assert (routines_folder / "quick.toml").read_text(encoding="utf-8") == before
    assert editor.unsaved()


def test_a_change_made_elsewhere_is_offered_for_reload(
    qtbot: QtBot, open_editor: Callable[[str], EditorPage], routines_folder: Path
) -> None:
    path = routines_folder / "quick.toml"
    editor = open_editor("quick")
    form = editor.routine_form
    tab_to(qtbot, form.name)
    type_over(qtbot, "Quick test")
    key(qtbot, Qt.Key.Key_S, CTRL)  # an atomic save: the watched file is replaced
    qtbot.waitUntil(lambda: "Saved" in editor.state.text())
    # News of our own save, if any, comes before that of a file made after it: once the
    # folder's news of that one is in, ours was heard too, and it was not offered.
    later = routines_folder / ".made-after-the-save"
    with qtbot.wait_signal(editor.watcher.directoryChanged, timeout=5000):
        later.touch()
    assert editor.offer.isHidden()
    later.unlink()

    text = path.read_text(encoding="utf-8").replace('name = "Quick test"', 'name = "Quick, edited"')
    save_atomically(path, text)  # as another editor saves: a new file renamed over it

    def offered() -> None:
        assert editor.offer.isVisible()
        assert editor.offer.message.text() == "quick.toml was changed outside hipcoach."

    qtbot.waitUntil(offered)
    qtbot.mouseClick(editor.offer.yes, Qt.MouseButton.LeftButton)
    assert form.name.text() == "Quick, edited"
    assert not editor.unsaved()  # what is shown is what is on disk
    undo(qtbot)  # the reload is a step: what was here comes back
    assert form.name.text() == "Quick test"

    path.write_text(text.replace("Quick, edited", "Quick, again"), encoding="utf-8")
    qtbot.waitUntil(offered)  # written in place this time; still watched
    qtbot.mouseClick(editor.offer.no, Qt.MouseButton.LeftButton)  # keep mine
    assert form.name.text() == "Quick test" and editor.offer.isHidden()


@pytest.mark.parametrize("leave", ["back", "escape", "close"])
def test_leaving_with_unsaved_changes_asks(
    qtbot: QtBot,
    window: MainWindow,
    open_editor: Callable[[str], EditorPage],
    routines_folder: Path,
    asked: Asked,
    leave: str,
) -> None:
    editor = open_editor("quick")

    def go() -> None:
        if leave == "back":
            qtbot.mouseClick(editor.back_button, Qt.MouseButton.LeftButton)
        elif leave == "escape":
            key(qtbot, Qt.Key.Key_Escape)
        else:  # the window's close button: the window system asks the window to close
            handle = window.windowHandle()
            assert handle is not None
            QApplication.sendEvent(handle, QCloseEvent())

    go()  # nothing changed: nothing asked
    assert asked.names == []
    if leave == "close":
        assert not window.isVisible()
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    else:
        assert window.pages.currentWidget() is window.library_page
        editor = open_editor("quick")
    tab_to(qtbot, editor.routine_form.name)
    type_over(qtbot, "Quick and new")
    asked.answer = Leave.STAY
    go()
    assert asked.names == ["Quick and new"]
    assert window.pages.currentWidget() is editor and window.isVisible()
    asked.answer = Leave.SAVE
    go()
    assert asked.names == ["Quick and new"] * 2
    assert load_routine(routines_folder / "quick.toml").name == "Quick and new"
    if leave == "close":
        assert not window.isVisible()
    else:
        assert window.pages.currentWidget() is window.library_page


def test_a_close_that_is_not_the_runners_does_not_wait_for_an_answer(
    qtbot: QtBot, window: MainWindow, open_editor: Callable[[str], EditorPage], asked: Asked
) -> None:
    """Ctrl-C or SIGTERM closes the window from code: nobody is there to answer."""
    editor = open_editor("quick")
    tab_to(qtbot, editor.routine_form.name)
    type_over(qtbot, "Quick and new")
    window.close()
    assert asked.names == [] and not window.isVisible()


def test_leaving_can_discard(
    qtbot: QtBot,
    window: MainWindow,
    open_editor: Callable[[str], EditorPage],
    routines_folder: Path,
    asked: Asked,
) -> None:
    before = (routines_folder / "quick.toml").read_text(encoding="utf-8")
    editor = open_editor("quick")
    tab_to(qtbot, editor.routine_form.name)
    key(qtbot, Qt.Key.Key_A, CTRL)
    key(qtbot, Qt.Key.Key_Delete)  # no name: a problem, so only discard or stay is offered
    assert editor.problems_button.isVisible()
    asked.answer = Leave.DISCARD
    key(qtbot, Qt.Key.Key_Escape)
    assert asked.names == ["Routine"]
    assert window.pages.currentWidget() is window.library_page
    assert (routines_folder / "quick.toml").read_text(encoding="utf-8") == before


def test_the_question_keeps_editing_unless_told_otherwise(qtbot: QtBot) -> None:
    from hipcoach.ui.editor.dialogs import UnsavedChanges

    dialog = UnsavedChanges("Quick check", 0)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.keep_button.isDefault()
    assert (
        dialog.save_button.isVisible()
        and dialog.windowTitle() == "Save your changes to Quick check?"
    )
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    assert dialog.choice is Leave.STAY
    broken = UnsavedChanges("Quick check", 2)
    qtbot.addWidget(broken)
    broken.show()
    assert broken.save_button.isHidden()  # it cannot be saved with problems
    qtbot.mouseClick(broken.discard_button, Qt.MouseButton.LeftButton)
    assert broken.choice is Leave.DISCARD
