"""Work on a worker thread, answers on the GUI thread: what the history and voices rely on."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from hipcoach.adapters.qt.tasks import Tasks


@pytest.fixture
def tasks(qtbot: QtBot) -> Iterator[Tasks]:
    made = Tasks()
    yield made
    made.wait()


def test_the_work_runs_on_a_worker_and_its_answer_arrives_on_the_gui_thread(
    qtbot: QtBot, tasks: Tasks
) -> None:
    where: dict[str, int] = {}
    answers: list[int] = []

    def work() -> int:
        where["work"] = threading.get_ident()
        return 42

    def done(value: int) -> None:
        where["done"] = threading.get_ident()
        answers.append(value)

    tasks.run(work, done)
    qtbot.waitUntil(lambda: answers == [42])
    assert where["done"] == threading.get_ident() != where["work"]
    assert not tasks.busy()


def test_an_expected_error_goes_to_failed_and_a_forgotten_answer_nowhere(
    qtbot: QtBot, tasks: Tasks
) -> None:
    failures: list[Exception] = []
    answers: list[str] = []

    def broken() -> str:
        raise OSError("disk full")

    tasks.run(broken, answers.append, failures.append)
    qtbot.waitUntil(lambda: len(failures) == 1)
    assert str(failures[0]) == "disk full" and answers == []

    gate = threading.Event()
    ticket = tasks.run(lambda: gate.wait(5) and "late", answers.append)
    tasks.forget(ticket)
    gate.set()
    tasks.wait()
    assert tasks.run(lambda: "next", answers.append)
    qtbot.waitUntil(lambda: answers == ["next"])


def test_an_error_nobody_expected_is_raised_on_the_gui_thread(qtbot: QtBot, tasks: Tasks) -> None:
    def bug() -> None:
        raise ZeroDivisionError("a bug")

    with qtbot.capture_exceptions() as raised:
        tasks.run(bug, lambda _value: None)
        qtbot.waitUntil(lambda: not tasks.busy())
    assert [type(e[1]) for e in raised] == [ZeroDivisionError]
