"""The run log's use cases on a real history: runs by hand, imports that refuse duplicates and
broken files one by one, and the log with its cautions."""

from __future__ import annotations

import gzip
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest

from hipcoach.adapters.history.store import HistoryStore
from hipcoach.application.runs import RunInputError, import_runs, log_run, run_log
from hipcoach.core.runs import RunSource
from tests.adapters.fit_file import FitWriter
from tests.adapters.run_samples import START, THREE_LAPS, gpx_text, tcx_text

NOW = datetime(2026, 5, 13, 20, 0).astimezone()


def test_a_run_by_hand_is_logged_for_its_day_at_the_moment_it_was_added(
    store: HistoryStore,
) -> None:
    note = log_run(store, 8.2, 47.0, date(2026, 5, 12), now=NOW)
    assert (note.run.day, note.run.km, note.run.minutes) == (date(2026, 5, 12), 8.2, 47.0)
    assert note.run.source is RunSource.MANUAL
    assert note.run.started_at is None and note.run.moment == NOW
    assert note.caution is None
    spike = log_run(store, 9.1, now=NOW)
    assert spike.run.day == date(2026, 5, 13)
    assert spike.caution is not None and spike.caution.percent == 11


@pytest.mark.parametrize(
    ("km", "minutes", "day", "message"),
    [
        (0.0, None, None, "--km must be a distance above 0"),
        (float("nan"), None, None, "--km must be a distance above 0"),
        (5.0, -3.0, None, "--minutes must be a time above 0"),
        (5.0, None, date(2026, 5, 14), "--date 2026-05-14 is in the future"),
    ],
)
def test_a_run_that_cannot_be_is_refused_in_a_line(
    store: HistoryStore, km: float, minutes: float | None, day: date | None, message: str
) -> None:
    with pytest.raises(RunInputError, match=message):
        log_run(store, km, minutes, day, now=NOW)
    assert run_log(store) == []


def test_imports_refuse_the_same_run_and_broken_files_each_costing_only_itself(
    store: HistoryStore, tmp_path: Path
) -> None:
    gpx = tmp_path / "morning.gpx"
    gpx.write_text(gpx_text(5.0, 30), encoding="utf-8")
    again = tmp_path / "morning-again.gpx.gz"
    again.write_bytes(gzip.compress(gpx.read_bytes()))
    # The same run as the watch wrote it: a FIT file 1 minute later, 2 % longer.
    fit = FitWriter()
    fit.session(START + timedelta(minutes=1), 5100.0, 1800.0)
    watch = tmp_path / "watch.fit"
    watch.write_bytes(fit.bytes())
    broken = tmp_path / "broken.tcx"
    broken.write_text(tcx_text([]), encoding="utf-8")
    laps = tmp_path / "track.tcx"
    laps.write_text("\n  " + tcx_text([(s + timedelta(days=1), t, m) for s, t, m in THREE_LAPS]))

    results = import_runs(store, [gpx, broken, again, watch, laps], now=NOW)
    assert [(r.note is not None, r.same_as is not None, r.problem) for r in results] == [
        (True, False, None),
        (False, False, "not a TCX activity (no lap found)"),
        (False, True, None),
        (False, True, None),
        (True, False, None),
    ]
    assert results[1].line == f"{broken}: not a TCX activity (no lap found)"
    assert results[2].line == (
        f"{again}: imported before (the 5.0 km run of Tue 12 May 2026, 07:10, 30 min), "
        "not added again"
    )
    assert results[0].line == f"{gpx}: the 5.0 km run of Tue 12 May 2026, 07:10, 30 min"
    logged = run_log(store)
    assert [(n.run.source, n.run.day) for n in logged] == [
        (RunSource.TCX, date(2026, 5, 13)),
        (RunSource.GPX, date(2026, 5, 12)),
    ]
    assert logged[0].run.started_at is not None
    assert logged[0].run.started_at.astimezone().time() == time(7, 10)
    assert logged[0].caution is None  # 5.2 km the day after 5.0 km: under 10 % more


def test_the_log_lists_every_run_newest_first_with_its_caution(store: HistoryStore) -> None:
    log_run(store, 10.0, day=date(2026, 5, 1), now=NOW)
    log_run(store, 11.0, day=date(2026, 5, 5), now=NOW)
    log_run(store, 12.5, day=date(2026, 5, 9), now=NOW)
    notes = run_log(store)
    assert [(n.run.km, n.caution is not None) for n in notes] == [
        (12.5, True),
        (11.0, False),
        (10.0, False),
    ]
    assert notes[0].to_json() == {
        "id": notes[0].run.id,
        "date": "2026-05-09",
        "started_at": None,
        "km": 12.5,
        "minutes": None,
        "caution": "12.5 km is 14 % longer than your longest run of the 30 days before "
        "(11.0 km): keep the next runs shorter, and do the post-run stretch",
        "source": "manual",
    }
