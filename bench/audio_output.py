"""One mixing QAudioSink or a QSoundEffect per sound: which puts cues on their instants?

Ten cue sounds (tick, go, tick, end, ...) are played at whole seconds from a PreciseTimer,
through each output in turn, and the null sink's monitor is recorded with every sample on
the monotonic clock (tests/audio/recording.py). For each: how late the first cue reached
the server, the median lateness of the others, and their spread. "Cold" QSoundEffects were
loaded but never played; "warm" ones played once, muted, two seconds before.

Needs a sound server: without HIPCOACH_TEST_SINK it re-runs itself under
scripts/with-sound-server.sh. Usage: python bench/audio_output.py
"""

from __future__ import annotations

import math
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ORDER = ["tick", "go", "tick", "end", "tick", "rest", "tick", "switch", "tick", "finish"]
VARIANTS = ["mixer", "soundeffect-cold", "soundeffect-warm"]


def _reexec_with_sound_server() -> None:
    if os.environ.get("HIPCOACH_TEST_SINK"):
        return
    script = ROOT / "scripts" / "with-sound-server.sh"
    os.execvp("bash", ["bash", str(script), sys.executable, *sys.argv])


def measure(variant: str) -> list[float]:
    """Lateness (ms) at the server of each cue of ORDER, played through ``variant``."""
    sys.path.insert(0, str(ROOT))
    from PySide6.QtCore import QCoreApplication, QEventLoop, QLoggingCategory, Qt, QTimer, QUrl

    QLoggingCategory.setFilterRules("qt.multimedia.*.warning=false")
    from PySide6.QtMultimedia import QSoundEffect

    from hipcoach.adapters import paths
    from hipcoach.adapters.audio.mixer import load_sounds
    from hipcoach.adapters.audio.output import SoundOutput
    from hipcoach.core.cues import Sound
    from tests.adapters.audio.recording import Recorder

    app = QCoreApplication(sys.argv[:1])
    recorder = Recorder(os.environ["HIPCOACH_TEST_SINK"])
    recorder.wait_recording()

    def wait(seconds: float) -> None:
        loop = QEventLoop()
        QTimer.singleShot(round(seconds * 1000), loop.quit)
        loop.exec()

    play: Callable[[str], None]
    output: SoundOutput | None = None
    effects: dict[str, QSoundEffect] = {}
    if variant == "mixer":
        output = SoundOutput()
        assert output.open() is None
        pcm = load_sounds(paths.sounds())
        mixer_output = output

        def play(name: str) -> None:
            mixer_output.play(pcm[Sound(name)], time.monotonic())

    else:
        for name in set(ORDER):
            effect = QSoundEffect()
            effect.setSource(QUrl.fromLocalFile(str(paths.sounds() / f"{name}.wav")))
            effects[name] = effect
        while any(e.status() != QSoundEffect.Status.Ready for e in effects.values()):
            wait(0.01)
        if variant == "soundeffect-warm":
            effects["tick"].setVolume(0.0)
            effects["tick"].play()
            wait(2.0)
            effects["tick"].setVolume(1.0)

        def play(name: str) -> None:
            effects[name].play()

    start = math.ceil(time.monotonic()) + 1.0
    fired: list[float] = []
    timer = QTimer()
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.setSingleShot(True)

    def fire() -> None:
        target = start + len(fired)
        if time.monotonic() < target:
            timer.start(math.ceil((target - time.monotonic()) * 1000))
            return
        fired.append(target)
        play(ORDER[len(fired) - 1])
        if len(fired) < len(ORDER):
            timer.start(math.ceil((start + len(fired) - time.monotonic()) * 1000))

    timer.timeout.connect(fire)
    timer.start(math.ceil((start - time.monotonic()) * 1000))
    wait(start + len(ORDER) + 1.0 - time.monotonic())
    if output is not None:
        output.close()
    recording = recorder.stop()
    bursts = recording.bursts(-40.0, gap=0.3)
    late = []
    for target in fired:
        onset = min((b[0] for b in bursts if target - 0.1 <= b[0] < target + 0.9), default=None)
        late.append(math.nan if onset is None else 1000 * (onset - target))
    del app
    return late


def main() -> int:
    if len(sys.argv) == 3 and sys.argv[1] == "--variant":
        print(" ".join(f"{v:.2f}" for v in measure(sys.argv[2])))
        return 0
    _reexec_with_sound_server()
    print("cue sounds at whole seconds, lateness at the sound server (ms)")
    print(f"{'output':<20} {'first':>8} {'median':>8} {'min':>8} {'max':>8}  (of the other 9)")
    for variant in VARIANTS:
        done = subprocess.run(
            [sys.executable, __file__, "--variant", variant],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        if done.returncode != 0:
            print(f"{variant:<20} failed: {done.stderr.strip()[-300:]}")
            continue
        late = [float(x) for x in done.stdout.split()]
        rest = late[1:]
        print(
            f"{variant:<20} {late[0]:>8.1f} {statistics.median(rest):>8.1f} "
            f"{min(rest):>8.1f} {max(rest):>8.1f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
