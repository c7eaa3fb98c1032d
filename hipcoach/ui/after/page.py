"""After a session: what was done (time, work, each side) and how it felt (the check-in).

The check-in is optional and quick: three rows of numbers to tap and a note. Skip leaves the
session recorded as it is. The red-flag questions (docs/coaching.md, "Red flags") are folded
under "Anything else?": check boxes left unticked are a no.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from hipcoach.application.history_text import SIDE_WORDS, amount_text
from hipcoach.core.engine import Finished, Stopped
from hipcoach.core.model import Side
from hipcoach.core.plan import Plan
from hipcoach.core.records import ANSWERS, CheckIn
from hipcoach.core.text import clock
from hipcoach.core.work import Tally, work_line
from hipcoach.ui.common.theme import font, set_role
from hipcoach.ui.common.widgets import bold, plain_label

MAX_WIDTH = 1240  # px: full screen keeps the numbers near their names
# The red-flag questions as a runner reads them, in the order of ANSWERS (docs/coaching.md).
ANSWER_WORDS = {
    "swelling": "Swelling",
    "sharp": "Sharp, local pain",
    "giving-way": "The hip gives way",
    "night-pain": "Pain at night or at rest",
    "no-weight": "Cannot put weight on the leg",
}
assert tuple(ANSWER_WORDS) == ANSWERS


def sides_line(work: Tally) -> str:
    """ "Left 6 of 6  ·  Right 5 of 6, 1 skipped": work phases done on each side against the
    plan, and what was skipped there."""
    parts = []
    for side in (Side.LEFT, Side.RIGHT):
        planned = work.planned(side)
        if planned:
            skipped = work.skipped_on(side)
            note = f", {skipped} skipped" if skipped else ""
            parts.append(f"{SIDE_WORDS[side]} {work.counted(side)} of {planned}{note}")
    return "  \u00b7  ".join(parts) or "No exercise here has sides."


def exercise_rows(work: Tally) -> list[tuple[str, str, str]]:
    """(exercise, left or both, right) in routine order, for every exercise in the plan."""
    out = []
    for exercise in work.exercises():
        unit = exercise.exercise.dose.unit
        if exercise.sided:
            left = amount_text(exercise.done[Side.LEFT], unit)
            right = amount_text(exercise.done[Side.RIGHT], unit)
            out.append((exercise.exercise.name, f"L {left}", f"R {right}"))
        else:
            out.append((exercise.exercise.name, amount_text(exercise.done[None], unit), ""))
    return out


class Scale(QWidget):
    """A row of numbers to tap (0-10 pain, 1-10 effort); tap the chosen one again to clear.

    From the keyboard it is one Tab stop, as a group of choices is: Tab lands on the chosen
    number (or the first), the arrows move along the row and choose as they go, Home and
    End jump to the ends, Space or Enter on the chosen one clears it. A scale that is the
    whole question (``submits``: "pain now" before a session) takes Enter as the answer
    instead: ``submitted``."""

    changed = Signal()
    submitted = Signal()

    def __init__(
        self,
        name: str,
        low: int,
        high: int,
        parent: QWidget | None = None,
        *,
        submits: bool = False,
    ) -> None:
        super().__init__(parent)
        self.name = name
        self.submits = submits
        self.low, self.high = low, high
        self.setAccessibleName(name)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.buttons: dict[int, QPushButton] = {}
        for number in range(low, high + 1):
            button = QPushButton(str(number))
            button.setCheckable(True)
            button.setAccessibleName(f"{name} {number}")
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            set_role(button, "chip")
            button.setProperty("ownsEnter", submits)  # EnterClicks leaves Enter to the scale
            button.clicked.connect(lambda _checked=False, n=number: self.choose(n))
            button.installEventFilter(self)
            layout.addWidget(button, 1)
            self.buttons[number] = button
        self._value: int | None = None
        self._tab_stop(low)

    def value(self) -> int | None:
        return self._value

    def tab_stop(self) -> QPushButton:
        """The one number Tab lands on."""
        return next(b for b in self.buttons.values() if b.focusPolicy() & Qt.FocusPolicy.TabFocus)

    def choose(self, number: int | None) -> None:
        self._set(None if number == self._value else number)

    def set_value(self, number: int | None) -> None:
        """Show an answer given elsewhere (the pain before, asked before the session)."""
        if number is None:
            self.clear()
        elif self.low <= number <= self.high:
            self._set(number)

    def clear(self) -> None:
        self._value = None
        for button in self.buttons.values():
            button.setChecked(False)
        self.setAccessibleDescription("")
        self._tab_stop(self.low)

    def _set(self, number: int | None) -> None:
        self._value = number
        for n, button in self.buttons.items():
            button.setChecked(n == self._value)
        self.setAccessibleDescription("" if self._value is None else str(self._value))
        if number is not None:
            self._tab_stop(number)
        self.changed.emit()

    def _tab_stop(self, number: int) -> None:
        focused = any(button.hasFocus() for button in self.buttons.values())
        for n, button in self.buttons.items():
            button.setFocusPolicy(
                Qt.FocusPolicy.StrongFocus if n == number else Qt.FocusPolicy.NoFocus
            )
        if focused:  # the focus goes with the choice: never left on a number Tab skips
            self.buttons[number].setFocus(Qt.FocusReason.OtherFocusReason)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        at = next((n for n, b in self.buttons.items() if b is watched), None)
        if at is None or event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            return False
        key = Qt.Key(event.key())
        if self.submits and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.submitted.emit()
            return True
        steps = {
            Qt.Key.Key_Left: at - 1,
            Qt.Key.Key_Down: at - 1,
            Qt.Key.Key_Right: at + 1,
            Qt.Key.Key_Up: at + 1,
            Qt.Key.Key_Home: self.low,
            Qt.Key.Key_End: self.high,
        }
        if key not in steps:
            return False
        target = min(self.high, max(self.low, steps[key]))
        if target != self._value:
            self._set(target)
        self.buttons[target].setFocus(Qt.FocusReason.TabFocusReason)
        return True


class AfterPage(QWidget):
    """The summary on the left, the check-in on the right."""

    saved = Signal(CheckIn)
    skipped = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("After the session")
        centre = QHBoxLayout(self)
        centre.setContentsMargins(0, 0, 0, 0)
        column = QWidget()
        column.setMaximumWidth(MAX_WIDTH)
        centre.addWidget(column)
        layout = QVBoxLayout(column)
        layout.setContentsMargins(28, 22, 28, 22)
        layout.setSpacing(14)

        head = QVBoxLayout()
        head.setSpacing(2)
        self.title = plain_label("Well done", name="Result")
        self.title.setFont(bold(30))
        head.addWidget(self.title)
        self.subtitle = plain_label("", role="muted", wrap=True, name="Routine")
        self.subtitle.setFont(font(15))
        head.addWidget(self.subtitle)
        layout.addLayout(head)

        columns = QHBoxLayout()
        columns.setSpacing(18)
        layout.addLayout(columns, 1)

        summary = QFrame()
        set_role(summary, "panel")
        summary_layout = QVBoxLayout(summary)
        summary_layout.setContentsMargins(22, 18, 22, 18)
        summary_layout.setSpacing(6)
        stats = QGridLayout()
        stats.setHorizontalSpacing(22)
        stats.setVerticalSpacing(0)
        self.time = plain_label("", name="Time")
        self.time.setFont(bold(30))
        self.work = plain_label("", name="Work done")
        self.work.setFont(bold(30))
        stats.addWidget(self.time, 0, 0)
        stats.addWidget(self.work, 0, 1)
        stats.addWidget(self._caption("TIME"), 1, 0)
        stats.addWidget(self._caption("WORK DONE"), 1, 1)
        stats.setColumnStretch(2, 1)
        summary_layout.addLayout(stats)
        summary_layout.addSpacing(8)
        summary_layout.addWidget(self._caption("EACH SIDE"))
        self.sides = plain_label("", wrap=True, name="Each side")
        self.sides.setFont(font(15, QFont.Weight.DemiBold))
        summary_layout.addWidget(self.sides)
        summary_layout.addSpacing(8)
        summary_layout.addWidget(self._caption("EXERCISES"))
        self.rows_box = QWidget()
        self.rows_layout = QGridLayout(self.rows_box)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self.rows_box)
        scroll.viewport().setAutoFillBackground(False)
        scroll.setAccessibleName("What was done")
        set_role(scroll, "list")  # a Tab stop (the arrows scroll it): its focus shows
        self.rows_scroll = scroll
        summary_layout.addWidget(scroll, 1)
        columns.addWidget(summary, 4)

        check = QFrame()
        set_role(check, "panel")
        check_layout = QVBoxLayout(check)
        check_layout.setContentsMargins(22, 18, 22, 18)
        check_layout.setSpacing(6)
        heading = plain_label("How did it feel?", name="How did it feel?")
        heading.setFont(bold(19))
        check_layout.addWidget(heading)
        check_layout.addSpacing(4)
        self.pain_before = Scale("Pain before", 0, 10)
        self.pain_after = Scale("Pain after", 0, 10)
        self.effort = Scale("Effort", 1, 10)
        for scale, caption in (
            (self.pain_before, "PAIN BEFORE  \u00b7  0 none, 10 worst"),
            (self.pain_after, "PAIN AFTER"),
            (self.effort, "EFFORT  \u00b7  1 easy, 10 all-out"),
        ):
            check_layout.addWidget(self._caption(caption))
            check_layout.addWidget(scale)
            check_layout.addSpacing(4)
        self.more_button = QToolButton()
        self.more_button.setText("Anything else?")
        self.more_button.setAccessibleName("Anything else?")
        self.more_button.setCheckable(True)
        self.more_button.setArrowType(Qt.ArrowType.RightArrow)
        self.more_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.more_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.more_button.toggled.connect(self._fold)
        check_layout.addWidget(self.more_button)
        self.more = QWidget()
        self.more.setAccessibleName("Anything else? Tick what you noticed")
        more_layout = QVBoxLayout(self.more)
        more_layout.setContentsMargins(18, 0, 0, 0)
        more_layout.setSpacing(2)
        self.answers: dict[str, QCheckBox] = {}
        for answer, words in ANSWER_WORDS.items():
            box = QCheckBox(words)
            box.setAccessibleName(words)
            more_layout.addWidget(box)
            self.answers[answer] = box
        self.more.hide()
        check_layout.addWidget(self.more)
        self.note = QPlainTextEdit()
        self.note.setPlaceholderText("A note for yourself (optional)")
        self.note.setAccessibleName("Note")
        self.note.setTabChangesFocus(True)
        self.note.setMinimumHeight(56)
        check_layout.addWidget(self.note, 1)
        buttons = QHBoxLayout()
        buttons.setSpacing(10)
        buttons.addStretch(1)
        self.skip_button = QPushButton("Skip")
        self.skip_button.setAccessibleName("Skip the check-in")
        self.skip_button.setCursor(Qt.CursorShape.PointingHandCursor)
        set_role(self.skip_button, "secondary")
        self.save_button = QPushButton("Save")
        self.save_button.setAccessibleName("Save the check-in")
        self.save_button.setCursor(Qt.CursorShape.PointingHandCursor)
        set_role(self.save_button, "primary")
        buttons.addWidget(self.skip_button)
        buttons.addWidget(self.save_button)
        check_layout.addLayout(buttons)
        columns.addWidget(check, 5)

        self.skip_button.clicked.connect(self.skipped)
        self.save_button.clicked.connect(self._save)

    def _caption(self, text: str) -> QWidget:
        return plain_label(text, role="section")

    def show_result(self, plan: Plan, ended: Finished | Stopped, work: Tally) -> None:
        """What the session came to; ``work`` is the engine's own tally, so the sides and
        the rows add up to the "work done" figure."""
        finished = isinstance(ended, Finished)
        self.title.setText("Well done" if finished else "Stopped early")
        self.subtitle.setText(f"{plan.routine.name}: {work_line(work).lower()}.")
        self.time.setText(clock(ended.active_seconds))
        self.work.setText(f"{ended.work_done} of {plan.work_total}")
        self.sides.setText(sides_line(work))
        # A fresh grid each time: a reused one keeps the rows of a longer routine.
        self.rows_box = QWidget()
        self.rows_layout = QGridLayout(self.rows_box)
        self.rows_layout.setContentsMargins(0, 0, 6, 0)
        self.rows_layout.setHorizontalSpacing(12)
        self.rows_layout.setVerticalSpacing(6)
        rows = exercise_rows(work)
        for row, (name, first, second) in enumerate(rows):
            label = plain_label(name, wrap=True)
            label.setFont(font(14))
            self.rows_layout.addWidget(label, row, 0)
            for column, text in ((1, first), (2, second)):
                value = plain_label(text, role="muted")
                value.setFont(font(14, QFont.Weight.DemiBold))
                self.rows_layout.addWidget(value, row, column)
        self.rows_layout.setColumnStretch(0, 1)
        self.rows_layout.setRowStretch(len(rows), 1)
        self.rows_scroll.setWidget(self.rows_box)  # the old grid is deleted with it
        for scale in (self.pain_before, self.pain_after, self.effort):
            scale.clear()
        self.note.setPlainText("")
        for box in self.answers.values():
            box.setChecked(False)
        self.more_button.setChecked(False)

    def _fold(self, unfolded: bool) -> None:
        self.more.setVisible(unfolded)
        self.more_button.setArrowType(
            Qt.ArrowType.DownArrow if unfolded else Qt.ArrowType.RightArrow
        )

    def check_in(self) -> CheckIn:
        return CheckIn(
            pain_before=self.pain_before.value(),
            pain_after=self.pain_after.value(),
            effort=self.effort.value(),
            notes=self.note.toPlainText().strip(),
            answers=tuple(a for a, box in self.answers.items() if box.isChecked()),
        )

    def _save(self) -> None:
        self.saved.emit(self.check_in())
