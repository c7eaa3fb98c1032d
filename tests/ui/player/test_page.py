"""The player as it is read from the mat: huge digits, literal text, a pacer that breathes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from hipcoach.adapters import paths
from hipcoach.adapters.qt.driver import SessionDriver
from hipcoach.adapters.settings_file import SettingsFile
from hipcoach.application.backend import Backend
from hipcoach.core.cues import CueKind
from hipcoach.core.engine import CueDue, Event, PhaseStarted, State
from hipcoach.core.plan import PhaseKind
from hipcoach.ui.common.theme import DARK, LIGHT
from hipcoach.ui.player import page as player_page
from hipcoach.ui.player.page import countdown_text
from hipcoach.ui.shell.main_window import MainWindow
from tests.fakes.player import RecordingPlayer
from tests.ui.helpers import FakeLog, press

MARKUP = "<b>x</b>"


def start_paused(qtbot: QtBot, window: MainWindow, routine_id: str) -> None:
    window.start_routine(routine_id)
    assert window.session is not None
    press(qtbot, window, Qt.Key.Key_Space)
    engine = window.session.driver.engine
    qtbot.waitUntil(lambda: engine.state is State.PAUSED, timeout=2000)


def ink_rows(image: QImage, area: QRect, ink: QColor) -> list[int]:
    """Rows of ``area`` where some pixel is (nearly) the ink colour."""
    rows = []
    for y in range(area.top(), area.bottom() + 1):
        for x in range(area.left(), area.right() + 1, 2):
            pixel = image.pixelColor(x, y)
            distance = (
                abs(pixel.red() - ink.red())
                + abs(pixel.green() - ink.green())
                + abs(pixel.blue() - ink.blue())
            )
            if distance < 90:
                rows.append(y)
                break
    return rows


def digit_height(window: MainWindow) -> int:
    """The height, in pixels on screen, of the countdown's digits as drawn."""
    window.player.refresh()
    digits = window.player.ring.digits
    image = window.grab().toImage()
    top_left = digits.mapTo(window, digits.rect().topLeft())
    area = QRect(top_left, digits.size()).intersected(QRect(0, 0, image.width(), image.height()))
    theme = window.theme
    assert theme is not None
    rows = ink_rows(image, area, QColor(theme.muted if window.player._paused else theme.text))
    return rows[-1] - rows[0] + 1 if rows else 0


def test_the_digits_are_at_least_a_quarter_of_the_window_high_at_800x600(
    qtbot: QtBot, window: MainWindow
) -> None:
    assert (window.width(), window.height()) == (800, 600)
    start_paused(qtbot, window, "post-run-stretch")
    assert window.player.ring.digits.text() == "5"
    assert digit_height(window) >= 600 / 4
    press(qtbot, window, Qt.Key.Key_Right)  # into the 30 s hold: two digits
    assert window.player.ring.digits.text() == "30"
    assert digit_height(window) >= 600 / 4


def test_the_digits_grow_with_a_full_screen_window(qtbot: QtBot, window: MainWindow) -> None:
    start_paused(qtbot, window, "post-run-stretch")
    small = digit_height(window)
    window.resize(1600, 1000)
    qtbot.waitUntil(lambda: window.player.height() > 900)
    assert digit_height(window) >= max(small * 1.4, 1000 / 4)


def test_countdown_text_rounds_up_and_stays_two_digits_below_100() -> None:
    assert countdown_text(29.01) == "30"
    assert countdown_text(0.2) == "1"
    assert countdown_text(0.0) == "0"
    assert countdown_text(99.0) == "99"
    assert countdown_text(125.0) == "2:05"


def write_markup_routine(data_dir: Path) -> None:
    folder = data_dir / paths.USER_ROUTINES
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "markup.toml").write_text(
        "format = 1\n"
        f'name = "{MARKUP}"\n'
        f'summary = "{MARKUP}"\n'
        f'tags = ["{MARKUP}"]\n'
        "[[exercise]]\n"
        f'name = "{MARKUP}"\n'
        f'how = "{MARKUP}"\n'
        "hold = 30\n",
        encoding="utf-8",
    )


def assert_literal(label: QLabel) -> None:
    assert label.textFormat() is Qt.TextFormat.PlainText
    # Shown as the eight characters typed, not as a bold "x".
    assert label.sizeHint().width() >= label.fontMetrics().horizontalAdvance(MARKUP)


def test_routine_text_is_shown_literally_never_as_markup(
    qtbot: QtBot, window: MainWindow, data_dir: Path
) -> None:
    write_markup_routine(data_dir)
    window.reload_library()
    card = window.library_page.card("markup")
    assert card is not None
    assert card.name.text() == MARKUP
    assert_literal(card.name)
    qtbot.mouseClick(card, Qt.MouseButton.LeftButton)
    detail = window.library_page.detail
    assert detail.title.text() == MARKUP
    assert_literal(detail.title)
    assert detail.summary.text() == MARKUP
    assert detail.exercise_rows[0].name.text() == MARKUP
    assert_literal(detail.exercise_rows[0].name)

    start_paused(qtbot, window, "markup")
    assert window.player.name.text() == MARKUP
    assert_literal(window.player.name)
    assert window.player.how.text() == MARKUP
    assert_literal(window.player.how)
    assert window.player.routine_name.text() == MARKUP
    assert "<b>" in window.player.up_next.text()
    showing = [label for label in window.findChildren(QLabel) if "<b>" in label.text()]
    assert len(showing) >= 8
    assert all(label.textFormat() is Qt.TextFormat.PlainText for label in showing)


def test_each_phase_kind_has_its_own_hue_and_none_is_red(qtbot: QtBot, window: MainWindow) -> None:
    start_paused(qtbot, window, "quick")
    press(qtbot, window, Qt.Key.Key_Space)  # the ring is grey while paused; run to see hues
    seen: dict[PhaseKind, str] = {}
    assert window.session is not None

    def note(event: Event) -> bool:
        if isinstance(event, PhaseStarted):
            seen[event.phase.kind] = window.player.ring.colour.name()
        return False

    window.session.driver.happened.connect(note)
    qtbot.wait_signal(window.session.driver.ended, timeout=5000).wait()
    work, rest = seen[PhaseKind.WORK], seen[PhaseKind.REST]
    assert len({work, rest, seen[PhaseKind.SWITCH], seen[PhaseKind.PREPARE]}) == 4
    for theme in (LIGHT, DARK):
        for kind in PhaseKind:
            hue = theme.phase(kind).hueF() * 360
            assert not (hue < 20 or hue > 340), kind  # red is for Stop alone
    assert QColor(LIGHT.stop).hueF() * 360 < 20 or QColor(LIGHT.stop).hueF() * 360 > 340


def test_the_pacer_grows_on_the_in_breath_and_shrinks_on_the_out_breath(
    qtbot: QtBot, window: MainWindow, backend: Backend, user_routines: Path
) -> None:
    (user_routines / "breathe.toml").write_text(
        'format = 1\nname = "Breathe"\n[defaults]\nprepare = 0\nbreath = 2\n'
        '[[exercise]]\nname = "Slow breaths"\nbreaths = 3\n',
        encoding="utf-8",
    )
    window.reload_library()
    backend.speed = 1.0  # a breath half lasts a second: room to see the pacer move
    ring = window.player.ring
    window.start_routine("breathe")  # the first in-breath starts at once
    assert window.session is not None
    driver = window.session.driver

    def breath(kind: CueKind, count: int) -> Callable[[Event], bool]:
        return lambda e: isinstance(e, CueDue) and e.cue.kind is kind and e.cue.count == count

    assert ring.pacing
    assert window.player.ring.state.text() == "BREATHE IN"
    assert window.player.counts.text() == "Breath 1 of 3"
    qtbot.waitUntil(lambda: ring.breath > 0.7, timeout=2000)
    with qtbot.wait_signal(driver.happened, check_params_cb=breath(CueKind.BREATH_OUT, 1)):
        pass
    assert window.player.ring.state.text() == "BREATHE OUT"
    qtbot.waitUntil(lambda: ring.breath < 0.3, timeout=2000)
    with qtbot.wait_signal(driver.happened, check_params_cb=breath(CueKind.BREATH_IN, 2)):
        pass
    assert window.player.counts.text() == "Breath 2 of 3"
    qtbot.waitUntil(lambda: ring.breath > 0.7, timeout=2000)


def test_reps_are_counted_on_screen_with_the_set(qtbot: QtBot, window: MainWindow) -> None:
    window.start_routine("quick")
    assert window.session is not None
    shown: list[tuple[str, str]] = []

    def record(event: Event) -> bool:
        if isinstance(event, CueDue) and event.cue.kind is CueKind.REP:
            shown.append((window.player.counts.text(), window.player.ring.state.text()))
        return False

    window.session.driver.happened.connect(record)
    qtbot.wait_signal(window.session.driver.ended, timeout=5000).wait()
    assert shown[:3] == [
        ("Set 1 of 2  \u00b7  Rep 1 of 3", "REP 1 OF 3"),
        ("Set 1 of 2  \u00b7  Rep 2 of 3", "REP 2 OF 3"),
        ("Set 1 of 2  \u00b7  Rep 3 of 3", "REP 3 OF 3"),
    ]
    assert shown[3][0] == "Set 2 of 2  \u00b7  Rep 1 of 3"


def test_side_up_next_and_how_to_follow_the_phase(qtbot: QtBot, window: MainWindow) -> None:
    start_paused(qtbot, window, "quick")
    player = window.player
    assert window.session is not None
    engine = window.session.driver.engine
    while engine.index != 0:
        press(qtbot, window, Qt.Key.Key_Left)
    assert (player.name.text(), player.ring.side.text()) == ("Side hold", "LEFT")
    assert player.ring.state.text() == "PAUSED"
    assert player.up_next.text() == "Up next: Side hold, left"
    assert player.how.text() == "Hold still on this side."
    press(qtbot, window, Qt.Key.Key_Right)  # work, left
    press(qtbot, window, Qt.Key.Key_Right)  # switch: to the right side
    assert engine.phase.kind is PhaseKind.SWITCH
    assert player.ring.side.text() == "RIGHT"
    press(qtbot, window, Qt.Key.Key_Space)
    assert player.ring.state.text() == "SWITCH SIDES"
    press(qtbot, window, Qt.Key.Key_Space)
    press(qtbot, window, Qt.Key.Key_Right)  # work, right
    press(qtbot, window, Qt.Key.Key_Right)  # rest before the breaths
    assert engine.phase.kind is PhaseKind.REST
    assert player.name.text() == "Next: Slow breaths"
    assert player.ring.side.text() == ""
    assert player.how.text() == "Breathe in through the nose."


def test_session_progress_and_time_left_come_from_the_engine(
    qtbot: QtBot, window: MainWindow
) -> None:
    start_paused(qtbot, window, "quick")
    assert window.session is not None
    engine = window.session.driver.engine
    while engine.index < 4:
        press(qtbot, window, Qt.Key.Key_Right)
    window.player.refresh()
    left = engine.session_remaining(window.session.driver.now())
    assert window.player.session_left.text() == f"0:{round(left):02d} left"
    assert window.player.session_bar.progress == pytest.approx(1 - left / 40, abs=0.01)


def test_controls_fade_while_a_phase_runs_and_come_back_on_pause(
    qtbot: QtBot, log: FakeLog, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(player_page, "CONTROLS_IDLE_MS", 50)
    backend = Backend(
        data_dir,
        settings=SettingsFile(data_dir),
        make_driver=SessionDriver,
        make_player=lambda: _recording(),
        log=log,
        speed=1.0,
    )
    window = MainWindow(backend)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.start_routine("post-run-stretch")
    qtbot.waitUntil(lambda: window.player.controls_opacity() < 0.3, timeout=3000)
    press(qtbot, window, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: window.player.controls_opacity() > 0.99, timeout=3000)
    assert window.session is not None
    window.session.driver.stop()


def _recording() -> RecordingPlayer:
    return RecordingPlayer()


def contrast(a: QColor, b: QColor) -> float:
    def luminance(colour: QColor) -> float:
        def channel(value: float) -> float:
            return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

        return (
            0.2126 * channel(colour.redF())
            + 0.7152 * channel(colour.greenF())
            + 0.0722 * channel(colour.blueF())
        )

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.usefixtures("restore_palette")
@pytest.mark.parametrize("dark", [False, True])
def test_digits_and_phase_words_stand_out_in_light_and_dark_palettes(
    qtbot: QtBot, window: MainWindow, dark: bool
) -> None:
    palette = QPalette()
    if dark:
        palette.setColor(QPalette.ColorRole.Window, QColor("#202020"))
        palette.setColor(QPalette.ColorRole.WindowText, QColor("#f0f0f0"))
    QApplication.setPalette(palette)
    qtbot.waitUntil(lambda: window.theme is (DARK if dark else LIGHT))
    start_paused(qtbot, window, "quick")
    press(qtbot, window, Qt.Key.Key_Space)
    image = window.grab().toImage()
    page = image.pixelColor(window.width() - 3, window.height() // 2)
    assert (page.lightness() < 60) is dark
    theme = window.theme
    assert theme is not None
    assert contrast(QColor(theme.text), page) >= 12
    for kind in PhaseKind:
        assert contrast(theme.phase(kind), page) >= 3, kind  # large text, WCAG AA
    assert window.session is not None
    window.session.driver.stop()
