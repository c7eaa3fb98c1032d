"""Settings live in the data folder, survive a restart, and tolerate a damaged file."""

from __future__ import annotations

import stat
from pathlib import Path

from hipcoach.adapters.settings_file import SETTINGS_FILE, load_settings, save_settings
from hipcoach.core.settings import HowReading, Settings


def test_settings_survive_a_restart_in_the_data_folder(tmp_path: Path) -> None:
    assert load_settings(tmp_path) == Settings()
    chosen = Settings(
        voice="en-gb",
        rate=150,
        volume=0.5,
        beeps=False,
        how_reading=HowReading.NEVER,
        prepare=8,
        rest=20,
        breath=5,
    )
    save_settings(tmp_path, chosen)
    assert load_settings(tmp_path) == chosen
    path = tmp_path / SETTINGS_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert chosen.timings().prepare == 8
    assert "how_reading=never" in path.read_text()


def test_damaged_values_fall_back_one_by_one(tmp_path: Path) -> None:
    (tmp_path / SETTINGS_FILE).write_text(
        "[General]\nrate=fast\nvolume=7\nbeeps=maybe\nbreath=4\nprepare=-3\nhow_reading=often\n"
    )
    loaded = load_settings(tmp_path)
    assert loaded == Settings(breath=4)
