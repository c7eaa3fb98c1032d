"""Today at the top of the library: what is due and why with a Start for each, red-flag
advice, the morning-after question saved as the next-day pain, the last days' runs with
their cautions; runs logged by hand, imported from a dialog or dropped on the window."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QFrame
from pytestqt.qtbot import QtBot

from hipcoach.adapters.history.store import HistoryStore
from hipcoach.application.backend import Backend
from hipcoach.core.records import Session
from hipcoach.ui.library.runs import ChooseRunFiles, LogRunDialog, RunEntry
from hipcoach.ui.library.today import TodayPanel
from hipcoach.ui.shell.main_window import MainWindow
from tests.adapters.run_samples import gpx_text, tcx_text
from tests.ui.helpers import record_session, show_window


@pytest.fixture
def window(qtbot: QtBot, backend: Backend, store: HistoryStore) -> Iterator[MainWindow]:
    backend.history = store
    shown = show_window(qtbot, backend)
    qtbot.waitUntil(lambda: not shown.today.loading() and shown.today.current is not None)
    yield shown
    if shown.session is not None and shown.player.running():
        shown.session.driver.stop()
    shown.wait_for_tasks()


def fresh(qtbot: QtBot, panel: TodayPanel) -> None:
    """Read Today again and wait until it is shown."""
    with qtbot.wait_signal(panel.loaded, timeout=5000):
        panel.refresh()


def strips(panel: TodayPanel, name: str) -> list[str]:
    """What the shown strips of a kind ("Red flag", "Caution") say."""
    return [
        w.accessibleDescription()
        for w in panel.findChildren(QFrame)
        if w.accessibleName() == name and w.isVisible()
    ]


def test_what_is_due_shows_with_why_and_a_start_that_starts_it(
    qtbot: QtBot, window: MainWindow
) -> None:
    today = window.today
    assert today.isVisible()
    names = [(tile.name.text(), tile.why.text()) for tile in today.tiles]
    assert [name for name, _ in names] == ["Hip strength", "Yoga hip flow"]
    assert all(why.startswith("0 of 1 done this week: 1 more, ") for _, why in names)
    assert "Post-run hip stretch: after your next run" in today.waiting.text()
    assert today.date.text() == f"{date.today():%A} {date.today().day} {date.today():%B}"
    yoga = today.tiles[1]
    assert yoga.start.accessibleName() == "Start Yoga hip flow"
    qtbot.mouseClick(yoga.start, Qt.MouseButton.LeftButton)
    assert window.pages.currentWidget() is window.player  # at once, "getting ready"
    qtbot.waitUntil(window.player.running)  # today's doses read on the worker, then it runs
    assert window.session is not None and window.session.routine.id == "yoga-hip-flow"


def test_the_morning_after_question_saves_the_next_day_pain(
    qtbot: QtBot, window: MainWindow, store: HistoryStore
) -> None:
    entry = window.backend.library().find("hip-strength")
    assert entry is not None
    evening = datetime.now().astimezone().replace(hour=19, minute=0) - timedelta(days=1)
    session_id = record_session(store, entry.routine, evening, stop_at=20, pain=(1, 2))
    today = window.today
    fresh(qtbot, today)
    assert today.morning.isVisible()
    assert today.question.text() == ("How is the hip this morning, after yesterday's Hip strength?")
    assert not today.answer_button.isEnabled()
    qtbot.mouseClick(today.scale.buttons[2], Qt.MouseButton.LeftButton)
    qtbot.keyClick(today.scale.buttons[2], Qt.Key.Key_Right)  # the arrows move on: not saved
    with store.reading() as unit:
        assert unit.history.get(session_id).next_day is None  # type: ignore[union-attr]
    assert today.scale.value() == 3
    with qtbot.wait_signal(today.answered, timeout=5000) as answered:
        qtbot.mouseClick(today.answer_button, Qt.MouseButton.LeftButton)
    assert answered.args == [session_id, 3]
    with store.reading() as unit:
        saved = unit.history.get(session_id)
    assert saved is not None and saved.next_day == 3
    qtbot.waitUntil(lambda: not today.loading() and not today.morning.isVisible(), timeout=5000)


def test_runs_of_the_last_days_show_with_a_caution_for_a_spike(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.backend.log_run(10.0, 55.0, date.today() - timedelta(days=4))
    window.backend.log_run(12.0, None, date.today())
    today = window.today
    fresh(qtbot, today)
    window.resize(1000, 900)  # tall enough for every line
    qtbot.waitUntil(lambda: today.runs.isVisible())
    assert today.runs.text().startswith("Recent runs: Today: 12.0 km \u00b7 ")
    expected = [
        "Today's 12.0 km run is 20 % longer than your longest run of the 30 days before "
        "(10.0 km): keep the next runs shorter, and do the post-run stretch."
    ]
    qtbot.waitUntil(lambda: strips(today, "Caution") == expected)
    stretch = [t for t in today.tiles if t.due.routine_id == "post-run-stretch"]
    assert stretch and stretch[0].why.text() == "after today's 12.0 km run"
    window.resize(800, 600)  # a low window keeps the caution, lets the runs line go
    qtbot.waitUntil(lambda: not today.runs.isVisible())
    assert any(
        w.accessibleName() == "Caution" and w.isVisible()
        for w in today.findChildren(type(today.morning))
    )


class StandingFlag:
    def __init__(self, sessions: Sequence[Session], now: datetime) -> None:
        pass

    def stands_at(self, moment: datetime) -> bool:
        return True

    def advice(self) -> tuple[str, ...]:
        return ("You reported pain of 8/10. Stop the exercises that hurt and see a doctor.",)


def test_a_red_flag_shows_its_advice_first(qtbot: QtBot, window: MainWindow) -> None:
    window.backend.read_flags = StandingFlag
    today = window.today
    fresh(qtbot, today)
    advice = ["You reported pain of 8/10. Stop the exercises that hurt and see a doctor."]
    qtbot.waitUntil(lambda: strips(today, "Red flag") == advice)


def test_an_invalid_plan_is_shown_by_its_line(
    qtbot: QtBot, window: MainWindow, data_dir: Path
) -> None:
    (data_dir / "plan.toml").write_text('format = 1\n[[routine]]\nid = "hip-strength"\n')
    today = window.today
    fresh(qtbot, today)
    assert today.tiles == []
    assert today.status.text() == (
        f'Your weekly plan cannot be used: {data_dir / "plan.toml"}:2: routine "hip-strength": '
        "say when it is due: per_week (sessions a week), after_run = true, or both. "
        "Fix it in Settings, or in the file."
    )


def test_without_a_history_today_says_so(qtbot: QtBot, backend: Backend) -> None:
    shown = show_window(qtbot, backend)  # the backend has no history
    qtbot.waitUntil(lambda: not shown.today.loading())
    assert shown.today.status.text() == "Today needs your history, which could not be opened."
    assert not shown.today.log_button.isEnabled()
    shown.wait_for_tasks()


def test_a_run_logged_in_the_dialog_is_kept_and_said(
    qtbot: QtBot, window: MainWindow, store: HistoryStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    yesterday = date.today() - timedelta(days=1)
    monkeypatch.setattr(
        LogRunDialog, "ask", classmethod(lambda cls, parent, today: RunEntry(8.2, 47.0, yesterday))
    )
    with qtbot.wait_signal(window.today.loaded, timeout=5000):
        qtbot.mouseClick(window.today.log_button, Qt.MouseButton.LeftButton)
    with store.reading() as unit:
        [run] = unit.history.runs()
    assert (run.day, run.km, run.minutes) == (yesterday, 8.2, 47.0)
    banners = [b.message.text() for b in window.visible_banners()]
    assert banners == [
        f"Logged the 8.2 km run of {yesterday:%a} {yesterday.day} {yesterday:%b %Y}, 47 min."
    ]
    assert "after yesterday's 8.2 km run" in [t.why.text() for t in window.today.tiles]


def test_the_dialog_takes_distance_time_and_a_day_no_later_than_today(qtbot: QtBot) -> None:
    dialog = LogRunDialog(date(2026, 5, 12))
    qtbot.addWidget(dialog)
    dialog.km.setValue(10.5)
    assert dialog.entry() == RunEntry(10.5, None, date(2026, 5, 12))  # 0 minutes: not timed
    dialog.minutes.setValue(61)
    dialog.day.setDate(dialog.day.date().addDays(3))  # later than today: held at today
    assert dialog.entry() == RunEntry(10.5, 61.0, date(2026, 5, 12))
    assert dialog.minutes.specialValueText() == "not timed"


def test_run_files_imported_from_the_dialog_or_dropped_on_the_window(
    qtbot: QtBot,
    window: MainWindow,
    store: HistoryStore,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    gpx = tmp_path / "morning.gpx"
    gpx.write_text(gpx_text())
    broken = tmp_path / "broken.tcx"
    broken.write_text(tcx_text([]))
    monkeypatch.setattr(ChooseRunFiles, "ask", classmethod(lambda cls, parent: [gpx, broken]))
    with qtbot.wait_signal(window.runs.done, timeout=5000) as said:
        qtbot.mouseClick(window.today.import_button, Qt.MouseButton.LeftButton)
    assert said.args == [
        "Imported 1 run. Not imported: broken.tcx: not a TCX activity (no lap found)."
    ]

    again = tmp_path / "again.gpx"
    again.write_text(gpx_text())
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(again))])
    enter = QDragEnterEvent(
        QPoint(10, 10),
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    drop = QDropEvent(
        QPoint(10, 10).toPointF(),
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    with qtbot.wait_signal(window.runs.done, timeout=5000) as dropped:
        QApplication.sendEvent(window, drop)
    assert dropped.args == ["1 file imported before, not added again."]
    with store.reading() as unit:
        assert len(unit.history.runs()) == 1

    other = QMimeData()
    other.setUrls([QUrl.fromLocalFile(str(tmp_path / "hips.toml"))])
    refused = QDragEnterEvent(
        QPoint(10, 10),
        Qt.DropAction.CopyAction,
        other,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    refused.ignore()
    QApplication.sendEvent(window, refused)
    with store.reading() as unit:
        assert len(unit.history.runs()) == 1  # not a run file: the runs leave it alone
    assert refused.isAccepted()  # a routine file: the library's Import takes it
