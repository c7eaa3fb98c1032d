"""The library: every routine as a card, and the chosen one's exercises before it starts."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, Signal, SignalInstance
from PySide6.QtGui import QFocusEvent, QFont, QKeyEvent, QMouseEvent, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from hipcoach.core.library import Library, Source
from hipcoach.core.model import Kind, Routine
from hipcoach.core.plan import make_plan
from hipcoach.core.records import LastDone
from hipcoach.core.text import clock, plural
from hipcoach.ui.common.theme import font, set_role
from hipcoach.ui.common.widgets import bold, plain_label

if TYPE_CHECKING:
    from hipcoach.core.coaching import RoutineCoaching, SideCoaching

MAX_DETAIL_WIDTH = 760  # px: a line of the summary stays readable on a wide screen
MIN_ROUTINES_HEIGHT = 340  # px: below Today, the cards and the chosen routine keep this much
KIND_NAMES = {
    Kind.STRETCH: "Stretch",
    Kind.YOGA: "Yoga",
    Kind.STRENGTH: "Strength",
    Kind.MOBILITY: "Mobility",
    Kind.FOAM_ROLL: "Foam roll",
    Kind.WARM_UP: "Warm-up",
    Kind.MIXED: "Mixed",
}


def _quiet(text: str, name: str) -> QPushButton:
    """A small button for what is done with a routine's file."""
    button = QPushButton(text)
    button.setAccessibleName(name)
    button.setToolTip(name)
    button.setCursor(Qt.CursorShape.PointingHandCursor)
    set_role(button, "small")
    return button


CARD_STEPS = {
    Qt.Key.Key_Up: -1,
    Qt.Key.Key_Left: -1,
    Qt.Key.Key_Down: 1,
    Qt.Key.Key_Right: 1,
    Qt.Key.Key_Home: -1_000_000,
    Qt.Key.Key_End: 1_000_000,
}


def last_done_text(last: LastDone | datetime | None, now: datetime | None = None) -> str:
    """ "Last done yesterday", "Stopped 4 min in, yesterday": days as a runner counts them,
    by the calendar, not by hours."""
    if last is None:
        return "Not done yet"
    done = last if isinstance(last, LastDone) else LastDone(last)
    day = _day_text(done.at, now)
    if done.stopped_after is None:
        return f"Last done {day}"
    minutes = max(1, round(done.stopped_after / 60))
    return f"Stopped {minutes} min in, {day}"


def _day_text(when: datetime, now: datetime | None) -> str:
    now = now or datetime.now(when.tzinfo)
    if when.tzinfo is not None:
        when = when.astimezone(now.tzinfo)
    days = (now.date() - when.date()).days
    if days <= 0:
        return "today"
    if days == 1:
        return "yesterday"
    if days < 7:
        return f"{days} days ago"
    if when.year == now.year:
        return f"{when.day} {when:%b}"
    return f"{when.day} {when:%b %Y}"


class RoutineCard(QFrame):
    """One routine in the list: kind, length, exercises, tags and when it was last done."""

    chosen = Signal(object)  # Routine
    started = Signal(object)  # Routine: double click or Enter
    stepped = Signal(int)  # an arrow key: -1 the card above, 1 the card below (Home, End: ends)

    def __init__(
        self,
        routine: Routine,
        source: Source,
        last_done: LastDone | None,
        parent: QWidget | None,
        known: bool = True,
    ) -> None:
        super().__init__(parent)
        self.routine = routine
        set_role(self, "card", selected=False)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        total = make_plan(routine).total_seconds
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        layout.setSpacing(4)

        top = QHBoxLayout()
        kind = KIND_NAMES[routine.kind].upper() + (
            "  \u00b7  YOURS" if source is Source.USER else ""
        )
        self.kind = plain_label(kind, role="section")
        top.addWidget(self.kind)
        top.addStretch(1)
        self.length = plain_label(clock(total))
        self.length.setFont(bold(17))
        top.addWidget(self.length)
        layout.addLayout(top)

        self.name = plain_label(routine.name, wrap=True)
        self.name.setFont(bold(18))
        layout.addWidget(self.name)

        self.last_done = plain_label("", role="muted")
        self.last_done.setFont(font(13))
        layout.addWidget(self.last_done)

        self.tags = plain_label("  ".join(f"#{tag}" for tag in routine.tags), role="muted")
        self.tags.setFont(font(13))
        # The tags take the card's width, never set it: resizeEvent fits whole tags in.
        self.tags.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        layout.addWidget(self.tags)
        self.tags.setVisible(bool(routine.tags))  # once in the card: alone, it is a window

        self.setAccessibleName(routine.name)
        self._total = total
        self.set_last_done(last_done, known=known)

    def set_last_done(self, last: LastDone | None, known: bool = True) -> None:
        """When it was last done; not ``known`` yet: the history is still being read (off
        the GUI thread), and the card says only what it holds."""
        count = plural(len(self.routine.exercises), "exercise")
        parts = [count, last_done_text(last)] if known else [count]
        self.last_done.setText("  \u00b7  ".join(parts))
        self.setAccessibleDescription(
            ", ".join([KIND_NAMES[self.routine.kind], clock(self._total), *parts])
        )

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        # Whole tags only, as many as fit on the line: a tag is never cut in half.
        room = self.contentsRect().width() - 36
        metrics = self.tags.fontMetrics()
        shown: list[str] = []
        for tag in self.routine.tags:
            trial = "  ".join([*shown, f"#{tag}"])
            if shown and metrics.horizontalAdvance(trial) > room:
                break
            shown.append(f"#{tag}")
        self.tags.setText("  ".join(shown))

    def set_selected(self, selected: bool) -> None:
        set_role(self, "card", selected=selected)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton:
            self.setFocus(Qt.FocusReason.MouseFocusReason)
            self.chosen.emit(self.routine)
        super().mousePressEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton:
            self.started.emit(self.routine)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        key = event.key()
        if key == Qt.Key.Key_Space:
            self.chosen.emit(self.routine)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.chosen.emit(self.routine)
            self.started.emit(self.routine)
        elif key in CARD_STEPS and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            self.stepped.emit(CARD_STEPS[Qt.Key(key)])
        else:
            super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802
        super().focusInEvent(event)
        self.chosen.emit(self.routine)


class ExerciseRow(QWidget):
    """One exercise: its number, its name, and below it the dose as the runner will do it."""

    def __init__(self, number: int, routine: Routine, index: int) -> None:
        super().__init__()
        exercise = routine.exercises[index]
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 5, 0, 5)
        layout.setSpacing(12)
        self.number = plain_label(str(number), role="muted")
        self.number.setFont(bold(15))
        self.number.setFixedWidth(22)
        self.number.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.number)
        text = QVBoxLayout()
        text.setSpacing(0)
        self.name = plain_label(exercise.name, wrap=True, name="Exercise")
        self.name.setFont(font(16, QFont.Weight.DemiBold))
        text.addWidget(self.name)
        self.dose = plain_label(exercise.describe(), role="muted", wrap=True, name="Dose")
        self.dose.setFont(font(14))
        text.addWidget(self.dose)
        # Today's prescription on each side and how it got there (docs/coaching.md), once
        # the history has been read; with "start this exercise over" (its ladders, rung 1).
        self.exercise = exercise
        self.today = plain_label("", wrap=True, name="Today")
        self.today.setFont(font(14))
        self.today.hide()
        text.addWidget(self.today)
        self.start_over = _quiet("Start this exercise over", f"Start {exercise.name} over")
        self.start_over.hide()
        text.addWidget(self.start_over, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addLayout(text, 1)

    def show_coaching(self, sides: list[SideCoaching]) -> None:
        """ "Left: 1 x 3 reps today. up: two easy sessions done in full", a line a side."""
        from hipcoach.application.coaching_text import can_start_over, today_line

        lines = [
            f"{s.side.value.capitalize() + ': ' if s.side else ''}{today_line(s)}" for s in sides
        ]
        self.today.setText("\n".join(lines))
        self.today.setVisible(bool(lines))
        # Only where the coach has moved it: a ladder still at its start has nothing to undo.
        self.start_over.setVisible(any(can_start_over(s) for s in sides))


class RoutineDetail(QFrame):
    """What the chosen routine holds: its exercises with doses, its length, and Start."""

    start_requested = Signal(object)  # Routine
    start_over_requested = Signal(object, str)  # Routine, exercise id: asked and said yes

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        set_role(self, "panel")
        self.routine: Routine | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 24)
        layout.setSpacing(6)

        self.kind = plain_label("", role="section")
        layout.addWidget(self.kind)
        self.title = plain_label("", wrap=True, name="Routine name")
        self.title.setFont(bold(28))
        layout.addWidget(self.title)
        self.summary = plain_label("", role="muted", wrap=True, name="Summary")
        self.summary.setFont(font(15))
        layout.addWidget(self.summary)
        # What can be done with the routine's file: the editor, a copy, export, delete.
        actions = QHBoxLayout()
        actions.setSpacing(6)
        self.edit_button = _quiet("Edit", "Edit this routine")
        self.duplicate_button = _quiet("Duplicate", "Duplicate this routine")
        self.export_button = _quiet("Export…", "Export this routine to a file")
        self.delete_button = _quiet("Delete", "Delete this routine")
        self.file_buttons = [
            self.edit_button,
            self.duplicate_button,
            self.export_button,
            self.delete_button,
        ]
        for button in self.file_buttons:
            actions.addWidget(button)
        actions.addStretch(1)
        layout.addSpacing(4)
        layout.addLayout(actions)
        layout.addSpacing(10)
        self.exercises_heading = plain_label("EXERCISES", role="section")
        layout.addWidget(self.exercises_heading)

        self.list = QWidget()
        self.list_layout = QVBoxLayout(self.list)
        self.list_layout.setContentsMargins(0, 0, 8, 0)
        self.list_layout.setSpacing(0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self.list)
        scroll.setAccessibleName("Exercises")
        set_role(scroll, "list")  # a Tab stop (the arrows scroll it): its focus shows
        self.exercises_scroll = scroll
        layout.addWidget(scroll, 1)
        self.exercise_rows: list[ExerciseRow] = []

        bottom = QHBoxLayout()
        bottom.setSpacing(16)
        facts = QVBoxLayout()
        facts.setSpacing(0)
        self.total = plain_label("", name="Total time")
        self.total.setFont(bold(30))
        facts.addWidget(self.total)
        self.total_caption = plain_label("", role="muted")
        self.total_caption.setFont(font(13))
        facts.addWidget(self.total_caption)
        bottom.addLayout(facts)
        bottom.addStretch(1)
        self.start_button = QPushButton("Start")
        self.start_button.setAccessibleName("Start")
        self.start_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.start_button.setMinimumHeight(60)
        self.start_button.setMinimumWidth(180)
        set_role(self.start_button, "primary")
        self.start_button.clicked.connect(self._start)
        bottom.addWidget(self.start_button)
        layout.addSpacing(12)
        layout.addLayout(bottom)
        self.show_routine(None)

    def show_waiting(self) -> None:
        """Nothing yet, quietly: the routines are being read. The buttons keep their room
        while hidden, so nothing moves when a routine comes."""
        self.show_routine(None)
        self.title.setText("")
        self.summary.setText("")
        for button in (*self.file_buttons, self.start_button):
            policy = button.sizePolicy()
            policy.setRetainSizeWhenHidden(True)
            button.setSizePolicy(policy)
            button.hide()

    def show_routine(self, routine: Routine | None) -> None:
        self.routine = routine
        for row in self.exercise_rows:
            row.hide()
            row.deleteLater()
        self.exercise_rows = []
        for button in (*self.file_buttons, self.start_button):
            button.show()  # hidden while the routines were being read
        if routine is None:
            self.kind.setText("")
            self.title.setText("Choose a routine")
            self.summary.setText("Pick one on the left to see its exercises.")
            self.total.setText("")
            self.total_caption.setText("")
            self.exercises_heading.hide()
            self.start_button.setEnabled(False)
            for button in self.file_buttons:
                button.setEnabled(False)
            return
        plan = make_plan(routine)
        self.kind.setText(KIND_NAMES[routine.kind].upper())
        self.title.setText(routine.name)
        self.summary.setText(routine.summary)
        self.summary.setVisible(bool(routine.summary))
        self.exercises_heading.show()
        self.exercises_heading.setText(plural(len(routine.exercises), "exercise").upper())
        for index in range(len(routine.exercises)):
            row = ExerciseRow(index + 1, routine, index)
            row.start_over.clicked.connect(lambda _c=False, r=row: self._ask_start_over(r))
            self.list_layout.insertWidget(index, row)
            self.exercise_rows.append(row)
        if self.list_layout.count() == len(self.exercise_rows):
            self.list_layout.addStretch(1)
        self.total.setText(clock(plan.total_seconds))
        self.total_caption.setText(f"in all, {plural(plan.work_total, 'work phase')}")
        self.start_button.setEnabled(True)
        self.start_button.setAccessibleName(f"Start {routine.name}")
        for button in self.file_buttons:
            button.setEnabled(True)

    def set_source(self, source: Source | None, built_in_under: bool) -> None:
        """Delete is for the runner's own file; over a built-in, it brings that one back."""
        own = source is Source.USER
        self.delete_button.setEnabled(own)
        self.delete_button.setAccessibleName(
            "Delete your copy" if own and built_in_under else "Delete this routine"
        )
        self.delete_button.setToolTip(
            "Delete your copy: the built-in routine comes back"
            if own and built_in_under
            else "Delete this routine"
            if own
            else "A built-in routine cannot be deleted; edit it to make your own copy"
        )
        self.edit_button.setToolTip(
            "Edit this routine" if own else "Edit: saved as your own copy, which replaces it"
        )

    def _start(self) -> None:
        if self.routine is not None:
            self.start_requested.emit(self.routine)

    def show_coaching(self, coaching: RoutineCoaching) -> None:
        """Each exercise's prescription today and why, read from the history on a worker."""
        if self.routine is None or coaching.routine.id != self.routine.id:
            return  # an answer for a routine no longer shown
        for row in self.exercise_rows:
            row.show_coaching([s for s in coaching.exercises if s.exercise.id == row.exercise.id])

    def confirm_start_over(self, name: str) -> bool:
        """Ask first: starting over forgets how far that exercise has come."""
        answer = QMessageBox.question(
            self,
            "Start this exercise over?",
            f"Start {name} over from the low end of its range, on both sides?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def _ask_start_over(self, row: ExerciseRow) -> None:
        if self.routine is not None and self.confirm_start_over(row.exercise.name):
            self.start_over_requested.emit(self.routine, row.exercise.id)


class LibraryPage(QWidget):
    """Cards on the left, the chosen routine on the right; Start sends it to the player."""

    start_requested = Signal(object)  # Routine
    new_requested = Signal()
    import_requested = Signal()
    edit_requested = Signal(object)  # Routine
    duplicate_requested = Signal(object)  # Routine
    export_requested = Signal(object)  # Routine
    delete_requested = Signal(object)  # Routine
    coaching_wanted = Signal(object)  # Routine: its prescriptions today, for the detail
    start_over_requested = Signal(object, str)  # Routine, exercise id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Routine library")
        self.cards: list[RoutineCard] = []
        self.sources: dict[str, Source] = {}
        # Does a routine of the runner's take the place of a built-in one? (The window asks
        # the backend; the built-in is not in the library while it is replaced.)
        self.built_in_under: Callable[[str], bool] = lambda _routine_id: False
        # Today above the routines; in a low window with much to say today, the page
        # scrolls rather than squeeze the routines below a usable height.
        page = QVBoxLayout(self)
        page.setContentsMargins(0, 0, 0, 0)
        self.page_scroll = QScrollArea()
        self.page_scroll.setWidgetResizable(True)
        self.page_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.page_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.page_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        page.addWidget(self.page_scroll)
        body = QWidget()
        self.page_scroll.setWidget(body)
        outer = QVBoxLayout(body)
        outer.setContentsMargins(28, 18, 28, 24)
        outer.setSpacing(14)
        self.top = QHBoxLayout()  # Today, once the window gives the page one
        outer.addLayout(self.top)
        columns = QWidget()
        columns.setMinimumHeight(MIN_ROUTINES_HEIGHT)
        layout = QHBoxLayout(columns)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(24)
        outer.addWidget(columns, 1)

        column = QVBoxLayout()
        column.setSpacing(12)
        heading = plain_label("Routines", role="heading", name="Routines")
        top = QHBoxLayout()
        top.setSpacing(6)
        top.addWidget(heading)
        top.addStretch(1)
        self.heading_row = top
        self.new_button = _quiet("+ New", "New routine")
        self.new_button.clicked.connect(self.new_requested)
        self.import_button = _quiet("Import\u2026", "Import routine files")
        self.import_button.setToolTip("Import routine files (or drop .toml files on the window)")
        self.import_button.clicked.connect(self.import_requested)
        top.addWidget(self.new_button, 0, Qt.AlignmentFlag.AlignVCenter)
        top.addWidget(self.import_button, 0, Qt.AlignmentFlag.AlignVCenter)
        column.addLayout(top)
        self.cards_box = QWidget()
        self.cards_layout = QVBoxLayout(self.cards_box)
        self.cards_layout.setContentsMargins(2, 2, 12, 2)
        self.cards_layout.setSpacing(12)
        self.loading_label = plain_label(
            "Reading your routines\u2026", role="muted", name="Loading"
        )
        self.loading_label.hide()
        self.cards_layout.addWidget(self.loading_label)
        self.cards_layout.addStretch(1)
        self.cards_scroll = QScrollArea()
        self.cards_scroll.setWidgetResizable(True)
        self.cards_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.cards_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.cards_scroll.setWidget(self.cards_box)
        self.cards_scroll.setAccessibleName("Routines")
        self.cards_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the cards take focus
        column.addWidget(self.cards_scroll, 1)
        left = QWidget()
        left.setLayout(column)
        left.setMinimumWidth(300)
        left.setMaximumWidth(420)
        column.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(left, 2)

        self.detail = RoutineDetail()
        self.detail.setMaximumWidth(MAX_DETAIL_WIDTH)
        self.detail.start_requested.connect(self.start_requested)
        for button, signal in (
            (self.detail.edit_button, self.edit_requested),
            (self.detail.duplicate_button, self.duplicate_requested),
            (self.detail.export_button, self.export_requested),
            (self.detail.delete_button, self.delete_requested),
        ):
            button.clicked.connect(lambda _c=False, s=signal: self._about_chosen(s))
        self.detail.start_over_requested.connect(self.start_over_requested)
        layout.addWidget(self.detail, 3)
        # On a wide screen the two columns stay together in the middle, not at the edges.
        layout.insertStretch(0, 0)
        layout.addStretch(0)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        # What changed while another page was shown (Today read meanwhile) asked for a new
        # layout the page's scroll area did not see: have it measure the page again, or
        # the detail's Start can end below the window with nothing to scroll.
        QApplication.postEvent(self.page_scroll, QEvent(QEvent.Type.LayoutRequest))

    def show_loading(self, loading: bool = True) -> None:
        """While the routine files are read (on the worker, after the window's first
        paint): a quiet line where the cards will be, the detail empty, nothing to press.
        The columns keep their size, so nothing moves when the cards come."""
        if loading:
            self.detail.show_waiting()
        self.loading_label.setVisible(loading)
        for button in (self.new_button, self.import_button):
            button.setEnabled(not loading)

    def focus_chosen(self) -> None:
        """The keyboard's first place once the cards are there: the chosen routine's card."""
        chosen = self.detail.routine
        card = self.card(chosen.id) if chosen is not None else None
        if card is not None:
            card.setFocus(Qt.FocusReason.OtherFocusReason)

    def set_today(self, panel: QWidget) -> None:
        """Today above the routines, as wide as the two columns and centred with them."""
        panel.setMaximumWidth(420 + 24 + MAX_DETAIL_WIDTH)
        self.top.addStretch(1)
        self.top.addWidget(panel, 100)
        self.top.addStretch(1)
        # New and Import come after Today on Tab, as they read: a widget given its parent
        # again goes to the end of the focus chain, after the panel just added.
        for button in (self.new_button, self.import_button):
            self.heading_row.removeWidget(button)
            button.setParent(None)
            self.heading_row.addWidget(button, 0, Qt.AlignmentFlag.AlignVCenter)
            button.show()

    def set_library(self, library: Library, last_done: Mapping[str, LastDone] | None) -> None:
        """Rebuild the cards; ``last_done`` None: not read yet (``show_last_done`` follows)."""
        chosen = self.detail.routine.id if self.detail.routine else None
        had_focus = any(card.hasFocus() for card in self.cards)
        if had_focus:
            # Hiding a focused card would hand focus down the old cards one by one (each
            # choosing its routine): take it away first, and give it back below.
            self.detail.start_button.setFocus(Qt.FocusReason.OtherFocusReason)
        for card in self.cards:
            card.hide()
            card.deleteLater()
        self.cards = []
        self.sources = {e.routine.id: e.source for e in library.entries}
        for position, entry in enumerate(library.entries):
            card = RoutineCard(
                entry.routine,
                entry.source,
                None if last_done is None else last_done.get(entry.routine.id),
                self.cards_box,
                known=last_done is not None,
            )
            card.chosen.connect(self.choose)
            card.started.connect(self.start_requested)
            card.stepped.connect(lambda step, c=card: self._step(c, step))
            self.cards_layout.insertWidget(position, card)
            self.cards.append(card)
        # New cards come last in the focus chain: put the detail back after them, as it reads.
        chain = [
            self.new_button,
            self.import_button,
            *self.cards,
            *self.detail.file_buttons,
            self.detail.exercises_scroll,
            self.detail.start_button,
        ]
        for before, after in itertools.pairwise(chain):
            QWidget.setTabOrder(before, after)
        keep = next((c.routine for c in self.cards if c.routine.id == chosen), None)
        if keep is None and self.cards:
            keep = self.cards[0].routine
        unchanged = keep is not None and self.detail.routine == keep
        self.choose(keep)
        if unchanged:
            self.coaching_wanted.emit(keep)  # a session since may have moved its doses
        focus = self.card(keep.id) if had_focus and keep is not None else None
        if focus is not None:
            focus.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_last_done(self, last_done: Mapping[str, LastDone]) -> None:
        """The history's answer, read on a worker thread: when each routine was last done."""
        for card in self.cards:
            card.set_last_done(last_done.get(card.routine.id))

    def choose(self, routine: Routine | None) -> None:
        for card in self.cards:
            card.set_selected(routine is not None and card.routine.id == routine.id)
        if routine is None or self.detail.routine is None or self.detail.routine != routine:
            self.detail.show_routine(routine)
            if routine is not None:
                self.coaching_wanted.emit(routine)
        source = self.sources.get(routine.id) if routine is not None else None
        over = routine is not None and source is Source.USER and self.built_in_under(routine.id)
        self.detail.set_source(source, over)

    def _about_chosen(self, signal: SignalInstance) -> None:
        if self.detail.routine is not None:
            signal.emit(self.detail.routine)

    def _step(self, card: RoutineCard, step: int) -> None:
        """The arrow keys move the focus (and the choice) from card to card."""
        if card not in self.cards:
            return
        at = min(len(self.cards) - 1, max(0, self.cards.index(card) + step))
        target = self.cards[at]
        target.setFocus(Qt.FocusReason.TabFocusReason)
        self.cards_scroll.ensureWidgetVisible(target, 0, 12)
        # In a low window the page scrolls too (Today above, while it reads or has much to
        # say): the card is brought into the window, not only into its list.
        self.page_scroll.ensureWidgetVisible(target, 0, 0)

    def card(self, routine_id: str) -> RoutineCard | None:
        return next((c for c in self.cards if c.routine.id == routine_id), None)
