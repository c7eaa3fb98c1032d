"""Before a session: "pain now", 0-10, as ``hipcoach run`` asks it on a terminal.

Shown between Start and the player's "getting ready", never modal. The red flags standing
come first (they arrive with today's doses, read on the worker), then the question: one
scale, one Tab stop, the arrows choose, Enter starts, Esc or Skip starts without an answer.
A pain of 6 or more shows the plain advice first (docs/coaching.md, "Pain before the
session"), then offers every exercise one rung lower, the prescription as it is, or no
session today. The answer becomes the session's pain before.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hipcoach.core.coaching import LOWER_FROM, advice_before
from hipcoach.core.records import Dosing
from hipcoach.ui.after.page import Scale
from hipcoach.ui.common.theme import font, set_role
from hipcoach.ui.common.widgets import bold, centred_column, plain_label, warning_strip

if TYPE_CHECKING:
    from hipcoach.application.coaching import BeforeSession
    from hipcoach.core.model import Routine

MAX_WIDTH = 760  # px: the question and its answers stay together on a wide screen
READING = "Reading today\u2019s prescriptions\u2026"


@dataclass(frozen=True, slots=True)
class Answer:
    """How the runner starts: the pain now (None: skipped) and how the session is dosed."""

    pain: int | None
    dosing: Dosing = Dosing.COACHED


class BeforePage(QWidget):
    """The question, then (at 6 or more) the advice and the choice. ``ask`` shows it afresh;
    ``show_before`` adds what the coach read, whenever it comes."""

    answered = Signal(Answer)  # start the session so
    left = Signal()  # Back, or "Not today": no session, nothing recorded

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Before you start")
        self.before: BeforeSession | None = None
        self.read = False  # the coach's read came back (``before`` None: it failed)
        self.routine: Routine | None = None
        _scroll, _column_box, column = centred_column(self, MAX_WIDTH)
        column.setContentsMargins(28, 24, 28, 24)
        column.setSpacing(14)
        column.addStretch(1)

        head = QVBoxLayout()
        head.setSpacing(4)
        head.addWidget(plain_label("BEFORE YOU START", role="section"))
        self.routine_name = plain_label("", role="muted", wrap=True, name="Routine")
        self.routine_name.setFont(font(15))
        self.title = plain_label("How is your hip right now?", wrap=True, name="Question")
        self.title.setFont(bold(30))
        head.addWidget(self.title)
        head.addWidget(self.routine_name)
        column.addLayout(head)

        self.flags = QWidget()
        self.flags.setAccessibleName("Red flags")
        self.flags_layout = QVBoxLayout(self.flags)
        self.flags_layout.setContentsMargins(0, 0, 0, 0)
        self.flags_layout.setSpacing(6)
        self.flags.hide()
        column.addWidget(self.flags)

        # The question
        self.question = QFrame()
        set_role(self.question, "panel")
        self.question.setAccessibleName("Pain now")
        question = QVBoxLayout(self.question)
        question.setContentsMargins(22, 18, 22, 18)
        question.setSpacing(8)
        question.addWidget(plain_label("PAIN NOW  \u00b7  0 none, 10 worst", role="section"))
        self.scale = Scale("Pain now", 0, 10, submits=True)
        self.scale.setAccessibleDescription("Arrows choose, Enter starts, Escape skips")
        self.scale.submitted.connect(self.start)
        question.addWidget(self.scale)
        hint = plain_label(
            "\u2190 \u2192 choose  \u00b7  Enter starts  \u00b7  Esc skips the question",
            role="muted",
            wrap=True,
        )
        hint.setFont(font(13))
        question.addWidget(hint)
        question.addSpacing(6)
        buttons = QHBoxLayout()
        buttons.setSpacing(10)
        self.back_button = self._button("Back", "Back to the routines", "quiet")
        self.back_button.clicked.connect(self.left)
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        self.skip_button = self._button("Skip", "Skip the question and start", "secondary")
        self.skip_button.clicked.connect(self.skip)
        buttons.addWidget(self.skip_button)
        self.start_button = self._button("Start", "Start the session", "primary")
        self.start_button.clicked.connect(self.start)
        buttons.addWidget(self.start_button)
        question.addLayout(buttons)
        column.addWidget(self.question)

        # The advice, then the choice (a pain of 6 or more)
        self.choice = QFrame()
        set_role(self.choice, "panel")
        self.choice.setAccessibleName("Pain before the session")
        choice = QVBoxLayout(self.choice)
        choice.setContentsMargins(22, 18, 22, 18)
        choice.setSpacing(10)
        self.advice_box = QFrame()
        set_role(self.advice_box, "advice")
        self.advice_box.setAccessibleName("Advice")
        advice = QVBoxLayout(self.advice_box)
        advice.setContentsMargins(18, 12, 18, 12)
        self.advice = plain_label("", wrap=True, name="Advice")
        self.advice.setFont(font(17, QFont.Weight.DemiBold))
        advice.addWidget(self.advice)
        choice.addWidget(self.advice_box)
        choice.addSpacing(4)
        self.offer = plain_label("", wrap=True, name="Offer")
        self.offer.setFont(bold(19))
        choice.addWidget(self.offer)
        self.offer_note = plain_label("", role="muted", wrap=True, name="What it means")
        self.offer_note.setFont(font(14))
        choice.addWidget(self.offer_note)
        choice.addSpacing(6)
        answers = QHBoxLayout()
        answers.setSpacing(10)
        self.not_today_button = self._button("Not today", "Do not train today", "quiet")
        self.not_today_button.clicked.connect(self.left)
        answers.addWidget(self.not_today_button)
        answers.addStretch(1)
        self.as_prescribed_button = self._button(
            "As prescribed", "Run today's prescription as it is", "secondary"
        )
        self.as_prescribed_button.clicked.connect(lambda: self._answer(Dosing.COACHED))
        answers.addWidget(self.as_prescribed_button)
        self.lower_button = self._button(
            "One rung lower", "Run every exercise one rung lower today", "primary"
        )
        self.lower_button.clicked.connect(lambda: self._answer(Dosing.LOWER))
        answers.addWidget(self.lower_button)
        choice.addLayout(answers)
        self.choice.hide()
        column.addWidget(self.choice)
        column.addStretch(2)

        for first, second in (
            (self.scale.buttons[0], self.skip_button),
            (self.skip_button, self.start_button),
            (self.start_button, self.back_button),
        ):
            QWidget.setTabOrder(first, second)
        QWidget.setTabOrder(self.lower_button, self.as_prescribed_button)
        QWidget.setTabOrder(self.as_prescribed_button, self.not_today_button)

    def _button(self, text: str, name: str, role: str) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(name)
        button.setCursor(Qt.CursorShape.PointingHandCursor)
        set_role(button, role)
        return button

    # -- in ----------------------------------------------------------------------------------

    def ask(self, routine: Routine) -> None:
        """The question afresh, for ``routine``."""
        self.routine = routine
        self.before = None
        self.read = False
        self.routine_name.setText(routine.name)
        self._show_flags([])
        self.scale.clear()
        self._show_question()

    def show_before(self, before: BeforeSession | None) -> None:
        """What the coach read: the red flags to show first, whether a lower rung is there
        to offer. None: it could not be read (the session runs at the file's doses)."""
        self.before = before
        self.read = True
        self._show_flags(before.advice() if before is not None else [])
        if not self.choice.isHidden():
            self._show_offer(self.scale.value())

    def _show_flags(self, lines: list[str]) -> None:
        while (item := self.flags_layout.takeAt(0)) is not None:
            widget = item.widget()
            if widget is not None:
                widget.deleteLater()
        for line in lines:
            self.flags_layout.addWidget(warning_strip(line, "Red flag", "Red flag"))
        self.flags.setVisible(bool(lines))

    def _show_question(self) -> None:
        self.choice.hide()
        self.question.show()
        self.title.setText("How is your hip right now?")
        self.scale.tab_stop().setFocus(Qt.FocusReason.OtherFocusReason)

    # -- the runner's answers --------------------------------------------------------------------

    def start(self) -> None:
        """Enter or Start: with the pain chosen (none chosen is a skip); 6 or more first
        shows the advice and the choice."""
        pain = self.scale.value()
        if pain is None or pain < LOWER_FROM:
            self.answered.emit(Answer(pain))
            return
        self.question.hide()
        self.title.setText(f"Pain {pain}/10: read this first")
        self.advice.setText(advice_before(pain))
        self.advice_box.setAccessibleDescription(self.advice.text())
        self.choice.show()
        self._show_offer(pain)

    def _show_offer(self, pain: int | None) -> None:
        """The choice, once the coach's read is in (in a few milliseconds, mostly): until
        then only the advice shows, so the default never moves under the runner's finger."""
        before = self.before
        offered = before is not None and before.offers_lower(pain)
        self.lower_button.setVisible(offered)
        self.as_prescribed_button.setVisible(self.read)
        self.not_today_button.setVisible(self.read)
        set_role(self.as_prescribed_button, "secondary" if offered else "primary")
        if offered:
            self.offer.setText("Take every exercise one rung lower today?")
            self.offer_note.setText(
                "One step below today\u2019s prescription on each side (the first rung stays "
                "the first). A session run lower never counts toward a step up."
            )
        elif not self.read:
            self.offer.setText("Train today?")
            self.offer_note.setText(READING)
        else:
            self.offer.setText("Train today?")
            self.offer_note.setText(
                "Every exercise is on its first rung already: there is no lower one to offer."
            )
        if self.read:
            default = self.lower_button if offered else self.as_prescribed_button
            default.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.choice.setFocus(Qt.FocusReason.OtherFocusReason)

    def _answer(self, dosing: Dosing) -> None:
        self.answered.emit(Answer(self.scale.value(), dosing))

    def skip(self) -> None:
        """Skip (or Esc on the question): start as prescribed, with no pain before."""
        self.answered.emit(Answer(None))

    def escape(self) -> None:
        """Esc: skips the question; on the advice, goes back to the question (the pain
        chosen stays chosen, to change or to take again)."""
        if self.choice.isHidden():
            self.skip()
        else:
            self._show_question()

    def asking(self) -> bool:
        """The question is up (not the advice and its choice)."""
        return self.choice.isHidden()
