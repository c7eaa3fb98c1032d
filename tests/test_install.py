"""A non-editable install carries the built-in routines and sounds inside the package."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO


def run(*args: str | Path, cwd: Path) -> str:
    result = subprocess.run(
        [str(a) for a in args], cwd=cwd, capture_output=True, text=True, timeout=600, check=False
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def test_a_wheel_install_in_a_clean_venv_finds_routines_and_sounds(tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", venv, cwd=tmp_path)
    pip = venv / "bin" / "pip"
    python = venv / "bin" / "python"
    # Only the package and what the listing imports: the Qt wheels are not needed to list.
    run(pip, "install", "--quiet", "--no-deps", REPO, cwd=tmp_path)
    run(
        pip,
        "install",
        "--quiet",
        "platformdirs==4.14.7",
        "SQLAlchemy==2.1.9",
        "alembic==1.20.1",
        "regex==2026.11.19",
        cwd=tmp_path,
    )

    where = run(
        python,
        "-c",
        "import hipcoach.adapters.paths as p; print(p.built_in_routines()); print(p.sounds())",
        cwd=tmp_path,
    ).split()
    site = venv / "lib"
    assert all(Path(w).is_relative_to(site) for w in where), where
    assert {p.name for p in Path(where[1]).glob("*.wav")} >= {"tick.wav", "go.wav", "end.wav"}
    package = Path(where[0]).parents[1]  # .../site-packages/hipcoach
    for shipped in (
        "ui/desktop/hipcoach.desktop",
        "ui/desktop/hipcoach-256.png",
        "ui/common/images/check-light.svg",
        "adapters/history/migrations/env.py",
    ):
        assert (package / shipped).is_file(), shipped
    # Test doubles live in tests/, never in what users install.
    installed = [p.relative_to(package).as_posix() for p in package.rglob("*.py")]
    doubles = [name for name in installed if "fake" in name or "recording" in name]
    assert installed and not doubles, doubles
    assert not (package.parent / "tests").exists()

    listing = run(
        python,
        "-m",
        "hipcoach",
        "--data-dir",
        tmp_path / "data",
        "routines",
        "--json",
        cwd=tmp_path,
    )
    ids = {row["id"] for row in json.loads(listing)}
    assert {"post-run-stretch", "hip-strength", "yoga-hip-flow", "foam-roll"} <= ids
    # The history's migrations ship inside the package too: a new database is made with them.
    history = run(
        python, "-m", "hipcoach", "--data-dir", tmp_path / "data", "history", "--json", cwd=tmp_path
    )
    assert json.loads(history) == []
    assert (tmp_path / "data" / "history.sqlite3").is_file()
