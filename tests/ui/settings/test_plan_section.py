"""The weekly plan in Settings: each change is saved to plan.toml at once, atomically, and
reads back as what the page shows; an invalid file is shown by its lines and left alone."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTime
from PySide6.QtWidgets import QTimeEdit
from pytestqt.qtbot import QtBot

from hipcoach.application.backend import Backend
from hipcoach.core.plan_file import load_plan
from hipcoach.core.week_plan import PerWeek, Reminder
from hipcoach.ui.settings.plan_section import PlanSection
from hipcoach.ui.shell.main_window import MainWindow
from tests.fakes.reminder_timer import FakeReminderTimer
from tests.ui.helpers import show_window


@pytest.fixture
def section(qtbot: QtBot, backend: Backend) -> Iterator[PlanSection]:
    window = show_window(qtbot, backend)
    window.show_section("settings")
    plan = window.settings.plan
    qtbot.waitUntil(lambda: plan.plan is not None or bool(plan.status.text().count("cannot")))
    yield plan
    window.wait_for_tasks()


def saved(qtbot: QtBot, section: PlanSection, change: Callable[[], object]) -> None:
    with qtbot.wait_signal(section.saved, timeout=5000):
        change()


def routines(data_dir: Path) -> list[tuple[str, PerWeek | None, int | None, bool]]:
    plan = load_plan(data_dir / "plan.toml")
    return [(r.id, r.per_week, r.spacing, r.after_run) for r in plan.routines]


def test_the_default_plan_is_shown_until_the_first_change_writes_plan_toml(
    qtbot: QtBot, section: PlanSection, data_dir: Path
) -> None:
    assert [row.name.text() for row in section.rows] == [
        "Hip strength",
        "Post-run hip stretch",
        "Yoga hip flow",
    ]
    strength = section.rows[0]
    assert (strength.low.value(), strength.high.value()) == (1, 3)
    assert strength.spacing.text() == "default (1)"
    assert section.rows[1].after_run.isChecked() and not section.rows[1].weekly.isChecked()
    assert not (data_dir / "plan.toml").exists()
    assert "default plan" in section.status.text()

    saved(qtbot, section, lambda: strength.high.setValue(2))
    assert routines(data_dir) == [
        ("hip-strength", PerWeek(1, 2), None, False),
        ("post-run-stretch", None, None, True),
        ("yoga-hip-flow", PerWeek(1, 1), None, False),
    ]
    assert strength.note.text() == (
        "Starts at 1 a week and ramps up by one after three good weeks, to 2."
    )
    saved(qtbot, section, lambda: strength.spacing.setValue(2))
    saved(qtbot, section, lambda: strength.low.setValue(3))  # the top follows the bottom up
    assert routines(data_dir)[0] == ("hip-strength", PerWeek(3, 3), 2, False)
    assert strength.note.text() == "3 a week, every week."


def test_routines_are_added_and_removed(qtbot: QtBot, section: PlanSection, data_dir: Path) -> None:
    foam = section.choice.findText("Foam roll for the hips")
    assert foam >= 0
    assert section.choice.findText("Hip strength") < 0  # already planned
    section.choice.setCurrentIndex(foam)
    saved(qtbot, section, section.add_chosen)
    assert routines(data_dir)[-1] == ("foam-roll", PerWeek(1, 1), None, False)
    assert section.rows[-1].name.text() == "Foam roll for the hips"
    saved(qtbot, section, section.rows[1].remove.click)
    assert [r[0] for r in routines(data_dir)] == ["hip-strength", "yoga-hip-flow", "foam-roll"]


def test_a_routine_due_neither_weekly_nor_after_runs_is_not_saved(
    qtbot: QtBot, section: PlanSection, data_dir: Path
) -> None:
    yoga = section.rows[2]
    yoga.weekly.setChecked(False)
    assert yoga.note.text() == "Say when it is due: weekly, after each run, or both."
    assert section.status.text() == "Not saved yet: say when each routine is due."
    assert not (data_dir / "plan.toml").exists()
    saved(qtbot, section, lambda: yoga.after_run.setChecked(True))
    assert routines(data_dir)[2] == ("yoga-hip-flow", None, None, True)


def test_the_reminder_the_file_holds_is_kept(
    qtbot: QtBot, backend: Backend, data_dir: Path
) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / "plan.toml").write_text(
        'format = 1\n[[routine]]\nid = "foam-roll"\nper_week = 2\n\n'
        '[reminder]\nat = "07:30"\ndays = ["sat", "sun"]\n'
    )
    window: MainWindow = show_window(qtbot, backend)
    window.show_section("settings")
    section = window.settings.plan
    qtbot.waitUntil(lambda: section.plan is not None)
    saved(qtbot, section, lambda: section.rows[0].high.setValue(4))
    plan = load_plan(data_dir / "plan.toml")
    assert plan.routines[0].per_week == PerWeek(2, 4)
    assert plan.reminder is not None and f"{plan.reminder.at:%H:%M}" == "07:30"
    assert plan.reminder.days == (5, 6)
    window.wait_for_tasks()


def test_an_invalid_plan_is_shown_by_its_lines_and_never_overwritten(
    qtbot: QtBot, backend: Backend, data_dir: Path
) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    text = 'format = 1\n[[routine]]\nid = "foam-roll"\nper_week = 20\n'
    (data_dir / "plan.toml").write_text(text)
    window = show_window(qtbot, backend)
    window.show_section("settings")
    section = window.settings.plan
    qtbot.waitUntil(lambda: "cannot be used" in section.status.text())
    assert (
        f'{data_dir / "plan.toml"}:4: routine "foam-roll": per_week = 20' in section.status.text()
    )
    assert section.rows == [] and not section.add_button.isEnabled()
    assert (data_dir / "plan.toml").read_text() == text
    window.wait_for_tasks()


COMMENTED = """\
# My plan, as the physio gave it (November).
format = 1

# Strength: building up, never two days running.
[[routine]]
id = "hip-strength"
per_week = "1-3"   # she said three at most
spacing = 1

# Dropped for now: the knee.
[[routine]]
id = "yoga-hip-flow"
per_week = 1

[[routine]]
id = "post-run-stretch"
after_run = true   # every run, no excuses

[reminder]
at = "18:00"   # after work
"""


def test_a_plan_written_by_hand_keeps_its_comments_and_order_when_edited_in_settings(
    qtbot: QtBot, backend: Backend, data_dir: Path
) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / "plan.toml").write_text(COMMENTED)
    window = show_window(qtbot, backend)
    window.show_section("settings")
    section = window.settings.plan
    qtbot.waitUntil(lambda: section.plan is not None)
    saved(qtbot, section, lambda: section.rows[0].high.setValue(2))
    saved(qtbot, section, section.rows[1].remove.click)
    assert (data_dir / "plan.toml").read_text() == (
        COMMENTED.replace('"1-3"   # she said three', '"1-2"   # she said three').replace(
            '# Dropped for now: the knee.\n[[routine]]\nid = "yoga-hip-flow"\nper_week = 1\n\n',
            "",
        )
    )
    assert routines(data_dir) == [
        ("hip-strength", PerWeek(1, 2), 1, False),
        ("post-run-stretch", None, None, True),
    ]
    window.wait_for_tasks()


@pytest.fixture
def timer(backend: Backend) -> FakeReminderTimer:
    backend.reminder_timer = FakeReminderTimer(installed=True, at=time(18, 0))
    return backend.reminder_timer


def settings_page(qtbot: QtBot, backend: Backend) -> tuple[MainWindow, PlanSection]:
    window = show_window(qtbot, backend)
    section = window.settings.plan
    with qtbot.wait_signal(section.timer_shown, timeout=5000):
        window.show_section("settings")
    return window, section


def test_the_reminder_time_is_written_to_the_plan_and_moves_an_installed_timer(
    qtbot: QtBot, backend: Backend, data_dir: Path, timer: FakeReminderTimer
) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / "plan.toml").write_text(COMMENTED)
    window, section = settings_page(qtbot, backend)
    assert section.reminder_at.time().toString("HH:mm") == "18:00"
    assert section.reminder_status.text() == "Reminders on at 18:00 daily."

    with qtbot.wait_signal(section.timer_shown, timeout=5000):
        section.reminder_at.setTime(QTime(7, 45))
    text = (data_dir / "plan.toml").read_text()
    assert 'at = "07:45"   # after work' in text  # as `reminders on --at 07:45` writes it
    assert text.replace('"07:45"', '"18:00"') == COMMENTED
    assert [(at, days) for at, days, _thread in timer.moves] == [(time(7, 45), None)]
    assert timer.moves[0][2] != threading.current_thread().name  # never on the GUI thread
    assert section.reminder_status.text() == "Reminders on at 07:45 daily."

    for box in section.reminder_days[:5]:
        box.setChecked(False)  # each one saved as it goes: the last leaves the weekend

    def weekend_only() -> None:
        plan = load_plan(data_dir / "plan.toml")
        assert plan.reminder is not None and plan.reminder.days == (5, 6)
        assert timer.days == (5, 6)

    qtbot.waitUntil(weekend_only)
    qtbot.waitUntil(lambda: section.reminder_status.text() == "Reminders on at 07:45 on Sat, Sun.")
    window.wait_for_tasks()


def test_with_no_timer_the_time_is_saved_and_reminders_are_said_to_be_off(
    qtbot: QtBot, backend: Backend, data_dir: Path
) -> None:
    window, section = settings_page(qtbot, backend)
    assert section.reminder_status.text().startswith("Reminders are off")
    assert not (data_dir / "plan.toml").exists()  # showing the default writes nothing
    saved(qtbot, section, lambda: section.reminder_at.setTime(QTime(19, 15)))
    plan = load_plan(data_dir / "plan.toml")
    assert plan.reminder is not None and f"{plan.reminder.at:%H:%M}" == "19:15"
    assert [r.id for r in plan.routines] == ["hip-strength", "post-run-stretch", "yoga-hip-flow"]
    for box in section.reminder_days[:6]:
        box.setChecked(False)
    sunday = Reminder(time(19, 15), (6,))
    qtbot.waitUntil(lambda: load_plan(data_dir / "plan.toml").reminder == sunday)
    section.reminder_days[6].setChecked(False)
    assert section.reminder_status.text() == (
        "Not saved yet: choose at least one day to be reminded."
    )
    window.wait_for_tasks()
    assert load_plan(data_dir / "plan.toml").reminder == sunday


def test_a_time_typed_on_the_keyboard_is_saved_when_the_field_is_left(
    qtbot: QtBot, backend: Backend, data_dir: Path
) -> None:
    window, section = settings_page(qtbot, backend)
    field = section.reminder_at
    field.setFocus(Qt.FocusReason.TabFocusReason)
    field.setSelectedSection(QTimeEdit.Section.HourSection)
    qtbot.keyClicks(field, "07")
    field.setSelectedSection(QTimeEdit.Section.MinuteSection)
    qtbot.keyClicks(field, "45")
    assert not (data_dir / "plan.toml").exists()  # nothing saved while typing
    with qtbot.wait_signal(section.saved, timeout=5000):
        qtbot.keyClick(field, Qt.Key.Key_Tab)
    plan = load_plan(data_dir / "plan.toml")
    assert plan.reminder is not None and f"{plan.reminder.at:%H:%M}" == "07:45"
    assert window.focusWidget() is section.reminder_days[0]
    window.wait_for_tasks()
