"""Runs per week on the History page: kilometres a week, the weeks with a caution apart."""

from __future__ import annotations

from datetime import date, timedelta

from pytestqt.qtbot import QtBot

from hipcoach.adapters.history.store import HistoryStore
from hipcoach.application.backend import Backend
from hipcoach.application.runs import RunWeek
from hipcoach.core.weeks import monday
from hipcoach.ui.history.runs_chart import RunsChart, week_text
from tests.ui.helpers import show_window


def test_the_history_page_shows_kilometres_per_week_with_the_cautions(
    qtbot: QtBot, backend: Backend, store: HistoryStore
) -> None:
    backend.history = store
    today = date.today()
    backend.log_run(10.0, 55.0, today - timedelta(days=14))
    backend.log_run(6.0, None, today - timedelta(days=7))
    backend.log_run(12.5, None, today)
    window = show_window(qtbot, backend)
    page = window.history
    chart = page.runs_chart
    with qtbot.wait_signal(page.loaded, timeout=5000):
        window.show_section("history")
    qtbot.waitUntil(lambda: len(chart.weeks) == 12)
    this_week = monday(today)
    assert chart.weeks[-1] == RunWeek(this_week, 12.5, 1, 1)
    assert [chart.plain.at(i) for i in range(12)][-1] == 0.0  # drawn in the caution's colour
    assert chart.spiked.at(11) == 12.5
    assert sum(w.runs for w in chart.weeks) == 3
    assert page.runs_note.text() == ("3 runs in 12 weeks; in amber, a week with a caution")
    assert chart.accessibleDescription().endswith(
        f"Week of {this_week.day} {this_week:%b}: 1 run, 12.5 km, 1 with a caution"
    )
    window.wait_for_tasks()


def test_a_week_without_runs_reads_as_such(qtbot: QtBot) -> None:
    chart = RunsChart()
    qtbot.addWidget(chart)
    week = RunWeek(date(2026, 11, 2))
    chart.show_weeks([week, RunWeek(date(2026, 11, 9), 21.1, 2)])
    assert week_text(week) == "Week of 2 Nov: no runs"
    assert chart.y_axis.max() == 25
