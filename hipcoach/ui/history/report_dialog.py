"""Report for your physio: pick the weeks, see the first page, save the PDF (or its CSV).

Nothing slow runs here on the GUI thread. The report's numbers are read on the worker; its
charts, the History page's own widgets, are recorded here one a turn of the event loop (a
few milliseconds each); then the worker lays the pages out, prints them and renders the
first page for the preview, while the dialog shows how far it got and offers Cancel.
Closing the dialog cancels too. Saving writes the very PDF previewed, atomically and
private, on the worker.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QDate, QStandardPaths, Qt, QTimer, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from hipcoach.adapters.qt.tasks import Tasks
from hipcoach.application.report import Report, default_since, suggested_name
from hipcoach.core.text import plural
from hipcoach.ui.common.theme import current_theme, font, set_role, stylesheet
from hipcoach.ui.common.widgets import bold, plain_label

if TYPE_CHECKING:
    from hipcoach.ui.report.document import ChartPicture
    from hipcoach.ui.report.pdf import PrintJob, RenderedReport

PREVIEW_WIDTH = 420  # px: the first page, readable, beside nothing
PROGRESS_MS = 100  # how often the dialog reads how far the worker got


class ReportSource(Protocol):
    """What the dialog asks of the backend (slow: on the worker)."""

    def report(self, since: date, until: date) -> Report: ...

    def save_report(self, pdf: bytes, path: Path) -> None: ...

    def export_report_csv(self, path: Path, since: date, until: date) -> int: ...


def print_report(
    report: Report, pictures: dict[str, ChartPicture], job: PrintJob, width: int
) -> RenderedReport:
    """The worker's part: lay out, print, draw the first page (no widget touched)."""
    from hipcoach.ui.report.pdf import print_pdf

    return print_pdf(report, pictures, job, preview_width=width)


def draw_charts(report: Report) -> Iterator[tuple[str, ChartPicture]]:
    from hipcoach.ui.report.pdf import chart_pictures

    return chart_pictures(report)


class SaveReport:
    """Where to save: a file dialog. Tests replace ``ask``."""

    @classmethod
    def ask(cls, parent: QWidget, suggested: Path, kind: str) -> Path | None:
        label = "PDF files (*.pdf)" if kind == ".pdf" else "CSV files (*.csv)"
        name, _kind = QFileDialog.getSaveFileName(parent, "Save the report", str(suggested), label)
        if not name:
            return None
        path = Path(name)
        return path if path.suffix else path.with_suffix(kind)


def _folder() -> Path:
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(found or str(Path.home()))


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _day(edit: QDateEdit) -> date:
    chosen = edit.date()
    return date(chosen.year(), chosen.month(), chosen.day())


class ReportDialog(QDialog):
    """The report's weeks, its first page, and Save."""

    previewed = Signal(int)  # pages, once the first is shown
    saved = Signal(Path)
    failed = Signal(str)

    def __init__(
        self,
        source: ReportSource,
        tasks: Tasks,
        today: date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.source = source
        self.tasks = tasks
        self.today = today
        self.pdf: bytes | None = None
        self.pages = 0
        self._ticket: int | None = None
        self._report: Report | None = None
        self._charts: Iterator[tuple[str, ChartPicture]] | None = None
        self._pictures: dict[str, ChartPicture] = {}
        self._job: PrintJob | None = None
        self.setWindowTitle("Report for your physio")
        self.setAccessibleName("Report for your physio")
        self.setStyleSheet(stylesheet(current_theme(parent)))
        self.setModal(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 18)
        layout.setSpacing(10)
        title = plain_label("Report for your physio", name="Report for your physio")
        title.setFont(bold(22))
        layout.addWidget(title)
        about = plain_label(
            "An A4 PDF to print or send: the pain trend, each exercise side by side, runs, "
            "red flags and notes. Nothing leaves this computer unless you send it.",
            role="muted",
            wrap=True,
        )
        about.setFont(font(14))
        layout.addWidget(about)

        dates = QHBoxLayout()
        dates.setSpacing(8)
        self.since = self._date_edit("First day of the report", default_since(today))
        self.until = self._date_edit("Last day of the report", today)
        dates.addWidget(plain_label("From", name="From"))
        dates.addWidget(self.since)
        dates.addWidget(plain_label("to", name="to"))
        dates.addWidget(self.until)
        dates.addStretch(1)
        layout.addLayout(dates)

        self.preview = QLabel()
        self.preview.setAccessibleName("The report's first page")
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setMinimumSize(PREVIEW_WIDTH, round(PREVIEW_WIDTH * 1.414))
        self.preview.setStyleSheet("background: white; border: 1px solid #c9ced6;")
        scroll = QScrollArea()
        scroll.setWidget(self.preview)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setMinimumHeight(320)
        layout.addWidget(scroll, 1)
        making = QHBoxLayout()
        making.setSpacing(10)
        self.progress = QProgressBar()
        self.progress.setAccessibleName("How far the report got")
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(8)
        making.addWidget(self.progress, 1)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setAccessibleName("Stop making the report")
        set_role(self.cancel_button, "quiet")
        self.cancel_button.clicked.connect(self._cancel_or_make)
        making.addWidget(self.cancel_button)
        layout.addLayout(making)
        self.status = plain_label("", role="muted", name="Report status", wrap=True)
        self.status.setFont(font(13))
        layout.addWidget(self.status)

        buttons = QHBoxLayout()
        buttons.setSpacing(10)
        self.csv_button = QPushButton("Save CSV\u2026")
        self.csv_button.setAccessibleName("Save the report's work phases as CSV")
        set_role(self.csv_button, "quiet")
        self.csv_button.clicked.connect(self.save_csv)
        buttons.addWidget(self.csv_button)
        buttons.addStretch(1)
        self.close_button = QPushButton("Close")
        self.close_button.setAccessibleName("Close without saving")
        set_role(self.close_button, "secondary")
        self.close_button.clicked.connect(self.reject)
        self.save_button = QPushButton("Save PDF\u2026")
        self.save_button.setAccessibleName("Save the report as PDF")
        set_role(self.save_button, "primary")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save_pdf)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.save_button)
        layout.addLayout(buttons)
        self.resize(560, 760)

        # Dates typed one digit at a time make one report, not four.
        self._again = QTimer(self)
        self._again.setSingleShot(True)
        self._again.setInterval(400)
        self._again.timeout.connect(self.make)
        for edit in (self.since, self.until):
            edit.dateChanged.connect(lambda _d: self._again.start())
        # The charts are drawn one a turn, so the window answers between two of them.
        self._chart_turn = QTimer(self)
        self._chart_turn.setInterval(0)
        self._chart_turn.timeout.connect(self._draw_chart)
        self._watch = QTimer(self)
        self._watch.setInterval(PROGRESS_MS)
        self._watch.timeout.connect(self._show_progress)
        self._ready(False)
        self._making(False)

    def _date_edit(self, name: str, day: date) -> QDateEdit:
        edit = QDateEdit(_qdate(day))
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("d MMM yyyy")
        edit.setMaximumDate(_qdate(self.today))
        edit.setAccessibleName(name)
        return edit

    def _ready(self, ready: bool) -> None:
        for button in (self.save_button, self.csv_button):
            button.setEnabled(ready)

    # -- making it ---------------------------------------------------------------------------

    def range(self) -> tuple[date, date]:
        return _day(self.since), _day(self.until)

    def making(self) -> bool:
        """Whether a report is on its way (read, drawn or printed)."""
        return self._ticket is not None or self._chart_turn.isActive()

    def make(self) -> None:
        """Read the report's numbers on the worker, draw its charts here a turn at a time,
        then print it on the worker and show its first page."""
        since, until = self.range()
        self._stop()
        self._ready(False)
        self.pdf = None
        if since > until:
            self.status.setText(
                "The first day comes after the last: pick a range that runs forward."
            )
            return
        self._making(True)
        self._stage("reading the history")
        source = self.source
        self._ticket = self.tasks.run(lambda: source.report(since, until), self._made, self._failed)

    def _made(self, report: Report) -> None:
        self._ticket = None
        if (report.since, report.until) != self.range():
            return  # the dates moved meanwhile: their own report is on its way
        self._report = report
        self._pictures = {}
        self._charts = draw_charts(report)
        self._chart_turn.start()

    def _draw_chart(self) -> None:
        assert self._charts is not None and self._report is not None
        try:
            key, picture = next(self._charts)
        except StopIteration:
            self._chart_turn.stop()
            self._charts = None
            self._print(self._report)
            return
        self._pictures[key] = picture
        self._stage(f"drawing the charts ({len(self._pictures)})")

    def _print(self, report: Report) -> None:
        from hipcoach.ui.report.pdf import PrintJob

        job = self._job = PrintJob()
        pictures, self._pictures = self._pictures, {}
        width = PREVIEW_WIDTH * max(1, round(self.devicePixelRatioF()))
        self._ticket = self.tasks.run(
            lambda: print_report(report, pictures, job, width),
            lambda printed: self._printed(report, printed),
            self._failed,
        )
        self._show_progress()

    def _printed(self, report: Report, printed: RenderedReport) -> None:
        self._ticket = None
        self._job = None
        self._making(False)
        self.pdf, self.pages = printed.pdf, printed.pages
        assert printed.preview is not None
        pixmap = QPixmap.fromImage(printed.preview)
        pixmap.setDevicePixelRatio(self.devicePixelRatioF())
        self.preview.setPixmap(pixmap)
        self.status.setText(
            f"{plural(self.pages, 'page')}: {plural(len(report.sessions), 'session')}, "
            f"{plural(report.phases, 'work phase')}. The first page is shown."
        )
        self._ready(True)
        self.previewed.emit(self.pages)

    # -- how far it got, and Cancel ----------------------------------------------------------

    def _making(self, making: bool) -> None:
        self.progress.setVisible(making)
        self.cancel_button.setText("Cancel")
        self.cancel_button.setAccessibleName("Stop making the report")
        self.cancel_button.setVisible(making)
        if making:
            self.progress.setRange(0, 0)  # busy until the pages are counted
            self._watch.start()
        else:
            self._watch.stop()

    def _stage(self, stage: str) -> None:
        self.status.setText(f"Making the report\u2026 {stage}")

    def _show_progress(self) -> None:
        job = self._job
        if job is None:
            return
        if job.pages:
            self.progress.setRange(0, job.pages)
            self.progress.setValue(job.page)
            self._stage(f"{job.stage}: {job.page} of {job.pages}")
        else:
            self._stage(job.stage)

    def _stop(self) -> None:
        """Whatever is on its way is no longer wanted: the worker stops at its next step."""
        if self._ticket is not None:
            self.tasks.forget(self._ticket)
            self._ticket = None
        if self._job is not None:
            self._job.cancel()
            self._job = None
        self._chart_turn.stop()
        self._charts = None
        self._pictures = {}
        self._report = None

    def cancel(self) -> None:
        """Stop making the report; nothing was written, and the dates can make it again."""
        if not self.making():
            return
        self._stop()
        self._making(False)
        self.cancel_button.setText("Make it")
        self.cancel_button.setAccessibleName("Make the report")
        self.cancel_button.setVisible(True)
        self.status.setText("Cancelled: no report was made. Make it to start again.")

    def _cancel_or_make(self) -> None:
        if self.making():
            self.cancel()
        else:
            self.make()

    def done(self, result: int) -> None:
        """Closing the dialog, however it closes, cancels what is on its way."""
        self._stop()
        self._again.stop()
        self._watch.stop()
        super().done(result)

    def _failed(self, error: Exception) -> None:
        from hipcoach.adapters.history.errors import HistoryError
        from hipcoach.application.backend import HistoryUnavailableError

        self._ticket = None
        self._job = None
        self._making(False)
        if not isinstance(error, HistoryError | HistoryUnavailableError):
            raise error
        self.status.setText(f"The report could not be made: {error}")
        self.failed.emit(str(error))

    # -- saving ------------------------------------------------------------------------------

    def save_pdf(self) -> None:
        pdf = self.pdf
        if pdf is None:
            return
        target = SaveReport.ask(self, _folder() / suggested_name(self.range()[1], ".pdf"), ".pdf")
        if target is None:
            return
        source = self.source
        self._saving(target, lambda: source.save_report(pdf, target))

    def save_csv(self) -> None:
        since, until = self.range()
        target = SaveReport.ask(self, _folder() / suggested_name(until, ".csv"), ".csv")
        if target is None:
            return
        source = self.source
        self._saving(target, lambda: source.export_report_csv(target, since, until))

    def _saving(self, target: Path, work: Callable[[], object]) -> None:
        self._ready(False)
        self.status.setText(f"Saving {target.name}\u2026")
        self.tasks.run(
            work, lambda _done: self._saved(target), lambda e: self._not_saved(e, target)
        )

    def _saved(self, target: Path) -> None:
        self._ready(True)
        self.status.setText(f"Saved {target}.")
        self.saved.emit(target)

    def _not_saved(self, error: Exception, target: Path) -> None:
        from hipcoach.adapters.history.errors import HistoryError
        from hipcoach.application.report_text import not_saved_text

        self._ready(True)
        if isinstance(error, OSError):
            line = not_saved_text(target, error)  # the temporary file is gone already
        elif isinstance(error, HistoryError):
            line = f"Could not save {target}: {error}"
        else:
            raise error
        self.status.setText(line)
        self.failed.emit(line)


def open_report(source: ReportSource, tasks: Tasks, today: date, parent: QWidget) -> ReportDialog:
    """Show the dialog (window-modal, not blocking) and start making the report."""
    dialog = ReportDialog(source, tasks, today, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    dialog.make()
    return dialog
