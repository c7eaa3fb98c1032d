"""History at 100,000 sessions: commit a phase, list the newest 100, summarise, open.

Run from the repository:  .venv/bin/python bench/history_bench.py [--sessions N]

It fills a fresh database in a temporary folder (about 8 work phases a session), then times
what the runner waits for: a work phase committed durably (synchronous=FULL, as the recorder
does it, while the session is live), the newest 100 sessions listed, the week / streak /
per-exercise summary, and opening the file (checks, quick_check, recovery sweep). Targets
are from the issue: 5 ms, 50 ms, 200 ms.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert

from hipcoach.adapters.history.recorder import SessionRecorder
from hipcoach.adapters.history.store import open_history
from hipcoach.adapters.history.tables import RoutineTextRow, SessionRow, WorkPhaseRow
from hipcoach.application.statistics import summary_of
from hipcoach.core.engine import Outcome, PhaseEnded, PhaseStarted
from hipcoach.core.plan import make_plan
from hipcoach.core.routine_file import parse_routine

ROUTINE = """\
format = 1
name = "Bench hips"
[[exercise]]
name = "Clamshell"
sides = "each"
reps = "10-12"
sets = 2
[[exercise]]
name = "Pigeon pose"
sides = "each"
hold = 30
[[exercise]]
name = "Glute bridge"
reps = 12
sets = 2
"""
EXERCISES = [
    ("Clamshell", "left", "reps", 10),
    ("Clamshell", "right", "reps", 10),
    ("Clamshell", "left", "reps", 10),
    ("Clamshell", "right", "reps", 10),
    ("Pigeon pose", "left", "seconds", 30),
    ("Pigeon pose", "right", "seconds", 30),
    ("Glute bridge", None, "reps", 12),
    ("Glute bridge", None, "reps", 12),
]
STATUSES = ["completed"] * 17 + ["stopped", "interrupted", "completed"]


def fill(folder: Path, sessions: int) -> float:
    """Write ``sessions`` finished sessions with their phases in bulk; returns seconds."""
    began = time.perf_counter()
    start = datetime.now(UTC) - timedelta(hours=2 * sessions)
    store = open_history(folder)
    with store.engine.begin() as connection:
        text_id = connection.execute(
            insert(RoutineTextRow)
            .values(sha256="0" * 64, text=ROUTINE)
            .returning(RoutineTextRow.id)
        ).scalar_one()
        batch = 5000
        for first in range(0, sessions, batch):
            rows = []
            phases = []
            for n in range(first, min(first + batch, sessions)):
                started = start + timedelta(hours=2 * n)
                status = STATUSES[n % len(STATUSES)]
                rows.append(
                    {
                        "id": n + 1,
                        "routine_id": "bench",
                        "routine_name": "Bench hips",
                        "routine_path": "bench.toml",
                        "routine_text_id": text_id,
                        "started_at": started,
                        "ended_at": started + timedelta(minutes=14),
                        "updated_at": started + timedelta(minutes=14),
                        "status": status,
                        "active_seconds": 840.0,
                        "paused_seconds": 0.0,
                        "work_done": 8,
                        "work_total": 8,
                        "pain_before": n % 4,
                        "pain_after": n % 3,
                        "effort": 1 + n % 10,
                        "notes": None,
                    }
                )
                for position, (exercise, side, unit, target) in enumerate(EXERCISES, 1):
                    at = started + timedelta(seconds=60 * position)
                    phases.append(
                        {
                            "session_id": n + 1,
                            "position": position,
                            "phase_index": position * 2,
                            "exercise": exercise,
                            "side": side,
                            "set_number": 1,
                            "unit": unit,
                            "target": target,
                            "done": target - (n + position) % 3,
                            "outcome": "completed" if (n + position) % 11 else "skipped",
                            "started_at": at,
                            "ended_at": at + timedelta(seconds=30),
                            "seconds": 30.0,
                            "pain": None,
                        }
                    )
            connection.execute(insert(SessionRow), rows)
            connection.execute(insert(WorkPhaseRow), phases)
    store.close()
    return time.perf_counter() - began


def timed(action: Callable[[], object], repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        began = time.perf_counter()
        action()
        out.append((time.perf_counter() - began) * 1000)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=100_000)
    parser.add_argument("--phases", type=int, default=200, help="phase commits to time")
    options = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="hipcoach-bench-") as name:
        folder = Path(name)
        print(
            f"filling {options.sessions:,} sessions ({options.sessions * len(EXERCISES):,} "
            "work phases) ...",
            flush=True,
        )
        filled = fill(folder, options.sessions)
        size = (folder / "history.sqlite3").stat().st_size / 1e6
        print(f"filled in {filled:.1f} s; database {size:.1f} MB", flush=True)

        opens = timed(lambda: open_history(folder).close(), 5)
        store = open_history(folder)

        routine = parse_routine(ROUTINE.encode(), "bench.toml", "bench")
        plan = make_plan(routine)
        work = next(i for i, p in enumerate(plan.phases) if p.is_work)
        recorder = SessionRecorder(store)
        recorder.begin(routine, plan, ROUTINE)
        recorder.record(PhaseStarted(0.0, work, plan.phases[work]))
        phase = plan.phases[work]

        def commit_phase() -> None:
            recorder.record(PhaseEnded(30.0, work, phase, Outcome.COMPLETED, 30.0, 10, 10))

        commits = timed(commit_phase, options.phases)
        recorder.close()

        def newest() -> None:
            with store.reading() as unit:
                found = unit.history.sessions(limit=100)
            assert len(found) == 100

        listing = timed(newest, 30)
        summary = timed(lambda: summary_of(store), 10)
        store.close()

    rows = [
        ("commit one work phase (durable)", commits, 5.0),
        ("list the newest 100 sessions", listing, 50.0),
        ("week / streak / per-exercise summary", summary, 200.0),
        ("open (checks, quick_check, recovery)", opens, None),
    ]
    print()
    print(
        f"{'at ' + format(options.sessions, ',') + ' sessions':<40} {'median':>9} "
        f"{'p95':>9} {'max':>9} {'target':>8}  ok"
    )
    for label, samples, target in rows:
        ordered = sorted(samples)
        p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
        median = statistics.median(samples)
        verdict = "" if target is None else ("yes" if median < target else "NO")
        shown = "-" if target is None else f"{target:.0f} ms"
        print(
            f"{label:<40} {median:>7.2f}ms {p95:>7.2f}ms {max(samples):>7.2f}ms "
            f"{shown:>8}  {verdict}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
