"""A session being recorded in another process, for tests of live versus dead sessions.

    python -m tests.adapters.history.live_session DATA_DIR ROUTINE_FILE WORK_PHASES

It records a session through the real recorder until WORK_PHASES work phases have ended
(a fake clock, so at once), prints ``live SESSION_ID`` and then waits, lock held, until its
stdin closes (then it ends as the recorder's ``close`` says) or it is killed.
"""

from __future__ import annotations

import sys
from pathlib import Path

from hipcoach.adapters.history.recorder import SessionRecorder
from hipcoach.adapters.history.store import open_history
from hipcoach.core.cues import make_script
from hipcoach.core.engine import PhaseEnded, SessionEngine
from hipcoach.core.plan import make_plan
from hipcoach.core.routine_file import load_routine
from tests.fakes.clock import FakeClock


def main(argv: list[str]) -> int:
    data_dir, routine_file, phases = Path(argv[0]), Path(argv[1]), int(argv[2])
    routine = load_routine(routine_file)
    plan = make_plan(routine)
    clock = FakeClock()
    engine = SessionEngine(plan, make_script(plan))
    with open_history(data_dir) as store, SessionRecorder(store, clock=clock) as recorder:
        session_id = recorder.begin(routine, plan)
        ended = 0
        events = engine.start(clock.now())
        while ended < phases:
            for event in events:
                recorder.record(event)
                if isinstance(event, PhaseEnded) and event.phase.is_work:
                    ended += 1
            wake = engine.next_wake(clock.now())
            if wake is None:
                break
            clock.set(wake)
            events = engine.poll(wake)
        print(f"live {session_id}", flush=True)
        sys.stdin.read()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
