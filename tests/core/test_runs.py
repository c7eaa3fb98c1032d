"""The run log's rules: the single-run spike caution and when two imports are one run
(docs/coaching.md, "Runs and the single-run spike")."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import date, timedelta

import pytest

from hipcoach.core.runs import NewRun, RunSource, cautions, recent, same_run
from tests.core.week_history import at, hand_run, imported_run, local_zone

DAY = date(2026, 11, 10)


@pytest.fixture(autouse=True)
def berlin() -> Iterator[None]:
    with local_zone("Europe/Berlin"):
        yield


@pytest.mark.parametrize(
    ("longest", "km", "caution"),
    [(10.0, 11.0, False), (10.0, 11.1, True), (10.0, 9.0, False), (5.0, 5.5, False)],
)
def test_a_run_more_than_ten_percent_longer_than_the_longest_of_30_days_gets_a_caution(
    longest: float, km: float, caution: bool
) -> None:
    runs = [imported_run(DAY - timedelta(days=12), longest), imported_run(DAY, km)]
    assert (runs[1].id in cautions(runs)) is caution


def test_the_caution_says_how_much_longer_and_what_to_do() -> None:
    runs = [imported_run(DAY - timedelta(days=3), 10.0), imported_run(DAY, 12.04)]
    assert cautions(runs)[runs[1].id].text == (
        "12.0 km is 21 % longer than your longest run of the 30 days before (10.0 km): "
        "keep the next runs shorter, and do the post-run stretch"
    )


def test_an_earlier_run_of_the_same_day_counts() -> None:
    morning = imported_run(DAY, 10.0, hour=7)
    evening = imported_run(DAY, 11.5, hour=19)
    found = cautions([evening, morning])
    assert set(found) == {evening.id}
    assert found[evening.id].percent == 15


def test_only_the_30_days_before_count_and_a_run_with_none_before_gets_none() -> None:
    old = imported_run(DAY - timedelta(days=31), 20.0)
    edge = imported_run(DAY - timedelta(days=30), 8.0)
    run = imported_run(DAY, 9.0)
    assert set(cautions([old, edge, run])) == {run.id}  # 12.5 % over the 8 km of day -30
    assert cautions([imported_run(DAY, 42.2)]) == {}
    after_a_break = [imported_run(DAY - timedelta(days=40), 5.0), imported_run(DAY, 15.0)]
    assert cautions(after_a_break) == {}


def test_the_longest_of_the_window_sets_the_bar_as_the_window_moves() -> None:
    days = [(0, 10.0), (5, 6.0), (20, 7.0), (33, 7.5), (36, 8.5), (40, 9.0)]
    runs = [imported_run(DAY + timedelta(days=d), km) for d, km in days]
    # Day 33: the 10 km has left the window, the longest is day 20's 7.0: 7.5 is 7 % more.
    # Day 36: 8.5 over 7.5 is 13 %: a caution. Day 40: 9.0 over 8.5 is 6 %.
    assert set(cautions(runs)) == {runs[4].id}


def test_runs_by_hand_count_by_their_day_and_the_moment_they_were_added() -> None:
    first = hand_run(DAY, 10.0, at(DAY, 21))
    second = hand_run(DAY, 12.0, at(DAY, 22))
    assert set(cautions([second, first])) == {second.id}


def test_the_recent_runs_are_the_last_days_newest_first() -> None:
    runs = [imported_run(DAY - timedelta(days=n), 5.0 + n) for n in range(10)]
    assert [r.km for r in recent(runs, DAY, 7)] == [5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0]


def test_an_import_is_the_same_run_by_content_or_by_start_and_distance() -> None:
    logged = imported_run(DAY, 10.0, hour=7, minute=10)
    assert logged.started_at is not None

    def new(minutes_later: float, km: float, sha: str | None = None) -> NewRun:
        start = logged.started_at + timedelta(minutes=minutes_later)  # type: ignore[operator]
        return NewRun(DAY, km, 60.0, RunSource.FIT, at(DAY, 12), start, sha)

    assert same_run(new(2, 10.3), logged)
    assert same_run(new(-2, 9.7), logged)
    assert not same_run(new(2.5, 10.0), logged)
    assert not same_run(new(0, 10.4), logged)
    same_file = dataclasses.replace(imported_run(DAY, 10.0), content_sha256="x" * 64)
    assert same_run(new(600, 3.0, sha="x" * 64), same_file)
    by_hand = hand_run(DAY, 10.0, logged.started_at)
    assert not same_run(new(0, 10.0), by_hand)
