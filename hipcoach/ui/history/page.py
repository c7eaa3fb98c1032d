"""History: the week and the streak first, then minutes per week and the calendar, the pain
trend, then the sessions and each exercise's prescription over time, side by side.

Every number comes from ``hipcoach.application.statistics`` (one ``Overview``), read on a worker
thread: a history of 100,000 sessions takes about 0.1 s to add up, too long to freeze the
window for, and a CSV export of it about 3 s. The page lays out its parts (tables, charts,
the calendar, tiles: a module each here) and words them with ``application.history_text``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QEvent, QModelIndex, QObject, QStandardPaths, Qt, Signal
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from hipcoach.adapters.qt.tasks import Tasks
from hipcoach.application.history_text import (
    NONE,
    day_words,
    dose_caption,
    minutes_text,
    period_text,
    shown_text,
    status_text,
    streak_note,
    week_note,
    when_text,
)
from hipcoach.application.report import Report
from hipcoach.application.runs import RunWeek
from hipcoach.application.statistics import Overview
from hipcoach.application.trends import doses_of
from hipcoach.core.records import Session
from hipcoach.core.text import plural
from hipcoach.ui.common.theme import LIGHT, Theme, font, set_role
from hipcoach.ui.common.widgets import plain_label
from hipcoach.ui.history.calendar import StreakCalendar
from hipcoach.ui.history.delete_dialog import ConfirmDelete
from hipcoach.ui.history.dose_chart import DoseChart
from hipcoach.ui.history.exercises_table import ExercisesModel
from hipcoach.ui.history.pain_chart import PainChart
from hipcoach.ui.history.plan_grid import PlanGrid
from hipcoach.ui.history.report_dialog import ReportDialog, open_report
from hipcoach.ui.history.runs_chart import RunsChart
from hipcoach.ui.history.sessions_table import SessionsModel
from hipcoach.ui.history.tables import Model, table
from hipcoach.ui.history.tiles import StatTile, panel
from hipcoach.ui.history.weekly_chart import WeeklyChart

MAX_WIDTH = 1180  # px: on a wide screen the page stays a readable column in the middle
WIDE = 1100  # px: from here the exercises' table and chart sit side by side


class HistorySource(Protocol):
    """What the page reads (the backend); both are slow, so both run on the worker."""

    def overview(self, on: date | None = None) -> Overview: ...

    def export_csv(self, path: Path) -> int: ...

    def delete_session(self, session_id: int) -> Session | None: ...

    def report(self, since: date, until: date) -> Report: ...

    def save_report(self, pdf: bytes, path: Path) -> None: ...

    def export_report_csv(self, path: Path, since: date, until: date) -> int: ...


class SaveCsv:
    """Where to save the export: a file dialog. Tests replace ``ask``."""

    @classmethod
    def ask(cls, parent: QWidget, suggested: Path) -> Path | None:
        name, _kind = QFileDialog.getSaveFileName(
            parent, "Export sessions as CSV", str(suggested), "CSV files (*.csv)"
        )
        if not name:
            return None
        path = Path(name)
        return path if path.suffix else path.with_suffix(".csv")


def suggested_csv(today: date) -> Path:
    """In the user's documents folder (XDG_DOCUMENTS_DIR), or their home if it has none."""
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    folder = Path(found) if found and Path(found).is_dir() else Path.home()
    return folder / f"hipcoach-sessions-{today.isoformat()}.csv"


class HistoryPage(QWidget):
    loaded = Signal()  # the page shows a fresh overview
    exported = Signal(int, Path)  # sessions written, the file
    deleted = Signal(int)  # the session's id, once it is gone
    notice = Signal(str)  # a line for the window's banner

    def __init__(self, source: HistorySource, tasks: Tasks, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("History")
        self.source = source
        self.tasks = tasks
        self.today: Callable[[], date] = date.today
        self.overview: Overview | None = None
        self._loading: int | None = None
        self._again = False
        self._exporting = False
        self._deleting = False
        self.day: date | None = None  # the calendar day the sessions table shows; None: all
        self.theme = LIGHT

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setAccessibleName("History page")
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        outer.addWidget(scroll)
        body = QWidget()
        scroll.setWidget(body)
        self.scroll_area = scroll
        centre = QHBoxLayout(body)
        centre.setContentsMargins(0, 0, 0, 0)
        column_box = QWidget()
        column_box.setMaximumWidth(MAX_WIDTH)
        centre.addWidget(column_box, 1)
        column = QVBoxLayout(column_box)
        column.setContentsMargins(28, 20, 28, 22)
        column.setSpacing(14)

        head = QHBoxLayout()
        head.setSpacing(12)
        heading = plain_label("History", role="heading", name="History")
        head.addWidget(heading)
        self.status = plain_label("", role="muted", name="History status")
        self.status.setFont(font(14))
        head.addWidget(self.status, 1)
        self.report_button = QPushButton("Report for your physio\u2026")
        self.report_button.setAccessibleName("Report for your physio")
        self.report_button.setToolTip(
            "An A4 PDF of the last weeks to print or send, previewed first"
        )
        self.report_button.setCursor(Qt.CursorShape.PointingHandCursor)
        set_role(self.report_button, "quiet")
        self.report_button.clicked.connect(self.open_report)
        head.addWidget(self.report_button, 0, Qt.AlignmentFlag.AlignVCenter)
        self.report_dialog: ReportDialog | None = None
        self.export_button = QPushButton("Export CSV\u2026")
        self.export_button.setAccessibleName("Export sessions as CSV")
        self.export_button.setToolTip("Save every session to a CSV file (a spreadsheet)")
        self.export_button.setCursor(Qt.CursorShape.PointingHandCursor)
        set_role(self.export_button, "quiet")
        self.export_button.clicked.connect(self.export)
        head.addWidget(self.export_button, 0, Qt.AlignmentFlag.AlignVCenter)
        column.addLayout(head)

        band = QHBoxLayout()
        band.setSpacing(12)
        self.week_tile = StatTile("This week")
        self.calendar = StreakCalendar()
        self.calendar.day_chosen.connect(self.open_day)
        self.streak_tile = StatTile("Streak", self.calendar)
        band.addWidget(self.week_tile, 2)
        band.addWidget(self.streak_tile, 3)
        column.addLayout(band)

        self.chart = WeeklyChart()
        chart_head = QHBoxLayout()
        chart_head.addWidget(plain_label("MINUTES PER WEEK", role="section"))
        chart_head.addStretch(1)
        self.period = plain_label("", role="muted", name="The last weeks")
        self.period.setFont(font(13))
        chart_head.addWidget(self.period)
        chart_panel = QFrame()
        set_role(chart_panel, "panel")
        chart_layout = QVBoxLayout(chart_panel)
        chart_layout.setContentsMargins(18, 14, 18, 12)
        chart_layout.setSpacing(6)
        chart_layout.addLayout(chart_head)
        chart_layout.addWidget(self.chart, 1)
        self.plan_heading = plain_label("AGAINST THE WEEKLY PLAN", role="section")
        chart_layout.addSpacing(6)
        chart_layout.addWidget(self.plan_heading)
        self.plan_grid = PlanGrid()
        chart_layout.addWidget(self.plan_grid)
        column.addWidget(chart_panel, 3)

        self.pain_chart = PainChart()
        pain_head = QHBoxLayout()
        pain_head.addWidget(plain_label("PAIN", role="section"))
        pain_head.addStretch(1)
        self.pain_note = plain_label("", role="muted", name="Pain in the last weeks")
        self.pain_note.setFont(font(13))
        pain_head.addWidget(self.pain_note)
        pain_panel = QFrame()
        set_role(pain_panel, "panel")
        pain_layout = QVBoxLayout(pain_panel)
        pain_layout.setContentsMargins(18, 14, 18, 12)
        pain_layout.setSpacing(6)
        pain_layout.addLayout(pain_head)
        pain_layout.addWidget(self.pain_chart, 1)
        column.addWidget(pain_panel, 3)
        self.pain_panel = pain_panel
        self.runs_chart = RunsChart()
        column.addWidget(self._runs_panel(), 2)

        switch = QHBoxLayout()
        switch.setSpacing(6)
        self.segments: list[QPushButton] = []  # exclusive by hand, see NavBar
        self.sessions_button = self._segment("Sessions", 0)
        self.exercises_button = self._segment("Exercises", 1)
        switch.addWidget(self.sessions_button)
        switch.addWidget(self.exercises_button)
        switch.addSpacing(10)
        self.shown_note = plain_label("", role="muted", name="Sessions shown", wrap=True)
        self.shown_note.setFont(font(13))
        switch.addWidget(self.shown_note, 1)
        self.all_button = QPushButton("Show all")
        self.all_button.setAccessibleName("Show every session")
        self.all_button.setCursor(Qt.CursorShape.PointingHandCursor)
        set_role(self.all_button, "quiet")
        self.all_button.clicked.connect(lambda: self.open_day(None))
        switch.addWidget(self.all_button)
        self.delete_button = QPushButton("Delete\u2026")
        self.delete_button.setAccessibleName("Delete the chosen session")
        self.delete_button.setToolTip("Delete the chosen session for good (Delete)")
        self.delete_button.setCursor(Qt.CursorShape.PointingHandCursor)
        set_role(self.delete_button, "quiet")
        self.delete_button.clicked.connect(self.delete_chosen)
        switch.addWidget(self.delete_button)
        column.addLayout(switch)

        self.stack = QStackedWidget()
        self.stack.setMinimumHeight(300)
        self.sessions_model = SessionsModel(self)
        self.sessions_table = table(self.sessions_model, "Sessions")
        self.sessions_table.selectionModel().currentRowChanged.connect(self._session_chosen)
        self.sessions_table.installEventFilter(self)
        self.empty = plain_label(
            "No sessions yet. Start a routine, and it shows up here.", role="muted", wrap=True
        )
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setFont(font(15))
        sessions_panel = panel(self.sessions_table, self.empty, margins=(10, 8, 10, 8))
        self.stack.addWidget(sessions_panel)

        self.exercises_model = ExercisesModel(self)
        self.exercises_table = table(self.exercises_model, "Exercises")
        self.exercises_table.selectionModel().currentRowChanged.connect(self._exercise_chosen)
        self.dose_caption = plain_label("", role="section", wrap=True)
        self.dose_chart = DoseChart()
        self.dose_key = plain_label(
            "Lines: what each session asked, all sets together. \u25cb: what was done, "
            "where less. \u25b2: marked as hurting.",
            role="muted",
            wrap=True,
        )
        self.dose_key.setFont(font(12))
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(6, 4, 0, 0)
        right_layout.setSpacing(6)
        right_layout.addWidget(self.dose_caption)
        right_layout.addWidget(self.dose_chart, 1)
        right_layout.addWidget(self.dose_key)
        exercises_panel = QFrame()
        set_role(exercises_panel, "panel")
        self.split = QBoxLayout(QBoxLayout.Direction.LeftToRight, exercises_panel)
        self.split.setContentsMargins(10, 8, 14, 10)
        self.split.setSpacing(12)
        self.split.addWidget(self.exercises_table, 11)
        self.split.addWidget(right, 9)
        self.stack.addWidget(exercises_panel)
        column.addWidget(self.stack, 5)
        # Delete... acts on the row chosen in the table, so it comes after it.
        QWidget.setTabOrder(self.sessions_table, self.delete_button)
        self.show_part(0)

        self.apply_theme(LIGHT)
        self.show_overview(None)

    def _runs_panel(self) -> QFrame:
        """Kilometres per week, the weeks with a caution in their own colour."""
        head = QHBoxLayout()
        head.addWidget(plain_label("RUNS PER WEEK (KM)", role="section"))
        head.addStretch(1)
        self.runs_note = plain_label("", role="muted", name="Runs per week")
        self.runs_note.setFont(font(13))
        head.addWidget(self.runs_note)
        frame = QFrame()
        set_role(frame, "panel")
        layout = QVBoxLayout(frame)
        layout.setContentsMargins(18, 14, 18, 12)
        layout.setSpacing(6)
        layout.addLayout(head)
        layout.addWidget(self.runs_chart, 1)
        return frame

    def _show_runs(self, weeks: list[RunWeek]) -> None:
        self.runs_chart.show_weeks(weeks)
        runs = sum(w.runs for w in weeks)
        spikes = sum(w.cautions for w in weeks)
        note = f"{plural(runs, 'run')} in {len(weeks)} weeks" if runs else "No runs logged yet"
        if spikes:
            note += "; in amber, a week with a caution"
        self.runs_note.setText(note)

    def _segment(self, text: str, index: int) -> QPushButton:
        button = QPushButton(text)
        button.setCheckable(True)
        button.setAccessibleName(f"Show {text.lower()}")
        button.setCursor(Qt.CursorShape.PointingHandCursor)
        button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        set_role(button, "segment")
        button.clicked.connect(lambda _checked=False: self.show_part(index))
        self.segments.append(button)
        return button

    def show_part(self, index: int) -> None:
        """0: the sessions, 1: each exercise."""
        self.stack.setCurrentIndex(index)
        for n, button in enumerate(self.segments):
            button.setChecked(n == index)
        self._sessions_tools()

    # -- loading ---------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the history again on the worker; what is shown stays until it arrives."""
        if self._loading is not None:
            self._again = True
            return
        day = self.today()
        source = self.source
        if self.overview is None:
            self.status.setText("Reading your history\u2026")
        self._loading = self.tasks.run(
            lambda: source.overview(day), self._loaded, self._load_failed
        )

    def loading(self) -> bool:
        return self._loading is not None

    def _loaded(self, overview: Overview) -> None:
        self._loading = None
        self.status.setText("")
        self.show_overview(overview)
        self.loaded.emit()
        if self._again:
            self._again = False
            self.refresh()

    def _load_failed(self, error: Exception) -> None:
        from hipcoach.core.errors import KnownError

        self._loading = None
        self._again = False
        if not isinstance(error, KnownError):
            raise error
        self.status.setText(str(error))
        self.export_button.setEnabled(False)
        self.report_button.setEnabled(False)
        self.loaded.emit()

    def show_overview(self, overview: Overview | None) -> None:
        self.overview = overview
        today = self.today()
        if overview is None:
            for tile in (self.week_tile, self.streak_tile):
                tile.set_value(NONE, "")
            self.period.setText("")
            self.pain_note.setText("")
            self.plan_grid.setVisible(False)
            self.plan_heading.setVisible(False)
            self.export_button.setEnabled(False)
            self.report_button.setEnabled(False)
            self.sessions_model.set_sessions([], today)
            self.exercises_model.set_exercises([])
            self._show_empty(True)
            self._sessions_tools()
            return
        summary = overview.summary
        week = summary.this_week
        self.week_tile.set_value(minutes_text(week.minutes), week_note(week))
        self.streak_tile.set_value(plural(summary.streak, "week"), streak_note(summary))
        weeks = len(summary.weeks)
        self.period.setText(period_text(overview))
        self.calendar.set_days(overview.days, today)
        self.calendar.setAccessibleName(f"Calendar of the last {weeks} weeks")
        self.chart.show_weeks(summary.weeks)
        first, last = self._period(overview)
        self.pain_chart.show_pain(overview.pain, first, last)
        self.pain_note.setText(self.pain_chart.describe() if overview.pain else "")
        self._show_runs(overview.runs)
        self.plan_grid.show_weeks(overview.adherence)
        planned = any(w.planned for w in overview.adherence)
        self.plan_grid.setVisible(planned)
        self.plan_heading.setVisible(planned)
        self._show_sessions()
        self.export_button.setEnabled(bool(overview.total_sessions) and not self._exporting)
        self.report_button.setEnabled(bool(overview.total_sessions))
        chosen = self.exercises_table.currentIndex().row()
        self.exercises_model.set_exercises(summary.exercises)
        self.exercises_table.clearSpans()
        for row in range(len(summary.exercises)):
            if not self.exercises_model.sided(row):
                self.exercises_table.setSpan(row, 2, 1, 2)
        if summary.exercises:
            row = chosen if 0 <= chosen < len(summary.exercises) else 0
            self.exercises_table.selectRow(row)
            self._exercise_chosen(self.exercises_model.index(row, 0))
        else:
            self._exercise_chosen(QModelIndex())
        self.exercises_table.resizeColumnsToContents()
        self.exercises_table.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.Stretch
        )

    def _period(self, overview: Overview) -> tuple[date, date]:
        weeks = overview.summary.weeks
        first = overview.first or (weeks[0].monday if weeks else self.today())
        return first, overview.last or self.today()

    def _show_sessions(self) -> None:
        """The sessions table: every recent session, or those of the day opened."""
        overview, today = self.overview, self.today()
        if overview is None:
            return
        chosen = self._chosen_session()
        sessions = overview.recent
        if self.day is not None:
            day = self.day
            sessions = [s for s in sessions if s.started_at.astimezone().date() == day]
            self.shown_note.setText(f"Sessions of {day_words(day, today)}")
            self.empty.setText(f"No session on {day_words(day, today)}.")
        else:
            self.shown_note.setText(shown_text(len(sessions), overview.total_sessions))
            self.empty.setText("No sessions yet. Start a routine, and it shows up here.")
        self.sessions_model.set_sessions(sessions, today)
        self._show_empty(not sessions)
        self._fit_columns()
        ids = [s.id for s in sessions]
        if chosen is not None and chosen.id in ids:
            self.sessions_table.selectRow(ids.index(chosen.id))
        self._sessions_tools()

    def open_day(self, day: date | None) -> None:
        """Show that day's sessions (None: all of them again): a click on the calendar."""
        self.day = day
        self.show_part(0)
        self._show_sessions()
        if day is not None and self.sessions_model.rowCount():
            self.sessions_table.selectRow(0)
            self.sessions_table.setFocus(Qt.FocusReason.OtherFocusReason)
        self.scroll_area.ensureWidgetVisible(self.shown_note, 0, 12)

    def _show_empty(self, empty: bool) -> None:
        self.sessions_table.setVisible(not empty)
        self.empty.setVisible(empty)

    def _fit_columns(self) -> None:
        view = self.sessions_table
        view.resizeColumnsToContents()
        header = view.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(True)

    def _exercise_chosen(self, index: Model, _previous: Model | None = None) -> None:
        overview = self.overview
        if overview is None or not index.isValid():
            self.dose_caption.setText("")
            self.dose_chart.show_doses(None, self.today(), self.today())
            return
        exercise = self.exercises_model.exercises[index.row()]
        found = doses_of(overview.doses, exercise.exercise, exercise.unit)
        first, last = self._period(overview)
        self.dose_caption.setText(
            dose_caption(exercise.exercise, exercise.unit, found, len(overview.summary.weeks))
        )
        self.dose_chart.show_doses(found[0] if found else None, first, last)

    # -- deleting a session ---------------------------------------------------------------------

    def _chosen_session(self) -> Session | None:
        row = self.sessions_table.currentIndex().row()
        sessions = self.sessions_model.sessions
        return sessions[row] if 0 <= row < len(sessions) else None

    def _session_chosen(self, _index: Model, _previous: Model | None = None) -> None:
        self._sessions_tools()

    def _sessions_tools(self) -> None:
        sessions = self.stack.currentIndex() == 0
        self.all_button.setVisible(sessions and self.day is not None)
        self.delete_button.setVisible(sessions)
        self.delete_button.setEnabled(
            not self._deleting and self._chosen_session() is not None and self.overview is not None
        )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if (
            watched is self.sessions_table
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Delete
        ):
            self.delete_chosen()
            return True
        return super().eventFilter(watched, event)

    def delete_chosen(self) -> None:
        """Delete the chosen session, once the runner confirms; the page reads again after."""
        session = self._chosen_session()
        if session is None or self._deleting:
            return
        what = (
            f"{session.routine_name}, {when_text(session.started_at, self.today())} "
            f"({status_text(session.status).lower()})"
        )
        if not ConfirmDelete.ask(self, what):
            return
        self._deleting = True
        self._sessions_tools()
        source, session_id = self.source, session.id
        self.tasks.run(
            lambda: source.delete_session(session_id),
            lambda _gone: self._deleted(session_id, what),
            lambda error: self._delete_failed(error, what),
        )

    def _deleted(self, session_id: int, what: str) -> None:
        self._deleting = False
        self.notice.emit(f"Deleted {what}; your prescriptions are replayed without it.")
        self.deleted.emit(session_id)
        self.refresh()

    def _delete_failed(self, error: Exception, what: str) -> None:
        from hipcoach.adapters.history.errors import HistoryError
        from hipcoach.application.backend import HistoryUnavailableError

        self._deleting = False
        self._sessions_tools()
        if not isinstance(error, HistoryError | HistoryUnavailableError):
            raise error
        self.notice.emit(f"Could not delete {what}: {error}")

    # -- the report ------------------------------------------------------------------------

    def open_report(self) -> ReportDialog:
        """The report's dialog: its weeks, its first page, Save."""
        dialog = open_report(self.source, self.tasks, self.today(), self)
        dialog.saved.connect(lambda path: self.notice.emit(f"Saved the report to {path}"))
        dialog.finished.connect(lambda _result: self._report_closed(dialog))
        self.report_dialog = dialog
        return dialog

    def _report_closed(self, dialog: ReportDialog) -> None:
        if self.report_dialog is dialog:
            self.report_dialog = None  # deleted on close

    def close_report(self) -> None:
        """Close the report's dialog if it is open: what it was making is cancelled."""
        if self.report_dialog is not None:
            self.report_dialog.reject()

    # -- export ----------------------------------------------------------------------------

    def export(self) -> None:
        if self._exporting:
            return
        target = SaveCsv.ask(self, suggested_csv(self.today()))
        if target is None:
            return
        self._exporting = True
        self.export_button.setEnabled(False)
        self.export_button.setText("Exporting\u2026")
        source = self.source
        self.tasks.run(
            lambda: source.export_csv(target),
            lambda count: self._exported(count, target),
            lambda error: self._export_failed(error, target),
        )

    def _export_done(self) -> None:
        self._exporting = False
        self.export_button.setText("Export CSV\u2026")
        self.export_button.setEnabled(self.overview is not None)

    def _exported(self, count: int, target: Path) -> None:
        self._export_done()
        self.notice.emit(f"Saved {plural(count, 'session')} to {target}")
        self.exported.emit(count, target)

    def _export_failed(self, error: Exception, target: Path) -> None:
        from hipcoach.core.errors import KnownError

        self._export_done()
        if isinstance(error, OSError):
            reason = error.strerror or str(error)
        elif isinstance(error, KnownError):
            reason = str(error)
        else:
            raise error
        self.notice.emit(f"Could not save {target}: {reason}")

    # -- look --------------------------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        wide = self.width() >= WIDE
        self.split.setDirection(
            QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom
        )
        self.stack.setMinimumHeight(320 if wide else 560)
        self.calendar.set_cell(18 if wide else 14)

    def apply_theme(self, theme: Theme) -> None:
        self.theme = theme
        self.chart.apply_theme(theme)
        self.pain_chart.apply_theme(theme)
        self.plan_grid.apply_theme(theme)
        self.dose_chart.apply_theme(theme)
        self.runs_chart.apply_theme(theme)
        self.calendar.apply_theme(theme)
