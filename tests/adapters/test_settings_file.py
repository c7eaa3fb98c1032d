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
        flash=True,
        routine_timings=False,
        prepare=8,
        switch=3,
        rest=20,
        breath=5,
    )
    save_settings(tmp_path, chosen)
    assert load_settings(tmp_path) == chosen
    path = tmp_path / SETTINGS_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    text = path.read_text()
    for line in (
        "flash=true",
        "routine_timings=false",
        "prepare=8",
        "switch=3",
        "rest=20",
        "how_reading=never",
    ):
        assert line in text.splitlines(), line  # readable, and editable by hand


def test_damaged_values_fall_back_one_by_one(tmp_path: Path) -> None:
    (tmp_path / SETTINGS_FILE).write_text(
        "[General]\nrate=fast\nvolume=7\nbeeps=maybe\nbreath=4\nprepare=-3\n"
        "switch=700\nflash=sometimes\nroutine_timings=false\nhow_reading=often\n"
    )
    loaded = load_settings(tmp_path)
    assert loaded == Settings(breath=4, routine_timings=False)


def test_a_time_changed_before_the_choice_existed_applies_to_every_routine(
    tmp_path: Path,
) -> None:
    (tmp_path / SETTINGS_FILE).write_text("[General]\nprepare=9\n")
    assert load_settings(tmp_path) == Settings(prepare=9, routine_timings=False)
    (tmp_path / SETTINGS_FILE).write_text("[General]\nprepare=5\nbreath=4\n")  # the default
    assert load_settings(tmp_path) == Settings(breath=4)


def test_the_desktops_last_look_is_kept_beside_the_settings_not_among_them(
    tmp_path: Path,
) -> None:
    from hipcoach.adapters.settings_file import remember_dark, remembered_dark

    assert remembered_dark(tmp_path) is None  # never seen: the first frame guesses
    save_settings(tmp_path, Settings(rate=150))
    remember_dark(tmp_path, True)
    assert remembered_dark(tmp_path) is True
    assert load_settings(tmp_path) == Settings(rate=150), "the settings are untouched"
    save_settings(tmp_path, Settings(rate=160))
    assert remembered_dark(tmp_path) is True, "saving the settings keeps it"
    remember_dark(tmp_path, False)
    assert remembered_dark(tmp_path) is False
    path = tmp_path / SETTINGS_FILE
    assert "[window]" in path.read_text().splitlines()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    path.write_text("[window]\ndesktop_dark=\U0001f311\x07\n", encoding="utf-8")
    assert remembered_dark(tmp_path) is None, "a damaged value is as if never seen"


def test_a_look_that_cannot_be_kept_costs_nothing_else(tmp_path: Path) -> None:
    from hipcoach.adapters.settings_file import remember_dark, remembered_dark

    tmp_path.chmod(0o500)  # read-only folder (root ignores it: then it is simply kept)
    try:
        remember_dark(tmp_path, True)  # no error
        assert remembered_dark(tmp_path) in (True, None)
    finally:
        tmp_path.chmod(0o700)
