"""How long until the window shows, and how much memory a session takes, against bare PySide6.

Each run is a fresh process, so start-up includes the interpreter, the imports and the
first paint, as a runner waits for them. The clock starts just before the process is
spawned and stops when it reports its main window's first paint. Then the process keeps
going for a few seconds, the hipcoach one running a real session (at a high speed, so it
passes through many phases), and reports its peak resident memory (ru_maxrss). Runs of
the two kinds alternate, after one discarded warm-up each; medians are reported.

Usage: python bench/startup.py [--repeat 7] [--session-seconds 4] [--speed 20]
Runs offscreen unless a display is set (e.g. under ``xvfb-run -a``).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TARGET_RATIO = 1.5
ROUTINE = "post-run-stretch"


# -- the measured processes ------------------------------------------------------------------


def child(kind: str, session_seconds: float, speed: float) -> int:
    """Show a main window, say when it is first painted, run, then report peak memory."""
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv[:1])
    window: QMainWindow
    start_session = None
    if kind == "bare":
        window = QMainWindow()
        window.setWindowTitle("bare")
    else:
        sys.path.insert(0, str(REPO))
        from hipcoach.adapters.qt.driver import SessionDriver
        from hipcoach.adapters.settings_file import SettingsFile
        from hipcoach.app import make_player
        from hipcoach.application.backend import Backend
        from hipcoach.ui.shell.main_window import MainWindow

        data_dir = Path(tempfile.mkdtemp(prefix="hipcoach-bench-"))
        backend = Backend(
            data_dir,
            settings=SettingsFile(data_dir),
            make_driver=SessionDriver,
            make_player=lambda: make_player(data_dir, True, True),
            speed=speed,
        )
        hipcoach_window = MainWindow(backend)
        window = hipcoach_window

        def start_session() -> None:
            hipcoach_window.start_routine(ROUTINE)

    window.resize(800, 600)

    class FirstPaint(QObject):
        seen = False

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
            if event.type() == QEvent.Type.Paint and not self.seen:
                self.seen = True
                print("shown", flush=True)
                if start_session is not None:
                    QTimer.singleShot(0, start_session)
                QTimer.singleShot(round(session_seconds * 1000), finish)
            return False

    def finish() -> None:
        peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(f"rss {peak_kib}", flush=True)
        window.close()
        app.quit()

    watcher = FirstPaint()
    window.installEventFilter(watcher)
    window.show()
    return app.exec()


# -- the parent: spawn, time, collect ---------------------------------------------------------


@dataclass
class Samples:
    startup_ms: list[float] = field(default_factory=list)
    peak_mib: list[float] = field(default_factory=list)


def run_once(kind: str, session_seconds: float, speed: float) -> tuple[float, float]:
    env = dict(os.environ)
    # Compiled bytecode is cached, as it is for a runner from the second start on: the
    # warm-up run writes it (this variable would make every run compile from source).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--child",
        kind,
        "--session-seconds",
        str(session_seconds),
        "--speed",
        str(speed),
    ]
    begin = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env)
    assert process.stdout is not None
    shown = None
    peak = None
    for line in process.stdout:
        if line.startswith("shown") and shown is None:
            shown = (time.perf_counter() - begin) * 1000
        elif line.startswith("rss "):
            peak = int(line.split()[1]) / 1024
    code = process.wait(timeout=120)
    if code != 0 or shown is None or peak is None:
        raise SystemExit(f"{kind} run failed (exit {code})")
    return shown, peak


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--session-seconds", type=float, default=4.0)
    parser.add_argument("--speed", type=float, default=20.0)
    parser.add_argument("--child", choices=["bare", "hipcoach"], help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return child(args.child, args.session_seconds, args.speed)

    samples = {"bare": Samples(), "hipcoach": Samples()}
    for kind in samples:
        run_once(kind, 0.2, args.speed)  # warm-up: disk caches, font cache
    for _ in range(args.repeat):
        for kind, into in samples.items():
            startup, peak = run_once(kind, args.session_seconds, args.speed)
            into.startup_ms.append(startup)
            into.peak_mib.append(peak)

    bare, ours = samples["bare"], samples["hipcoach"]
    platform = os.environ.get("QT_QPA_PLATFORM") or (
        "xcb" if os.environ.get("DISPLAY") else "offscreen"
    )
    print(
        f"hipcoach start-up and memory, median of {args.repeat} runs each "
        f"(platform {platform}; session: {ROUTINE} at speed {args.speed:g} "
        f"for {args.session_seconds:g} s)"
    )
    print()
    header = f"{'':<34}{'bare PySide6':>14}{'hipcoach':>12}{'ratio':>9}"
    print(header)
    print("-" * len(header))
    rows = (
        ("start-up to first paint (ms)", bare.startup_ms, ours.startup_ms),
        ("peak RSS, window / session (MiB)", bare.peak_mib, ours.peak_mib),
    )
    for name, theirs, mine in rows:
        a, b = statistics.median(theirs), statistics.median(mine)
        print(f"{name:<34}{a:>14.1f}{b:>12.1f}{b / a:>8.2f}x")
    ratio = statistics.median(ours.startup_ms) / statistics.median(bare.startup_ms)
    verdict = "within" if ratio <= TARGET_RATIO else "OVER"
    print()
    print(f"start-up ratio {ratio:.2f}x: {verdict} the {TARGET_RATIO}x target")
    print(
        f"start-up range: hipcoach {min(ours.startup_ms):.0f}-{max(ours.startup_ms):.0f} ms, "
        f"bare {min(bare.startup_ms):.0f}-{max(bare.startup_ms):.0f} ms"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
