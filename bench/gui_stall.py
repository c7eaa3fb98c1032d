"""Does speech stall the GUI? The longest gap of a 10 ms timer while 30 cues are spoken.

A repeating 10 ms PreciseTimer on the GUI thread notes when it fires; the largest gap between
firings is the longest time the event loop could not run (a frame at 60 Hz is 16.7 ms).
First the loop idles; then a real cue player, with an empty speech cache, renders 30
different phrases (espeak-ng in its child process) and plays them with a tick every 0.4 s.
``prepare`` (which waits, before a session starts, for the output and the first phrases) is
timed on its own: it is not part of a running session.

Needs a sound server: run without HIPCOACH_TEST_SINK, it re-runs itself under
scripts/with-sound-server.sh. Usage: python bench/gui_stall.py [--seconds 12]
"""

from __future__ import annotations

import argparse
import math
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INTERVAL_MS = 10
CUES = 30
CUE_EVERY = 0.4  # s between cues: 30 cues in 12 s
TARGET_MS = 16.0


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
        f"{name:<40} {len(ordered):>6} {statistics.median(ordered):>8.2f} {p99:>8.2f} "
        f"{max(ordered):>8.2f} {max(ordered) - INTERVAL_MS:>8.2f}  {verdict}"
    )


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
    from PySide6.QtGui import QGuiApplication

    from hipcoach.adapters.audio.player import AudioCuePlayer, make_cue_player
    from hipcoach.core.cues import Cue, CueKind, Sound

    app = QGuiApplication(sys.argv[:1])
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
        began = time.monotonic()
        player.prepare(texts, True)
        prepared_ms = 1000 * (time.monotonic() - began)

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
    del app

    print(f"GUI event loop: gaps between firings of a {INTERVAL_MS} ms PreciseTimer (ms)")
    print(f"{'':<40} {'gaps':>6} {'median':>8} {'p99':>8} {'max':>8} {'max-10':>8}")
    print(row("idle", idle, judged=False))
    print(row(f"{CUES} cues rendered and spoken", speaking))
    print(
        f"prepare(): {prepared_ms:.0f} ms before the session (output warm-up, first phrases); "
        f"{rendered} phrases rendered, {late} played through the late path, {dropped} dropped"
    )
    print(f"target: the longest gap under {TARGET_MS:.0f} ms")
    return 0 if max(speaking) < TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
