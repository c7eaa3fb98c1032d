"""One exercise, week by week: what a phase achieved on average, a line per side."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCharts import QCategoryAxis, QLineSeries, QValueAxis
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QPen
from PySide6.QtWidgets import QWidget

from hipcoach.application.history_text import SIDE_WORDS, amount_text, week_label
from hipcoach.application.statistics import ExerciseProgress
from hipcoach.core.model import Side
from hipcoach.ui.common.theme import LIGHT, Theme, font
from hipcoach.ui.history.charts import ChartView, new_chart, style_axis


class ProgressChart(ChartView):
    """One exercise, week by week: what a phase achieved on average, a line per side."""

    def __init__(self, parent: QWidget | None = None) -> None:
        chart = new_chart()
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
            style_axis(axis, theme)
        colours = {Side.LEFT: theme.side_left, Side.RIGHT: theme.side_right, None: theme.work}
        for side, line in self.lines.items():
            pen = QPen(QColor(colours[side]), 3)
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            line.setPen(pen)
            line.setColor(QColor(colours[side]))
            line.setMarkerSize(9)
        self.chart().legend().setLabelColor(QColor(theme.text))
