"""Put hipcoach in the user's menu, and take it out again: ``make install`` / ``make uninstall``.

``install`` writes the launcher (``applications/hipcoach.desktop``, checked with
``desktop-file-validate``), the icon at every size it is drawn in
(``icons/hicolor/NxN/apps/hipcoach.png`` and ``scalable/apps/hipcoach.svg``) under
``$XDG_DATA_HOME`` (else ``~/.local/share``), and a ``hipcoach`` command in ``~/.local/bin``
that runs this checkout's install (its ``.venv``). It keeps a manifest of every file and
folder it made, with each file's checksum, in ``$XDG_DATA_HOME/hipcoach.install.json``.

``uninstall`` removes what the manifest lists and nothing else: a file changed since is
left where it is (and said), a folder is removed only when it is empty, then the manifest
goes too. A file of the same name that ``install`` did not write (another hipcoach, a copy
made by hand that differs) is never overwritten: install stops and says so.

Standard library only, so ``make uninstall`` works without the venv.
Usage: python tools/desktop_install.py install [--command PATH] | uninstall
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHIPPED = REPO / "hipcoach" / "ui" / "desktop"
APP_ID = "hipcoach"
MANIFEST = "hipcoach.install.json"
MANIFEST_FORMAT = 1
# Exec arguments with these are quoted (the Desktop Entry specification, "The Exec key").
_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")


class InstallError(Exception):
    """Something the user must sort out first: one line, exit 1."""


@dataclass(frozen=True)
class Places:
    home: Path
    data: Path  # $XDG_DATA_HOME, else ~/.local/share
    bin: Path  # ~/.local/bin

    @classmethod
    def from_environment(cls) -> Places:
        home = Path(os.environ.get("HOME") or Path.home())
        data_home = os.environ.get("XDG_DATA_HOME", "")
        # The specification ignores a relative XDG_DATA_HOME.
        data = Path(data_home) if Path(data_home).is_absolute() else home / ".local" / "share"
        return cls(home=home, data=data, bin=home / ".local" / "bin")

    @property
    def manifest(self) -> Path:
        return self.data / MANIFEST


def default_command() -> Path:
    """The console script of the environment this runs in: ``.venv/bin/hipcoach``."""
    return Path(sys.prefix) / "bin" / APP_ID


def desktop_exec_argument(path: Path) -> str:
    """``path`` as one Exec argument, quoted where the specification asks, ``%`` doubled."""
    text = str(path).replace("%", "%%")
    if not _RESERVED & set(text):
        return text
    quoted = "".join("\\" + c if c in '"`$\\' else c for c in text)
    # A desktop file's string values escape the backslash once more.
    return '"' + quoted.replace("\\", "\\\\") + '"'


def launcher_text(command: Path) -> str:
    """The shipped launcher, pointed at the installed command by its absolute path (a menu
    started at login may not have ~/.local/bin on its PATH)."""
    lines = []
    for line in (SHIPPED / f"{APP_ID}.desktop").read_text(encoding="utf-8").splitlines():
        if line.startswith("Exec="):
            lines.append(f"TryExec={desktop_exec_argument(command)}")
            lines.append(f"Exec={desktop_exec_argument(command)} gui %F")
        elif not line.startswith("TryExec="):
            lines.append(line)
    return "\n".join(lines) + "\n"


def command_text(target: Path) -> str:
    quoted = shlex.quote(str(target))
    return (
        "#!/bin/sh\n"
        f"# hipcoach, as installed by `make install` in {shlex.quote(str(REPO))};\n"
        "# `make uninstall` there removes this file.\n"
        f"command={quoted}\n"
        'if [ ! -x "$command" ]; then\n'
        '  echo "hipcoach: $command is gone; run make install again in the checkout" >&2\n'
        "  exit 1\n"
        "fi\n"
        'exec "$command" "$@"\n'
    )


def planned_files(places: Places, command: Path) -> dict[Path, tuple[bytes, int]]:
    """Every file install writes: its content and mode."""
    files: dict[Path, tuple[bytes, int]] = {}
    launcher = places.bin / APP_ID
    files[launcher] = (command_text(command).encode(), 0o755)
    desktop = places.data / "applications" / f"{APP_ID}.desktop"
    files[desktop] = (launcher_text(launcher).encode(), 0o644)
    icons = places.data / "icons" / "hicolor"
    for png in sorted(SHIPPED.glob(f"{APP_ID}-*.png")):
        size = png.stem.rsplit("-", 1)[1]
        files[icons / f"{size}x{size}" / "apps" / f"{APP_ID}.png"] = (png.read_bytes(), 0o644)
    svg = SHIPPED / f"{APP_ID}.svg"
    files[icons / "scalable" / "apps" / f"{APP_ID}.svg"] = (svg.read_bytes(), 0o644)
    return files


def _digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def _file_digest(path: Path) -> str | None:
    try:
        return _digest(path.read_bytes())
    except OSError:
        return None


def read_manifest(places: Places) -> dict[str, object] | None:
    try:
        loaded = json.loads(places.manifest.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as error:
        raise InstallError(f"cannot read {places.manifest}: {error}") from None
    if not isinstance(loaded, dict) or loaded.get("format") != MANIFEST_FORMAT:
        raise InstallError(f"{places.manifest} is not a manifest this tool wrote")
    return loaded


def _listed(manifest: dict[str, object] | None) -> tuple[dict[str, str], list[str]]:
    if manifest is None:
        return {}, []
    files = manifest.get("files", {})
    folders = manifest.get("folders", [])
    assert isinstance(files, dict) and isinstance(folders, list)
    return {str(k): str(v) for k, v in files.items()}, [str(f) for f in folders]


def _write(path: Path, content: bytes, mode: int) -> None:
    """Whole or not at all: a temporary file beside it, then a rename."""
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    temporary = Path(name)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(content)
            out.flush()
            os.fsync(out.fileno())
        temporary.chmod(mode)
        temporary.replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise


def _make_folders(path: Path, made: list[str]) -> None:
    missing = []
    for parent in [path, *path.parents]:
        if parent.exists():
            break
        missing.append(parent)
    for folder in reversed(missing):
        folder.mkdir()
        made.append(str(folder))


def install(places: Places, command: Path, out: list[str]) -> None:
    if not os.access(command, os.X_OK):
        raise InstallError(f"{command} is not there to run: run `make` first to build .venv")
    previous = read_manifest(places)
    owned, folders = _listed(previous)
    files = planned_files(places, command.absolute())
    for path, (content, _mode) in files.items():
        if path.is_symlink() or path.is_dir():
            raise InstallError(f"{path} is in the way (not a plain file); move it away first")
        existing = _file_digest(path)
        if existing is None or existing == _digest(content) or owned.get(str(path)) == existing:
            continue
        raise InstallError(f"{path} exists and was not written by make install; move it away first")
    written: dict[str, str] = {}
    for path, (content, mode) in files.items():
        _make_folders(path.parent, folders)
        _write(path, content, mode)
        written[str(path)] = _digest(content)
        out.append(f"wrote {path}")
    # An earlier install's files that this one no longer writes go now (if unchanged).
    for stale, digest in owned.items():
        if stale not in written and _file_digest(Path(stale)) == digest:
            Path(stale).unlink()
            out.append(f"removed {stale}")
    _make_folders(places.manifest.parent, folders)
    manifest = {
        "format": MANIFEST_FORMAT,
        "checkout": str(REPO),
        "command": str(command.absolute()),
        "files": written,
        "folders": folders,
    }
    _write(places.manifest, (json.dumps(manifest, indent=2) + "\n").encode(), 0o644)
    _validate(places.data / "applications" / f"{APP_ID}.desktop")
    path_dirs = [Path(p) for p in os.environ.get("PATH", "").split(os.pathsep) if p]
    if places.bin not in path_dirs:
        out.append(
            f"note: {places.bin} is not on your PATH; the menu entry works anyway, "
            f"or add it to PATH to type `hipcoach`"
        )
    out.append("hipcoach is in your menu; `make uninstall` takes it out again")


def _validate(desktop: Path) -> None:
    validator = shutil.which("desktop-file-validate")
    if validator is None:
        return  # make installs it (scripts/system-deps.sh); the tests insist on it
    result = subprocess.run(
        [validator, str(desktop)], capture_output=True, text=True, timeout=30, check=False
    )
    if result.returncode != 0 or result.stdout.strip():
        raise InstallError(f"desktop-file-validate refused {desktop}: {result.stdout.strip()}")


def uninstall(places: Places, out: list[str]) -> None:
    manifest = read_manifest(places)
    if manifest is None:
        out.append(f"nothing to remove: no {places.manifest} (make install writes it)")
        return
    files, folders = _listed(manifest)
    for name, digest in files.items():
        path = Path(name)
        current = _file_digest(path)
        if current is None:
            continue
        if current != digest:
            out.append(f"left {path}: it was changed after make install wrote it")
            continue
        path.unlink()
        out.append(f"removed {path}")
    places.manifest.unlink()
    for folder in sorted(folders, key=lambda f: len(Path(f).parts), reverse=True):
        with contextlib.suppress(FileNotFoundError, OSError):
            Path(folder).rmdir()  # only when empty: anything else in it stays


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Put hipcoach in the menu, or take it out.")
    parser.add_argument("action", choices=("install", "uninstall"))
    parser.add_argument(
        "--command",
        type=Path,
        default=None,
        help="the hipcoach command to install (default: this environment's)",
    )
    args = parser.parse_args(argv)
    places = Places.from_environment()
    out: list[str] = []
    try:
        if args.action == "install":
            install(places, args.command or default_command(), out)
        else:
            uninstall(places, out)
    except (InstallError, OSError) as error:
        for line in out:
            print(line)
        print(f"hipcoach: {error}", file=sys.stderr)
        return 1
    for line in out:
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
