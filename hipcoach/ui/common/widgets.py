"""Small pieces every page uses: literal labels, painted icons, notice banners.

Routine text comes from files anyone can write, so every label that shows it is plain text:
a name like ``<b>x</b>`` is shown as typed, never interpreted as markup.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QIcon, QPainter, QPainterPath, QPen, QPixmap
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from hipcoach.ui.common.theme import font, set_role


def plain_label(
    text: str = "", role: str | None = None, wrap: bool = False, name: str | None = None
) -> QLabel:
    """A label that shows its text literally (routine text is never markup)."""
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    label.setWordWrap(wrap)
    if role:
        set_role(label, role)
    if name:
        label.setAccessibleName(name)
    return label


def fit_single_line(label: QLabel, largest: float, smallest: float, width: int) -> None:
    """The largest font (down to ``smallest``) at which the text fits one line of ``width``."""
    base = label.font()
    size = largest
    while size > smallest:
        base.setPixelSize(max(1, round(size)))
        if QFontMetrics(base).horizontalAdvance(label.text()) <= width:
            break
        size -= 1
    base.setPixelSize(max(1, round(size)))
    label.setFont(base)


def fit_wrapped(label: QLabel, largest: float, smallest: float, width: int, height: int) -> None:
    """The largest font at which the wrapped text fits the box; a long how-to shrinks a bit."""
    base = label.font()
    size = largest
    while size > smallest:
        base.setPixelSize(max(1, round(size)))
        box = QFontMetrics(base).boundingRect(
            0, 0, max(1, width), 100000, Qt.TextFlag.TextWordWrap, label.text()
        )
        if box.height() <= height:
            break
        size -= 0.5
    base.setPixelSize(max(1, round(size)))
    label.setFont(base)


def warning_strip(text: str, title: str | None = None, name: str = "") -> QFrame:
    """A warm strip for what a runner must not miss: a red flag, a caution, the advice
    before a sore session."""
    frame = QFrame()
    set_role(frame, "banner")
    frame.setAccessibleName(name or title or "Notice")
    frame.setAccessibleDescription(text)
    layout = QHBoxLayout(frame)
    layout.setContentsMargins(14, 7, 14, 7)
    layout.setSpacing(8)
    if title:
        heading = plain_label(title)
        heading.setFont(bold(14))
        layout.addWidget(heading, 0, Qt.AlignmentFlag.AlignTop)
    line = plain_label(text, wrap=True)
    line.setFont(font(14))
    layout.addWidget(line, 1)
    return frame


# -- icons, painted so they follow the palette and need no image files ---------------------

Drawing = Callable[[QPainter, float], None]


def _icon(draw: Drawing, colour: QColor, size: int = 48) -> QIcon:
    pixmap = QPixmap(size * 2, size * 2)
    pixmap.setDevicePixelRatio(2.0)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    draw(painter, float(size))
    painter.end()
    return QIcon(pixmap)


def _triangle(painter: QPainter, left: float, top: float, width: float, height: float) -> None:
    path = QPainterPath(QPointF(left, top))
    path.lineTo(left + width, top + height / 2)
    path.lineTo(left, top + height)
    path.closeSubpath()
    painter.drawPath(path)


def _play(p: QPainter, s: float) -> None:
    _triangle(p, s * 0.3, s * 0.2, s * 0.5, s * 0.6)


def _pause(p: QPainter, s: float) -> None:
    p.drawRoundedRect(QRectF(s * 0.27, s * 0.2, s * 0.16, s * 0.6), 2, 2)
    p.drawRoundedRect(QRectF(s * 0.57, s * 0.2, s * 0.16, s * 0.6), 2, 2)


def _skip(p: QPainter, s: float) -> None:
    _triangle(p, s * 0.22, s * 0.22, s * 0.42, s * 0.56)
    p.drawRoundedRect(QRectF(s * 0.66, s * 0.22, s * 0.11, s * 0.56), 2, 2)


def _back(p: QPainter, s: float) -> None:
    p.save()
    p.translate(s, 0)
    p.scale(-1, 1)
    _skip(p, s)
    p.restore()


def _stop(p: QPainter, s: float) -> None:
    p.drawRoundedRect(QRectF(s * 0.25, s * 0.25, s * 0.5, s * 0.5), 4, 4)


def _done(p: QPainter, s: float) -> None:
    colour = p.brush().color()
    p.setBrush(Qt.BrushStyle.NoBrush)
    pen = QPen(colour, s * 0.11)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    p.setPen(pen)
    path = QPainterPath(QPointF(s * 0.22, s * 0.52))
    path.lineTo(s * 0.42, s * 0.72)
    path.lineTo(s * 0.78, s * 0.3)
    p.drawPath(path)


def _speaker(p: QPainter, s: float, muted: bool) -> None:
    colour = p.brush().color()
    path = QPainterPath(QPointF(s * 0.14, s * 0.38))
    path.lineTo(s * 0.3, s * 0.38)
    path.lineTo(s * 0.5, s * 0.2)
    path.lineTo(s * 0.5, s * 0.8)
    path.lineTo(s * 0.3, s * 0.62)
    path.lineTo(s * 0.14, s * 0.62)
    path.closeSubpath()
    p.drawPath(path)
    pen = QPen(colour, s * 0.07)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    p.setPen(pen)
    p.setBrush(Qt.BrushStyle.NoBrush)
    if muted:
        p.drawLine(QPointF(s * 0.62, s * 0.37), QPointF(s * 0.86, s * 0.63))
        p.drawLine(QPointF(s * 0.86, s * 0.37), QPointF(s * 0.62, s * 0.63))
    else:
        p.drawArc(QRectF(s * 0.42, s * 0.3, s * 0.3, s * 0.4), -50 * 16, 100 * 16)
        p.drawArc(QRectF(s * 0.38, s * 0.16, s * 0.5, s * 0.68), -50 * 16, 100 * 16)


ICONS: dict[str, Drawing] = {
    "play": _play,
    "pause": _pause,
    "skip": _skip,
    "back": _back,
    "stop": _stop,
    "done": _done,
    "sound": lambda p, s: _speaker(p, s, muted=False),
    "muted": lambda p, s: _speaker(p, s, muted=True),
}


def icon(name: str, colour: QColor | str) -> QIcon:
    return _icon(ICONS[name], QColor(colour))


# -- notices ---------------------------------------------------------------------------------


class Banner(QFrame):
    """A notice inside the window (never a dialog): nothing modal stands in a runner's way."""

    dismissed = Signal()

    def __init__(self, message: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        set_role(self, "banner")
        self.setAccessibleName("Notice")
        self.setAccessibleDescription(message)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 8, 8, 8)
        self.message = plain_label(message, wrap=True, name="Notice")
        self.message.setFont(font(14))
        layout.addWidget(self.message, 1)
        close = QPushButton("\u2715")
        close.setAccessibleName("Dismiss notice")
        close.setToolTip("Dismiss")
        close.setCursor(Qt.CursorShape.PointingHandCursor)
        close.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        set_role(close, "close")
        close.clicked.connect(self.dismiss)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignTop)
        self.close_button = close
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.dismiss)

    def dismiss_after(self, milliseconds: int) -> None:
        self._timer.start(milliseconds)

    def dismiss(self) -> None:
        self._timer.stop()
        self.setProperty("dismissed", True)
        self.hide()
        self.dismissed.emit()
        self.deleteLater()


def bold(pixels: float) -> QFont:
    return font(pixels, QFont.Weight.Bold)


def centred_column(page: QWidget, max_width: int) -> tuple[QScrollArea, QWidget, QVBoxLayout]:
    """A page's one column, at most ``max_width`` wide and centred, scrolling up and down
    (never sideways) when the window is shorter than it: the scroll area, the column's
    widget and its layout (margins and spacing are the page's to set)."""
    outer = QVBoxLayout(page)
    outer.setContentsMargins(0, 0, 0, 0)
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    outer.addWidget(scroll)
    body = QWidget()
    scroll.setWidget(body)
    centre = QHBoxLayout(body)
    centre.setContentsMargins(0, 0, 0, 0)
    column_box = QWidget()
    column_box.setMaximumWidth(max_width)
    centre.addStretch(1)
    centre.addWidget(column_box, 100)
    centre.addStretch(1)
    return scroll, column_box, QVBoxLayout(column_box)
