"""The sessions, newest first: when, which routine, how it ended, how long, pain and effort."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QWidget

from hipcoach.application.history_text import (
    active_time,
    effort_text,
    note_line,
    pain_text,
    status_text,
    when_text,
)
from hipcoach.core.records import Session
from hipcoach.ui.history.tables import Columns, Model


class SessionsModel(Columns):
    COLUMNS = ("Date", "Routine", "Status", "Time", "Pain", "Effort", "Note")
    RIGHT = frozenset({3, 5})

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sessions: list[Session] = []
        self._cells: list[tuple[str, ...]] = []
        self.today = date.today()

    def set_sessions(self, sessions: Sequence[Session], today: date) -> None:
        self.beginResetModel()
        self.sessions = list(sessions)
        self.today = today
        # Formatted once: a view asks for each cell many times (sizing columns, painting).
        self._cells = [self._row(s) for s in self.sessions]
        self.endResetModel()

    def _row(self, s: Session) -> tuple[str, ...]:
        return (
            when_text(s.started_at, self.today),
            s.routine_name,
            status_text(s.status),
            active_time(s),
            pain_text(s),
            effort_text(s),
            note_line(s),
        )

    def rowCount(self, parent: Model = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.sessions)

    def cell(self, row: int, column: int) -> str:
        return self._cells[row][column]

    def data(self, index: Model, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cell(index.row(), index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            notes = (self.sessions[index.row()].notes or "").strip()
            return notes or None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return self.alignment(index.column())
        return None
