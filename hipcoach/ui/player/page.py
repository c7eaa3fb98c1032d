"""The player: a sports clock read from a mat two metres away.

It shows what the driver says and nothing more: phase changes, cues and pauses arrive as
events, and on each display tick it asks the engine how much time is left. It never counts
time itself: the rep or breath under way is the phase's elapsed time over the seconds one
takes (``Phase.unit_seconds``), so it stays right across pauses, Back and Skip. Every dose
shown is the phase's own (``Phase.target``, ``Phase.unit``), never the exercise file's range.
The one animation with a duration of its own, the breath pacer, takes it from the breath
cue (``Cue.seconds``) and the session speed, and pauses with the session.

"This hurts" (H, or its button) marks the exercise and side under way (docs/coaching.md:
the next session of the routine is one rung lower there) and answers on screen at once,
"Noted", with a small prompt that offers to skip the rest of that exercise (its button, or
S). Nothing stops, nothing waits for an answer, and the prompt goes when the session moves
on to another exercise. "Noted." is said too, through the session's player: it is rendered
before the session with the script's phrases (``cues.REPLIES``); muted or with the voice
off, it is only shown.
"""

from __future__ import annotations

import math

from PySide6.QtCore import (
    QEasingCurve,
    QEvent,
    QObject,
    QPropertyAnimation,
    QRect,
    QRectF,
    Qt,
    QTimer,
    QVariantAnimation,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFontMetricsF,
    QHideEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QGraphicsOpacityEffect,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from hipcoach.application.backend import ActiveSession
from hipcoach.core.cues import CueKind
from hipcoach.core.engine import CueDue, Event, Paused, PhaseStarted, Resumed, State
from hipcoach.core.model import Routine, Unit
from hipcoach.core.plan import Phase, PhaseKind, Plan
from hipcoach.core.text import clock, plural
from hipcoach.ui.common.theme import LIGHT, Theme, clock_font, font, mix, set_role
from hipcoach.ui.common.widgets import bold, fit_single_line, fit_wrapped, icon, plain_label

CONTROLS_IDLE_MS = 2500  # controls fade this long after the last touch while a phase runs
# Faded, the controls' text still stands 4.5:1 from the page (tested): dimmed, not disabled.
CONTROLS_FADED = 0.62
SUFFIX_SIZE = 0.26  # "of 10" beside a rep count, as a share of the count's size
SUFFIX_GAP = 0.06
FLASH_MS = 160  # how long the visual cue's flash stays on
FLASH_GAP_S = 1 / 3  # never more than three flashes a second (photosensitivity)
GETTING_READY = "GETTING READY"  # under the ring until the voice and sounds are
PHASE_WORDS = {
    PhaseKind.PREPARE: "GET READY",
    PhaseKind.SWITCH: "SWITCH SIDES",
    PhaseKind.EXPLAIN: "HOW TO",
    PhaseKind.SET_REST: "REST",
    PhaseKind.ROUND_REST: "REST",
    PhaseKind.REST: "REST",
}


def countdown_text(remaining: float) -> str:
    """Whole seconds left, rounded up: a clock shows 1 until the phase ends, never 0 early.

    Up to 99 it is the bare number ("90", "5"), as a shot clock shows it: two digits fill
    the ring. From 100 s up it is m:ss, smaller, to fit.
    """
    seconds = max(0, math.ceil(remaining - 1e-6))
    return str(seconds) if seconds < 100 else clock(seconds)


def upcoming_work(plan: Plan, index: int) -> Phase:
    """The work phase this one leads to (itself when it is work): what the runner gets ready for."""
    for phase in plan.phases[index:]:
        if phase.is_work:
            return phase
    return plan.phases[index]


def next_exercise(plan: Plan, index: int) -> str:
    """ "Up next": the first exercise after the one on screen (the one phase ``index`` is
    or leads to), never that exercise again on its other side or in its next set; "Finish"
    after the last."""
    target = upcoming_work(plan, index)
    for phase in plan.phases[plan.phases.index(target) :]:
        if phase.is_work and phase.exercise_index != target.exercise_index:
            return phase.exercise.name
    return "Finish"


def dose_text(phase: Phase) -> str:
    """A work phase's own dose as the runner reads it: "Hold 30 s", "8 breaths", "10 reps"."""
    if phase.unit is None or phase.target is None:
        return ""
    if phase.unit is Unit.SECONDS:
        return f"Hold {phase.target} s"
    return plural(phase.target, "breath" if phase.unit is Unit.BREATHS else "rep")


def counts_by_unit(phase: Phase) -> bool:
    """Reps and breaths show their count huge; holds and the rest show seconds."""
    return phase.is_work and phase.unit in (Unit.REPS, Unit.BREATHS) and phase.unit_seconds > 0


def count_at(phase: Phase, elapsed: float) -> int:
    """The rep or breath under way ``elapsed`` seconds into the phase: 1 from its start."""
    started = math.floor(max(0.0, elapsed) / phase.unit_seconds + 1e-6) + 1
    return min(phase.target or 1, started)


def breathing_in(phase: Phase, elapsed: float) -> bool:
    """The first half of each breath is the in-breath (as the breath cues have it)."""
    into = max(0.0, elapsed) - (count_at(phase, elapsed) - 1) * phase.unit_seconds
    return into < phase.unit_seconds / 2 - 1e-6


class RingClock(QWidget):
    """The countdown digits in a thick ring that empties with the phase; a breath pacer behind.

    The digits are a real label (read by screen readers and tests); the ring and the pacer
    are painted. The digit size follows the ring, so the clock fills whatever space it gets.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(120, 120)
        self.colour = QColor(LIGHT.work)
        self.track = QColor(LIGHT.line)
        self.pacer_colour = QColor(LIGHT.work)
        self.fraction = 1.0
        self.breath = 0.0
        self.pacing = False
        self.digits = QLabel("0", self)
        self.digits.setTextFormat(Qt.TextFormat.PlainText)
        self.digits.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.digits.setAccessibleName("Time left in this phase")
        self.suffix = QLabel("", self)  # "of 10": beside the rep or breath count
        self.suffix.setTextFormat(Qt.TextFormat.PlainText)
        self.suffix.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.suffix.setAccessibleName("Out of")
        self.suffix.hide()
        self.side = plain_label("", name="Side")
        self.side.setParent(self)
        self.side.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.state = plain_label("", name="Phase")
        self.state.setParent(self)
        self.state.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._pattern = "00"
        self._suffix_pattern = ""

    def set_colours(self, colour: QColor, track: QColor, pacer: QColor) -> None:
        self.colour, self.track, self.pacer_colour = colour, track, pacer
        self.update()

    def set_fraction(self, fraction: float) -> None:
        fraction = min(1.0, max(0.0, fraction))
        if abs(fraction - self.fraction) > 1e-4:
            self.fraction = fraction
            self.update()

    def set_breath(self, value: float) -> None:
        self.breath = value
        self.update()

    def set_figure(self, text: str, suffix: str = "") -> None:
        """The huge figure: seconds ("12", "2:05"), or a count with its total beside it
        ("4" and "of 10"). The size follows the widest text of the same shape, so the digits
        do not jump as they change."""
        if suffix:
            pattern = "0" * len(suffix.split()[-1])
        elif len(text) <= 2:
            pattern = "00"
        else:
            pattern = "".join("0" if c.isdigit() else c for c in text)
        suffix_pattern = "".join("0" if c.isdigit() else c for c in suffix)
        if self.digits.text() != text:
            self.digits.setText(text)
        if self.suffix.text() != suffix:
            self.suffix.setText(suffix)
            self.suffix.setVisible(bool(suffix))
        if (pattern, suffix_pattern) != (self._pattern, self._suffix_pattern):
            self._pattern, self._suffix_pattern = pattern, suffix_pattern
            self._place()

    # -- geometry -----------------------------------------------------------------------

    def circle(self) -> tuple[QRectF, float, float]:
        """The ring's outer square, its stroke width, and the radius free inside it."""
        side = float(min(self.width(), self.height()))
        stroke = max(8.0, side * 0.055)
        box = QRectF((self.width() - side) / 2, (self.height() - side) / 2, side, side)
        inner = side / 2 - stroke - max(4.0, side * 0.02)
        return box, stroke, inner

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._place()

    def _place(self) -> None:
        box, _stroke, inner = self.circle()
        centre = box.center()
        # Size the digits so their ink box fits the circle; the glyphs' rounded corners may
        # reach a little past it, into the gap before the ring.
        probe = QFontMetricsF(clock_font(100))
        probe_ink = probe.tightBoundingRect("0123456789").height()
        width = probe.horizontalAdvance(self._pattern)
        if self._suffix_pattern:
            beside = QFontMetricsF(bold(100 * SUFFIX_SIZE))
            width += 100 * SUFFIX_GAP + beside.horizontalAdvance(self._suffix_pattern)
        scale = inner / math.hypot(width / 2, probe_ink / 2)
        pixels = min(100 * scale, 100 * inner * 1.15 / probe_ink)
        digits_font = clock_font(pixels)
        self.digits.setFont(digits_font)
        fm = QFontMetricsF(digits_font)
        ink = fm.tightBoundingRect("0123456789")  # relative to the baseline: top < 0
        ink_height = ink.height()
        label_height = fm.height()
        # The label's box is taller than the ink; centre the ink, not the box.
        top = centre.y() - ink_height / 2 - fm.ascent() - ink.top()
        if self._suffix_pattern:
            # The count and "of 10" as one line, centred together, on one baseline.
            suffix_font = bold(pixels * SUFFIX_SIZE)
            self.suffix.setFont(suffix_font)
            sfm = QFontMetricsF(suffix_font)
            slot = fm.horizontalAdvance(self._pattern)
            gap = pixels * SUFFIX_GAP
            rest = sfm.horizontalAdvance(self._suffix_pattern)
            left = centre.x() - (slot + gap + rest) / 2
            self.digits.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.digits.setGeometry(
                QRect(round(left), round(top), math.ceil(slot), math.ceil(label_height))
            )
            baseline = top + fm.ascent()
            self.suffix.setGeometry(
                QRect(
                    round(left + slot + gap),
                    round(baseline - sfm.ascent()),
                    math.ceil(rest + sfm.averageCharWidth()),
                    math.ceil(sfm.height()),
                )
            )
        else:
            self.digits.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.digits.setGeometry(
                QRect(
                    round(centre.x() - inner), round(top), round(inner * 2), math.ceil(label_height)
                )
            )
        words = max(12.0, inner * 0.16)
        self.side.setFont(bold(words))
        self.state.setFont(bold(words * 0.8))
        chord = inner * 1.3
        gap = inner * 0.1
        side_h = math.ceil(QFontMetricsF(self.side.font()).height())
        self.side.setGeometry(
            round(centre.x() - chord / 2),
            round(centre.y() - ink_height / 2 - gap - side_h),
            round(chord),
            side_h,
        )
        state_h = math.ceil(QFontMetricsF(self.state.font()).height())
        self.state.setGeometry(
            round(centre.x() - chord / 2),
            round(centre.y() + ink_height / 2 + gap),
            round(chord),
            state_h,
        )
        for label, largest in ((self.side, words), (self.state, words * 0.8)):
            fit_single_line(label, largest, 10, round(chord))

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        box, stroke, inner = self.circle()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if self.pacing:
            radius = inner * (0.52 + 0.48 * self.breath)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(self.pacer_colour)
            painter.drawEllipse(box.center(), radius, radius)
        ring = box.adjusted(stroke / 2, stroke / 2, -stroke / 2, -stroke / 2)
        pen = QPen(self.track, stroke)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(ring)
        if self.fraction > 0:
            pen.setColor(self.colour)
            pen.setCapStyle(Qt.PenCapStyle.FlatCap)
            painter.setPen(pen)
            painter.drawArc(ring, 90 * 16, -round(self.fraction * 360 * 16))
        painter.end()


class SessionBar(QWidget):
    """Whole-session progress: a thin bar, filled in the colour of the phase under way."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFixedHeight(8)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName("Session progress")
        self.progress = 0.0
        self.colour = QColor(LIGHT.work)
        self.track = QColor(LIGHT.line)

    def set_progress(self, progress: float) -> None:
        progress = min(1.0, max(0.0, progress))
        if abs(progress - self.progress) > 1e-4:
            self.progress = progress
            self.setAccessibleDescription(f"{round(progress * 100)} percent done")
            self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        radius = self.height() / 2
        painter.setBrush(self.track)
        painter.drawRoundedRect(QRectF(self.rect()), radius, radius)
        if self.progress > 0:
            painter.setBrush(self.colour)
            width = max(self.height(), self.width() * self.progress)
            painter.drawRoundedRect(QRectF(0, 0, width, self.height()), radius, radius)
        painter.end()


class PlayerPage(QWidget):
    """Shows one running session; its buttons and keys call the driver and nothing else."""

    stop_requested = Signal()  # Esc or the Stop button: the window asks first
    mute_toggled = Signal(bool)
    flashed = Signal()  # the visual cue flashed the page

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Player")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.theme: Theme = LIGHT
        self.session: ActiveSession | None = None
        self.kind = PhaseKind.PREPARE
        self._phase: Phase | None = None
        self._target: Phase | None = None
        self._counts_fixed: list[str] = []
        self._phase_word = ""
        self._paused = False
        self.flash_on = False  # the visual cue: a setting, off by default
        self._flashing = False
        self._last_flash: float | None = None

        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 14, 24, 12)
        outer.setSpacing(6)

        top = QHBoxLayout()
        top.setSpacing(14)
        self.routine_name = plain_label("", role="muted", name="Routine")
        top.addWidget(self.routine_name)
        self.session_bar = SessionBar()
        top.addWidget(self.session_bar, 1)
        self.session_left = plain_label("", name="Session time left")
        top.addWidget(self.session_left)
        self.voice_note = plain_label("No voice", role="muted", name="No voice")
        self.voice_note.hide()
        top.addWidget(self.voice_note)
        self.mute_button = QPushButton()
        self.mute_button.setCheckable(True)
        self.mute_button.setAccessibleName("Mute")
        self.mute_button.setToolTip("Mute (M)")
        self.mute_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.mute_button.setCursor(Qt.CursorShape.PointingHandCursor)
        set_role(self.mute_button, "toggle")
        self.mute_button.toggled.connect(self._mute_clicked)
        top.addWidget(self.mute_button)
        outer.addLayout(top)

        self.name = plain_label("", name="Exercise")
        self.name.setAlignment(Qt.AlignmentFlag.AlignCenter)
        outer.addWidget(self.name)

        self.ring = RingClock()
        outer.addWidget(self.ring, 1)

        info = QHBoxLayout()
        info.setSpacing(16)
        self.counts = plain_label("", name="Set and count")
        self.counts.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        info.addWidget(self.counts, 0, Qt.AlignmentFlag.AlignVCenter)
        self.up_next = plain_label("", name="Up next")
        self.up_next.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.up_next.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        info.addWidget(self.up_next, 1)
        outer.addLayout(info)

        # A long how-to shrinks a little, then takes more room, then scrolls: never cut off.
        self.how = plain_label("", role="muted", wrap=True, name="How to do it")
        self.how.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.how_scroll = QScrollArea()
        self.how_scroll.setWidgetResizable(True)
        self.how_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.how_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.how_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the player's keys are shortcuts
        self.how_scroll.setAccessibleName("How to do it")
        self.how_scroll.setWidget(self.how)
        self.how_scroll.viewport().setAutoFillBackground(False)
        outer.addWidget(self.how_scroll)

        self.controls = QWidget()
        bar = QHBoxLayout(self.controls)
        bar.setContentsMargins(0, 4, 0, 0)
        bar.setSpacing(10)
        self.back_button = self._control("Back", "Back (Left or P)", "control")
        self.pause_button = self._control("Pause", "Pause (Space)", "control")
        self.pause_button.setProperty("main", True)
        self.skip_button = self._control("Skip", "Skip (Right or N)", "control")
        self.done_button = self._control("Done", "Done: end this work early (Enter)", "control")
        self.stop_button = self._control("Stop", "Stop (Esc)", "stop")
        bar.addWidget(self.stop_button)
        bar.addStretch(1)
        for button in (self.back_button, self.pause_button, self.skip_button, self.done_button):
            bar.addWidget(button)
        bar.addStretch(1)
        self.balance = QWidget()  # keeps the middle group centred against Stop
        self.hurt_button = self._control("This hurts", "This hurts: mark it (H)", "control")
        balance_layout = QHBoxLayout(self.balance)
        balance_layout.setContentsMargins(0, 0, 0, 0)
        balance_layout.addWidget(self.hurt_button)
        bar.addWidget(self.balance)

        # "Noted", and the offer to skip the rest of the exercise that hurts: never modal.
        self.hurt_prompt = QFrame()
        self.hurt_prompt.setAccessibleName("This hurts")
        set_role(self.hurt_prompt, "panel")
        prompt = QHBoxLayout(self.hurt_prompt)
        prompt.setContentsMargins(14, 6, 8, 6)
        prompt.setSpacing(10)
        self.hurt_note = plain_label("", wrap=True, name="Noted")
        prompt.addWidget(self.hurt_note, 1)
        self.skip_rest_button = self._control("Skip the rest", "Skip the rest (S)", "secondary")
        prompt.addWidget(self.skip_rest_button)
        self.hurt_prompt.hide()
        self._hurt: Phase | None = None  # the work phase the prompt is about
        outer.addWidget(self.hurt_prompt)
        outer.addWidget(self.controls)

        self.back_button.clicked.connect(self.back)
        self.pause_button.clicked.connect(self.toggle_pause)
        self.skip_button.clicked.connect(self.skip)
        self.done_button.clicked.connect(self.done)
        self.stop_button.clicked.connect(self.stop_requested)
        self.hurt_button.clicked.connect(self.this_hurts)
        self.skip_rest_button.clicked.connect(self.skip_rest)

        self._fade = QGraphicsOpacityEffect(self.controls)
        self._fade.setOpacity(1.0)
        self.controls.setGraphicsEffect(self._fade)
        self._fade_animation = QPropertyAnimation(self._fade, b"opacity", self)
        self._fade_animation.setDuration(450)
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.setInterval(CONTROLS_IDLE_MS)
        self._idle.timeout.connect(self._controls_idle)

        self._pacer = QVariantAnimation(self)
        self._pacer.setEasingCurve(QEasingCurve.Type.InOutSine)
        self._pacer.valueChanged.connect(lambda value: self.ring.set_breath(float(value)))

        self._flash_end = QTimer(self)
        self._flash_end.setSingleShot(True)
        self._flash_end.setInterval(FLASH_MS)
        self._flash_end.timeout.connect(self._end_flash)

        self.apply_theme(LIGHT)

    def _control(self, text: str, tip: str, role: str) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(text)
        button.setToolTip(tip)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keys are the keyboard way in
        button.setCursor(Qt.CursorShape.PointingHandCursor)
        set_role(button, role)
        return button

    # -- a session in, a session out --------------------------------------------------------

    def get_ready(self, routine: Routine, muted: bool) -> None:
        """Shown the moment Start is pressed, while today's doses are read and the voice and
        sounds get ready: the routine, its first exercise and "getting ready". The session
        starts by itself (``attach``); only Stop, Esc and mute mean anything meanwhile."""
        self.detach()
        first = routine.exercises[0]
        self.kind = PhaseKind.PREPARE
        self._phase = self._target = None
        self._paused = False
        self.routine_name.setText(routine.name)
        self.voice_note.hide()
        self.mute_button.blockSignals(True)
        self.mute_button.setChecked(muted)
        self.mute_button.blockSignals(False)
        self._show_mute(muted)
        self.name.setText(first.name)
        self.name.setAccessibleDescription(first.name)
        self.ring.pacing = False
        self.ring.side.setText("")
        self.ring.set_figure("")
        self.ring.digits.setAccessibleDescription(GETTING_READY.lower())
        self.ring.state.setText(GETTING_READY)
        self.ring.state.setAccessibleDescription(GETTING_READY)
        self.ring.set_fraction(1.0)
        self.counts.setText("")
        self.up_next.setText("")
        self.how.setText("The voice and sounds are getting ready: the session starts by itself.")
        self.session_bar.set_progress(0.0)
        self.session_left.setText("")
        for button in (self.back_button, self.pause_button, self.skip_button, self.done_button):
            button.setEnabled(False)
        self._apply_phase_colours()
        self._fit_texts()
        self.wake_controls()

    def attach(
        self, session: ActiveSession, silent_reason: str | None, muted: bool, flash: bool = False
    ) -> None:
        self.detach()
        self.session = session
        self._paused = False
        self.flash_on = flash
        self._last_flash = None
        self.routine_name.setText(session.routine.name)
        self.voice_note.setVisible(bool(silent_reason))
        self.voice_note.setToolTip(f"No voice: {silent_reason}" if silent_reason else "")
        self.voice_note.setAccessibleDescription(silent_reason or "")
        self.mute_button.blockSignals(True)
        self.mute_button.setChecked(muted)
        self.mute_button.blockSignals(False)
        self._show_mute(muted)
        session.driver.happened.connect(self.on_event)
        session.driver.display.connect(self.refresh)
        for button in (self.back_button, self.pause_button, self.skip_button):
            button.setEnabled(True)  # Done follows the phase (_show_phase)
        self._show_paused(False)
        self.wake_controls()

    def detach(self) -> None:
        if self.session is not None:
            driver = self.session.driver
            driver.happened.disconnect(self.on_event)
            driver.display.disconnect(self.refresh)
        self.session = None
        self._close_hurt_prompt()
        self._pacer.stop()
        self._idle.stop()
        self._end_flash()

    # -- what the driver says -------------------------------------------------------------------

    def on_event(self, event: Event) -> None:
        if isinstance(event, PhaseStarted):
            self._show_phase(event.index, event.phase)
            self.flash()
        elif isinstance(event, CueDue):
            self._show_cue(event)
        elif isinstance(event, Paused):
            self._show_paused(True)
        elif isinstance(event, Resumed):
            self._show_paused(False)

    def _show_phase(self, index: int, phase: Phase) -> None:
        assert self.session is not None
        plan = self.session.plan
        target = upcoming_work(plan, index)
        exercise = target.exercise
        self.kind = phase.kind
        self._phase, self._target = phase, target
        hurt = self._hurt
        if hurt is not None and (hurt.exercise_index, hurt.round) != (
            target.exercise_index,
            target.round,
        ):
            self._close_hurt_prompt()  # on to another exercise: the offer is over
        self._pacer.stop()
        self.ring.pacing = phase.is_work and phase.unit is Unit.BREATHS
        self.ring.set_breath(0.0)
        self.name.setText(
            f"Next: {exercise.name}"
            if phase.kind in (PhaseKind.REST, PhaseKind.ROUND_REST)
            else exercise.name
        )
        self.name.setAccessibleDescription(self.name.text())
        # A rest is a rest: the side belongs to the work, the get-ready and the switch.
        side = target.side.value.upper() if target.side and not phase.is_rest else ""
        self.ring.side.setText(side)
        if phase.is_work:
            word = {Unit.REPS: "REPS", Unit.BREATHS: "BREATHE"}.get(phase.unit or Unit.SECONDS)
            self._phase_word = word or "HOLD"
        else:
            self._phase_word = PHASE_WORDS[phase.kind]
        fixed = []
        if target.round is not None and target.rounds:
            fixed.append(f"Round {target.round} of {target.rounds}")
        if target.sets > 1:
            fixed.append(f"Set {target.set} of {target.sets}")
        if not counts_by_unit(phase):
            fixed.append(dose_text(target))  # seconds are huge: the dose goes small
        self._counts_fixed = [part for part in fixed if part]
        self.up_next.setText(f"Up next: {next_exercise(plan, index)}")
        self.how.setText(exercise.how)
        self.how_scroll.verticalScrollBar().setValue(0)
        self.done_button.setEnabled(phase.is_work)
        self._apply_phase_colours()
        self._fit_texts()
        self.refresh()

    def _show_cue(self, event: CueDue) -> None:
        assert self.session is not None
        cue = event.cue
        if cue.kind is CueKind.TICK:
            self.flash()
        if cue.kind is CueKind.REP:
            self.refresh()  # the count moves on now, not at the next display tick
        if cue.kind not in (CueKind.BREATH_IN, CueKind.BREATH_OUT):
            return
        inhale = cue.kind is CueKind.BREATH_IN
        speed = self.session.driver.engine.speed
        self._pacer.stop()
        self._pacer.setStartValue(self.ring.breath)
        self._pacer.setEndValue(1.0 if inhale else 0.0)
        self._pacer.setDuration(max(1, round(cue.seconds / speed * 1000)))
        self._pacer.start()
        if self._paused:
            self._pacer.pause()
        self.refresh()

    def _show_paused(self, paused: bool) -> None:
        self._paused = paused
        self.pause_button.setText("Resume" if paused else "Pause")
        self.pause_button.setAccessibleName("Resume" if paused else "Pause")
        self.pause_button.setToolTip("Resume (Space)" if paused else "Pause (Space)")
        self.pause_button.setIcon(icon("play" if paused else "pause", self.theme.text))
        if paused:
            if self._pacer.state() is QVariantAnimation.State.Running:
                self._pacer.pause()
        elif self._pacer.state() is QVariantAnimation.State.Paused:
            self._pacer.resume()
        self._apply_phase_colours()
        self.refresh()
        self.wake_controls()

    def refresh(self) -> None:
        """Redraw the figure, the words under it and the time left, as the engine tells it now."""
        if self.session is None:
            return
        driver = self.session.driver
        engine = driver.engine
        now = driver.now()
        remaining = engine.phase_remaining(now)
        phase = engine.phase
        seconds = countdown_text(remaining)
        word = self._phase_word
        counts = list(self._counts_fixed)
        if counts_by_unit(phase):
            elapsed = phase.seconds - remaining
            count = count_at(phase, elapsed)
            total = phase.target or 0
            self.ring.set_figure(str(count), f"of {total}")
            noun = "breath" if phase.unit is Unit.BREATHS else "rep"
            self.ring.digits.setAccessibleDescription(f"{noun} {count} of {total}")
            if phase.unit is Unit.BREATHS:
                word = "BREATHE IN" if breathing_in(phase, elapsed) else "BREATHE OUT"
            counts.append(f"{clock(math.ceil(remaining - 1e-6))} left")
        else:
            self.ring.set_figure(seconds)
            self.ring.digits.setAccessibleDescription(f"{seconds} seconds left")
        word = "PAUSED" if self._paused else word
        if self.ring.state.text() != word:
            self.ring.state.setText(word)
            self.ring.state.setAccessibleDescription(word)
        text = "  \u00b7  ".join(counts)
        if self.counts.text() != text:
            self.counts.setText(text)
        self.ring.set_fraction(remaining / phase.seconds if phase.seconds else 0.0)
        total_seconds = self.session.plan.total_seconds
        left = engine.session_remaining(now)
        self.session_bar.set_progress(1.0 - left / total_seconds if total_seconds else 1.0)
        self.session_left.setText(f"{clock(math.ceil(left - 1e-6))} left")

    # -- the runner's controls ------------------------------------------------------------------

    def running(self) -> bool:
        return self.session is not None and self.session.driver.engine.state in (
            State.RUNNING,
            State.PAUSED,
        )

    def toggle_pause(self) -> None:
        if self.running():
            assert self.session is not None
            self.session.driver.toggle_pause()

    def skip(self) -> None:
        if self.running():
            assert self.session is not None
            self.session.driver.skip()
            self.wake_controls()

    def back(self) -> None:
        if self.running():
            assert self.session is not None
            self.session.driver.back()
            self.wake_controls()

    def done(self) -> None:
        if self.running():
            assert self.session is not None
            self.session.driver.done()
            self.wake_controls()

    def this_hurts(self) -> None:
        """H: mark the exercise-side under way as hurting, say "noted" (aloud and on screen)
        and offer to skip the rest of that exercise."""
        if not self.running():
            return
        assert self.session is not None
        phase = self.session.mark_hurt()
        self.wake_controls()
        if phase is None:
            return
        self._hurt = phase
        side = f", {phase.side.value} side" if phase.side is not None else ""
        name = phase.exercise.name
        self.hurt_note.setText(
            f"Noted: {name}{side}. Next time it is one step easier there. Skip the rest of it?"
        )
        self.hurt_note.setAccessibleDescription(self.hurt_note.text())
        self.skip_rest_button.setAccessibleName(f"Skip the rest of {name}")
        self.hurt_prompt.show()

    def hurt_prompt_shown(self) -> bool:
        return not self.hurt_prompt.isHidden()

    def skip_rest(self) -> None:
        """The prompt's offer taken (its button, or S while it shows): skip what is left of
        the exercise that hurts."""
        if not self.hurt_prompt_shown() or not self.running():
            return
        assert self.session is not None
        self._close_hurt_prompt()
        self.session.skip_exercise()
        self.wake_controls()

    def _close_hurt_prompt(self) -> None:
        self._hurt = None
        self.hurt_prompt.hide()

    def set_muted(self, muted: bool) -> None:
        self.mute_button.setChecked(muted)

    def _mute_clicked(self, muted: bool) -> None:
        self._show_mute(muted)
        self.mute_toggled.emit(muted)

    def _show_mute(self, muted: bool) -> None:
        self.mute_button.setIcon(icon("muted" if muted else "sound", self.theme.muted))
        self.mute_button.setText(" Muted" if muted else "")
        self.mute_button.setAccessibleName("Unmute" if muted else "Mute")
        self.mute_button.setToolTip("Unmute (M)" if muted else "Mute (M)")

    # -- the visual cue ---------------------------------------------------------------------

    def flash(self) -> None:
        """Flash the page (a countdown tick, a new phase) when the runner asked for it; never
        sooner than FLASH_GAP_S after the last flash, by the session's clock."""
        if not self.flash_on or self.session is None:
            return
        now = self.session.driver.now()
        if self._last_flash is not None and now - self._last_flash < FLASH_GAP_S - 1e-9:
            return
        self._last_flash = now
        self._flashing = True
        self._flash_end.start()
        self.update()
        self.flashed.emit()

    def flashing(self) -> bool:
        return self._flashing

    def _end_flash(self) -> None:
        self._flash_end.stop()
        if self._flashing:
            self._flashing = False
            self.update()

    # -- controls that fade while a phase runs --------------------------------------------------

    def wake_controls(self) -> None:
        self._fade_to(1.0)
        self._idle.start()

    def _controls_idle(self) -> None:
        if self.session is not None and self.session.driver.engine.state is State.RUNNING:
            self._fade_to(CONTROLS_FADED)

    def _fade_to(self, opacity: float) -> None:
        if abs(self._fade.opacity() - opacity) < 1e-3:
            self._fade_animation.stop()
            return
        self._fade_animation.stop()
        self._fade_animation.setStartValue(self._fade.opacity())
        self._fade_animation.setEndValue(opacity)
        self._fade_animation.start()

    def controls_opacity(self) -> float:
        return float(self._fade.opacity())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() in (QEvent.Type.MouseMove, QEvent.Type.MouseButtonPress):
            self.wake_controls()
        return False

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802
        super().hideEvent(event)
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    # -- look ------------------------------------------------------------------------------------

    def apply_theme(self, theme: Theme) -> None:
        self.theme = theme
        for button, name in (
            (self.back_button, "back"),
            (self.skip_button, "skip"),
            (self.done_button, "done"),
        ):
            button.setIcon(icon(name, theme.text))
        self.stop_button.setIcon(icon("stop", theme.stop))
        self.pause_button.setIcon(icon("play" if self._paused else "pause", theme.text))
        self._show_mute(self.mute_button.isChecked())
        self._apply_phase_colours()

    def _apply_phase_colours(self) -> None:
        """The phase's hue on the ring, its words and the page; grey while paused. Over the
        breath pacer the words are in the text colour: the hue on its own wash is too faint
        to read."""
        theme = self.theme
        background = QColor(theme.background)
        hue = QColor(theme.muted) if self._paused else theme.phase(self.kind)
        self.ring.set_colours(hue, theme.ring_track(hue), theme.pacer(hue))
        self.session_bar.colour = hue
        self.session_bar.track = mix(background, QColor(theme.line), 0.9)
        self.session_bar.update()
        figure = theme.muted if self._paused else theme.text
        plain = self._paused or self.ring.pacing
        words = theme.text if plain else hue.name()
        for label, colour in (
            (self.ring.digits, figure),
            (self.ring.suffix, figure),
            (self.ring.side, theme.text if self.ring.pacing else hue.name()),
            (self.ring.state, words),
        ):
            sheet = f"color: {colour};"
            if label.styleSheet() != sheet:  # a new sheet re-styles it: only when it changes
                label.setStyleSheet(sheet)
        self.update()

    def background(self) -> QColor:
        """The page's colour now: the phase's wash, plain while paused, strong in a flash."""
        if self._paused:
            return QColor(self.theme.background)
        if self._flashing:
            return self.theme.flash(self.kind)
        return self.theme.player_background(self.kind)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.background())
        painter.end()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._fit_texts()

    def scale(self) -> float:
        """How much bigger than at 800x600 the type should be: full screen reads from further."""
        return max(0.8, min(self.height() / 600, self.width() / 800, 2.4))

    def _fit_texts(self) -> None:
        k = self.scale()
        width = max(100, self.width() - 48)
        self.routine_name.setFont(font(14 * k))
        self.session_left.setFont(bold(16 * k))
        self.voice_note.setFont(font(13 * k))
        self.mute_button.setIconSize(
            self.mute_button.iconSize().scaled(
                round(20 * k), round(20 * k), Qt.AspectRatioMode.IgnoreAspectRatio
            )
        )
        self._fit_name(k, width)
        self.counts.setFont(bold(17 * k))
        self._fit_up_next(k, width)
        self._fit_how(k, width)
        for button in (
            self.back_button,
            self.pause_button,
            self.skip_button,
            self.done_button,
            self.stop_button,
            self.hurt_button,
        ):
            button.setMinimumHeight(round(50 * k))
            button.setIconSize(
                button.iconSize().scaled(
                    round(24 * k), round(24 * k), Qt.AspectRatioMode.IgnoreAspectRatio
                )
            )
            size = bold(16 * k)
            button.setFont(size)
        self.hurt_note.setFont(bold(15 * k))
        self.stop_button.setMinimumWidth(0)
        wide = max(self.stop_button.sizeHint().width(), self.hurt_button.sizeHint().width())
        self.stop_button.setMinimumWidth(wide)
        self.balance.setFixedWidth(wide)

    def _fit_name(self, k: float, width: int) -> None:
        """One line as large as fits; a long name wraps onto a second line, never clipped."""
        self.name.setWordWrap(False)
        self.name.setFont(bold(34 * k))
        fit_single_line(self.name, 34 * k, 24 * k, width)
        metrics = QFontMetricsF(self.name.font())
        if metrics.horizontalAdvance(self.name.text()) > width:
            self.name.setWordWrap(True)
            two_lines = math.ceil(QFontMetricsF(bold(24 * k)).lineSpacing() * 2)
            fit_wrapped(self.name, 24 * k, 16 * k, width, two_lines)
        box = QFontMetricsF(self.name.font()).boundingRect(
            QRectF(0, 0, width, 100000), int(Qt.TextFlag.TextWordWrap), self.name.text()
        )
        self.name.setFixedHeight(math.ceil(box.height()) + 2)

    def _fit_up_next(self, k: float, width: int) -> None:
        """Large and bold enough to read from the mat; it wraps rather than clip."""
        self.counts.adjustSize()
        room = max(100, width - self.counts.sizeHint().width() - 16)
        self.up_next.setWordWrap(False)
        self.up_next.setFont(bold(21 * k))
        fit_single_line(self.up_next, 21 * k, 16 * k, room)
        if QFontMetricsF(self.up_next.font()).horizontalAdvance(self.up_next.text()) > room:
            self.up_next.setWordWrap(True)

    def _fit_how(self, k: float, width: int) -> None:
        """The how-to at its size if it fits its box; smaller a little; then a taller box, up
        to a quarter of the page; past that it scrolls."""
        # While its how-to is read (an explain phase), the how-to is what the runner reads.
        explaining = self.kind is PhaseKind.EXPLAIN
        size = (22 if explaining else 15) * k
        base = round((170 if explaining else 58) * k)
        smallest = max(13.0, 13 * k)
        self.how.setFont(font(size))
        room = width - 14  # a scroll bar's width, should it appear
        fit_wrapped(self.how, size, smallest, room, base)
        needed = QFontMetricsF(self.how.font()).boundingRect(
            QRectF(0, 0, room, 100000), int(Qt.TextFlag.TextWordWrap), self.how.text()
        )
        tallest = max(base, round(self.height() * (0.45 if explaining else 0.25)))
        self.how_scroll.setFixedHeight(min(tallest, max(base, math.ceil(needed.height()) + 4)))
