"""The routine's items in order: exercises on their own, and circuits, each a group of its
exercises that moves as one. Dragging one reorders it (a single move, handed to the page as
one undoable edit: the tree never moves its rows itself); the page rebuilds the rows from
the file after every edit.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QDropEvent, QFont, QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QTreeWidget, QTreeWidgetItem, QWidget

from hipcoach.application.editing import Checked, RoutineDraft, shown
from hipcoach.ui.common.theme import current_theme


@dataclass(frozen=True, slots=True)
class Selection:
    """What is chosen in the editor: the routine itself, an exercise by its number, or a
    circuit by its key."""

    kind: str  # "routine", "exercise" or "circuit"
    index: int = -1
    key: str = ""


ROUTINE = Selection("routine")


def exercise(index: int) -> Selection:
    return Selection("exercise", index)


def circuit(key: str) -> Selection:
    return Selection("circuit", key=key)


DOSE_WORDS = {"hold": "s", "breaths": "breaths", "reps": "reps"}
ROLE = Qt.ItemDataRole.UserRole


def exercise_line(draft: RoutineDraft, index: int) -> str:
    """ "10-12 reps, each side": the dose as the file writes it, before the loader's say."""
    values = draft.document.exercise_values(index)
    dose = draft.dose_key(index)
    text = f"{shown(values.get(dose))} {DOSE_WORDS[dose]}" if dose else "no dose"
    sets = values.get("sets")
    if sets is not None and shown(sets) != "1":
        text = f"{shown(sets)} x {text}"
    if values.get("sides") == "each":
        text += ", each side"
    return text


def circuit_line(draft: RoutineDraft, key: str) -> str:
    rounds = shown(draft.document.circuit_field(key, "rounds")) or "?"
    return f"{rounds} round{'' if rounds == '1' else 's'}"


class ItemTree(QTreeWidget):
    chosen = Signal(object)  # Selection: the row the runner moved to
    dropped = Signal(object, object, int)  # Selection dragged, circuit key or None, row there
    entered = Signal()  # Enter on a row: on to its fields
    remove_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Exercises and circuits")
        self.setAccessibleDescription(
            "Alt+Up and Alt+Down move the chosen one; Enter goes to its fields; Delete removes it"
        )
        self.setHeaderHidden(True)
        self.setColumnCount(1)
        self.setRootIsDecorated(False)
        self.setItemsExpandable(False)
        self.setIndentation(22)
        self.setUniformRowHeights(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setDropIndicatorShown(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._shape: list[tuple[Selection, tuple[Selection, ...]]] = []
        self._filling = False
        self.currentItemChanged.connect(self._current_changed)

    # -- rows

    def show_items(self, draft: RoutineDraft, checked: Checked, selection: Selection) -> None:
        """Rows for the draft's items; rebuilt only when the items themselves changed."""
        shape: list[tuple[Selection, tuple[Selection, ...]]] = []
        for item in draft.items():
            if item.circuit is not None:
                members = tuple(exercise(i) for i in item.exercises)
                shape.append((circuit(item.circuit), members))
            else:
                shape.append((exercise(item.exercises.start), ()))
        self._filling = True
        try:
            if shape != self._shape:
                self.clear()
                for top, members in shape:
                    row = QTreeWidgetItem(self)
                    row.setData(0, ROLE, top)
                    for member in members:
                        QTreeWidgetItem(row).setData(0, ROLE, member)
                    row.setExpanded(True)
                self._shape = shape
            for row in self._rows():
                self._label(row, draft, checked)
            found = self.row_for(selection)
            if found is None:
                self.setCurrentIndex(self.rootIndex())
                self.clearSelection()
            elif found is not self.currentItem():
                self.setCurrentItem(found)
        finally:
            self._filling = False

    def _rows(self) -> list[QTreeWidgetItem]:
        rows: list[QTreeWidgetItem] = []
        for number in range(self.topLevelItemCount()):
            top = self.topLevelItem(number)
            if top is None:
                continue
            rows.append(top)
            rows.extend(c for n in range(top.childCount()) if (c := top.child(n)) is not None)
        return rows

    def row_for(self, selection: Selection) -> QTreeWidgetItem | None:
        return next((r for r in self._rows() if r.data(0, ROLE) == selection), None)

    def _label(self, row: QTreeWidgetItem, draft: RoutineDraft, checked: Checked) -> None:
        what: Selection = row.data(0, ROLE)
        theme = current_theme(self)
        if what.kind == "circuit":
            key = what.key
            name, detail = draft.circuit_name(key), circuit_line(draft, key)
            problems = checked.under(("circuit", key)) + sum(
                checked.under(("exercise", i))
                for i in range(draft.exercise_count())
                if draft.document.exercise_circuit(i) == key
            )
            row.setFlags(
                Qt.ItemFlag.ItemIsEnabled
                | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemIsDragEnabled
                | Qt.ItemFlag.ItemIsDropEnabled
            )
            font = QFont(self.font())
            font.setBold(True)
            row.setFont(0, font)
        else:
            index = what.index
            name = draft.exercise_name(index) or f"Exercise {index + 1}"
            detail = exercise_line(draft, index)
            problems = checked.under(("exercise", index))
            row.setFlags(
                Qt.ItemFlag.ItemIsEnabled
                | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemIsDragEnabled
            )
        mark = "\u26a0 " if problems else ""
        text = f"{mark}{name}  \u00b7  {detail}"
        if row.text(0) != text:
            row.setText(0, text)
        said = f"{name}, {detail}"
        if what.kind == "circuit":
            said = f"Circuit {said}"
        if problems:
            said += f", {problems} problem{'' if problems == 1 else 's'}"
        row.setData(0, Qt.ItemDataRole.AccessibleTextRole, said)
        row.setToolTip(0, said)
        colour = QColor(theme.prepare if problems else theme.text)
        row.setForeground(0, QBrush(colour))

    # -- choosing and keys

    def _current_changed(self, current: QTreeWidgetItem | None, _previous: object) -> None:
        if not self._filling and current is not None:
            self.chosen.emit(current.data(0, ROLE))

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentItem():
            self.entered.emit()
        elif event.key() == Qt.Key.Key_Delete and self.currentItem():
            self.remove_requested.emit()
        else:
            super().keyPressEvent(event)

    # -- dragging

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        """One move, decided here and done by the page; the rows stay as they are until the
        page rebuilds them from the file."""
        event.setDropAction(Qt.DropAction.IgnoreAction)
        event.accept()
        source = self.currentItem()
        target = self.drop_target(event.position().toPoint())
        self.stopAutoScroll()
        self.setState(QAbstractItemView.State.NoState)
        self.viewport().update()
        if source is not None and target is not None:
            self.dropped.emit(source.data(0, ROLE), target[0], target[1])

    def drop_target(self, point: QPoint) -> tuple[str | None, int] | None:
        """Where a drop at ``point`` lands: (the circuit's key or None, the row there)."""
        row = self.itemAt(point)
        if row is None:
            return None, self.topLevelItemCount()
        rect = self.visualItemRect(row)
        y = point.y()
        what: Selection = row.data(0, ROLE)
        parent = row.parent()
        if what.kind == "circuit":
            number = self.indexOfTopLevelItem(row)
            margin = max(4, rect.height() // 4)
            if y < rect.top() + margin:
                return None, number
            if y <= rect.bottom() - margin:
                return what.key, row.childCount()  # on the heading: to the circuit's end
            return what.key, 0  # just below its heading: its first place
        below = y >= rect.center().y()
        if parent is None:
            return None, self.indexOfTopLevelItem(row) + (1 if below else 0)
        key = parent.data(0, ROLE).key
        number = parent.indexOfChild(row)
        if below and number == parent.childCount() - 1 and y >= rect.bottom() - 3:
            # The very bottom edge of a circuit's last exercise: after the circuit.
            return None, self.indexOfTopLevelItem(parent) + 1
        return key, number + (1 if below else 0)
