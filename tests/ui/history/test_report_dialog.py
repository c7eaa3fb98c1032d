"""Report for your physio, from the History page: the first page shown, then saved as the
very PDF previewed (or its CSV), private; a range that runs backwards makes nothing. The
report is made off the GUI thread (the loop keeps turning over three years of history),
Cancel and closing stop it, and a save that fails is one line."""

from __future__ import annotations

import errno
import itertools
import os
import stat
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QEventLoop, Qt, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from hipcoach.adapters import paths
from hipcoach.adapters.history.store import HistoryStore
from hipcoach.application.backend import Backend
from hipcoach.ui.history.report_dialog import ReportDialog, SaveReport
from hipcoach.ui.shell.main_window import MainWindow
from tests import report_history as built
from tests.adapters.history.conftest import local_zone
from tests.ui.helpers import show_window

__all__ = ["local_zone"]


def until(done: Callable[[], bool], seconds: float) -> None:
    """Turn the loop until ``done``, connecting nothing. ``qtbot.waitUntil`` waits 10 ms at a
    time through a timer and an event loop of its own, connected and disconnected each
    time; a disconnect here takes Qt's signal-slot lock, then the interpreter's (to look
    for a Python override), while the report's worker, holding the interpreter's, connects
    inside Qt (``QTextDocument.documentLayout``) and waits for that lock: the suite hung so
    (gdb: each thread waiting on the other). The window itself makes no such churn while a
    report is made."""
    deadline = time.monotonic() + seconds
    while not done():
        assert time.monotonic() < deadline, f"not done in {seconds} s"
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 10)
        time.sleep(0.005)  # the interpreter's lock free for the worker


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
    until(lambda: dialog.pdf is not None, 15)
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
    until(lambda: "runs forward" in dialog.status.text(), 5)
    assert not dialog.save_button.isEnabled() and dialog.pdf is None
    dialog.reject()


# -- made off the GUI thread -------------------------------------------------------------------


@pytest.fixture
def years(qtbot: QtBot, backend: Backend, data_dir: Path) -> Iterator[MainWindow]:
    """A real SQLite history of three years, three sessions a week over the built-in
    routines, two runs a week and notes (as bench/report.py fills ten)."""
    from bench.coaching import fill
    from bench.report import add_runs_and_notes
    from hipcoach.adapters.history.store import open_history
    from hipcoach.core.library import load_library

    folder = paths.prepare_data_dir(data_dir)
    routines = [e.routine for e in load_library(paths.built_in_routines(), None).entries]
    fill(folder, routines, YEARS)
    add_runs_and_notes(folder, YEARS)
    with open_history(folder) as store:
        backend.history = store
        shown = show_window(qtbot, backend)
        yield shown
        shown.wait_for_tasks()


YEARS = 3


def test_a_long_report_is_made_off_the_gui_thread_while_the_loop_keeps_running(
    qtbot: QtBot, years: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    import hipcoach.ui.report.pdf as pdf

    printed_on: list[int] = []
    print_pdf = pdf.print_pdf

    def spy(*args, **kwargs):  # type: ignore[no-untyped-def]
        printed_on.append(threading.get_ident())
        return print_pdf(*args, **kwargs)

    monkeypatch.setattr(pdf, "print_pdf", spy)
    page = years.history
    with qtbot.wait_signal(page.loaded, timeout=20000):
        years.show_section("history")
    dialog = page.open_report()
    with qtbot.wait_signal(dialog.previewed, timeout=20000):
        pass  # the default 12 weeks first
    ticks: list[float] = []
    seen: list[str] = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(
        lambda: (ticks.append(time.perf_counter()), seen.append(dialog.status.text()))
    )
    timer.start()
    began = time.perf_counter()
    with qtbot.wait_signal(dialog.previewed, timeout=60000):
        dialog.since.setDate(dialog.since.date().addYears(-YEARS))
    made = time.perf_counter() - began
    timer.stop()
    assert printed_on and printed_on[-1] != threading.get_ident(), "printed on a worker"
    assert dialog.pages > 30 and dialog.preview.pixmap().height() > 500
    gaps = [b - a for a, b in itertools.pairwise(ticks)]
    # The loop kept turning all along, never held up as a layout on the GUI thread held it
    # (nearly the whole making: half a second for these three years, over a second for
    # ten). Ratios within this run, not times: a loaded machine slows both alike (the
    # pauses themselves are bench/report.py's to measure).
    assert len(ticks) > made / 0.010 / 10, (len(ticks), made)
    assert max(gaps) < made / 4, (sorted(gaps)[-5:], made)
    assert any("Making the report\u2026 printing the pages: " in text for text in seen)
    assert any("drawing the charts" in text for text in seen)
    dialog.reject()


def test_cancel_stops_the_report_and_make_it_starts_it_again(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    reached, release, outcome = hold_printing(monkeypatch)
    dialog = open_making(qtbot, window)
    assert dialog.cancel_button.isVisible() and dialog.progress.isVisible()
    until(reached.is_set, 15)
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    release.set()
    until(lambda: bool(outcome), 5)
    assert outcome == ["cancelled"]
    assert dialog.status.text().startswith("Cancelled: no report was made.")
    assert dialog.pdf is None and not dialog.save_button.isEnabled()
    assert dialog.cancel_button.text() == "Make it" and not dialog.progress.isVisible()
    with qtbot.wait_signal(dialog.previewed, timeout=15000):
        qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert dialog.save_button.isEnabled() and not dialog.cancel_button.isVisible()
    dialog.reject()


def test_closing_the_dialog_mid_way_stops_the_worker_and_leaves_no_file(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    before = sorted(p for p in tmp_path.rglob("*") if p.is_file())
    reached, release, outcome = hold_printing(monkeypatch)
    dialog = open_making(qtbot, window)
    until(reached.is_set, 15)
    job = dialog._job
    assert job is not None and 0 < job.page < job.pages
    dialog.close()
    assert job.cancelled
    release.set()
    until(lambda: bool(outcome), 5)
    assert outcome == ["cancelled"] and job.page == 1, "it stopped at the next page"
    window.wait_for_tasks()
    assert sorted(p for p in tmp_path.rglob("*") if p.is_file()) == before


def test_closing_the_window_mid_way_cancels_the_report_too(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    reached, release, outcome = hold_printing(monkeypatch)
    dialog = open_making(qtbot, window)
    until(reached.is_set, 15)
    job = dialog._job
    assert job is not None
    threading.Timer(0.2, release.set).start()  # the window waits for its worker on close
    window.close()
    assert job.cancelled and outcome == ["cancelled"] and job.page == 1


@pytest.mark.parametrize("problem", ["a folder", "read-only"])
def test_a_save_that_fails_is_one_line_and_leaves_nothing(
    qtbot: QtBot,
    window: MainWindow,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    problem: str,
) -> None:
    import hipcoach.adapters.private_files as files

    dialog = open_dialog(qtbot, window)
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "physio.pdf"
    if problem == "a folder":
        target.mkdir()  # a folder stands where the file belongs
        says = f"Could not save the report: {target} is a folder: pick a file name."
    else:

        def read_only(**kwargs: object) -> tuple[int, str]:
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(folder))

        monkeypatch.setattr(files.tempfile, "mkstemp", read_only)  # as on a read-only disk
        says = f"Could not save the report: {folder} is on a read-only disk: pick another folder."
    monkeypatch.setattr(SaveReport, "ask", classmethod(lambda cls, p, s, k: target))
    with qtbot.wait_signal(dialog.failed, timeout=5000) as failed:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert failed.args == [says] and dialog.status.text() == says
    assert "\n" not in says
    assert [p.relative_to(folder) for p in folder.rglob("*")] == (
        [Path("physio.pdf")] if problem == "a folder" else []
    ), "no temporary file left"
    assert dialog.save_button.isEnabled(), "another place can be tried"
    dialog.reject()


def hold_printing(
    monkeypatch: pytest.MonkeyPatch,
) -> tuple[threading.Event, threading.Event, list[str]]:
    """Hold the worker once it has printed its first page, until the test releases it;
    ``outcome`` then says how the print ended."""
    import hipcoach.ui.report.pdf as pdf

    reached, release = threading.Event(), threading.Event()
    outcome: list[str] = []
    check = pdf.PrintJob.check
    print_pdf = pdf.print_pdf

    def held(job: pdf.PrintJob) -> None:
        if job.page == 1 and not reached.is_set():
            reached.set()
            assert release.wait(10), "the test never let the worker go on"
        check(job)

    def spy(*args, **kwargs):  # type: ignore[no-untyped-def]
        try:
            made = print_pdf(*args, **kwargs)
        except pdf.CancelledError:
            outcome.append("cancelled")
            raise
        outcome.append("printed")
        return made

    monkeypatch.setattr(pdf.PrintJob, "check", held)
    monkeypatch.setattr(pdf, "print_pdf", spy)
    return reached, release, outcome


def open_making(qtbot: QtBot, window: MainWindow) -> ReportDialog:
    """The dialog opened from the History page, its report on its way."""
    page = window.history
    with qtbot.wait_signal(page.loaded, timeout=10000):
        window.show_section("history")
    qtbot.mouseClick(page.report_button, Qt.MouseButton.LeftButton)
    dialog = page.report_dialog
    assert dialog is not None and dialog.making()
    assert dialog.status.text().startswith("Making the report\u2026")
    return dialog
