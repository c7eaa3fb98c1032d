"""The week over ten years: ``today`` with 10 years of history and 3,000 runs, reading included.

Run from the repository:  .venv/bin/python bench/week.py [--years N] [--runs N] [--repeat N]

It fills a fresh database in a temporary folder with a session most days for ten years
(strength, the post-run stretch, yoga; checked in, some of them too much, a few red-flag
scores) and 3,000 runs, writes a plan.toml with a ranged target, then times what the Today
panel, ``hipcoach today`` and the reminder each do: ``what_is_due`` from the store (every
session read and replayed week by week for the targets, the red flags, the runs of the last
five weeks with their cautions, the library and the plan read from their files). Target
from the issue: under 50 ms. Also timed: ``hipcoach today`` as a whole process, for scale.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert

from hipcoach.adapters import paths
from hipcoach.adapters.history.store import open_history
from hipcoach.adapters.history.tables import RoutineTextRow, RunRow, SessionRow
from hipcoach.application.week import what_is_due
from hipcoach.core.library import load_library

TARGET_MS = 50.0
PLAN = """\
format = 1
[[routine]]
id = "hip-strength"
per_week = "1-3"
[[routine]]
id = "post-run-stretch"
after_run = true
[[routine]]
id = "yoga-hip-flow"
per_week = 1
"""


def fill(folder: Path, years: int, runs: int, seed: int = 7) -> tuple[int, int]:
    """Sessions most days for ``years`` years, ``runs`` runs over the same span."""
    rng = random.Random(seed)
    now = datetime.now(UTC)
    first = now - timedelta(days=365 * years)
    store = open_history(folder)
    sessions = []
    day = first
    routines = ["hip-strength", "post-run-stretch", "yoga-hip-flow"]
    while day < now - timedelta(hours=1):
        if rng.random() < 0.75:
            routine = rng.choice(routines)
            pain_after = rng.choice([0, 1, 1, 2, 2, 3, 3, 4, 5, 6]) if rng.random() < 0.8 else None
            sessions.append(
                {
                    "routine_id": routine,
                    "routine_name": routine.replace("-", " ").capitalize(),
                    "routine_path": f"/routines/{routine}.toml",
                    "started_at": day,
                    "ended_at": day + timedelta(minutes=15),
                    "updated_at": day + timedelta(minutes=15),
                    "status": "completed" if rng.random() < 0.9 else "stopped",
                    "active_seconds": 900.0,
                    "paused_seconds": 0.0,
                    "work_done": 12,
                    "work_total": 12,
                    "pain_before": rng.choice([0, 1, 2, 3, 4, 7]) if rng.random() < 0.6 else None,
                    "pain_after": pain_after,
                    "next_day": rng.choice([0, 1, 2, 3]) if rng.random() < 0.3 else None,
                    "effort": 5,
                    "dosing": "coached",
                }
            )
        day += timedelta(days=1, minutes=rng.randint(-90, 90))
    span = (now - first).total_seconds()
    run_rows = []
    for n in range(runs):
        start = first + timedelta(seconds=span * (n + rng.random()) / runs)
        km = round(rng.uniform(4.0, 14.0), 2)
        run_rows.append(
            {
                "day": start.astimezone().date().isoformat(),
                "started_at": start,
                "added_at": start + timedelta(hours=2),
                "km": km,
                "minutes": km * 5.8,
                "source": "gpx",
                "content_sha256": f"{n:064x}",
            }
        )
    with store.engine.begin() as connection:
        text_id = connection.execute(
            insert(RoutineTextRow).values(sha256="0" * 64, text="").returning(RoutineTextRow.id)
        ).scalar_one()
        for row in sessions:
            row["routine_text_id"] = text_id
        connection.execute(insert(SessionRow), sessions)
        connection.execute(insert(RunRow), run_rows)
    store.close()
    return len(sessions), len(run_rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--runs", type=int, default=3000)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="hipcoach-week-") as tmp:
        folder = paths.prepare_data_dir(Path(tmp) / "data")
        began = time.perf_counter()
        sessions, runs = fill(folder, args.years, args.runs)
        (folder / "plan.toml").write_text(PLAN, encoding="utf-8")
        print(
            f"filled {sessions} sessions and {runs} runs over {args.years} years "
            f"in {time.perf_counter() - began:.1f} s",
            flush=True,
        )
        store = open_history(folder)
        times = []
        today = None
        try:
            for _ in range(args.repeat):
                start = time.perf_counter()
                library = load_library(paths.built_in_routines(), folder / paths.USER_ROUTINES)
                today = what_is_due(folder, store, library)
                times.append((time.perf_counter() - start) * 1000)
        finally:
            store.close()
        assert today is not None
        times.sort()
        median = statistics.median(times)
        p95 = times[max(0, round(0.95 * len(times)) - 1)]
        print(
            f"what_is_due, library and plan read, {args.repeat} times: median {median:.1f} ms, "
            f"p95 {p95:.1f} ms, max {times[-1]:.1f} ms (target {TARGET_MS:.0f} ms)",
            flush=True,
        )
        print(f"  due: {[d.routine_id for d in today.due]}; runs shown: {len(today.runs)}")
        env = {**os.environ, "HIPCOACH_DATA_DIR": str(folder)}
        process = []
        for _ in range(5):
            start = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "hipcoach", "today"],
                env=env,
                check=True,
                capture_output=True,
            )
            process.append((time.perf_counter() - start) * 1000)
        print(f"hipcoach today, the whole process: median {statistics.median(process):.0f} ms")
    return 0 if median < TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
