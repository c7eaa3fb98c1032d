"""hipcoach's icon and launcher entry ship inside the package, where a wheel carries them."""

from __future__ import annotations

import configparser

from PySide6.QtGui import QImage
from PySide6.QtSvg import QSvgRenderer
from pytestqt.qtbot import QtBot

from hipcoach.ui.common.icon import DESKTOP, app_icon
from hipcoach.ui.shell.main_window import MainWindow

SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def test_the_desktop_entry_launches_hipcoach_with_its_icon() -> None:
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]  # keys keep their case
    entry.read(DESKTOP / "hipcoach.desktop", encoding="utf-8")
    fields = entry["Desktop Entry"]
    assert fields["Type"] == "Application"
    assert fields["Name"] == "hipcoach"
    assert fields["Exec"].split()[0] == "hipcoach"
    assert fields["Icon"] == "hipcoach"
    assert fields["Terminal"] == "false"
    assert fields["Categories"].endswith(";")
    assert fields["StartupWMClass"] == "hipcoach"


def test_the_icon_comes_in_every_launcher_size_and_as_svg(qtbot: QtBot) -> None:
    for size in SIZES:
        image = QImage(str(DESKTOP / f"hipcoach-{size}.png"))
        assert (image.width(), image.height()) == (size, size)
        assert image.pixelColor(size // 2, size // 2).alpha() == 255, "a solid tile"
        assert image.pixelColor(0, 0).alpha() == 0, "rounded corners"
    assert QSvgRenderer(str(DESKTOP / "hipcoach.svg")).isValid()
    icon = app_icon()
    assert not icon.isNull() and 256 in [s.width() for s in icon.availableSizes()]


def test_the_window_wears_the_icon(qtbot: QtBot, window: MainWindow) -> None:
    assert not window.windowIcon().isNull()
