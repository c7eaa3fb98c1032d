"""The composition root: the one place that builds the sessions, players and windows."""

from __future__ import annotations

import os
import signal
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from hipcoach.core.errors import KnownError

READY_POLL = 0.01  # s between two looks at a player getting ready, with no window to serve

if TYPE_CHECKING:
    from hipcoach.adapters.audio import VoiceInfo
    from hipcoach.adapters.history.log import HistoryLog
    from hipcoach.adapters.history.store import HistoryStore
    from hipcoach.adapters.qt.driver import SessionDriver
    from hipcoach.application.backend import Backend, HistoryOpened
    from hipcoach.application.session import SessionLog
    from hipcoach.core.cue_player import CuePlayer
    from hipcoach.core.engine import Clock, SessionEngine
    from hipcoach.core.model import Routine
    from hipcoach.core.settings import Settings


def make_player(data_dir: Path, voice: bool, sounds: bool) -> CuePlayer:
    """The real player (speech rendered ahead, cue sounds), or a silent one saying why.

    Needs a QCoreApplication. Rendered phrases are cached in the user's cache folder.
    """
    from hipcoach.core.cue_player import SilentPlayer

    if not voice and not sounds:
        return SilentPlayer("")
    from PySide6.QtCore import QLoggingCategory

    # Before QtMultimedia loads: it looks for PipeWire before PulseAudio and warns when
    # there is none, and announces its FFmpeg; neither is news to the runner.
    QLoggingCategory.setFilterRules(
        "qt.multimedia.symbolsresolver.warning=false\nqt.multimedia.ffmpeg.info=false"
    )
    _drop_qt_message("PulseAudioService: pa_context_connect() failed")  # we say it better
    from hipcoach.adapters import paths
    from hipcoach.adapters.audio import SpeechSettings, make_cue_player
    from hipcoach.adapters.settings_file import load_settings

    chosen = load_settings(data_dir)
    speech = SpeechSettings(voice=chosen.voice or None, rate=chosen.rate, volume=chosen.volume)
    return make_cue_player(paths.speech_cache(), voice=voice, sounds=sounds, speech=speech)


def say_sample(chosen: Settings) -> None:
    """The settings page's "Try it": a cue in the chosen voice, heard to its end (blocks)."""
    import platformdirs

    from hipcoach.adapters.audio import SpeechSettings
    from hipcoach.adapters.audio.sample import say_sample as say

    speech = SpeechSettings(voice=chosen.voice or None, rate=chosen.rate, volume=chosen.volume)
    say(Path(platformdirs.user_cache_dir("hipcoach", appauthor=False)) / "speech", speech)


def _drop_qt_message(text: str) -> None:
    """Keep one known Qt message (in Qt's default category) off the runner's terminal."""
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    previous = None

    def handler(kind: QtMsgType, context: object, message: str) -> None:
        if message == text:
            return
        if previous is not None:
            previous(kind, context, message)
        else:
            sys.stderr.write(message + "\n")

    previous = qInstallMessageHandler(handler)


def run_terminal(
    data_dir: Path,
    routine: Routine,
    speed: float = 1.0,
    voice: bool = True,
    sounds: bool = True,
    as_written: bool = False,
    checkin: bool = True,
) -> int:
    """``hipcoach run``: one session on a QCoreApplication, no window, at today's
    prescriptions (or as written); on a terminal it asks the check-in before and after.

    Ctrl-C and SIGTERM are taken over from the entry point before history is opened: one
    that comes before the session is recorded ends the command with one line, one that
    comes after stops the session (recorded as stopped), and none cuts short the writing.
    A question is left with either, as a question should be.
    """
    from PySide6.QtCore import QCoreApplication

    from hipcoach.adapters.history.log import HistoryLog
    from hipcoach.adapters.history.store import open_history
    from hipcoach.adapters.qt.driver import SessionDriver
    from hipcoach.adapters.qt.stop_signals import StopSignals
    from hipcoach.adapters.settings_file import load_settings
    from hipcoach.application.coaching import before_session
    from hipcoach.application.session import prepare_session
    from hipcoach.cli.checkin import ask_after, ask_before, interruptible_input
    from hipcoach.cli.terminal import run_session
    from hipcoach.core.records import Dosing

    if QCoreApplication.instance() is None:
        QCoreApplication(sys.argv[:1])
    signals = StopSignals(lambda _number: None)
    store = player = log = None
    asking = checkin and sys.stdin.isatty() and sys.stdout.isatty()
    dosing = Dosing.AS_WRITTEN if as_written else Dosing.COACHED
    pain_before = None
    try:
        # The output warms and the speech engine starts (seconds, on their own threads)
        # while the coach reads the history and the runner answers the check-in.
        player = make_player(data_dir, voice, sounds)
        player.prepare((), sounds)
        try:
            store = open_history(data_dir)  # checks, backs up, migrates, marks dead sessions
            before = before_session(store, routine)
        except KnownError as error:
            print(f"hipcoach: {error}", file=sys.stderr)
            return 1
        if not asking:
            for line in before.advice():
                print(f"hipcoach: red flag: {line}", file=sys.stderr)
        elif not signals.caught:
            try:
                pain_before, dosing = ask_before(before, dosing, interruptible_input, sys.stdout)
            except KeyboardInterrupt:
                signals.caught.append(signal.SIGINT)
        log = HistoryLog(store, speed=speed, on_problem=_warn, on_wait=_warn)
        if voice or sounds:
            # While the output warms (a second or more), on the writer's thread. A silent
            # session starts at once: loading it now would only hold the interpreter lock
            # on the way to the first phase; the first record loads it instead.
            log.warm_up()
        _check_in_background(store, log)
        session = prepare_session(
            routine,
            load_settings(data_dir),
            player,
            lambda engine, chosen: SessionDriver(engine, chosen),
            log,
            speed=speed,
            dose=before.dose(dosing),
            pain_before=pain_before,
        )
        # No window to keep answering: the first phase waits for the warm output and the
        # first phrases, so the runner hears it from its first word (bench/startup.py
        # measures the wait).
        while not session.ready() and not signals.caught:
            time.sleep(READY_POLL)
        if signals.caught:  # nothing recorded yet: the same one line as during start-up
            print(f"hipcoach: stopped by {_signal_name(signals.caught[0])}", file=sys.stderr)
            return 130
        reason = player.silent_reason()
        if reason:
            print(f"hipcoach: {reason}", file=sys.stderr)
        session.begin()  # with the pain given before, as its check-in's pain before
        signalled: list[int] = []
        code = run_session(session.driver, session.plan, signals=signals, signalled=signalled)
        if asking and not signalled and session.session_id is not None:
            after = ask_after(interruptible_input, sys.stdout)
            if after is not None:
                log.check_in(session.session_id, after)
        return code
    finally:
        if log is not None:
            log.close()  # what is still queued is written; a signal meanwhile changes nothing
        if store is not None:
            store.close()
        if player is not None:
            player.close()
        signals.close(restore=False)  # the process ends with the session's own exit code


def _check_in_background(store: HistoryStore, log: HistoryLog) -> None:
    """The weekly full check of the history, on a thread of its own while the session
    runs; a damaged file is said once, and written no more."""
    import threading

    def check() -> None:
        try:
            store.checkup()
        except KnownError as error:
            log.report(str(error))

    threading.Thread(target=check, name="hipcoach-checkup", daemon=True).start()


def _signal_name(number: int) -> str:
    import signal

    return "Ctrl-C" if number == signal.SIGINT else "SIGTERM"


def _warn(message: str) -> None:
    print(f"hipcoach: {message}", file=sys.stderr)


def catch_bugs(show: Callable[[str], None]) -> Callable[[], None]:
    """From now on an error no code caught (in a slot, a timer) is logged with its
    traceback and shown by ``show`` as one line, and the window goes on. Returns the undo."""
    from hipcoach.adapters import log_file

    previous = sys.excepthook

    def hook(kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
        if not isinstance(error, Exception):  # KeyboardInterrupt, SystemExit: not ours
            previous(kind, error, trace)
            return
        show(log_file.error_line(error, log_file.log_bug(error)))

    sys.excepthook = hook

    def undo() -> None:
        sys.excepthook = previous

    return undo


def _session_driver(engine: SessionEngine, player: CuePlayer, clock: Clock) -> SessionDriver:
    """The window's driver, loaded with the first session rather than before the window
    shows (bench/startup.py times the first paint)."""
    from hipcoach.adapters.qt.driver import SessionDriver

    return SessionDriver(engine, player, clock)


def _voices() -> list[VoiceInfo]:
    from hipcoach.adapters.audio import list_voices

    return list_voices()


def run_gui(
    data_dir: Path, routine: str | None = None, speed: float = 1.0, files: Sequence[str] = ()
) -> int:
    """The desktop app: history, settings and the player wired into one window.

    One window per user and data folder: when one is open already, the request (the routine
    to start, the files to import: absolute paths) goes to it, it comes to the front, and
    this process ends at once, never having opened a file."""
    from hipcoach.adapters.desktop.instance import InstanceError, Request, hand_over, socket_path

    if routine is not None and ("/" in routine or routine.endswith(".toml")):
        routine = str(Path(routine).absolute())  # the window runs in another folder
    request = Request(routine, os.environ.get("XDG_ACTIVATION_TOKEN") or None, tuple(files))
    where = socket_path(data_dir)
    try:
        if where is not None and hand_over(where, request):
            return 0
    except InstanceError as error:
        print(f"hipcoach: {error}", file=sys.stderr)
        return 1

    from PySide6.QtWidgets import QApplication

    from hipcoach.adapters.settings_file import load_settings, remember_dark, remembered_dark
    from hipcoach.ui.common.icon import app_icon
    from hipcoach.ui.shell.main_window import MainWindow

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("hipcoach")
    app.setApplicationDisplayName("hipcoach")
    app.setDesktopFileName("hipcoach")  # ties the window to hipcoach.desktop (Wayland app id)
    app.setWindowIcon(app_icon())
    window: MainWindow | None = None
    early: list[str] = []

    from hipcoach.adapters.qt.stop_signals import StopSignals

    signalled: list[int] = []

    def on_signal(number: int) -> None:
        # Ctrl-C or SIGTERM: close as the runner would, so a session is recorded as stopped.
        # Caught from here on; handled once the loop runs, even if it came before.
        signalled.append(number)
        if window is not None:
            window.close()
        app.quit()

    signals = StopSignals(on_signal)

    from hipcoach.adapters.desktop.instance_server import InstanceServer, Listening

    asked: list[Request] = []

    def answer(request: Request) -> None:
        if request.activation_token:
            # Qt's Wayland plugin activates the window with the token it finds here.
            os.environ["XDG_ACTIVATION_TOKEN"] = request.activation_token
        if window is None:
            asked.append(request)
        else:
            window.answer_request(request.routine, request.files)

    server = InstanceServer(where, answer) if where is not None else None
    if server is not None and server.listen() is Listening.TAKEN:
        # Another window started in the same moment and listens now: it takes the request.
        signals.close()
        try:
            return 0 if hand_over(server.path, request) else 1
        except InstanceError as error:
            print(f"hipcoach: {error}", file=sys.stderr)
            return 1

    def notice(message: str) -> None:
        if window is None:
            early.append(message)
        else:
            window.notify(message)

    from hipcoach.adapters import paths

    exposed = paths.open_to_others(data_dir)
    if exposed is not None:
        early.append(exposed[0].upper() + exposed[1:] + ".")
    # The window is painted first, its bar and "reading your routines", with nothing of
    # hipcoach's core loaded, in the colours of the desktop as it was last time; the
    # backend is built and attached once that frame is on screen, the desktop's colour
    # scheme asked, and the history opened on the window's worker (bench/startup.py).
    window = MainWindow(look=load_settings(data_dir).look, dark=remembered_dark(data_dir))
    window.desktop_dark.connect(
        lambda dark: window.tasks.run(lambda: remember_dark(data_dir, dark), lambda _: None)
    )
    for message in early:
        window.notify(message)
    uncatch = catch_bugs(notice)
    history: list[_WindowHistory] = []

    def fill() -> None:
        from hipcoach.adapters.desktop.color_scheme import PortalColorScheme

        assert window is not None
        desktop_scheme = PortalColorScheme(parent=app)
        window.follow_desktop(desktop_scheme)
        desktop_scheme.start()  # answered in a moment; the window re-themes if it must
        opened = _WindowHistory(data_dir, speed, notice)
        history.append(opened)
        window.attach(opened.backend())
        if files:
            # Once the loop runs (the files, then the routine): an import may ask, and a
            # signal that comes while it asks must still end the app.
            window.answer_request(routine, files)
        elif routine is not None:
            window.start_named(routine)
        for waiting in asked:
            window.answer_request(waiting.routine, waiting.files)

    window.first_painted.connect(fill)
    window.show()
    try:
        code = app.exec()
        return 130 if signalled else code
    finally:
        if server is not None:
            server.close()
        uncatch()
        window.wait_for_tasks()  # nothing may read the store once it is closed
        for opened in history:
            opened.close()  # the last records are written; a signal meanwhile changes nothing
        signals.close(restore=False)


class _WindowHistory:
    """The window's backend and its history: opened on the window's worker (``open``),
    moved aside with the runner's consent, closed at the end. Built once the window's first
    frame is on screen, so nothing here is imported before it."""

    def __init__(self, data_dir: Path, speed: float, notice: Callable[[str], None]) -> None:
        from hipcoach.adapters.qt.tasks import Relay
        from hipcoach.application.session import NoLog

        self.data_dir = data_dir
        self.speed = speed
        self.store: HistoryStore | None = None
        self.log: SessionLog = NoLog()
        # The history writer reports from its own thread: the relay brings it to the window's.
        self.relay = Relay(lambda m: notice(f"History is not being saved: {m}"))
        self._backend: Backend | None = None

    def backend(self) -> Backend:
        from hipcoach.adapters.settings_file import SettingsFile, load_settings
        from hipcoach.application.backend import Backend
        from hipcoach.application.reminder_time import SystemdTimer

        data_dir = self.data_dir

        def player() -> CuePlayer:
            chosen = load_settings(data_dir)  # as saved now: the settings page applies at once
            return make_player(data_dir, chosen.voice_on, chosen.beeps)

        self._backend = Backend(
            data_dir,
            make_player=player,
            settings=SettingsFile(data_dir),
            make_driver=_session_driver,
            speed=self.speed,
            voices=_voices,
            say_sample=say_sample,
            checkup=self.checkup,
            set_aside=self.set_aside,
            reminder_timer=SystemdTimer(data_dir),
            open_history=self.open,
        )
        return self._backend

    def open(self) -> HistoryOpened:
        """On the window's worker: checks, backs up, migrates, marks dead sessions."""
        from hipcoach.adapters.history.errors import DamagedHistoryError, HistoryError
        from hipcoach.adapters.history.store import open_history
        from hipcoach.application.backend import HistoryOpened
        from hipcoach.application.session import NoLog

        try:
            self.store = open_history(self.data_dir)
        except DamagedHistoryError as error:
            return HistoryOpened(None, NoLog(), damaged=str(error))
        except HistoryError as error:
            return HistoryOpened(None, NoLog(), problem=str(error))
        self.log = self._log(self.store)
        return HistoryOpened(self.store, self.log)

    def _log(self, store: HistoryStore) -> HistoryLog:
        from hipcoach.adapters.history.log import HistoryLog

        return HistoryLog(store, speed=self.speed, on_problem=self.relay)

    def checkup(self) -> str | None:
        """The weekly full check, on the window's worker thread."""
        from hipcoach.adapters.history.errors import DamagedHistoryError

        if self.store is None:
            return None
        try:
            self.store.checkup()
        except DamagedHistoryError as error:
            return str(error)
        return None

    def set_aside(self) -> Path:
        """With the runner's consent: rename the damaged history, start a new one."""
        from hipcoach.adapters.history.store import move_aside, open_history

        backend = self._backend
        assert backend is not None
        self.close()
        backend.history, backend.log = None, self.log
        moved = move_aside(self.data_dir)
        self.store = open_history(self.data_dir)
        self.log = self._log(self.store)
        backend.history, backend.log = self.store, self.log
        return moved

    def close(self) -> None:
        from hipcoach.adapters.history.log import HistoryLog
        from hipcoach.application.session import NoLog

        if isinstance(self.log, HistoryLog):
            self.log.close()
        if self.store is not None:
            self.store.close()
        self.store, self.log = None, NoLog()
