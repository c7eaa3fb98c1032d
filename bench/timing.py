"""How close to their instants do phase changes and countdown ticks land, and does it drift?

A real-clock session of short phases runs through the Qt driver, beside a tick-counting
baseline (a default 1 s QTimer that decrements a counter, as many timers do) in the same
event loop. Each runs alone, then with a separate process burning every CPU core. Lateness
is measured against the monotonic schedule: wall time of the event minus its planned
instant, counted from the session's own first instant (the driver's ``origin``, taken by
``start()`` after its set-up), never from a time taken before that set-up; the baseline's
from the moment it is started. Usage: python bench/timing.py [--seconds 120] [--no-load]
"""

from __future__ import annotations

import argparse
import math
import multiprocessing
import os
import statistics
import sys
import time
from dataclasses import dataclass, field

from PySide6.QtCore import QCoreApplication, QTimer

from hipcoach.adapters.qt.driver import SessionDriver
from hipcoach.core.cues import CueKind, make_script
from hipcoach.core.engine import (
    CueDue,
    Event,
    Finished,
    MonotonicClock,
    PhaseStarted,
    SessionEngine,
)
from hipcoach.core.plan import Plan, make_plan
from hipcoach.core.routine_file import parse_routine


def short_phase_plan(seconds: int) -> Plan:
    """Holds of 4 s on both sides with 2 s switches and rests: a phase change every 2-4 s."""
    body = 'format = 1\nname = "Bench"\n[defaults]\nprepare = 2\nswitch = 2\nrest = 2\n'
    per_exercise = 2 + 4 + 2 + 4 + 2
    count = max(1, math.ceil(seconds / per_exercise))
    for n in range(count):
        body += f'[[exercise]]\nname = "Hold {n}"\nhold = 4\nsides = "each"\n'
    return make_plan(parse_routine(body.encode(), "bench.toml", "bench"))


@dataclass
class Lateness:
    samples: list[float] = field(default_factory=list)

    def add(self, seconds: float) -> None:
        self.samples.append(seconds * 1000)

    def row(self, name: str) -> str:
        ordered = sorted(self.samples)
        p99 = ordered[min(len(ordered) - 1, math.ceil(0.99 * len(ordered)) - 1)]
        early = sum(1 for s in ordered if s < 0)
        return (
            f"{name:<34} {len(ordered):>5} {statistics.median(ordered):>8.2f} {p99:>8.2f} "
            f"{max(ordered):>8.2f} {early:>6}"
        )


@dataclass
class Result:
    phases: Lateness = field(default_factory=Lateness)
    ticks: Lateness = field(default_factory=Lateness)
    end_drift_ms: float = 0.0
    baseline: Lateness = field(default_factory=Lateness)
    baseline_drift_ms: float = 0.0


def run_once(plan: Plan) -> Result:
    app = QCoreApplication.instance() or QCoreApplication(sys.argv[:1])
    clock = MonotonicClock()
    result = Result()
    driver = SessionDriver(SessionEngine(plan, make_script(plan)), clock=clock)

    def on_event(event: Event) -> None:
        assert driver.origin is not None  # set by start() before the first event
        late = clock.now() - (driver.origin + event.at)
        if isinstance(event, PhaseStarted) and event.index > 0:
            result.phases.add(late)
        elif isinstance(event, CueDue) and event.cue.kind is CueKind.TICK:
            result.ticks.add(late)
        elif isinstance(event, Finished):
            result.end_drift_ms = late * 1000

    driver.add_listener(on_event)

    # The baseline: count down whole seconds with a repeating default timer.
    boundaries = {p.start for p in plan.phases[1:]}
    counted = {"seconds": 0}
    baseline = QTimer()
    baseline.setInterval(1000)
    begin = 0.0  # the baseline's own start

    def on_second() -> None:
        counted["seconds"] += 1
        n = counted["seconds"]
        late = clock.now() - (begin + n)
        if n in boundaries:
            result.baseline.add(late)
        if n >= plan.total_seconds:
            result.baseline_drift_ms = late * 1000
            baseline.stop()

    baseline.timeout.connect(on_second)
    finished = {"driver": False}

    def maybe_quit(_event: object) -> None:
        finished["driver"] = True

    driver.ended.connect(maybe_quit)
    quitter = QTimer()
    quitter.timeout.connect(
        lambda: app.quit() if finished["driver"] and not baseline.isActive() else None
    )
    quitter.start(200)

    driver.start()
    begin = clock.now()
    baseline.start()
    app.exec()
    return result


def _burn() -> None:
    while True:
        pass


def report(title: str, result: Result) -> None:
    print(f"\n{title}")
    print(f"{'events (ms late)':<34} {'count':>5} {'median':>8} {'p99':>8} {'max':>8} {'early':>6}")
    print(result.phases.row("hipcoach phase changes"))
    print(result.ticks.row("hipcoach countdown ticks"))
    print(result.baseline.row("tick-counting 1 s QTimer, changes"))
    print(f"{'end drift, hipcoach':<34} {result.end_drift_ms:>+8.2f} ms")
    print(f"{'end drift, tick-counting QTimer':<34} {result.baseline_drift_ms:>+8.2f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=120)
    parser.add_argument("--no-load", action="store_true")
    args = parser.parse_args()
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]  # shown as it goes
    plan = short_phase_plan(args.seconds)
    print(f"plan: {len(plan.phases)} phases, {plan.total_seconds} s; {os.cpu_count()} CPUs")
    report("alone", run_once(plan))
    if args.no_load:
        return
    burners = [
        multiprocessing.Process(target=_burn, daemon=True) for _ in range(os.cpu_count() or 1)
    ]
    for burner in burners:
        burner.start()
    try:
        time.sleep(0.5)
        report(f"with {len(burners)} CPU-burning processes", run_once(plan))
    finally:
        for burner in burners:
            burner.terminate()


if __name__ == "__main__":
    main()
