"""What the window asks of the rest of hipcoach, in one object built by the composition root.

The widgets never build engines, players or stores themselves: they ask the coach for the
library, for a ready session, to save a check-in, for the history and the settings. Tests
give the widgets a coach with a fake clock and a recording player.

The settings are read afresh whenever a session is prepared or the library loaded, so what
the settings page saved applies from the next session on. The history's and the voices'
methods are slow at worst (a history of 100,000 sessions, espeak-ng starting): the window
calls them on a worker thread, never on the GUI thread.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from hipcoach import paths
from hipcoach.core.cues import make_script
from hipcoach.core.engine import Clock, Event, MonotonicClock, SessionEngine
from hipcoach.core.library import Library, load_library
from hipcoach.core.model import Routine
from hipcoach.core.plan import Plan, make_plan
from hipcoach.cue_player import CuePlayer
from hipcoach.driver import SessionDriver
from hipcoach.settings import Settings, load_settings, save_settings

if TYPE_CHECKING:
    from hipcoach.audio import VoiceInfo
    from hipcoach.history.repository import Store
    from hipcoach.history.stats import Overview


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


class HistoryUnavailableError(Exception):
    """There is no history to show (it could not be opened when the app started)."""


@dataclass
class Coach:
    data_dir: Path
    make_player: Callable[[], CuePlayer]  # reads the voice settings itself when it is called
    log: SessionLog = field(default_factory=NoLog)
    clock: Clock = field(default_factory=MonotonicClock)
    speed: float = 1.0
    built_in: Path = field(default_factory=paths.built_in_routines)
    settings: Callable[[], Settings] | None = None  # None: the data folder's settings file
    history: Store | None = None  # what the history page reads; None: no history
    voices: Callable[[], list[VoiceInfo]] | None = None  # None: the installed espeak voices

    # -- settings --------------------------------------------------------------------------

    def current_settings(self) -> Settings:
        return self.settings() if self.settings is not None else load_settings(self.data_dir)

    def save_settings(self, settings: Settings) -> None:
        """Keep them in the data folder: the next session and the next start use them."""
        save_settings(self.data_dir, settings)

    def installed_voices(self) -> list[VoiceInfo]:
        """The speech engine's voices (slow: starts espeak-ng); raises ``SpeechError``."""
        if self.voices is not None:
            return self.voices()
        from hipcoach.audio import list_voices

        return list_voices()

    # -- routines and sessions ---------------------------------------------------------------

    def library(self) -> Library:
        timings = self.current_settings().timings()
        return load_library(self.built_in, self.data_dir / paths.USER_ROUTINES, timings)

    def prepare_session(self, routine: Routine) -> ActiveSession:
        """Everything a session needs, ready to ``driver.start()``; nothing runs yet.

        ``routine`` carries the default timings it was loaded with (``library``); the cue
        options (how-to read aloud, beeps) are today's settings."""
        chosen = self.current_settings()
        plan = make_plan(routine)
        script = make_script(plan, chosen.cue_options())
        player = self.make_player()
        player.prepare(script.phrases(), sounds=chosen.beeps)
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

    # -- history (call these on a worker thread) -------------------------------------------------

    def _history(self) -> Store:
        if self.history is None:
            raise HistoryUnavailableError("History is not available: it could not be opened.")
        return self.history

    def overview(self, on: date | None = None) -> Overview:
        """The week, the streak, the calendar, the newest sessions and each exercise's
        progress; raises ``HistoryError`` or ``HistoryUnavailableError``."""
        from hipcoach.history.stats import overview_of

        return overview_of(self._history(), on)

    def export_csv(self, path: Path) -> int:
        """Write every session to ``path`` as ``hipcoach history --csv`` prints them; returns
        how many. The file holds health notes: it is created private (600), and appears
        whole or not at all."""
        from hipcoach.history.command import write_csv

        with self._history().reading() as unit:
            sessions = unit.history.sessions()
        part = path.with_name(f".{path.name}.part")
        with contextlib.suppress(FileNotFoundError):
            part.unlink()  # left by a crash; made afresh, so private
        fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
                write_csv(sessions, out)
            part.replace(path)
        except BaseException:
            with contextlib.suppress(OSError):
                part.unlink()
            raise
        return len(sessions)
