"""Draw hipcoach's app icon with QPainter: an SVG and PNGs for launchers and the window.

The icon is the player in miniature: a ring that empties with the phase, in the work
phase's green, around a runner in a deep lunge (the hip flexor stretch). Drawn from code so
it is the project's own and can be redrawn at any size.

Usage: python tools/make_icon.py [OUTDIR]   (default: hipcoach/ui/desktop/, shipped in the
wheel with hipcoach.desktop)
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QGuiApplication,
    QImage,
    QLinearGradient,
    QPainter,
    QPainterPath,
    QPen,
)
from PySide6.QtSvg import QSvgGenerator

DEFAULT_OUTDIR = Path(__file__).resolve().parent.parent / "hipcoach" / "ui" / "desktop"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
TOP = QColor("#1f9d55")
BOTTOM = QColor("#0c5a2b")
WHITE = QColor("#ffffff")


def draw(painter: QPainter, size: float) -> None:
    """The icon on a ``size`` square, in a 100-unit design grid."""
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    k = size / 100.0
    painter.scale(k, k)

    tile = QRectF(4, 4, 92, 92)
    gradient = QLinearGradient(QPointF(0, 4), QPointF(0, 96))
    gradient.setColorAt(0.0, TOP)
    gradient.setColorAt(1.0, BOTTOM)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(gradient)
    painter.drawRoundedRect(tile, 22, 22)

    ring = QRectF(17, 17, 66, 66)
    track = QPen(QColor(255, 255, 255, 70), 8)
    painter.setPen(track)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawEllipse(ring)
    arc = QPen(WHITE, 8)
    arc.setCapStyle(Qt.PenCapStyle.RoundCap)
    painter.setPen(arc)
    painter.drawArc(ring, 90 * 16, -270 * 16)

    # The runner, in a lunge facing right: head, back, front leg bent, back leg long.
    limb = QPen(WHITE, 6.5)
    limb.setCapStyle(Qt.PenCapStyle.RoundCap)
    limb.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(WHITE)
    painter.drawEllipse(QPointF(55, 31), 5.4, 5.4)
    painter.setPen(limb)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    for points in (
        ((53, 40), (47, 54)),  # back
        ((47, 54), (59, 56), (60, 67)),  # front leg, knee over the foot
        ((47, 54), (38, 62), (29, 63)),  # back leg, long behind
        ((52, 44), (61, 48)),  # arm
    ):
        path = QPainterPath(QPointF(*points[0]))
        for point in points[1:]:
            path.lineTo(QPointF(*point))
        painter.drawPath(path)


def png(size: int) -> QImage:
    image = QImage(QSize(size, size), QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    draw(painter, float(size))
    painter.end()
    return image


def svg(path: Path) -> None:
    generator = QSvgGenerator()
    generator.setFileName(str(path))
    generator.setSize(QSize(100, 100))
    generator.setViewBox(QRectF(0, 0, 100, 100))
    generator.setTitle("hipcoach")
    generator.setDescription("hipcoach app icon")
    painter = QPainter(generator)
    draw(painter, 100.0)
    painter.end()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", default=str(DEFAULT_OUTDIR))
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    for size in SIZES:
        target = out / f"hipcoach-{size}.png"
        png(size).save(str(target))
        print(target)
    svg(out / "hipcoach.svg")
    print(out / "hipcoach.svg")
    return 0


if __name__ == "__main__":
    sys.exit(main())
