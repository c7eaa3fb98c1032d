"""Minutes per week: a bar a week, the last twelve."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QBarSet, QValueAxis
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QCursor
from PySide6.QtWidgets import QToolTip, QWidget

from hipcoach.application.history_text import bar_label, minutes_text, week_label
from hipcoach.core.records import Week
from hipcoach.core.text import plural
from hipcoach.ui.common.theme import Theme
from hipcoach.ui.history.charts import ChartView, new_chart, nice_ceiling, style_axis


class WeeklyChart(ChartView):
    """Minutes per week as bars, this week's last and marked; hover a bar for its numbers."""

    def __init__(self, parent: QWidget | None = None) -> None:
        chart = new_chart()
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
            style_axis(axis, theme)
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
