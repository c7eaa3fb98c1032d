"""What reaches the sound server when a session plays: recorded from a null sink's monitor.

Ticks must land on their instants, whole seconds from the session's start: within 10 ms,
the first one included (a cold output made it 0.26 s late, measured on this kind of machine). The player takes
cues ahead and aims them early by the output's delay, so no constant latency is left over. Speech
must start and end where the plan and the rendered phrase put it. Skip must cut a phrase off.
"""

from __future__ import annotations

import math
import statistics
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from pytestqt.qtbot import QtBot

from hipcoach.adapters.audio import pcm
from hipcoach.adapters.audio.player import AudioCuePlayer, make_cue_player
from hipcoach.adapters.qt.driver import SessionDriver
from hipcoach.core.cues import CueKind, Script, make_script
from hipcoach.core.engine import Finished, SessionEngine
from hipcoach.core.plan import Plan, make_plan
from hipcoach.core.routine_file import parse_routine
from tests.adapters.audio.conftest import PIPEWIRE_ABSENT
from tests.adapters.audio.recording import Recorder, Recording

pytestmark = pytest.mark.qt_log_ignore(*PIPEWIRE_ABSENT)

# prepare 0-6 (ticks 3 4 5), left 6-11 (ticks 8 9 10), switch 11-17 (ticks 14 15 16),
# right 17-22 (ticks 19 20 21), then the finish. Every tick is clear of speech.
SOUND_CHECK = """\
format = 1
name = "Sound check"
[defaults]
prepare = 6
switch = 6
[[exercise]]
name = "Wall sit"
sides = "each"
hold = 5
"""
TICKS = [3, 4, 5, 8, 9, 10, 14, 15, 16, 19, 20, 21]
TICK_TOLERANCE = 0.010  # s, around whole seconds
MAX_LATENCY = 0.100  # s from a cue's instant to the server: well under the 0.25 s limit
SPEECH_TOLERANCE = 0.015  # s; a phrase's first and last sounds are softer than a tick
THRESHOLD_DBFS = -40.0


def plan_of(text: str) -> Plan:
    return make_plan(parse_routine(text.encode(), "check.toml", "check"))


@pytest.fixture
def player(qapp: object, sound_sink: str, phrase_cache: Path) -> Iterator[AudioCuePlayer]:
    made = make_cue_player(phrase_cache)
    assert made.silent_reason() is None, made.silent_reason()
    assert isinstance(made, AudioCuePlayer)
    yield made
    made.close()


def at_whole_second(action: Callable[[], None]) -> float:
    """Run ``action`` from the event loop on the next whole second but one; return it."""
    target = math.ceil(time.monotonic()) + 1.0
    timer = QTimer()
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.setSingleShot(True)

    def fire() -> None:
        left = target - time.monotonic()
        if left > 0:
            timer.start(math.ceil(left * 1000))
        else:
            action()

    timer.timeout.connect(fire)
    timer.start(math.ceil((target - time.monotonic()) * 1000))
    at_whole_second.keep = timer  # type: ignore[attr-defined]
    return target


def record_session(
    qtbot: QtBot, player: AudioCuePlayer, sink: str, plan: Plan, script: Script, sounds: bool
) -> tuple[Recording, SessionDriver, float]:
    recorder = Recorder(sink)
    recorder.wait_recording()
    player.prepare(script.phrases(), sounds)
    qtbot.wait_until(player.ready, timeout=20000)
    driver = SessionDriver(SessionEngine(plan, script), player)
    with qtbot.wait_signal(driver.ended, timeout=(plan.total_seconds + 5) * 1000) as ended:
        at_whole_second(driver.start)
    assert isinstance(ended.args[0], Finished)
    assert driver.origin is not None
    start = driver.origin  # the first instant: a lead after the whole second it was started
    qtbot.wait_until(lambda: not player.output.busy, timeout=15000)
    quiet_from = time.monotonic()
    qtbot.wait_until(lambda: time.monotonic() > quiet_from + 0.3, timeout=2000)
    return recorder.stop(), driver, start


def speech_span(player: AudioCuePlayer, text: str) -> tuple[float, float]:
    samples = player.speech.get(text) if player.speech else None
    assert samples is not None, (
        text,
        player.speech and player.speech.failure,
        player.speech and player.speech.failed_phrases(),
    )
    return pcm.sounding_span(samples, threshold_dbfs=THRESHOLD_DBFS)


def test_ticks_land_on_whole_seconds_and_speech_where_the_plan_puts_it(
    qtbot: QtBot, player: AudioCuePlayer, sound_sink: str
) -> None:
    plan = plan_of(SOUND_CHECK)
    script = make_script(plan)
    recording, _, start = record_session(qtbot, player, sound_sink, plan, script, sounds=True)

    bursts = recording.bursts(THRESHOLD_DBFS, gap=0.15)
    offsets = []
    for second in TICKS:
        instant = start + second
        found = [b for b in bursts if instant - 0.05 <= b[0] <= instant + MAX_LATENCY]
        assert len(found) == 1, f"tick at {second} s: {found}"
        assert found[0][1] - found[0][0] < 0.12, f"at {second} s: not a tick alone"
        offsets.append(found[0][0] - instant)
    latency = statistics.median(offsets)
    spread = [round(1000 * (o - latency), 1) for o in offsets]
    print(f"\ntick offsets (ms): {[round(1000 * o, 1) for o in offsets]}; latency {latency:.4f}")
    assert max(abs(o) for o in offsets) <= TICK_TOLERANCE, spread

    # Speech: the announce alone at 0; the switch and finish phrases over their chimes.
    timeline = [
        (phase.start + cue.offset, cue)
        for phase, cues in zip(plan.phases, script.phases, strict=True)
        for cue in cues
    ]
    first_said = timeline[0][1].say
    first, _ = speech_span(player, first_said)
    onset = next(b[0] for b in bursts if b[0] >= start - 0.05)
    print(f"first phrase starts {1000 * (onset - start - latency - first):+.1f} ms from plan")
    assert abs(onset - (start + latency + first)) <= SPEECH_TOLERANCE
    for second, cue in timeline:
        if not cue.say:
            continue
        _, last = speech_span(player, cue.say)
        following = [t for t, c in timeline if t > second and (c.say or c.sound)]
        until = start + (min(following) if following else second + 10)
        heard_end = _last_sound_between(recording, start + second, until)
        expected_end = start + second + latency + last
        print(f"{cue.say[:40]!r}: ends {1000 * (heard_end - expected_end):+.1f} ms from plan")
        assert abs(heard_end - expected_end) <= SPEECH_TOLERANCE, cue.say
    assert player.output.dropped == 0
    assert player.late_phrases == 0


def _last_sound_between(recording: Recording, begin: float, end: float) -> float:
    limit = math.pow(10.0, THRESHOLD_DBFS / 20.0) * 32768.0
    first, stop = recording.index_of(begin), recording.index_of(end)
    for i in range(stop - 1, first - 1, -1):
        if abs(recording.samples[i]) >= limit:
            return recording.time_of(i + 1)
    raise AssertionError("silence")


# A long announcement (the longest name a file allows), said as a long prepare phase starts;
# the work it leads to starts with a sound only, and sounds are off: after the skip, silence.
SKIPPED = """\
format = 1
name = "Skip check"
[defaults]
prepare = 20
[[exercise]]
name = "Slow clamshell with a band above the knees, top knee opening toward the ceiling"
hold = 20
"""
SKIP_AFTER = 2.0  # s into the session: the announcement is being said
CUT_WITHIN = 0.060  # s from skip to silence at the server: the output's own buffers


def test_skip_cuts_off_the_phrase_being_said(
    qtbot: QtBot, player: AudioCuePlayer, sound_sink: str
) -> None:
    plan = plan_of(SKIPPED)
    script = make_script(plan)
    recorder = Recorder(sound_sink)
    recorder.wait_recording()
    player.prepare(script.phrases(), sounds=False)
    qtbot.wait_until(player.ready, timeout=20000)
    driver = SessionDriver(SessionEngine(plan, script), player)
    skipped: list[float] = []

    def skip() -> None:
        skipped.append(time.monotonic())
        driver.skip()

    start = at_whole_second(driver.start)
    later = QTimer()
    later.setSingleShot(True)
    later.timeout.connect(skip)
    qtbot.wait_until(lambda: time.monotonic() >= start, timeout=3000)
    later.start(round(SKIP_AFTER * 1000))
    qtbot.wait_until(lambda: bool(skipped), timeout=5000)
    quiet_from = skipped[0]
    qtbot.wait_until(lambda: time.monotonic() > quiet_from + 1.0, timeout=3000)
    with qtbot.wait_signal(driver.ended, timeout=2000):
        driver.stop()
    recording = recorder.stop()

    said = next(cue.say for cue in script.phases[0] if cue.kind is CueKind.ANNOUNCE)
    assert player.speech is not None
    assert player.speech.get(said) is not None, player.speech.failed_phrases()
    assert recording.peak_dbfs(skipped[0] - 0.3, skipped[0]) > -30.0, "it was being said"
    last = recording.last_sound(skipped[0], THRESHOLD_DBFS)
    assert last is not None
    print(f"\nsilent {1000 * (last - skipped[0]):.1f} ms after skip")
    assert last - skipped[0] <= CUT_WITHIN
