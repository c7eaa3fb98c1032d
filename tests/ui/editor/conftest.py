"""What the editor's tests share: the window's editor, reached as a runner reaches it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from hipcoach.ui.editor.dialogs import Leave, UnsavedChanges
from hipcoach.ui.editor.page import EditorPage
from hipcoach.ui.shell.main_window import MainWindow


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def tab_to(qtbot: QtBot, target: QWidget, limit: int = 80) -> None:
    """Press Tab until ``target`` has the focus, as a runner without a mouse would."""
    for _ in range(limit):
        if QApplication.focusWidget() is target:
            return
        qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is target, f"Tab never reached {target.accessibleName()}"


def key(
    qtbot: QtBot,
    pressed: Qt.Key,
    modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
) -> None:
    """A key pressed wherever the focus is."""
    qtbot.keyClick(focused(), pressed, modifiers)


def press(qtbot: QtBot, button: QWidget) -> None:
    """Enter on a focused button: it presses it (as the click is shown, a moment later)."""
    assert QApplication.focusWidget() is button
    clicked = button.clicked
    with qtbot.waitSignal(clicked, timeout=2000):
        key(qtbot, Qt.Key.Key_Return)


def type_over(qtbot: QtBot, text: str) -> None:
    """Select what the focused field holds and type over it."""
    key(qtbot, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(focused(), text)


CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier


def undo(qtbot: QtBot) -> None:
    key(qtbot, Qt.Key.Key_Z, CTRL)


def redo(qtbot: QtBot) -> None:
    key(qtbot, Qt.Key.Key_Z, CTRL | SHIFT)


@dataclass
class Asked:
    """What leaving with unsaved changes asked, and the answer the runner gives (by
    default: discard, so a test's window closes without a dialog waiting for a click)."""

    answer: Leave = Leave.DISCARD
    names: list[str] = field(default_factory=list)


@pytest.fixture(autouse=True)
def asked(monkeypatch: pytest.MonkeyPatch) -> Asked:
    record = Asked()

    def ask(cls: type, parent: object, name: str, problems: int) -> Leave:
        record.names.append(name)
        return record.answer

    monkeypatch.setattr(UnsavedChanges, "ask", classmethod(ask))
    return record


@pytest.fixture
def open_editor(qtbot: QtBot, window: MainWindow) -> Callable[[str], EditorPage]:
    """Choose a routine's card and press Edit."""

    def open_(routine_id: str) -> EditorPage:
        window.reload_library()
        card = window.library_page.card(routine_id)
        assert card is not None
        qtbot.mouseClick(card, Qt.MouseButton.LeftButton)
        window.library_page.detail.edit_button.setFocus()
        key(qtbot, Qt.Key.Key_Return)
        editor = window.editor
        qtbot.waitUntil(lambda: window.pages.currentWidget() is editor)
        assert editor.draft is not None and editor.draft.routine_id == routine_id
        return editor

    return open_


@pytest.fixture
def routines_folder(data_dir: Path, user_routines: Path) -> Path:
    return user_routines
