"""Every phrase of every shipped routine, rendered by the real espeak-ng: heard, and in time.

A phrase must have finished before the next phrase is due, or the runner hears it cut off
(the player lets a new phrase cut the one before: a cue that cannot start on time is dropped, it never
delays them). Sounds are not a limit: a tick mixes over speech by design.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from hipcoach.adapters.audio import pcm
from hipcoach.adapters.audio.speech import (
    MISSING_ENGINE,
    SpeechRenderer,
    SpeechSettings,
    list_voices,
    phrase_file,
)
from hipcoach.application.session import explained
from hipcoach.core.cues import NOTED, Cue, CueKind, make_script
from hipcoach.core.library import routine_files
from hipcoach.core.plan import Plan, make_plan
from hipcoach.core.routine_file import load_routine
from hipcoach.core.settings import HowReading

ROUTINES = Path(__file__).resolve().parents[3] / "routines"
SHIPPED = routine_files(ROUTINES)
AUDIBLE_PEAK_DBFS = -12.0  # a normalised phrase peaks near -3 dBFS
LOUDNESS_DBFS = (-24.0, -12.0)  # its sounding part sits near -18 dBFS, like the cue sounds
EDGE_DBFS = -50.0  # a phrase ends where its last sample above this ends


@dataclass(frozen=True)
class Spoken:
    instant: float  # session seconds its cue is due
    at: float  # when it is heard: its instant, or after a phrase due at the same instant
    ends: float  # its last audible sample
    length: float  # its file, silence included: a phrase due with it starts after this
    cue: Cue


def plan_of(path: Path) -> Plan:
    """The routine with every how-to read, as a first session hears it."""
    routine = load_routine(path)
    return make_plan(routine, explain=explained(routine, HowReading.ALWAYS, {}, 200))


def all_phrases() -> list[str]:
    seen: dict[str, None] = {}
    for path in SHIPPED:
        for text in make_script(plan_of(path)).phrases():
            seen.setdefault(text, None)
    return list(seen)


@pytest.fixture(scope="module")
def rendered(phrase_cache: Path) -> dict[str, pcm.Pcm]:
    """Every phrase of the library, rendered once for the module (about 5 s)."""
    phrases = all_phrases()
    renderer = SpeechRenderer(phrase_cache)
    renderer.start()
    try:
        assert renderer.wait_started() is None, renderer.failure
        renderer.request(phrases)
        assert renderer.wait_for(phrases, timeout=300)
        assert renderer.failed_phrases() == {}
        out = {text: renderer.get(text) for text in phrases}
    finally:
        renderer.close()
    return {text: samples for text, samples in out.items() if samples is not None}


def spoken_timeline(plan: Plan, rendered: dict[str, pcm.Pcm]) -> list[Spoken]:
    """When each phrase is heard: phrases due at the same instant follow one another."""
    out: list[Spoken] = []
    script = make_script(plan)
    for phase, cues in zip(plan.phases, script.phases, strict=True):
        for cue in cues:
            if not cue.say:
                continue
            instant = phase.start + cue.offset
            at = instant
            if out and out[-1].instant == instant:
                at = out[-1].at + out[-1].length
            samples = rendered[cue.say]
            _, end = pcm.sounding_span(samples, threshold_dbfs=EDGE_DBFS)
            out.append(Spoken(instant, at, at + end, len(samples) / pcm.RATE, cue))
    return out


@pytest.mark.parametrize("text", all_phrases())
def test_every_phrase_is_heard_at_the_level_of_the_cue_sounds(
    rendered: dict[str, pcm.Pcm], text: str
) -> None:
    samples = rendered[text]
    assert pcm.dbfs(pcm.peak(samples)) > AUDIBLE_PEAK_DBFS
    low, high = LOUDNESS_DBFS
    assert low <= pcm.dbfs(pcm.active_rms(samples)) <= high
    first, last = pcm.sounding_span(samples, threshold_dbfs=EDGE_DBFS)
    assert first <= 0.015, "a phrase starts on its instant, not after a silence"
    assert last - first >= 0.2 * len(text.split()), "about a fifth of a second a word at least"


@pytest.mark.parametrize(
    "path",
    SHIPPED,
    ids=lambda p: p.stem,
)
def test_every_phrase_ends_before_the_next_phrase_is_due(
    rendered: dict[str, pcm.Pcm], path: Path
) -> None:
    routine = load_routine(path)

    def length(text: str) -> float:
        return len(rendered[text]) / pcm.RATE

    # As a session with a warm cache lays it out: each how-to's phase as long as its reading.
    plan = make_plan(routine, explain=explained(routine, HowReading.ALWAYS, {}, 200, length))
    timeline = spoken_timeline(plan, rendered)
    assert any(s.cue.kind is CueKind.HOW for s in timeline)
    too_long = []
    for index, spoken in enumerate(timeline):
        later = [s.instant for s in timeline[index + 1 :] if s.instant > spoken.instant]
        if later and spoken.ends > later[0]:
            too_long.append(
                f"{spoken.cue.say!r} from {spoken.at:.2f} s ends at {spoken.ends:.2f} s, "
                f"{spoken.ends - later[0]:.2f} s after the next phrase is due ({later[0]} s)"
            )
    assert not too_long, "\n".join(too_long)


def test_noted_the_answer_to_this_hurts_is_rendered_ahead_to_a_wav_that_sounds(
    rendered: dict[str, pcm.Pcm], phrase_cache: Path
) -> None:
    """H in the player says "noted" at once: it is rendered by espeak-ng with every session's
    phrases, before the clock starts, into a WAV file of the cache that is not silent."""
    text = NOTED.say
    for path in SHIPPED:
        assert text in make_script(plan_of(path)).phrases()
    wav = phrase_file(phrase_cache, text, SpeechSettings())
    assert wav.is_file()
    samples = pcm.read_wav(wav)
    assert samples == rendered[text]
    assert pcm.dbfs(pcm.peak(samples)) > AUDIBLE_PEAK_DBFS
    first, last = pcm.sounding_span(samples, threshold_dbfs=EDGE_DBFS)
    assert last - first >= 0.2, "a word, not a click"


def test_a_phrase_rendered_once_is_read_from_the_cache(
    rendered: dict[str, pcm.Pcm], phrase_cache: Path
) -> None:
    """A routine done before speaks at once: nothing is rendered a second time."""
    phrases = list(rendered)[:10]
    renderer = SpeechRenderer(phrase_cache)
    renderer.start()
    try:
        renderer.request(phrases)
        assert renderer.wait_for(phrases, timeout=30)
        assert renderer.rendered_count == 0
        assert all(renderer.get(text) == rendered[text] for text in phrases)
    finally:
        renderer.close()
    assert phrase_file(phrase_cache, phrases[0], SpeechSettings()).is_file()
    slower = SpeechSettings(rate=150)
    assert phrase_file(phrase_cache, phrases[0], slower) != phrase_file(
        phrase_cache, phrases[0], SpeechSettings()
    )


def test_voice_rate_and_volume_change_what_is_heard(tmp_path: Path) -> None:
    text = "Pigeon pose, left side. Hold thirty seconds."
    heard = {}
    for name, settings in {
        "default": SpeechSettings(),
        "slow": SpeechSettings(rate=140),
        "quiet": SpeechSettings(volume=0.25),
        "other voice": SpeechSettings(voice="gmw/en-us"),
    }.items():
        renderer = SpeechRenderer(tmp_path, settings)
        renderer.start()
        try:
            renderer.request([text])
            assert renderer.wait_for([text], timeout=30)
            samples = renderer.get(text)
            assert samples is not None, renderer.failed_phrases()
            heard[name] = samples
        finally:
            renderer.close()
    seconds = {name: len(s) / pcm.RATE for name, s in heard.items()}
    assert seconds["slow"] > 1.25 * seconds["default"]
    quieter = pcm.dbfs(pcm.active_rms(heard["quiet"])) - pcm.dbfs(pcm.active_rms(heard["default"]))
    assert -14.0 < quieter < -10.0  # a quarter of the amplitude is 12 dB down
    assert heard["other voice"] != heard["default"]


def test_installed_voices_are_listed_for_the_settings_page() -> None:
    voices = list_voices()
    ids = {voice.id for voice in voices}
    assert {"gmw/en", "gmw/en-us"} <= ids
    english = next(voice for voice in voices if voice.id == "gmw/en-us")
    assert english.name and "en-us" in english.languages


FAILING_ENGINE = [
    sys.executable,
    "-c",
    "import json; print(json.dumps({'event': 'failed', 'missing': True, "
    "'error': 'OSError: libespeak-ng.so.1: cannot open shared object file'}))",
]


def test_a_missing_speech_engine_is_one_line_that_says_what_to_install(tmp_path: Path) -> None:
    renderer = SpeechRenderer(tmp_path, command=FAILING_ENGINE)
    renderer.start()
    try:
        reason = renderer.wait_started()
    finally:
        renderer.close()
    assert reason == MISSING_ENGINE
    assert "\n" not in reason and "install espeak-ng" in reason


def test_the_worker_says_nothing_but_its_protocol_on_stdout(tmp_path: Path) -> None:
    """pyttsx3 prints "Audio saved to ..." for every file: none of it may reach the protocol."""
    request = {
        "id": 1,
        "op": "render",
        "text": "Halfway.",
        "voice": None,
        "rate": 200,
        "volume": 1.0,
        "out": str(tmp_path / "halfway.wav"),
    }
    done = subprocess.run(
        [sys.executable, "-m", "hipcoach.adapters.audio.speech_worker"],
        input=json.dumps(request) + "\n",
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert lines[0] == {"event": "ready"}
    assert lines[1]["id"] == 1 and lines[1]["ok"] is True
    assert len(lines) == 2
    assert (tmp_path / "halfway.wav").is_file()
    assert [p.name for p in tmp_path.iterdir()] == ["halfway.wav"], "no temporary file left"


def test_the_speech_cache_is_private_and_so_is_every_folder_made_above_it(
    tmp_path: Path,
) -> None:
    def mode(path: Path) -> int:
        return stat.S_IMODE(path.stat().st_mode)

    def render(cache: Path, text: str) -> None:
        renderer = SpeechRenderer(cache)
        renderer.start()
        try:
            assert renderer.wait_started() is None, renderer.failure
            renderer.request([text])
            assert renderer.wait_for([text], timeout=60)
        finally:
            renderer.close()

    before = os.umask(0o022)
    try:
        cache = tmp_path / "xdg-cache" / "hipcoach" / "speech"
        render(cache, "Pigeon pose.")
        phrase = phrase_file(cache, "Pigeon pose.", SpeechSettings())
        assert [mode(cache), mode(cache.parent), mode(cache.parent.parent)] == [0o700] * 3
        assert mode(phrase) == 0o600

        cache.chmod(0o755)  # as an older hipcoach left them
        phrase.chmod(0o644)
        render(cache, "Pigeon pose.")  # from the cache, nothing rendered
        assert (mode(cache), mode(phrase)) == (0o700, 0o600)
    finally:
        os.umask(before)
