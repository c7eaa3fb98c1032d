"""Reference cycles are collected on the GUI thread only, as often as Python would."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from hipcoach.adapters.qt.collector import GuiThreadCollector


@pytest.fixture
def collections() -> Iterator[list[str]]:
    """The name of the thread each collection ran on."""
    seen: list[str] = []

    def record(phase: str, _info: dict[str, int]) -> None:
        if phase == "start":
            seen.append(threading.current_thread().name)

    gc.callbacks.append(record)
    yield seen
    gc.callbacks.remove(record)


class Knot:
    """An object in a cycle: only the cycle collector frees it."""

    def __init__(self) -> None:
        self.me = self


def test_a_worker_that_makes_garbage_never_collects_it(
    qtbot: QtBot, collections: list[str]
) -> None:
    collector = GuiThreadCollector(interval_ms=10)
    try:
        assert not gc.isenabled()
        worker = threading.Thread(
            target=lambda: [Knot() for _ in range(20 * gc.get_threshold()[0])], name="worker"
        )
        worker.start()
        worker.join()
        assert "worker" not in collections, "the worker allocated past every threshold"
        qtbot.waitUntil(lambda: bool(collections), timeout=2000)
        assert set(collections) == {threading.main_thread().name}
    finally:
        collector.close()
    assert gc.isenabled(), "given back to Python"


def test_the_young_generations_are_collected_at_pythons_thresholds(qtbot: QtBot) -> None:
    collector = GuiThreadCollector(interval_ms=60_000)  # checked by hand here
    try:
        gc.collect()
        assert collector.check() is None, "nothing is due right after a collection"
        for _ in range(2 * gc.get_threshold()[0]):
            Knot()
        assert collector.check() in (0, 1)
        assert gc.get_count()[0] < gc.get_threshold()[0], "the young ones were collected"
        assert collector.check() is None, "nothing more is due"
    finally:
        collector.close()
