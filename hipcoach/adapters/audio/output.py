"""One long-lived audio output: a QAudioSink on its own thread, fed by the mixer.

Why this shape (bench/audio_output.py measures it):
- one stream opened before the session and kept open, because opening a stream when a cue
  is due makes that cue late (by up to 2 s on an idle PulseAudio null sink, 0.26 s with
  QSoundEffect, measured);
- its own thread with a 5 ms precise timer, so a busy GUI never starves the sound card and
  a tick never waits for the GUI;
- cues are placed on output frames by wall time (``StreamClock``), so each lands a constant
  delay after the time it is given whatever the feeding thread's jitter: measured at the
  server, 67 ms +- 1.5 ms (LEAD_S plus PulseAudio's own 35 ms buffer), where QSoundEffects
  land 0 to 21 ms late, in 20 ms steps of their shared mixer. Being constant, the delay is
  taken off by the player, which gets cues ahead and aims them that much early.

Every method but ``run`` is called from the GUI thread and only queues work for the output
thread; ``run`` owns the sink and the mixer.
"""

from __future__ import annotations

import math
import os
import threading
import time
from collections import deque
from dataclasses import dataclass

from PySide6.QtCore import QIODevice, Qt, QThread, QTimer
from PySide6.QtMultimedia import QAudioDevice, QAudioFormat, QAudioSink, QMediaDevices, QtAudio

from hipcoach.adapters.audio.mixer import Mixer, StreamClock
from hipcoach.adapters.audio.pcm import RATE, Pcm
from hipcoach.core.engine import LATE_LIMIT

RING_S = 0.020  # the sink's own buffer: what a stalled output thread can survive
FEED_S = 0.005  # how often the output thread tops the buffer up
LEAD_S = RING_S + 2 * FEED_S  # a cue is placed this far past the frame being handed over
WARM_TIMEOUT = 4.0  # s for the stream to start moving (a PulseAudio null sink takes ~2)
STARTED_FRACTION = 0.5  # "playing" once frames leave the buffer at half the real rate ...
STARTED_SPAN = 0.040  # ... over at least this long


@dataclass(frozen=True, slots=True)
class _Play:
    samples: Pcm
    at: float  # wall time of the cue's instant (time.monotonic)
    speech: bool
    chain: bool


@dataclass(frozen=True, slots=True)
class _Cut:
    at: float


def no_output_reason() -> str | None:
    """Why no sound can be played here (no sound server, no device), or None.

    Needs a QCoreApplication. Asked once before a session; libpulse would otherwise try to
    start a server by itself, which is why tests point PULSE_SERVER nowhere.
    """
    if not QMediaDevices.audioOutputs() or QMediaDevices.defaultAudioOutput().isNull():
        server = os.environ.get("PULSE_SERVER")
        where = f" at PULSE_SERVER={server}" if server else ""
        return (
            f"no sound: no sound server{where} or output device answers "
            "(start PulseAudio or PipeWire, or connect speakers); cues are shown on screen only"
        )
    return None


def mixer_format() -> QAudioFormat:
    fmt = QAudioFormat()
    fmt.setSampleRate(RATE)
    fmt.setChannelCount(1)
    fmt.setSampleFormat(QAudioFormat.SampleFormat.Int16)
    return fmt


class SoundOutput(QThread):
    """Plays PCM at wall-clock instants through one QAudioSink that stays open."""

    def __init__(self, device: QAudioDevice | None = None) -> None:
        super().__init__()
        self.setObjectName("hipcoach-sound")
        self._device = device
        self._lock = threading.Lock()
        self._commands: deque[_Play | _Cut] = deque()
        self._playing = threading.Event()
        self._failure: str | None = None
        self.latency = LEAD_S  # wall time from a cue's instant to its first frame leaving us
        self.dropped = 0  # cues that could not start within LATE_LIMIT
        self.underruns = 0
        self._mixing = False  # the mixer has something to play (written by the output thread)
        self.first_playing_after: float | None = None  # s from start() to a moving stream
        self._opened_at = 0.0

    # -- GUI thread ----------------------------------------------------------------------

    def begin(self) -> None:
        """Open the stream and play silence until it moves, on the output thread: returns at
        once (``playing`` says when it moves)."""
        if not self.isRunning() and not self._playing.is_set():
            self._opened_at = time.monotonic()
            self.start(QThread.Priority.TimeCriticalPriority)

    @property
    def playing(self) -> bool:
        """The stream moves: a cue handed over now is heard on time."""
        return self._playing.is_set()

    @property
    def settled(self) -> bool:
        """Playing, or never will: it failed or its thread is gone."""
        return self._playing.is_set() or self._failure is not None or not self.isRunning()

    def open(self, timeout: float = WARM_TIMEOUT) -> str | None:
        """``begin``, then wait until the stream moves; return why it cannot, or None."""
        self.begin()
        deadline = time.monotonic() + timeout
        while not self._playing.wait(0.01):
            if self._failure is not None or not self.isRunning():
                break
            if time.monotonic() > deadline:
                return "no sound: the sound output did not start playing (is the device busy?)"
        return self._failure

    @property
    def failure(self) -> str | None:
        return self._failure

    def play(self, samples: Pcm, at: float, speech: bool = False, chain: bool = False) -> None:
        """Play ``samples`` for a cue due at wall time ``at``; dropped if it would start late."""
        with self._lock:
            self._commands.append(_Play(samples, at, speech, chain))

    def silence(self) -> None:
        """Fade out everything playing or scheduled, as soon as possible."""
        with self._lock:
            self._commands.append(_Cut(time.monotonic()))

    def close(self) -> None:
        if self.isRunning():
            self.quit()
            self.wait()

    # -- the output thread ---------------------------------------------------------------

    def run(self) -> None:
        device = self._device if self._device is not None else QMediaDevices.defaultAudioOutput()
        sink = QAudioSink(device, mixer_format())
        sink.setBufferSize(2 * math.ceil(RING_S * RATE))
        stream = sink.start()
        if stream is None or sink.error() is not QtAudio.Error.NoError:
            self._failure = f"no sound: the sound output cannot be opened ({sink.error().name})"
            return
        feeder = _Feeder(sink, stream, self)
        timer = QTimer()
        timer.setTimerType(Qt.TimerType.PreciseTimer)
        timer.timeout.connect(feeder.feed)
        timer.start(round(FEED_S * 1000))
        feeder.feed()
        self.exec()
        timer.stop()
        sink.stop()
        # The sink, its stream and the timer belong to this thread: they go with it.

    def _take_commands(self) -> list[_Play | _Cut]:
        with self._lock:
            taken = list(self._commands)
            self._commands.clear()
            self._mixing = self._mixing or bool(taken)
        return taken

    @property
    def busy(self) -> bool:
        """Something is playing or about to: a cue not yet handed to the server counts."""
        with self._lock:
            return self._mixing or bool(self._commands)

    def _started(self) -> None:
        self.first_playing_after = time.monotonic() - self._opened_at
        self._playing.set()

    def _fail(self, reason: str) -> None:
        self._failure = reason


class _Feeder:
    """Runs on the output thread: keeps the sink's buffer full of mixed frames."""

    def __init__(self, sink: QAudioSink, stream: QIODevice, owner: SoundOutput) -> None:
        self.sink = sink
        self.stream = stream
        self.owner = owner
        self.mixer = Mixer(RATE)
        self.clock = StreamClock(RATE)
        self.ring = sink.bufferSize() // 2
        self.lead = round(LEAD_S * RATE)
        self.moving = False
        self.watch: tuple[float, int] | None = None  # (when, handed) while waiting to move

    def feed(self) -> None:
        now = time.monotonic()
        if self.sink.error() not in (QtAudio.Error.NoError, QtAudio.Error.UnderrunError):
            self.owner._fail(f"no sound: the sound output failed ({self.sink.error().name})")
            return
        free = self.sink.bytesFree() // 2
        handed = self.mixer.frame - (self.ring - free)
        if self.moving:
            if free >= self.ring and self.mixer.frame > self.ring:
                # Our buffer ran dry: the server paused the stream, so re-learn its clock.
                self.owner.underruns += 1
                self.clock.reset()
            self.clock.observe(now, handed)
        else:
            self._watch_start(now, handed)
        for command in self.owner._take_commands():
            self._apply(command)
        if free > 0:
            self.stream.write(self.mixer.render(free))
        self.owner._mixing = self.mixer.busy

    def _watch_start(self, now: float, handed: int) -> None:
        """The stream is playing once frames leave at about the real rate."""
        if self.watch is None or handed <= self.watch[1]:
            self.watch = (now, handed)
            return
        span = now - self.watch[0]
        if span >= STARTED_SPAN and handed - self.watch[1] >= STARTED_FRACTION * span * RATE:
            self.moving = True
            self.clock.observe(now, handed)
            self.owner._started()

    def _apply(self, command: _Play | _Cut) -> None:
        if isinstance(command, _Cut):
            self.mixer.cut()
            return
        if self.clock.known:
            start = round(self.clock.frame_at(command.at)) + self.lead
        else:
            start = self.mixer.frame
        late = (self.mixer.frame - start) / RATE
        if late > LATE_LIMIT:
            self.owner.dropped += 1
            return
        if command.speech:
            self.mixer.add_speech(command.samples, start, command.chain)
        else:
            self.mixer.add_sound(command.samples, start)
