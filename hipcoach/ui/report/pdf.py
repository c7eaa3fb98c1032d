"""The report as an A4 PDF, made by Qt itself: the document (``report.document``) printed
page by page through a QPdfWriter, each page with its footer and its number.

QPdfWriter and QTextDocument need a QGuiApplication, and a QChart a QApplication (under a
bare QGuiApplication it crashes): from the command line the report starts an offscreen
QApplication, even where a display exists. The document has a page size of its own, so
QTextDocument.print would number no pages: this module paginates and numbers them itself.
"""

from __future__ import annotations

import math
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import QColor, QImage, QPageLayout, QPageSize, QPainter, QPdfWriter, QPen
from PySide6.QtWidgets import QApplication

from hipcoach.adapters.private_files import save_atomically
from hipcoach.application.report import Report
from hipcoach.application.report_text import range_text
from hipcoach.ui.report.document import LINE, MUTED, ReportDocument, report_font

DPI = 300  # the PDF's device pixels per inch: the layout's unit
MARGINS_MM = QMarginsF(17, 16, 17, 14)
FOOTER_MM = 7.0  # the band at the foot of each page that holds its number


def application() -> QApplication:
    """The running QApplication, or an offscreen one made now (the command line)."""
    found = QApplication.instance()
    if isinstance(found, QApplication):
        return found
    if found is not None:
        raise RuntimeError("the report draws charts: it needs a QApplication, not a bare Qt app")
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    made = QApplication([sys.argv[0] if sys.argv else "hipcoach"])
    made.setApplicationName("hipcoach")
    return made


@dataclass(frozen=True, slots=True)
class RenderedReport:
    pdf: bytes
    pages: int


def render_pdf(report: Report) -> RenderedReport:
    """The whole report as PDF bytes, A4, every page numbered "Page N of M"."""
    application()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(DPI)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            MARGINS_MM,
            QPageLayout.Unit.Millimeter,
        )
    )
    writer.setTitle(f"hipcoach report, {range_text(report.since, report.until)}")
    writer.setCreator(f"hipcoach {report.version}")
    area = writer.pageLayout().paintRectPixels(DPI)
    footer = FOOTER_MM / 25.4 * DPI
    # Whole pixels: the layout places page breaks in 1/64 px, and a page height of a fraction
    # leaves a heading's top a hair on the page before, where a text extractor finds it.
    body = QSizeF(math.floor(area.width()), math.floor(area.height() - footer))
    made = ReportDocument(report, writer, DPI, body)
    document = made.document
    pages = document.pageCount()
    painter = QPainter(writer)
    try:
        label = f"hipcoach report \u00b7 {range_text(report.since, report.until)}"
        small = report_font(7.5)
        for page in range(pages):
            if page:
                writer.newPage()
            top = page * body.height()
            painter.save()
            painter.translate(0, -top)
            # What begins on the next page stays off this one, even as clipped text (a text
            # extractor would read it): the layout draws each line that touches the rect.
            shown = QRectF(0, top, body.width(), body.height() - 1)
            painter.setClipRect(shown)
            document.drawContents(painter, shown)
            painter.restore()
            foot = QRectF(0, body.height() + footer * 0.25, body.width(), footer * 0.75)
            painter.setPen(QPen(QColor(LINE), DPI / 300))
            painter.drawLine(foot.topLeft(), foot.topRight())
            painter.setPen(QColor(MUTED))
            painter.setFont(small)
            middle = Qt.AlignmentFlag.AlignVCenter
            painter.drawText(foot, int(Qt.AlignmentFlag.AlignLeft | middle), label)
            painter.drawText(
                foot, int(Qt.AlignmentFlag.AlignRight | middle), f"Page {page + 1} of {pages}"
            )
    finally:
        painter.end()
        buffer.close()
    return RenderedReport(bytes(data.data()), pages)


def write_pdf(report: Report, path: Path) -> RenderedReport:
    """Render and save: atomically (a reader sees the old file or the new one) and private
    (600: it holds health notes)."""
    rendered = render_pdf(report)
    save_atomically(path, rendered.pdf)
    return rendered


def first_page(pdf: bytes, width: int) -> QImage:
    """The PDF's first page as an image ``width`` pixels wide: the preview before saving."""
    from PySide6.QtPdf import QPdfDocument

    data = QByteArray(pdf)
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)
    size = document.pagePointSize(0)
    height = round(width * size.height() / size.width()) if size.width() else width
    rendered = document.render(0, QSize(width, height))
    document.close()
    page = QImage(rendered.size(), QImage.Format.Format_RGB32)  # paper: white behind the ink
    page.fill(QColor("white"))
    painter = QPainter(page)
    painter.drawImage(0, 0, rendered)
    painter.end()
    return page
