"""The mixer behind the one audio output, and the clock that places a cue on a sample.

Plain Python, no Qt, so the mixing rules are tested without a sound server:
- cue sounds mix freely: a tick never waits for a phrase, and plays over one;
- speech is one line: a phrase cuts off the phrase before it (with a short fade, never a
  click), unless the two are due at the same instant, when the second follows the first
  (the exercise's name, then its how-to);
- ``cut`` fades out everything at once (skip, back, pause, stop).

The clock answers "which output frame is being handed to the sound server at wall time t",
from the output's own observations, so a cue lands a constant latency after its instant
however the feeding thread was scheduled.
"""

from __future__ import annotations

from array import array
from collections import deque
from dataclasses import dataclass
from operator import add
from pathlib import Path

from hipcoach.adapters.audio.pcm import RATE, SAMPLE_MAX, SAMPLE_MIN, Pcm, read_wav
from hipcoach.core.cues import Sound

FADE_S = 0.005  # a cut-off fades out over this long
SAME_INSTANT = 0.050  # s; phrases due within this of each other follow one another


def load_sounds(folder: Path, rate: int = RATE) -> dict[Sound, Pcm]:
    """Every cue sound, at the mixer's rate; raises pcm.WavError naming a bad file."""
    return {sound: read_wav(folder / f"{sound.value}.wav", rate) for sound in Sound}


@dataclass(slots=True)
class _Voice:
    samples: Pcm
    start: int  # output frame of samples[0]
    stop: int  # output frame just past its end (moved earlier by a cut)
    fade_from: int | None = None  # frame where a cut's fade-out begins

    def segment(self, begin: int, end: int) -> list[int] | Pcm:
        """Its samples for output frames [begin, end), already clipped to where it sounds."""
        part = self.samples[begin - self.start : end - self.start]
        if self.fade_from is None or end <= self.fade_from:
            return part
        length = max(1, self.stop - self.fade_from)
        return [
            round(v * min(1.0, (self.stop - frame) / length))
            for frame, v in zip(range(begin, end), part, strict=False)
        ]


class Mixer:
    """Sums the voices into 16-bit frames; ``frame`` is the next frame ``render`` produces."""

    def __init__(self, rate: int = RATE) -> None:
        self.rate = rate
        self.frame = 0
        self._sounds: list[_Voice] = []
        self._speech: deque[_Voice] = deque()  # the phrase speaking, then those chained to it
        self.fade = max(1, round(FADE_S * rate))

    @property
    def busy(self) -> bool:
        return any(v.stop > self.frame for v in (*self._sounds, *self._speech))

    def add_sound(self, samples: Pcm, start: int) -> None:
        start = max(start, self.frame)
        self._sounds.append(_Voice(samples, start, start + len(samples)))

    def add_speech(self, samples: Pcm, start: int, chain: bool = False) -> None:
        """Say ``samples`` from ``start``; chained, after the phrases already in line."""
        start = max(start, self.frame)
        live = [v for v in self._speech if v.stop > self.frame]
        if chain and live:
            start = max(start, live[-1].stop)
        else:
            self._cut_voices(self._speech, start)
        self._speech = deque(v for v in self._speech if v.stop > self.frame)
        self._speech.append(_Voice(samples, start, start + len(samples)))

    def cut(self, frame: int | None = None) -> None:
        """Fade out everything sounding at ``frame`` (default: the next frame rendered)."""
        at = self.frame if frame is None else max(frame, self.frame)
        self._cut_voices(self._sounds, at)
        self._cut_voices(self._speech, at)

    def _cut_voices(self, voices: list[_Voice] | deque[_Voice], at: int) -> None:
        kept = [v for v in voices if v.start < at]
        for voice in kept:
            if voice.stop > at + self.fade:
                voice.fade_from = at
                voice.stop = at + self.fade
        voices.clear()
        voices.extend(kept)

    def render(self, count: int) -> bytes:
        """The next ``count`` frames, little-endian 16-bit, silence where nothing sounds."""
        begin, end = self.frame, self.frame + count
        sounding = [v for v in (*self._sounds, *self._speech) if v.start < end and v.stop > begin]
        self.frame = end
        self._sounds = [v for v in self._sounds if v.stop > end]
        self._speech = deque(v for v in self._speech if v.stop > end)
        if not sounding:
            return bytes(2 * count)
        mix = [0] * count
        for voice in sounding:
            a, b = max(begin, voice.start), min(end, voice.stop)
            mix[a - begin : b - begin] = map(add, mix[a - begin : b - begin], voice.segment(a, b))
        if len(sounding) > 1 and (max(mix) > SAMPLE_MAX or min(mix) < SAMPLE_MIN):
            mix = [
                SAMPLE_MAX if v > SAMPLE_MAX else SAMPLE_MIN if v < SAMPLE_MIN else v for v in mix
            ]
        return array("h", mix).tobytes()


class StreamClock:
    """Maps wall time to the output frame being handed to the sound server at that time.

    The output reports, now and then, how many frames have left its own buffer. Frames leave
    in bursts (whenever the server asks for more), so each report is at or ahead of a
    steady line; the earliest line over the last ``window`` seconds is the best estimate of
    where frame 0 sits in time, and follows a sound card whose clock drifts from ours.
    """

    def __init__(self, rate: int = RATE, window: float = 3.0) -> None:
        self.rate = rate
        self.window = window
        self._origins: deque[tuple[float, float]] = deque()  # (when seen, origin), rising

    def reset(self) -> None:
        self._origins.clear()

    def observe(self, now: float, handed: int) -> None:
        origin = now - handed / self.rate
        while self._origins and self._origins[-1][1] >= origin:
            self._origins.pop()
        self._origins.append((now, origin))
        while self._origins[0][0] < now - self.window:
            self._origins.popleft()

    @property
    def known(self) -> bool:
        return bool(self._origins)

    def frame_at(self, when: float) -> float:
        """Output frame handed over at wall time ``when`` (needs one observation first)."""
        return (when - self._origins[0][1]) * self.rate
