"""The calendar's days: each tells what it holds on hover, and opens on a click or a key."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip
from pytestqt.qtbot import QtBot

from hipcoach.application.statistics import Day
from hipcoach.ui.history.calendar import StreakCalendar

TODAY = date(2026, 5, 13)  # a Wednesday
FIRST = date(2026, 2, 23)  # the Monday twelve weeks before this one


def calendar(qtbot: QtBot) -> StreakCalendar:
    shown = StreakCalendar()
    qtbot.addWidget(shown)
    days = [Day(FIRST + timedelta(days=n)) for n in range(12 * 7)]
    days[days.index(Day(date(2026, 5, 5)))] = Day(date(2026, 5, 5), 2, 1, 35 * 60)
    shown.set_days(days, TODAY)
    shown.show()
    qtbot.waitExposed(shown)
    return shown


def centre(shown: StreakCalendar, day: date) -> QPoint:
    return shown.cell_rect((day - FIRST).days).center().toPoint()


@pytest.mark.qt_log_ignore("This plugin does not support raise")  # a tool tip, offscreen
def test_hovering_a_day_tells_its_sessions(qtbot: QtBot) -> None:
    shown = calendar(qtbot)
    for day, expected in (
        (date(2026, 5, 5), "Tue 5 May: 2 sessions, 1 completed, 35 min"),
        (TODAY, "Today, Wed 13 May: no session"),
    ):
        point = centre(shown, day)
        QApplication.sendEvent(
            shown, QHelpEvent(QEvent.Type.ToolTip, point, shown.mapToGlobal(point))
        )
        qtbot.waitUntil(lambda expected=expected: QToolTip.text() == expected)
    QToolTip.hideText()


def test_the_arrow_keys_move_between_days_and_enter_opens_one(qtbot: QtBot) -> None:
    shown = calendar(qtbot)
    shown.setFocus()
    qtbot.keyClick(shown, Qt.Key.Key_Left)  # a week back
    qtbot.keyClick(shown, Qt.Key.Key_Up)  # a day back
    assert shown.focused == date(2026, 5, 5)
    assert shown.accessibleDescription() == "Tue 5 May: 2 sessions, 1 completed, 35 min"
    qtbot.keyClick(shown, Qt.Key.Key_Right)
    qtbot.keyClick(shown, Qt.Key.Key_Right)  # would be next week: not yet a day
    assert shown.focused == date(2026, 5, 12)
    with qtbot.wait_signal(shown.day_chosen) as chosen:
        qtbot.keyClick(shown, Qt.Key.Key_Return)
    assert chosen.args == [date(2026, 5, 12)]
