"""What the history's charts share: a bare chart that takes the page's colours, a view that
says in words what it draws, and axis tops a reader can count in."""

from __future__ import annotations

import math
from datetime import date, datetime, time, timedelta

from PySide6.QtCharts import QBarCategoryAxis, QCategoryAxis, QChart, QChartView, QValueAxis
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QFrame, QWidget

from hipcoach.ui.common.theme import Theme, font


def nice_ceiling(value: float) -> float:
    """The axis top above ``value``: 1, 2 or 5 times a power of ten (at least 5)."""
    if value <= 5:
        return 5.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if step * power >= value:
            return float(step * power)
    return float(10 * power)


def new_chart() -> QChart:
    chart = QChart()
    chart.setBackgroundVisible(False)
    chart.setPlotAreaBackgroundVisible(False)
    chart.setMargins(QMargins(0, 4, 4, 0))
    chart.setBackgroundRoundness(0)
    chart.legend().hide()
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    return chart


def style_axis(axis: QValueAxis | QBarCategoryAxis | QCategoryAxis, theme: Theme) -> None:
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

    def apply_theme(self, theme: Theme) -> None:
        """Take the page's colours (each chart its own way); the report gives the light."""

    def inputMethodQuery(self, query: Qt.InputMethodQuery) -> object:  # noqa: N802
        # A graphics view answers with its scene's tiny focus rect, and a scroll area that
        # brings the focused chart into view would then show 50 px of it: the whole chart.
        if query == Qt.InputMethodQuery.ImCursorRectangle:
            return QWidget.inputMethodQuery(self, query)
        return super().inputMethodQuery(query)


# -- time along the x axis ---------------------------------------------------------------------


class Days:
    """Time as x: days (a float) since the first day's local midnight, so a session's point
    sits within its day and the axis labels fall on whole days."""

    def __init__(self, first: date, last: date) -> None:
        self.first = first
        self.last = max(last, first)
        self._origin = datetime.combine(first, time()).astimezone()

    @property
    def span(self) -> float:
        return float((self.last - self.first).days + 1)

    def x(self, moment: datetime | date) -> float:
        if not isinstance(moment, datetime):
            moment = datetime.combine(moment, time()).astimezone()
        return (moment - self._origin).total_seconds() / 86400

    def labels(self, room: int) -> list[tuple[date, str]]:
        """About ``room`` labels at most: Mondays (every few weeks) over half a year or
        less, the first of a month (every few) up to three years, else New Year's days."""
        weeks = self.span / 7
        if weeks <= 27:
            every = max(1, math.ceil(weeks / max(room, 1)))
            start = self.first + timedelta(days=-self.first.weekday() % 7)
            days = [start + timedelta(weeks=n) for n in range(0, int(weeks) + 2, every)]
            return [(d, f"{d.day} {d:%b}") for d in days if d <= self.last]
        months = []
        current = date(self.first.year, self.first.month, 1)
        while current <= self.last:
            if current >= self.first:
                months.append(current)
            current = date(current.year + current.month // 12, current.month % 12 + 1, 1)
        if len(months) <= 36:
            every = max(1, math.ceil(len(months) / max(room, 1)))
            chosen = [m for n, m in enumerate(months) if n % every == 0]
            long = len(months) > 12  # a month name comes twice: the year says which
            return [(m, f"{m:%b} {m.year}" if long or m.month == 1 else f"{m:%b}") for m in chosen]
        years = [m for m in months if m.month == 1]
        every = max(1, math.ceil(len(years) / max(room, 1)))
        return [(y, str(y.year)) for n, y in enumerate(years) if n % every == 0]

    def fill(self, axis: QCategoryAxis, room: int) -> None:
        for label in axis.categoriesLabels():
            axis.remove(label)
        axis.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
        for day, text in self.labels(room):
            axis.append(text, self.x(day))
        axis.setRange(-0.5, self.span + 0.5)
        axis.setStartValue(-0.5)
