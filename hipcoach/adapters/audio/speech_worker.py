"""The speech child process: pyttsx3 (espeak-ng) renders one phrase at a time to a WAV file.

Run as ``python -m hipcoach.adapters.audio.speech_worker``. It lives in its own process
because pyttsx3 2.99 hands every caller one cached engine per process, sets espeak up once
per process with a single callback, prints "Audio saved to ..." on stdout and writes its WAV
in place. Here it has the process to itself, its chatter goes to /dev/null, and a file
appears in the cache only once it is complete (written aside, then renamed).

Protocol: one JSON object a line. The first line out is ``{"event": "ready"}`` or
``{"event": "failed", "error": ..., "missing": bool}``. Requests on stdin:
``{"id", "op": "render", "text", "voice", "rate", "volume", "out"}`` answered by
``{"id", "ok": true, "seconds": ...}`` or ``{"id", "ok": false, "error": ...}``, and
``{"id", "op": "voices"}`` answered by ``{"id", "ok": true, "voices": [...]}``.
``--voices`` prints the voice list and exits.
"""

from __future__ import annotations

import json
import math
import os
import sys
import threading
import time
from pathlib import Path
from typing import Any, TextIO

from hipcoach.adapters.audio import pcm

SPEECH_RMS_DBFS = -18.0  # loudness of the sounding part, about that of the cue sounds
SPEECH_PEAK_DBFS = -3.0  # headroom, so a tick on top of a word rarely clips
LEAD_KEPT_S = 0.010  # silence kept before the first sound: a phrase starts on its instant
TAIL_KEPT_S = 0.150  # and after the last (espeak adds about 0.25 s at the end)
EDGE_DBFS = -50.0  # what counts as sounding when trimming
SYNTH_TIMEOUT = 30.0  # s for espeak-ng to finish one phrase (it needs tens of ms)
ATTEMPTS = 3
IDLE_TIMEOUT = 1.0  # s for espeak-ng's thread to go idle after a phrase


def _protocol_stream() -> TextIO:
    """Our own copy of stdout for replies; fd 1 itself goes to /dev/null.

    pyttsx3 prints on stdout and espeak-ng may write to fd 1 from C: neither may corrupt
    the protocol.
    """
    reply_fd = os.dup(1)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.close(devnull)
    sys.stdout = Path(os.devnull).open("w", encoding="utf-8")  # noqa: SIM115 - lives with us
    return os.fdopen(reply_fd, "w", encoding="utf-8", buffering=1)


class Voice:
    """pyttsx3's engine, driven one utterance at a time and checked after each."""

    def __init__(self) -> None:
        import pyttsx3

        self.engine = pyttsx3.init("espeak")
        self.finished: list[bool] = []
        self.changed = threading.Condition()
        self.engine.connect("finished-utterance", self._on_finished)
        self.settings: tuple[str | None, int] | None = None
        self.attempts = 0  # how many tries the last phrase took

    def _on_finished(self, name: object = None, completed: bool = True) -> None:
        # Called on espeak-ng's own thread: pyttsx3 starts it in asynchronous mode.
        with self.changed:
            self.finished.append(bool(completed))
            self.changed.notify_all()

    def _say_to_file(self, text: str, raw: Path) -> bool:
        """One attempt: True once espeak-ng reports the utterance complete and the file exists.

        runAndWait returns once espeak-ng has the text, not when it has spoken it (pyttsx3
        issue #219), and pyttsx3's stop logic can race espeak-ng's thread and report a
        spurious "not completed" right after a completed one: only a completed notice counts.
        """
        with self.changed:
            self.finished.clear()
        raw.unlink(missing_ok=True)
        self.engine.save_to_file(text, str(raw))
        self.engine.runAndWait()
        with self.changed:
            self.changed.wait_for(lambda: True in self.finished, SYNTH_TIMEOUT)
            completed = True in self.finished
        self._wait_idle()
        if not completed or not raw.is_file():
            return False
        try:
            return pcm.peak(pcm.read_wav(raw)) > 0.0
        except pcm.WavError:
            return False

    def _wait_idle(self) -> None:
        """Let espeak-ng's thread wind down, so the next utterance's stop check sees it idle.

        Otherwise pyttsx3 flags a stop that later cancels the next phrase.
        """
        from pyttsx3.drivers import _espeak

        deadline = time.monotonic() + IDLE_TIMEOUT
        while _espeak.IsPlaying() and time.monotonic() < deadline:
            time.sleep(0.002)

    def voices(self) -> list[dict[str, Any]]:
        return [
            {"id": v.id, "name": v.name, "languages": list(v.languages or [])}
            for v in self.engine.getProperty("voices")
        ]

    def render(self, text: str, voice: str | None, rate: int, volume: float, out: Path) -> float:
        """Write ``text`` spoken to ``out``, normalised; return its length in seconds."""
        if (voice, rate) != self.settings:
            # The voice first, always: choosing one resets espeak-ng's rate, and a default
            # voice chosen lazily at the first phrase once undid the rate set before it.
            self.engine.setProperty("voice", voice or self.engine.getProperty("voice"))
            self.engine.setProperty("rate", rate)
            self.settings = (voice, rate)
        raw = out.with_name(f".{out.stem}.{os.getpid()}.raw.wav")
        done = out.with_name(f".{out.stem}.{os.getpid()}.tmp.wav")
        try:
            for attempt in range(1, ATTEMPTS + 1):
                self.attempts = attempt
                if self._say_to_file(text, raw):
                    break
            else:
                raise RuntimeError(f"espeak-ng did not finish the phrase ({self.finished})")
            samples = _trimmed(pcm.read_wav(raw))
            samples = pcm.scaled(samples, _gain(samples) * max(0.0, min(volume, 1.0)))
            pcm.write_wav(done, samples)
            done.replace(out)
            return len(samples) / pcm.RATE
        finally:
            raw.unlink(missing_ok=True)
            done.unlink(missing_ok=True)


def _trimmed(samples: pcm.Pcm) -> pcm.Pcm:
    first, last = pcm.sounding_span(samples, threshold_dbfs=EDGE_DBFS)
    start = max(0, round((first - LEAD_KEPT_S) * pcm.RATE))
    end = min(len(samples), round((last + TAIL_KEPT_S) * pcm.RATE))
    return samples[start:end]


def _gain(samples: pcm.Pcm) -> float:
    """Bring the sounding part to SPEECH_RMS_DBFS, never pushing the peak past the limit."""
    rms = pcm.active_rms(samples)
    if rms <= 0.0:
        return 1.0
    wanted = math.pow(10.0, SPEECH_RMS_DBFS / 20.0) / rms
    ceiling = math.pow(10.0, SPEECH_PEAK_DBFS / 20.0) / pcm.peak(samples)
    return min(wanted, ceiling)


def _answer(stream: TextIO, message: dict[str, Any]) -> None:
    stream.write(json.dumps(message) + "\n")
    stream.flush()


def _serve(voice: Voice, requests: TextIO, replies: TextIO) -> None:
    for line in requests:
        if not line.strip():
            continue
        ident: object = None
        try:
            request = json.loads(line)
            ident = request.get("id")
            if request.get("op") == "voices":
                _answer(replies, {"id": ident, "ok": True, "voices": voice.voices()})
                continue
            seconds = voice.render(
                str(request["text"]),
                request.get("voice"),
                int(request.get("rate", 200)),
                float(request.get("volume", 1.0)),
                Path(request["out"]),
            )
            answer = {"id": ident, "ok": True, "seconds": seconds, "attempts": voice.attempts}
            _answer(replies, answer)
        except Exception as error:  # one bad phrase must not end the worker
            _answer(
                replies, {"id": ident, "ok": False, "error": f"{type(error).__name__}: {error}"}
            )


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    os.umask(0o077)  # what it writes (the phrases, their temporary files) is 600
    replies = _protocol_stream()
    try:
        voice = Voice()
    except Exception as error:
        text = f"{type(error).__name__}: {error}"
        missing = isinstance(error, OSError) or "espeak" in text.lower()
        _answer(replies, {"event": "failed", "error": text, "missing": missing})
        return 3
    if args == ["--voices"]:
        _answer(replies, {"event": "voices", "voices": voice.voices()})
        return 0
    _answer(replies, {"event": "ready"})
    _serve(voice, sys.stdin, replies)
    return 0


if __name__ == "__main__":
    sys.exit(main())
