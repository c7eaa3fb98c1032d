"""A screen reader and a keyboard reach everything: every control has a name, a key or a Tab
stop, and Tab moves through each page in the order it reads."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime, timedelta

import pytest
import shiboken6
from PySide6.QtCharts import QChartView
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QCheckBox,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSlider,
    QSpinBox,
    QTableView,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from hipcoach.adapters.audio import VoiceInfo
from hipcoach.adapters.history.store import HistoryStore
from hipcoach.application.backend import Backend
from hipcoach.core.engine import State
from hipcoach.ui.common.confirm import ConfirmStop
from hipcoach.ui.shell.main_window import MainWindow
from tests.fakes.timer import ManualTime
from tests.ui.helpers import press, record_session, run_to_end, start_running, wait_for_library

INTERACTIVE = (
    QAbstractButton,
    QLineEdit,
    QTextEdit,
    QPlainTextEdit,
    QComboBox,
    QAbstractSpinBox,
    QSlider,
    QAbstractItemView,
    QChartView,
)


def inside_a_composite(widget: QWidget, root: QWidget) -> bool:
    """The line edit of a spin box, the list of a combo box, the viewport of a scrolling
    view: the composite speaks and takes the keys for them."""
    parent = widget.parentWidget()
    if isinstance(parent, QAbstractScrollArea) and widget is parent.viewport():
        return True
    while parent is not None and parent is not root:
        if isinstance(parent, QComboBox | QAbstractSpinBox):
            return True
        parent = parent.parentWidget()
    return False


def controls(root: QWidget) -> list[QWidget]:
    """Every widget a person can act on, as shown now: the interactive kinds, and anything
    that takes focus."""
    found = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisibleTo(root) or inside_a_composite(widget, root):
            continue
        takes_focus = bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus)
        if isinstance(widget, INTERACTIVE) or takes_focus:
            found.append(widget)
    return found


def every_state(qtbot: QtBot, window: MainWindow) -> list[QWidget]:
    """The controls of every page in each of its states, as a runner goes through them."""
    seen: dict[int, QWidget] = {}

    def collect() -> None:
        for widget in controls(window):
            seen[id(widget)] = widget

    for section in ("library", "history", "settings"):
        window.show_section(section)
        collect()
    window.history.show_part(1)
    window.show_section("history")
    collect()
    window.history.show_part(0)
    chosen = window.backend.current_settings()
    window.backend.save_settings(replace(chosen, ask_pain_before=True))
    window.start_routine("quick")  # "pain now" first: the question, then the advice at 7
    before = window.before_page
    assert window.pages.currentWidget() is before
    collect()
    before.scale.set_value(7)
    qtbot.keyClick(before.scale.tab_stop(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: before.read, timeout=5000)
    collect()
    press(qtbot, window, Qt.Key.Key_Escape)  # back to the question
    qtbot.mouseClick(before.skip_button, Qt.MouseButton.LeftButton)
    window.backend.save_settings(chosen)
    qtbot.waitUntil(window.player.running, timeout=10000)
    assert window.session is not None
    press(qtbot, window, Qt.Key.Key_Space)  # paused, so every control is there at once
    qtbot.waitUntil(lambda: window.player.controls_opacity() == 1.0)
    collect()
    window.session.driver.stop()
    assert window.pages.currentWidget() is window.after
    collect()
    qtbot.mouseClick(window.after.skip_button, Qt.MouseButton.LeftButton)
    collect()  # the library again: what the worker's answers rebuilt meanwhile
    return [widget for widget in seen.values() if shiboken6.isValid(widget)]


def describe(widget: QWidget) -> str:
    text = widget.text() if isinstance(widget, QAbstractButton) else ""
    return f"{type(widget).__name__} {widget.objectName()!r} {text!r} in {type(widget.parent())}"


@pytest.fixture
def every_page(qtbot: QtBot, backend: Backend, store: HistoryStore) -> Iterator[MainWindow]:
    """A window with every page built and filled: history with sessions, voices listed, a
    session on the player, a finished one on the check-in."""
    entry = backend.library().find("quick")
    assert entry is not None
    record_session(store, entry.routine, datetime.now().astimezone() - timedelta(days=1))
    backend.history = store
    backend.voices = lambda: [VoiceInfo("gmw/en", "English (Great Britain)", ("en-gb",))]
    window = MainWindow(backend)
    qtbot.addWidget(window)
    window.resize(800, 600)
    window.show()
    wait_for_library(qtbot, window)
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    history = window.history
    with qtbot.wait_signal(history.loaded, timeout=5000):
        window.show_section("history")
    settings = window.settings
    window.show_section("settings")
    qtbot.waitUntil(lambda: settings.voices_known, timeout=5000)
    plan = settings.plan  # read on the worker: wait until its rows are laid out
    qtbot.waitUntil(
        lambda: plan.rows and all(r.isVisible() and 40 < r.height() < 400 for r in plan.rows),
        timeout=5000,
    )
    qtbot.waitUntil(lambda: window.today.current is not None, timeout=5000)
    window.show_section("library")
    yield window
    if window.session is not None and window.player.running():
        window.session.driver.stop()
    window.wait_for_tasks()


def test_every_control_on_every_page_has_an_accessible_name(
    qtbot: QtBot, every_page: MainWindow
) -> None:
    window = every_page
    found = every_state(qtbot, window)
    pages = {
        "library": window.library_page,
        "history": window.history,
        "settings": window.settings,
        "player": window.player,
        "after": window.after,
        "before": window.before_page,
        "nav": window.nav,
    }
    for name, page in pages.items():
        assert [w for w in found if page.isAncestorOf(w)], f"nothing found on the {name} page"
    kinds = {type(w) for w in found}
    for kind in (QPushButton, QComboBox, QSlider, QSpinBox, QCheckBox, QTableView,
                 QPlainTextEdit, QChartView):  # fmt: skip
        assert any(issubclass(k, kind) for k in kinds), f"no {kind.__name__} walked"
    assert len(found) > 60
    unnamed = [describe(w) for w in found if not w.accessibleName().strip()]
    assert unnamed == []

    dialog = ConfirmStop(window)
    qtbot.addWidget(dialog)
    dialog.show()
    unnamed = [describe(w) for w in controls(dialog) if not w.accessibleName().strip()]
    assert unnamed == [] and controls(dialog)


def test_every_control_has_a_keyboard_path(qtbot: QtBot, every_page: MainWindow) -> None:
    """A Tab stop, or a key of its own: the player's buttons answer Space, Left, Right, Enter,
    Esc, M and H, "this hurts" its S (they take no focus, so a key press never lands on a button by accident), a
    number's minus and plus are its arrow keys, and a 0-10 scale's numbers its arrows."""
    window = every_page
    found = every_state(qtbot, window)
    player = window.player
    keyed: set[QWidget] = {
        player.back_button,
        player.pause_button,
        player.skip_button,
        player.done_button,
        player.stop_button,
        player.mute_button,
        player.hurt_button,
        player.skip_rest_button,
    }
    settings = window.settings
    for stepper in (settings.prepare, settings.switch, settings.rest, settings.breath):
        keyed |= {stepper.less, stepper.more}
    after = window.after
    scales = (after.pain_before, after.pain_after, after.effort, window.today.scale)
    for scale in (*scales, window.before_page.scale):
        keyed |= set(scale.buttons.values())  # one Tab stop, then the arrows
    stranded = [
        describe(w)
        for w in found
        if not isinstance(w, QHeaderView)  # column titles: nothing happens on a click
        and not w.focusPolicy() & Qt.FocusPolicy.TabFocus
        and w not in keyed
    ]
    assert stranded == []


def tab_through(qtbot: QtBot, window: MainWindow, start: QWidget, count: int) -> list[QWidget]:
    start.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is start)
    seen = []
    for _ in range(count):
        focused = QApplication.focusWidget()
        assert focused is not None
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
        now = QApplication.focusWidget()
        assert now is not None
        seen.append(now)
    return seen


def test_tab_reads_the_library_left_to_right(qtbot: QtBot, every_page: MainWindow) -> None:
    window = every_page
    page = window.library_page
    cards = page.cards
    today = window.today  # Today reads first: its runs' buttons, what is due, the question
    first = [
        today.log_button,
        today.import_button,
        *(tile.start for tile in today.tiles),
        *((today.scale.tab_stop(),) if today.morning.isVisible() else ()),
    ]
    assert len(first) > 2
    # Edit, duplicate, export, and delete for a routine of the runner's own.
    files = [button for button in page.detail.file_buttons if button.isEnabled()]
    count = len(first) + len(cards) + 5 + len(files)
    seen = tab_through(qtbot, window, window.nav.buttons["settings"], count)
    assert seen == [
        *first,
        page.new_button,
        page.import_button,
        *cards,
        *files,
        page.detail.exercises_scroll,  # the chosen routine's exercises scroll with the arrows
        page.detail.start_button,
        window.nav.buttons["library"],
    ]


def test_tab_reads_the_settings_top_to_bottom(qtbot: QtBot, every_page: MainWindow) -> None:
    window = every_page
    window.show_section("settings")
    page = window.settings
    plan = page.plan  # the weekly plan: each routine's rhythm, then the line that adds one
    rows = [
        control
        for row in plan.rows
        for control in (row.remove, row.weekly, row.low, row.high, row.spacing, row.after_run)
        if control.isEnabled()
    ]
    # Then the reminder: its time, and each day a stop of its own (they are not exclusive).
    planned = [*rows, plan.choice, plan.add_button, plan.reminder_at, *plan.reminder_days]
    seen = tab_through(qtbot, window, window.nav.buttons["settings"], 16 + len(planned))
    # The two timing choices are one stop; the times are skipped while each routine's own
    # are used (they are greyed out then).
    assert seen == [
        page.voice_on,
        page.voice,
        page.try_button,
        page.rate,
        page.volume,
        page.how_reading,
        page.beeps,
        page.flash,
        page.look,
        page.ask_pain_before,
        page.routine_timings,
        page.breath.spin,
        *planned,
        page.defaults_button,
        window.nav.buttons["library"],
        window.nav.buttons["history"],
        window.nav.buttons["settings"],
    ]
    page.routine_timings.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(page.routine_timings, Qt.Key.Key_Right)  # the arrows choose the other
    assert page.same_timings.isChecked()
    seen = tab_through(qtbot, window, page.same_timings, 4)
    assert seen == [page.prepare.spin, page.switch.spin, page.rest.spin, page.breath.spin]


def test_tab_reads_the_history_top_to_bottom(qtbot: QtBot, every_page: MainWindow) -> None:
    window = every_page
    window.show_section("history")
    page = window.history
    seen = tab_through(qtbot, window, window.nav.buttons["settings"], 12)
    assert seen == [
        page.report_button,
        page.export_button,
        page.calendar,
        page.chart,
        page.plan_grid,  # the weeks against the plan
        page.pain_chart,
        page.runs_chart,
        page.sessions_button,
        page.exercises_button,
        page.sessions_table,
        page.delete_button,  # after the table, whose chosen row it deletes
        window.nav.buttons["library"],
    ]
    page.show_part(1)
    seen = tab_through(qtbot, window, page.exercises_button, 3)
    assert seen == [page.exercises_table, page.dose_chart, window.nav.buttons["library"]]


def test_tab_reads_the_check_in_top_to_bottom(qtbot: QtBot, every_page: MainWindow) -> None:
    window = every_page
    start_running(qtbot, window, "quick")
    assert window.session is not None
    press(qtbot, window, Qt.Key.Key_Space)
    assert window.session.driver.engine.state is State.PAUSED
    window.session.driver.stop()
    after = window.after
    assert window.pages.currentWidget() is after
    # Each 0-10 scale is one stop, on its first number until one is chosen.
    seen = tab_through(qtbot, window, after.pain_before.buttons[0], 6)
    assert seen == [
        after.pain_after.buttons[0],
        after.effort.buttons[1],
        after.more_button,  # "Anything else?", folded
        after.note,
        after.skip_button,
        after.save_button,
    ]


def looks_focused(qtbot: QtBot, widget: QWidget) -> bool:
    """Whether a person can see that ``widget`` has the focus: it looks different without."""
    focused = widget.grab().toImage()
    widget.clearFocus()
    qtbot.waitUntil(lambda: not widget.hasFocus())
    plain = widget.grab().toImage()
    widget.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(widget.hasFocus)
    return focused != plain


def on_screen(widget: QWidget) -> bool:
    """Shown, and wholly inside the window and every scrolling area around it; a list or a
    table taller than the window shows part of itself, where its focused row is."""
    if not widget.isVisible():
        return False
    shown = widget.visibleRegion().boundingRect()
    if isinstance(widget, QAbstractScrollArea) and widget.height() > widget.window().height() / 2:
        return shown.height() >= 60
    return shown.size() == widget.size() and widget.window().rect().contains(
        QRect(widget.mapTo(widget.window(), widget.rect().topLeft()), widget.size())
    )


def focus_problems(qtbot: QtBot, window: MainWindow, start: QWidget) -> tuple[int, list[str]]:
    """Tab from ``start`` round to it again; each stop must be on screen as it gets the
    focus, and look focused. Returns how many stops, and what was wrong where."""
    start.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is start)
    problems: list[str] = []
    stops = 0
    focused = start
    while stops < 80:
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
        now = QApplication.focusWidget()
        assert now is not None
        focused = now
        stops += 1
        if not on_screen(focused):
            problems.append(f"off screen: {describe(focused)}")
        elif not looks_focused(qtbot, focused):
            problems.append(f"no visible focus: {describe(focused)}")
        if focused is start:
            break
    return stops, problems


@pytest.mark.parametrize("section", ["library", "history", "settings"])
def test_every_tab_stop_is_on_screen_and_shows_its_focus(
    qtbot: QtBot, every_page: MainWindow, section: str
) -> None:
    window = every_page
    window.show_section(section)
    stops, problems = focus_problems(qtbot, window, window.nav.buttons[section])
    assert stops > 3
    assert problems == [], "\n".join(problems)


def test_every_tab_stop_of_the_check_in_is_on_screen_and_shows_its_focus(
    qtbot: QtBot, every_page: MainWindow
) -> None:
    window = every_page
    start_running(qtbot, window, "quick")
    assert window.session is not None
    press(qtbot, window, Qt.Key.Key_Space)
    window.session.driver.stop()
    stops, problems = focus_problems(qtbot, window, window.after.save_button)
    assert stops > 3
    assert problems == [], "\n".join(problems)


def test_a_session_from_the_keyboard_alone_keeps_the_focus_where_the_eyes_are(
    qtbot: QtBot, every_page: MainWindow, manual: ManualTime
) -> None:
    window = every_page
    card = window.library_page.card("quick")
    assert card is not None
    card.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(card.hasFocus)
    qtbot.keyClick(card, Qt.Key.Key_Return)
    assert window.pages.currentWidget() is window.player
    for _ in range(3):  # Tab on the player never lands on something hidden
        focused = QApplication.focusWidget()
        assert focused is not None
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
        now = QApplication.focusWidget()
        assert now is not None and now.isVisible()
    qtbot.waitUntil(window.player.running)  # the doses came, the session began
    run_to_end(manual, window)
    after = window.after
    assert after.pain_before.buttons[0].hasFocus()  # the first question
    qtbot.keyClick(after.pain_before.buttons[0], Qt.Key.Key_Right)
    assert after.pain_before.value() == 1
    for _ in range(5):  # pain after, effort, "Anything else?", the note, Skip
        focused = QApplication.focusWidget()
        assert focused is not None
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
    assert after.skip_button.hasFocus()
    qtbot.keyClick(after.skip_button, Qt.Key.Key_Tab)
    assert after.save_button.hasFocus()
    qtbot.keyClick(after.save_button, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.library_page)
    again = window.library_page.card("quick")
    assert again is not None and again.hasFocus()
