"""Speech rendered ahead: every phrase of a session becomes a cached WAV before it is due.

One worker thread owns one child process (``speech_worker``, where pyttsx3 and espeak-ng
live) and feeds it one phrase at a time, in the order the session will need them, with
urgent requests going first. The GUI thread only enqueues and looks up; nothing here
blocks it. Rendered phrases are kept on disk by (text, voice, rate, volume), so a routine
done before speaks at once, and in memory while the session runs.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import stat
import subprocess
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from hipcoach.adapters import paths
from hipcoach.adapters.audio import pcm
from hipcoach.core.errors import KnownError

CACHE_FORMAT = 2  # bump when the worker's output changes (trim, loudness, rate)
START_TIMEOUT = 10.0  # s for the child to load pyttsx3 and espeak-ng
RENDER_TIMEOUT = 30.0  # s for one phrase; espeak-ng needs tens of milliseconds
PRIVATE_FOLDER = 0o700
PRIVATE_FILE = 0o600
MISSING_ENGINE = "spoken cues are off: the espeak-ng speech engine is missing (install espeak-ng)"


@dataclass(frozen=True, slots=True)
class SpeechSettings:
    """How phrases sound; ``voice`` is an espeak-ng voice id (``list_voices``) or None."""

    voice: str | None = None
    rate: int = 200  # words a minute, pyttsx3's default: clear, and short enough for cues
    volume: float = 1.0  # 0..1 of the normalised level


@dataclass(frozen=True, slots=True)
class VoiceInfo:
    id: str
    name: str
    languages: tuple[str, ...] = ()


class SpeechError(KnownError):
    """The speech engine cannot start or answer; ``str()`` is one line for the user."""


def phrase_file(cache_dir: Path, text: str, settings: SpeechSettings) -> Path:
    """Where ``text`` spoken with ``settings`` is cached: one file per distinct rendering."""
    key = json.dumps(
        [CACHE_FORMAT, text, settings.voice, settings.rate, round(settings.volume, 3)],
        ensure_ascii=False,
    )
    return cache_dir / f"{hashlib.sha256(key.encode('utf-8')).hexdigest()[:32]}.wav"


def worker_command() -> list[str]:
    return [sys.executable, "-m", "hipcoach.adapters.audio.speech_worker"]


def _start_worker(command: Sequence[str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        list(command),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        bufsize=1,
        start_new_session=True,  # Ctrl-C in a terminal goes to us, not straight to the child
    )


def _failure_line(message: dict[str, Any]) -> str:
    if message.get("missing"):
        return MISSING_ENGINE
    return f"spoken cues are off: the speech engine failed to start ({message.get('error')})"


def list_voices(command: Sequence[str] | None = None) -> list[VoiceInfo]:
    """The installed espeak-ng voices, for a settings page; takes about 0.15 s."""
    try:
        done = subprocess.run(
            [*(command or worker_command()), "--voices"],
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=START_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise SpeechError(f"cannot list voices: {error}") from None
    lines = done.stdout.splitlines()
    message: dict[str, Any] = (
        json.loads(lines[0]) if lines else {"event": "failed", "error": "no answer"}
    )
    if message.get("event") != "voices":
        raise SpeechError(_failure_line(message))
    return [
        VoiceInfo(str(v["id"]), str(v["name"]), tuple(str(x) for x in v.get("languages", ())))
        for v in message["voices"]
    ]


Rendered = Callable[[str, pcm.Pcm], None]


class SpeechRenderer:
    """Turns phrases into PCM, in order, off the GUI thread; see the module docstring.

    ``on_rendered(text, samples)`` is called on the worker thread as each phrase becomes
    ready; everything else is safe to call from any thread.
    """

    def __init__(
        self,
        cache_dir: Path,
        settings: SpeechSettings | None = None,
        on_rendered: Rendered | None = None,
        command: Sequence[str] | None = None,
    ) -> None:
        self.cache_dir = cache_dir
        self.settings = settings or SpeechSettings()
        self.on_rendered = on_rendered
        self._command = list(command or worker_command())
        self._lock = threading.Condition()
        self._queue: deque[str] = deque()
        self._urgent: deque[str] = deque()
        self._wanted: set[str] = set()
        self._ready: dict[str, pcm.Pcm] = {}
        self._failed: dict[str, str] = {}
        self._started = threading.Event()
        self._failure: str | None = None
        self._closing = False
        self._thread: threading.Thread | None = None
        self.rendered_count = 0  # phrases the engine rendered (not found in the cache)
        self.retries = 0  # renders espeak-ng had to be asked for again (see speech_worker)

    # -- any thread ----------------------------------------------------------------------

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="hipcoach-speech", daemon=True)
            self._thread.start()

    def request(self, phrases: Iterable[str]) -> None:
        """Render these, in this order, after anything asked for before."""
        with self._lock:
            for text in phrases:
                if text and text not in self._wanted:
                    self._wanted.add(text)
                    self._queue.append(text)
            self._lock.notify_all()

    def urgent(self, text: str) -> None:
        """Render this next: it is due now (the live-speech fallback)."""
        with self._lock:
            if text in self._ready or text in self._failed:
                return
            self._wanted.add(text)
            self._urgent.append(text)
            self._lock.notify_all()

    def get(self, text: str) -> pcm.Pcm | None:
        with self._lock:
            return self._ready.get(text)

    def wait_started(self, timeout: float = START_TIMEOUT) -> str | None:
        """Block until the engine answered; return why speech is unavailable, or None."""
        if not self._started.wait(timeout):
            return "spoken cues are off: the speech engine did not start in time"
        return self._failure

    @property
    def started(self) -> bool:
        """The engine answered (or failed to): ``failure`` says which. Never waits."""
        return self._started.is_set()

    def has(self, texts: Iterable[str]) -> bool:
        """Whether every one of ``texts`` is rendered or failed (or the engine failed)."""
        wanted = [t for t in texts if t]
        with self._lock:
            return self._failure is not None or all(
                t in self._ready or t in self._failed for t in wanted
            )

    def wait_for(self, texts: Iterable[str], timeout: float) -> bool:
        """Block until every one of ``texts`` is rendered or failed; False on timeout."""
        wanted = [t for t in texts if t]
        with self._lock:
            return self._lock.wait_for(
                lambda: (
                    self._failure is not None
                    or all(t in self._ready or t in self._failed for t in wanted)
                ),
                timeout,
            )

    @property
    def failure(self) -> str | None:
        return self._failure

    def failed_phrases(self) -> dict[str, str]:
        with self._lock:
            return dict(self._failed)

    def close(self) -> None:
        with self._lock:
            self._closing = True
            self._lock.notify_all()
        if self._thread is not None:
            self._thread.join(timeout=RENDER_TIMEOUT)
            self._thread = None

    # -- the worker thread ---------------------------------------------------------------

    def _run(self) -> None:
        child: subprocess.Popen[str] | None = None
        try:
            _private_cache(self.cache_dir)
            child = _start_worker(self._command)
            assert child.stdin is not None and child.stdout is not None
            hello = _read_message(child.stdout)
            if hello.get("event") != "ready":
                self._fail(_failure_line(hello))
                return
            self._started.set()
            self._serve(child.stdin, child.stdout)
        except Exception as error:  # reported as one line: this thread has no caller to raise to
            self._fail(f"spoken cues are off: the speech engine stopped ({error})")
        finally:
            self._started.set()
            if child is not None:
                _stop_child(child)

    def _fail(self, reason: str) -> None:
        with self._lock:
            self._failure = reason
            self._lock.notify_all()

    def _next(self) -> str | None:
        with self._lock:
            while True:
                if self._closing:
                    return None
                while self._urgent or self._queue:
                    text = (self._urgent or self._queue).popleft()
                    if text not in self._ready and text not in self._failed:
                        return text
                self._lock.wait()

    def _serve(self, requests: IO[str], replies: IO[str]) -> None:
        ident = 0
        while (text := self._next()) is not None:
            path = phrase_file(self.cache_dir, text, self.settings)
            if not path.is_file():
                ident += 1
                request = {
                    "id": ident,
                    "op": "render",
                    "text": text,
                    "voice": self.settings.voice,
                    "rate": self.settings.rate,
                    "volume": self.settings.volume,
                    "out": str(path),
                }
                requests.write(json.dumps(request) + "\n")
                requests.flush()
                reply = _read_message(replies)
                if not reply.get("ok"):
                    self._set_failed(text, str(reply.get("error")))
                    continue
                self.rendered_count += 1
                self.retries += int(reply.get("attempts", 1)) - 1
                with contextlib.suppress(OSError):
                    path.chmod(PRIVATE_FILE)  # the worker makes it so; any worker, though
            try:
                samples = pcm.read_wav(path)
            except pcm.WavError as error:
                path.unlink(missing_ok=True)
                self._set_failed(text, str(error))
                continue
            with self._lock:
                self._ready[text] = samples
                self._lock.notify_all()
            if self.on_rendered is not None:
                self.on_rendered(text, samples)

    def _set_failed(self, text: str, error: str) -> None:
        with self._lock:
            self._failed[text] = error
            self._lock.notify_all()


def _private_cache(folder: Path) -> None:
    """The cache folder 700 (and any folder made above it), its files 600: the phrases
    name the runner's routines and exercises. Files an older hipcoach left are tightened."""
    paths.private_folder(folder)
    if stat.S_IMODE(folder.stat().st_mode) != PRIVATE_FOLDER:
        folder.chmod(PRIVATE_FOLDER)
    for entry in folder.iterdir():
        with contextlib.suppress(OSError):
            info = entry.lstat()
            if stat.S_ISREG(info.st_mode) and info.st_mode & 0o077:
                entry.chmod(PRIVATE_FILE)


def _read_message(stream: IO[str]) -> dict[str, Any]:
    line = stream.readline()
    if not line:
        raise ValueError("the speech worker exited")
    message = json.loads(line)
    if not isinstance(message, dict):
        raise ValueError("the speech worker answered nonsense")
    return message


def _stop_child(child: subprocess.Popen[str]) -> None:
    """Close its input (it exits at end of input), then insist."""
    try:
        if child.stdin is not None:
            child.stdin.close()
    except OSError:
        pass
    try:
        child.wait(timeout=2.0)
    except subprocess.TimeoutExpired:
        child.kill()
        child.wait()
    if child.stdout is not None:
        child.stdout.close()
