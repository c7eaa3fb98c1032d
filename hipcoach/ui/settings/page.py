"""Settings: the voice, the beeps, the visual cue and the timings, saved the moment they change.

Nothing to confirm and nothing to forget: each change is written to the data folder at once
and applies from the next session (the backend reads the settings as it prepares one). The
installed voices are listed, and "Try it" speaks, on the worker thread: asking espeak-ng
takes about 0.1 s, and a sample takes seconds to be heard.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QSlider,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from hipcoach.adapters.qt.tasks import Tasks
from hipcoach.core.settings import HowReading, Look, Settings
from hipcoach.ui.common.theme import font, set_role
from hipcoach.ui.common.widgets import centred_column, plain_label
from hipcoach.ui.settings.plan_section import PlanSection, PlanSource

if TYPE_CHECKING:
    from hipcoach.adapters.audio import VoiceInfo

HOW_READING_CHOICES = (
    ("The first three times", HowReading.FIRST),
    ("Every time", HowReading.ALWAYS),
    ("Never", HowReading.NEVER),
)
LOOK_CHOICES = (
    ("Follow the desktop", Look.DESKTOP),
    ("Light", Look.LIGHT),
    ("Dark", Look.DARK),
)

MAX_WIDTH = 760
RATES = (80, 400)  # words a minute, as settings.py allows
DEFAULT_VOICE = "Default voice"
CUE_LANGUAGE = "en"  # the cues are written in English: its voices are listed first
KEYS = (
    ("Space", "pause, resume"),
    ("Right or N", "skip"),
    ("Left or P", "back"),
    ("Enter", "done: end the work early"),
    ("Esc", "stop (asks first)"),
    ("M", "mute"),
    ("F11", "full screen (Esc leaves it)"),
    ("Ctrl+1, 2, 3", "routines, history, settings"),
    ("Up, Down", "the next routine card"),
    ("Left, Right", "along a 0-10 scale"),
)


def fits_the_cues(voice: VoiceInfo) -> bool:
    """A voice for the cues' language: "en", "en-gb", "en-us" and the like."""
    return any(
        language.lower() == CUE_LANGUAGE or language.lower().startswith(f"{CUE_LANGUAGE}-")
        for language in voice.languages
    )


class SettingsSource(PlanSource, Protocol):
    """What the page reads and writes (the backend)."""

    def current_settings(self) -> Settings: ...

    def save_settings(self, settings: Settings) -> None: ...

    def installed_voices(self) -> list[VoiceInfo]: ...

    def try_voice(self, settings: Settings) -> None: ...


class Stepper(QWidget):
    """A number of seconds with minus and plus buttons beside it; arrow keys step it too."""

    def __init__(self, name: str, low: int, high: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        self.spin = QSpinBox()
        self.spin.setRange(low, high)
        self.spin.setSuffix(" s")
        self.spin.setAccessibleName(name)
        self.spin.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.spin.setKeyboardTracking(False)  # typing "30" saves 30, not 3 and then 30
        self.spin.setFixedWidth(84)
        self.less = self._button("\u2212", f"Less: {name}", -1)
        self.more = self._button("+", f"More: {name}", 1)
        layout.addWidget(self.less)
        layout.addWidget(self.spin)
        layout.addWidget(self.more)
        layout.addStretch(1)

    def _button(self, text: str, name: str, step: int) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(name)
        button.setToolTip(name)
        button.setAutoRepeat(True)
        button.setCursor(Qt.CursorShape.PointingHandCursor)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the number itself takes the arrow keys
        set_role(button, "step")
        button.clicked.connect(lambda: self.spin.stepBy(step))
        return button


class SettingsPage(QWidget):
    saved = Signal(object)  # Settings, just written
    voices_listed = Signal()  # the voice list is filled (or says why it cannot be)
    voice_tried = Signal()  # "Try it" has been heard (or said why it could not be)

    def __init__(self, source: SettingsSource, tasks: Tasks, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Settings")
        self.source = source
        self.tasks = tasks
        self.settings = source.current_settings()
        self._filling = False
        self.voices_known = False  # the installed voices have been listed (or cannot be)
        self._trying: int | None = None  # the ticket of a "Try it" under way

        scroll, column_box, column = centred_column(self, MAX_WIDTH)
        scroll.setAccessibleName("Settings page")
        self.scroll_area = scroll
        column.setContentsMargins(28, 20, 28, 24)
        column.setSpacing(14)

        head = QHBoxLayout()
        head.addWidget(plain_label("Settings", role="heading", name="Settings"))
        head.addStretch(1)
        self.status = plain_label(
            "Saved as you change them, used from your next session", role="muted"
        )
        self.status.setFont(font(13))
        self.status.setAccessibleName("Saving")
        head.addWidget(self.status, 0, Qt.AlignmentFlag.AlignBottom)
        column.addLayout(head)

        # Voice
        voice, grid = self._panel("VOICE")
        self.voice_on = QCheckBox("Speak the cues")
        self.voice_on.setAccessibleName("Speak the cues")
        grid.addWidget(self.voice_on, 0, 0, 1, 2)
        self.voice = QComboBox()
        self.voice.setAccessibleName("Voice")
        self.voice.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.voice.setMinimumContentsLength(18)
        self.voice.setMaxVisibleItems(14)
        self.try_button = QPushButton("Try it")
        self.try_button.setAccessibleName("Try the voice")
        self.try_button.setAccessibleDescription("Says a cue with this voice, speed and volume")
        self.try_button.setToolTip("Say a cue with this voice, speed and volume")
        self.try_button.setCursor(Qt.CursorShape.PointingHandCursor)
        set_role(self.try_button, "quiet")
        self.try_button.clicked.connect(self.try_voice)
        voice_row = QWidget()
        voice_layout = QHBoxLayout(voice_row)
        voice_layout.setContentsMargins(0, 0, 0, 0)
        voice_layout.setSpacing(10)
        voice_layout.addWidget(self.voice, 1)
        voice_layout.addWidget(self.try_button)
        self.voice_note = plain_label("Finding the installed voices\u2026", role="muted", wrap=True)
        self.voice_note.setFont(font(13))
        self.voice_note.setAccessibleName("Voices")
        self._row(grid, 1, "Voice", voice_row, self.voice)
        grid.addWidget(self.voice_note, 2, 1)
        self.rate = QSlider(Qt.Orientation.Horizontal)
        self.rate.setRange(*RATES)
        self.rate.setSingleStep(10)
        self.rate.setPageStep(40)
        self.rate.setTracking(False)
        self.rate.setAccessibleName("Speaking speed")
        self.rate_value = plain_label("", role="muted")
        self.rate_value.setFont(font(13))
        self._row(grid, 3, "Speed", self._with_value(self.rate, self.rate_value))
        self.volume = QSlider(Qt.Orientation.Horizontal)
        self.volume.setRange(0, 100)
        self.volume.setSingleStep(5)
        self.volume.setPageStep(20)
        self.volume.setTracking(False)
        self.volume.setAccessibleName("Voice volume")
        self.volume_value = plain_label("", role="muted")
        self.volume_value.setFont(font(13))
        self._row(grid, 4, "Volume", self._with_value(self.volume, self.volume_value))
        self.how_reading = QComboBox()
        self.how_reading.setAccessibleName("Read each exercise's how-to aloud")
        for label, reading in HOW_READING_CHOICES:
            self.how_reading.addItem(label, reading.value)
        self._row(grid, 5, "How-tos", self.how_reading)
        column.addWidget(voice)

        # Sounds and the screen
        sounds, grid = self._panel("SOUNDS AND SCREEN")
        self.beeps = QCheckBox("Countdown beeps and phase sounds")
        self.beeps.setAccessibleName("Countdown beeps and phase sounds")
        grid.addWidget(self.beeps, 0, 0, 1, 2)
        self.flash = QCheckBox("Flash the screen on the countdown and at each new phase")
        self.flash.setAccessibleName("Flash the screen on the countdown and at each new phase")
        self.flash.setAccessibleDescription("For a noisy room or a muted session")
        grid.addWidget(self.flash, 1, 0, 1, 2)
        flash_note = plain_label(
            "For a noisy room or a muted session; never more than three flashes a second.",
            role="muted",
            wrap=True,
        )
        flash_note.setFont(font(13))
        grid.addWidget(flash_note, 2, 0, 1, 2)
        self.look = QComboBox()
        self.look.setAccessibleName("Colours: follow the desktop, light or dark")
        for label, look_choice in LOOK_CHOICES:
            self.look.addItem(label, look_choice.value)
        self._row(grid, 3, "Colours", self.look)
        column.addWidget(sounds)

        # Before a session: "pain now" (docs/coaching.md, "Pain before the session")
        before, grid = self._panel("BEFORE A SESSION")
        self.ask_pain_before = QCheckBox("Ask \u201cpain now\u201d before each session")
        self.ask_pain_before.setAccessibleName("Ask pain now before each session")
        grid.addWidget(self.ask_pain_before, 0, 0, 1, 2)
        ask_note = plain_label(
            "0-10, skippable. At 6 or more you see the advice first and may take every "
            "exercise one step easier. Off: a session starts without asking.",
            role="muted",
            wrap=True,
        )
        ask_note.setFont(font(13))
        grid.addWidget(ask_note, 1, 0, 1, 2)
        column.addWidget(before)

        # Timings
        timings, grid = self._panel("TIMINGS")
        note = plain_label("Get ready, switch sides and rest between exercises:", wrap=True)
        note.setFont(font(15))
        grid.addWidget(note, 0, 0, 1, 2)
        # Two choices, one Tab stop: the arrow keys move between them (an exclusive group).
        self.routine_timings = QRadioButton("Each routine's own")
        self.routine_timings.setAccessibleName("Each routine's own timings")
        self.same_timings = QRadioButton("The same for every routine")
        self.same_timings.setAccessibleName("The same timings for every routine")
        self.timings_choice = QButtonGroup(self)
        self.timings_choice.addButton(self.routine_timings)
        self.timings_choice.addButton(self.same_timings)
        choice = QWidget()
        choice.setAccessibleName("Timings")
        choice_layout = QHBoxLayout(choice)
        choice_layout.setContentsMargins(0, 0, 0, 0)
        choice_layout.setSpacing(22)
        choice_layout.addWidget(self.routine_timings)
        choice_layout.addWidget(self.same_timings)
        choice_layout.addStretch(1)
        grid.addWidget(choice, 1, 0, 1, 2)
        self.prepare = Stepper("Get ready before each exercise", 0, 600)
        self.switch = Stepper("Switch sides", 0, 600)
        self.rest = Stepper("Rest between exercises", 0, 600)
        self._row(grid, 2, "Get ready before each exercise", self.prepare, self.prepare.spin)
        self._row(grid, 3, "Switch sides", self.switch, self.switch.spin)
        self._row(grid, 4, "Rest between exercises", self.rest, self.rest.spin)
        self.timings_note = plain_label("", role="muted", wrap=True)
        self.timings_note.setFont(font(13))
        grid.addWidget(self.timings_note, 5, 0, 1, 2)
        self.breath = Stepper("One breath, in and out", 1, 60)
        self._row(grid, 6, "One breath, in and out", self.breath, self.breath.spin)
        breath_note = plain_label("Where a routine does not set its own.", role="muted", wrap=True)
        breath_note.setFont(font(13))
        grid.addWidget(breath_note, 7, 1)
        column.addWidget(timings)

        self.plan = PlanSection(source, tasks, column_box)  # saved to plan.toml as it changes
        column.addWidget(self.plan)

        keys, grid = self._panel("KEYS")
        for row, (key, what) in enumerate(KEYS):
            name = plain_label(key)
            name.setFont(font(14, QFont.Weight.DemiBold))
            grid.addWidget(name, row // 2, (row % 2) * 2)
            meaning = plain_label(what, role="muted")
            meaning.setFont(font(14))
            grid.addWidget(meaning, row // 2, (row % 2) * 2 + 1)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        column.addWidget(keys)

        bottom = QHBoxLayout()
        bottom.addStretch(1)
        self.defaults_button = QPushButton("Restore defaults")
        self.defaults_button.setAccessibleName("Restore the default settings")
        self.defaults_button.setCursor(Qt.CursorShape.PointingHandCursor)
        set_role(self.defaults_button, "quiet")
        self.defaults_button.clicked.connect(self.restore_defaults)
        bottom.addWidget(self.defaults_button)
        column.addLayout(bottom)
        column.addStretch(1)

        self._fill_voices([], None)
        self.show_settings(self.settings)
        self.how_reading.currentIndexChanged.connect(self._changed)
        self.look.currentIndexChanged.connect(self._changed)
        for box in (
            self.voice_on,
            self.beeps,
            self.flash,
            self.same_timings,
            self.ask_pain_before,
        ):
            box.toggled.connect(self._changed)
        self.voice.currentIndexChanged.connect(self._changed)
        for slider in (self.rate, self.volume):
            slider.valueChanged.connect(self._changed)
            slider.sliderMoved.connect(self._show_values)
        for stepper in (self.prepare, self.switch, self.rest, self.breath):
            stepper.spin.valueChanged.connect(self._changed)
        self.tasks.run(source.installed_voices, self._voices_found, self._voices_failed)

    # -- building --------------------------------------------------------------------------

    def _panel(self, caption: str) -> tuple[QFrame, QGridLayout]:
        frame = QFrame()
        set_role(frame, "panel")
        layout = QVBoxLayout(frame)
        layout.setContentsMargins(22, 16, 22, 18)
        layout.setSpacing(10)
        layout.addWidget(plain_label(caption, role="section"))
        grid = QGridLayout()
        grid.setHorizontalSpacing(18)
        grid.setVerticalSpacing(10)
        grid.setColumnStretch(1, 1)
        layout.addLayout(grid)
        return frame, grid

    def _row(
        self,
        grid: QGridLayout,
        row: int,
        text: str,
        control: QWidget,
        focus: QWidget | None = None,
    ) -> None:
        label = QLabel(text)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setFont(font(15))
        label.setBuddy(focus or self._focus_of(control))
        label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        grid.addWidget(label, row, 0, Qt.AlignmentFlag.AlignVCenter)
        grid.addWidget(control, row, 1)

    @staticmethod
    def _focus_of(control: QWidget) -> QWidget:
        slider = control.findChild(QSlider)
        return slider if slider is not None else control

    @staticmethod
    def _with_value(slider: QSlider, value: QLabel) -> QWidget:
        box = QWidget()
        layout = QHBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(14)
        layout.addWidget(slider, 1)
        value.setMinimumWidth(150)
        layout.addWidget(value)
        return box

    # -- settings in, settings out ---------------------------------------------------------

    def show_settings(self, settings: Settings) -> None:
        self._filling = True
        try:
            self.voice_on.setChecked(settings.voice_on)
            self._choose_voice(settings.voice)
            self.rate.setValue(settings.rate)
            self.volume.setValue(round(settings.volume * 100))
            self.how_reading.setCurrentIndex(
                max(0, self.how_reading.findData(settings.how_reading.value))
            )
            self.look.setCurrentIndex(max(0, self.look.findData(settings.look.value)))
            self.beeps.setChecked(settings.beeps)
            self.flash.setChecked(settings.flash)
            self.ask_pain_before.setChecked(settings.ask_pain_before)
            self.routine_timings.setChecked(settings.routine_timings)
            self.same_timings.setChecked(not settings.routine_timings)
            self.prepare.spin.setValue(settings.prepare)
            self.switch.spin.setValue(settings.switch)
            self.rest.spin.setValue(settings.rest)
            self.breath.spin.setValue(settings.breath)
        finally:
            self._filling = False
        self._show_values()
        self._enable()

    def chosen(self) -> Settings:
        """The settings as the page shows them now."""
        return replace(
            self.settings,
            voice=str(self.voice.currentData() or ""),
            rate=self.rate.value(),
            volume=self.volume.value() / 100,
            voice_on=self.voice_on.isChecked(),
            beeps=self.beeps.isChecked(),
            how_reading=HowReading(self.how_reading.currentData() or HowReading.FIRST.value),
            flash=self.flash.isChecked(),
            ask_pain_before=self.ask_pain_before.isChecked(),
            routine_timings=not self.same_timings.isChecked(),
            look=Look(self.look.currentData() or Look.DESKTOP.value),
            prepare=self.prepare.spin.value(),
            switch=self.switch.spin.value(),
            rest=self.rest.spin.value(),
            breath=self.breath.spin.value(),
        )

    def _changed(self) -> None:
        self._show_values()
        self._enable()
        if self._filling:
            return
        chosen = self.chosen()
        if chosen == self.settings:
            return
        self.source.save_settings(chosen)
        only_look = replace(chosen, look=self.settings.look) == self.settings
        self.settings = chosen
        self.status.setText(
            "Saved: the colours change at once"
            if only_look
            else "Saved: your next session uses these"
        )
        self.saved.emit(chosen)

    def restore_defaults(self) -> None:
        self.show_settings(Settings())
        self._changed()

    def _show_values(self) -> None:
        rate = self.rate.sliderPosition()
        volume = self.volume.sliderPosition()
        self.rate_value.setText(f"{rate} words a minute")
        self.volume_value.setText(f"{volume} %")
        self.rate.setAccessibleDescription(f"{rate} words a minute")
        self.volume.setAccessibleDescription(f"{volume} percent")

    def _enable(self) -> None:
        speaking = self.voice_on.isChecked()
        for widget in (self.voice, self.rate, self.volume):
            widget.setEnabled(speaking)
        self.try_button.setEnabled(speaking and self._trying is None)
        same = self.same_timings.isChecked()
        for stepper in (self.prepare, self.switch, self.rest):
            stepper.setEnabled(same)
        self.timings_note.setText(
            "Every routine uses these; a time an exercise sets itself still wins."
            if same
            else "Each routine uses the times its file gives (or 5, 5 and 10 seconds)."
        )

    # -- try it ----------------------------------------------------------------------------

    def try_voice(self) -> None:
        """Say a cue as a session would, with the voice, speed and volume shown now."""
        if self._trying is not None:
            return
        chosen = self.chosen()
        source = self.source
        self._trying = self.tasks.run(
            lambda: source.try_voice(chosen), self._tried, self._try_failed
        )
        self.try_button.setEnabled(False)
        self.try_button.setText("Speaking\u2026")
        self.voice_note.setText("")
        self.voice_note.hide()

    def trying(self) -> bool:
        return self._trying is not None

    def _tried(self, _result: object) -> None:
        self._trying = None
        self.try_button.setText("Try it")
        self._enable()
        self.voice_tried.emit()

    def _try_failed(self, error: Exception) -> None:
        from hipcoach.adapters.audio.speech import SpeechError
        from hipcoach.application.backend import VoiceUnavailableError

        if not isinstance(error, SpeechError | VoiceUnavailableError | OSError):
            raise error
        self._tried(None)
        self.voice_note.setText(f"Cannot try the voice: {error}")
        self.voice_note.show()

    # -- voices ----------------------------------------------------------------------------

    def _fill_voices(self, voices: list[VoiceInfo], note: str | None) -> None:
        keep = str(self.voice.currentData() or self.settings.voice)
        self._filling = True
        try:
            self.voice.clear()
            self.voice.addItem(DEFAULT_VOICE, "")
            # The voices that can say the cues first, a line, then every other one.
            fitting = sorted((v for v in voices if fits_the_cues(v)), key=_by_name)
            others = sorted((v for v in voices if not fits_the_cues(v)), key=_by_name)
            for group in (fitting, others):
                if group and group is others and fitting:
                    self.voice.insertSeparator(self.voice.count())
                for info in group:
                    self.voice.addItem(info.name, info.id)
                    self.voice.setItemData(
                        self.voice.count() - 1,
                        f"{info.id} ({', '.join(info.languages)})",
                        Qt.ItemDataRole.ToolTipRole,
                    )
            self._choose_voice(keep)
        finally:
            self._filling = False
        if note is not None:
            self.voice_note.setText(note)
            self.voice_note.setVisible(bool(note))

    def _choose_voice(self, voice_id: str) -> None:
        """Select a voice by id; one not installed (any more) stays chosen, marked so."""
        index = self.voice.findData(voice_id)
        if index < 0:
            self.voice.addItem(
                f"{voice_id} (not found)" if self.voices_known else voice_id, voice_id
            )
            index = self.voice.count() - 1
        self.voice.setCurrentIndex(index)

    def _voices_found(self, voices: list[VoiceInfo]) -> None:
        self.voices_known = True
        self._fill_voices(voices, "" if voices else "No voices are installed: the default is used.")
        self.voices_listed.emit()

    def _voices_failed(self, error: Exception) -> None:
        from hipcoach.core.errors import KnownError

        if not isinstance(error, KnownError | OSError):
            raise error
        self.voices_known = True
        self._fill_voices([], f"Cannot list the voices: {error}")
        self.voices_listed.emit()


def _by_name(voice: VoiceInfo) -> str:
    return voice.name.casefold()
