"""Each exercise with what one time on each side achieved on average, and the balance."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QWidget

from hipcoach.application.history_text import (
    UNIT_SHORT,
    amount_text,
    balance_text,
    exercise_note,
)
from hipcoach.application.statistics import ExerciseTotals
from hipcoach.core.model import Side
from hipcoach.ui.history.tables import Columns, Model


class ExercisesModel(Columns):
    """An exercise without sides shows its one number across both columns (the view spans
    them)."""

    COLUMNS = ("Exercise", "Times", "Left", "Right", "Balance")
    RIGHT = frozenset({1, 2, 3})

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.exercises: list[ExerciseTotals] = []
        self._repeated: set[str] = set()

    def set_exercises(self, exercises: Sequence[ExerciseTotals]) -> None:
        self.beginResetModel()
        self.exercises = list(exercises)
        names = [e.exercise.casefold() for e in self.exercises]
        self._repeated = {n for n in names if names.count(n) > 1}
        self.endResetModel()

    def sided(self, row: int) -> bool:
        e = self.exercises[row]
        return e.left is not None or e.right is not None

    def rowCount(self, parent: Model = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.exercises)

    def name(self, row: int) -> str:
        """The exercise, with its unit when it is done in more than one (a pose held in one
        routine and breathed through in another)."""
        e = self.exercises[row]
        if e.exercise.casefold() in self._repeated:
            return f"{e.exercise} ({UNIT_SHORT[e.unit]})"
        return e.exercise

    def cell(self, row: int, column: int) -> str:
        e = self.exercises[row]
        if column == 0:
            return self.name(row)
        if column == 1:
            return str(e.phases)
        if column in (2, 3):
            if not self.sided(row):
                return amount_text(e.average(None), e.unit) if column == 2 else ""
            return amount_text(e.average(Side.LEFT if column == 2 else Side.RIGHT), e.unit)
        return balance_text(e.imbalance())

    def data(self, index: Model, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cell(index.row(), index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            return exercise_note(self.name(index.row()), self.exercises[index.row()])
        if role == Qt.ItemDataRole.TextAlignmentRole:
            column = index.column()
            if column in (2, 3) and not self.sided(index.row()):
                return int(Qt.AlignmentFlag.AlignCenter)
            return self.alignment(column)
        return None
