"""Run a short session through the real factory and report, as one JSON line, what happened.

Used by test_no_audio in a fresh process: Qt's PulseAudio connection is made once per
process, so "no sound server" can only be tested in a process that never had one.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTimer

from hipcoach.adapters.audio import make_cue_player
from hipcoach.adapters.qt.driver import SessionDriver
from hipcoach.application.session import explained
from hipcoach.core.cues import make_script
from hipcoach.core.engine import CueDue, Event, Finished, SessionEngine
from hipcoach.core.plan import make_plan
from hipcoach.core.routine_file import parse_routine
from hipcoach.core.settings import HowReading

ROUTINE = (
    'format = 1\nname = "Quiet"\n[defaults]\nprepare = 3\n'
    '[[exercise]]\nname = "Plank"\nhold = 4\nhow = "Forearms down, body long."\n'
)
SPEED = 4.0


def main(cache: str) -> int:
    app = QCoreApplication(sys.argv[:1])
    player = make_cue_player(Path(cache))
    routine = parse_routine(ROUTINE.encode(), "quiet.toml", "quiet")
    plan = make_plan(routine, explain=explained(routine, HowReading.ALWAYS, {}, 200))
    script = make_script(plan)
    player.prepare(script.phrases(), True)
    while not player.ready():  # at once for the silent player this is about
        app.processEvents()
    driver = SessionDriver(SessionEngine(plan, script, speed=SPEED), player)
    seen: list[Event] = []
    driver.add_listener(seen.append)
    driver.ended.connect(lambda _: app.quit())
    QTimer.singleShot(0, driver.start)
    QTimer.singleShot(10_000, app.quit)  # a session that never ends shows as "outcome": null
    app.exec()
    player.close()
    ended = next((e for e in seen if isinstance(e, Finished)), None)
    report = {
        "reason": player.silent_reason(),
        "player": type(player).__name__,
        "outcome": "finished" if ended is not None else None,
        "cues": sum(isinstance(e, CueDue) for e in seen),
    }
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
