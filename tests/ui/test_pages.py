"""The sections come from one registry: its entries are the bar's buttons, their shortcuts
and pages built the first time they are shown."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from hipcoach.ui.pages import SECTIONS
from hipcoach.ui.shell.main_window import MainWindow


def test_every_registered_section_has_its_button_and_its_shortcut(
    qtbot: QtBot, window: MainWindow
) -> None:
    assert list(window.nav.buttons) == [entry.name for entry in SECTIONS]
    for number, entry in enumerate(SECTIONS, start=1):
        assert window.nav.buttons[entry.name].text() == entry.title
        assert entry.keys == f"Ctrl+{number}"
        qtbot.keyClick(
            window, getattr(Qt.Key, f"Key_{number}"), Qt.KeyboardModifier.ControlModifier
        )
        page = window.section_page(entry.name)
        assert window.pages.currentWidget() is page
        assert window.nav.buttons[entry.name].isChecked()
    # Built once: asking again gives the same page.
    assert window.section_page("settings") is window.settings
