"""After a session: the summary counts what was done on each side; the check-in is optional."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from hipcoach.core.cues import make_script
from hipcoach.core.engine import Finished, Outcome, PhaseEnded, SessionEngine, Stopped
from hipcoach.core.plan import Plan, make_plan
from hipcoach.core.records import CheckIn
from hipcoach.core.routine_file import parse_routine
from hipcoach.core.work import Tally
from hipcoach.ui.after.page import AfterPage, exercise_rows, sides_line
from tests.fakes.clock import FakeClock, drive
from tests.ui.helpers import QUICK


def quick_plan() -> Plan:
    return make_plan(parse_routine(QUICK.encode(), "quick.toml", "quick"))


def ended(plan: Plan, index: int, outcome: Outcome, done: int) -> PhaseEnded:
    phase = plan.phases[index]
    return PhaseEnded(phase.end, index, phase, outcome, phase.seconds, done, done)


def test_the_tally_counts_completed_and_done_work_per_side_never_skipped() -> None:
    plan = quick_plan()
    tally = Tally(plan)
    left, right = 1, 3  # the hold: work left, then (after the switch) work right
    tally.add(ended(plan, left, Outcome.COMPLETED, 4))
    tally.add(ended(plan, right, Outcome.SKIPPED, 1))
    tally.add(ended(plan, right, Outcome.RESTARTED, 2))
    tally.add(ended(plan, right, Outcome.DONE, 3))
    tally.add(ended(plan, 0, Outcome.COMPLETED, 0))  # a prepare is not work
    assert sides_line(tally) == "Left 1 of 1  \u00b7  Right 1 of 1"
    assert exercise_rows(tally) == [
        ("Side hold", "L 4 s", "R 3 s"),
        ("Slow breaths", "0 breaths", ""),
        ("Bridges", "0 reps", ""),
    ]


def test_a_stopped_session_says_so_and_shows_what_was_done(qtbot: QtBot) -> None:
    plan = quick_plan()
    page = AfterPage()
    qtbot.addWidget(page)
    tally = Tally(plan)
    tally.add(ended(plan, 1, Outcome.COMPLETED, 4))
    page.show_result(plan, Stopped(7.0, 7.0, 1), tally)
    assert page.title.text() == "Stopped early"
    assert page.time.text() == "0:07"
    assert page.work.text() == "1 of 5"
    assert page.sides.text() == "Left 1 of 1  \u00b7  Right 0 of 1"


def test_a_chosen_number_can_be_changed_and_cleared(qtbot: QtBot) -> None:
    page = AfterPage()
    qtbot.addWidget(page)
    page.pain_before.choose(3)
    page.pain_before.choose(5)
    assert page.pain_before.value() == 5
    assert [n for n, b in page.pain_before.buttons.items() if b.isChecked()] == [5]
    page.pain_before.choose(5)
    assert page.pain_before.value() is None
    assert page.check_in().pain_before is None
    assert list(page.effort.buttons) == list(range(1, 11))
    assert list(page.pain_after.buttons) == list(range(0, 11))


def test_save_sends_the_check_in_as_chosen(qtbot: QtBot) -> None:
    page = AfterPage()
    qtbot.addWidget(page)
    page.pain_before.choose(3)
    page.effort.choose(6)
    page.note.setPlainText("  right hip tight \n")
    with qtbot.wait_signal(page.saved, timeout=1000) as sent:
        qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert sent.args == [CheckIn(pain_before=3, effort=6, notes="right hip tight", answers=())]


def test_work_done_again_after_back_is_shown_once(qtbot: QtBot) -> None:
    plan = quick_plan()
    engine, clock = SessionEngine(plan, make_script(plan)), FakeClock()
    drive(engine, clock, until=plan.phases[4].start + 1.0)  # into the phase after the right hold
    engine.back(clock.now())
    engine.back(clock.advance(0.5))  # twice: back to the right hold, to do it again
    events = drive(engine, clock)
    finished = events[-1]
    assert isinstance(finished, Finished)
    page = AfterPage()
    qtbot.addWidget(page)
    page.show_result(plan, finished, engine.work)
    assert page.work.text() == "5 of 5"
    assert page.sides.text() == "Left 1 of 1  \u00b7  Right 1 of 1"
    assert exercise_rows(engine.work)[0] == ("Side hold", "L 4 s", "R 4 s")


def test_a_scale_is_one_tab_stop_moved_and_chosen_with_the_arrows(qtbot: QtBot) -> None:
    page = AfterPage()
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is page)
    pain = page.pain_before
    pain.buttons[0].setFocus(Qt.FocusReason.TabFocusReason)
    for _ in range(4):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Right)
    assert pain.value() == 4 and pain.buttons[4].hasFocus()
    qtbot.keyClick(pain.buttons[4], Qt.Key.Key_Tab)
    assert page.pain_after.buttons[0].hasFocus()  # the next scale, not the next number
    qtbot.keyClick(page.pain_after.buttons[0], Qt.Key.Key_Backtab)
    assert pain.buttons[4].hasFocus()  # back on the chosen number
    qtbot.keyClick(pain.buttons[4], Qt.Key.Key_End)
    assert pain.value() == 10 and pain.buttons[10].hasFocus()
    qtbot.keyClick(pain.buttons[10], Qt.Key.Key_Right)  # already at the end: stays
    assert pain.value() == 10
    qtbot.keyClick(pain.buttons[10], Qt.Key.Key_Left)
    assert pain.value() == 9
    qtbot.keyClick(pain.buttons[9], Qt.Key.Key_Space)  # the chosen one again: cleared
    assert pain.value() is None
    assert page.check_in().pain_before is None


def test_a_number_tapped_takes_the_focus_along_from_the_one_tab_stop(qtbot: QtBot) -> None:
    page = AfterPage()
    qtbot.addWidget(page)
    page.show()
    page.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is page)
    pain = page.pain_before
    pain.buttons[0].setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.mouseClick(pain.buttons[6], Qt.MouseButton.LeftButton)
    assert pain.value() == 6
    assert pain.buttons[6].hasFocus() and pain.tab_stop() is pain.buttons[6]


def test_anything_else_unfolds_the_red_flag_questions_and_saves_what_is_ticked(
    qtbot: QtBot,
) -> None:
    page = AfterPage()
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    assert not page.more.isVisible()  # folded: the check-in stays quick
    qtbot.mouseClick(page.more_button, Qt.MouseButton.LeftButton)
    assert page.more.isVisible()
    assert [box.text() for box in page.answers.values()] == [
        "Swelling",
        "Sharp, local pain",
        "The hip gives way",
        "Pain at night or at rest",
        "Cannot put weight on the leg",
    ]
    page.answers["sharp"].click()
    page.answers["night-pain"].click()
    page.pain_after.choose(5)
    with qtbot.wait_signal(page.saved, timeout=1000) as sent:
        qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert sent.args == [CheckIn(pain_after=5, notes="", answers=("sharp", "night-pain"))]


def test_the_questions_start_folded_and_unticked_for_the_next_session(qtbot: QtBot) -> None:
    page = AfterPage()
    qtbot.addWidget(page)
    page.more_button.click()
    page.answers["swelling"].click()
    page.show_result(quick_plan(), Stopped(7.0, 7.0, 1), Tally(quick_plan()))
    assert not page.more_button.isChecked()
    assert page.check_in().answers == ()
