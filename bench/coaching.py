"""The coach over ten years: prescriptions and red flags for every routine, history read included.

Run from the repository:  .venv/bin/python bench/coaching.py [--years N] [--repeat N]

It fills a fresh database in a temporary folder with ten years of sessions, three a week,
taking the built-in routines in turn, each with a work row for every work phase of its
plan at the prescriptions the coach gave it that day (so the ladders climb, step down
and climb again), check-ins with pain after that is mostly easy, sometimes acceptable or
too much, next-morning pains, hurt marks, answers and a few resets. It then times what
``hipcoach coach`` and the window's library wait for: the history read (every session,
each exercise-side's work, the resets) and every routine replayed, plus the flags standing
now. The target (docs/coaching.md, the issue): under 50 ms.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert

from hipcoach.adapters import paths
from hipcoach.adapters.history.store import open_history
from hipcoach.adapters.history.tables import RoutineTextRow, SessionRow, WorkPhaseRow
from hipcoach.application.coaching import coaching_of, read_coach
from hipcoach.core.coaching import Coach
from hipcoach.core.library import load_library
from hipcoach.core.model import Routine
from hipcoach.core.plan import make_plan
from hipcoach.core.records import Dosing, Reset, Status

TARGET_MS = 50.0


def _day_rows(
    routine: Routine,
    session_id: int,
    started: datetime,
    coach: Coach,
    chance: random.Random,
) -> tuple[dict[str, object], list[dict[str, object]]]:
    """One session of ``routine`` at the prescriptions ``coach`` gives, checked in."""
    dosing = Dosing.COACHED if chance.random() > 0.05 else Dosing.AS_WRITTEN
    prescriptions = coach.routine(routine).prescriptions(dosing)
    plan = make_plan(routine, prescriptions)
    stopped_at = len(plan.phases) // 2 if chance.random() < 0.04 else None
    hurt_index = chance.randrange(len(routine.exercises)) if chance.random() < 0.03 else None
    phases = []
    position = 0
    for index, phase in enumerate(plan.phases):
        if stopped_at is not None and index >= stopped_at:
            break
        if not phase.is_work:
            continue
        position += 1
        skipped = chance.random() < 0.01
        at = started + timedelta(seconds=phase.start)
        target = phase.target or 0
        phases.append(
            {
                "session_id": session_id,
                "position": position,
                "phase_index": index,
                "exercise": phase.exercise.name,
                "exercise_id": phase.exercise.id,
                "side": phase.side.value if phase.side else None,
                "set_number": phase.set,
                "round": phase.round,
                "circuit": phase.circuit,
                "unit": phase.exercise.dose.unit.value,
                "target": target,
                "done": 0 if skipped else target,
                "outcome": "skipped" if skipped else "completed",
                "started_at": at,
                "ended_at": at + timedelta(seconds=phase.seconds),
                "seconds": float(phase.seconds),
                "pain": True if phase.exercise_index == hurt_index else None,
            }
        )
    roll = chance.random()
    after = chance.randint(0, 3) if roll < 0.8 else chance.randint(4, 5) if roll < 0.95 else 6
    row: dict[str, object] = {
        "id": session_id,
        "routine_id": routine.id,
        "routine_name": routine.name,
        "routine_path": routine.source_path,
        "routine_text_id": 1,
        "started_at": started,
        "ended_at": started + timedelta(seconds=plan.total_seconds),
        "updated_at": started + timedelta(seconds=plan.total_seconds),
        "status": (Status.STOPPED if stopped_at is not None else Status.COMPLETED).value,
        "active_seconds": float(plan.total_seconds),
        "paused_seconds": 0.0,
        "work_done": position,
        "work_total": plan.work_total,
        "pain_before": chance.randint(0, 4) if chance.random() < 0.7 else None,
        "pain_after": None if chance.random() < 0.05 else after,
        "effort": chance.randint(3, 8),
        "notes": None,
        "next_day": chance.randint(0, 6) if chance.random() < 0.3 else None,
        "answers": '["swelling"]' if chance.random() < 0.005 else "[]",
        "dosing": dosing.value,
    }
    return row, phases


def fill(folder: Path, routines: list[Routine], years: int) -> tuple[int, int, float]:
    """Write the sessions of ``years`` years, three a week, the last one yesterday; returns
    (sessions, exercise-sides worked, seconds taken). Sessions are dosed by replaying what
    was written before them, as a real history is: to keep the filling short, the coach is
    asked afresh every four weeks (twelve sessions), not before each session."""
    began = time.perf_counter()
    chance = random.Random(20261201)
    weeks = years * 52
    first = datetime.now(UTC) - timedelta(weeks=weeks, days=1)
    store = open_history(folder)
    with store.engine.begin() as connection:
        connection.execute(insert(RoutineTextRow).values(id=1, sha256="0" * 64, text=""))
    count = 0
    batch: list[dict[str, object]] = []
    work: list[dict[str, object]] = []

    def write() -> None:
        with store.engine.begin() as connection:
            if batch:
                connection.execute(insert(SessionRow), batch)
            if work:
                connection.execute(insert(WorkPhaseRow), work)
        batch.clear()
        work.clear()

    for week in range(weeks):
        if week % 4 == 0:
            write()
            coach = read_coach(store, now=first + timedelta(weeks=week))
        for day in (0, 2, 4):
            count += 1
            started = first + timedelta(weeks=week, days=day, hours=18)
            row, phases = _day_rows(routines[count % len(routines)], count, started, coach, chance)
            batch.append(row)
            work.extend(phases)
        if week % 100 == 99:  # now and then, a routine started over
            reset = Reset(
                routines[week % len(routines)].id, None, first + timedelta(weeks=week, days=5)
            )
            with store.unit_of_work() as unit:
                unit.history.add_reset(reset)
                unit.commit()
    write()
    with store.reading() as unit:
        sides = sum(len(w) for w in unit.history.side_work().values())
    store.close()
    return count, sides, time.perf_counter() - began


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=30)
    options = parser.parse_args()
    routines = [entry.routine for entry in load_library(paths.built_in_routines(), None).entries]

    with tempfile.TemporaryDirectory(prefix="hipcoach-bench-") as name:
        folder = Path(name)
        print(f"filling {options.years} years, 3 sessions a week, {len(routines)} routines ...")
        sessions, sides, filled = fill(folder, routines, options.years)
        size = (folder / "history.sqlite3").stat().st_size / 1e6
        print(
            f"filled in {filled:.1f} s: {sessions:,} sessions, {sides:,} exercise-sides "
            f"worked, {size:.1f} MB",
            flush=True,
        )
        store = open_history(folder)
        totals, reads = [], []
        for _ in range(options.repeat):
            began = time.perf_counter()
            report = coaching_of(store, routines)
            totals.append((time.perf_counter() - began) * 1000)
            began = time.perf_counter()
            read_coach(store, routine_ids={r.id for r in routines})
            reads.append((time.perf_counter() - began) * 1000)
        store.close()

    moved = sum(s.standing.rung > 1 for r in report.routines for s in r.exercises)
    print(
        f"{len(report.routines)} routines, "
        f"{sum(len(r.exercises) for r in report.routines)} exercise-sides "
        f"({moved} above rung 1), {len(report.red_flags)} red flags standing"
    )
    ordered = sorted(totals)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    median = statistics.median(totals)
    print()
    print(f"{'':<52} {'median':>9} {'p95':>9} {'target':>8}  ok")
    print(
        f"{'prescriptions and flags, every routine, read included':<52} {median:>7.2f}ms "
        f"{p95:>7.2f}ms {TARGET_MS:>6.0f}ms  {'yes' if median < TARGET_MS else 'NO'}"
    )
    print(f"{'  of which the history read and the flags':<52} {statistics.median(reads):>7.2f}ms")
    return 0 if median < TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
