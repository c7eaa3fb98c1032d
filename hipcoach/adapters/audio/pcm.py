"""Mono 16-bit sound in memory: read, write, resample, measure, scale.

Plain-stdlib Python (``array``, ``wave``) rather than numpy: the clips are short (a cue sound
is under a second, a phrase a few seconds) and everything heavy runs off the GUI thread, so
one more dependency would buy nothing measurable.

Everything plays at RATE, espeak-ng's own rate: speech (most of what is heard) is never
resampled, and the cue sounds, whose partials all lie below 4 kHz, lose nothing at 22.05 kHz.
"""

from __future__ import annotations

import math
import sys
import wave
from array import array
from pathlib import Path
from typing import TypeAlias

from hipcoach.core.errors import KnownError

RATE = 22050  # Hz, the mixer's and espeak-ng's sample rate
FULL_SCALE = 32768.0
SAMPLE_MAX = 32767
SAMPLE_MIN = -32768

Pcm: TypeAlias = "array[int]"  # array("h") of mono samples at RATE


class WavError(KnownError):
    """A sound file that cannot be played: unreadable, or not 16-bit PCM."""


def silence(frames: int) -> Pcm:
    return array("h", bytes(2 * max(0, frames)))


def read_wav(path: Path, rate: int = RATE) -> Pcm:
    """A 16-bit PCM WAV as mono samples at ``rate`` (channels averaged, rate converted)."""
    try:
        with wave.open(str(path), "rb") as wav:
            if wav.getsampwidth() != 2 or wav.getcomptype() != "NONE":
                raise WavError(f"{path.name}: not 16-bit PCM")
            channels = wav.getnchannels()
            source_rate = wav.getframerate()
            raw = wav.readframes(wav.getnframes())
    except (OSError, EOFError, wave.Error) as error:
        raise WavError(f"{path.name}: {error}") from None
    samples = array("h")
    samples.frombytes(raw[: len(raw) // 2 * 2])
    if sys.byteorder == "big":
        samples.byteswap()
    if channels > 1:
        samples = array(
            "h",
            (
                sum(samples[i : i + channels]) // channels
                for i in range(0, len(samples) - channels + 1, channels)
            ),
        )
    return resample(samples, source_rate, rate)


def write_wav(path: Path, samples: Pcm, rate: int = RATE) -> None:
    data = array("h", samples)
    if sys.byteorder == "big":
        data.byteswap()
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        wav.writeframes(data.tobytes())


def resample(samples: Pcm, source: int, target: int) -> Pcm:
    """Linear-interpolation rate change; going down, a box filter first keeps aliasing low.

    Good enough for cue sounds whose content sits far below either Nyquist frequency; speech
    is rendered at RATE and never goes through here.
    """
    if source == target or not samples:
        return array("h", samples)
    step = source / target
    values: list[float] | array[int] = samples
    width = math.ceil(step)
    if width > 1:
        padded = list(samples) + [samples[-1]] * (width - 1)
        running = sum(padded[:width])
        smoothed = [running / width]
        for i in range(width, len(padded)):
            running += padded[i] - padded[i - width]
            smoothed.append(running / width)
        values = smoothed
    count = int(len(samples) / step)
    last = len(values) - 1
    out = array("h", bytes(2 * count))
    for j in range(count):
        position = j * step
        i = int(position)
        frac = position - i
        after = values[i + 1] if i < last else values[last]
        out[j] = _clip(round(values[i] + (after - values[i]) * frac))
    return out


def _clip(value: int) -> int:
    return SAMPLE_MAX if value > SAMPLE_MAX else SAMPLE_MIN if value < SAMPLE_MIN else value


def peak(samples: Pcm) -> float:
    """The largest magnitude, as a fraction of full scale."""
    if not samples:
        return 0.0
    return max(max(samples), -min(samples)) / FULL_SCALE


def dbfs(level: float) -> float:
    return 20.0 * math.log10(level) if level > 0.0 else -math.inf


def active_rms(samples: Pcm, rate: int = RATE, floor_dbfs: float = -50.0) -> float:
    """RMS over the sounding part only (10 ms windows above ``floor_dbfs``), as a fraction.

    Pauses between words would otherwise make speech look quieter than it sounds.
    """
    size = max(1, rate // 100)
    floor = (math.pow(10.0, floor_dbfs / 20.0) * FULL_SCALE) ** 2
    total = 0.0
    count = 0
    for start in range(0, len(samples), size):
        window = samples[start : start + size]
        energy = float(sum(v * v for v in window))
        if energy / len(window) > floor:
            total += energy
            count += len(window)
    return math.sqrt(total / count) / FULL_SCALE if count else 0.0


def scaled(samples: Pcm, gain: float) -> Pcm:
    if gain == 1.0:
        return array("h", samples)
    return array("h", (_clip(round(v * gain)) for v in samples))


def sounding_span(
    samples: Pcm, rate: int = RATE, threshold_dbfs: float = -40.0
) -> tuple[float, float]:
    """Seconds from the start to the first and past the last sample above the threshold."""
    limit = math.pow(10.0, threshold_dbfs / 20.0) * FULL_SCALE
    first = next((i for i, v in enumerate(samples) if abs(v) >= limit), None)
    if first is None:
        return (0.0, 0.0)
    last = next(i for i in range(len(samples) - 1, -1, -1) if abs(samples[i]) >= limit)
    return (first / rate, (last + 1) / rate)
