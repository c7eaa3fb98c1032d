"""What the history's charts share: a bare chart that takes the page's colours, a view that
says in words what it draws, and axis tops a reader can count in."""

from __future__ import annotations

import math

from PySide6.QtCharts import QBarCategoryAxis, QChart, QChartView, QValueAxis
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


def style_axis(axis: QValueAxis | QBarCategoryAxis, theme: Theme) -> None:
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
