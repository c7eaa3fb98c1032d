"""Both palettes: every colour text or a phase is drawn in stands out from what it is drawn
on by a contrast ratio of at least 4.5:1 (WCAG AA), and the window follows the desktop."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from hipcoach.core.plan import PhaseKind
from hipcoach.ui.common import theme
from hipcoach.ui.common.theme import DARK, IMAGES, LIGHT, Theme, current_theme
from hipcoach.ui.shell.main_window import MainWindow

AA = 4.5
PHASES = (PhaseKind.PREPARE, PhaseKind.WORK, PhaseKind.SWITCH, PhaseKind.REST)


def luminance(colour: QColor) -> float:
    def linear(v: float) -> float:
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * linear(colour.redF())
        + 0.7152 * linear(colour.greenF())
        + 0.0722 * linear(colour.blueF())
    )


def contrast(one: QColor | str, other: QColor | str) -> float:
    a, b = sorted((luminance(QColor(one)), luminance(QColor(other))), reverse=True)
    return (a + 0.05) / (b + 0.05)


def test_the_contrast_ratio_is_the_wcag_one() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#777777", "#777777") == pytest.approx(1)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)  # the AA grey


def pairs(t: Theme) -> Iterator[tuple[str, QColor, QColor]]:
    """Every (what, foreground, background) the pages draw text or a phase hue with."""
    c = QColor
    grounds = {"background": c(t.background), "surface": c(t.surface), "raised": c(t.raised)}
    for ground, colour in grounds.items():
        yield f"text on {ground}", c(t.text), colour
        yield f"muted text on {ground}", c(t.muted), colour
    yield "text on a hovered button", c(t.text), c(t.hover)
    yield "a Start or Save label", c(t.on_accent), c(t.accent)
    yield "a chosen chip, a selected voice", c(t.on_accent), c(t.accent)
    yield "Stop on the player", c(t.stop), c(t.background)
    yield "Stop in the dialog", c(t.stop), c(t.surface)
    yield "a notice", c(t.banner_text), c(t.banner)
    for kind in PHASES:
        hue = t.phase(kind)
        page = t.player_background(kind)
        name = kind.value
        yield f"{name}: its hue (ring, side, phase word) on the player", hue, page
        yield f"{name}: the digits and exercise name on the player", c(t.text), page
        yield f"{name}: how-to and up next on the player", c(t.muted), page
        yield f"{name}: its hue on a panel (the calendar)", hue, c(t.surface)
    yield "paused: the digits", c(t.muted), c(t.background)
    yield "paused: the phase word", c(t.text), c(t.background)
    yield "breaths: digits and words over the pacer", c(t.text), t.pacer(t.phase(PhaseKind.WORK))
    yield "the weeks' bars", c(t.accent), c(t.surface)
    yield "this week's bar", c(t.side_left), c(t.surface)
    yield "the left side's line", c(t.side_left), c(t.surface)
    yield "the right side's line", c(t.side_right), c(t.surface)


@pytest.mark.parametrize("palette", [LIGHT, DARK], ids=["light", "dark"])
def test_every_text_and_phase_colour_reaches_aa_contrast(palette: Theme) -> None:
    found = {what: contrast(fg, bg) for what, fg, bg in pairs(palette)}
    assert len(found) > 30
    low = {what: round(ratio, 2) for what, ratio in found.items() if ratio < AA}
    assert low == {}


@pytest.mark.parametrize("palette", [LIGHT, DARK], ids=["light", "dark"])
def test_the_ring_stands_out_from_its_own_track(palette: Theme) -> None:
    """The filled arc beside the emptied part is a graphic, not text: WCAG asks 3:1 of it
    (1.4.11). A fainter track would pass 4.5:1 and leave the ring's emptied part unseen."""
    for kind in PHASES:
        hue = palette.phase(kind)
        page = palette.player_background(kind)
        assert contrast(hue, palette.ring_track(hue)) >= 3.0
        assert contrast(hue, page) >= AA


@pytest.mark.parametrize("palette", [LIGHT, DARK], ids=["light", "dark"])
def test_the_four_phase_hues_are_told_apart_and_none_is_the_stop_red(palette: Theme) -> None:
    hues = [palette.phase(kind).hslHue() for kind in PHASES]
    assert len({round(h / 20) for h in hues}) == 4
    stop = QColor(palette.stop).hslHue()
    for hue in hues:
        assert min(abs(hue - stop), 360 - abs(hue - stop)) > 25


@pytest.mark.parametrize("palette", [LIGHT, DARK], ids=["light", "dark"])
def test_the_drawn_check_and_chevron_are_in_the_palette_colours(palette: Theme) -> None:
    variant = "dark" if palette.dark else "light"
    check = (IMAGES / f"check-{variant}.svg").read_text(encoding="utf-8")
    chevron = (IMAGES / f"chevron-{variant}.svg").read_text(encoding="utf-8")
    assert re.findall(r'stroke="(#[0-9a-f]{6})"', check) == [palette.on_accent]
    assert re.findall(r'stroke="(#[0-9a-f]{6})"', chevron) == [palette.muted]
    assert str(IMAGES / f"check-{variant}.svg") in theme.stylesheet(palette)


def dark_palette() -> QPalette:
    palette = QPalette()
    for role, colour in (
        (QPalette.ColorRole.Window, "#15181d"),
        (QPalette.ColorRole.WindowText, "#f0f0f0"),
        (QPalette.ColorRole.Base, "#1c2027"),
        (QPalette.ColorRole.Text, "#f0f0f0"),
    ):
        palette.setColor(role, QColor(colour))
    return palette


def test_the_window_follows_the_desktop_to_dark_and_back(
    qtbot: QtBot, window: MainWindow, restore_palette: None
) -> None:
    history = window.history
    assert window.theme is LIGHT
    QApplication.setPalette(dark_palette())
    qtbot.waitUntil(lambda: window.theme is DARK)
    assert DARK.background in window.styleSheet()
    assert history.chart.bars.color() == QColor(DARK.accent)
    assert history.calendar.theme is DARK
    QApplication.setPalette(QPalette(QColor("#efefef")))
    qtbot.waitUntil(lambda: window.theme is LIGHT)
    assert history.chart.bars.color() == QColor(LIGHT.accent)


def test_a_desktop_asking_for_dark_gets_dark_even_with_a_light_palette(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    class Hints:
        def __init__(self, scheme: Qt.ColorScheme) -> None:
            self.scheme = scheme

        def colorScheme(self) -> Qt.ColorScheme:  # noqa: N802
            return self.scheme

    light = QPalette(QColor("#efefef"))
    monkeypatch.setattr(QGuiApplication, "palette", staticmethod(lambda: light))
    for scheme, expected in (
        (Qt.ColorScheme.Dark, DARK),
        (Qt.ColorScheme.Light, LIGHT),
        (Qt.ColorScheme.Unknown, LIGHT),
    ):
        hints = Hints(scheme)
        monkeypatch.setattr(QGuiApplication, "styleHints", staticmethod(lambda h=hints: h))
        assert current_theme() is expected


def test_the_first_frame_takes_the_runners_look_else_the_desktops_last_else_its_palette(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from hipcoach.core.settings import Look
    from hipcoach.ui.common.theme import first_frame_theme

    assert first_frame_theme(Look.DARK, False) is DARK
    assert first_frame_theme(Look.LIGHT, True) is LIGHT
    assert first_frame_theme(Look.DESKTOP, True) is DARK
    assert first_frame_theme(Look.DESKTOP, False) is LIGHT
    for window, expected in (("#101010", DARK), ("#efefef", LIGHT)):
        palette = QPalette(QColor(window))
        monkeypatch.setattr(QGuiApplication, "palette", staticmethod(lambda p=palette: p))
        assert first_frame_theme(Look.DESKTOP, None) is expected


def test_a_window_first_painted_in_last_times_dark_turns_light_with_the_desktop(
    qtbot: QtBot,
) -> None:
    from hipcoach.core.settings import Look

    window = MainWindow(look=Look.DESKTOP, dark=True)
    qtbot.addWidget(window)
    assert window.theme is DARK, "the first frame: as the desktop was last time"
    seen: list[bool] = []
    window.desktop_dark.connect(seen.append)
    with qtbot.waitSignal(window.first_painted, timeout=5000):
        window.show()
    assert current_theme() is LIGHT  # this test's desktop (offscreen)
    assert window.theme is LIGHT and seen == [False], "asked once painted, and kept"
    window.close()
