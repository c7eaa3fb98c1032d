"""The real CuePlayer: cue sounds and pre-rendered speech through one audio output.

A phrase that is not rendered when its cue comes due is rendered at once, ahead of the
queue (the live-speech fallback: espeak-ng needs 10 to 30 ms for a phrase), and
played if it can still start within LATE_LIMIT (0.25 s) of its instant; otherwise it is
dropped, never played late (README, "What you hear"). In practice every phrase is rendered
seconds before it is due: ``prepare`` queues them all, and ``ready`` turns true once the
output moves and the first few are rendered. Nothing here waits on the caller's thread: the
window shows "getting ready" meanwhile, and answers as ever.
"""

from __future__ import annotations

import threading
import time
import wave
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtMultimedia import QAudioDevice

from hipcoach.adapters import paths
from hipcoach.adapters.audio import pcm
from hipcoach.adapters.audio.mixer import SAME_INSTANT, load_sounds
from hipcoach.adapters.audio.output import WARM_TIMEOUT, SoundOutput, no_output_reason
from hipcoach.adapters.audio.speech import (
    START_TIMEOUT,
    SpeechRenderer,
    SpeechSettings,
    phrase_file,
)
from hipcoach.core.cue_player import CuePlayer, SilentPlayer
from hipcoach.core.cues import Cue, Sound
from hipcoach.core.engine import LATE_LIMIT

AHEAD_S = 0.25  # cues are taken this far ahead of their instant (above the output delay)
# From a frame leaving our buffer to the sound server playing it: PulseAudio's own buffer,
# measured at 35 ms on a null sink's monitor (tests/audio/test_playback.py). Qt does not
# report it, so it is a measured constant, not a reading.
SERVER_DELAY_S = 0.035
STARTUP_PHRASES = 4  # rendered before the clock starts: the first announce, how-to, counts
STARTUP_TIMEOUT = 10.0  # s; espeak-ng renders a phrase in tens of milliseconds
NOT_PLAYING = "no sound: the sound output did not start playing (is the device busy?)"
SOUNDS_STILL_PLAY = "the cue sounds still play"
READY_POLL = 0.01  # s between two looks while ``wait_ready`` waits


class AudioCuePlayer:
    """Plays each cue on its instant; see the module docstring for unrendered phrases."""

    def __init__(
        self,
        output: SoundOutput,
        sounds: dict[Sound, pcm.Pcm],
        speech: SpeechRenderer | None,
        notice: str | None = None,
    ) -> None:
        self.output = output
        self.sounds = sounds
        self.speech = speech
        self._notice = notice  # a partial loss known when made, e.g. the cue sounds unreadable
        self._late_start: str | None = None  # the output did not move in time
        self._sounds_on = bool(sounds)
        self._first: list[str] = []  # the phrases ``ready`` waits for
        self._since: float | None = None  # when ``prepare`` began
        self._ready = False
        self._lock = threading.Lock()
        self._waiting: dict[str, float] = {}  # phrase -> instant it was due, not rendered yet
        self._last_said: float | None = None
        self.late_phrases = 0  # played through the fallback
        self.dropped_phrases = 0
        if speech is not None:
            speech.on_rendered = self._rendered

    def prepare(self, phrases: Sequence[str], sounds: bool) -> None:
        """Start getting ready: open and warm the output, queue every phrase. Never waits;
        ``ready`` says when the session may start."""
        self._sounds_on = sounds and bool(self.sounds)
        self._first = [p for p in phrases if p][:STARTUP_PHRASES]
        self._since = time.monotonic()
        self._ready = False
        if self.speech is not None:
            self.speech.start()
            self.speech.request(phrases)
        self.output.begin()

    def ready(self) -> bool:
        """The output moves and the first phrases are rendered, or either gave up (past its
        time limit, or failed: ``silent_reason`` then says so). Never waits."""
        if self._ready:
            return True
        if self._since is None:
            return False
        waited = time.monotonic() - self._since
        if not self.output.settled:
            if waited < WARM_TIMEOUT:
                return False
            self._late_start = NOT_PLAYING  # it may still start: cues then play from then
        speech = self.speech
        if speech is not None and speech.failure is None:
            if not speech.started and waited < START_TIMEOUT:
                return False
            rendering = speech.started and not speech.has(self._first)
            if rendering and waited < START_TIMEOUT + STARTUP_TIMEOUT:
                return False
        self._ready = True
        return True

    def wait_ready(self, timeout: float | None = None) -> bool:
        """Block until ``ready`` (for a caller with no window to keep answering)."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while not self.ready():
            if deadline is not None and time.monotonic() >= deadline:
                return False
            time.sleep(READY_POLL)
        return True

    def lead(self) -> float:
        return AHEAD_S

    def spoken_seconds(self, text: str) -> float | None:
        """The length of ``text`` as rendered in the speech cache, or None if it is not."""
        if self.speech is None:
            return None
        path = phrase_file(self.speech.cache_dir, text, self.speech.settings)
        try:
            with wave.open(str(path), "rb") as wav:
                return wav.getnframes() / wav.getframerate()
        except (OSError, EOFError, wave.Error):
            return None

    def play(self, cue: Cue, at: float | None = None) -> None:
        """Queue ``cue`` to be heard at ``at``: sent early by the output's whole delay."""
        due = time.monotonic() if at is None else at
        if cue.sound is not None and self._sounds_on:
            self.output.play(self.sounds[cue.sound], self._aim(due))
        if cue.say and self.speech is not None and self.speech.failure is None:
            samples = self.speech.get(cue.say)
            if samples is not None:
                self._say(samples, due)
            else:
                with self._lock:
                    self._waiting[cue.say] = due
                self.speech.urgent(cue.say)

    def _aim(self, due: float) -> float:
        """The instant to hand the output so the sound is heard at ``due``."""
        return due - self.output.latency - SERVER_DELAY_S

    def _say(self, samples: pcm.Pcm, due: float) -> None:
        with self._lock:
            chain = self._last_said is not None and abs(due - self._last_said) < SAME_INSTANT
            self._last_said = due
        self.output.play(samples, self._aim(due), speech=True, chain=chain)

    def _rendered(self, text: str, samples: pcm.Pcm) -> None:
        """On the speech thread: a phrase someone was waiting for is ready."""
        with self._lock:
            due = self._waiting.pop(text, None)
        if due is None:
            return
        if time.monotonic() - due > LATE_LIMIT:
            self.dropped_phrases += 1
            return
        self.late_phrases += 1
        self._say(samples, due)

    def silence(self) -> None:
        with self._lock:
            self._waiting.clear()
            self._last_said = None
        self.output.silence()

    def silent_reason(self) -> str | None:
        if self.output.failure is not None:
            return self.output.failure
        said = [self._notice] if self._notice else []
        if self.speech is not None and self.speech.failure is not None:
            said.append(self.speech.failure)
            if self.sounds:
                said.append(SOUNDS_STILL_PLAY)
        if self._late_start is not None and not self.output.playing:
            said.append(self._late_start)
        return "; ".join(said) or None

    def close(self) -> None:
        self.output.close()
        if self.speech is not None:
            self.speech.close()


def make_cue_player(
    cache_dir: Path,
    voice: bool = True,
    sounds: bool = True,
    speech: SpeechSettings | None = None,
    sounds_dir: Path | None = None,
    device: QAudioDevice | None = None,
    speech_command: Sequence[str] | None = None,
) -> CuePlayer:
    """The player for a session, or a SilentPlayer whose one line says why and what to do.

    Needs a QCoreApplication; the Qt objects are made on the calling thread. Never waits:
    the speech engine starts (about 0.15 s) and the output is opened and warmed after
    ``prepare``, and a missing espeak-ng is said by ``silent_reason`` once ``ready``.
    """
    if QCoreApplication.instance() is None:
        raise RuntimeError("make_cue_player needs a QCoreApplication")
    if not voice and not sounds:
        return SilentPlayer("voice and sounds are both turned off")
    if device is None:
        reason = no_output_reason()
        if reason is not None:
            return SilentPlayer(reason)
    notices: list[str] = []
    cue_sounds: dict[Sound, pcm.Pcm] = {}
    if sounds:
        try:
            cue_sounds = load_sounds(sounds_dir or paths.sounds())
        except pcm.WavError as error:
            notices.append(f"cue sounds are off: {error} (reinstall hipcoach)")
    renderer: SpeechRenderer | None = None
    if voice:
        renderer = SpeechRenderer(cache_dir, speech, command=speech_command)
        renderer.start()  # the engine loads meanwhile
    if renderer is None and not cue_sounds:
        return SilentPlayer("; ".join(notices) or "nothing to play")
    notice = "; ".join(notices) if notices else None
    return AudioCuePlayer(SoundOutput(device), cue_sounds, renderer, notice)
