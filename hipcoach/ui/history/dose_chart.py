"""One exercise's prescription over time, a line per side: what each session asked of the
left and of the right (all its sets together), a hollow dot where less was done, and a
triangle where that side was marked as hurting."""

from __future__ import annotations

from datetime import date

from PySide6.QtCharts import QCategoryAxis, QLineSeries, QScatterSeries, QValueAxis
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QCursor, QPen
from PySide6.QtWidgets import QToolTip, QWidget

from hipcoach.application.history_text import SIDE_WORDS, done_text, dose_text, when_text
from hipcoach.application.trends import ExerciseDoses, SideDose
from hipcoach.core.model import Side
from hipcoach.ui.common.theme import LIGHT, Theme, font
from hipcoach.ui.history.charts import ChartView, Days, new_chart, style_axis

SIDE_NAMES = {Side.LEFT: "Left", Side.RIGHT: "Right", None: "Asked"}


def _side(side: Side | None) -> str:
    """ "Left: ", "Right: ", nothing for an exercise without sides."""
    return "" if side is None else f"{SIDE_WORDS[side]}: "


class DoseChart(ChartView):
    """One exercise of one routine, session by session: asked per side, done where short
    of it, hurt marks; hover a point for that session's numbers."""

    def __init__(self, parent: QWidget | None = None) -> None:
        chart = new_chart()
        super().__init__(chart, "Prescription over time of the chosen exercise", parent)
        chart.legend().setVisible(True)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        chart.legend().setFont(font(13))
        self.x_axis = QCategoryAxis()
        self.x_axis.setGridLineVisible(False)
        self.y_axis = QValueAxis()
        self.y_axis.setLabelFormat("%d")
        chart.addAxis(self.x_axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(self.y_axis, Qt.AlignmentFlag.AlignLeft)
        self.asked: dict[Side | None, QLineSeries] = {}
        self.short: dict[Side | None, QScatterSeries] = {}
        self.hurt = QScatterSeries()
        self.hurt.setName("Hurt")
        self.hurt.setMarkerShape(QScatterSeries.MarkerShape.MarkerShapeTriangle)
        self.hurt.setMarkerSize(15)
        self.doses: ExerciseDoses | None = None
        self.days = Days(date.today(), date.today())
        self.today = date.today()
        self.theme = LIGHT
        self._points: list[tuple[float, Side | None, SideDose]] = []
        self.setMinimumHeight(220)

    def _add(self, series: QLineSeries | QScatterSeries) -> None:
        self.chart().addSeries(series)
        series.attachAxis(self.x_axis)
        series.attachAxis(self.y_axis)
        series.hovered.connect(self._hovered)

    def show_doses(self, doses: ExerciseDoses | None, first: date, last: date) -> None:
        """Each session of ``doses`` from ``first`` to ``last`` (local days)."""
        chart = self.chart()
        for series in [*self.asked.values(), *self.short.values()]:
            chart.removeSeries(series)
            series.deleteLater()
        if self.hurt.chart() is not None:
            chart.removeSeries(self.hurt)
        self.hurt.clear()
        self.asked, self.short, self._points = {}, {}, []
        self.doses = doses
        self.days = Days(first, last)
        self.today = last
        self.days.fill(self.x_axis, 5 if self.width() < 600 else 8)
        values: list[int] = []
        if doses is not None:
            for sides in doses.sides:
                line = QLineSeries()
                line.setName(SIDE_NAMES[sides.side])
                line.setPointsVisible(True)
                short = QScatterSeries()
                short.setName(f"{SIDE_NAMES[sides.side]}, done")
                short.setMarkerShape(QScatterSeries.MarkerShape.MarkerShapeCircle)
                short.setMarkerSize(10)
                for dose in sides.doses:
                    x = self.days.x(dose.at)
                    line.append(x, dose.asked)
                    self._points.append((x, sides.side, dose))
                    if dose.achieved < dose.asked:
                        short.append(x, dose.achieved)
                    if dose.hurt:
                        self.hurt.append(x, dose.asked)
                    values += [dose.asked, dose.achieved]
                self._add(line)
                self._add(short)
                self.asked[sides.side] = line
                self.short[sides.side] = short
            self._add(self.hurt)
            for series in self.short.values():
                for marker in chart.legend().markers(series):
                    marker.setVisible(False)
            if not self.hurt.count():
                for marker in chart.legend().markers(self.hurt):
                    marker.setVisible(False)
        # Around what was asked and done, not from 0: a rung is a rep or five seconds, and a
        # step up must show as one.
        low, high = min(values, default=0), max(values, default=10)
        room = max(2.0, (high - low) * 0.25)
        self.y_axis.setRange(max(0.0, low - room), high + room)
        self.y_axis.setTickCount(5)
        self.y_axis.applyNiceNumbers()
        self.setAccessibleDescription(self.describe())
        self.apply_theme(self.theme)

    def describe(self) -> str:
        doses = self.doses
        if doses is None:
            return "No exercise chosen"
        parts = []
        for sides in doses.sides:
            if not sides.doses:
                continue
            first, latest = sides.doses[0], sides.doses[-1]
            hurt = sum(d.hurt for d in sides.doses)
            parts.append(
                f"{_side(sides.side)}{dose_text(first, doses.unit)} at first, "
                f"{dose_text(latest, doses.unit)} lately"
                + (f", marked as hurting {hurt} times" if hurt else "")
            )
        return f"{doses.exercise}, {doses.routine}. " + "; ".join(parts)

    def apply_theme(self, theme: Theme) -> None:
        self.theme = theme
        colours = {Side.LEFT: theme.side_left, Side.RIGHT: theme.side_right, None: theme.work}
        for side, line in self.asked.items():
            # Where both sides asked the same, the right's dashes and smaller dots let the
            # left show through.
            pen = QPen(QColor(colours[side]), 3)
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            if side is Side.RIGHT:
                pen.setStyle(Qt.PenStyle.DashLine)
            line.setPen(pen)
            line.setColor(QColor(colours[side]))
            big = 6 if side is Side.RIGHT else 10
            line.setMarkerSize(big if self._sparse() else big * 0.6)
        for side, short in self.short.items():
            short.setColor(QColor(theme.surface))
            short.setBorderColor(QColor(colours[side]))
            short.setPen(QPen(QColor(colours[side]), 2))
        self.hurt.setColor(QColor(theme.stop))
        self.hurt.setBorderColor(QColor(theme.surface))
        for axis in (self.x_axis, self.y_axis):
            style_axis(axis, theme)
        self.chart().legend().setLabelColor(QColor(theme.text))

    def _sparse(self) -> bool:
        """Few enough sessions for full-size dots: they do not run into each other."""
        sessions = len({d.session for _x, _s, d in self._points})
        return sessions <= 16

    def _hovered(self, point: QPointF, state: bool) -> None:
        if not state or self.doses is None or not self._points:
            QToolTip.hideText()
            return
        x, _side_found, dose = min(
            self._points, key=lambda found: (abs(found[0] - point.x()), found[1] is Side.RIGHT)
        )
        if abs(x - point.x()) >= 0.5:
            return
        same = [(s, d) for px, s, d in self._points if px == x]
        unit = self.doses.unit
        lines = [when_text(dose.at, self.today)]
        for s, d in same:
            line = f"{_side(s)}asked {dose_text(d, unit)}, did {done_text(d, unit)}"
            lines.append(line + (", hurt" if d.hurt else ""))
        QToolTip.showText(QCursor.pos(), "\n".join(lines), self)
