"""Runs per week: a bar a week of the kilometres run, the last twelve; a week that held a
run with a caution (a single-run spike, docs/coaching.md) is drawn in the caution's colour."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCharts import QBarCategoryAxis, QBarSet, QStackedBarSeries, QValueAxis
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QCursor
from PySide6.QtWidgets import QToolTip, QWidget

from hipcoach.application.history_text import bar_label, week_label
from hipcoach.application.runs import RunWeek
from hipcoach.core.runs import km_text
from hipcoach.core.text import plural
from hipcoach.ui.common.theme import Theme
from hipcoach.ui.history.charts import ChartView, new_chart, nice_ceiling, style_axis


def week_text(week: RunWeek) -> str:
    """ "Week of 2 Nov: 3 runs, 24.5 km, 1 with a caution" """
    if not week.runs:
        return f"Week of {week_label(week.monday)}: no runs"
    text = f"Week of {week_label(week.monday)}: {plural(week.runs, 'run')}, {km_text(week.km)} km"
    if week.cautions:
        text += f", {week.cautions} with a caution"
    return text


class RunsChart(ChartView):
    """Kilometres per week; the weeks with a caution stand out. Hover a bar for its runs."""

    def __init__(self, parent: QWidget | None = None) -> None:
        chart = new_chart()
        super().__init__(chart, "Runs per week", parent)
        # Two stacked sets, one of them zero each week: a week is drawn in one colour or the
        # other, and both share the axis.
        self.plain = QBarSet("Kilometres")
        self.spiked = QBarSet("Kilometres, a week with a caution")
        self.series = QStackedBarSeries()
        self.series.setBarWidth(0.62)
        self.series.append(self.plain)
        self.series.append(self.spiked)
        chart.addSeries(self.series)
        self.x_axis = QBarCategoryAxis()
        self.y_axis = QValueAxis()
        self.y_axis.setLabelFormat("%d")
        chart.addAxis(self.x_axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(self.y_axis, Qt.AlignmentFlag.AlignLeft)
        self.series.attachAxis(self.x_axis)
        self.series.attachAxis(self.y_axis)
        self.x_axis.setGridLineVisible(False)
        self.weeks: list[RunWeek] = []
        for bars in (self.plain, self.spiked):
            bars.hovered.connect(self._hovered)
        self.setMinimumHeight(170)

    def show_weeks(self, weeks: Sequence[RunWeek]) -> None:
        self.weeks = list(weeks)
        for bars in (self.plain, self.spiked):
            if bars.count():
                bars.remove(0, bars.count())
        self.plain.append([0.0 if w.cautions else w.km for w in self.weeks])
        self.spiked.append([w.km if w.cautions else 0.0 for w in self.weeks])
        self.x_axis.clear()
        self.x_axis.append([bar_label(week.monday) for week in self.weeks])
        top = nice_ceiling(max((w.km for w in self.weeks), default=0))
        self.y_axis.setRange(0, top)
        # The chart is low: 0, half and the top where half is a whole number, else 0 and top.
        self.y_axis.setTickCount(3 if top % 2 == 0 else 2)
        self.setAccessibleDescription(
            "Kilometres run per week, oldest first: " + "; ".join(week_text(w) for w in self.weeks)
        )

    def inputMethodQuery(self, query: Qt.InputMethodQuery) -> object:  # noqa: N802
        """Where the focus is: the whole chart, so a scroll area brings all of it into view
        when Tab lands on it (a graphics view otherwise points at its scene's corner)."""
        if query == Qt.InputMethodQuery.ImCursorRectangle:
            return QRect(self.rect())
        return super().inputMethodQuery(query)

    def apply_theme(self, theme: Theme) -> None:
        self.plain.setColor(QColor(theme.rest))
        self.plain.setBorderColor(QColor(theme.rest))
        self.spiked.setColor(QColor(theme.prepare))
        self.spiked.setBorderColor(QColor(theme.prepare))
        for axis in (self.x_axis, self.y_axis):
            style_axis(axis, theme)
        self.x_axis.setLinePenColor(QColor(theme.line))

    def _hovered(self, status: bool, index: int) -> None:
        if not status or not 0 <= index < len(self.weeks):
            QToolTip.hideText()
            return
        QToolTip.showText(QCursor.pos(), week_text(self.weeks[index]), self)
