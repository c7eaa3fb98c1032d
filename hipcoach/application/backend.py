"""What the window asks of the rest of hipcoach, in one object built by the composition root.

The widgets never build engines, players or stores themselves: they ask the backend for the
library, for a ready session, to save a check-in, for the history and the settings. Tests
give the widgets a backend with a fake clock and a recording player.

The settings are read afresh whenever a session is prepared or the library loaded, so what
the settings page saved applies from the next session on. The history's and the voices'
methods are slow at worst (a history of 100,000 sessions, espeak-ng starting): the window
calls them on a worker thread, never on the GUI thread.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from hipcoach.adapters import paths
from hipcoach.application.session import (
    NoLog,
    PreparedSession,
    SessionDose,
    SessionLog,
    prepare_session,
)
from hipcoach.core.cue_player import CuePlayer
from hipcoach.core.engine import Clock, Finished, MonotonicClock, SessionEngine, Stopped
from hipcoach.core.errors import KnownError
from hipcoach.core.library import Entry, Library, Source, load_library
from hipcoach.core.model import Routine
from hipcoach.core.records import CheckIn, Dosing, LastDone, utc_now
from hipcoach.core.settings import Settings

if TYPE_CHECKING:
    # Types only: the driver is Qt, handed in by the composition root.
    from hipcoach.adapters.audio import VoiceInfo
    from hipcoach.adapters.history.repository import Store
    from hipcoach.adapters.qt.driver import SessionDriver
    from hipcoach.adapters.user_routines import Imported as ImportedRoutine
    from hipcoach.application.coaching import BeforeSession
    from hipcoach.application.editing import RoutineDraft
    from hipcoach.application.red_flags import ReadFlags, RedFlags
    from hipcoach.application.reminder_time import ReminderTimer, TimerState
    from hipcoach.application.report import Report
    from hipcoach.application.runs import Imported, RunNote, RunWeek
    from hipcoach.application.statistics import Overview
    from hipcoach.application.week import Today
    from hipcoach.core.coaching import RedFlag, RoutineCoaching
    from hipcoach.core.coaching import Session as CoachedSession
    from hipcoach.core.records import Reset, Session
    from hipcoach.core.week_plan import WeekPlan


RECORDS_WAIT = 2.0  # s a read of the history waits (on its worker) for records being written


class SettingsStore(Protocol):
    """Where the runner's settings are kept (an INI file in the data folder)."""

    def load(self) -> Settings: ...

    def save(self, settings: Settings) -> None: ...


ActiveSession = PreparedSession["SessionDriver"]


class HistoryUnavailableError(KnownError):
    """There is no history to show (it could not be opened when the app started)."""


class VoiceUnavailableError(Exception):
    """There is no speech engine to try a voice with."""


def _coach_flags(sessions: Sequence[CoachedSession], now: datetime) -> RedFlags:
    """The coach's red flags, its rules loaded with Today's first read (after the window's
    first paint: bench/startup.py)."""
    from hipcoach.application.red_flags import coach_flags

    return coach_flags(sessions, now)


@dataclass(frozen=True)
class HistoryOpened:
    """What opening the history found (``Backend.open``): the store and its log, or why
    there is none."""

    history: Store | None
    log: SessionLog
    damaged: str | None = None  # refused as damaged: the window offers to move it aside
    problem: str | None = None  # could not be opened (a lock, a folder it cannot write)


@dataclass
class Backend:
    data_dir: Path
    make_player: Callable[[], CuePlayer]  # reads the voice settings itself when it is called
    settings: SettingsStore
    make_driver: Callable[[SessionEngine, CuePlayer, Clock], SessionDriver]
    log: SessionLog = field(default_factory=NoLog)
    clock: Clock = field(default_factory=MonotonicClock)
    speed: float = 1.0
    built_in: Path = field(default_factory=paths.built_in_routines)
    history: Store | None = None  # what the history page reads; None: no history
    damaged: str | None = None  # why the history was refused as damaged (the window offers)
    # The weekly full check (slow: call it on a worker): None, or why it is damaged.
    checkup: Callable[[], str | None] | None = None
    # Move a damaged history aside (renamed, never deleted) and start a new one; only
    # with the runner's consent. Returns where the old one went.
    set_aside: Callable[[], Path] | None = None
    voices: Callable[[], list[VoiceInfo]] | None = None  # None: no speech engine to ask
    say_sample: Callable[[Settings], object] | None = None  # says a cue; None: no engine
    now: Callable[[], datetime] = utc_now  # the wall clock: what "today" is for the week
    read_flags: ReadFlags = _coach_flags  # the coach's red flags over the history
    # The daily reminder's timer (systemd's); None: there is none to show or move.
    reminder_timer: ReminderTimer | None = None
    # Opens the history (its quick check, a backup, migrations: slow on a big one): the
    # window calls ``open`` on its worker before anything there reads it. None: ``history``
    # and ``log`` are given as they are.
    open_history: Callable[[], HistoryOpened] | None = None

    def open(self) -> HistoryOpened:
        """Open the history and keep it (on the worker, ahead of every read of it). Until
        it returns, ``history`` is None and ``log`` records nothing: the window starts no
        session before its library is read, which the worker does after this."""
        assert self.open_history is not None
        opened = self.open_history()
        self.history, self.log, self.damaged = opened.history, opened.log, opened.damaged
        return opened

    # -- settings --------------------------------------------------------------------------

    def current_settings(self) -> Settings:
        return self.settings.load()

    def save_settings(self, settings: Settings) -> None:
        """Keep them in the data folder: the next session and the next start use them."""
        self.settings.save(settings)

    def installed_voices(self) -> list[VoiceInfo]:
        """The speech engine's voices (slow: starts espeak-ng); raises ``SpeechError``."""
        return self.voices() if self.voices is not None else []

    def try_voice(self, settings: Settings) -> None:
        """Say a sample cue with these voice settings and return once it has been heard
        (slow: seconds); raises ``SpeechError`` or ``VoiceUnavailableError``."""
        if self.say_sample is None:
            raise VoiceUnavailableError("there is no speech engine to try it with")
        self.say_sample(settings)

    # -- routines and sessions ---------------------------------------------------------------

    def library(self) -> Library:
        chosen = self.current_settings()
        return load_library(
            self.built_in,
            self.data_dir / paths.USER_ROUTINES,
            chosen.timings(),
            chosen.timings_override(),
        )

    def prepare_session(
        self, routine: Routine, dose: SessionDose | None = None, pain_before: int | None = None
    ) -> ActiveSession:
        """Everything a session needs, its player getting ready (never waited for here:
        ``ready()``, then ``begin()`` and ``driver.start()``); nothing runs yet.

        ``routine`` carries the default timings it was loaded with (``library``); the cue
        options (how-to read aloud, beeps) are today's settings. ``dose`` is how it is dosed
        (``before_session(routine).dose(...)``); without it, at today's prescriptions, read
        here (the file's low ends, recorded as such, when there is no history).
        ``pain_before`` (the window's "pain now") is recorded with it once it begins."""
        if dose is None:
            dose = self.session_dose(routine)
        clock = self.clock
        session = prepare_session(
            routine,
            self.current_settings(),
            self.make_player(),
            lambda engine, player: self.make_driver(engine, player, clock),
            self.log,
            speed=self.speed,
            dose=dose,
            pain_before=pain_before,
        )

        def close_at_end(event: object) -> None:
            if isinstance(event, Finished | Stopped):
                session.close()

        session.driver.add_listener(close_at_end)
        return session

    def session_dose(self, routine: Routine) -> SessionDose:
        """Today's prescriptions for a session of ``routine`` (a read of the whole history:
        the window calls it on its worker); the file's low ends, recorded as such, when
        there is no history or it cannot be read."""
        dose = SessionDose(dosing=Dosing.AS_WRITTEN)
        if self.history is not None:
            from hipcoach.adapters.history.errors import HistoryError

            with contextlib.suppress(HistoryError):
                dose = self.before_session(routine).dose()
        return dose

    # -- the runner's own routines: the editor, import and export ---------------------------

    def user_routines(self) -> Path:
        """The runner's routines folder: what the editor saves and import copies land in."""
        return self.data_dir / paths.USER_ROUTINES

    def documents_folder(self) -> Path:
        """Where an export is offered first: the runner's documents folder."""
        import platformdirs

        return Path(platformdirs.user_documents_dir())

    # The editor's drafts: its module (tomlkit) loads with the first one, not before the
    # window's first paint.

    def new_draft(self) -> RoutineDraft:
        from hipcoach.application import editing

        ids = (entry.routine.id for entry in self.library().entries)
        return editing.new_draft(self.user_routines(), self.current_settings().timings(), ids)

    def open_draft(self, entry: Entry) -> RoutineDraft:
        """The routine's file open for editing; raises DraftError."""
        from hipcoach.application import editing

        return editing.open_draft(entry, self.user_routines(), self.current_settings().timings())

    def duplicate_draft(self, entry: Entry) -> RoutineDraft:
        from hipcoach.application import editing

        ids = (e.routine.id for e in self.library().entries)
        return editing.duplicate_draft(
            entry, self.user_routines(), self.current_settings().timings(), ids
        )

    def save_draft(self, draft: RoutineDraft) -> Path:
        """Raises DraftError or OSError."""
        from hipcoach.application import editing

        return editing.save_draft(draft)

    def built_in_routine(self, routine_id: str) -> Entry | None:
        """The shipped routine of this id, if there is one (a copy of the runner's may be
        taking its place)."""
        return load_library(self.built_in, None).find(routine_id)

    def delete_routine(self, entry: Entry) -> Entry | None:
        """Delete the runner's own file; returns the built-in routine that comes back in its
        place, if there is one. Raises DraftError or OSError."""
        from hipcoach.application.editing import DraftError

        if entry.source is not Source.USER:
            raise DraftError("a built-in routine cannot be deleted")
        entry.path.unlink()
        return self.built_in_routine(entry.routine.id)

    def import_routine(self, path: Path, *, replace: bool = False) -> ImportedRoutine:
        """Copy a routine file as written into the runner's folder (as ``hipcoach import``
        does). Raises RoutineFileError, AlreadyThereError or OSError."""
        from hipcoach.adapters.user_routines import import_routine

        return import_routine(path, self.built_in, self.user_routines(), replace=replace)

    def export_routine(self, entry: Entry, path: Path) -> None:
        """Write a routine as a file that loads back as the same routine (as ``hipcoach
        export`` does). Raises RoutineFileError or OSError."""
        from hipcoach.adapters.private_files import save_atomically
        from hipcoach.adapters.user_routines import exported_bytes

        save_atomically(path, exported_bytes(entry))

    def save_check_in(self, session: ActiveSession, check_in: CheckIn) -> None:
        if session.session_id is not None:
            self.log.check_in(session.session_id, check_in)

    def last_done(self) -> Mapping[str, LastDone]:
        return self.log.last_done()

    # -- history (call these on a worker thread) -------------------------------------------------

    def _history(self) -> Store:
        """The history, once what this window recorded so far is written: a read right
        after a session (its summary saved, the next session's doses, the History page)
        sees that session. Waits on the caller's worker thread, at most ``RECORDS_WAIT``."""
        if self.history is None:
            raise HistoryUnavailableError("History is not available: it could not be opened.")
        self.log.flush(RECORDS_WAIT)
        return self.history

    def overview(self, on: date | None = None) -> Overview:
        """The week, the streak, the calendar, the newest sessions, pain, doses, runs and
        each week against the plan; raises ``HistoryError`` or ``HistoryUnavailableError``.
        A broken plan.toml costs the page its targets only."""
        from hipcoach.application.statistics import overview_of

        library, plan = self._plan()
        return overview_of(self._history(), on, plan=plan, library=library)

    def _plan(self) -> tuple[Library, WeekPlan | None]:
        from hipcoach.application.week import read_plan
        from hipcoach.core.plan_file import PlanFileError

        library = self.library()
        try:
            return library, read_plan(self.data_dir, library)
        except PlanFileError:
            return library, None

    def delete_session(self, session_id: int) -> Session | None:
        """Delete a session and everything of it (the coach replays without it); returns
        it as it was, None when it was already gone; raises ``HistoryError``."""
        from hipcoach.application.history_edits import delete_session

        return delete_session(self._history(), session_id)

    def report(self, since: date, until: date) -> Report:
        """The report for a physiotherapist of ``since`` to ``until`` (local days): its
        numbers, read here; the window lays them out. A broken plan.toml costs only the
        weekly targets."""
        from hipcoach.application.report import build_report
        from hipcoach.application.week import read_plan
        from hipcoach.core.plan_file import PlanFileError

        library = self.library()
        plan, problem = None, None
        try:
            plan = read_plan(self.data_dir, library)
        except PlanFileError as error:
            problem = str(error).splitlines()[0]
        return build_report(
            self._history(),
            since,
            until,
            plan=plan,
            library=library,
            now=self.now(),
            plan_problem=problem,
        )

    def save_report(self, pdf: bytes, path: Path) -> None:
        """Write the report's PDF atomically and private (600): it holds health notes."""
        from hipcoach.adapters.private_files import save_atomically

        save_atomically(path, pdf)

    def export_report_csv(self, path: Path, since: date, until: date) -> int:
        """The report's CSV: the range's work phases as ``history --phases --csv`` writes
        them, atomically and private; returns how many rows."""
        import io

        from hipcoach.adapters.private_files import save_atomically
        from hipcoach.application.report import write_report_csv

        text = io.StringIO()
        rows = write_report_csv(self._history(), text, since, until)
        save_atomically(path, text.getvalue())
        return rows

    def export_csv(self, path: Path) -> int:
        """Write every session to ``path`` as ``hipcoach history --csv`` prints them; returns
        how many. The file holds health notes: it is created private (600), and appears
        whole or not at all."""
        import io

        from hipcoach.adapters.private_files import save_atomically
        from hipcoach.application.exports import write_csv

        with self._history().reading() as unit:
            sessions = unit.history.sessions()
        text = io.StringIO()
        write_csv(sessions, text)
        save_atomically(path, text.getvalue())
        return len(sessions)

    # -- the coach (docs/coaching.md; these read the history: call them on a worker thread) --

    def before_session(self, routine: Routine) -> BeforeSession:
        """What stands before a session of ``routine``: today's prescriptions, the red flags
        to show first, and for a pain before of 6 or more the offer of one rung lower
        (``offers_lower``, ``advice``); ``.dose(Dosing.LOWER)`` goes to ``prepare_session``."""
        from dataclasses import replace

        from hipcoach.application.coaching import before_session

        before = before_session(self._history(), routine)
        # Read here, on the caller's worker, so preparing the session reads nothing.
        return replace(before, times_met=self.log.times_met(routine.id))

    def coaching(self, routine: Routine) -> RoutineCoaching:
        """Each exercise-side's prescription today and why: the library's detail."""
        return self.before_session(routine).coaching

    def red_flags(self) -> tuple[RedFlag, ...]:
        """The red flags standing now, from every routine's sessions."""
        from hipcoach.application.coaching import read_coach

        return read_coach(self._history(), routine_ids=()).red_flags

    def start_over(self, routine: Routine, exercise_id: str | None = None) -> Reset:
        """ "Start this exercise over" (every ladder of the routine without ``exercise_id``)."""
        from hipcoach.application.coaching import start_over

        return start_over(self._history(), routine, exercise_id)

    def morning_after(self) -> Session | None:
        """The session to ask "how is the hip this morning?" about, if any (36 hours)."""
        from hipcoach.application.coaching import awaiting_next_day

        return awaiting_next_day(self._history())

    def save_next_day(self, session_id: int, pain: int) -> None:
        """The answer to the morning-after question: it may change what that session
        decided, and everything after it."""
        from hipcoach.application.coaching import check_in

        check_in(self._history(), session_id, CheckIn(next_day=pain))

    # -- the week: plan, runs, Today (docs/coaching.md; these read the history: worker) -------

    def today(self) -> Today:
        """What is due today and why, the red-flag advice, the morning-after question and
        the last days' runs; raises PlanFileError, HistoryError or HistoryUnavailableError."""
        from hipcoach.application.week import what_is_due

        return what_is_due(
            self.data_dir, self._history(), self.library(), self.now(), self.read_flags
        )

    def log_run(self, km: float, minutes: float | None, day: date) -> RunNote:
        """A run added by hand; raises RunInputError for one that cannot be."""
        from hipcoach.application.runs import log_run

        return log_run(self._history(), km, minutes, day, self.now())

    def import_runs(self, files: list[Path]) -> list[Imported]:
        """Run files imported, each on its own: imported, imported before, or refused."""
        from hipcoach.application.runs import import_runs

        return import_runs(self._history(), files, self.now())

    def run_weeks(self, on: date, count: int = 12) -> list[RunWeek]:
        """The runs of the last ``count`` weeks up to ``on``'s, week by week."""
        from hipcoach.application.runs import run_weeks

        return run_weeks(self._history(), on, count)

    def week_plan(self) -> WeekPlan:
        """The plan as the data folder holds it (or the default one); raises PlanFileError."""
        from hipcoach.application.week import read_plan

        return read_plan(self.data_dir, self.library())

    def save_week_plan(self, plan: WeekPlan) -> None:
        """Write ``plan.toml`` atomically: Today and the reminder use it from now on."""
        from hipcoach.application.week import save_plan

        save_plan(self.data_dir, plan)

    def reminder_timer_state(self) -> TimerState:
        """Whether the daily reminder's timer is installed, and when it fires (slow: asks
        systemd; call it on a worker)."""
        from hipcoach.application.reminder_time import TimerState

        return self.reminder_timer.state() if self.reminder_timer else TimerState(False)

    def follow_reminder(self, plan: WeekPlan) -> TimerState:
        """After the plan's reminder time changed: an installed timer moves to it, as
        ``hipcoach reminders on`` would move it (slow: call it on a worker)."""
        from hipcoach.application.reminder_time import TimerState

        if self.reminder_timer is None:
            return TimerState(False)
        if plan.reminder is None:
            return self.reminder_timer.state()
        return self.reminder_timer.follow(plan.reminder.at, plan.reminder.days)
