"""The player as it is read from the mat: huge digits, literal text, a pacer that breathes."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QAbstractAnimation, QRect, Qt
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from hipcoach.adapters import paths
from hipcoach.application.backend import Backend
from hipcoach.core.cues import CueKind
from hipcoach.core.engine import CueDue, Event, PhaseStarted, State
from hipcoach.core.plan import PhaseKind
from hipcoach.core.settings import HowReading, Settings
from hipcoach.ui.common.theme import DARK, LIGHT, disabled_text
from hipcoach.ui.player import page as player_page
from hipcoach.ui.player.page import countdown_text
from hipcoach.ui.shell.main_window import MainWindow
from tests.fakes.player import RecordingPlayer
from tests.fakes.timer import ManualTime
from tests.ui.helpers import press, run_to_end

MARKUP = "<b>x</b>"


def start_paused(qtbot: QtBot, window: MainWindow, routine_id: str) -> None:
    window.start_routine(routine_id)
    assert window.session is not None
    press(qtbot, window, Qt.Key.Key_Space)
    assert window.session.driver.engine.state is State.PAUSED


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
        "hold = 30\n"
        "[[exercise]]\n"
        f'name = "{MARKUP} again"\n'
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
    assert window.player.up_next.text() == f"Up next: {MARKUP} again"
    showing = [label for label in window.findChildren(QLabel) if "<b>" in label.text()]
    assert len(showing) >= 8
    assert all(label.textFormat() is Qt.TextFormat.PlainText for label in showing)


def test_each_phase_kind_has_its_own_hue_and_none_is_red(
    qtbot: QtBot, window: MainWindow, manual: ManualTime
) -> None:
    start_paused(qtbot, window, "quick")
    press(qtbot, window, Qt.Key.Key_Space)  # the ring is grey while paused; run to see hues
    seen: dict[PhaseKind, str] = {}
    assert window.session is not None

    def note(event: Event) -> None:
        if isinstance(event, PhaseStarted):
            seen[event.phase.kind] = window.player.ring.colour.name()

    window.session.driver.happened.connect(note)
    run_to_end(manual, window)
    work, rest = seen[PhaseKind.WORK], seen[PhaseKind.REST]
    assert len({work, rest, seen[PhaseKind.SWITCH], seen[PhaseKind.PREPARE]}) == 4
    for theme in (LIGHT, DARK):
        for kind in PhaseKind:
            hue = theme.phase(kind).hueF() * 360
            assert not (hue < 20 or hue > 340), kind  # red is for Stop alone
    assert QColor(LIGHT.stop).hueF() * 360 < 20 or QColor(LIGHT.stop).hueF() * 360 > 340


def test_the_pacer_grows_on_the_in_breath_and_shrinks_on_the_out_breath(
    qtbot: QtBot, window: MainWindow, manual: ManualTime, user_routines: Path
) -> None:
    """The pacer animates in real time over the half breath the cue gives (a second here);
    the session's clock is moved by hand from one half breath to the next."""
    (user_routines / "breathe.toml").write_text(
        'format = 1\nname = "Breathe"\n[defaults]\nprepare = 0\nbreath = 2\n'
        '[[exercise]]\nname = "Slow breaths"\nbreaths = 3\n',
        encoding="utf-8",
    )
    window.reload_library()
    ring = window.player.ring
    window.start_routine("breathe")  # the first in-breath starts at once
    assert ring.pacing
    assert ring.state.text() == "BREATHE IN"
    assert (ring.digits.text(), ring.suffix.text()) == ("1", "of 3")
    qtbot.waitUntil(lambda: ring.breath > 0.7, timeout=3000)
    manual.advance(1.0)
    assert ring.state.text() == "BREATHE OUT"
    qtbot.waitUntil(lambda: ring.breath < 0.3, timeout=3000)
    manual.advance(1.0)
    assert (ring.digits.text(), ring.suffix.text()) == ("2", "of 3")
    assert ring.state.text() == "BREATHE IN"
    qtbot.waitUntil(lambda: ring.breath > 0.7, timeout=3000)


def test_in_a_set_of_reps_the_rep_count_is_the_huge_figure_and_seconds_are_small(
    qtbot: QtBot, window: MainWindow, manual: ManualTime
) -> None:
    window.start_routine("quick")
    assert window.session is not None
    player, ring = window.player, window.player.ring
    shown: list[tuple[str, str, str]] = []

    def record(event: Event) -> None:
        if isinstance(event, CueDue) and event.cue.kind is CueKind.REP:
            shown.append((ring.digits.text(), ring.suffix.text(), player.counts.text()))

    window.session.driver.happened.connect(record)
    run_to_end(manual, window)
    # Bridges: 3 reps of 2 s (tempo 1-0-1), in 2 sets; the seconds left go small beside.
    assert shown == [
        ("1", "of 3", "Set 1 of 2  \u00b7  0:06 left"),
        ("2", "of 3", "Set 1 of 2  \u00b7  0:04 left"),
        ("3", "of 3", "Set 1 of 2  \u00b7  0:02 left"),
        ("1", "of 3", "Set 2 of 2  \u00b7  0:06 left"),
        ("2", "of 3", "Set 2 of 2  \u00b7  0:04 left"),
        ("3", "of 3", "Set 2 of 2  \u00b7  0:02 left"),
    ]


def test_side_up_next_and_how_to_follow_the_phase(qtbot: QtBot, window: MainWindow) -> None:
    """Up next is the exercise after the one on screen, never that one again; a rest shows
    no side; the get-ready and the switch show the side coming."""
    start_paused(qtbot, window, "quick")
    player = window.player
    assert window.session is not None
    engine = window.session.driver.engine
    assert engine.phase.kind is PhaseKind.PREPARE
    assert (player.name.text(), player.ring.side.text()) == ("Side hold", "LEFT")
    assert player.ring.state.text() == "PAUSED"
    assert player.up_next.text() == "Up next: Slow breaths"
    assert player.how.text() == "Hold still on this side."
    assert player.counts.text() == "Hold 4 s"
    press(qtbot, window, Qt.Key.Key_Right)  # work, left
    assert player.up_next.text() == "Up next: Slow breaths"
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
    assert player.up_next.text() == "Up next: Bridges"
    assert player.counts.text() == "3 breaths"
    assert player.how.text() == "Breathe in through the nose."
    while engine.phase.kind is not PhaseKind.SET_REST:
        press(qtbot, window, Qt.Key.Key_Right)
    assert (player.name.text(), player.ring.side.text()) == ("Bridges", "")
    assert player.counts.text() == "Set 2 of 2  \u00b7  3 reps"
    assert player.up_next.text() == "Up next: Finish"


def test_session_progress_and_time_left_follow_the_plan(
    qtbot: QtBot, window: MainWindow, manual: ManualTime
) -> None:
    window.start_routine("quick")  # 40 s in all
    player = window.player
    manual.advance(10.0)
    player.refresh()
    assert player.session_left.text() == "0:30 left"
    assert player.session_bar.progress == pytest.approx(0.25, abs=0.01)
    press(qtbot, window, Qt.Key.Key_Space)
    for _ in range(3):  # from the right hold, past the rest and the get-ready
        press(qtbot, window, Qt.Key.Key_Right)
    player.refresh()
    assert player.session_left.text() == "0:24 left"  # the breaths start 16 s in
    assert player.session_bar.progress == pytest.approx(16 / 40, abs=0.01)


def test_controls_dim_while_a_phase_runs_without_looking_disabled_and_wake_on_pause(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(player_page, "CONTROLS_IDLE_MS", 50)
    window.start_routine("post-run-stretch")
    player = window.player
    qtbot.waitUntil(lambda: player.controls_opacity() < 0.7, timeout=3000)
    qtbot.waitUntil(lambda: player._fade_animation.state() is not QAbstractAnimation.State.Running)
    image = window.grab().toImage()
    theme = window.theme
    assert theme is not None
    page = player.background()
    skip = player.skip_button
    ink = darkest(image, QRect(skip.mapTo(window, skip.rect().topLeft()), skip.size()), page)
    # Dimmed, the label still reads 4.5:1 from the page; a disabled one reads far less.
    assert contrast(ink, page) >= 4.5
    assert contrast(QColor(disabled_text(theme)), page) < 3
    press(qtbot, window, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: player.controls_opacity() > 0.99, timeout=3000)


def darkest(image: QImage, area: QRect, page: QColor) -> QColor:
    """The pixel of ``area`` that stands out most from the page: a label's ink."""
    best, best_contrast = page, 1.0
    for y in range(area.top(), area.bottom() + 1):
        for x in range(area.left(), area.right() + 1):
            pixel = image.pixelColor(x, y)
            ratio = contrast(pixel, page)
            if ratio > best_contrast:
                best, best_contrast = pixel, ratio
    return best


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


# QUICK's timeline (tests/ui/helpers.py): every phase start, and the countdown ticks 3, 2
# and 1 s before the end of each work phase and of each phase that leads into one.
PHASE_STARTS = [0, 2, 6, 8, 12, 14, 16, 22, 24, 26, 32, 34]
TICKS = [0, 1, 3, 4, 5, 6, 7, 9, 10, 11, 14, 15, 19, 20, 21, 24, 25, 29, 30, 31, 32, 33, 37, 38, 39]


def test_the_visual_cue_flashes_on_every_tick_and_phase_change(
    qtbot: QtBot, window: MainWindow, backend: Backend, manual: ManualTime
) -> None:
    backend.save_settings(Settings(flash=True, how_reading=HowReading.NEVER))
    window.start_routine("quick")
    assert window.session is not None
    origin = window.session.driver.origin
    assert origin is not None
    player = window.player
    flashes: list[float] = []
    colours: list[tuple[str, str]] = []

    def flashed() -> None:
        flashes.append(round(manual.now() - origin, 2))  # timers aim a ms late, never early
        colours.append(
            (player.background().name(), window.theme.player_background(player.kind).name())
        )

    player.flashed.connect(flashed)
    run_to_end(manual, window)
    # The first phase began before the test listened: its flash at 0 is not in the list.
    assert flashes == sorted(set(PHASE_STARTS + TICKS) - {0})
    assert all(shown != plain for shown, plain in colours), "a flash the runner cannot see"


def test_the_flash_lasts_a_moment_and_is_never_more_than_three_a_second(
    qtbot: QtBot, window: MainWindow, backend: Backend, manual: ManualTime
) -> None:
    backend.save_settings(Settings(flash=True, how_reading=HowReading.NEVER))
    window.start_routine("post-run-stretch")
    player = window.player
    assert player.flashing()
    qtbot.waitUntil(lambda: not player.flashing(), timeout=1000)
    count: list[int] = []
    player.flashed.connect(lambda: count.append(1))
    for _ in range(4):  # four phases in no time: one flash, not four
        press(qtbot, window, Qt.Key.Key_Right)
    assert len(count) == 0  # the last flash was less than a third of a second ago
    manual.advance(0.34)
    press(qtbot, window, Qt.Key.Key_Right)
    assert len(count) == 1


def test_without_the_setting_nothing_flashes(
    qtbot: QtBot, window: MainWindow, manual: ManualTime
) -> None:
    window.start_routine("quick")
    player = window.player
    flashes: list[float] = []
    player.flashed.connect(lambda: flashes.append(manual.now()))
    run_to_end(manual, window)
    assert flashes == [] and not player.flashing()


LONG_NAME = "Supported side-lying hip abduction with a pause at the top, slow and steady"
LONG_HOW = " ".join(
    f"Step {n}: keep the pelvis stacked, breathe out as the leg rises, and lower it slowly."
    for n in range(1, 41)
)


@pytest.mark.parametrize("size", [(800, 600), (1920, 1080)])
def test_long_names_wrap_and_long_how_tos_scroll_never_clipped(
    qtbot: QtBot, window: MainWindow, user_routines: Path, size: tuple[int, int]
) -> None:
    assert len(LONG_NAME) <= 80 and len(LONG_HOW) <= 4000  # the longest a file may have
    (user_routines / "long.toml").write_text(
        f'format = 1\nname = "Long"\n[[exercise]]\nname = "{LONG_NAME}"\n'
        f'how = "{LONG_HOW}"\nhold = 30\n',
        encoding="utf-8",
    )
    window.reload_library()
    window.resize(*size)
    qtbot.waitUntil(lambda: window.size().width() == size[0])
    start_paused(qtbot, window, "long")
    player = window.player
    name = player.name
    needed = name.fontMetrics().boundingRect(
        QRect(0, 0, name.width(), 100000), Qt.TextFlag.TextWordWrap, LONG_NAME
    )
    assert name.text() == LONG_NAME
    assert needed.height() <= name.height() and needed.width() <= name.width()
    assert name.font().pixelSize() >= 16
    how = player.how
    assert how.height() >= how.heightForWidth(how.width())  # laid out whole, inside its scroll
    bar = player.how_scroll.verticalScrollBar()
    assert bar.maximum() > 0, "the rest of the how-to is reachable"
    assert how.font().pixelSize() >= 13
    assert player.ring.height() >= size[1] * 0.3  # the clock still dominates
