"""Report for your physio, from the History page: the first page shown, then saved as the
very PDF previewed (or its CSV), private; a range that runs backwards makes nothing."""

from __future__ import annotations

import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from pytestqt.qtbot import QtBot

from hipcoach.adapters.history.store import HistoryStore
from hipcoach.application.backend import Backend
from hipcoach.ui.history.report_dialog import ReportDialog, SaveReport
from hipcoach.ui.shell.main_window import MainWindow
from tests import report_history as built
from tests.adapters.history.conftest import local_zone
from tests.ui.helpers import show_window

__all__ = ["local_zone"]


@pytest.fixture
def window(qtbot: QtBot, backend: Backend, store: HistoryStore) -> Iterator[MainWindow]:
    built.build(store)
    backend.history = store
    backend.now = lambda: built.local(built.TODAY, 20)
    shown = show_window(qtbot, backend)
    shown.history.today = lambda: built.TODAY
    yield shown
    shown.wait_for_tasks()


def open_dialog(qtbot: QtBot, window: MainWindow) -> ReportDialog:
    page = window.history
    with qtbot.wait_signal(page.loaded, timeout=10000):
        window.show_section("history")
    assert page.report_button.isEnabled()
    qtbot.mouseClick(page.report_button, Qt.MouseButton.LeftButton)
    dialog = page.report_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.pdf is not None, timeout=15000)
    return dialog


def test_the_first_page_is_shown_before_saving_and_saved_as_shown(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = open_dialog(qtbot, window)
    assert dialog.range() == (built.SINCE, built.TODAY), "the last 12 weeks"
    pixmap = dialog.preview.pixmap()
    assert not pixmap.isNull() and pixmap.height() > pixmap.width()
    assert dialog.status.text().startswith(f"{dialog.pages} pages: 34 sessions, 702 work phases")
    target = tmp_path / "physio.pdf"
    asked: list[tuple[Path, str]] = []

    def ask(cls: type[SaveReport], parent: object, suggested: Path, kind: str) -> Path:
        asked.append((suggested, kind))
        return target

    monkeypatch.setattr(SaveReport, "ask", classmethod(ask))
    with qtbot.wait_signal(dialog.saved, timeout=5000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert asked[0][0].name == "hipcoach-report-2026-05-13.pdf" and asked[0][1] == ".pdf"
    assert target.read_bytes() == dialog.pdf
    assert stat.S_IMODE(target.stat().st_mode) == 0o600

    rows = tmp_path / "physio.csv"
    monkeypatch.setattr(SaveReport, "ask", classmethod(lambda cls, p, s, k: rows))
    with qtbot.wait_signal(dialog.saved, timeout=5000):
        qtbot.mouseClick(dialog.csv_button, Qt.MouseButton.LeftButton)
    assert len(rows.read_text(encoding="utf-8").splitlines()) == 1 + 702
    dialog.reject()


def test_new_days_make_a_new_report_and_backwards_days_none(
    qtbot: QtBot, window: MainWindow
) -> None:
    dialog = open_dialog(qtbot, window)
    with qtbot.wait_signal(dialog.previewed, timeout=15000):
        dialog.since.setDate(QDate(2026, 5, 4))
    assert "4 sessions" in dialog.status.text()
    dialog.since.setDate(QDate(2026, 5, 13))
    dialog.until.setDate(QDate(2026, 5, 12))
    qtbot.waitUntil(lambda: "runs forward" in dialog.status.text(), timeout=5000)
    assert not dialog.save_button.isEnabled() and dialog.pdf is None
    dialog.reject()
