"""The report as an A4 PDF, made by Qt itself: the document (``report.document``) printed
page by page through a QPdfWriter, each page with its footer and its number.

QPdfWriter and QTextDocument need a QGuiApplication, and a QChart a QApplication (under a
bare QGuiApplication it crashes): from the command line the report starts an offscreen
QApplication, even where a display exists. The document has a page size of its own, so
QTextDocument.print would number no pages: this module paginates and numbers them itself.

In the window the work is split by thread (Qt: QTextDocument is reentrant, QFont too,
QFontDatabase thread-safe, and QPainter paints on a QPdfWriter, QImage or QPicture in any
thread; widgets, a chart among them, only on the GUI thread): ``chart_pictures`` records the
charts on the GUI thread one at a time, and ``print_pdf`` lays out and prints the rest on a
worker. PySide6 keeps the interpreter lock through a call into Qt, so the worker's calls are
kept short: the layout is taken a few paragraphs at a time and the pages one at a time, and
between two of them the GUI thread gets its turn (and a cancel is seen).
"""

from __future__ import annotations

import math
import os
import sys
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
    QTextDocument,
)
from PySide6.QtWidgets import QApplication

from hipcoach.adapters.private_files import save_atomically
from hipcoach.application.report import Report
from hipcoach.application.report_text import range_text
from hipcoach.ui.report.document import (
    LINE,
    MUTED,
    ChartPicture,
    ReportDocument,
    chart_specs,
    draw_chart,
    report_font,
)

DPI = 300  # the PDF's device pixels per inch: the layout's unit
MARGINS_MM = QMarginsF(17, 16, 17, 14)
FOOTER_MM = 7.0  # the band at the foot of each page that holds its number
LAYOUT_STEP = 6  # paragraphs laid out at a time: each step holds the interpreter briefly


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
    preview: QImage | None = None  # the first page as a picture, when one was asked for


class CancelledError(Exception):
    """The report was no longer wanted (Cancel, the dialog closed, new dates)."""


@dataclass
class PrintJob:
    """A report being printed on a worker: the GUI thread reads how far it got and may
    cancel it; the worker stops at its next step. Plain values, set by one thread."""

    stage: str = "laying out the pages"
    page: int = 0  # pages printed so far
    pages: int = 0  # of how many, once the layout is done
    _cancelled: threading.Event = field(default_factory=threading.Event)

    def cancel(self) -> None:
        self._cancelled.set()

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def check(self) -> None:
        if self._cancelled.is_set():
            raise CancelledError


def _page_layout() -> QPageLayout:
    return QPageLayout(
        QPageSize(QPageSize.PageSizeId.A4),
        QPageLayout.Orientation.Portrait,
        MARGINS_MM,
        QPageLayout.Unit.Millimeter,
    )


def _body() -> tuple[QSizeF, float]:
    """The text's area on a page and the footer's height, in device pixels."""
    area = _page_layout().paintRectPixels(DPI)
    footer = FOOTER_MM / 25.4 * DPI
    # Whole pixels: the layout places page breaks in 1/64 px, and a page height of a fraction
    # leaves a heading's top a hair on the page before, where a text extractor finds it.
    return QSizeF(math.floor(area.width()), math.floor(area.height() - footer)), footer


def chart_pictures(report: Report) -> Iterator[tuple[str, ChartPicture]]:
    """The report's charts recorded one by one, each a step of a few milliseconds: GUI
    thread only (a chart is a widget). A caller may draw them all at once or one a turn."""
    width = _body()[0].width()
    for spec in chart_specs(report):
        yield spec.key, draw_chart(spec, width, DPI)


def print_pdf(
    report: Report,
    pictures: Mapping[str, ChartPicture],
    job: PrintJob | None = None,
    preview_width: int = 0,
) -> RenderedReport:
    """The whole report as PDF bytes, A4, every page numbered "Page N of M", with its
    charts drawn already (``chart_pictures``); with a ``preview_width``, its first page as
    a picture that many pixels wide too. Any thread; ``job`` tells how far it got and may
    cancel it (CancelledError is raised at the next step)."""
    rendered = _printed(report, pictures, job or PrintJob(), preview_width)
    if rendered is None:
        raise CancelledError
    return rendered


def _printed(
    report: Report, pictures: Mapping[str, ChartPicture], job: PrintJob, preview_width: int
) -> RenderedReport | None:
    """print_pdf's work, None once cancelled. Its Qt objects die with this frame, on the
    thread that made them: an exception raised from here would carry the frame, the
    document with it, to the GUI thread, whose garbage collector would free it there."""
    try:
        return _print(report, pictures, job, preview_width)
    except CancelledError:
        return None


@dataclass(frozen=True, slots=True)
class _Pages:
    """What every page is drawn with: the laid-out document, the text's area and the
    footer's band (device pixels), the footer's words."""

    made: ReportDocument
    count: int
    body: QSizeF
    footer: float
    label: str

    def draw(self, painter: QPainter, page: int) -> None:
        """Page ``page`` (from 0) with its footer, the painter at the text's top left."""
        body, footer = self.body, self.footer
        top = page * body.height()
        painter.save()
        painter.translate(0, -top)
        # What begins on the next page stays off this one, even as clipped text (a text
        # extractor would read it): the layout draws each line that touches the rect.
        shown = QRectF(0, top, body.width(), body.height() - 1)
        painter.setClipRect(shown)
        self.made.document.drawContents(painter, shown)
        painter.restore()
        foot = QRectF(0, body.height() + footer * 0.25, body.width(), footer * 0.75)
        painter.setPen(QPen(QColor(LINE), DPI / 300))
        painter.drawLine(foot.topLeft(), foot.topRight())
        painter.setPen(QColor(MUTED))
        painter.setFont(report_font(7.5))
        middle = Qt.AlignmentFlag.AlignVCenter
        painter.drawText(foot, int(Qt.AlignmentFlag.AlignLeft | middle), self.label)
        painter.drawText(
            foot, int(Qt.AlignmentFlag.AlignRight | middle), f"Page {page + 1} of {self.count}"
        )

    def picture(self, page: int, width: int) -> QImage:
        """Page ``page`` as it prints, margins and all, ``width`` pixels wide, on white."""
        layout = _page_layout()
        paper = layout.fullRectPixels(DPI)
        scale = width / paper.width()
        image = QImage(width, round(paper.height() * scale), QImage.Format.Format_RGB32)
        image.fill(QColor("white"))
        painter = QPainter(image)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
            painter.scale(scale, scale)
            margins = layout.paintRectPixels(DPI)
            painter.translate(margins.left(), margins.top())
            self.draw(painter, page)
        finally:
            painter.end()
        return image


def _print(
    report: Report, pictures: Mapping[str, ChartPicture], job: PrintJob, preview_width: int
) -> RenderedReport:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(DPI)
    writer.setPageLayout(_page_layout())
    writer.setTitle(f"hipcoach report, {range_text(report.since, report.until)}")
    writer.setCreator(f"hipcoach {report.version}")
    body, footer = _body()
    job.check()
    made = ReportDocument(report, writer, DPI, body, pictures)  # held: it draws the charts
    document = made.document
    _lay_out(document, job)
    label = f"hipcoach report \u00b7 {range_text(report.since, report.until)}"
    pages = _Pages(made, document.pageCount(), body, footer, label)
    job.pages = pages.count
    job.stage = "printing the pages"
    painter = QPainter(writer)
    try:
        for page in range(pages.count):
            job.check()
            if page:
                writer.newPage()
            pages.draw(painter, page)
            job.page = page + 1
    finally:
        painter.end()
        buffer.close()
    preview = None
    if preview_width:
        job.check()
        job.stage = "showing the first page"
        preview = pages.picture(0, preview_width)
    return RenderedReport(bytes(data.data()), pages.count, preview)


def _lay_out(document: QTextDocument, job: PrintJob) -> None:
    """Lay the document out a few paragraphs at a time: asking where a paragraph lies lays
    out all before it, and pageCount() alone would hold the interpreter for the whole."""
    layout = document.documentLayout()
    block = document.begin()
    counted = 0
    while block.isValid():
        counted += 1
        if counted % LAYOUT_STEP == 0:
            job.check()
            layout.blockBoundingRect(block)
        block = block.next()
    job.check()


def render_pdf(report: Report) -> RenderedReport:
    """The whole report at once, charts and pages (the command line: no window to keep
    answering), on an offscreen QApplication made if none runs."""
    application()
    return print_pdf(report, dict(chart_pictures(report)))


def write_pdf(report: Report, path: Path) -> RenderedReport:
    """Render and save: atomically (a reader sees the old file or the new one) and private
    (600: it holds health notes)."""
    rendered = render_pdf(report)
    save_atomically(path, rendered.pdf)
    return rendered
