"""The bar across the top: Routines, History, Settings by click or Ctrl+1/2/3, never over
the player or the check-in."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from hipcoach.core.engine import State
from hipcoach.ui.shell.main_window import MainWindow
from tests.ui.helpers import press


def test_the_bar_and_its_keys_switch_sections(qtbot: QtBot, window: MainWindow) -> None:
    nav = window.nav
    assert nav.isVisible() and nav.selected() == "library"
    qtbot.mouseClick(nav.buttons["settings"], Qt.MouseButton.LeftButton)
    assert window.pages.currentWidget() is window.settings and nav.selected() == "settings"
    qtbot.mouseClick(nav.buttons["settings"], Qt.MouseButton.LeftButton)  # again: stays
    assert nav.buttons["settings"].isChecked()
    for key, page, name in (
        (Qt.Key.Key_2, window.history, "history"),
        (Qt.Key.Key_1, window.library_page, "library"),
        (Qt.Key.Key_3, window.settings, "settings"),
    ):
        qtbot.keyClick(window, key, Qt.KeyboardModifier.ControlModifier)
        assert window.pages.currentWidget() is page
        assert [b.isChecked() for b in nav.buttons.values()] == [n == name for n in nav.buttons], (
            "one section is marked, the one shown"
        )
    assert all("Ctrl+" in b.toolTip() for b in nav.buttons.values())


def test_the_bar_hides_for_the_session_and_its_check_in(qtbot: QtBot, window: MainWindow) -> None:
    window.start_routine("quick")
    assert window.session is not None
    press(qtbot, window, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: window.session is not None
                    and window.session.driver.engine.state is State.PAUSED)  # fmt: skip
    assert not window.nav.isVisible()
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.pages.currentWidget() is window.player, "no leaving a session by a key"
    assert window.player.ring.geometry().top() < 120, "the clock has the whole window"

    window.session.driver.stop()
    assert window.pages.currentWidget() is window.after and not window.nav.isVisible()
    qtbot.mouseClick(window.after.skip_button, Qt.MouseButton.LeftButton)
    assert window.pages.currentWidget() is window.library_page and window.nav.isVisible()
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.pages.currentWidget() is window.history


def test_a_session_ended_from_a_focused_card_gives_the_keyboard_back_to_that_card(
    qtbot: QtBot, window: MainWindow
) -> None:
    """The library is rebuilt after each session (last-done dates move); the card that had
    focus keeps it, its routine stays chosen, and the window stays active for the keys."""
    card = window.library_page.card("hip-strength")
    assert card is not None
    card.setFocus()
    qtbot.waitUntil(card.hasFocus)
    window.reload_library()
    again = window.library_page.card("hip-strength")
    assert again is not None and again is not card
    qtbot.waitUntil(again.hasFocus)
    assert window.isActiveWindow()
    detail = window.library_page.detail.routine
    assert detail is not None and detail.id == "hip-strength"
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.pages.currentWidget() is window.settings
