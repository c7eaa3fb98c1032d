"""Does anything stall the GUI? The longest gap of a 10 ms timer while work goes on.

A repeating 10 ms PreciseTimer on the GUI thread notes when it fires; the largest gap between
firings is the longest time the event loop could not run (a frame at 60 Hz is 16.7 ms).
First the loop idles. Then a real cue player, with an empty speech cache, gets ready (the
output warms, espeak-ng starts in its child process and renders the first phrases) while
the loop runs, as the window's "getting ready" does; then it renders 30 different phrases
and plays them with a tick every 0.4 s. Last, the real window runs a session, its history
recorded, while another process holds the history database locked (``BEGIN EXCLUSIVE``)
for most of it: the writes wait on their own thread, the window does not.

Needs a sound server: run without HIPCOACH_TEST_SINK, it re-runs itself under
scripts/with-sound-server.sh. Usage: python bench/gui_stall.py [--seconds 12]
"""

from __future__ import annotations

import argparse
import math
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INTERVAL_MS = 10
CUES = 30
CUE_EVERY = 0.4  # s between cues: 30 cues in 12 s
TARGET_MS = 16.0
LOCKED_S = 7.0  # how long the other process holds the database
LOCKED_SESSION_S = 10.0  # the session's wall time, at LOCKED_SPEED
LOCKED_SPEED = 10.0
LOCKED_ROUTINE = "post-run-stretch"
HOLD_LOCK = """
import sqlite3, sys, time
con = sqlite3.connect(sys.argv[1], isolation_level=None)
con.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
con.execute("ROLLBACK")
"""


def _reexec_with_sound_server() -> None:
    if os.environ.get("HIPCOACH_TEST_SINK"):
        return
    script = ROOT / "scripts" / "with-sound-server.sh"
    os.execvp("bash", ["bash", str(script), sys.executable, *sys.argv])


class GapMeter:
    """Fires every 10 ms and keeps the gaps between firings."""

    def __init__(self) -> None:
        from PySide6.QtCore import Qt, QTimer

        self.times: list[float] = []
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.timeout.connect(lambda: self.times.append(time.monotonic()))

    def start(self) -> None:
        self.times.clear()
        self.timer.start(INTERVAL_MS)

    def stop(self) -> list[float]:
        self.timer.stop()
        return [1000 * (b - a) for a, b in zip(self.times, self.times[1:], strict=False)]


def run_loop_for(seconds: float) -> None:
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(round(seconds * 1000), loop.quit)
    loop.exec()


def row(name: str, gaps: list[float], judged: bool = True) -> str:
    ordered = sorted(gaps)
    p99 = ordered[min(len(ordered) - 1, math.ceil(0.99 * len(ordered)) - 1)]
    verdict = ("ok" if max(ordered) < TARGET_MS else "OVER") if judged else "(baseline)"
    return (
        f"{name:<44} {len(ordered):>6} {statistics.median(ordered):>8.2f} {p99:>8.2f} "
        f"{max(ordered):>8.2f} {max(ordered) - INTERVAL_MS:>8.2f}  {verdict}"
    )


def run_until(done: Callable[[], bool], timeout: float) -> bool:
    """Run the event loop until ``done()`` (looked at every 10 ms) or ``timeout``."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    look = QTimer()
    look.timeout.connect(lambda: loop.quit() if done() else None)
    look.start(INTERVAL_MS)
    QTimer.singleShot(round(timeout * 1000), loop.quit)
    loop.exec()
    look.stop()
    return done()


START_S = 0.5  # the gaps of Start itself (the player page built and painted the first time)


def locked_session(meter: GapMeter) -> tuple[list[float], list[float], int, int]:
    """The window runs a session while another process holds the history locked: the gaps
    of its first ``START_S`` (Start) and of the rest, and the work phases in the database
    once the lock is gone, of those the session did."""
    from hipcoach.adapters import paths
    from hipcoach.adapters.history.log import HistoryLog
    from hipcoach.adapters.history.store import open_history
    from hipcoach.adapters.qt.driver import SessionDriver
    from hipcoach.adapters.settings_file import SettingsFile
    from hipcoach.application.backend import Backend
    from hipcoach.core.cue_player import SilentPlayer
    from hipcoach.ui.shell.main_window import MainWindow

    data = paths.prepare_data_dir(Path(tempfile.mkdtemp(prefix="hipcoach-bench-")) / "data")
    try:
        store = open_history(data)
        log = HistoryLog(store, speed=LOCKED_SPEED)
        backend = Backend(
            data,
            make_player=lambda: SilentPlayer(""),
            settings=SettingsFile(data),
            make_driver=SessionDriver,
            log=log,
            speed=LOCKED_SPEED,
            history=store,
        )
        window = MainWindow(backend)
        window.resize(800, 600)
        window.show()
        run_loop_for(0.5)  # the routines, Today and the history are read meanwhile
        assert window.loaded, "the library was not read in 0.5 s"
        holder = subprocess.Popen(
            [sys.executable, "-c", HOLD_LOCK, str(store.path), str(LOCKED_S)],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        meter.start()
        window.start_routine(LOCKED_ROUTINE)
        if window.pages.currentWidget() is window.before_page:
            window.before_page.skip()  # "pain now" skipped at once: Start is what is timed
        run_loop_for(LOCKED_SESSION_S)
        first = meter.times[0] if meter.times else 0.0
        gaps = meter.stop()
        split = sum(1 for t in meter.times[1:] if t - first <= START_S)
        session = window.session
        done = session.driver.engine.work_done if session is not None else 0
        window.close()  # the session stops, recorded as stopped once the lock frees
        holder.wait(timeout=30)
        holder.stdout.close()
        window.wait_for_tasks()
        log.close()
        con = sqlite3.connect(f"file:{store.path}?mode=ro", uri=True)
        try:
            written = con.execute(
                "SELECT COUNT(*) FROM work_phases WHERE outcome IN ('completed', 'done')"
            ).fetchone()[0]
        finally:
            con.close()
        store.close()
    finally:
        shutil.rmtree(data.parent, ignore_errors=True)
    return gaps[:split], gaps[split:], int(written), done


def phrases() -> list[str]:
    """Thirty different phrases of the kinds a session says, from two words to a how-to."""
    from hipcoach.core.cues import words

    out = []
    for n in range(CUES):
        if n % 10 == 9:
            out.append(
                f"Exercise {words(n)}. Settle onto one side with both knees drawn up and the "
                "heels stacked, open the upper knee while the pelvis stays square, then bring "
                "it down slowly."
            )
        elif n % 3 == 0:
            out.append(f"Rest, {words(n + 5)} seconds. Next up: bridge number {words(n)}.")
        else:
            out.append(f"{words(n + 1).capitalize()}. Breathe in.")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=CUES * CUE_EVERY)
    args = parser.parse_args(argv)
    _reexec_with_sound_server()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    from PySide6.QtCore import QLoggingCategory, Qt, QTimer

    # Before QtMultimedia loads: it warns once that libpipewire is absent (PulseAudio is used).
    QLoggingCategory.setFilterRules("qt.multimedia.symbolsresolver.warning=false")
    from PySide6.QtWidgets import QApplication

    from hipcoach.adapters.audio.player import AudioCuePlayer, make_cue_player
    from hipcoach.core.cues import Cue, CueKind, Sound

    app = QApplication(sys.argv[:1])
    meter = GapMeter()

    meter.start()
    run_loop_for(args.seconds)
    idle = meter.stop()

    cache = Path(tempfile.mkdtemp(prefix="hipcoach-bench-"))
    try:
        player = make_cue_player(cache)
        if not isinstance(player, AudioCuePlayer):
            print(f"no audio: {player.silent_reason()}", file=sys.stderr)
            return 1
        texts = phrases()
        meter.start()
        began = time.monotonic()
        player.prepare(texts, True)
        run_until(player.ready, 30.0)
        prepared_ms = 1000 * (time.monotonic() - began)
        getting_ready = meter.stop()

        cues = iter(texts)
        timer = QTimer()
        timer.setTimerType(Qt.TimerType.PreciseTimer)

        def next_cue() -> None:
            text = next(cues, None)
            if text is None:
                timer.stop()
                return
            player.play(Cue(0, CueKind.REP, text, Sound.TICK))

        timer.timeout.connect(next_cue)
        meter.start()
        timer.start(round(CUE_EVERY * 1000))
        run_loop_for(args.seconds + 1.0)
        speaking = meter.stop()
        rendered = player.speech.rendered_count if player.speech else 0
        late, dropped = player.late_phrases, player.dropped_phrases
        dropped += player.output.dropped
        player.close()
    finally:
        shutil.rmtree(cache, ignore_errors=True)
    starting, locked, written, done = locked_session(meter)
    del app

    print(f"GUI event loop: gaps between firings of a {INTERVAL_MS} ms PreciseTimer (ms)")
    print(f"{'':<44} {'gaps':>6} {'median':>8} {'p99':>8} {'max':>8} {'max-10':>8}")
    print(row("idle", idle, judged=False))
    print(row("getting ready, cold speech cache", getting_ready))
    print(row(f"{CUES} cues rendered and spoken", speaking))
    print(row(f"Start in the window (its first {START_S:g} s)", starting))
    print(row(f"the session on, history locked {LOCKED_S:g} s", locked))
    print(
        f"getting ready took {prepared_ms:.0f} ms (output warm-up, engine start, first phrases); "
        f"{rendered} phrases rendered, {late} played through the late path, {dropped} dropped"
    )
    print(
        f"locked history: {done} work phases done, {written} in the database once the lock "
        f"went (speed {LOCKED_SPEED:g}, {LOCKED_SESSION_S:g} s)"
    )
    print(f"target: the longest gap under {TARGET_MS:.0f} ms")
    judged = (getting_ready, speaking, starting, locked)
    return 0 if all(max(gaps) < TARGET_MS for gaps in judged) else 1


if __name__ == "__main__":
    sys.exit(main())
