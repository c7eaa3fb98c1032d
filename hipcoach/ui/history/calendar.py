"""The last weeks as a grid of days: the streak made visible."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from hipcoach.application.history_text import day_text
from hipcoach.application.statistics import Day
from hipcoach.core.text import plural
from hipcoach.ui.common.theme import LIGHT, Theme, font, mix


class StreakCalendar(QWidget):
    """The last weeks as a grid of days, a column a week, Monday on top: a filled day had a
    completed session, a ringed one only an unfinished session; today is outlined.

    A day tells what it holds on hover; a click (or the arrow keys, then Enter) opens it."""

    day_chosen = Signal(date)

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
        self.focused: date | None = None  # the day the arrow keys move
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.setFixedSize(self.sizeHint())
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

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
        if self.focused is not None and self.day_at_date(self.focused) is None:
            self.focused = None
        done = sum(1 for d in self.days if d.completed)
        self.setAccessibleDescription(
            f"{plural(done, 'day')} with a completed session in the last "
            f"{len(self.days) // 7} weeks"
        )
        self.update()

    def apply_theme(self, theme: Theme) -> None:
        self.theme = theme
        self.update()

    # -- which day is where ------------------------------------------------------------------

    def cell_rect(self, index: int) -> QRectF:
        step = self.cell + self.GAP
        column, row = divmod(index, 7)
        return QRectF(self.LABEL + column * step, self.TOP + row * step, self.cell, self.cell)

    def day_at(self, point: QPointF) -> Day | None:
        """The day under a point, if one has come (a future day is not a day to open)."""
        for index, day in enumerate(self.days):
            if self.cell_rect(index).adjusted(-1, -1, 1, 1).contains(point):
                return day if day.day <= self.today else None
        return None

    def day_at_date(self, wanted: date) -> Day | None:
        return next((d for d in self.days if d.day == wanted and d.day <= self.today), None)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            assert isinstance(event, QHelpEvent)
            day = self.day_at(QPointF(event.pos()))
            if day is None:
                QToolTip.hideText()
                event.ignore()
            else:
                QToolTip.showText(event.globalPos(), day_text(day, self.today), self)
            return True
        return super().event(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        day = self.day_at(event.position())
        if event.button() == Qt.MouseButton.LeftButton and day is not None:
            self.focused = day.day
            self.update()
            self.day_chosen.emit(day.day)
            return
        super().mousePressEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        moves = {
            Qt.Key.Key_Up: -1,
            Qt.Key.Key_Down: 1,
            Qt.Key.Key_Left: -7,
            Qt.Key.Key_Right: 7,
        }
        key = Qt.Key(event.key())
        if not self.days:
            super().keyPressEvent(event)
            return
        if key in moves:
            start = self.focused or self.today
            found = self.day_at_date(start + timedelta(days=moves[key]))
            if found is not None:
                self.focused = found.day
                self.setAccessibleDescription(day_text(found, self.today))
                self.update()
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.day_chosen.emit(self.focused or self.today)
            return
        super().keyPressEvent(event)

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
            cell = self.cell_rect(n)
            self._paint_day(painter, cell, day)
            if self.hasFocus() and day.day == (self.focused or self.today):
                painter.setPen(QPen(QColor(t.accent), 2))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRoundedRect(cell.adjusted(-2, -2, 2, 2), 5, 5)
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
