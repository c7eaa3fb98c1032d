"""The timeline of the routine being edited, phase by phase, as the player will run it (the
file's own timings, every range at its low end: docs/routine-format.md, "The timeline").
While the draft has problems the last good timeline stays, marked as such."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QVBoxLayout, QWidget

from hipcoach.core.plan import Phase, PhaseKind, Plan
from hipcoach.core.text import clock, plural
from hipcoach.ui.common.theme import LIGHT, Theme, font
from hipcoach.ui.common.widgets import bold, plain_label

PHASE_NAMES = {
    PhaseKind.EXPLAIN: "How-to",
    PhaseKind.PREPARE: "Get ready",
    PhaseKind.WORK: "Work",
    PhaseKind.SWITCH: "Switch",
    PhaseKind.SET_REST: "Set rest",
    PhaseKind.ROUND_REST: "Round rest",
    PhaseKind.REST: "Rest",
}
COLUMNS = ("At", "Phase", "Exercise", "Length")
Index = QModelIndex | QPersistentModelIndex


def phase_detail(phase: Phase) -> str:
    """ "Clamshells, left, round 2, 10 reps": what the phase is, in the player's words."""
    parts = [phase.exercise.name]
    if phase.side is not None:
        parts.append(phase.side.value)
    if phase.round is not None:
        parts.append(f"round {phase.round}")
    elif phase.sets > 1:
        parts.append(f"set {phase.set}")
    if phase.is_work and phase.target is not None and phase.unit is not None:
        parts.append(f"{phase.target} {phase.unit.short}")
    return ", ".join(parts)


class PhaseModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self.phases: tuple[Phase, ...] = ()
        self.theme: Theme = LIGHT

    def set_phases(self, phases: tuple[Phase, ...]) -> None:
        if phases == self.phases:
            return
        self.beginResetModel()
        self.phases = phases
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.phases)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        phase = self.phases[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.ToolTipRole and column == 2:
            return phase_detail(phase)  # the whole of it, where the column cuts it short
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                clock(phase.start),
                PHASE_NAMES[phase.kind],
                phase_detail(phase),
                clock(phase.seconds),
            )[column]
        if role == Qt.ItemDataRole.ForegroundRole and column == 1:
            return self.theme.phase(phase.kind)
        if role == Qt.ItemDataRole.ForegroundRole and column in (0, 3):
            return QColor(self.theme.muted)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (0, 3):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section].upper()
        return None


class TimelinePanel(QWidget):
    """The total and every phase; the total also sits in the editor's header."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(plain_label("TIMELINE", role="section"))
        self.total = plain_label("", name="Timeline total")
        self.total.setFont(bold(26))
        layout.addWidget(self.total)
        self.caption = plain_label("", role="muted", wrap=True, name="Timeline")
        self.caption.setFont(font(13))
        layout.addWidget(self.caption)
        self.model = PhaseModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Phases")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.verticalHeader().setDefaultSectionSize(28)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        header.setHighlightSections(False)
        header.setAccessibleName("Phases columns")
        layout.addWidget(self.table, 1)
        self.plan: Plan | None = None

    def apply_theme(self, theme: Theme) -> None:
        self.model.theme = theme
        self.table.viewport().update()

    def show_plan(self, plan: Plan | None, problems: int) -> None:
        """The draft's plan; with problems, the last good one stays, said to be old."""
        if plan is not None:
            self.plan = plan
        shown_plan = self.plan
        if shown_plan is None:
            self.total.setText("\u2013:\u2013\u2013")
            self.model.set_phases(())
        else:
            self.total.setText(clock(shown_plan.total_seconds))
            self.model.set_phases(shown_plan.phases)
        if problems:
            what = plural(problems, "problem")
            self.caption.setText(
                f"Fix the {what} to see the new timeline; this is the last good one."
                if shown_plan is not None
                else f"Fix the {what} to see the timeline."
            )
        elif shown_plan is not None:
            phases = len(shown_plan.phases)
            self.caption.setText(
                f"{plural(phases, 'phase')}, {plural(shown_plan.work_total, 'work phase')}; "
                "ranges at their low end"
            )
