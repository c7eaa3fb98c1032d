"""What the window asks of the rest of hipcoach, in one object built by the composition root.

The widgets never build engines, players or stores themselves: they ask the coach for the
library, for a ready session, and to save a check-in. Tests give the widgets a coach with a
fake clock and a recording player.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Protocol

from hipcoach import paths
from hipcoach.core.cues import CueOptions, make_script
from hipcoach.core.engine import Clock, Event, MonotonicClock, SessionEngine
from hipcoach.core.library import Library, load_library
from hipcoach.core.model import Routine, Timings
from hipcoach.core.plan import Plan, make_plan
from hipcoach.cue_player import CuePlayer
from hipcoach.driver import SessionDriver


@dataclass(frozen=True, slots=True)
class CheckIn:
    """How it felt, given after a session: pain 0-10 before and after, effort 1-10."""

    pain_before: int | None = None
    pain_after: int | None = None
    effort: int | None = None
    notes: str = ""


class SessionLog(Protocol):
    """Where sessions are recorded as they happen (the history store's recorder)."""

    def begin(self, routine: Routine, plan: Plan) -> int | None:
        """Record the start; return the session's id."""
        ...

    def record(self, session_id: int | None, event: Event) -> None: ...

    def end(self, session_id: int | None) -> None: ...

    def check_in(self, session_id: int, check_in: CheckIn) -> None: ...

    def last_done(self) -> Mapping[str, datetime]:
        """When each routine id was last completed."""
        ...


class NoLog:
    """Records nothing: for tests of widgets that do not look at history."""

    def begin(self, routine: Routine, plan: Plan) -> int | None:
        return None

    def record(self, session_id: int | None, event: Event) -> None:
        pass

    def end(self, session_id: int | None) -> None:
        pass

    def check_in(self, session_id: int, check_in: CheckIn) -> None:
        pass

    def last_done(self) -> Mapping[str, datetime]:
        return {}


@dataclass
class ActiveSession:
    """One session about to start or running: its driver, plan and history id."""

    routine: Routine
    plan: Plan
    driver: SessionDriver
    session_id: int | None


@dataclass
class Coach:
    data_dir: Path
    make_player: Callable[[], CuePlayer]
    log: SessionLog = field(default_factory=NoLog)
    clock: Clock = field(default_factory=MonotonicClock)
    speed: float = 1.0
    cue_options: CueOptions = field(default_factory=CueOptions)
    built_in: Path = field(default_factory=paths.built_in_routines)
    timings: Timings = field(default_factory=Timings)  # the runner's defaults, from settings

    def library(self) -> Library:
        return load_library(self.built_in, self.data_dir / paths.USER_ROUTINES, self.timings)

    def prepare_session(self, routine: Routine) -> ActiveSession:
        """Everything a session needs, ready to ``driver.start()``; nothing runs yet."""
        plan = make_plan(routine)
        script = make_script(plan, self.cue_options)
        player = self.make_player()
        player.prepare(script.phrases(), sounds=True)
        engine = SessionEngine(plan, script, speed=self.speed)
        driver = SessionDriver(engine, player, self.clock)
        session_id = self.log.begin(routine, plan)
        log = self.log
        driver.add_listener(lambda event: log.record(session_id, event))

        def finish(_event: object) -> None:
            log.end(session_id)
            player.close()

        driver.ended.connect(finish)
        return ActiveSession(routine, plan, driver, session_id)

    def save_check_in(self, session: ActiveSession, check_in: CheckIn) -> None:
        if session.session_id is not None:
            self.log.check_in(session.session_id, check_in)

    def last_done(self) -> Mapping[str, datetime]:
        return self.log.last_done()
