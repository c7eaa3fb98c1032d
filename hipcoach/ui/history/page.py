"""History: the week and the streak first, then minutes per week and the calendar, then the
sessions and each exercise, side by side, week by week.

Every number comes from ``hipcoach.application.statistics`` (one ``Overview``), read on a worker
thread: a history of 100,000 sessions takes about 0.1 s to add up, too long to freeze the
window for, and a CSV export of it about 3 s. The widgets here only format and draw.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Protocol

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QCategoryAxis,
    QChart,
    QChartView,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import (
    QAbstractTableModel,
    QMargins,
    QModelIndex,
    QPersistentModelIndex,
    QPointF,
    QRectF,
    QSize,
    QStandardPaths,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QCursor, QFont, QPainter, QPaintEvent, QPen, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QBoxLayout,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QTableView,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from hipcoach.adapters.qt.tasks import Tasks
from hipcoach.application.statistics import Day, ExerciseProgress, ExerciseTotals, Overview
from hipcoach.core.model import Side
from hipcoach.core.records import Session, Status, Unit, Week
from hipcoach.core.text import clock, plural
from hipcoach.ui.common.theme import LIGHT, Theme, font, mix, set_role
from hipcoach.ui.common.widgets import bold, plain_label

MAX_WIDTH = 1180  # px: on a wide screen the page stays a readable column in the middle
WIDE = 1100  # px: from here the exercises' table and chart sit side by side
Model = QModelIndex | QPersistentModelIndex
STATUS_WORDS = {
    Status.COMPLETED: "Completed",
    Status.STOPPED: "Stopped",
    Status.INTERRUPTED: "Interrupted",
    Status.IN_PROGRESS: "In progress",
}
SIDE_WORDS = {Side.LEFT: "Left", Side.RIGHT: "Right", None: "Both"}
UNIT_WORDS = {Unit.SECONDS: "seconds held", Unit.BREATHS: "breaths", Unit.REPS: "reps"}
UNIT_SHORT = {Unit.SECONDS: "held", Unit.BREATHS: "breaths", Unit.REPS: "reps"}


class HistorySource(Protocol):
    """What the page reads (the backend); both are slow, so both run on the worker."""

    def overview(self, on: date | None = None) -> Overview: ...

    def export_csv(self, path: Path) -> int: ...


# -- how numbers read ----------------------------------------------------------------------


def minutes_text(minutes: float) -> str:
    """ "42 min", "1 h 5 min": a week's training as a runner says it."""
    whole = round(minutes)
    if whole < 60:
        return f"{whole} min"
    hours, rest = divmod(whole, 60)
    return f"{hours} h {rest} min" if rest else f"{hours} h"


def amount_text(value: float | None, unit: Unit) -> str:
    """One phase's work: "29 s", "9.5 reps", "8 breaths"."""
    if value is None:
        return "\u2013"
    if unit is Unit.SECONDS:
        return f"{round(value)} s"
    number = f"{value:.1f}".rstrip("0").rstrip(".")
    return f"{number} {'breaths' if unit is Unit.BREATHS else 'reps'}"


def balance_text(imbalance: float | None) -> str:
    """Which side did more, per phase, as a share of the stronger: "Left 12 % more"."""
    if imbalance is None:
        return ""
    share = round(abs(imbalance) * 100)
    if share < 5:
        return "Even"
    return f"{'Left' if imbalance > 0 else 'Right'} {share} % more"


def when_text(moment: datetime, today: date) -> str:
    local = moment.astimezone()
    day = f"{local:%a} {local.day} {local:%b}"
    if local.year != today.year:
        day += f" {local.year}"
    return f"{day}, {local:%H:%M}"


def pain_text(session: Session) -> str:
    if session.pain_before is None and session.pain_after is None:
        return ""
    before = "?" if session.pain_before is None else str(session.pain_before)
    after = "?" if session.pain_after is None else str(session.pain_after)
    return f"{before} \u2192 {after}"


def nice_ceiling(value: float) -> float:
    """The axis top above ``value``: 1, 2 or 5 times a power of ten (at least 5)."""
    if value <= 5:
        return 5.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if step * power >= value:
            return float(step * power)
    return float(10 * power)


def week_label(monday: date) -> str:
    return f"{monday.day} {monday:%b}"


def bar_label(monday: date) -> str:
    """The day over the month: twelve weeks fit 800 px without a label cut short."""
    return f'<div align="center">{monday.day}<br>{monday:%b}</div>'


# -- models ----------------------------------------------------------------------------------


class _Columns(QAbstractTableModel):
    """A table whose columns are named in COLUMNS, the numeric ones (RIGHT) set right."""

    COLUMNS: tuple[str, ...] = ()
    RIGHT: frozenset[int] = frozenset()

    def alignment(self, column: int) -> int:
        side = Qt.AlignmentFlag.AlignRight if column in self.RIGHT else Qt.AlignmentFlag.AlignLeft
        return int(Qt.AlignmentFlag.AlignVCenter | side)

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


class SessionsModel(_Columns):
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
        note = (s.notes or "").strip()
        return (
            when_text(s.started_at, self.today),
            s.routine_name,
            STATUS_WORDS[s.status],
            clock(round(s.active_seconds)),
            pain_text(s),
            "" if s.effort is None else str(s.effort),
            note.splitlines()[0] if note else "",
        )

    def rowCount(self, parent: Model = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.sessions)

    def columnCount(self, parent: Model = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.COLUMNS)

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


class ExercisesModel(_Columns):
    """Each exercise with what one time on each side achieved on average; an exercise
    without sides shows its one number across both columns (the view spans them)."""

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

    def columnCount(self, parent: Model = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.COLUMNS)

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
            e = self.exercises[index.row()]
            return (
                f"{self.name(index.row())}: done {plural(e.phases, 'time')}, "
                f"{plural(e.skipped, 'time')} skipped; on average each time, "
                f"{UNIT_WORDS[e.unit]}"
            )
        if role == Qt.ItemDataRole.TextAlignmentRole:
            column = index.column()
            if column in (2, 3) and not self.sided(index.row()):
                return int(Qt.AlignmentFlag.AlignCenter)
            return self.alignment(column)
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


# -- charts and the calendar ------------------------------------------------------------------


def _chart() -> QChart:
    chart = QChart()
    chart.setBackgroundVisible(False)
    chart.setPlotAreaBackgroundVisible(False)
    chart.setMargins(QMargins(0, 4, 4, 0))
    chart.setBackgroundRoundness(0)
    chart.legend().hide()
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    return chart


def _style_axis(axis: QValueAxis | QBarCategoryAxis, theme: Theme) -> None:
    axis.setLabelsColor(QColor(theme.muted))
    axis.setLabelsFont(font(12))
    axis.setLinePenColor(QColor(theme.line))
    axis.setGridLineColor(QColor(theme.line))
    axis.setMinorGridLineVisible(False)


class ChartView(QChartView):
    """A chart as a picture with words: its accessible description says what it shows."""

    def __init__(self, chart: QChart, name: str, parent: QWidget | None = None) -> None:
        super().__init__(chart, parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setAccessibleName(name)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setStyleSheet("background: transparent;")
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)


class WeeklyChart(ChartView):
    """Minutes per week as bars, this week's last and marked; hover a bar for its numbers."""

    def __init__(self, parent: QWidget | None = None) -> None:
        chart = _chart()
        super().__init__(chart, "Minutes per week", parent)
        self.bars = QBarSet("Minutes")
        self.series = QBarSeries()
        self.series.setBarWidth(0.62)
        self.series.append(self.bars)
        chart.addSeries(self.series)
        self.x_axis = QBarCategoryAxis()
        self.y_axis = QValueAxis()
        self.y_axis.setLabelFormat("%d")
        chart.addAxis(self.x_axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(self.y_axis, Qt.AlignmentFlag.AlignLeft)
        self.series.attachAxis(self.x_axis)
        self.series.attachAxis(self.y_axis)
        self.x_axis.setGridLineVisible(False)
        self.weeks: list[Week] = []
        self.bars.hovered.connect(self._hovered)
        self.setMinimumHeight(170)

    def show_weeks(self, weeks: Sequence[Week]) -> None:
        self.weeks = list(weeks)
        if self.bars.count():
            self.bars.remove(0, self.bars.count())
        self.bars.append([week.minutes for week in self.weeks])
        self.x_axis.clear()
        self.x_axis.append([bar_label(week.monday) for week in self.weeks])
        top = nice_ceiling(max((w.minutes for w in self.weeks), default=0))
        self.y_axis.setRange(0, top)
        self.y_axis.setTickCount(6 if top % 5 == 0 and top > 5 else 5)
        self.bars.deselectAllBars()
        if self.weeks:
            self.bars.selectBar(len(self.weeks) - 1)
        self.setAccessibleDescription(
            "Minutes per week, oldest first: "
            + "; ".join(
                f"week of {week_label(w.monday)}: {minutes_text(w.minutes)}" for w in self.weeks
            )
        )

    def apply_theme(self, theme: Theme) -> None:
        self.bars.setColor(QColor(theme.accent))
        self.bars.setBorderColor(QColor(theme.accent))
        self.bars.setSelectedColor(QColor(theme.side_left))
        for axis in (self.x_axis, self.y_axis):
            _style_axis(axis, theme)
        self.x_axis.setLinePenColor(QColor(theme.line))

    def _hovered(self, status: bool, index: int) -> None:
        if not status or not 0 <= index < len(self.weeks):
            QToolTip.hideText()
            return
        week = self.weeks[index]
        QToolTip.showText(
            QCursor.pos(),
            f"Week of {week_label(week.monday)}: {minutes_text(week.minutes)}, "
            f"{plural(week.sessions, 'session')} ({week.completed} completed)",
            self,
        )


class ProgressChart(ChartView):
    """One exercise, week by week: what a phase achieved on average, a line per side."""

    def __init__(self, parent: QWidget | None = None) -> None:
        chart = _chart()
        super().__init__(chart, "Progress of the chosen exercise", parent)
        chart.legend().setVisible(True)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        chart.legend().setFont(font(13))
        self.x_axis = QCategoryAxis()
        self.x_axis.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
        self.y_axis = QValueAxis()
        self.y_axis.setLabelFormat("%d")
        chart.addAxis(self.x_axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(self.y_axis, Qt.AlignmentFlag.AlignLeft)
        self.x_axis.setGridLineVisible(False)
        self.lines: dict[Side | None, QLineSeries] = {}
        self.theme = LIGHT
        self.progress: ExerciseProgress | None = None
        self.setMinimumHeight(200)

    def show_progress(self, progress: ExerciseProgress | None, weeks: Sequence[date]) -> None:
        """Week ``n`` (oldest 0) is at x = n; a week without work has no point."""
        self.progress = progress
        chart = self.chart()
        for line in self.lines.values():
            chart.removeSeries(line)
            line.deleteLater()
        self.lines = {}
        for label in self.x_axis.categoriesLabels():
            self.x_axis.remove(label)
        every = 3 if len(weeks) > 6 else 1
        for n in sorted(range(len(weeks) - 1, -1, -every)):  # this week always labelled
            self.x_axis.append(week_label(weeks[n]), n)
        self.x_axis.setRange(-0.4, max(0, len(weeks) - 1) + 0.4)
        self.x_axis.setStartValue(-0.4)
        top = 0.0
        described = []
        if progress is not None:
            for trend in progress.sides:
                line = QLineSeries()
                line.setName(SIDE_WORDS[trend.side])
                line.setPointsVisible(True)
                for n, value in enumerate(trend.averages):
                    if value is not None:
                        line.append(QPointF(n, value))
                        top = max(top, value)
                chart.addSeries(line)
                line.attachAxis(self.x_axis)
                line.attachAxis(self.y_axis)
                self.lines[trend.side] = line
                shown = ", ".join(
                    f"{week_label(m)} {amount_text(v, progress.unit)}"
                    for m, v in zip(progress.weeks, trend.averages, strict=True)
                    if v is not None
                )
                described.append(f"{SIDE_WORDS[trend.side]}: {shown}")
        self.y_axis.setRange(0, max(5.0, top * 1.15))
        self.y_axis.applyNiceNumbers()
        self.setAccessibleDescription("; ".join(described) or "No work in these weeks")
        self.apply_theme(self.theme)

    def apply_theme(self, theme: Theme) -> None:
        self.theme = theme
        for axis in (self.x_axis, self.y_axis):
            _style_axis(axis, theme)
        colours = {Side.LEFT: theme.side_left, Side.RIGHT: theme.side_right, None: theme.work}
        for side, line in self.lines.items():
            pen = QPen(QColor(colours[side]), 3)
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            line.setPen(pen)
            line.setColor(QColor(colours[side]))
            line.setMarkerSize(9)
        self.chart().legend().setLabelColor(QColor(theme.text))


class StreakCalendar(QWidget):
    """The last weeks as a grid of days, a column a week, Monday on top: a filled day had a
    completed session, a ringed one only an unfinished session; today is outlined."""

    GAP = 3
    LABEL = 18
    TOP = 17
    EDGE = 2  # room for today's outline

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Calendar of the last 12 weeks")
        self.days: list[Day] = []
        self.today = date.today()
        self.theme = LIGHT
        self.cell = 14
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.setFixedSize(self.sizeHint())

    def set_cell(self, pixels: int) -> None:
        """Bigger days on a big screen."""
        if pixels != self.cell:
            self.cell = pixels
            self.setFixedSize(self.sizeHint())
            self.update()

    def sizeHint(self) -> QSize:  # noqa: N802
        step = self.cell + self.GAP
        columns = max(12, len(self.days) // 7)
        return QSize(
            self.LABEL + columns * step - self.GAP + self.EDGE,
            self.TOP + 7 * step - self.GAP + self.EDGE,
        )

    def set_days(self, days: Sequence[Day], today: date) -> None:
        self.days = list(days)
        self.today = today
        done = sum(1 for d in self.days if d.completed)
        self.setAccessibleDescription(
            f"{plural(done, 'day')} with a completed session in the last "
            f"{len(self.days) // 7} weeks"
        )
        self.update()

    def apply_theme(self, theme: Theme) -> None:
        self.theme = theme
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        t = self.theme
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        step = self.cell + self.GAP
        painter.setFont(font(10, QFont.Weight.DemiBold))
        painter.setPen(QColor(t.muted))
        for row, letter in ((0, "M"), (2, "W"), (4, "F"), (6, "S")):
            painter.drawText(
                QRectF(0, self.TOP + row * step, self.LABEL - 5, self.cell),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                letter,
            )
        columns = len(self.days) // 7
        starts = [  # the weeks a month begins in, labelled where two fit between labels
            c
            for c in range(columns)
            if c == 0 or self.days[c * 7].day.month != self.days[c * 7 - 7].day.month
        ]
        for c, following in zip(starts, [*starts[1:], columns + 2], strict=False):
            if following - c >= 2:
                painter.drawText(
                    QRectF(self.LABEL + c * step, 0, 3 * step, self.TOP - 4),
                    int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom),
                    f"{self.days[c * 7].day:%b}",
                )
        for n, day in enumerate(self.days):
            column, row = divmod(n, 7)
            x = self.LABEL + column * step
            cell = QRectF(x, self.TOP + row * step, self.cell, self.cell)
            self._paint_day(painter, cell, day)
        painter.end()

    def _paint_day(self, painter: QPainter, cell: QRectF, day: Day) -> None:
        t = self.theme
        radius = 4.0
        if day.day > self.today:
            painter.setPen(QPen(QColor(t.line), 1))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(cell.adjusted(0.5, 0.5, -0.5, -0.5), radius, radius)
            return
        if day.completed:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(t.work))
            painter.drawRoundedRect(cell, radius, radius)
        elif day.sessions:
            painter.setPen(QPen(QColor(t.work), 2))
            painter.setBrush(mix(QColor(t.surface), QColor(t.work), 0.15))
            painter.drawRoundedRect(cell.adjusted(1, 1, -1, -1), radius, radius)
        else:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(t.raised))
            painter.drawRoundedRect(cell, radius, radius)
        if day.day == self.today:
            painter.setPen(QPen(QColor(t.text), 1.5))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(cell.adjusted(-1.5, -1.5, 1.5, 1.5), radius + 1, radius + 1)


# -- the page --------------------------------------------------------------------------------


class StatTile(QFrame):
    """One number that matters, with what it means underneath (and a picture beside it)."""

    def __init__(
        self, caption: str, aside: QWidget | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        set_role(self, "panel")
        outer = QHBoxLayout(self)
        outer.setContentsMargins(20, 14, 18, 14)
        outer.setSpacing(18)
        layout = QVBoxLayout()
        layout.setSpacing(2)
        layout.addStretch(1)
        self.caption = plain_label(caption.upper(), role="section")
        layout.addWidget(self.caption)
        self.value = plain_label("\u2013", name=caption)
        self.value.setFont(bold(30))
        layout.addWidget(self.value)
        self.note = plain_label("", role="muted", wrap=True, name=f"{caption}, more")
        self.note.setFont(font(13))
        layout.addWidget(self.note)
        layout.addStretch(1)
        outer.addLayout(layout, 1)
        if aside is not None:
            outer.addWidget(aside, 0, Qt.AlignmentFlag.AlignVCenter)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def set_value(self, value: str, note: str) -> None:
        self.value.setText(value)
        self.note.setText(note)
        self.value.setAccessibleDescription(f"{value}. {note}")


def panel(*widgets: QWidget, margins: tuple[int, int, int, int] = (18, 14, 18, 14)) -> QFrame:
    frame = QFrame()
    set_role(frame, "panel")
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(*margins)
    layout.setSpacing(8)
    for widget in widgets:
        layout.addWidget(widget)
    return frame


class SaveCsv:
    """Where to save the export: a file dialog. Tests replace ``ask``."""

    @classmethod
    def ask(cls, parent: QWidget, suggested: Path) -> Path | None:
        name, _kind = QFileDialog.getSaveFileName(
            parent, "Export sessions as CSV", str(suggested), "CSV files (*.csv)"
        )
        if not name:
            return None
        path = Path(name)
        return path if path.suffix else path.with_suffix(".csv")


def suggested_csv(today: date) -> Path:
    folder = QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.DocumentsLocation
    ) or str(Path.home())
    return Path(folder) / f"hipcoach-sessions-{today.isoformat()}.csv"


class HistoryPage(QWidget):
    loaded = Signal()  # the page shows a fresh overview
    exported = Signal(int, object)  # sessions written, the file's Path
    notice = Signal(str)  # a line for the window's banner

    def __init__(self, source: HistorySource, tasks: Tasks, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("History")
        self.source = source
        self.tasks = tasks
        self.today: Callable[[], date] = date.today
        self.overview: Overview | None = None
        self._loading: int | None = None
        self._again = False
        self._exporting = False
        self.theme = LIGHT

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setAccessibleName("History page")
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        outer.addWidget(scroll)
        body = QWidget()
        scroll.setWidget(body)
        self.scroll_area = scroll
        centre = QHBoxLayout(body)
        centre.setContentsMargins(0, 0, 0, 0)
        column_box = QWidget()
        column_box.setMaximumWidth(MAX_WIDTH)
        centre.addWidget(column_box, 1)
        column = QVBoxLayout(column_box)
        column.setContentsMargins(28, 20, 28, 22)
        column.setSpacing(14)

        head = QHBoxLayout()
        head.setSpacing(12)
        heading = plain_label("History", role="heading", name="History")
        head.addWidget(heading)
        self.status = plain_label("", role="muted", name="History status")
        self.status.setFont(font(14))
        head.addWidget(self.status, 1)
        self.export_button = QPushButton("Export CSV\u2026")
        self.export_button.setAccessibleName("Export sessions as CSV")
        self.export_button.setToolTip("Save every session to a CSV file (a spreadsheet)")
        self.export_button.setCursor(Qt.CursorShape.PointingHandCursor)
        set_role(self.export_button, "quiet")
        self.export_button.clicked.connect(self.export)
        head.addWidget(self.export_button, 0, Qt.AlignmentFlag.AlignVCenter)
        column.addLayout(head)

        band = QHBoxLayout()
        band.setSpacing(12)
        self.week_tile = StatTile("This week")
        self.calendar = StreakCalendar()
        self.streak_tile = StatTile("Streak", self.calendar)
        band.addWidget(self.week_tile, 2)
        band.addWidget(self.streak_tile, 3)
        column.addLayout(band)

        self.chart = WeeklyChart()
        chart_head = QHBoxLayout()
        chart_head.addWidget(plain_label("MINUTES PER WEEK", role="section"))
        chart_head.addStretch(1)
        self.period = plain_label("", role="muted", name="The last weeks")
        self.period.setFont(font(13))
        chart_head.addWidget(self.period)
        chart_panel = QFrame()
        set_role(chart_panel, "panel")
        chart_layout = QVBoxLayout(chart_panel)
        chart_layout.setContentsMargins(18, 14, 18, 12)
        chart_layout.setSpacing(6)
        chart_layout.addLayout(chart_head)
        chart_layout.addWidget(self.chart, 1)
        column.addWidget(chart_panel, 3)

        switch = QHBoxLayout()
        switch.setSpacing(6)
        self.segments: list[QPushButton] = []  # exclusive by hand, see NavBar
        self.sessions_button = self._segment("Sessions", 0)
        self.exercises_button = self._segment("Exercises", 1)
        switch.addWidget(self.sessions_button)
        switch.addWidget(self.exercises_button)
        switch.addSpacing(10)
        self.shown_note = plain_label("", role="muted", name="Sessions shown")
        self.shown_note.setFont(font(13))
        switch.addWidget(self.shown_note, 1)
        column.addLayout(switch)

        self.stack = QStackedWidget()
        self.stack.setMinimumHeight(300)
        self.sessions_model = SessionsModel(self)
        self.sessions_table = table(self.sessions_model, "Sessions")
        self.empty = plain_label(
            "No sessions yet. Start a routine, and it shows up here.", role="muted", wrap=True
        )
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setFont(font(15))
        sessions_panel = panel(self.sessions_table, self.empty, margins=(10, 8, 10, 8))
        self.stack.addWidget(sessions_panel)

        self.exercises_model = ExercisesModel(self)
        self.exercises_table = table(self.exercises_model, "Exercises")
        self.exercises_table.selectionModel().currentRowChanged.connect(self._exercise_chosen)
        self.progress_caption = plain_label("", role="section", wrap=True)
        self.progress_chart = ProgressChart()
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(6, 4, 0, 0)
        right_layout.setSpacing(6)
        right_layout.addWidget(self.progress_caption)
        right_layout.addWidget(self.progress_chart, 1)
        exercises_panel = QFrame()
        set_role(exercises_panel, "panel")
        self.split = QBoxLayout(QBoxLayout.Direction.LeftToRight, exercises_panel)
        self.split.setContentsMargins(10, 8, 14, 10)
        self.split.setSpacing(12)
        self.split.addWidget(self.exercises_table, 11)
        self.split.addWidget(right, 9)
        self.stack.addWidget(exercises_panel)
        column.addWidget(self.stack, 5)
        self.show_part(0)

        self.apply_theme(LIGHT)
        self.show_overview(None)

    def _segment(self, text: str, index: int) -> QPushButton:
        button = QPushButton(text)
        button.setCheckable(True)
        button.setAccessibleName(f"Show {text.lower()}")
        button.setCursor(Qt.CursorShape.PointingHandCursor)
        button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        set_role(button, "segment")
        button.clicked.connect(lambda _checked=False: self.show_part(index))
        self.segments.append(button)
        return button

    def show_part(self, index: int) -> None:
        """0: the sessions, 1: each exercise."""
        self.stack.setCurrentIndex(index)
        for n, button in enumerate(self.segments):
            button.setChecked(n == index)

    # -- loading ---------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the history again on the worker; what is shown stays until it arrives."""
        if self._loading is not None:
            self._again = True
            return
        day = self.today()
        source = self.source
        if self.overview is None:
            self.status.setText("Reading your history\u2026")
        self._loading = self.tasks.run(
            lambda: source.overview(day), self._loaded, self._load_failed
        )

    def loading(self) -> bool:
        return self._loading is not None

    def _loaded(self, overview: Overview) -> None:
        self._loading = None
        self.status.setText("")
        self.show_overview(overview)
        self.loaded.emit()
        if self._again:
            self._again = False
            self.refresh()

    def _load_failed(self, error: Exception) -> None:
        from hipcoach.core.errors import KnownError

        self._loading = None
        self._again = False
        if not isinstance(error, KnownError):
            raise error
        self.status.setText(str(error))
        self.export_button.setEnabled(False)
        self.loaded.emit()

    def show_overview(self, overview: Overview | None) -> None:
        self.overview = overview
        today = self.today()
        if overview is None:
            for tile in (self.week_tile, self.streak_tile):
                tile.set_value("\u2013", "")
            self.period.setText("")
            self.export_button.setEnabled(False)
            self.sessions_model.set_sessions([], today)
            self.exercises_model.set_exercises([])
            self._show_empty(True)
            return
        summary = overview.summary
        week = summary.this_week
        self.week_tile.set_value(
            minutes_text(week.minutes),
            f"{plural(week.sessions, 'session')}, {week.completed} completed"
            if week.sessions
            else "No session yet this week",
        )
        if summary.streak == 0:
            streak_note = "Complete a session to start one"
        elif week.completed:
            streak_note = "A completed session every week"
        else:
            streak_note = "Complete one this week to keep it"
        self.streak_tile.set_value(plural(summary.streak, "week"), streak_note)
        weeks = len(summary.weeks)
        self.period.setText(
            f"{weeks} weeks: {plural(overview.period_sessions, 'session')}, "
            f"{minutes_text(overview.period_minutes)}, "
            f"{plural(overview.active_days, 'day')} with a completed one"
        )
        self.calendar.set_days(overview.days, today)
        self.calendar.setAccessibleName(f"Calendar of the last {weeks} weeks")
        self.chart.show_weeks(summary.weeks)
        self.sessions_model.set_sessions(overview.recent, today)
        shown, total = len(overview.recent), overview.total_sessions
        self.shown_note.setText(
            f"The newest {shown:,} of {total:,}; the export has them all" if total > shown else ""
        )
        self._show_empty(not overview.recent)
        self.export_button.setEnabled(bool(total) and not self._exporting)
        self._fit_columns()
        chosen = self.exercises_table.currentIndex().row()
        self.exercises_model.set_exercises(summary.exercises)
        self.exercises_table.clearSpans()
        for row in range(len(summary.exercises)):
            if not self.exercises_model.sided(row):
                self.exercises_table.setSpan(row, 2, 1, 2)
        if summary.exercises:
            row = chosen if 0 <= chosen < len(summary.exercises) else 0
            self.exercises_table.selectRow(row)
            self._exercise_chosen(self.exercises_model.index(row, 0))
        else:
            self._exercise_chosen(QModelIndex())
        self.exercises_table.resizeColumnsToContents()
        self.exercises_table.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.Stretch
        )

    def _show_empty(self, empty: bool) -> None:
        self.sessions_table.setVisible(not empty)
        self.empty.setVisible(empty)

    def _fit_columns(self) -> None:
        view = self.sessions_table
        view.resizeColumnsToContents()
        header = view.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(True)

    def _exercise_chosen(self, index: Model, _previous: Model | None = None) -> None:
        overview = self.overview
        if overview is None or not index.isValid():
            self.progress_caption.setText("")
            self.progress_chart.show_progress(None, [])
            return
        exercise = self.exercises_model.exercises[index.row()]
        weeks = [week.monday for week in overview.summary.weeks]
        found = next(
            (
                p
                for p in overview.progress
                if (p.exercise, p.unit) == (exercise.exercise, exercise.unit)
            ),
            None,
        )
        words = UNIT_WORDS[exercise.unit]
        self.progress_caption.setText(
            f"{exercise.exercise.upper()}: {words.upper()} EACH TIME, BY WEEK"
            if found is not None
            else f"{exercise.exercise.upper()}: NOT DONE IN THESE {len(weeks)} WEEKS"
        )
        self.progress_chart.show_progress(found, weeks)

    # -- export ----------------------------------------------------------------------------

    def export(self) -> None:
        if self._exporting:
            return
        target = SaveCsv.ask(self, suggested_csv(self.today()))
        if target is None:
            return
        self._exporting = True
        self.export_button.setEnabled(False)
        self.export_button.setText("Exporting\u2026")
        source = self.source
        self.tasks.run(
            lambda: source.export_csv(target),
            lambda count: self._exported(count, target),
            lambda error: self._export_failed(error, target),
        )

    def _export_done(self) -> None:
        self._exporting = False
        self.export_button.setText("Export CSV\u2026")
        self.export_button.setEnabled(self.overview is not None)

    def _exported(self, count: int, target: Path) -> None:
        self._export_done()
        self.notice.emit(f"Saved {plural(count, 'session')} to {target}")
        self.exported.emit(count, target)

    def _export_failed(self, error: Exception, target: Path) -> None:
        from hipcoach.core.errors import KnownError

        self._export_done()
        if isinstance(error, OSError):
            reason = error.strerror or str(error)
        elif isinstance(error, KnownError):
            reason = str(error)
        else:
            raise error
        self.notice.emit(f"Could not save {target}: {reason}")

    # -- look --------------------------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        wide = self.width() >= WIDE
        self.split.setDirection(
            QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom
        )
        self.stack.setMinimumHeight(320 if wide else 560)
        self.calendar.set_cell(18 if wide else 14)

    def apply_theme(self, theme: Theme) -> None:
        self.theme = theme
        self.chart.apply_theme(theme)
        self.progress_chart.apply_theme(theme)
        self.calendar.apply_theme(theme)
