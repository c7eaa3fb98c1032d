"""With nothing to play through, a session still runs to its end and says once why it is silent."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from hipcoach.adapters.audio.player import AudioCuePlayer, make_cue_player
from hipcoach.application.session import explained
from hipcoach.core.cue_player import SilentPlayer
from hipcoach.core.cues import make_script
from hipcoach.core.plan import make_plan
from hipcoach.core.routine_file import parse_routine
from hipcoach.core.settings import HowReading
from tests.adapters.audio.conftest import PIPEWIRE_ABSENT
from tests.adapters.audio.silent_session import ROUTINE

REPO = Path(__file__).resolve().parents[3]
FAILING_ENGINE = [
    sys.executable,
    "-c",
    "import json; print(json.dumps({'event': 'failed', 'missing': True, "
    "'error': 'OSError: libespeak-ng.so.1: cannot open shared object file'}))",
]


def run_quiet_session(tmp_path: Path, **env: str) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-m", "tests.adapters.audio.silent_session", str(tmp_path / "phrases")],
        cwd=REPO,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    report = json.loads(done.stdout.splitlines()[-1])
    assert isinstance(report, dict)
    return report


def test_no_sound_server_gives_one_line_and_the_session_still_ends(tmp_path: Path) -> None:
    report = run_quiet_session(tmp_path, PULSE_SERVER=f"unix:{tmp_path}/no-such-server")
    reason = report["reason"]
    assert isinstance(reason, str) and reason
    assert "\n" not in reason
    assert "sound server" in reason and "screen" in reason
    assert report["player"] == "SilentPlayer"
    assert report["outcome"] == "finished"
    routine = parse_routine(ROUTINE.encode(), "quiet.toml", "quiet")
    plan = make_plan(routine, explain=explained(routine, HowReading.ALWAYS, {}, 200))
    every_cue = sum(len(cues) for cues in make_script(plan).phases)
    assert report["cues"] == every_cue


@pytest.mark.qt_log_ignore(*PIPEWIRE_ABSENT)
def test_no_speech_engine_keeps_the_beeps_and_says_what_to_install(
    qtbot: QtBot, sound_sink: str, tmp_path: Path
) -> None:
    player = make_cue_player(tmp_path, speech_command=FAILING_ENGINE)
    try:
        assert isinstance(player, AudioCuePlayer)
        player.prepare(["Get ready."], sounds=True)
        qtbot.waitUntil(player.ready, timeout=20000)  # the session starts: said by then
        reason = player.silent_reason()
        assert reason is not None and "\n" not in reason
        assert "install espeak-ng" in reason and "cue sounds still play" in reason
    finally:
        player.close()


@pytest.mark.qt_log_ignore(*PIPEWIRE_ABSENT)
def test_voice_alone_without_a_speech_engine_is_silent_and_says_why(
    qtbot: QtBot, sound_sink: str, tmp_path: Path
) -> None:
    player = make_cue_player(tmp_path, sounds=False, speech_command=FAILING_ENGINE)
    try:
        player.prepare(["Get ready."], sounds=False)
        qtbot.waitUntil(player.ready, timeout=20000)
        reason = player.silent_reason()
        assert reason is not None and "\n" not in reason
        assert "install espeak-ng" in reason and "cue sounds" not in reason
    finally:
        player.close()


def test_nothing_to_play_when_voice_and_sounds_are_off(qtbot: QtBot, tmp_path: Path) -> None:
    player = make_cue_player(tmp_path, voice=False, sounds=False)
    assert isinstance(player, SilentPlayer)
    assert player.silent_reason() == "voice and sounds are both turned off"
