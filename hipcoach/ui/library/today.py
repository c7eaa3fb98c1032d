"""Today, at the top of the library: what the weekly plan says is due and why, red-flag
advice, the morning-after question, and the last days' runs with any caution.

Everything comes from one ``Today`` (``application.week.what_is_due``, the same list as
``hipcoach today`` and the reminder), read on the worker thread: it replays ten years of
history in a few milliseconds, but a locked database must never freeze the window.
"""

from __future__ import annotations

import itertools
from datetime import date
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLayout,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from hipcoach.adapters.qt.tasks import Tasks
from hipcoach.ui.after.page import Scale
from hipcoach.ui.common.theme import font, set_role
from hipcoach.ui.common.widgets import bold, plain_label, warning_strip

if TYPE_CHECKING:
    from hipcoach.application.week import DueRoutine, MorningAfter, Today

SHOWN_RUNS = 3
COMPACT_BELOW = 720  # px of window height: below it, Today keeps to what is due and warnings
NARROW = 1100  # px: below this width the morning question sits above its scale


class TodaySource(Protocol):
    """What the panel reads and writes (the backend); both run on the worker."""

    def today(self) -> Today: ...

    def save_next_day(self, session_id: int, pain: int) -> None: ...


def _clear(layout: QLayout) -> None:
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget() if item is not None else None
        if widget is not None:
            widget.hide()
            widget.deleteLater()
        elif item is not None and item.layout() is not None:
            inner = item.layout()
            assert inner is not None
            _clear(inner)


def day_heading(day: date) -> str:
    """ "Tuesday 1 December" """
    return f"{day:%A} {day.day} {day:%B}"


def run_line(day: date, km: float, minutes: float | None, today: date) -> str:
    """ "Today: 8.2 km, 47 min", "Sun 29 Nov: 12.0 km" (the last week's runs)"""
    gap = (today - day).days
    when = "Today" if gap == 0 else "Yesterday" if gap == 1 else f"{day:%a} {day.day} {day:%b}"
    from hipcoach.core.runs import km_text

    length = "" if minutes is None else f", {round(minutes)} min"
    return f"{when}: {km_text(km)} km{length}"


class DueTile(QFrame):
    """One routine due today: its name, why, and a Start button."""

    def __init__(self, due: DueRoutine, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.due = due
        set_role(self, "panel")
        self.setAccessibleName(due.name)
        self.setAccessibleDescription(due.why)
        layout = QGridLayout(self)
        layout.setContentsMargins(16, 10, 10, 10)
        layout.setHorizontalSpacing(8)
        layout.setVerticalSpacing(2)
        self.name = plain_label(due.name, wrap=True, name="Due routine")
        self.name.setFont(bold(16))
        layout.addWidget(self.name, 0, 0, Qt.AlignmentFlag.AlignVCenter)
        self.start = QPushButton("Start")
        self.start.setAccessibleName(f"Start {due.name}")
        self.start.setToolTip(f"Start {due.name} now")
        self.start.setCursor(Qt.CursorShape.PointingHandCursor)
        set_role(self.start, "quiet")
        layout.addWidget(self.start, 0, 1, Qt.AlignmentFlag.AlignTop)
        self.why = plain_label(due.why, role="muted", wrap=True, name="Why it is due")
        self.why.setFont(font(13))
        layout.addWidget(self.why, 1, 0, 1, 2, Qt.AlignmentFlag.AlignTop)
        layout.setColumnStretch(0, 1)
        layout.setRowStretch(1, 1)


class TodayPanel(QWidget):
    """The top of the library page. ``refresh`` reads Today again on the worker.

    Laid out to leave the routines room at 800x600: a line of tiles for what is due, the
    warnings as strips, the runs in a line; in a low window the "not today" and runs lines
    give way (the cautions never do)."""

    loaded = Signal()  # the panel shows a fresh Today (or says why it cannot)
    start_requested = Signal(str)  # a routine id
    log_run_requested = Signal()
    import_requested = Signal()
    answered = Signal(int, int)  # session id, next-day pain: saved

    def __init__(self, source: TodaySource, tasks: Tasks, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Today")
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.source = source
        self.tasks = tasks
        self.current: Today | None = None
        self.problem: str | None = None
        self.compact = False
        self._loading: int | None = None
        self._again = False
        self._watched: QWidget | None = None
        self.tiles: list[DueTile] = []

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)

        head = QHBoxLayout()
        head.setSpacing(10)
        self.heading = plain_label("Today", role="heading", name="Today")
        head.addWidget(self.heading, 0, Qt.AlignmentFlag.AlignBottom)
        self.date = plain_label("", role="muted", name="Date")
        self.date.setFont(font(14))
        head.addWidget(self.date, 0, Qt.AlignmentFlag.AlignBottom)
        head.addStretch(1)
        self.log_button = self._quiet("Log a run\u2026", "Log a run by hand")
        self.log_button.clicked.connect(self.log_run_requested)
        head.addWidget(self.log_button, 0, Qt.AlignmentFlag.AlignBottom)
        self.import_button = self._quiet(
            "Import runs\u2026", "Import runs from GPX, TCX or FIT files"
        )
        self.import_button.clicked.connect(self.import_requested)
        head.addWidget(self.import_button, 0, Qt.AlignmentFlag.AlignBottom)
        layout.addLayout(head)

        self.flags_layout = QVBoxLayout()
        self.flags_layout.setSpacing(6)
        layout.addLayout(self.flags_layout)

        self.status = plain_label("Reading your week\u2026", role="muted", wrap=True, name="Status")
        self.status.setFont(font(15))
        layout.addWidget(self.status)

        self.tiles_layout = QHBoxLayout()
        self.tiles_layout.setSpacing(10)
        layout.addLayout(self.tiles_layout)

        self.waiting = plain_label("", role="muted", wrap=True, name="Not due today")
        self.waiting.setFont(font(13))
        layout.addWidget(self.waiting)

        self.morning = QFrame()
        set_role(self.morning, "panel")
        self.morning.setAccessibleName("The morning after")
        morning_layout = QVBoxLayout(self.morning)
        morning_layout.setContentsMargins(16, 8, 12, 8)
        morning_layout.setSpacing(6)
        # The question beside its scale on a wide window, above it on a narrow one.
        self.morning_row = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.morning_row.setSpacing(12)
        self.question = plain_label("", wrap=True, name="Question")
        self.question.setFont(font(15, QFont.Weight.DemiBold))
        self.morning_row.addWidget(self.question, 1)
        answer = QHBoxLayout()
        answer.setSpacing(12)
        self.scale = Scale("Pain this morning", 0, 10)
        self.scale.setMinimumWidth(330)
        self.scale.changed.connect(self._chosen)
        answer.addWidget(self.scale, 1, Qt.AlignmentFlag.AlignVCenter)
        self.answer_button = QPushButton("Save")
        self.answer_button.setAccessibleName("Save the pain this morning")
        self.answer_button.setCursor(Qt.CursorShape.PointingHandCursor)
        set_role(self.answer_button, "quiet")
        self.answer_button.clicked.connect(self._answer)
        answer.addWidget(self.answer_button, 0, Qt.AlignmentFlag.AlignVCenter)
        self.morning_row.addLayout(answer)
        morning_layout.addLayout(self.morning_row)
        layout.addWidget(self.morning)

        self.runs = plain_label("", role="muted", wrap=True, name="Recent runs")
        self.runs.setFont(font(13))
        layout.addWidget(self.runs)
        self.cautions_layout = QVBoxLayout()
        self.cautions_layout.setSpacing(6)
        layout.addLayout(self.cautions_layout)
        self.show_today(None)

    def _quiet(self, text: str, name: str) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(name)
        button.setToolTip(name)
        button.setCursor(Qt.CursorShape.PointingHandCursor)
        set_role(button, "quiet")
        return button

    # -- loading ---------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read Today again on the worker; what is shown stays until it arrives."""
        if self._loading is not None:
            self._again = True
            return
        source = self.source
        self._loading = self.tasks.run(source.today, self._loaded, self._failed)

    def loading(self) -> bool:
        return self._loading is not None

    def _loaded(self, today: Today) -> None:
        self._loading = None
        self.problem = None
        self._enable_runs(True)
        self.show_today(today)
        self._next()

    def _failed(self, error: Exception) -> None:
        from hipcoach.adapters.history.errors import HistoryError
        from hipcoach.application.backend import HistoryUnavailableError
        from hipcoach.core.plan_file import PlanFileError

        self._loading = None
        if isinstance(error, PlanFileError):
            first = error.problems[0]
            more = len(error.problems) - 1
            self.problem = (
                f"Your weekly plan cannot be used: {first}"
                + (f" (and {more} more)" if more > 0 else "")
                + ". Fix it in Settings, or in the file."
            )
        elif isinstance(error, HistoryUnavailableError):
            self.problem = "Today needs your history, which could not be opened."
            self._enable_runs(False)  # no history, no run log
        elif isinstance(error, HistoryError):
            self.problem = f"Today needs your history, which cannot be read: {error}"
        else:
            raise error
        self.show_today(None)
        self._next()

    def _enable_runs(self, on: bool) -> None:
        for button in (self.log_button, self.import_button):
            button.setEnabled(on)

    def _next(self) -> None:
        self.loaded.emit()
        if self._again:
            self._again = False
            self.refresh()

    # -- showing ---------------------------------------------------------------------------

    def show_today(self, today: Today | None) -> None:
        self.current = today
        for layout in (self.tiles_layout, self.flags_layout, self.cautions_layout):
            _clear(layout)
        self.tiles = []
        if today is None:
            self.date.setText("")
            self.status.setText(self.problem or "Reading your week\u2026")
            self.status.show()
            self._hold_room()
            for part in (self.morning, self.runs, self.waiting):
                part.hide()
            self.setAccessibleDescription(self.status.text())
            return
        self.date.setText(day_heading(today.day))
        self.status.setMinimumHeight(0)
        for advice in today.advice:
            self.flags_layout.addWidget(warning_strip(advice, "Red flag", "Red flag"))
        for due in today.due:
            tile = DueTile(due)
            tile.start.clicked.connect(
                lambda _c=False, r=due.routine_id: self.start_requested.emit(r)
            )
            self.tiles_layout.addWidget(tile, 1)
            self.tiles.append(tile)
        waiting = "; ".join(f"{w.name}: {w.why}" for w in today.waiting)
        if today.due:
            self.status.hide()
            self.waiting.setText(f"Not today: {waiting}." if waiting else "")
        else:
            self.status.setText("Nothing is due today.")
            self.status.show()
            self.waiting.setText(f"{waiting[0].upper()}{waiting[1:]}." if waiting else "")
        self._show_runs(today)
        self._show_question(today.morning_after)
        self._fit()
        self._tab_order()
        names = [f"{d.name}: {d.why}" for d in today.due] or ["nothing is due"]
        self.setAccessibleDescription("Due today: " + "; ".join(names))

    def _tab_order(self) -> None:
        """Tab reads Today as it is laid out, before the routines below it."""
        chain: list[QWidget] = [self.log_button, self.import_button]
        chain += [tile.start for tile in self.tiles]
        if not self.morning.isHidden():
            chain += [*self.scale.buttons.values(), self.answer_button]
        for before, after in itertools.pairwise(chain):
            QWidget.setTabOrder(before, after)

    def _show_runs(self, today: Today) -> None:
        shown = [
            run_line(n.run.day, n.run.km, n.run.minutes, today.day) for n in today.runs[:SHOWN_RUNS]
        ]
        more = len(today.runs) - SHOWN_RUNS
        if more > 0:
            shown.append(f"and {more} more")
        self.runs.setText("Recent runs: " + " \u00b7 ".join(shown) if shown else "")
        for note in today.cautions[:2]:
            assert note.caution is not None
            from hipcoach.core.week_plan import run_words  # with Today, after the first paint

            words = run_words(note.run, today.day)
            text = note.caution.said_of(words[0].upper() + words[1:])
            self.cautions_layout.addWidget(warning_strip(f"{text}.", "Caution", "Caution"))

    def _show_question(self, asked: MorningAfter | None) -> None:
        self.morning.setVisible(asked is not None)
        self.scale.blockSignals(True)
        self.scale.clear()
        self.scale.blockSignals(False)
        self.answer_button.setEnabled(False)
        if asked is not None:
            self.question.setText(asked.question.removesuffix(" 0-10"))
            self.scale.setAccessibleDescription(asked.question)

    def _chosen(self) -> None:
        """A number chosen (a tap, or the arrows moving along): saved only with Save, so
        the arrows can pass over numbers on the way."""
        self.answer_button.setEnabled(self.scale.value() is not None)

    def _fit(self) -> None:
        """In a low window the lines that can wait give way; what is due and the warnings
        stay."""
        today = self.current
        self.waiting.setVisible(bool(self.waiting.text()) and not self.compact)
        self.runs.setVisible(bool(today and today.runs) and not self.compact)

    def set_compact(self, compact: bool) -> None:
        if compact != self.compact:
            self.compact = compact
            self._fit()

    def _answer(self) -> None:
        today, pain = self.current, self.scale.value()
        if today is None or today.morning_after is None or pain is None:
            return
        session_id = today.morning_after.session_id
        source = self.source
        for part in (self.scale, self.answer_button):
            part.setEnabled(False)

        def saved(_result: object) -> None:
            self.scale.setEnabled(True)
            self.answered.emit(session_id, pain)
            self.refresh()

        def failed(error: Exception) -> None:
            self.scale.setEnabled(True)
            self.answer_button.setEnabled(True)
            self._failed(error)

        self.tasks.run(lambda: source.save_next_day(session_id, pain), saved, failed)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self.morning_row.setDirection(
            QBoxLayout.Direction.TopToBottom
            if self.width() < NARROW
            else QBoxLayout.Direction.LeftToRight
        )

    # -- the window's height ---------------------------------------------------------------

    def _hold_room(self) -> None:
        """While the week is first read, the status line holds the height of a row of due
        tiles (the usual answer), so the routines below do not jump down when it comes."""
        if self.problem is not None or self.current is not None:
            self.status.setMinimumHeight(0)
            return
        name = QFontMetrics(bold(16)).height()
        start = self.log_button.sizeHint().height()  # a tile's Start looks the same
        why = QFontMetrics(font(13)).height()
        self.status.setMinimumHeight(10 + max(name, start) + 2 + why + 10)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        self._hold_room()  # styled by now: the button's height is the window's
        window = self.window()
        if window is not self._watched:
            window.installEventFilter(self)
            self._watched = window
        self.set_compact(window.height() < COMPACT_BELOW)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self._watched and event.type() == QEvent.Type.Resize:
            self.set_compact(self._watched.height() < COMPACT_BELOW)
        return False
