"""The settings page's "Try it": one cue said with the chosen voice, speed and volume.

It goes the way every cue goes (rendered by the speech child process, cached, played
through one sound output), so what the runner hears is what a session will sound like. It
blocks until the phrase has been heard: call it on a worker thread, never the GUI's.
"""

from __future__ import annotations

import time
from pathlib import Path

from hipcoach.adapters.audio.output import WARM_TIMEOUT, SoundOutput, no_output_reason
from hipcoach.adapters.audio.pcm import RATE
from hipcoach.adapters.audio.speech import (
    RENDER_TIMEOUT,
    SpeechError,
    SpeechRenderer,
    SpeechSettings,
)

SAMPLE = "Pigeon pose, left side. Hold thirty seconds. Halfway."
TAIL_S = 0.4  # after the last sample leaves: the sound server's own buffer plays out


def say_sample(
    cache_dir: Path,
    speech: SpeechSettings,
    text: str = SAMPLE,
    command: list[str] | None = None,
) -> float:
    """Render ``text`` with ``speech`` and play it to its end; returns its length in seconds.

    Raises ``SpeechError`` with one line for the runner when it cannot be said or heard."""
    renderer = SpeechRenderer(cache_dir, speech, command=command)
    renderer.start()
    try:
        failure = renderer.wait_started()
        if failure is not None:
            raise SpeechError(failure)
        renderer.request([text])
        if not renderer.wait_for([text], RENDER_TIMEOUT):
            raise SpeechError("the speech engine did not answer in time")
        samples = renderer.get(text)
        if samples is None:
            why = renderer.failure or renderer.failed_phrases().get(text, "no sound came back")
            raise SpeechError(f"the voice could not say it: {why}")
    finally:
        renderer.close()
    reason = no_output_reason()
    if reason is not None:
        raise SpeechError(reason)
    seconds = len(samples) / RATE
    output = SoundOutput()
    try:
        problem = output.open(WARM_TIMEOUT)
        if problem is not None:
            raise SpeechError(problem)
        output.play(samples, time.monotonic() + 0.05, speech=True)
        deadline = time.monotonic() + seconds + WARM_TIMEOUT
        while output.busy and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(TAIL_S)
    finally:
        output.close()
    return seconds
