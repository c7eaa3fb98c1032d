"""What the history's tables share: named columns with the numbers set right, and one look
for the view (rows selected whole, Tab leaves, arrows move)."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QTableView

Model = QModelIndex | QPersistentModelIndex


class Columns(QAbstractTableModel):
    """A table whose columns are named in COLUMNS, the numeric ones (RIGHT) set right."""

    COLUMNS: tuple[str, ...] = ()
    RIGHT: frozenset[int] = frozenset()

    def alignment(self, column: int) -> int:
        side = Qt.AlignmentFlag.AlignRight if column in self.RIGHT else Qt.AlignmentFlag.AlignLeft
        return int(Qt.AlignmentFlag.AlignVCenter | side)

    def columnCount(self, parent: Model = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section].upper()
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return self.alignment(section)
        return None


def table(model: QAbstractTableModel, name: str) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setAccessibleName(name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setShowGrid(False)
    view.setWordWrap(False)
    view.setCornerButtonEnabled(False)
    view.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    view.setTabKeyNavigation(False)  # Tab moves on to the next control; arrows move in rows
    view.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    view.verticalHeader().hide()
    view.verticalHeader().setAccessibleName(f"{name} rows")
    view.verticalHeader().setDefaultSectionSize(34)
    header = view.horizontalHeader()
    header.setAccessibleName(f"{name} columns")
    header.setHighlightSections(False)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    header.setMinimumSectionSize(48)
    header.setResizeContentsPrecision(80)  # size columns to the first rows, not all 500
    return view
