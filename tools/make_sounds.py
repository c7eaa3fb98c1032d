"""Generate hipcoach's cue sounds (sounds/*.wav) from code.

Why a script and not recorded samples: the cues must be the project's own, short,
click-free, equally loud, and must start on their first sample, because the player
fires them on exact instants (a countdown tick that begins with 30 ms of silence is
30 ms late). Building each cue from a few sine partials with plain-stdlib Python
makes every one of those properties a number that a test can check, and keeps the
files reproducible: no randomness, no dither, no timestamps, so the same script
writes the same bytes on every run and the tests can regenerate and compare.

Usage: python tools/make_sounds.py [OUTDIR]    (default: sounds/ next to tools/)
"""

from __future__ import annotations

import math
import sys
import wave
from array import array
from dataclasses import dataclass
from pathlib import Path

RATE = 44100  # Hz; mono, 16-bit PCM
FULL_SCALE = 32767
TARGET_RMS_DBFS = -16.0  # loudness of every cue, measured by active_rms()
PEAK_LIMIT_DBFS = -1.0  # no sample may reach this
BLOCK_S = 0.005  # loudness is measured over 5 ms blocks ...
ACTIVE_RANGE_DB = 30.0  # ... that are within 30 dB of the loudest block
NOTE_FADE_S = 0.010  # every note ends with a raised-cosine fade to exactly zero
DEFAULT_ATTACK_S = 0.003  # and starts with one at least 2 ms long (no clicks)

DEFAULT_OUTDIR = Path(__file__).resolve().parent.parent / "sounds"


@dataclass(frozen=True)
class Partial:
    """One sine component of a note."""

    ratio: float  # frequency, relative to the note's
    gain: float  # initial amplitude, relative to the note's
    decay: float  # exponential decay time constant, seconds


@dataclass(frozen=True)
class Note:
    """A tone placed in time: partials under an attack / decay / fade envelope."""

    start: float  # seconds from the start of the sound
    freq: float  # Hz
    length: float  # seconds, the last NOTE_FADE_S of which fade to zero
    partials: tuple[Partial, ...]
    gain: float = 1.0
    attack: float = DEFAULT_ATTACK_S  # seconds, raised-cosine fade in
    bend: float = 0.0  # pitch starts this fraction higher and settles (a knock)
    bend_time: float = 0.004  # seconds, time constant of that settling


def midi(number: int) -> float:
    """Equal-tempered frequency of a MIDI note number (69 = A4 = 440 Hz)."""
    return 440.0 * math.pow(2.0, (number - 69) / 12.0)


# Timbres. A chime: a fundamental that rings, with an octave and a twelfth that
# fade faster, so the onset is bright and the tail is pure. The pip is the same,
# cut short. The triangle is a band-limited triangle wave: soft, but its odd
# harmonics keep a low note audible on small laptop speakers.
WOOD = (Partial(1.0, 1.0, 0.011), Partial(2.71, 0.22, 0.004))
BRIGHT_CHIME = (Partial(1.0, 1.0, 0.22), Partial(2.0, 0.35, 0.07), Partial(3.0, 0.12, 0.035))
MELLOW_CHIME = (Partial(1.0, 1.0, 0.22), Partial(2.0, 0.18, 0.06))
PIP = (Partial(1.0, 1.0, 0.12), Partial(2.0, 0.15, 0.04))
TRIANGLE = (Partial(1.0, 1.0, 0.35), Partial(3.0, -1.0 / 9.0, 0.2), Partial(5.0, 1.0 / 25.0, 0.1))

# The cues. Each is told apart by its contour as much as its pitch: a click, a
# rising pair, a falling pair, one low tone, two equal pips, three rising notes.
SOUNDS: dict[str, tuple[Note, ...]] = {
    # Countdown tick: a soft wooden blip, 60 ms, a short pitch drop for the knock.
    "tick": (Note(0.0, midi(83), 0.060, WOOD, attack=0.002, bend=0.06),),
    # Work starts: G5 -> D6, a bright rising fifth.
    "go": (
        Note(0.0, midi(79), 0.16, BRIGHT_CHIME, gain=0.8),
        Note(0.11, midi(86), 0.34, BRIGHT_CHIME),
    ),
    # Work ends: D5 -> G4, the same interval falling, lower and mellower.
    "end": (
        Note(0.0, midi(74), 0.16, MELLOW_CHIME),
        Note(0.11, midi(67), 0.36, MELLOW_CHIME, gain=0.9),
    ),
    # Rest: one soft low A3, slow-ish attack.
    "rest": (Note(0.0, midi(57), 0.50, TRIANGLE, attack=0.008),),
    # Switch sides: two quick identical E5 pips.
    "switch": (
        Note(0.0, midi(76), 0.09, PIP),
        Note(0.15, midi(76), 0.09, PIP),
    ),
    # Session finished: E5 G5 C6, a rising arpeggio whose notes ring on together.
    "finish": (
        Note(0.0, midi(76), 0.40, BRIGHT_CHIME, gain=0.7),
        Note(0.10, midi(79), 0.36, BRIGHT_CHIME, gain=0.7),
        Note(0.20, midi(84), 0.38, BRIGHT_CHIME),
    ),
}


def _raised_cosine(i: int, n: int) -> float:
    """0 at i = 0, rising smoothly to 1 at i = n."""
    return 0.5 - 0.5 * math.cos(math.pi * i / n)


def render_note(note: Note, rate: int = RATE) -> list[float]:
    """The note's samples, unscaled, starting at the note's own start."""
    n_total = round(note.length * rate)
    n_attack = max(1, round(note.attack * rate))
    n_fade = max(1, round(NOTE_FADE_S * rate))
    out: list[float] = []
    for i in range(n_total):
        t = i / rate
        env = note.gain
        if i < n_attack:
            env *= _raised_cosine(i, n_attack)
        remaining = n_total - 1 - i  # the last sample gets exactly zero
        if remaining < n_fade:
            env *= _raised_cosine(remaining, n_fade)
        # Phase of a pitch that starts (1 + bend) * freq and settles to freq.
        settle = 1.0 - math.exp(-t / note.bend_time)
        cycles = note.freq * (t + note.bend * note.bend_time * settle)
        value = 0.0
        for p in note.partials:
            value += p.gain * math.exp(-t / p.decay) * math.sin(2.0 * math.pi * p.ratio * cycles)
        out.append(env * value)
    return out


def render(notes: tuple[Note, ...], rate: int = RATE) -> list[float]:
    """Mix the notes into one buffer, as long as the last note's end."""
    length = max(round(n.start * rate) + round(n.length * rate) for n in notes)
    mix = [0.0] * length
    for note in notes:
        offset = round(note.start * rate)
        for i, v in enumerate(render_note(note, rate)):
            mix[offset + i] += v
    return mix


def active_rms(samples: list[float], rate: int = RATE) -> float:
    """RMS over the non-silent part: the 5 ms blocks within 30 dB of the loudest."""
    size = max(1, round(BLOCK_S * rate))
    blocks = [samples[i : i + size] for i in range(0, len(samples), size)]
    energies = [sum(v * v for v in b) / len(b) for b in blocks]
    floor = max(energies) * 10.0 ** (-ACTIVE_RANGE_DB / 10.0)
    kept = [(e, len(b)) for e, b in zip(energies, blocks, strict=True) if e >= floor]
    return math.sqrt(sum(e * n for e, n in kept) / sum(n for _, n in kept))


def dbfs(level: float) -> float:
    """A level relative to full scale (1.0), in dB."""
    return 20.0 * math.log10(level) if level > 0.0 else -math.inf


def to_pcm(samples: list[float]) -> array[int]:
    """Scale to the target loudness and quantise to 16-bit integers."""
    gain = 10.0 ** (TARGET_RMS_DBFS / 20.0) / active_rms(samples)
    pcm = array("h", (round(v * gain * FULL_SCALE) for v in samples))
    peak = max(abs(v) for v in pcm) / FULL_SCALE
    if dbfs(peak) >= PEAK_LIMIT_DBFS:
        raise ValueError(f"peak {dbfs(peak):.2f} dBFS is not below {PEAK_LIMIT_DBFS} dBFS")
    return pcm


def write_wav(path: Path, pcm: array[int], rate: int = RATE) -> None:
    """Write mono 16-bit little-endian PCM."""
    data = array("h", pcm)
    if sys.byteorder == "big":
        data.byteswap()
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(data.tobytes())


def make_all(outdir: Path) -> dict[str, array[int]]:
    """Render every cue into OUTDIR/NAME.wav; return the samples by name."""
    outdir.mkdir(parents=True, exist_ok=True)
    result: dict[str, array[int]] = {}
    for name, notes in SOUNDS.items():
        pcm = to_pcm(render(notes))
        write_wav(outdir / f"{name}.wav", pcm)
        result[name] = pcm
    return result


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) > 1:
        print("usage: make_sounds.py [OUTDIR]", file=sys.stderr)
        return 2
    outdir = Path(args[0]) if args else DEFAULT_OUTDIR
    for name, pcm in make_all(outdir).items():
        floats = [v / FULL_SCALE for v in pcm]
        peak = max(abs(v) for v in floats)
        print(
            f"{name + '.wav':11} {1000 * len(pcm) / RATE:4.0f} ms  "
            f"peak {dbfs(peak):6.2f} dBFS  rms {dbfs(active_rms(floats)):6.2f} dBFS"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
