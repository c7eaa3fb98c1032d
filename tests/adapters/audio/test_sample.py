"""The settings page's "Try it": the sample cue reaches the sound server, whole, and the call
returns only once it has been heard."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from hipcoach.adapters.audio.sample import say_sample
from hipcoach.adapters.audio.speech import SpeechError, SpeechSettings
from tests.adapters.audio.conftest import PIPEWIRE_ABSENT
from tests.adapters.audio.recording import Recorder

pytestmark = pytest.mark.qt_log_ignore(*PIPEWIRE_ABSENT)


def test_the_sample_is_heard_whole_before_the_call_returns(
    qapp: object, sound_sink: str, phrase_cache: Path
) -> None:
    recorder = Recorder(sound_sink)
    recorder.wait_recording()
    began = time.monotonic()
    seconds = say_sample(phrase_cache, SpeechSettings(rate=240))
    returned = time.monotonic()
    recording = recorder.stop()
    bursts = [b for b in recording.bursts(-40.0, gap=0.4) if b[0] >= began]
    assert bursts, "nothing reached the sound server"
    heard = bursts[-1][1] - bursts[0][0]
    assert seconds > 1.0
    assert heard == pytest.approx(seconds, abs=0.3)  # the phrase, not a clipped start of it
    assert bursts[-1][1] <= returned + 0.05


def test_a_missing_speech_engine_is_one_line_for_the_runner(
    qapp: object, sound_sink: str, tmp_path: Path
) -> None:
    with pytest.raises(SpeechError, match="spoken cues are off"):
        say_sample(tmp_path, SpeechSettings(), command=["/nonexistent/hipcoach-speech"])
