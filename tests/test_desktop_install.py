"""``make install`` puts hipcoach in the menu of a user's home; ``make uninstall`` leaves that
home as it found it (tools/desktop_install.py)."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

TOOL = REPO / "tools" / "desktop_install.py"
SHIPPED = REPO / "hipcoach" / "ui" / "desktop"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def tool(action: str, home: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k != "XDG_DATA_HOME"}
    environment.update(HOME=str(home), **env)
    return subprocess.run(
        [sys.executable, str(TOOL), action],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def tree(root: Path) -> dict[str, str]:
    """Every file and folder under ``root``, with each file's checksum."""
    found = {}
    for path in sorted(root.rglob("*")):
        name = path.relative_to(root).as_posix()
        found[name] = "dir" if path.is_dir() else hashlib.sha256(path.read_bytes()).hexdigest()
    return found


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """A home with a little of its own: an unrelated launcher and a file in ~/.local/bin."""
    folder = tmp_path / "home"
    (folder / ".local" / "share" / "applications").mkdir(parents=True)
    (folder / ".local" / "share" / "applications" / "other.desktop").write_text("[Desktop Entry]\n")
    (folder / ".local" / "bin").mkdir()
    (folder / ".local" / "bin" / "other").write_text("#!/bin/sh\n")
    return folder


def test_install_writes_the_launcher_icons_and_command_and_uninstall_undoes_exactly_that(
    home: Path, tmp_path: Path
) -> None:
    before = tree(home)
    installed = tool("install", home)
    assert installed.returncode == 0, installed.stderr

    share = home / ".local" / "share"
    desktop = share / "applications" / "hipcoach.desktop"
    command = home / ".local" / "bin" / "hipcoach"
    icons = share / "icons" / "hicolor"
    expected = {desktop, command, share / "hipcoach.install.json"}
    expected |= {icons / f"{n}x{n}" / "apps" / "hipcoach.png" for n in SIZES}
    expected.add(icons / "scalable" / "apps" / "hipcoach.svg")
    written = {p for p in home.rglob("*") if p.is_file()} - {
        home / n for n, kind in before.items() if kind != "dir"
    }
    assert written == expected
    for n in SIZES:
        shipped = (SHIPPED / f"hipcoach-{n}.png").read_bytes()
        assert (icons / f"{n}x{n}" / "apps" / "hipcoach.png").read_bytes() == shipped

    # The launcher passes the validator and runs the command by its absolute path.
    validator = shutil.which("desktop-file-validate")
    assert validator, "desktop-file-validate is missing: run make (scripts/system-deps.sh)"
    check = subprocess.run([validator, str(desktop)], capture_output=True, text=True, check=False)
    assert check.returncode == 0 and not check.stdout, check.stdout
    entry = dict(line.split("=", 1) for line in desktop.read_text().splitlines() if "=" in line)
    assert entry["Exec"] == f"{command} gui %F"  # the menu or a file manager passes files
    assert entry["MimeType"] == "application/toml;"
    assert entry["Icon"] == "hipcoach"

    # The installed command is this checkout's hipcoach.
    assert command.stat().st_mode & stat.S_IXUSR
    data = tmp_path / "data"
    ran = subprocess.run(
        [str(command), "--data-dir", str(data), "routines", "--json"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert ran.returncode == 0, ran.stderr
    assert "post-run-stretch" in {row["id"] for row in json.loads(ran.stdout)}

    # Installing again changes nothing but what it owns; uninstall leaves the home as it was.
    again = tool("install", home)
    assert again.returncode == 0, again.stderr
    removed = tool("uninstall", home)
    assert removed.returncode == 0, removed.stderr
    assert tree(home) == before
    assert tool("uninstall", home).returncode == 0  # nothing left to remove is no error


def test_xdg_data_home_is_respected(home: Path, tmp_path: Path) -> None:
    data_home = tmp_path / "xdg-data"
    installed = tool("install", home, XDG_DATA_HOME=str(data_home))
    assert installed.returncode == 0, installed.stderr
    assert (data_home / "applications" / "hipcoach.desktop").is_file()
    assert (data_home / "icons" / "hicolor" / "48x48" / "apps" / "hipcoach.png").is_file()
    assert not (home / ".local" / "share" / "icons").exists()
    assert tool("uninstall", home, XDG_DATA_HOME=str(data_home)).returncode == 0
    assert not data_home.exists()  # it made the folder, so it took it away


def test_a_file_install_did_not_write_is_never_overwritten_or_removed(home: Path) -> None:
    theirs = home / ".local" / "bin" / "hipcoach"
    theirs.write_text("#!/bin/sh\necho another hipcoach\n")
    before = tree(home)
    refused = tool("install", home)
    assert refused.returncode == 1
    assert "was not written by make install" in refused.stderr
    assert tree(home) == before


def test_a_launcher_changed_after_install_is_left_in_place(home: Path) -> None:
    assert tool("install", home).returncode == 0
    desktop = home / ".local" / "share" / "applications" / "hipcoach.desktop"
    desktop.write_text(desktop.read_text() + "NoDisplay=true\n")
    removed = tool("uninstall", home)
    assert removed.returncode == 0
    assert f"left {desktop}" in removed.stdout
    assert desktop.is_file()
    assert not (home / ".local" / "bin" / "hipcoach").exists()
