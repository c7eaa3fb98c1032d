"""The weekly plan in Settings: per routine of the plan, its sessions a week, the rest days
between two of them, and whether it follows each run; routines added and removed.

Each change is written to ``plan.toml`` at once, atomically (``application.week.save_plan``),
on the worker thread, as the rest of Settings saves as it goes: into the runner's file, so
its comments and order stay. The reminder time (and days) below the routines is the plan's
``[reminder]``, as ``hipcoach reminders on --at`` writes it; when the daily timer is
installed, a change moves it too (on the worker: systemctl may take seconds), and the line
below says whether reminders are on and when. An invalid ``plan.toml`` is shown by its
lines and left alone: the runner's own file is never overwritten behind their back.
"""

from __future__ import annotations

import itertools
from datetime import time
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import Qt, QTime, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from hipcoach.adapters.qt.tasks import Tasks
from hipcoach.core.model import Kind
from hipcoach.core.week_plan import (
    MAX_PER_WEEK,
    WEEKDAYS,
    PerWeek,
    PlannedRoutine,
    Reminder,
    WeekPlan,
)
from hipcoach.ui.common.theme import font, set_role
from hipcoach.ui.common.widgets import plain_label

if TYPE_CHECKING:
    from hipcoach.application.reminder_time import TimerState
    from hipcoach.core.library import Library

MAX_SHOWN_SPACING = 13  # rest days offered; a plan.toml may say more, and keeps it
DEFAULT_REMINDER = QTime(18, 0)  # as `hipcoach reminders on` without a time in the plan


class PlanSource(Protocol):
    """What the section reads and writes (the backend), on the worker thread."""

    def library(self) -> Library: ...

    def week_plan(self) -> WeekPlan: ...

    def save_week_plan(self, plan: WeekPlan) -> None: ...

    def reminder_timer_state(self) -> TimerState: ...

    def follow_reminder(self, plan: WeekPlan) -> TimerState: ...


def _spin(low: int, high: int, name: str) -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(low, high)
    spin.setAccessibleName(name)
    spin.setAlignment(Qt.AlignmentFlag.AlignCenter)
    spin.setKeyboardTracking(False)
    spin.setFixedWidth(72)
    return spin


class ClockEdit(QTimeEdit):
    """HH:MM in one Tab stop: Tab leaves it at once (a QTimeEdit's Tab would go from the
    hours to the minutes first); Left and Right move between them, Up and Down change them."""

    def focusNextPrevChild(self, forward: bool) -> bool:  # noqa: N802
        return QWidget.focusNextPrevChild(self, forward)


def _words(text: str) -> QLabel:
    label = plain_label(text)
    label.setFont(font(15))
    return label


class PlanRow(QWidget):
    """One routine of the plan and its rhythm."""

    changed = Signal()
    removed = Signal(str)  # its id

    def __init__(self, planned: PlannedRoutine, name: str, kind: Kind | None) -> None:
        super().__init__()
        self.planned = planned
        self.kind = kind
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 6)
        layout.setSpacing(6)
        top = QHBoxLayout()
        self.name = plain_label(name, wrap=True, name="Routine")
        self.name.setFont(font(16, QFont.Weight.DemiBold))
        top.addWidget(self.name, 1)
        self.remove = QPushButton("Remove")
        self.remove.setAccessibleName(f"Remove {name} from the plan")
        self.remove.setCursor(Qt.CursorShape.PointingHandCursor)
        set_role(self.remove, "quiet")
        self.remove.clicked.connect(lambda: self.removed.emit(planned.id))
        top.addWidget(self.remove)
        layout.addLayout(top)

        controls = QHBoxLayout()
        controls.setSpacing(8)
        per_week = planned.per_week
        self.weekly = QCheckBox("Weekly:")
        self.weekly.setAccessibleName(f"{name}: a number of sessions each week")
        self.weekly.setChecked(per_week is not None)
        controls.addWidget(self.weekly)
        self.low = _spin(1, MAX_PER_WEEK, f"{name}: sessions a week, to start with")
        self.high = _spin(1, MAX_PER_WEEK, f"{name}: sessions a week, at most")
        self.low.setValue(per_week.low if per_week else 1)
        self.high.setValue(per_week.high if per_week else 1)
        controls.addWidget(self.low)
        controls.addWidget(_words("to"))
        controls.addWidget(self.high)
        controls.addWidget(_words("a week"))
        controls.addSpacing(12)
        default = PlannedRoutine(planned.id).spacing_for(kind)
        self.spacing = _spin(-1, max(MAX_SHOWN_SPACING, planned.spacing or 0), "")
        self.spacing.setSpecialValueText(f"default ({default})")
        self.spacing.setFixedWidth(120)
        self.spacing.setValue(-1 if planned.spacing is None else planned.spacing)
        self.spacing.setAccessibleName(f"{name}: rest days between two sessions")
        controls.addWidget(_words("rest days:"))
        controls.addWidget(self.spacing)
        controls.addStretch(1)
        layout.addLayout(controls)
        self.after_run = QCheckBox("Due after each run")
        self.after_run.setAccessibleName(f"{name}: due after each run")
        self.after_run.setChecked(planned.after_run)
        layout.addWidget(self.after_run)
        self.note = plain_label("", role="muted", wrap=True)
        self.note.setFont(font(13))
        layout.addWidget(self.note)

        for box in (self.weekly, self.after_run):
            box.toggled.connect(self._changed)
        self.low.valueChanged.connect(self._low_changed)
        self.high.valueChanged.connect(self._high_changed)
        self.spacing.valueChanged.connect(self._changed)
        self._show()

    def _low_changed(self, value: int) -> None:
        if self.high.value() < value:
            self.high.setValue(value)  # comes back through _high_changed
        self._changed()

    def _high_changed(self, value: int) -> None:
        if self.low.value() > value:
            self.low.setValue(value)
        self._changed()

    def _changed(self) -> None:
        self._show()
        self.changed.emit()

    def _show(self) -> None:
        weekly = self.weekly.isChecked()
        for spin in (self.low, self.high, self.spacing):
            spin.setEnabled(weekly)
        low, high = self.low.value(), self.high.value()
        if not weekly and not self.after_run.isChecked():
            self.note.setText("Say when it is due: weekly, after each run, or both.")
        elif weekly and low < high:
            self.note.setText(
                f"Starts at {low} a week and ramps up by one after three good weeks, to {high}."
            )
        elif weekly:
            self.note.setText(f"{low} a week, every week.")
        else:
            self.note.setText("")
        self.note.setVisible(bool(self.note.text()))

    def valid(self) -> bool:
        return self.weekly.isChecked() or self.after_run.isChecked()

    def routine(self) -> PlannedRoutine:
        per_week = PerWeek(self.low.value(), self.high.value()) if self.weekly.isChecked() else None
        spacing = self.spacing.value()
        return PlannedRoutine(
            self.planned.id,
            per_week,
            None if spacing < 0 or per_week is None else spacing,
            self.after_run.isChecked(),
            self.planned.line,
        )


class PlanSection(QFrame):
    """Settings' WEEKLY PLAN panel."""

    loaded = Signal()  # the plan is shown (or why it cannot be)
    saved = Signal()  # plan.toml was written
    timer_shown = Signal()  # the reminder timer's state is shown

    def __init__(self, source: PlanSource, tasks: Tasks, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        set_role(self, "panel")
        self.setAccessibleName("Weekly plan")
        self.source = source
        self.tasks = tasks
        self.plan: WeekPlan | None = None
        self.library: Library | None = None
        self.rows: list[PlanRow] = []
        self._empty: QLabel | None = None
        self._saving = False
        self._again = False

        layout = QVBoxLayout(self)
        layout.setContentsMargins(22, 16, 22, 18)
        layout.setSpacing(8)
        layout.addWidget(plain_label("WEEKLY PLAN", role="section"))
        self.intro = plain_label(
            "What Today asks of each week. A range starts at its low end and ramps up after "
            "three good weeks; rest days keep two sessions apart.",
            role="muted",
            wrap=True,
        )
        self.intro.setFont(font(13))
        layout.addWidget(self.intro)
        self.rows_layout = QVBoxLayout()
        self.rows_layout.setSpacing(4)
        layout.addLayout(self.rows_layout)

        add = QHBoxLayout()
        add.setSpacing(10)
        self.choice = QComboBox()
        self.choice.setAccessibleName("A routine to add to the plan")
        self.choice.setMinimumContentsLength(16)
        add.addWidget(self.choice, 1)
        self.add_button = QPushButton("Add to the plan")
        self.add_button.setAccessibleName("Add the routine to the plan")
        self.add_button.setCursor(Qt.CursorShape.PointingHandCursor)
        set_role(self.add_button, "quiet")
        self.add_button.clicked.connect(self.add_chosen)
        add.addWidget(self.add_button)
        layout.addLayout(add)

        layout.addSpacing(10)
        heading = plain_label("Reminder", name="Reminder")
        heading.setFont(font(16, QFont.Weight.DemiBold))
        layout.addWidget(heading)
        at = QHBoxLayout()
        at.setSpacing(10)
        at.addWidget(_words("Remind me at"))
        self.reminder_at = ClockEdit(DEFAULT_REMINDER)
        self.reminder_at.setDisplayFormat("HH:mm")
        self.reminder_at.setAccessibleName("Reminder time, on the 24-hour clock")
        self.reminder_at.setKeyboardTracking(False)
        self.reminder_at.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.reminder_at.setFixedWidth(96)
        at.addWidget(self.reminder_at)
        at.addStretch(1)
        layout.addLayout(at)
        days = QHBoxLayout()
        days.setSpacing(14)
        self.reminder_days: list[QCheckBox] = []
        for day in WEEKDAYS:
            box = QCheckBox(day[:3])
            box.setAccessibleName(f"Remind me on {day}")
            box.setChecked(True)
            box.toggled.connect(self._reminder_changed)
            days.addWidget(box)
            self.reminder_days.append(box)
        days.addStretch(1)
        layout.addLayout(days)
        self.reminder_at.timeChanged.connect(self._reminder_changed)
        self.reminder_status = plain_label("", role="muted", wrap=True)
        self.reminder_status.setFont(font(13))
        self.reminder_status.setAccessibleName("Reminder status")
        layout.addWidget(self.reminder_status)
        self._reminder_set = False  # the plan holds a reminder, or the runner chose one
        self._followed: Reminder | None = None  # the reminder the timer was last moved to
        self._timer: TimerState | None = None

        self.status = plain_label("Reading your plan\u2026", role="muted", wrap=True)
        self.status.setFont(font(13))
        self.status.setAccessibleName("Weekly plan status")
        layout.addWidget(self.status)
        self._enable(False)
        self.reload()

    # -- reading ---------------------------------------------------------------------------

    def reload(self) -> None:
        source = self.source
        self.tasks.run(lambda: (source.week_plan(), source.library()), self._loaded, self._failed)

    def _loaded(self, found: tuple[WeekPlan, Library]) -> None:
        self.plan, self.library = found
        self._show_plan(self.plan)
        self._show_reminder(self.plan.reminder)
        where = "the default plan (no plan.toml yet)" if self.plan.path is None else "plan.toml"
        self.status.setText(f"Saved as you change it, in {where}.")
        self._enable(True)
        self.loaded.emit()

    def _failed(self, error: Exception) -> None:
        from hipcoach.core.errors import KnownError
        from hipcoach.core.plan_file import PlanFileError

        if isinstance(error, PlanFileError):
            lines = "\n".join(str(p) for p in error.problems[:5])
            self.status.setText(
                f"Your plan.toml cannot be used, so it is left as it is:\n{lines}\n"
                "Fix the file, then open Settings again."
            )
        elif isinstance(error, OSError | KnownError):
            reason = error.strerror or error if isinstance(error, OSError) else error
            self.status.setText(f"The plan could not be saved: {reason}")
            self._enable(True)
            self.loaded.emit()
            return
        else:
            raise error
        self._enable(False)
        self.loaded.emit()

    def _enable(self, on: bool) -> None:
        for row in self.rows:
            row.setEnabled(on)
        self.choice.setEnabled(on)
        self.add_button.setEnabled(on and self.choice.count() > 0)
        for widget in (self.reminder_at, *self.reminder_days):
            widget.setEnabled(on)

    def _show_plan(self, plan: WeekPlan) -> None:
        for old in [*self.rows, *([self._empty] if self._empty is not None else [])]:
            old.hide()
            old.deleteLater()
        self.rows = []
        self._empty = None
        entries = {e.routine.id: e.routine for e in self.library.entries} if self.library else {}
        for planned in plan.routines:
            routine = entries.get(planned.id)
            row = PlanRow(
                planned,
                routine.name if routine else planned.id,
                routine.kind if routine else None,
            )
            row.changed.connect(self.save)
            row.removed.connect(self.remove)
            self.rows_layout.addWidget(row)
            self.rows.append(row)
        if not plan.routines:
            self._empty = plain_label("Nothing is planned: Today asks for nothing.", role="muted")
            self._empty.setFont(font(14))
            self.rows_layout.addWidget(self._empty)
        # Tab reads the rows before the line that adds one (rows are built after it).
        chain: list[QWidget] = [anchor] if (anchor := self._before()) is not None else []
        for row in self.rows:
            chain += [row.remove, row.weekly, row.low, row.high, row.spacing, row.after_run]
        chain += [self.choice, self.add_button, self.reminder_at, *self.reminder_days]
        for before, after in itertools.pairwise(chain):
            QWidget.setTabOrder(before, after)
        self.choice.clear()
        planned_ids = {r.id for r in plan.routines}
        for routine_id, routine in sorted(entries.items(), key=lambda i: i[1].name.casefold()):
            if routine_id not in planned_ids:
                self.choice.addItem(routine.name, routine_id)
        self.add_button.setEnabled(self.choice.count() > 0)

    def _before(self) -> QWidget | None:
        """The last control before the section in the window's Tab order."""
        widget = self.previousInFocusChain()
        while widget is not None and widget is not self:
            takes_tab = bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus)
            if takes_tab and not self.isAncestorOf(widget):
                return widget
            widget = widget.previousInFocusChain()
        return None

    # -- changing --------------------------------------------------------------------------

    def current(self) -> WeekPlan:
        """The plan as the section shows it now."""
        reminder = self.reminder() if self._reminder_set else None
        path = self.plan.path if self.plan is not None else None
        return WeekPlan(tuple(row.routine() for row in self.rows), reminder, path)

    # -- the reminder ------------------------------------------------------------------------

    def reminder(self) -> Reminder | None:
        """The reminder as shown; None while no day is chosen."""
        chosen = tuple(day for day, box in enumerate(self.reminder_days) if box.isChecked())
        if not chosen:
            return None
        shown = self.reminder_at.time()
        return Reminder(time(shown.hour(), shown.minute()), None if len(chosen) == 7 else chosen)

    def _show_reminder(self, reminder: Reminder | None) -> None:
        self._reminder_set = reminder is not None
        self._followed = reminder
        widgets = (self.reminder_at, *self.reminder_days)
        for widget in widgets:
            widget.blockSignals(True)
        if reminder is not None:
            self.reminder_at.setTime(QTime(reminder.at.hour, reminder.at.minute))
        for day, box in enumerate(self.reminder_days):
            box.setChecked(reminder is None or reminder.days is None or day in reminder.days)
        for widget in widgets:
            widget.blockSignals(False)
        self.reminder_status.setText("Looking for the reminder timer\u2026")
        self.tasks.run(self.source.reminder_timer_state, self._timer_shown, self._timer_failed)

    def _reminder_changed(self) -> None:
        if self.plan is None:
            return
        if self.reminder() is None:
            self.reminder_status.setText("Not saved yet: choose at least one day to be reminded.")
            return
        self._reminder_set = True
        self.save()

    def _follow_timer(self, plan: WeekPlan) -> None:
        """The timer moves with the plan's time, on the worker: systemctl can take seconds."""
        if plan.reminder is None or plan.reminder == self._followed:
            return
        self._followed = plan.reminder
        self.reminder_status.setText("Moving the reminder timer\u2026")
        source = self.source
        self.tasks.run(lambda: source.follow_reminder(plan), self._timer_shown, self._timer_failed)

    def _timer_shown(self, state: TimerState) -> None:
        self._timer = state
        reminder = self.reminder()
        if reminder is None:
            return
        self.reminder_status.setText(state.words(reminder.at, reminder.days))
        self.timer_shown.emit()

    def _timer_failed(self, error: Exception) -> None:
        if not isinstance(error, OSError):
            raise error
        self.reminder_status.setText(f"The reminder timer cannot be read: {error.strerror}")

    def add_chosen(self) -> None:
        routine_id = self.choice.currentData()
        if not isinstance(routine_id, str) or self.library is None:
            return
        entry = self.library.find(routine_id)
        kind = entry.routine.kind if entry is not None else None
        added = PlannedRoutine(routine_id, PerWeek(1, 1), after_run=False)
        if kind is Kind.STRETCH:
            added = PlannedRoutine(routine_id, None, after_run=True)
        plan = self.current()
        self.plan = WeekPlan((*plan.routines, added), plan.reminder, plan.path)
        self._show_plan(self.plan)
        self.save()

    def remove(self, routine_id: str) -> None:
        plan = self.current()
        self.plan = WeekPlan(
            tuple(r for r in plan.routines if r.id != routine_id), plan.reminder, plan.path
        )
        self._show_plan(self.plan)
        self.save()

    def save(self) -> None:
        """Write the plan as shown, unless a routine says nothing of when it is due."""
        if not all(row.valid() for row in self.rows):
            self.status.setText("Not saved yet: say when each routine is due.")
            return
        if self._saving:
            self._again = True
            return
        plan = self.current()
        self._saving = True
        source = self.source
        self.tasks.run(
            lambda: source.save_week_plan(plan), lambda _r: self._saved(plan), self._not_saved
        )

    def _saved(self, plan: WeekPlan) -> None:
        self._saving = False
        self.plan = WeekPlan(plan.routines, plan.reminder, plan.path or "plan.toml")
        self.status.setText("Saved in plan.toml: Today follows it from now on.")
        self._follow_timer(plan)
        self.saved.emit()
        if self._again:
            self._again = False
            self.save()

    def _not_saved(self, error: Exception) -> None:
        self._saving = False
        self._again = False
        self._failed(error)
