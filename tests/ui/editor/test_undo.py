"""Undo and redo of every kind of edit, with Ctrl+Z and Ctrl+Shift+Z wherever the cursor is:
typing (one step per field), choices, sides, adding, duplicating, removing, moving by key
and by dragging (one step each), joining a circuit."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QDropEvent
from pytestqt.qtbot import QtBot

from hipcoach.ui.editor.items import circuit, exercise
from hipcoach.ui.editor.page import EditorPage
from tests.ui.editor.conftest import ALT, focused, key, redo, tab_to, type_over, undo


def rows(editor: EditorPage) -> list[str]:
    """The list as the runner reads it: names, circuits indented."""
    tree = editor.tree
    found = []
    for number in range(tree.topLevelItemCount()):
        top = tree.topLevelItem(number)
        assert top is not None
        found.append(top.text(0).split("  \u00b7  ")[0])
        for child in range(top.childCount()):
            item = top.child(child)
            assert item is not None
            found.append("  " + item.text(0).split("  \u00b7  ")[0])
    return found


STRENGTH = [
    "Hip circles",
    "Glute circuit",
    "  Glute bridges",
    "  Clamshells",
    "  Side-lying leg lifts",
    "Standing circuit",
    "  Reverse lunges",
    "  Single-leg squat",
    "Pigeon pose",
]


def choose(qtbot: QtBot, editor: EditorPage, name: str) -> None:
    """Click a row of the list."""
    row = next(r for r in editor.tree._rows() if r.text(0).split("  \u00b7  ")[0] == name)
    rect = editor.tree.visualItemRect(row)
    qtbot.mouseClick(editor.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert editor.tree.currentItem() is row


def drag(editor: EditorPage, name: str, onto: str, edge: str) -> None:
    """Drop the chosen row just above or below another one (the drop of a real drag)."""
    tree = editor.tree
    row = next(r for r in tree._rows() if r.text(0).split("  \u00b7  ")[0] == onto)
    rect = tree.visualItemRect(row)
    y = rect.top() + 2 if edge == "above" else rect.bottom() - 1
    data = tree.model().mimeData([tree.currentIndex()]) or QMimeData()
    event = QDropEvent(
        QPointF(QPoint(rect.center().x(), y)),
        Qt.DropAction.MoveAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    tree.dropEvent(event)


Edit = Callable[[QtBot, EditorPage], None]


def type_a_name(qtbot: QtBot, editor: EditorPage) -> None:
    editor.routine_form.name.setFocus()
    type_over(qtbot, "Strong hips")


def pick_a_kind(qtbot: QtBot, editor: EditorPage) -> None:
    tab_to(qtbot, editor.routine_form.kind)
    key(qtbot, Qt.Key.Key_Up)


def set_a_default(qtbot: QtBot, editor: EditorPage) -> None:
    editor.routine_form.default_fields["rest"].setFocus()
    type_over(qtbot, "25")


def both_sides(qtbot: QtBot, editor: EditorPage) -> None:
    choose(qtbot, editor, "Glute bridges")
    tab_to(qtbot, editor.exercise_form.sides)
    key(qtbot, Qt.Key.Key_Space)


def change_the_dose(qtbot: QtBot, editor: EditorPage) -> None:
    choose(qtbot, editor, "Pigeon pose")
    tab_to(qtbot, editor.exercise_form.dose_kind)
    key(qtbot, Qt.Key.Key_Down)


def type_rounds(qtbot: QtBot, editor: EditorPage) -> None:
    choose(qtbot, editor, "Glute circuit")
    editor.circuit_form.rounds.setFocus()
    type_over(qtbot, "4")


def add_an_exercise(qtbot: QtBot, editor: EditorPage) -> None:
    choose(qtbot, editor, "Hip circles")
    qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)


def add_a_circuit(qtbot: QtBot, editor: EditorPage) -> None:
    choose(qtbot, editor, "Pigeon pose")
    qtbot.mouseClick(editor.add_circuit_button, Qt.MouseButton.LeftButton)


def duplicate_a_circuit(qtbot: QtBot, editor: EditorPage) -> None:
    choose(qtbot, editor, "Standing circuit")
    qtbot.mouseClick(editor.duplicate_button, Qt.MouseButton.LeftButton)


def remove_an_exercise(qtbot: QtBot, editor: EditorPage) -> None:
    choose(qtbot, editor, "Clamshells")
    key(qtbot, Qt.Key.Key_Delete)


def move_a_circuit_by_key(qtbot: QtBot, editor: EditorPage) -> None:
    choose(qtbot, editor, "Standing circuit")
    key(qtbot, Qt.Key.Key_Up, ALT)


def drag_an_exercise_into_a_circuit(qtbot: QtBot, editor: EditorPage) -> None:
    choose(qtbot, editor, "Pigeon pose")
    drag(editor, "Pigeon pose", "Reverse lunges", "above")


def join_a_circuit(qtbot: QtBot, editor: EditorPage) -> None:
    choose(qtbot, editor, "Hip circles")
    tab_to(qtbot, editor.exercise_form.circuit)
    key(qtbot, Qt.Key.Key_Down)  # "None" to the first circuit


EDITS: dict[str, tuple[Edit, list[str] | None]] = {
    "typing a name": (type_a_name, None),
    "a kind": (pick_a_kind, None),
    "a default": (set_a_default, None),
    "sides": (both_sides, None),
    "the dose's kind": (change_the_dose, None),
    "a circuit's rounds": (type_rounds, None),
    "adding an exercise": (
        add_an_exercise,
        [STRENGTH[0], "Exercise 8", *STRENGTH[1:]],
    ),
    "adding a circuit": (add_a_circuit, [*STRENGTH, "Circuit 1", "  Exercise 8"]),
    "duplicating a circuit": (
        duplicate_a_circuit,
        [
            *STRENGTH[:8],
            "Standing circuit (copy)",
            "  Reverse lunges (copy)",
            "  Single-leg squat (copy)",
            STRENGTH[8],
        ],
    ),
    "removing": (remove_an_exercise, [s for s in STRENGTH if s != "  Clamshells"]),
    "moving by Alt+Up": (
        move_a_circuit_by_key,
        [STRENGTH[0], *STRENGTH[5:8], *STRENGTH[1:5], STRENGTH[8]],
    ),
    "dragging into a circuit": (
        drag_an_exercise_into_a_circuit,
        [*STRENGTH[:6], "  Pigeon pose", *STRENGTH[6:8]],
    ),
    "joining a circuit": (join_a_circuit, [*STRENGTH[1:5], "  Hip circles", *STRENGTH[5:]]),
}


@pytest.mark.parametrize("name", list(EDITS))
def test_every_kind_of_edit_is_undone_and_redone(
    qtbot: QtBot, open_editor: Callable[[str], EditorPage], name: str
) -> None:
    editor = open_editor("strength-circuit")
    assert editor.draft is not None
    assert rows(editor) == STRENGTH
    before = editor.draft.text()
    make, expected_rows = EDITS[name]
    make(qtbot, editor)
    after = editor.draft.text()
    assert after != before
    if expected_rows is not None:
        assert rows(editor) == expected_rows
    assert editor.stack.count() == 1  # one edit, one step
    assert editor.unsaved() and "Unsaved" in editor.state.text()
    undo(qtbot)
    assert editor.draft.text() == before
    assert rows(editor) == STRENGTH
    assert not editor.unsaved()
    redo(qtbot)
    assert editor.draft.text() == after
    if expected_rows is not None:
        assert rows(editor) == expected_rows
    undo(qtbot)
    assert editor.draft.text() == before


def test_typing_is_one_step_per_field_and_ctrl_z_is_the_editors(
    qtbot: QtBot, open_editor: Callable[[str], EditorPage]
) -> None:
    editor = open_editor("strength-circuit")
    form = editor.routine_form
    form.name.setFocus()
    key(qtbot, Qt.Key.Key_End)
    qtbot.keyClicks(form.name, " for runners")
    tags = form.tags.text()
    form.tags.setFocus()
    key(qtbot, Qt.Key.Key_End)
    qtbot.keyClicks(form.tags, ", legs")
    assert editor.stack.count() == 2
    assert form.title.text() == "Hip strength circuit for runners"
    # Still in the tags: the first Ctrl+Z takes the tags back, the second the name, though
    # the cursor never went back to the name (a line edit's own undo could not).
    undo(qtbot)
    assert form.tags.text() == tags
    assert form.name.text() == "Hip strength circuit for runners"
    undo(qtbot)
    assert form.name.text() == "Hip strength circuit"
    assert focused() is form.name  # the cursor goes where the undone edit was
    redo(qtbot)
    assert form.name.text() == "Hip strength circuit for runners"
    redo(qtbot)
    assert form.tags.text() == f"{tags}, legs"
    assert editor.stack.count() == 2


def test_a_drag_within_the_list_is_one_move(
    qtbot: QtBot, open_editor: Callable[[str], EditorPage]
) -> None:
    editor = open_editor("strength-circuit")
    assert editor.draft is not None
    choose(qtbot, editor, "Standing circuit")
    drag(editor, "Standing circuit", "Hip circles", "above")
    assert rows(editor) == [*STRENGTH[5:8], STRENGTH[0], *STRENGTH[1:5], STRENGTH[8]]
    assert editor.selection == circuit("standing")
    choose(qtbot, editor, "Single-leg squat")
    drag(editor, "Single-leg squat", "Pigeon pose", "below")  # out of its circuit, to the end
    assert rows(editor)[-2:] == ["Pigeon pose", "Single-leg squat"]
    assert editor.selection == exercise(6)
    assert editor.stack.count() == 2
    undo(qtbot)
    undo(qtbot)
    assert rows(editor) == STRENGTH
    assert editor.checked.problems == {}
