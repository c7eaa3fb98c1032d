"""The history page, read from a real database: the week and streak, the chart, the sessions,
each exercise per side, and the CSV export."""

from __future__ import annotations

import csv
import sqlite3
import stat
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from hipcoach.adapters.history.log import HistoryLog
from hipcoach.adapters.history.store import HistoryStore
from hipcoach.application.backend import Backend
from hipcoach.application.exports import FIELDS
from hipcoach.application.history_text import bar_label, minutes_text
from hipcoach.application.statistics import Overview
from hipcoach.core.cue_player import CuePlayer
from hipcoach.core.model import Routine, Side
from hipcoach.ui.history.delete_dialog import ConfirmDelete
from hipcoach.ui.history.page import HistoryPage, SaveCsv
from hipcoach.ui.shell.main_window import MainWindow
from tests.fakes.timer import ManualTime
from tests.ui.helpers import FakeLog, record_session, run_to_end, show_window, wait_for_library

STRETCH_SECONDS = 5 * 60 + 8  # post-run-stretch in full, as `hipcoach plan` totals it
STRENGTH_SECONDS = 17 * 60 + 30  # hip-strength
TODAY = date(2026, 5, 13)  # a Wednesday
THIS_MONDAY = date(2026, 5, 11)


def local(day: date, hour: int = 12) -> datetime:
    return datetime.combine(day, time(hour)).astimezone()


def routine(backend: Backend, routine_id: str) -> Routine:
    entry = backend.library().find(routine_id)
    assert entry is not None
    return entry.routine


@pytest.fixture
def history_coach(
    backend: Backend, store: HistoryStore, make_player: Callable[[], CuePlayer], log: FakeLog
) -> Backend:
    backend.history = store
    return backend


@pytest.fixture
def seeded(history_coach: Backend, store: HistoryStore) -> dict[str, float]:
    """Four sessions over four weeks; returns each routine's full length in seconds."""
    stretch = routine(history_coach, "post-run-stretch")
    strength = routine(history_coach, "hip-strength")
    record_session(store, stretch, local(THIS_MONDAY - timedelta(days=19)))  # 22 Apr
    record_session(store, strength, local(THIS_MONDAY - timedelta(days=6)), effort=7)
    record_session(store, stretch, local(THIS_MONDAY, 7), pain=(2, 1))
    record_session(
        store,
        strength,
        local(TODAY, 18),
        stop_at=300.0,
        pain=(3, 2),
        effort=6,
        notes="Right hip tight\nbetter after the bridges",
    )
    return {"stretch": STRETCH_SECONDS, "strength": STRENGTH_SECONDS}


def open_history_page(qtbot: QtBot, window: MainWindow) -> HistoryPage:
    page = window.history
    page.today = lambda: TODAY
    with qtbot.wait_signal(page.loaded, timeout=5000):
        qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.pages.currentWidget() is page
    return page


@pytest.fixture
def history_window(qtbot: QtBot, history_coach: Backend) -> Iterator[MainWindow]:
    shown = show_window(qtbot, history_coach)
    yield shown
    shown.wait_for_tasks()


def test_the_page_leads_with_the_week_and_the_streak_then_charts_the_weeks(
    qtbot: QtBot, history_window: MainWindow, seeded: dict[str, float]
) -> None:
    page = open_history_page(qtbot, history_window)
    this_week = (seeded["stretch"] + 300) / 60
    assert page.week_tile.value.text() == minutes_text(this_week) == "10 min"
    assert page.week_tile.note.text() == "2 sessions, 1 completed"
    assert page.streak_tile.value.text() == "2 weeks"  # this week and last; none 2 weeks ago
    # The week and the streak come before the chart and any table, top to bottom.
    top = page.week_tile.mapTo(page, page.week_tile.rect().topLeft()).y()
    assert top < page.chart.mapTo(page, page.chart.rect().topLeft()).y()
    assert top < page.sessions_table.mapTo(page, page.sessions_table.rect().topLeft()).y()

    bars = page.chart.bars
    shown = [bars.at(n) for n in range(bars.count())]
    expected = [0.0] * 12
    expected[-4] = seeded["stretch"] / 60  # the week of 20 April
    expected[-2] = seeded["strength"] / 60
    expected[-1] = this_week
    assert shown == pytest.approx(expected)
    mondays = [THIS_MONDAY - timedelta(weeks=11 - n) for n in range(12)]
    assert page.chart.x_axis.categories() == [bar_label(m) for m in mondays]
    assert page.chart.y_axis.max() >= max(expected)
    assert bars.isBarSelected(11), "this week stands out"


def test_the_sessions_are_listed_newest_first_with_status_time_pain_and_effort(
    qtbot: QtBot, history_window: MainWindow, seeded: dict[str, float]
) -> None:
    page = open_history_page(qtbot, history_window)
    model = page.sessions_model
    rows = [
        [model.cell(row, column) for column in range(model.columnCount())]
        for row in range(model.rowCount())
    ]
    assert [column.upper() for column in model.COLUMNS] == [
        model.headerData(n, Qt.Orientation.Horizontal) for n in range(len(model.COLUMNS))
    ]
    assert rows == [
        ["Wed 13 May, 18:00", "Hip strength", "Stopped", "5:00", "3 \u2192 2", "6",
         "Right hip tight"],
        ["Mon 11 May, 07:00", "Post-run hip stretch", "Completed", "5:08", "2 \u2192 1", "", ""],
        ["Tue 5 May, 12:00", "Hip strength", "Completed", "17:30", "", "7", ""],
        ["Wed 22 Apr, 12:00", "Post-run hip stretch", "Completed", "5:08", "", "", ""],
    ]  # fmt: skip
    assert model.data(model.index(0, 6), Qt.ItemDataRole.ToolTipRole) == (
        "Right hip tight\nbetter after the bridges"
    )
    assert page.sessions_table.isVisibleTo(page) and not page.empty.isVisibleTo(page)


def test_each_exercise_shows_each_sides_prescription_session_by_session(
    qtbot: QtBot, history_window: MainWindow, seeded: dict[str, float]
) -> None:
    page = open_history_page(qtbot, history_window)
    qtbot.mouseClick(page.exercises_button, Qt.MouseButton.LeftButton)
    assert page.stack.currentIndex() == 1
    model = page.exercises_model
    names = [model.cell(row, 0) for row in range(model.rowCount())]
    clamshells = names.index("Clamshells")
    # Two sessions of hip strength: one whole (3 sets a side), one stopped at 5:00.
    overview = page.overview
    assert overview is not None
    totals = overview.summary.exercises[clamshells]
    left, right = totals.left, totals.right
    assert left is not None and right is not None
    assert model.cell(clamshells, 1) == str(totals.phases)
    assert model.cell(clamshells, 2) == f"{left.done / left.phases:g} reps"
    assert model.cell(clamshells, 3) == f"{right.done / right.phases:g} reps"

    page.exercises_table.selectRow(clamshells)
    chart = page.dose_chart
    assert set(chart.asked) == {Side.LEFT, Side.RIGHT}
    (doses,) = [d for d in overview.doses if d.exercise == "Clamshells"]
    first_day = THIS_MONDAY - timedelta(weeks=11)
    for side, line in chart.asked.items():
        sides = doses.side(side)
        assert sides is not None
        points = [(int(p.x()), p.y()) for p in line.points()]
        # A point a session, on the day it started, at what it asked of that side.
        assert points == [
            ((d.at.astimezone().date() - first_day).days, d.asked) for d in sides.doses
        ]
        assert [p for p, _ in points] == [
            (date(2026, 5, 5) - first_day).days,
            (TODAY - first_day).days,
        ]
        assert points[0][1] == 3 * 10, "the whole session: 3 sets of 10"
    # The stopped session did less than it asked on one side at least: a dot shows it.
    assert sum(series.count() for series in chart.short.values()) >= 1
    assert chart.hurt.count() == 0
    assert page.dose_caption.text().startswith("CLAMSHELLS: REPS ASKED PER SESSION")


def test_csv_export_matches_the_database_field_by_field(
    qtbot: QtBot,
    history_window: MainWindow,
    seeded: dict[str, float],
    store: HistoryStore,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    target = tmp_path / "export" / "sessions.csv"
    target.parent.mkdir()
    asked: list[Path] = []

    def ask(cls: type[SaveCsv], parent: object, suggested: Path) -> Path:
        asked.append(suggested)
        return target

    monkeypatch.setattr(SaveCsv, "ask", classmethod(ask))
    page = open_history_page(qtbot, history_window)
    with qtbot.wait_signal(page.exported, timeout=5000) as done:
        qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    assert done.args == [4, target]
    assert asked[0].name == f"hipcoach-sessions-{TODAY.isoformat()}.csv"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600, "it holds health notes"
    assert [p.name for p in target.parent.iterdir()] == ["sessions.csv"]

    with target.open(newline="", encoding="utf-8") as file:
        reader = csv.DictReader(file)
        assert tuple(reader.fieldnames or ()) == FIELDS
        exported = list(reader)
    database = sqlite3.connect(f"file:{store.path}?mode=ro", uri=True)
    database.row_factory = sqlite3.Row
    try:
        rows = database.execute(
            "SELECT * FROM sessions ORDER BY started_at DESC, id DESC"
        ).fetchall()
    finally:
        database.close()
    assert len(exported) == len(rows) == 4

    def moment(raw: str) -> datetime:
        return datetime.fromisoformat(raw).replace(tzinfo=UTC)

    def optional(value: object) -> str:
        return "" if value is None else str(value)

    for line, row in zip(exported, rows, strict=True):
        assert int(line["id"]) == row["id"]
        assert line["routine"] == row["routine_id"]
        assert line["name"] == row["routine_name"]
        assert datetime.fromisoformat(line["started_at"]) == moment(row["started_at"])
        assert datetime.fromisoformat(line["ended_at"]) == moment(row["ended_at"])
        assert line["status"] == row["status"]
        assert int(line["active_seconds"]) == round(row["active_seconds"])
        assert int(line["work_done"]) == row["work_done"]
        assert int(line["work_total"]) == row["work_total"]
        assert line["pain_before"] == optional(row["pain_before"])
        assert line["pain_after"] == optional(row["pain_after"])
        assert line["effort"] == optional(row["effort"])
        assert line["notes"] == optional(row["notes"])
    assert any(f"Saved 4 sessions to {target}" in b.message.text() for b in
               history_window.visible_banners())  # fmt: skip


def test_an_export_that_cannot_be_written_says_why_and_leaves_nothing(
    qtbot: QtBot,
    history_window: MainWindow,
    seeded: dict[str, float],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    target = tmp_path / "missing" / "sessions.csv"
    monkeypatch.setattr(SaveCsv, "ask", classmethod(lambda cls, parent, suggested: target))
    page = open_history_page(qtbot, history_window)
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(history_window.visible_banners()), timeout=5000)
    (banner,) = history_window.visible_banners()
    assert banner.message.text().startswith(f"Could not save {target}: ")
    assert not target.parent.exists()
    assert page.export_button.isEnabled()


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A home folder of the test's own, whose documents folder (XDG) is ~/Papers."""
    folder = tmp_path / "home"
    (folder / ".config").mkdir(parents=True)
    (folder / ".config" / "user-dirs.dirs").write_text('XDG_DOCUMENTS_DIR="$HOME/Papers"\n')
    monkeypatch.setenv("HOME", str(folder))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(folder / ".config"))
    return folder


def files_under(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


@pytest.mark.parametrize("documents", [True, False])
def test_the_export_dialog_starts_in_the_documents_folder_or_home(
    qtbot: QtBot,
    history_window: MainWindow,
    seeded: dict[str, float],
    monkeypatch: pytest.MonkeyPatch,
    home: Path,
    documents: bool,
) -> None:
    if documents:
        (home / "Papers").mkdir()
    offered: list[Path] = []

    def ask(cls: type[SaveCsv], parent: object, suggested: Path) -> None:
        offered.append(suggested)

    monkeypatch.setattr(SaveCsv, "ask", classmethod(ask))
    page = open_history_page(qtbot, history_window)
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    folder = home / "Papers" if documents else home
    assert offered == [folder / "hipcoach-sessions-2026-05-13.csv"]


def test_cancelling_the_export_writes_nothing(
    qtbot: QtBot,
    history_window: MainWindow,
    seeded: dict[str, float],
    monkeypatch: pytest.MonkeyPatch,
    home: Path,
    data_dir: Path,
) -> None:
    (home / "Papers").mkdir()
    before = files_under(data_dir)
    monkeypatch.setattr(SaveCsv, "ask", classmethod(lambda cls, parent, suggested: None))
    page = open_history_page(qtbot, history_window)
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    history_window.wait_for_tasks()
    assert not page.tasks.busy() and history_window.visible_banners() == []
    assert files_under(home) == [home / ".config" / "user-dirs.dirs"]  # no CSV, no .part
    assert files_under(data_dir) == before
    assert page.export_button.isEnabled() and page.export_button.text() == "Export CSV\u2026"


def test_the_history_is_read_on_a_worker_while_the_window_stays_responsive(
    qtbot: QtBot, history_window: MainWindow, history_coach: Backend, seeded: dict[str, float]
) -> None:
    release = threading.Event()
    threads: list[int] = []
    read = history_coach.overview

    def slow_overview(on: date | None = None) -> Overview:
        threads.append(threading.get_ident())
        assert release.wait(5), "the test never let the read finish"
        return read(on)

    history_coach.overview = slow_overview  # type: ignore[method-assign]
    page = history_window.history
    page.today = lambda: TODAY
    history_window.show_section("history")
    # The read is still blocked, and the window answers keys and paints meanwhile.
    qtbot.waitUntil(lambda: page.status.text() == "Reading your history\u2026")
    assert page.loading()
    qtbot.keyClick(history_window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert history_window.pages.currentWidget() is history_window.settings
    with qtbot.wait_signal(page.loaded, timeout=5000):
        release.set()
    assert threads and threads[0] != threading.get_ident()
    assert page.sessions_model.rowCount() == 4


def test_an_empty_history_says_how_to_fill_it(qtbot: QtBot, history_window: MainWindow) -> None:
    page = open_history_page(qtbot, history_window)
    assert page.empty.isVisibleTo(page) and not page.sessions_table.isVisibleTo(page)
    assert "No sessions yet" in page.empty.text()
    assert page.week_tile.value.text() == "0 min"
    assert page.streak_tile.value.text() == "0 weeks"
    assert not page.export_button.isEnabled()


def test_without_a_history_the_page_says_so(qtbot: QtBot, window: MainWindow) -> None:
    page = window.history
    with qtbot.wait_signal(page.loaded, timeout=5000):
        window.show_section("history")
    assert "not available" in page.status.text()
    assert not page.export_button.isEnabled()


def test_a_session_run_in_the_window_shows_up_in_the_history(
    qtbot: QtBot, history_coach: Backend, store: HistoryStore, manual: ManualTime
) -> None:
    history_log = HistoryLog(store, clock=manual.clock)
    history_coach.log = history_log
    window = MainWindow(history_coach)
    qtbot.addWidget(window)
    window.show()
    wait_for_library(qtbot, window)
    try:
        window.start_routine("quick")
        qtbot.waitUntil(window.player.running)  # today's doses come from the worker first
        run_to_end(manual, window)
        assert window.pages.currentWidget() is window.after
        qtbot.mouseClick(window.after.pain_after.buttons[1], Qt.MouseButton.LeftButton)
        qtbot.mouseClick(window.after.save_button, Qt.MouseButton.LeftButton)
        page = window.history
        with qtbot.wait_signal(page.loaded, timeout=5000):
            window.show_section("history")
        model = page.sessions_model
        assert [model.cell(0, n) for n in (1, 2, 3, 4)] == ["Quick check", "Completed", "0:40",
                                                         "? \u2192 1"]  # fmt: skip
        assert page.chart.bars.at(11) == pytest.approx(40 / 60)
    finally:
        window.close()
        history_log.close()


def test_the_page_waits_for_a_session_still_being_written(
    qtbot: QtBot, history_coach: Backend, store: HistoryStore, manual: ManualTime, data_dir: Path
) -> None:
    """Another program holds the database while the session ends, so its last records wait
    in the writer's queue; the History page opened then shows the session completed, not
    a session still in progress, once the lock goes."""
    history_log = HistoryLog(store, clock=manual.clock)
    history_coach.log = history_log
    window = MainWindow(history_coach)
    qtbot.addWidget(window)
    window.show()
    other = sqlite3.connect(
        data_dir / "history.sqlite3", isolation_level=None, check_same_thread=False
    )
    release = threading.Timer(0.3, other.rollback)
    try:
        window.start_routine("quick")
        qtbot.waitUntil(window.player.running)
        other.execute("BEGIN IMMEDIATE")  # the writer's next commit waits for this lock
        run_to_end(manual, window)
        assert history_log.writer.pending() > 0  # the session's end is not written yet
        qtbot.mouseClick(window.after.save_button, Qt.MouseButton.LeftButton)
        release.start()
        with qtbot.wait_signal(window.history.loaded, timeout=5000):
            window.show_section("history")
        assert window.history.sessions_model.cell(0, 2) == "Completed"
    finally:
        release.cancel()
        if release.is_alive():
            release.join()
        other.close()
        window.close()
        history_log.close()


def test_the_pain_trend_charts_before_and_after_over_the_shaded_zones(
    qtbot: QtBot, history_window: MainWindow, seeded: dict[str, float]
) -> None:
    page = open_history_page(qtbot, history_window)
    chart = page.pain_chart
    first_day = THIS_MONDAY - timedelta(weeks=11)
    before, after, next_day = ([(int(p.x()), p.y()) for p in line.points()] for line in chart.lines)
    monday, wednesday = (THIS_MONDAY - first_day).days, (TODAY - first_day).days
    assert before == [(monday, 2), (wednesday, 3)]
    assert after == [(monday, 1), (wednesday, 2)]
    assert next_day == []
    assert [line.name() for line in chart.lines] == ["Before", "After", "Next morning"]
    # Three bands, safe up to 3, acceptable up to 5, too much up to 10, across the weeks.
    tops = [band.upperSeries().at(0).y() for band in chart.bands]
    assert tops == [3.5, 5.5, 10.2]
    assert [band.lowerSeries().at(0).y() for band in chart.bands] == [-0.4, 3.5, 5.5]
    assert chart.zone_axis.categoriesLabels() == ["safe", "acceptable", "too much"]
    assert "2 sessions" in chart.accessibleDescription()
    assert "before 3, after 2" in page.pain_note.text()


def test_a_calendar_day_opens_its_sessions_and_show_all_brings_back_the_rest(
    qtbot: QtBot, history_window: MainWindow, seeded: dict[str, float]
) -> None:
    page = open_history_page(qtbot, history_window)
    page.show_part(1)
    calendar = page.calendar
    index = next(n for n, d in enumerate(calendar.days) if d.day == date(2026, 5, 5))
    with qtbot.wait_signal(calendar.day_chosen) as chosen:
        qtbot.mouseClick(
            calendar, Qt.MouseButton.LeftButton, pos=calendar.cell_rect(index).center().toPoint()
        )
    assert chosen.args == [date(2026, 5, 5)]
    assert page.stack.currentIndex() == 0, "the day's sessions are shown"
    model = page.sessions_model
    assert [model.cell(row, 0) for row in range(model.rowCount())] == ["Tue 5 May, 12:00"]
    assert page.shown_note.text() == "Sessions of Tue 5 May"
    assert page.all_button.isVisibleTo(page)
    qtbot.mouseClick(page.all_button, Qt.MouseButton.LeftButton)
    assert model.rowCount() == 4 and not page.all_button.isVisibleTo(page)
    # A day with nothing says so; a day still to come opens nothing.
    empty = next(n for n, d in enumerate(calendar.days) if d.day == date(2026, 5, 6))
    qtbot.mouseClick(
        calendar, Qt.MouseButton.LeftButton, pos=calendar.cell_rect(empty).center().toPoint()
    )
    assert not page.sessions_table.isVisibleTo(page)
    assert page.empty.text() == "No session on Wed 6 May."
    later = next(n for n, d in enumerate(calendar.days) if d.day > TODAY)
    with qtbot.assert_not_emitted(calendar.day_chosen):
        qtbot.mouseClick(
            calendar, Qt.MouseButton.LeftButton, pos=calendar.cell_rect(later).center().toPoint()
        )


def test_deleting_a_session_asks_first_and_then_nothing_of_it_is_left(
    qtbot: QtBot,
    history_window: MainWindow,
    seeded: dict[str, float],
    store: HistoryStore,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    asked: list[str] = []
    answer = [False]

    def ask(cls: type[ConfirmDelete], parent: object, what: str) -> bool:
        asked.append(what)
        return answer[0]

    monkeypatch.setattr(ConfirmDelete, "ask", classmethod(ask))
    page = open_history_page(qtbot, history_window)
    page.sessions_table.setFocus()
    page.sessions_table.selectRow(0)
    assert page.delete_button.isEnabled()
    qtbot.keyClick(page.sessions_table, Qt.Key.Key_Delete)
    assert asked == ["Hip strength, Wed 13 May, 18:00 (stopped)"]
    assert not page.tasks.busy(), "kept: nothing was deleted"
    assert page.sessions_model.rowCount() == 4

    answer[0] = True
    with qtbot.wait_signal(page.loaded, timeout=5000):
        qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    assert page.sessions_model.rowCount() == 3
    assert page.sessions_model.cell(0, 0) == "Mon 11 May, 07:00"
    with store.reading() as unit:
        assert [s.status.value for s in unit.history.sessions()] == ["completed"] * 3
    rows = sqlite3.connect(store.path).execute(
        "SELECT count(*) FROM sessions WHERE notes LIKE 'Right hip tight%'"
    )
    assert rows.fetchone() == (0,)
    (banner,) = history_window.visible_banners()
    assert "replayed without it" in banner.message.text()


def test_the_confirmation_says_the_prescriptions_are_replayed_and_keeps_by_default(
    qtbot: QtBot,
) -> None:
    dialog = ConfirmDelete("Hip strength, Wed 13 May, 18:00 (stopped)")
    qtbot.addWidget(dialog)
    assert "replayed without it" in dialog.body.text()
    assert dialog.keep_button.isDefault()
    with qtbot.wait_signal(dialog.rejected):
        dialog.show()
        qtbot.keyClick(dialog, Qt.Key.Key_Return)


def test_each_week_is_shown_against_the_weekly_plan(
    qtbot: QtBot, history_window: MainWindow, seeded: dict[str, float], data_dir: Path
) -> None:
    (data_dir / "plan.toml").write_text(
        'format = 1\n[[routine]]\nid = "hip-strength"\nper_week = 2\n'
        '[[routine]]\nid = "post-run-stretch"\nper_week = 1\n',
        encoding="utf-8",
    )
    page = open_history_page(qtbot, history_window)
    grid = page.plan_grid
    assert grid.isVisibleTo(page) and grid.rows() == [
        ("Hip strength", False),
        ("Post-run hip stretch", False),
    ]
    assert [w.monday for w in grid.weeks][-1] == THIS_MONDAY and len(grid.weeks) == 12
    cells = {(w.monday, p.routine_id): (p.done, p.target) for w in grid.weeks for p in w.planned}
    last_week = THIS_MONDAY - timedelta(weeks=1)
    assert cells[(last_week, "hip-strength")] == (1, 2)
    assert cells[(THIS_MONDAY, "hip-strength")] == (0, 2), "this week's one was stopped"
    assert cells[(THIS_MONDAY, "post-run-stretch")] == (1, 1)
    assert "of 12 weeks met every target" in grid.accessibleDescription()
