"""The window's sections, registered in one place: a new page is a folder and one entry here.

Each section names its page, its place on the bar and its shortcut, and how to build the
page the first time it is shown (pages are built lazily, so the window is up sooner) and
what to do each time it is shown again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from hipcoach.ui.shell.main_window import MainWindow


@dataclass(frozen=True, slots=True)
class Section:
    name: str
    title: str  # on the bar
    keys: str  # its shortcut
    build: Callable[[MainWindow], QWidget] | None  # None: the window builds it at once
    shown: Callable[[QWidget], None] = lambda _page: None  # each time it comes up


def _history(window: MainWindow) -> QWidget:
    from hipcoach.ui.history.page import HistoryPage
    from hipcoach.ui.shell.main_window import NOTICE_MS

    page = HistoryPage(window.backend, window.tasks)
    page.notice.connect(lambda text: window.notify(text, NOTICE_MS, "export"))
    return page


def _history_shown(page: QWidget) -> None:
    from hipcoach.ui.history.page import HistoryPage

    if isinstance(page, HistoryPage):
        page.refresh()


def _settings(window: MainWindow) -> QWidget:
    from hipcoach.ui.settings.page import SettingsPage

    page = SettingsPage(window.backend, window.tasks)
    page.saved.connect(window.settings_saved)
    page.plan.saved.connect(window.today.refresh)
    return page


SECTIONS: tuple[Section, ...] = (
    Section("library", "Routines", "Ctrl+1", None),
    Section("history", "History", "Ctrl+2", _history, _history_shown),
    Section("settings", "Settings", "Ctrl+3", _settings),
)


def section(name: str) -> Section:
    return next(s for s in SECTIONS if s.name == name)
