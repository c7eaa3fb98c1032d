"""The editor from the keyboard alone: a routine with a circuit built with Tab, typing,
arrows, Enter and Space, saved with Ctrl+S, found valid and listed."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from hipcoach.core.model import Amount, Reps, Sides
from hipcoach.core.routine_file import load_routine
from hipcoach.ui.shell.main_window import MainWindow
from tests.ui.editor.conftest import ALT, CTRL, focused, key, press, tab_to, type_over


def test_a_routine_with_a_circuit_built_from_the_keyboard(
    qtbot: QtBot, window: MainWindow, routines_folder: Path
) -> None:
    library = window.library_page
    tab_to(qtbot, library.new_button)
    press(qtbot, library.new_button)
    editor = window.editor
    assert window.pages.currentWidget() is editor
    assert focused() is editor.routine_form.name  # the name first, selected to type over
    qtbot.keyClicks(focused(), "Morning hips")
    tab_to(qtbot, editor.routine_form.kind)
    key(qtbot, Qt.Key.Key_Up)  # from Mixed to Warm-up
    assert editor.routine_form.kind.currentText() == "Warm-up"

    # The exercise a new routine starts with: reached in the list, Enter to its fields.
    tab_to(qtbot, editor.tree)
    key(qtbot, Qt.Key.Key_Down)
    key(qtbot, Qt.Key.Key_Return)
    assert focused() is editor.exercise_form.name
    type_over(qtbot, "Butterfly stretch")
    tab_to(qtbot, editor.exercise_form.amount)
    type_over(qtbot, "30-45")

    # A circuit after it, with its first exercise, then a second one.
    tab_to(qtbot, editor.add_circuit_button)
    press(qtbot, editor.add_circuit_button)
    assert focused() is editor.circuit_form.name
    qtbot.keyClicks(focused(), "Glute circuit")
    tab_to(qtbot, editor.circuit_form.rounds)
    type_over(qtbot, "2-3")
    tab_to(qtbot, editor.tree)
    key(qtbot, Qt.Key.Key_Down)  # its first exercise
    key(qtbot, Qt.Key.Key_Return)
    type_over(qtbot, "Glute bridges")
    tab_to(qtbot, editor.exercise_form.dose_kind)
    key(qtbot, Qt.Key.Key_Down)
    key(qtbot, Qt.Key.Key_Down)  # hold, breaths, reps
    assert editor.exercise_form.dose_kind.currentText() == "Reps"
    tab_to(qtbot, editor.exercise_form.amount)
    type_over(qtbot, "10-12")
    tab_to(qtbot, editor.add_button)  # in a circuit: the next exercise joins it
    press(qtbot, editor.add_button)
    qtbot.keyClicks(focused(), "Clamshells")
    tab_to(qtbot, editor.exercise_form.sides)
    key(qtbot, Qt.Key.Key_Space)
    assert editor.exercise_form.sides.isChecked()

    # Bridges last in the circuit, moved with Alt+Down from the list.
    tab_to(qtbot, editor.tree)
    key(qtbot, Qt.Key.Key_Up)
    assert editor.tree.currentItem() is not None
    assert editor.tree.currentItem().text(0).startswith("Glute bridges")
    key(qtbot, Qt.Key.Key_Down, ALT)
    assert editor.problems_button.isHidden(), editor.checked.problems

    key(qtbot, Qt.Key.Key_S, CTRL)
    path = routines_folder / "morning-hips.toml"
    qtbot.waitUntil(lambda: path.exists())
    routine = load_routine(path)
    assert routine.name == "Morning hips" and routine.id == "morning-hips"
    assert routine.kind.value == "warm-up"
    assert [(e.name, e.circuit) for e in routine.exercises] == [
        ("Butterfly stretch", None),
        ("Clamshells", "circuit-1"),
        ("Glute bridges", "circuit-1"),
    ]
    assert routine.exercises[0].dose.amount == Amount(30, 45)
    assert routine.exercises[1].sides is Sides.EACH
    bridges = routine.exercises[2].dose
    assert isinstance(bridges, Reps) and bridges.count == Amount(10, 12)
    assert routine.circuit("circuit-1").name == "Glute circuit"
    assert routine.circuit("circuit-1").rounds == Amount(2, 3)
    assert "Saved" in editor.state.text()

    key(qtbot, Qt.Key.Key_Escape)  # back to the library: nothing unsaved, nothing asked
    assert window.pages.currentWidget() is library
    card = library.card("morning-hips")
    assert card is not None and "YOURS" in card.kind.text()
    assert library.detail.title.text() == "Morning hips"
    assert QApplication.activeModalWidget() is None
