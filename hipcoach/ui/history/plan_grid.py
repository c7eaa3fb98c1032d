"""Adherence against the plan: a row per routine of the weekly plan, a cell per week with
the sessions done against that week's target, filled when met; hover a cell for its week."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QHelpEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from hipcoach.application.adherence import AdherenceWeek, Planned
from hipcoach.application.history_text import week_label
from hipcoach.core.text import plural
from hipcoach.ui.common.theme import LIGHT, Theme, font, mix

NAME_WIDTH = 170  # px: the routines' names, elided when longer
ROW = 30
HEAD = 20


def cell_text(planned: Planned) -> str:
    """ "2/3"; a week that asked nothing of it (no run to stretch after) is a dash."""
    return "\u2013" if planned.target == 0 else f"{planned.done}/{planned.target}"


def cell_words(monday_label: str, planned: Planned) -> str:
    what = "after each run" if planned.after_run else "planned"
    return (
        f"Week of {monday_label}: {planned.name}, {plural(planned.done, 'session')} "
        f"of {planned.target} {what}"
    )


class PlanGrid(QWidget):
    """Each routine of the plan, week by week: done against target."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Sessions against the weekly plan")
        self.weeks: list[AdherenceWeek] = []
        self.theme = LIGHT
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)

    def rows(self) -> list[tuple[str, bool]]:
        """The plan's routines, in its order: name, and whether it follows runs."""
        first = self.weeks[0].planned if self.weeks else ()
        return [(p.name, p.after_run) for p in first]

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(600, HEAD + ROW * max(1, len(self.rows())) + 4)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(NAME_WIDTH + 12 * 22, self.sizeHint().height())

    def show_weeks(self, weeks: Sequence[AdherenceWeek]) -> None:
        self.weeks = list(weeks)
        self.setFixedHeight(self.sizeHint().height())
        met = sum(1 for w in self.weeks if w.planned and w.met)
        self.setAccessibleDescription(
            f"{met} of {len(self.weeks)} weeks met every target. "
            + "; ".join(
                cell_words(week_label(w.monday), p) for w in self.weeks[-1:] for p in w.planned
            )
        )
        self.updateGeometry()
        self.update()

    def apply_theme(self, theme: Theme) -> None:
        self.theme = theme
        self.update()

    def _cell(self, row: int, column: int) -> QRectF:
        count = max(1, len(self.weeks))
        width = (self.width() - NAME_WIDTH) / count
        return QRectF(NAME_WIDTH + column * width + 2, HEAD + row * ROW + 2, width - 4, ROW - 4)

    def at(self, point: QPointF) -> tuple[AdherenceWeek, Planned] | None:
        for column, week in enumerate(self.weeks):
            for row, planned in enumerate(week.planned):
                if self._cell(row, column).contains(point):
                    return week, planned
        return None

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            assert isinstance(event, QHelpEvent)
            found = self.at(QPointF(event.pos()))
            if found is None:
                QToolTip.hideText()
                event.ignore()
            else:
                week, planned = found
                QToolTip.showText(event.globalPos(), cell_words(week_label(week.monday), planned))
            return True
        return super().event(event)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        t = self.theme
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        middle = int(Qt.AlignmentFlag.AlignCenter)
        left = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        painter.setFont(font(11, QFont.Weight.DemiBold))
        painter.setPen(QColor(t.muted))
        every = 1 if self.width() > NAME_WIDTH + len(self.weeks) * 46 else 2
        for column, week in enumerate(self.weeks):
            if (len(self.weeks) - 1 - column) % every == 0:
                box = self._cell(0, column)
                painter.drawText(
                    QRectF(box.left(), 0, box.width(), HEAD - 2), middle, week_label(week.monday)
                )
        for row, (name, _after_run) in enumerate(self.rows()):
            painter.setFont(font(13))
            painter.setPen(QColor(t.text))
            label = name  # an after-run routine's target is the week's runs: its tool tip says
            shown = painter.fontMetrics().elidedText(
                label, Qt.TextElideMode.ElideRight, NAME_WIDTH - 10
            )
            painter.drawText(QRectF(0, HEAD + row * ROW, NAME_WIDTH - 8, ROW), left, shown)
        painter.setFont(font(12, QFont.Weight.DemiBold))
        for column, week in enumerate(self.weeks):
            for row, planned in enumerate(week.planned):
                self._paint_cell(painter, self._cell(row, column), planned)
        if self.hasFocus():  # a Tab stop: its description reads the weeks out
            painter.setPen(QPen(QColor(t.muted), 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(QRectF(self.rect()).adjusted(1, 1, -1, -1), 8, 8)
        painter.end()

    def _paint_cell(self, painter: QPainter, box: QRectF, planned: Planned) -> None:
        t = self.theme
        middle = int(Qt.AlignmentFlag.AlignCenter)
        if planned.target == 0:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(t.raised))
            text = QColor(t.muted)
        elif planned.done >= planned.target:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(t.work))
            text = QColor(t.on_accent)
        elif planned.done:
            painter.setPen(QPen(QColor(t.work), 1.5))
            painter.setBrush(mix(QColor(t.surface), QColor(t.work), 0.15))
            text = QColor(t.text)
        else:
            painter.setPen(QPen(QColor(t.line), 1))
            painter.setBrush(QColor(t.surface))
            text = QColor(t.muted)
        painter.drawRoundedRect(box, 5, 5)
        painter.setPen(text)
        painter.drawText(box, middle, cell_text(planned))
