"""The committed cue sounds meet spec section 5 and are what tools/make_sounds.py makes."""

from __future__ import annotations

import math
import subprocess
import sys
import wave
from array import array
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SOUNDS_DIR = ROOT / "sounds"
SCRIPT = ROOT / "tools" / "make_sounds.py"

NAMES = ("tick", "go", "end", "rest", "switch", "finish")
MAX_MS = {"tick": 150.0, "go": 600.0, "end": 600.0, "rest": 600.0, "switch": 600.0, "finish": 600.0}
FULL_SCALE = 32768.0
SAMPLE_BYTES = 2
RATES = (44100, 48000)
PEAK_LIMIT_DBFS = -1.0
AUDIBLE_PEAK_DBFS = -20.0  # a cue whose peak is below this is as good as silent
EDGE_LIMIT = 0.001  # first and last sample: this close to zero, or the speaker clicks
ONSET_THRESHOLD = 0.01  # of full scale (-40 dBFS): "sounding"
ONSET_LIMIT_MS = 5.0
WINDOW_MS = 10.0  # loudness: RMS over the 10 ms windows ...
SILENT_DBFS = -50.0  # ... louder than this (an absolute floor, unlike the script's)
LOUDNESS_SPREAD_DB = 6.0


@dataclass(frozen=True)
class Sound:
    rate: int
    samples: list[float]  # -1.0 .. 1.0

    @property
    def duration_ms(self) -> float:
        return 1000.0 * len(self.samples) / self.rate


def dbfs(level: float) -> float:
    return 20.0 * math.log10(level) if level > 0.0 else -math.inf


def load(path: Path) -> Sound:
    with wave.open(str(path), "rb") as w:
        assert w.getnchannels() == 1, f"{path.name}: not mono"
        assert w.getsampwidth() == SAMPLE_BYTES, f"{path.name}: not 16-bit"
        assert w.getcomptype() == "NONE", f"{path.name}: not PCM"
        assert w.getframerate() in RATES, f"{path.name}: rate {w.getframerate()}"
        raw = w.readframes(w.getnframes())
        rate = w.getframerate()
    pcm = array("h")
    pcm.frombytes(raw)
    if sys.byteorder == "big":
        pcm.byteswap()
    return Sound(rate, [v / FULL_SCALE for v in pcm])


def active_rms_dbfs(sound: Sound) -> float:
    """RMS over the non-silent part: the 10 ms windows louder than -50 dBFS."""
    size = round(sound.rate * WINDOW_MS / 1000.0)
    total = 0.0
    count = 0
    for start in range(0, len(sound.samples), size):
        window = sound.samples[start : start + size]
        energy = sum(v * v for v in window)
        if dbfs(math.sqrt(energy / len(window))) > SILENT_DBFS:
            total += energy
            count += len(window)
    assert count > 0, "silent"
    return dbfs(math.sqrt(total / count))


@pytest.fixture(scope="module")
def sounds() -> dict[str, Sound]:
    return {name: load(SOUNDS_DIR / f"{name}.wav") for name in NAMES}


@pytest.mark.parametrize("name", NAMES)
def test_file_exists(name: str) -> None:
    assert (SOUNDS_DIR / f"{name}.wav").is_file()


@pytest.mark.parametrize("name", NAMES)
def test_duration_within_limit(sounds: dict[str, Sound], name: str) -> None:
    sound = sounds[name]
    assert 0.0 < sound.duration_ms <= MAX_MS[name]


@pytest.mark.parametrize("name", NAMES)
def test_audible_and_below_full_scale(sounds: dict[str, Sound], name: str) -> None:
    peak = max(abs(v) for v in sounds[name].samples)
    assert dbfs(peak) > AUDIBLE_PEAK_DBFS, f"{name}: nearly silent"
    assert dbfs(peak) < PEAK_LIMIT_DBFS, f"{name}: peak {dbfs(peak):.2f} dBFS"


@pytest.mark.parametrize("name", NAMES)
def test_starts_promptly(sounds: dict[str, Sound], name: str) -> None:
    sound = sounds[name]
    onset = next(i for i, v in enumerate(sound.samples) if abs(v) >= ONSET_THRESHOLD)
    assert 1000.0 * onset / sound.rate <= ONSET_LIMIT_MS


@pytest.mark.parametrize("name", NAMES)
def test_no_click_at_either_end(sounds: dict[str, Sound], name: str) -> None:
    samples = sounds[name].samples
    assert abs(samples[0]) < EDGE_LIMIT
    assert abs(samples[-1]) < EDGE_LIMIT


def test_similar_loudness(sounds: dict[str, Sound]) -> None:
    levels = {name: active_rms_dbfs(sound) for name, sound in sounds.items()}
    spread = max(levels.values()) - min(levels.values())
    assert spread <= LOUDNESS_SPREAD_DB, levels


def test_generator_reproduces_committed_files(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, str(SCRIPT), str(tmp_path)], check=True, capture_output=True, timeout=60
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f"{n}.wav" for n in NAMES)
    for name in NAMES:
        made = (tmp_path / f"{name}.wav").read_bytes()
        committed = (SOUNDS_DIR / f"{name}.wav").read_bytes()
        assert made == committed, f"{name}.wav differs: run python tools/make_sounds.py"
