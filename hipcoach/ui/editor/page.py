"""The routine editor: the routine's fields, its exercises and circuits in order, every
problem beside its field as you type, the timeline, undo and redo of every edit, and Save.

The draft (hipcoach.application.editing) is the file being edited; this page only shows it
and turns each change into one undoable step. A step keeps the whole text before and after
it (a routine file is small), so undo gives back exactly the file as it was, comments and
all. Typing in one field is one step until the field is left; a drag is one move.

Save writes the runner's own file atomically (a built-in routine becomes their copy, which
then replaces it). While the page is open, the file is watched: a change made elsewhere is
offered for reload, and the watch is set again after every save, since an atomic save
replaces the file the watcher was following (docs/routine-format.md, "Files that hipcoach
writes").
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QEvent, QFileSystemWatcher, Qt, Signal
from PySide6.QtGui import QKeySequence, QResizeEvent, QShortcut, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from hipcoach.adapters.routine_files import RoutineDocument, RoutineDocumentError
from hipcoach.application.editing import (
    Checked,
    DraftError,
    Origin,
    RoutineDraft,
    read_text,
)
from hipcoach.core.text import clock, plural
from hipcoach.core.toml_lines import KeyPath
from hipcoach.ui.common.theme import current_theme, font, set_role
from hipcoach.ui.common.widgets import bold, plain_label
from hipcoach.ui.editor.dialogs import Leave, UnsavedChanges
from hipcoach.ui.editor.fields import REDO_KEYS, UNDO_KEYS
from hipcoach.ui.editor.forms import Apply, CircuitForm, ExerciseForm, Form, RoutineForm
from hipcoach.ui.editor.items import ROUTINE, ItemTree, Selection, circuit, exercise
from hipcoach.ui.editor.timeline import TimelinePanel

WIDE = 1200  # px: from here the timeline stands beside the fields
LEFT_WIDTH = 290
LEFT_WIDTH_WIDE = 380
FORM_WIDTH = 660


class Saver(Protocol):
    """What the page needs of the backend."""

    def save_draft(self, draft: RoutineDraft) -> Path: ...


class Edit(QUndoCommand):
    """One step: the file's text before and after, and what was chosen then. ``burst``
    joins the keystrokes of one field into one step."""

    def __init__(
        self,
        page: EditorPage,
        what: str,
        texts: tuple[str, str],
        chosen: tuple[Selection, Selection],
        field: KeyPath | None,
        burst: int | None,
    ) -> None:
        super().__init__(what)
        self.page = page
        self.before, self.after = texts
        self.chosen_before, self.chosen_after = chosen
        self.field = field
        self.burst = burst
        self._done = True  # push() runs redo() at once: the edit is already made

    def id(self) -> int:
        return 1 if self.burst is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802
        if not isinstance(other, Edit) or other.burst is None or other.burst != self.burst:
            return False
        self.after = other.after
        self.chosen_after = other.chosen_after
        self.setObsolete(self.after == self.before)
        return True

    def redo(self) -> None:
        if self._done:
            self._done = False
            return
        self.page.restore(self.after, self.chosen_after, self.field)

    def undo(self) -> None:
        self.page.restore(self.before, self.chosen_before, self.field)


class Offer(QFrame):
    """A notice inside the editor, with what can be done about it."""

    def __init__(self) -> None:
        super().__init__()
        set_role(self, "banner")
        self.setAccessibleName("Notice")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 8, 8, 8)
        layout.setSpacing(8)
        self.message = plain_label("", wrap=True, name="Notice")
        self.message.setFont(font(14))
        layout.addWidget(self.message, 1)
        self.yes = _button("", "")
        layout.addWidget(self.yes, 0, Qt.AlignmentFlag.AlignVCenter)
        self.no = _button("", "")
        layout.addWidget(self.no, 0, Qt.AlignmentFlag.AlignVCenter)
        self._yes: Callable[[], None] | None = None
        self.yes.clicked.connect(self._accepted)
        self.no.clicked.connect(self.hide)
        self.hide()

    def offer(
        self, message: str, yes: str = "", action: Callable[[], None] | None = None, no: str = "OK"
    ) -> None:
        self.message.setText(message)
        self.setAccessibleDescription(message)
        self.yes.setText(yes)
        self.yes.setAccessibleName(yes)
        self.yes.setVisible(bool(yes))
        self.no.setText(no)
        self.no.setAccessibleName(no)
        self._yes = action
        self.show()

    def _accepted(self) -> None:
        self.hide()
        if self._yes is not None:
            self._yes()


class ElidedLabel(QLabel):
    """One line of plain text that ends in "..." when it does not fit (the whole of it is
    the tool tip and what a screen reader says)."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setAccessibleName(name)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.full = ""

    def set_full_text(self, text: str) -> None:
        self.full = text
        self.setToolTip(text)
        self.setAccessibleDescription(text)
        self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        shown = self.fontMetrics().elidedText(self.full, Qt.TextElideMode.ElideRight, self.width())
        if shown != self.text():
            self.setText(shown)


def _button(text: str, name: str, role: str = "quiet", tip: str = "") -> QPushButton:
    button = QPushButton(text)
    button.setAccessibleName(name)
    button.setToolTip(tip or name)
    button.setCursor(Qt.CursorShape.PointingHandCursor)
    set_role(button, role)
    return button


class EditorPage(QWidget):
    closed = Signal()  # back to the library
    saved = Signal(object)  # Path: a routine file was written

    def __init__(self, saver: Saver, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Routine editor")
        self.saver = saver
        self.draft: RoutineDraft | None = None
        self.last_saved_id = ""  # the routine saved last, for the library to show
        self.checked = Checked(None, None)
        self.selection: Selection = ROUTINE
        self.stack = QUndoStack(self)
        self._burst: tuple[KeyPath, int] | None = None
        self._bursts = itertools.count(1)
        self._offered: str | None = None  # the text on disk already offered for reload
        self.watcher = QFileSystemWatcher(self)
        self.watcher.fileChanged.connect(self._disk_changed)
        self.watcher.directoryChanged.connect(self._disk_changed)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 14, 24, 16)
        outer.setSpacing(10)
        outer.addLayout(self._header())
        self.offer = Offer()
        outer.addWidget(self.offer)
        body = QHBoxLayout()
        body.setSpacing(20)
        body.addWidget(self._items_column())
        right = QVBoxLayout()
        right.setSpacing(8)
        segments = QHBoxLayout()
        segments.setSpacing(4)
        self.fields_button = _button("Fields", "Show the fields", "segment")
        self.timeline_button = _button("Timeline", "Show the timeline", "segment")
        for button in (self.fields_button, self.timeline_button):
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            segments.addWidget(button)
        segments.addStretch(1)
        self.fields_button.setChecked(True)
        self.fields_button.clicked.connect(lambda: self._show_part(timeline=False))
        self.timeline_button.clicked.connect(lambda: self._show_part(timeline=True))
        self.segments = QWidget()
        self.segments.setLayout(segments)
        segments.setContentsMargins(0, 0, 0, 0)
        right.addWidget(self.segments)
        columns = QHBoxLayout()
        columns.setSpacing(20)
        columns.addWidget(self._forms_panel(), 3)
        self.timeline = TimelinePanel()
        self.timeline.setMinimumWidth(300)
        columns.addWidget(self.timeline, 2)
        right.addLayout(columns, 1)
        body.addLayout(right, 1)
        outer.addLayout(body, 1)
        self._keys()
        self.stack.cleanChanged.connect(self._stack_changed)
        self.stack.indexChanged.connect(self._stack_changed)
        self._wide: bool | None = None
        self._lay_out()

    # -- building -----------------------------------------------------------------------------

    def _header(self) -> QVBoxLayout:
        """Back, the routine's name, undo, redo and Save; below, whether it is saved, its
        problems and its length."""
        header = QVBoxLayout()
        header.setSpacing(2)
        top = QHBoxLayout()
        top.setSpacing(10)
        self.back_button = _button("\u2190 Routines", "Back to the routines", tip="Back (Esc)")
        self.back_button.clicked.connect(self.request_leave)
        top.addWidget(self.back_button)
        self.title = ElidedLabel("Routine being edited")
        self.title.setFont(bold(20))
        top.addWidget(self.title, 1)
        self.undo_button = _button("Undo", "Undo", tip="Undo (Ctrl+Z)")
        self.undo_button.clicked.connect(self.stack.undo)
        self.redo_button = _button("Redo", "Redo", tip="Redo (Ctrl+Shift+Z)")
        self.redo_button.clicked.connect(self.stack.redo)
        self.save_button = _button("Save", "Save", "primary", "Save (Ctrl+S)")
        self.save_button.setStyleSheet("padding: 8px 26px; font-size: 17px;")
        self.save_button.clicked.connect(self.save)
        for button in (self.undo_button, self.redo_button, self.save_button):
            top.addWidget(button)
        header.addLayout(top)
        below = QHBoxLayout()
        below.setSpacing(12)
        below.setContentsMargins(4, 0, 0, 0)
        self.state = plain_label("", role="muted", wrap=True, name="Save state")
        self.state.setFont(font(13))
        below.addWidget(self.state, 1)
        self.problems_button = _button(
            "", "Go to the first problem", "problems", "Go to the first problem"
        )
        self.problems_button.clicked.connect(self.first_problem)
        below.addWidget(self.problems_button)
        self.total = plain_label("", name="Total time")
        self.total.setFont(bold(18))
        below.addWidget(self.total)
        self.phase_count = plain_label("", role="muted", name="Phases")
        self.phase_count.setFont(font(13))
        below.addWidget(self.phase_count)
        header.addLayout(below)
        return header

    def _items_column(self) -> QWidget:
        column = QWidget()
        column.setFixedWidth(LEFT_WIDTH)
        self.items_column = column
        layout = QVBoxLayout(column)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        self.routine_button = _button(
            "Name, kind and defaults", "Routine: name, kind and defaults", "quiet"
        )
        self.routine_button.setCheckable(True)
        self.routine_button.clicked.connect(lambda: self.select(ROUTINE))
        layout.addWidget(self.routine_button)
        self.tree = ItemTree()
        self.tree.chosen.connect(self.select)
        self.tree.dropped.connect(self.drop)
        self.tree.entered.connect(self.focus_form)
        self.tree.remove_requested.connect(self.remove)
        layout.addWidget(self.tree, 1)
        grid = QGridLayout()
        grid.setSpacing(6)
        self.add_button = _button("+ Exercise", "Add an exercise", tip="Add an exercise")
        self.add_button.clicked.connect(self.add_exercise)
        self.add_circuit_button = _button("+ Circuit", "Add a circuit", tip="Add a circuit")
        self.add_circuit_button.clicked.connect(self.add_circuit)
        self.duplicate_button = _button("Duplicate", "Duplicate")
        self.duplicate_button.clicked.connect(self.duplicate)
        self.remove_button = _button("Remove", "Remove", tip="Remove (Delete)")
        self.remove_button.clicked.connect(self.remove)
        self.up_button = _button("\u2191 Up", "Move up", tip="Move up (Alt+Up)")
        self.up_button.clicked.connect(lambda: self.move_by(-1))
        self.down_button = _button("\u2193 Down", "Move down", tip="Move down (Alt+Down)")
        self.down_button.clicked.connect(lambda: self.move_by(1))
        for number, button in enumerate(
            (
                self.add_button,
                self.add_circuit_button,
                self.duplicate_button,
                self.remove_button,
                self.up_button,
                self.down_button,
            )
        ):
            grid.addWidget(button, number // 2, number % 2)
        layout.addLayout(grid)
        return column

    def _forms_panel(self) -> QWidget:
        self.routine_form = RoutineForm(self)
        self.exercise_form = ExerciseForm(self)
        self.circuit_form = CircuitForm(self)
        self.circuit_form.add_to_circuit.connect(self.add_to_circuit)
        holder = QWidget()
        holder.setMaximumWidth(FORM_WIDTH)
        layout = QVBoxLayout(holder)
        layout.setContentsMargins(22, 18, 22, 22)
        for form in self.forms():
            layout.addWidget(form)
        layout.addStretch(1)
        panel = QFrame()
        set_role(panel, "panel")
        inner = QVBoxLayout(panel)
        inner.setContentsMargins(0, 0, 0, 0)
        self.form_scroll = QScrollArea()
        self.form_scroll.setWidgetResizable(True)
        self.form_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.form_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.form_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.form_scroll.setAccessibleName("Fields")
        self.form_scroll.setWidget(holder)
        inner.addWidget(self.form_scroll)
        self.form_panel = panel
        return panel

    def _keys(self) -> None:
        def key(keys: tuple[QKeySequence, ...], action: Callable[[], object]) -> QShortcut:
            shortcut = QShortcut(self)
            shortcut.setKeys(list(keys))
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(action)
            return shortcut

        self.shortcuts = [
            key(UNDO_KEYS, self.stack.undo),
            key(REDO_KEYS, self.stack.redo),
            key((QKeySequence("Ctrl+S"),), self.save),
            key((QKeySequence("Alt+Up"),), lambda: self.move_by(-1)),
            key((QKeySequence("Alt+Down"),), lambda: self.move_by(1)),
        ]

    def forms(self) -> list[Form]:
        return [self.routine_form, self.exercise_form, self.circuit_form]

    # -- opening ------------------------------------------------------------------------------

    def open(self, draft: RoutineDraft) -> None:
        """Edit this draft from a clean slate: no undo history, nothing unsaved."""
        self.draft = draft
        self.last_saved_id = ""
        self.stack.clear()
        self.stack.setClean()
        self._burst = None
        self._offered = None
        self.offer.hide()
        self.selection = ROUTINE
        self._watch()
        self.refresh()
        self._show_part(timeline=False)
        self.routine_form.name.setFocus(Qt.FocusReason.OtherFocusReason)
        if draft.origin is Origin.NEW:
            self.routine_form.name.selectAll()

    # -- edits --------------------------------------------------------------------------------

    def edit(self, field: KeyPath, what: str, apply: Apply, typing: bool = False) -> None:
        """Make one edit of the draft and keep it as a step (typing into the field of the
        step before joins it)."""
        draft = self.draft
        if draft is None:
            return
        before = draft.text()
        chosen = self.selection
        result = apply(draft)
        after = draft.text()
        if after == before:
            return
        if isinstance(result, Selection):
            self.selection = result
        burst = self._burst_for(field) if typing else None
        if not typing:
            self._burst = None
        self.stack.push(Edit(self, what, (before, after), (chosen, self.selection), field, burst))
        self.refresh()

    def field_left(self) -> None:
        self._burst = None

    def _burst_for(self, field: KeyPath) -> int:
        if self._burst is None or self._burst[0] != field:
            self._burst = (field, next(self._bursts))
        return self._burst[1]

    def restore(self, text: str, selection: Selection, field: KeyPath | None) -> None:
        """Undo and redo: the draft's text as it was, with what was chosen then."""
        if self.draft is None:
            return
        self.draft.replace_text(text)
        self._burst = None
        self.selection = selection
        self.refresh()
        if field is not None:
            control = self.current_form().control_for(field)
            focused = QApplication.focusWidget()
            if control is not None and (focused is None or self.isAncestorOf(focused)):
                self._focus(control)

    # -- the items ----------------------------------------------------------------------------

    def select(self, selection: Selection) -> None:
        if selection != self.selection:
            self.selection = selection
            self._burst = None
            self.refresh()

    def add_exercise(self) -> None:
        chosen = self.selection

        def apply(draft: RoutineDraft) -> Selection:
            if chosen.kind == "exercise":
                key = draft.document.exercise_circuit(chosen.index)
                return exercise(draft.add_exercise(chosen.index + 1, key))
            if chosen.kind == "circuit":
                item = next(i for i in draft.items() if i.circuit == chosen.key)
                return exercise(draft.add_exercise(item.exercises.stop))
            return exercise(draft.add_exercise(draft.exercise_count()))

        self.edit(("items",), "Add an exercise", apply)
        self._focus(self.exercise_form.name, select_all=True)

    def add_to_circuit(self, key: str) -> None:
        def apply(draft: RoutineDraft) -> Selection:
            item = next(i for i in draft.items() if i.circuit == key)
            return exercise(draft.add_exercise(item.exercises.stop, key))

        self.edit(("items",), "Add an exercise to the circuit", apply)
        self._focus(self.exercise_form.name, select_all=True)

    def add_circuit(self) -> None:
        chosen = self.selection

        def apply(draft: RoutineDraft) -> Selection:
            position = self._item_number(draft, chosen)
            at = len(draft.items()) if position is None else position + 1
            return circuit(draft.add_circuit(at))

        self.edit(("items",), "Add a circuit", apply)
        self._focus(self.circuit_form.name, select_all=True)

    def duplicate(self) -> None:
        chosen = self.selection

        def apply(draft: RoutineDraft) -> Selection | None:
            if chosen.kind == "exercise":
                return exercise(draft.duplicate_exercise(chosen.index))
            if chosen.kind == "circuit":
                return circuit(draft.duplicate_circuit(chosen.key))
            return None

        self.edit(("items",), "Duplicate", apply)

    def remove(self) -> None:
        chosen = self.selection

        def apply(draft: RoutineDraft) -> Selection | None:
            position = self._item_number(draft, chosen)
            if chosen.kind == "exercise":
                draft.remove_exercise(chosen.index)
                count = draft.exercise_count()
                return exercise(min(chosen.index, count - 1)) if count else ROUTINE
            if chosen.kind == "circuit" and position is not None:
                draft.remove_circuit(chosen.key)
                items = draft.items()
                if not items:
                    return ROUTINE
                item = items[min(position, len(items) - 1)]
                return self._selection_of(item.circuit, item.exercises.start)
            return None

        self.edit(("items",), "Remove", apply)
        self.tree.setFocus(Qt.FocusReason.OtherFocusReason)

    def move_by(self, step: int) -> None:
        """Alt+Up, Alt+Down: an item by one place (a circuit with its exercises); an exercise
        of a circuit within it, and out of it at its edge."""
        chosen = self.selection
        draft = self.draft
        if draft is None or chosen == ROUTINE:
            return
        focused = QApplication.focusWidget()

        def apply(draft: RoutineDraft) -> Selection | None:
            items = draft.items()
            position = self._item_number(draft, chosen)
            if position is None:
                return None
            item = items[position]
            if chosen.kind == "exercise" and item.circuit is not None:
                index = chosen.index
                members = item.exercises
                count = draft.exercise_count()
                if step < 0:
                    if index > members.start:
                        return exercise(draft.place_exercise(index, item.circuit, index - 1))
                    return exercise(draft.place_exercise(index, None, index))
                if index < members.stop - 1:
                    return exercise(draft.place_exercise(index, item.circuit, index + 2))
                after = index + 1 if index + 1 < count else None
                return exercise(draft.place_exercise(index, None, after))
            to = position + step
            if not 0 <= to < len(items):
                return None
            draft.move_item(position, to)
            moved = draft.items()[to]
            return self._selection_of(moved.circuit, moved.exercises.start)

        self.edit(("items",), "Move", apply)
        if focused is not None and self.isAncestorOf(focused):
            focused.setFocus(Qt.FocusReason.OtherFocusReason)

    def drop(self, source: Selection, into: str | None, row: int) -> None:
        """A drag ended: one move, as one step."""

        def apply(draft: RoutineDraft) -> Selection | None:
            items = draft.items()
            position = self._item_number(draft, source)
            if position is None:
                return None
            item = items[position]
            if into is None and (source.kind == "circuit" or item.circuit is None):
                to = row if row <= position else row - 1
                to = min(to, len(items) - 1)
                if to == position:
                    return None
                draft.move_item(position, to)
                moved = draft.items()[to]
                return self._selection_of(moved.circuit, moved.exercises.start)
            if source.kind == "circuit":
                return None  # a circuit never goes inside another
            index = source.index
            count = draft.exercise_count()
            before: int | None
            if into is None:
                before = items[row].exercises.start if row < len(items) else None
                return exercise(draft.place_exercise(index, None, before))
            target = next((i for i in items if i.circuit == into), None)
            if target is None:
                return None
            members = target.exercises
            if row < len(members):
                before = members.start + row
            else:
                before = members.stop if members.stop < count else None
            return exercise(draft.place_exercise(index, into, before))

        self.edit(("items",), "Move", apply)

    @staticmethod
    def _item_number(draft: RoutineDraft, chosen: Selection) -> int | None:
        for number, item in enumerate(draft.items()):
            if (chosen.kind == "circuit" and chosen.key == item.circuit) or (
                chosen.kind == "exercise" and chosen.index in item.exercises
            ):
                return number
        return None

    @staticmethod
    def _selection_of(key: str | None, first: int) -> Selection:
        return circuit(key) if key is not None else exercise(first)

    # -- showing ------------------------------------------------------------------------------

    def current_form(self) -> Form:
        kind = self.selection.kind
        if kind == "exercise":
            return self.exercise_form
        if kind == "circuit":
            return self.circuit_form
        return self.routine_form

    def _valid(self, draft: RoutineDraft, selection: Selection) -> Selection:
        if selection.kind == "exercise":
            count = draft.exercise_count()
            return exercise(min(selection.index, count - 1)) if count else ROUTINE
        if selection.kind == "circuit" and selection.key not in draft.document.circuit_keys():
            return ROUTINE
        return selection

    def refresh(self) -> None:
        """Show the draft as it is now: the loader's reading, the rows, the chosen item's
        fields, the timeline and the header."""
        draft = self.draft
        if draft is None:
            return
        self.checked = draft.check()
        self.selection = self._valid(draft, self.selection)
        self.tree.show_items(draft, self.checked, self.selection)
        self.routine_button.setChecked(self.selection == ROUTINE)
        form = self.current_form()
        if form is self.exercise_form:
            self.exercise_form.bind(self.selection.index)
        elif form is self.circuit_form:
            self.circuit_form.bind(self.selection.key)
        focused = QApplication.focusWidget()
        for other in self.forms():
            if other is not form:
                if focused is not None and other.isAncestorOf(focused):
                    # Its form goes: the cursor stays in the list, not wherever Qt puts it.
                    self.tree.setFocus(Qt.FocusReason.OtherFocusReason)
                other.hide()
        form.fill(draft, self.checked)
        form.show()
        self.duplicate_button.setEnabled(self.selection != ROUTINE)
        self.remove_button.setEnabled(self.selection != ROUTINE)
        self.up_button.setEnabled(self.selection != ROUTINE)
        self.down_button.setEnabled(self.selection != ROUTINE)
        problems = self.checked.count
        self.timeline.show_plan(self.checked.plan, problems)
        plan = self.checked.plan or self.timeline.plan
        self.total.setText(clock(plan.total_seconds) if plan is not None else "\u2013:\u2013\u2013")
        set_role(self.total, "muted" if problems else "figure")
        self.phase_count.setText(plural(len(plan.phases), "phase") if plan else "")
        self.problems_button.setText(f"\u26a0 {plural(problems, 'problem')}")
        self.problems_button.setVisible(bool(problems))
        self._show_state()

    def _stack_changed(self, _change: object) -> None:
        self._show_state()

    def _show_state(self) -> None:
        draft = self.draft
        if draft is None:
            return
        name = draft.value(("name",))
        self.title.set_full_text(
            name.strip() if isinstance(name, str) and name.strip() else "Routine"
        )
        clean = self.stack.isClean()
        where = draft.target().name
        if draft.origin is Origin.NEW:
            state = f"New, not saved yet ({where})"
        elif draft.origin is Origin.BUILT_IN:
            state = "Built in: saving makes it your own copy"
        elif clean:
            state = f"Saved ({where})"
        else:
            state = f"Unsaved changes ({where})"
        if not clean and draft.origin is Origin.BUILT_IN:
            state = "Unsaved. " + state
        self.state.setText(state)
        self.undo_button.setEnabled(self.stack.canUndo())
        self.redo_button.setEnabled(self.stack.canRedo())
        self.undo_button.setToolTip(
            f"Undo {self.stack.undoText().lower()} (Ctrl+Z)" if self.stack.canUndo() else "Undo"
        )
        self.redo_button.setToolTip(
            f"Redo {self.stack.redoText().lower()} (Ctrl+Shift+Z)"
            if self.stack.canRedo()
            else "Redo"
        )

    def unsaved(self) -> bool:
        """Edits since the draft was opened, saved or reloaded (a new routine counts as
        unsaved only once it is edited)."""
        return self.draft is not None and not self.stack.isClean()

    def focus_form(self) -> None:
        """Enter on a row: to the first field of what it is, or the first problem."""
        form = self.current_form()
        control = form.first_problem()
        if control is None:
            if form is self.exercise_form:
                control = self.exercise_form.name
            elif form is self.circuit_form:
                control = self.circuit_form.name
            else:
                control = self.routine_form.name
        self._focus(control)

    def first_problem(self) -> None:
        """Choose the first thing with a problem and put the cursor in its field."""
        draft = self.draft
        if draft is None or not self.checked.problems:
            return
        order: list[tuple[Selection, KeyPath]] = [(ROUTINE, ())]
        for item in draft.items():
            if item.circuit is not None:
                order.append((circuit(item.circuit), ("circuit", item.circuit)))
            order.extend((exercise(i), ("exercise", i)) for i in item.exercises)
        for candidate, where in order:
            if candidate == ROUTINE:
                count = sum(
                    len(m) for p, m in self.checked.problems.items()
                    if self.routine_form.belongs(p)
                )  # fmt: skip
            else:
                count = self.checked.under(where)
            if count:
                self.select(candidate)
                self._show_part(timeline=False)
                self.focus_form()
                return

    def _focus(self, control: QWidget, select_all: bool = False) -> None:
        self._show_part(timeline=False)
        control.setFocus(Qt.FocusReason.OtherFocusReason)
        self.form_scroll.ensureWidgetVisible(control, 40, 60)
        select = getattr(control, "selectAll", None)
        if select_all and select is not None:
            select()

    # -- saving and leaving -------------------------------------------------------------------

    def save(self) -> bool:
        draft = self.draft
        if draft is None:
            return False
        if self.checked.count:
            self.offer.offer(
                f"Not saved: fix the {plural(self.checked.count, 'problem')} first "
                "(the file would not load).",
                "Go to the first",
                self.first_problem,
            )
            return False
        try:
            path = self.saver.save_draft(draft)
        except (DraftError, OSError) as error:
            reason = error.strerror if isinstance(error, OSError) and error.strerror else error
            self.offer.offer(f"Not saved: {reason}")
            return False
        self.stack.setClean()
        self._offered = None
        self.last_saved_id = draft.routine_id
        self._watch()
        self._show_state()
        self.saved.emit(path)
        return True

    def request_leave(self) -> None:
        """Back or Esc: asks first when there are unsaved changes."""
        if self.may_leave():
            self.close_editor()

    def may_leave(self) -> bool:
        if not self.unsaved() or self.draft is None:
            return True
        choice = UnsavedChanges.ask(self, self.title.full, self.checked.count)
        if choice is Leave.SAVE:
            return self.save()
        return choice is Leave.DISCARD

    def close_editor(self) -> None:
        self._unwatch()
        self.offer.hide()
        self.stack.clear()
        self.draft = None
        self.closed.emit()

    # -- the file on disk ---------------------------------------------------------------------

    def _watched_path(self) -> Path | None:
        draft = self.draft
        if draft is None or draft.origin is not Origin.USER:
            return None
        return draft.path

    def _unwatch(self) -> None:
        watched = self.watcher.files() + self.watcher.directories()
        if watched:
            self.watcher.removePaths(watched)

    def _watch(self) -> None:
        """Follow the file (again: an atomic save replaced the one being followed) and its
        folder (a file replaced by a rename is seen there)."""
        self._unwatch()
        path = self._watched_path()
        if path is None:
            return
        if path.parent.is_dir():
            self.watcher.addPath(str(path.parent))
        if path.exists():
            self.watcher.addPath(str(path))

    def _disk_changed(self, _path: str) -> None:
        path = self._watched_path()
        draft = self.draft
        if path is None or draft is None:
            return
        if path.exists() and str(path) not in self.watcher.files():
            self.watcher.addPath(str(path))
        try:
            text: str | None = read_text(path) if path.exists() else None
        except DraftError:
            text = None
        if text == draft.disk_text:
            if self._offered is not None:
                self._offered = None
                self.offer.hide()
            return
        if text == self._offered and self.offer.isVisible():
            return
        self._offered = text if text is not None else ""
        if text is None:
            self.offer.offer(
                f"{path.name} was deleted outside hipcoach. Save writes it again.", no="OK"
            )
            return
        self.offer.offer(
            f"{path.name} was changed outside hipcoach.",
            "Reload it",
            self.reload,
            "Keep mine",
        )

    def reload(self) -> None:
        """The file as it is on disk now, as one step (undo gives back what was here)."""
        path = self._watched_path()
        draft = self.draft
        if path is None or draft is None:
            return
        try:
            text = read_text(path)
            RoutineDocument.parse(text)
        except (DraftError, RoutineDocumentError) as error:
            self.offer.offer(f"Cannot reload {path.name}: {error}")
            return
        before = draft.text()
        draft.replace_text(text)
        draft.disk_text = text
        self._offered = None
        if text != before:
            self.stack.push(
                Edit(self, "Reload", (before, text), (self.selection, self.selection), None, None)
            )
        self.stack.setClean()
        self.refresh()

    # -- size and look ------------------------------------------------------------------------

    def _show_part(self, timeline: bool) -> None:
        self.fields_button.setChecked(not timeline)
        self.timeline_button.setChecked(timeline)
        self._lay_out(timeline)

    def _lay_out(self, timeline: bool | None = None) -> None:
        wide = self.width() >= WIDE
        self.items_column.setFixedWidth(LEFT_WIDTH_WIDE if wide else LEFT_WIDTH)
        self.segments.setVisible(not wide)
        if wide:
            self.form_panel.show()
            self.timeline.show()
            return
        showing = self.timeline_button.isChecked() if timeline is None else timeline
        self.form_panel.setVisible(not showing)
        self.timeline.setVisible(showing)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._lay_out()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() in (
            QEvent.Type.ApplicationPaletteChange,
            QEvent.Type.PaletteChange,
            QEvent.Type.StyleChange,
        ):
            self.timeline.apply_theme(current_theme(self))
            if self.draft is not None:
                self.tree.show_items(self.draft, self.checked, self.selection)
        super().changeEvent(event)
