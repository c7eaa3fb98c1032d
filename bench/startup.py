"""How long until hipcoach answers, and how much memory a session takes, against bare PySide6.

Each run is a fresh process, so start-up includes the interpreter, the imports and the first
paint or line, as a runner waits for them. Runs of each pair alternate, after one discarded
warm-up each (which also writes the bytecode cache, makes the data folder and its history,
and fills the speech cache); medians are reported, with the ratio of the two medians.

- The window: the real ``hipcoach gui`` (its data folder, history and settings) against a
  bare QMainWindow, from spawning the process to the main window's first paint, and the
  peak resident memory (ru_maxrss) at that paint: the start-up's own. Then each process
  keeps going for a few seconds, the hipcoach one reading its library and running a real
  session (voice and sounds as a new runner has them, at a high speed, so it passes through
  many phases, its history recorded), and reports its peak memory again: what a session
  costs (QtMultimedia with FFmpeg, the speech engine, SQLAlchemy for the history writer).
  The first paint is seen by an event filter on the main window itself, installed as the
  window is shown (see ``window_child``). Also timed, with no target: the routines on their
  cards (the real window paints first and reads its library after).
- ``hipcoach run``: from spawning it to the line of its first phase, against a bare QtCore
  start (a QCoreApplication whose event loop prints a line). Silent (``--no-voice
  --no-sound``), and with voice and sounds, which wait for the output to play and the first
  phrases to be rendered (a warm speech cache; and once with a cold one).

Needs a sound server for the voice rows: run without HIPCOACH_TEST_SINK, it re-runs itself
under scripts/with-sound-server.sh. Runs offscreen unless a display is set.

Usage: python bench/startup.py [--repeat 7] [--session-seconds 4] [--speed 20]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
WINDOW_TARGET = 1.5  # first paint, and peak memory at it, against the bare window
# A session loads QtMultimedia (FFmpeg), the speech engine and SQLAlchemy: reported, with no
# target of its own (the start-up's memory is the one held to 1.5x).
SESSION_MEMORY_TARGET = None
RUN_TARGET = 3.0  # ``hipcoach run`` to its first phase, against a bare QtCore start
ROUTINE = "post-run-stretch"


def _reexec_with_sound_server() -> None:
    if os.environ.get("HIPCOACH_TEST_SINK"):
        return
    script = REPO / "scripts" / "with-sound-server.sh"
    os.execvp("bash", ["bash", str(script), sys.executable, *sys.argv])


# -- the measured processes ------------------------------------------------------------------


def window_child(kind: str, data_dir: str, session_seconds: float, speed: float) -> int:
    """Show a main window, say when it is first painted (and the peak memory then) and when
    its routines are on their cards, run, then report the peak memory again.

    The paint is seen by an event filter on the window, put there as the window is shown
    (before anything can paint it), for the bare window and the real one alike. Not one on
    the whole app: that sees every object, Qt's own too, and PySide's first look at one it
    has no class for (the gesture manager a scroll area makes) costs 30-40 ms that no
    runner's window pays."""
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv[:1])  # the real app takes this one rather than make its own
    shown: list[QMainWindow] = []

    def finish() -> None:
        peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(f"rss {peak_kib}", flush=True)
        for window in shown:
            window.close()  # a session still running stops, recorded as stopped
        app.quit()

    def painted(watched: QMainWindow) -> None:
        shown.append(watched)
        peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(f"shown {peak_kib}", flush=True)
        loaded = getattr(watched, "library_loaded", None)
        if loaded is None:
            print("cards", flush=True)  # a bare window has none to wait for
        else:
            loaded.connect(lambda: print("cards", flush=True))  # the first time they come
            QTimer.singleShot(0, lambda: start_skipping_the_question(watched))
        QTimer.singleShot(round(session_seconds * 1000), finish)

    class FirstPaint(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
            if event.type() == QEvent.Type.Paint and not shown and isinstance(watched, QMainWindow):
                painted(watched)
            return False

    watcher = FirstPaint()
    show = QMainWindow.show

    def show_watched(window: QMainWindow) -> None:
        window.installEventFilter(watcher)
        show(window)

    QMainWindow.show = show_watched  # type: ignore[method-assign,assignment]  # the bench's own probe
    if kind == "bare":
        window = QMainWindow()
        window.setWindowTitle("bare")
        window.resize(800, 600)
        window.show()
        return app.exec()
    sys.path.insert(0, str(REPO))
    from hipcoach.cli.main import main as hipcoach  # the command a runner starts

    return hipcoach(["--data-dir", data_dir, "gui", "--speed", str(speed)])


def start_skipping_the_question(window: Any) -> None:
    """Start as a runner does who skips "pain now" (Esc): the session is what is measured.
    The window reads its routines after its first paint: the start waits for them."""
    from PySide6.QtCore import QTimer

    window.start_routine(ROUTINE)

    def skip_once_asked() -> None:
        before = getattr(window, "_before_page", None)
        if before is not None and window.pages.currentWidget() is before:
            before.skip()
        elif window.session is None:
            QTimer.singleShot(10, skip_once_asked)

    skip_once_asked()


def core_child() -> int:
    """A bare QtCore start: the event loop runs and says so."""
    from PySide6.QtCore import QCoreApplication, QTimer

    app = QCoreApplication(sys.argv[:1])
    QTimer.singleShot(0, lambda: (print("started", flush=True), app.quit()))
    return app.exec()


# -- the parent: spawn, time, collect ---------------------------------------------------------


def child_env(cache: Path | None = None) -> dict[str, str]:
    env = dict(os.environ)
    # Compiled bytecode is cached, as it is for a runner from the second start on: the
    # warm-up run writes it (this variable would make every run compile from source).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
    if cache is not None:
        env["XDG_CACHE_HOME"] = str(cache)
    return env


def first_line(command: list[str], env: dict[str, str], wait_for_exit: bool) -> float:
    """Milliseconds from spawning ``command`` to its first line on stdout."""
    begin = time.perf_counter()
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True, env=env
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    took = (time.perf_counter() - begin) * 1000
    if not wait_for_exit:
        process.terminate()  # a session in progress: stopped, and recorded so
    process.stdout.read()
    code = process.wait(timeout=120)
    if not line or (wait_for_exit and code != 0):
        raise SystemExit(f"{command} failed (exit {code})")
    return took


def window_run(
    kind: str,
    data_dir: Path,
    args: argparse.Namespace,
    env: dict[str, str],
    session_seconds: float | None = None,
) -> tuple[float, float, float, float]:
    """Milliseconds to the first paint and to the cards, and the peak memory (MiB) at the
    first paint and with a session."""
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--child",
        kind,
        "--data-dir",
        str(data_dir),
        "--session-seconds",
        str(args.session_seconds if session_seconds is None else session_seconds),
        "--speed",
        str(args.speed),
    ]
    begin = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env)
    assert process.stdout is not None
    shown = cards = at_paint = peak = None
    for line in process.stdout:
        if line.startswith("shown") and shown is None:
            shown = (time.perf_counter() - begin) * 1000
            at_paint = int(line.split()[1]) / 1024
        elif line.startswith("cards") and cards is None:
            cards = (time.perf_counter() - begin) * 1000
        elif line.startswith("rss "):
            peak = int(line.split()[1]) / 1024
    code = process.wait(timeout=120)
    if code != 0 or shown is None or cards is None or at_paint is None or peak is None:
        raise SystemExit(f"{kind} window run failed (exit {code})")
    return shown, cards, at_paint, peak


@dataclass
class Samples:
    values: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    def span(self) -> str:
        return f"{min(self.values):.0f}-{max(self.values):.0f}"


def row(name: str, bare: Samples, ours: Samples, target: float | None, unit: str) -> str:
    ratio = ours.median / bare.median
    verdict = "no target"
    if target is not None:
        verdict = f"target {target:g}x: {'met' if ratio <= target else 'NOT MET'}"
    return (
        f"{name:<44}{bare.median:>10.1f}{ours.median:>10.1f}{ratio:>8.2f}x  "
        f"{verdict}  ({unit}; ranges {bare.span()} / {ours.span()})"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--session-seconds", type=float, default=4.0)
    parser.add_argument("--speed", type=float, default=20.0)
    parser.add_argument("--child", choices=["bare", "hipcoach", "core"], help=argparse.SUPPRESS)
    parser.add_argument("--data-dir", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child == "core":
        return core_child()
    if args.child:
        return window_child(args.child, args.data_dir, args.session_seconds, args.speed)
    _reexec_with_sound_server()
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]  # shown as it goes

    scratch = Path(tempfile.mkdtemp(prefix="hipcoach-bench-"))
    try:
        data_dir = scratch / "data"
        cache = scratch / "cache"
        env = child_env(cache)
        hipcoach = [sys.executable, "-m", "hipcoach", "--data-dir", str(data_dir)]
        silent_run = [*hipcoach, "run", ROUTINE, "--no-voice", "--no-sound"]
        voiced_run = [*hipcoach, "run", ROUTINE]
        core = [sys.executable, str(Path(__file__).resolve()), "--child", "core"]

        # Warm-up: bytecode, the data folder and its history, the speech cache, disk caches.
        for kind in ("bare", "hipcoach"):
            window_run(kind, data_dir, args, env)
        first_line(core, env, wait_for_exit=True)
        first_line(silent_run, env, wait_for_exit=False)
        first_line(voiced_run, env, wait_for_exit=False)
        cold = first_line(voiced_run, child_env(scratch / "cold-cache"), wait_for_exit=False)

        paint = {"bare": Samples(), "hipcoach": Samples()}
        cards = Samples()  # the real window's routines on their cards
        memory = {"bare": Samples(), "hipcoach": Samples()}  # with a session
        painted = {"bare": Samples(), "hipcoach": Samples()}  # at the first paint
        runs = {"core": Samples(), "silent": Samples(), "voiced": Samples()}
        for _ in range(args.repeat):
            for kind in ("bare", "hipcoach"):
                shown, on_cards, at_paint, peak = window_run(kind, data_dir, args, env)
                paint[kind].values.append(shown)
                painted[kind].values.append(at_paint)
                memory[kind].values.append(peak)
                if kind == "hipcoach":
                    cards.values.append(on_cards)
            runs["core"].values.append(first_line(core, env, wait_for_exit=True))
            runs["silent"].values.append(first_line(silent_run, env, wait_for_exit=False))
            runs["core"].values.append(first_line(core, env, wait_for_exit=True))
            runs["voiced"].values.append(first_line(voiced_run, env, wait_for_exit=False))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)

    platform = os.environ.get("QT_QPA_PLATFORM") or (
        "xcb" if os.environ.get("DISPLAY") else "offscreen"
    )
    print(
        f"hipcoach start-up and memory, medians of {args.repeat} runs each (platform "
        f"{platform}; session: {ROUTINE} at speed {args.speed:g} for {args.session_seconds:g} s; "
        f"{os.cpu_count()} CPUs, load {os.getloadavg()[0]:.2f})"
    )
    print()
    print(f"{'':<44}{'bare':>10}{'hipcoach':>10}{'ratio':>9}")
    print(row("window: first paint (ms)", paint["bare"], paint["hipcoach"], WINDOW_TARGET, "ms"))
    print(
        f"{'window: routines on their cards (ms)':<44}{'':>10}{cards.median:>10.1f}"
        f"{'':>9}  no target  (ms; range {cards.span()})"
    )
    print(
        row(
            "window: peak RSS at first paint (MiB)",
            painted["bare"],
            painted["hipcoach"],
            WINDOW_TARGET,
            "MiB",
        )
    )
    print(
        row(
            "window: peak RSS with a session (MiB)",
            memory["bare"],
            memory["hipcoach"],
            SESSION_MEMORY_TARGET,
            "MiB",
        )
    )
    print(row("run: first phase, silent (ms)", runs["core"], runs["silent"], RUN_TARGET, "ms"))
    print(
        row(
            "run: first phase, voice and sounds (ms)",
            runs["core"],
            runs["voiced"],
            RUN_TARGET,
            "ms",
        )
    )
    print(f"run: first phase, voice and sounds, cold speech cache: {cold:.0f} ms (one run)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
