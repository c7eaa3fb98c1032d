"""``hipcoach reminders on | off | status``: the timer and service written, enabled where a
systemd user instance answers, said plainly where none does, and taken away exactly
(docs/command-line.md, "hipcoach remind and hipcoach reminders")."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from hipcoach.cli.main import main

# A stand-in systemctl: "down" answers as in a container (no user instance); "up" as a
# desktop's does, making the link `enable` makes. Every call is written to $CALLS.
FAKE_SYSTEMCTL = """#!/bin/sh
echo "$*" >> "$CALLS"
if [ "$SYSTEMD_STATE" = down ]; then
  echo "Failed to connect to bus: No medium found" >&2
  exit 1
fi
units="$XDG_CONFIG_HOME/systemd/user"
case "$2" in
  enable) mkdir -p "$units/timers.target.wants"
          ln -sf "$units/$4" "$units/timers.target.wants/$4" ;;
  disable) rm -f "$units/timers.target.wants/$4" ;;
  show) echo ActiveState=active; echo UnitFileState=enabled
        echo "NextElapseUSecRealtime=Tue 2026-12-01 18:30:00 CET" ;;
esac
exit 0
"""


@pytest.fixture
def config_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "config"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(folder))
    return folder


@pytest.fixture
def systemctl(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The fake on PATH, "down" unless a test says otherwise; returns its call log."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "systemctl"
    fake.write_text(FAKE_SYSTEMCTL)
    fake.chmod(0o755)
    calls = tmp_path / "systemctl-calls"
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("CALLS", str(calls))
    monkeypatch.setenv("SYSTEMD_STATE", "down")
    return calls


def units(config_home: Path) -> Path:
    return config_home / "systemd" / "user"


def test_on_without_a_user_instance_writes_the_units_and_says_how_to_start_one(
    config_home: Path,
    systemctl: Path,
    data_dir: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["--data-dir", str(data_dir), "reminders", "on", "--at", "18:30"]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        "Reminder set for 18:30 daily; the timer is written but not active: no systemd "
        "user instance answered (start one with a desktop login, then run `hipcoach "
        "reminders on` again)"
    ]
    assert err == ""
    timer = (units(config_home) / "hipcoach-remind.timer").read_text()
    service = (units(config_home) / "hipcoach-remind.service").read_text()
    assert "OnCalendar=*-*-* 18:30:00" in timer
    assert "Unit=hipcoach-remind.service" in timer
    assert "WantedBy=timers.target" in timer
    (exec_start,) = [line for line in service.splitlines() if line.startswith("ExecStart=")]
    program, *rest = exec_start.removeprefix("ExecStart=").split()
    assert Path(program).is_absolute() and os.access(program, os.X_OK)
    assert rest == ["--data-dir", str(data_dir.absolute()), "remind"]
    assert "KillMode=process" in service  # the window a Start opens outlives the service
    # --at is the plan's reminder time; the default plan is written out around it.
    plan = (data_dir / "plan.toml").read_text()
    assert '[reminder]\nat = "18:30"' in plan
    assert 'id = "hip-strength"' in plan and "after_run = true" in plan
    assert (data_dir / "plan.toml").stat().st_mode & 0o777 == 0o600


def test_the_units_pass_systemd_analyze_verify(
    config_home: Path, systemctl: Path, data_dir: Path
) -> None:
    verify = shutil.which("systemd-analyze")
    assert verify is not None, "systemd-analyze is missing: scripts/system-deps.sh installs it"
    assert main(["--data-dir", str(data_dir), "reminders", "on"]) == 0
    files = sorted(units(config_home).glob("hipcoach-remind.*"))
    checked = subprocess.run(
        [verify, "verify", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert checked.returncode == 0, checked.stderr
    assert "hipcoach" not in checked.stderr, checked.stderr


def test_on_uses_the_plans_time_and_days_and_keeps_the_rest_of_the_plan(
    config_home: Path, systemctl: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    plan = (
        'format = 1\n\n# my plan\n[[routine]]\nid = "hip-strength"\nper_week = 2\n\n'
        '[reminder]  # evenings\nat = "07:15"\ndays = ["mon", "fri", "wed"]\n'
    )
    (data_dir / "plan.toml").write_text(plan)
    assert main(["--data-dir", str(data_dir), "reminders", "on"]) == 0
    assert "Reminder set for 07:15 on Mon, Wed, Fri" in capsys.readouterr().out
    timer = (units(config_home) / "hipcoach-remind.timer").read_text()
    assert "OnCalendar=Mon,Wed,Fri *-*-* 07:15:00" in timer
    assert (data_dir / "plan.toml").read_text() == plan  # without --at, the plan is read only
    assert main(["--data-dir", str(data_dir), "reminders", "on", "--at", "19:05"]) == 0
    assert (data_dir / "plan.toml").read_text() == plan.replace("07:15", "19:05")


def test_with_a_user_instance_on_enables_status_reports_and_off_removes_it_all(
    config_home: Path,
    systemctl: Path,
    data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("SYSTEMD_STATE", "up")
    assert main(["--data-dir", str(data_dir), "reminders", "on", "--at", "18:30"]) == 0
    assert capsys.readouterr().out == "Reminder set for 18:30 daily: the timer is active\n"
    assert "--user enable --now hipcoach-remind.timer" in systemctl.read_text()
    assert (units(config_home) / "timers.target.wants" / "hipcoach-remind.timer").is_symlink()

    assert main(["--data-dir", str(data_dir), "reminders", "status"]) == 0
    status = capsys.readouterr().out
    assert "hipcoach-remind.timer (OnCalendar=*-*-* 18:30:00)" in status
    assert "remind)" in status
    assert "Active: yes, next at Tue 2026-12-01 18:30:00 CET" in status

    assert main(["--data-dir", str(data_dir), "reminders", "off"]) == 0
    assert "--user disable --now hipcoach-remind.timer" in systemctl.read_text()
    assert not config_home.exists()  # on made every folder of it, so off took them away
    assert main(["--data-dir", str(data_dir), "reminders", "status"]) == 0
    assert capsys.readouterr().out.endswith(
        "No reminder is set (hipcoach reminders on [--at HH:MM] sets one).\n"
    )


def test_off_leaves_what_was_there_before_and_what_is_not_hipcoachs(
    config_home: Path, systemctl: Path, data_dir: Path
) -> None:
    folder = units(config_home)
    folder.mkdir(parents=True)
    (folder / "backup.service").write_text("[Service]\nExecStart=/bin/true\n")
    assert main(["--data-dir", str(data_dir), "reminders", "on"]) == 0
    assert main(["--data-dir", str(data_dir), "reminders", "off"]) == 0
    assert sorted(p.name for p in folder.iterdir()) == ["backup.service"]
    assert main(["--data-dir", str(data_dir), "reminders", "off"]) == 0  # nothing left: fine


def test_a_unit_of_that_name_written_by_someone_else_is_never_replaced(
    config_home: Path, systemctl: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = units(config_home)
    folder.mkdir(parents=True)
    theirs = folder / "hipcoach-remind.timer"
    theirs.write_text("[Timer]\nOnCalendar=daily\n")
    assert main(["--data-dir", str(data_dir), "reminders", "on"]) == 1
    assert "was not written by hipcoach" in capsys.readouterr().err
    assert theirs.read_text() == "[Timer]\nOnCalendar=daily\n"
    assert main(["--data-dir", str(data_dir), "reminders", "off"]) == 0
    assert theirs.exists()


def test_status_with_nothing_installed(
    config_home: Path, systemctl: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--data-dir", str(data_dir), "reminders", "status"]) == 0
    assert capsys.readouterr().out == (
        "No reminder is set (hipcoach reminders on [--at HH:MM] sets one).\n"
    )


@pytest.mark.parametrize("given", ["25:00", "6pm", "18:5", "18:60"])
def test_a_time_that_is_not_hh_mm_is_bad_input(
    given: str, config_home: Path, systemctl: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["reminders", "on", "--at", given]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "HH:MM" in err
    assert not config_home.exists()


def test_a_plan_that_does_not_read_is_reported_by_line_and_left_alone(
    config_home: Path, systemctl: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / "plan.toml").write_text('format = 1\n[reminder]\nat = "late"\n')
    assert main(["--data-dir", str(data_dir), "reminders", "on"]) == 2
    assert capsys.readouterr().err.startswith(f"{data_dir / 'plan.toml'}:2: reminder: at:")
    (data_dir / "plan.toml").write_text("format = 1\n[reminder\n")
    assert main(["--data-dir", str(data_dir), "reminders", "on", "--at", "18:00"]) == 2
    assert capsys.readouterr().err.startswith(f"{data_dir / 'plan.toml'}:2: ")
    assert (data_dir / "plan.toml").read_text() == "format = 1\n[reminder\n"
    assert not config_home.exists()


def test_settings_moves_an_installed_timer_as_on_would_and_leaves_an_absent_one_off(
    config_home: Path, systemctl: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import time

    from hipcoach.application.reminder_time import SystemdTimer

    timer = SystemdTimer(data_dir)
    assert timer.follow(time(7, 30), None).installed is False  # Settings never turns it on
    assert not units(config_home).exists()

    monkeypatch.setenv("SYSTEMD_STATE", "up")
    assert main(["--data-dir", str(data_dir), "reminders", "on", "--at", "18:00"]) == 0
    before = (units(config_home) / "hipcoach-remind.service").read_text()
    state = timer.follow(time(7, 30), (5, 6))
    assert "OnCalendar=Sat,Sun *-*-* 07:30:00" in (
        (units(config_home) / "hipcoach-remind.timer").read_text()
    )
    assert (units(config_home) / "hipcoach-remind.service").read_text() == before
    assert systemctl.read_text().splitlines()[-3:] == [
        "--user daemon-reload",
        "--user enable --now hipcoach-remind.timer",
        "--user show hipcoach-remind.timer "
        "--property=ActiveState,UnitFileState,NextElapseUSecRealtime",
    ]
    assert state.words(time(7, 30), (5, 6)) == "Reminders on at 07:30 on Sat, Sun."
    assert state.words(time(9, 0), None).startswith("Reminders are on at another time")
