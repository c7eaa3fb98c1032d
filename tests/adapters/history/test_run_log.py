"""The run log's contract, held by the SQLite repository and the fake alike."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from hipcoach.adapters.history.repository import DuplicateRunError, Store
from hipcoach.adapters.history.store import open_history
from hipcoach.core.runs import NewRun, RunSource
from tests.fakes.history import FakeStore

from .conftest import T0


@pytest.fixture(params=["sqlite", "fake"])
def any_store(
    request: pytest.FixtureRequest, folder: Path, utc: Callable[[], datetime]
) -> Iterator[Store]:
    if request.param == "fake":
        yield FakeStore()
        return
    with open_history(folder, utc=utc) as store:
        yield store


def by_hand(day: date, km: float, added: datetime, minutes: float | None = None) -> NewRun:
    return NewRun(day, km, minutes, RunSource.MANUAL, added)


def imported(start: datetime, km: float, sha: str, source: RunSource = RunSource.GPX) -> NewRun:
    return NewRun(start.astimezone().date(), km, 47.5, source, T0, start, sha)


def test_runs_come_back_as_logged_newest_first_by_day_then_moment(any_store: Store) -> None:
    monday = date(2026, 5, 11)
    with any_store.unit_of_work() as unit:
        first = unit.history.add_run(imported(T0, 8.2, "a" * 64))  # Monday 08:00 Berlin
        late = unit.history.add_run(by_hand(monday, 5.0, T0 + timedelta(hours=12)))
        older = unit.history.add_run(by_hand(monday - timedelta(days=1), 12.0, T0, 70.0))
        unit.commit()
    with any_store.reading() as unit:
        runs = unit.history.runs()
        since = unit.history.runs(since=monday)
    assert [r.id for r in runs] == [late, first, older]
    assert [r.id for r in since] == [late, first]
    gpx = runs[1]
    assert (gpx.day, gpx.km, gpx.minutes, gpx.source) == (monday, 8.2, 47.5, RunSource.GPX)
    assert gpx.started_at == T0 and gpx.started_at.tzinfo is not None
    assert gpx.moment == T0
    hand = runs[0]
    assert hand.started_at is None and hand.moment == T0 + timedelta(hours=12)
    assert hand.content_sha256 is None and hand.minutes is None


def test_the_same_file_content_is_refused_and_nothing_else_is_lost(any_store: Store) -> None:
    with any_store.unit_of_work() as unit:
        kept = unit.history.add_run(imported(T0, 8.2, "b" * 64))
        unit.commit()
    with any_store.unit_of_work() as unit:
        with pytest.raises(DuplicateRunError) as refused:
            unit.history.add_run(imported(T0 + timedelta(days=3), 10.0, "b" * 64))
        assert refused.value.run_id == kept
        # Runs by hand carry no content: any number of them may be logged.
        unit.history.add_run(by_hand(date(2026, 5, 12), 5.0, T0))
        unit.history.add_run(by_hand(date(2026, 5, 12), 5.0, T0))
        unit.commit()
    with any_store.reading() as unit:
        assert len(unit.history.runs()) == 3


def test_a_run_can_be_deleted(any_store: Store) -> None:
    with any_store.unit_of_work() as unit:
        run_id = unit.history.add_run(by_hand(date(2026, 5, 12), 5.0, T0))
        unit.commit()
    with any_store.unit_of_work() as unit:
        assert unit.history.delete_run(run_id)
        assert not unit.history.delete_run(run_id + 100)
        unit.commit()
    with any_store.reading() as unit:
        assert unit.history.runs() == []


def test_a_run_needs_a_distance_above_zero() -> None:
    with pytest.raises(ValueError, match="above 0 km"):
        by_hand(date(2026, 5, 12), 0.0, datetime(2026, 5, 12, tzinfo=UTC))
    with pytest.raises(ValueError, match="above 0 minutes"):
        by_hand(date(2026, 5, 12), 5.0, datetime(2026, 5, 12, tzinfo=UTC), minutes=0.0)
