"""Each problem beside its field as you type, from the loader that reads files, gone once
fixed; the total and the timeline follow every keystroke."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from hipcoach.core.text import clock
from hipcoach.ui.editor.page import EditorPage
from tests.ui.editor.conftest import focused, press, tab_to, type_over
from tests.ui.editor.test_undo import choose


def test_a_problem_shows_beside_its_field_and_goes_when_fixed(
    qtbot: QtBot, open_editor: Callable[[str], EditorPage]
) -> None:
    editor = open_editor("strength-circuit")
    choose(qtbot, editor, "Clamshells")
    form = editor.exercise_form
    total = editor.total.text()
    tab_to(qtbot, form.amount)
    type_over(qtbot, "15-10")

    def shown() -> None:
        assert form.dose_box.problem.isVisible()
        assert form.dose_box.problem.text() == '\u26a0 Reps range "15-10" must go from low to high'
        assert form.amount.property("problem") is True
        assert "must go from low to high" in form.amount.accessibleDescription()
        assert editor.tree.currentItem() is not None
        assert editor.tree.currentItem().text(0).startswith("\u26a0 Clamshells")
        assert editor.problems_button.isVisible()
        assert editor.problems_button.text() == "\u26a0 1 problem"
        # Only its own field: the others are quiet.
        assert [b for b in form.boxes if b.problem.isVisible()] == [form.dose_box]

    qtbot.waitUntil(shown)
    # The last good timeline (of "15", typed on the way) stays, said to be old.
    assert editor.total.text() != total and editor.total.property("role") == "muted"
    assert "last good one" in editor.timeline.caption.text()
    type_over(qtbot, "10-14")

    def fixed() -> None:
        assert form.dose_box.problem.isHidden()
        assert form.amount.property("problem") is False
        assert editor.problems_button.isHidden()
        assert not editor.tree.currentItem().text(0).startswith("\u26a0")

    qtbot.waitUntil(fixed)


def test_the_total_and_phases_follow_the_typing(
    qtbot: QtBot, open_editor: Callable[[str], EditorPage]
) -> None:
    editor = open_editor("quick")
    assert editor.total.text() == "0:40"
    form = editor.routine_form
    tab_to(qtbot, form.default_fields["prepare"])
    type_over(qtbot, "12")  # 10 s more before each of the three exercises
    qtbot.waitUntil(lambda: editor.total.text() == clock(40 + 3 * 10))
    table = editor.timeline.model
    assert table.index(0, 1).data() == "Get ready"
    assert table.index(0, 3).data() == "0:12"
    assert editor.phase_count.text() == f"{table.rowCount()} phases"


def test_problems_of_a_hand_written_file_are_placed_by_their_lines(
    qtbot: QtBot, open_editor: Callable[[str], EditorPage], routines_folder: Path
) -> None:
    (routines_folder / "odd.toml").write_text(
        'format = 1\nname = "Odd"\n\n[[exercise]]\nname = "Pigeon"\nhold = 30\n',
        encoding="utf-8",
    )
    editor = open_editor("odd")
    # A key no field shows (a typo in the file) goes to the top of the exercise's fields.
    (routines_folder / "odd.toml").write_text(
        'format = 1\nname = "Odd"\n\n[[exercise]]\nname = "Pigeon"\nhold = 30\nsied = "each"\n',
        encoding="utf-8",
    )
    qtbot.waitUntil(lambda: editor.offer.isVisible())
    qtbot.mouseClick(editor.offer.yes, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: editor.problems_button.isVisible())
    editor.problems_button.setFocus()
    press(qtbot, editor.problems_button)
    form = editor.exercise_form
    assert editor.selection.kind == "exercise"
    assert form.general.isVisible()
    assert form.general.text() == '\u26a0 Unknown key "sied" (did you mean "sides"?)'
    assert focused() is form.name
