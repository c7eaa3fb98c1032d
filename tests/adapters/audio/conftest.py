"""A real sound server for the audio tests, and what every audio test ignores in Qt's log.

``make test`` runs pytest under scripts/with-sound-server.sh, which sets HIPCOACH_TEST_SINK.
Run any other way, the tests start the same private PulseAudio themselves (the command
below mirrors the script), or fail saying how to get one: a playback test never skips.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

SINK = "hipcoach_null"

# QtMultimedia 6.12 warns once per process, when it first looks for audio backends, that
# libpipewire is not installed; PulseAudio is used and all is well.
PIPEWIRE_ABSENT = [
    r"Couldn't load pipewire-0\.3 library",
    r"Couldn't resolve pipewire-0\.3 symbols",
]


def _start_pulseaudio(runtime: Path) -> subprocess.Popen[bytes]:
    log = (runtime / "pulse.log").open("wb")
    with log:
        return subprocess.Popen(
            [
                "pulseaudio",
                "--daemonize=no",
                "--exit-idle-time=-1",
                "--disallow-exit",
                "-n",
                f"--load=module-native-protocol-unix socket={runtime}/native auth-anonymous=1",
                f"--load=module-null-sink sink_name={SINK} rate=48000",
                "--load=module-always-sink",
            ],
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**os.environ, "XDG_RUNTIME_DIR": str(runtime)},
        )


@pytest.fixture(scope="session")
def sound_sink() -> Iterator[str]:
    """The name of a null sink that plays into nothing and can be recorded."""
    existing = os.environ.get("HIPCOACH_TEST_SINK")
    if existing:
        yield existing
        return
    if shutil.which("pulseaudio") is None or shutil.which("parec") is None:
        pytest.fail(
            "the audio tests need a sound server: install pulseaudio and pulseaudio-utils "
            "(scripts/system-deps.sh), or run them with scripts/with-sound-server.sh"
        )
    runtime = Path(tempfile.mkdtemp(prefix="hipcoach-pulse."))
    runtime.chmod(0o700)
    server = _start_pulseaudio(runtime)
    saved = {
        k: os.environ.get(k) for k in ("XDG_RUNTIME_DIR", "PULSE_RUNTIME_PATH", "PULSE_SERVER")
    }
    os.environ["XDG_RUNTIME_DIR"] = str(runtime)
    os.environ["PULSE_RUNTIME_PATH"] = str(runtime / "pulse")
    os.environ["PULSE_SERVER"] = f"unix:{runtime}/native"
    try:
        deadline = time.monotonic() + 5
        while not (runtime / "native").is_socket():
            if time.monotonic() > deadline or server.poll() is not None:
                log = (runtime / "pulse.log").read_text(errors="replace")
                pytest.fail(f"pulseaudio did not start: {log.strip()[-500:]}")
            time.sleep(0.05)
        yield SINK
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(runtime, ignore_errors=True)


@pytest.fixture(scope="session")
def phrase_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One speech cache for the whole run: phrases rendered by one test serve the next."""
    return tmp_path_factory.mktemp("phrases")
