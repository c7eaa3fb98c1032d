"""The composition root: the one place that builds the sessions, players and windows."""

from __future__ import annotations

import sys
from pathlib import Path

from hipcoach.core.cue_player import CuePlayer, SilentPlayer
from hipcoach.core.model import Routine


def make_player(data_dir: Path, voice: bool, sounds: bool) -> CuePlayer:
    """The real player (speech rendered ahead, cue sounds), or a silent one saying why.

    Needs a QCoreApplication. Rendered phrases are cached in the user's cache folder.
    """
    if not voice and not sounds:
        return SilentPlayer("")
    import platformdirs
    from PySide6.QtCore import QLoggingCategory

    # Before QtMultimedia loads: it looks for PipeWire before PulseAudio and warns when
    # there is none, and announces its FFmpeg; neither is news to the runner.
    QLoggingCategory.setFilterRules(
        "qt.multimedia.symbolsresolver.warning=false\nqt.multimedia.ffmpeg.info=false"
    )
    _drop_qt_message("PulseAudioService: pa_context_connect() failed")  # we say it better
    from hipcoach.adapters.audio import SpeechSettings, make_cue_player
    from hipcoach.adapters.settings_file import load_settings

    chosen = load_settings(data_dir)
    speech = SpeechSettings(voice=chosen.voice or None, rate=chosen.rate, volume=chosen.volume)
    cache = Path(platformdirs.user_cache_dir("hipcoach", appauthor=False)) / "speech"
    return make_cue_player(cache, voice=voice, sounds=sounds, speech=speech)


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
    prescriptions (or as written); on a terminal it asks the check-in before and after."""
    from hipcoach.adapters.history.log import HistoryLog
    from hipcoach.adapters.history.repository import HistoryError
    from hipcoach.adapters.history.store import open_history
    from hipcoach.application.coaching import before_session
    from hipcoach.cli.checkin import ask_after, ask_before
    from hipcoach.cli.terminal import run_session
    from hipcoach.core.records import CheckIn, Dosing

    try:
        store = open_history(data_dir)  # checks, backs up, migrates, marks dead sessions
    except HistoryError as error:
        print(f"hipcoach: {error}", file=sys.stderr)
        return 1
    asking = checkin and sys.stdin.isatty() and sys.stdout.isatty()
    dosing = Dosing.AS_WRITTEN if as_written else Dosing.COACHED
    pain_before = None
    try:
        before = before_session(store, routine)
        if asking:  # before any signal handler: Ctrl-C here ends the command, nothing recorded
            pain_before, dosing = ask_before(before, dosing, input, sys.stdout)
        else:
            for line in before.advice():
                print(f"hipcoach: red flag: {line}", file=sys.stderr)
    except HistoryError as error:
        store.close()
        print(f"hipcoach: {error}", file=sys.stderr)
        return 1
    except BaseException:
        store.close()
        raise
    from PySide6.QtCore import QCoreApplication

    from hipcoach.adapters.qt.driver import SessionDriver
    from hipcoach.adapters.qt.stop_signals import StopSignals
    from hipcoach.adapters.settings_file import load_settings
    from hipcoach.application.session import prepare_session

    if QCoreApplication.instance() is None:
        QCoreApplication(sys.argv[:1])
    # Caught before the session is recorded, so a SIGTERM at any moment ends it "stopped".
    signals = StopSignals(lambda _number: None)
    signals_open = True
    player = make_player(data_dir, voice, sounds)
    reason = player.silent_reason()
    if reason:
        print(f"hipcoach: {reason}", file=sys.stderr)
    log = HistoryLog(store, speed=speed, on_problem=_warn)
    try:
        session = prepare_session(
            routine,
            load_settings(data_dir),
            player,
            lambda engine, chosen: SessionDriver(engine, chosen),
            log,
            speed=speed,
            dose=before.dose(dosing),
        )
        if pain_before is not None and session.session_id is not None:
            log.check_in(session.session_id, CheckIn(pain_before=pain_before))
        signalled: list[int] = []
        code = run_session(session.driver, session.plan, signals=signals, signalled=signalled)
        signals.close()  # the questions after may be left with Ctrl-C
        signals_open = False
        if asking and not signalled and session.session_id is not None:
            after = ask_after(input, sys.stdout)
            if after is not None:
                log.check_in(session.session_id, after)
        return code
    finally:
        if signals_open:
            signals.close()
        log.close()
        store.close()
        player.close()


def _warn(message: str) -> None:
    print(f"hipcoach: {message}", file=sys.stderr)


def run_gui(data_dir: Path, routine: str | None = None, speed: float = 1.0) -> int:
    """The desktop app: history, settings and the player wired into one window."""
    from PySide6.QtWidgets import QApplication

    from hipcoach.adapters.audio import list_voices
    from hipcoach.adapters.history.log import HistoryLog
    from hipcoach.adapters.history.repository import HistoryError
    from hipcoach.adapters.history.store import open_history
    from hipcoach.adapters.qt.driver import SessionDriver
    from hipcoach.adapters.settings_file import SettingsFile, load_settings
    from hipcoach.application.backend import Backend
    from hipcoach.application.session import NoLog, SessionLog
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

    def notice(message: str) -> None:
        if window is None:
            early.append(message)
        else:
            window.notify(message)

    store = None
    log: SessionLog = NoLog()
    try:
        store = open_history(data_dir)
        log = HistoryLog(
            store, speed=speed, on_problem=lambda m: notice(f"History is not being saved: {m}")
        )
    except HistoryError as error:
        early.append(f"History is not available: {error}")
    settings = load_settings(data_dir)

    def player() -> CuePlayer:
        chosen = load_settings(data_dir)  # as saved now: the settings page applies at once
        return make_player(data_dir, chosen.voice_on, chosen.beeps)

    backend = Backend(
        data_dir,
        make_player=player,
        settings=SettingsFile(data_dir),
        make_driver=SessionDriver,
        log=log,
        speed=speed,
        history=store,
        voices=list_voices,
    )
    window = MainWindow(backend)
    for message in early:
        window.notify(message)
    window.show()
    if routine is not None:
        if "/" in routine or routine.endswith(".toml"):
            from hipcoach.core.routine_file import load_routine

            window.start(load_routine(Path(routine), base=settings.timings()))
        else:
            window.start_routine(routine)
    try:
        code = app.exec()
        return 130 if signalled else code
    finally:
        signals.close()
        window.wait_for_tasks()  # nothing may read the store once it is closed
        if isinstance(log, HistoryLog):
            log.close()
        if store is not None:
            store.close()
