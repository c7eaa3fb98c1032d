"""Every control of the editor has a name, a Tab stop and a focus one can see, and nothing
is cut off at 800x600 or at full screen."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QHeaderView, QWidget
from pytestqt.qtbot import QtBot

from hipcoach.ui.editor.items import ROUTINE, circuit, exercise
from hipcoach.ui.editor.page import EditorPage
from hipcoach.ui.shell.main_window import MainWindow
from tests.ui.test_accessibility import controls, describe

STATES = (ROUTINE, exercise(2), circuit("glutes"))


def every_control(editor: EditorPage) -> list[QWidget]:
    seen: dict[int, QWidget] = {}
    for state in STATES:
        editor.select(state)
        for part in (False, True):
            editor._show_part(timeline=part)
            for widget in controls(editor):
                seen[id(widget)] = widget
    editor._show_part(timeline=False)
    return list(seen.values())


def test_every_control_has_a_name_and_a_tab_stop(
    qtbot: QtBot, open_editor: Callable[[str], EditorPage]
) -> None:
    editor = open_editor("strength-circuit")
    found = every_control(editor)
    assert len(found) > 40
    assert [describe(w) for w in found if not w.accessibleName().strip()] == []
    stranded = [
        describe(w)
        for w in found
        if not isinstance(w, QHeaderView)  # column titles: nothing happens on a click
        and not w.focusPolicy() & Qt.FocusPolicy.TabFocus
    ]
    assert stranded == []


def test_focus_shows_on_every_kind_of_control(
    qtbot: QtBot, open_editor: Callable[[str], EditorPage]
) -> None:
    editor = open_editor("strength-circuit")
    editor.select(exercise(2))
    form = editor.exercise_form
    kinds = [
        editor.tree,
        editor.add_button,
        editor.save_button,
        editor.routine_button,
        form.name,
        form.dose_kind,
        form.sides,
        form.how,
    ]
    for widget in kinds:
        editor.back_button.setFocus()
        qtbot.waitUntil(lambda w=widget: not w.hasFocus())
        plain = widget.grab().toImage()
        widget.setFocus()
        qtbot.waitUntil(lambda w=widget: QApplication.focusWidget() is w)
        assert widget.grab().toImage() != plain, f"no visible focus on {describe(widget)}"


@pytest.mark.parametrize("size", [(800, 600), (1920, 1080)])
def test_it_fits_the_smallest_window_and_full_screen(
    qtbot: QtBot,
    window: MainWindow,
    open_editor: Callable[[str], EditorPage],
    size: tuple[int, int],
) -> None:
    window.resize(*size)
    editor = open_editor("strength-circuit")
    qtbot.waitUntil(lambda: editor.width() <= size[0])
    page = QRect(0, 0, editor.width(), editor.height())
    wide = size[0] >= 1200
    assert editor.timeline.isVisible() is wide  # beside the fields when there is room
    for state in STATES:
        editor.select(state)
        viewport = editor.form_scroll.viewport()
        assert not editor.form_scroll.horizontalScrollBar().isVisible()
        for widget in controls(editor):
            box = QRect(widget.mapTo(editor, widget.rect().topLeft()), widget.size())
            if editor.form_scroll.isAncestorOf(widget):
                inside = QRect(viewport.mapTo(editor, viewport.rect().topLeft()), viewport.size())
                assert box.right() <= inside.right(), describe(widget)
            else:
                assert page.contains(box), describe(widget)
            if isinstance(widget, QAbstractButton) and widget.text():
                assert widget.width() >= widget.fontMetrics().horizontalAdvance(widget.text())
