"""The pain trend: each session's pain before, after and the next morning, over the pain
zones of docs/coaching.md (0-3 safe, 4-5 acceptable, 6-10 too much) shaded behind them."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from PySide6.QtCharts import QAreaSeries, QCategoryAxis, QLineSeries, QValueAxis
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QCursor, QPen
from PySide6.QtWidgets import QToolTip, QWidget

from hipcoach.application.history_text import signal_words, when_text
from hipcoach.application.trends import PainPoint
from hipcoach.ui.common.theme import LIGHT, Theme, font, mix
from hipcoach.ui.history.charts import ChartView, Days, new_chart, style_axis

# The zones' upper ends and their words (docs/coaching.md, "Evaluating a session"): a
# score of 3 is safe, 4 acceptable, so the bands change half-way between.
ZONES = ((3.5, "safe"), (5.5, "acceptable"), (10.2, "too much"))
SCORES: tuple[tuple[str, Callable[[PainPoint], int | None]], ...] = (
    ("Before", lambda p: p.before),
    ("After", lambda p: p.after),
    ("Next morning", lambda p: p.next_day),
)


class PainChart(ChartView):
    """Pain before, after and the next morning, a line each, over the shaded zones; hover
    a point for its session."""

    def __init__(self, parent: QWidget | None = None) -> None:
        chart = new_chart()
        super().__init__(chart, "Pain trend", parent)
        chart.legend().setVisible(True)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        chart.legend().setFont(font(13))
        self.x_axis = QCategoryAxis()
        self.x_axis.setGridLineVisible(False)
        self.y_axis = QValueAxis()  # a little below 0, so a score of 0 shows whole
        self.y_axis.setRange(-0.4, 10.2)
        self.y_axis.setTickType(QValueAxis.TickType.TicksDynamic)
        self.y_axis.setTickAnchor(0)
        self.y_axis.setTickInterval(2)
        self.y_axis.setLabelFormat("%d")
        self.zone_axis = QCategoryAxis()  # the zones' words, on the right
        self.zone_axis.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionCenter)
        for top, word in ZONES:
            self.zone_axis.append(word, top)
        self.zone_axis.setRange(-0.4, 10.2)
        self.zone_axis.setStartValue(-0.4)
        self.zone_axis.setGridLineVisible(False)
        chart.addAxis(self.x_axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(self.y_axis, Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(self.zone_axis, Qt.AlignmentFlag.AlignRight)
        self.bands: list[QAreaSeries] = []
        self._edges: list[QLineSeries] = []  # the bands' edges: kept, the bands use them
        bottom = -0.4
        for top, _word in ZONES:
            low, high = QLineSeries(), QLineSeries()
            band = QAreaSeries(high, low)
            band.setName(_word)
            chart.addSeries(band)
            band.attachAxis(self.x_axis)
            band.attachAxis(self.y_axis)
            self._edges += [low, high]
            self.bands.append(band)
            low.setProperty("level", bottom)
            high.setProperty("level", top)
            bottom = top
        for band in self.bands:
            for marker in chart.legend().markers(band):
                marker.setVisible(False)
        self.lines: list[QLineSeries] = []
        for number, (name, _score) in enumerate(SCORES):
            line = QLineSeries()
            line.setName(name)
            line.setPointsVisible(True)
            chart.addSeries(line)
            line.attachAxis(self.x_axis)
            line.attachAxis(self.y_axis)
            line.attachAxis(self.zone_axis)
            line.hovered.connect(lambda point, state, n=number: self._hovered(n, point, state))
            self.lines.append(line)
        self.points: list[PainPoint] = []
        self.days = Days(date.today(), date.today())
        self.today = date.today()
        self.theme = LIGHT
        self.setMinimumHeight(270)

    def show_pain(self, points: Sequence[PainPoint], first: date, last: date) -> None:
        """The sessions' scores from ``first`` to ``last`` (local days, both included)."""
        self.points = list(points)
        self.days = Days(first, last)
        self.today = last
        self.days.fill(self.x_axis, 6 if self.width() < 700 else 10)
        for edge in self._edges:
            level = float(edge.property("level"))
            edge.replace([QPointF(-0.5, level), QPointF(self.days.span + 0.5, level)])
        for line, (_name, score) in zip(self.lines, SCORES, strict=True):
            line.replace(
                [
                    QPointF(self.days.x(p.at), value)
                    for p in self.points
                    if (value := score(p)) is not None
                ]
            )
        self.setAccessibleDescription(self.describe())
        self.apply_theme(self.theme)

    def describe(self) -> str:
        if not self.points:
            return "No pain scores in these weeks"
        latest = self.points[-1]
        return (
            f"Pain scores of {len(self.points)} sessions; the latest, "
            f"{when_text(latest.at, self.today)}: "
            f"{signal_words(latest.before, latest.after, latest.next_day)}"
        )

    def apply_theme(self, theme: Theme) -> None:
        self.theme = theme
        surface = QColor(theme.surface)
        for band, hue, amount in zip(
            self.bands, (theme.work, theme.prepare, theme.stop), (0.13, 0.17, 0.14), strict=True
        ):
            band.setBrush(mix(surface, QColor(hue), amount))
            band.setPen(Qt.PenStyle.NoPen)
        styles = (
            (theme.muted, Qt.PenStyle.DashLine, 2.0),
            (theme.rest, Qt.PenStyle.SolidLine, 3.0),
            (theme.switch, Qt.PenStyle.SolidLine, 2.5),
        )
        for line, (colour, style, width) in zip(self.lines, styles, strict=True):
            pen = QPen(QColor(colour), width)
            pen.setStyle(style)
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            line.setPen(pen)
            line.setColor(QColor(colour))
            line.setMarkerSize(7 if len(self.points) <= 24 else 5)
        for axis in (self.x_axis, self.y_axis, self.zone_axis):
            style_axis(axis, theme)
        self.y_axis.setGridLineVisible(False)
        self.chart().legend().setLabelColor(QColor(theme.text))

    def _hovered(self, line: int, point: QPointF, state: bool) -> None:
        if not state:
            QToolTip.hideText()
            return
        score = SCORES[line][1]
        near = [
            p
            for p in self.points
            if score(p) is not None and abs(self.days.x(p.at) - point.x()) < 0.5
        ]
        if not near:
            return
        found = min(near, key=lambda p: abs(self.days.x(p.at) - point.x()))
        QToolTip.showText(
            QCursor.pos(),
            f"{found.routine}, {when_text(found.at, self.today)}: "
            f"{signal_words(found.before, found.after, found.next_day)}",
            self,
        )
