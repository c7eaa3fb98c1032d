"""Run files: GPX, TCX and FIT, gzipped or not, each read as one run (start, distance, time).

Files come from watches and services, so they are read as they come: white space before
``<?xml`` (some services write it), a gzip wrapper, a TCX activity in several laps (added
up), a FIT file whose totals are in its session message or, failing that, in its last
record. A file that is not a run gets one line saying why, and costs only itself.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import math
import xml.etree.ElementTree as ElementTree
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from hipcoach.core.regular_file import UnreadableFileError, read_regular
from hipcoach.core.runs import RunSource

MAX_BYTES = 64 * 1024 * 1024  # as read from disk
MAX_UNPACKED = 256 * 1024 * 1024  # once ungzipped: a marathon's GPX is a few MiB
GZIP_MAGIC = b"\x1f\x8b"
_BOM = b"\xef\xbb\xbf"
_SPACE = b" \t\r\n"
_NOT_RUNS = {"biking": "a cycling activity", "cycling": "a cycling activity", "swimming": "a swim"}


class RunFileError(Exception):
    """A file that cannot be read as a run: one line saying why."""


@dataclass(frozen=True, slots=True)
class RunFile:
    """What a file says about its run. ``sha256`` is of its content, ungzipped, so the same
    activity gzipped or not is the same file."""

    source: RunSource
    started_at: datetime
    km: float
    minutes: float | None
    sha256: str


def read_run_file(path: Path) -> RunFile:
    """Read one GPX, TCX or FIT file (gzipped or not); raise RunFileError saying why not."""
    try:
        raw = read_regular(path, MAX_BYTES)
    except UnreadableFileError as error:
        raise RunFileError(str(error)) from None
    if len(raw) > MAX_BYTES:
        raise RunFileError("larger than 64 MiB; no run file is that large")
    data = _ungzipped(raw) if raw.startswith(GZIP_MAGIC) else raw
    return parse_run(data)


def parse_run(data: bytes) -> RunFile:
    """The run in a file's content (not gzipped), by what the content is, whatever its name."""
    digest = hashlib.sha256(data).hexdigest()
    if len(data) >= 12 and data[8:12] == b".FIT":
        return _fit(data, digest)
    text = data.lstrip(_SPACE).removeprefix(_BOM).lstrip(_SPACE)
    if not text.startswith(b"<"):
        raise RunFileError("not a GPX, TCX or FIT file (it does not begin like one)")
    try:
        root = ElementTree.fromstring(text)
    except ElementTree.ParseError as error:
        raise RunFileError(f"not readable XML ({error})") from None
    name = _local(root.tag)
    if name == "gpx":
        return _gpx(text, digest)
    if name == "TrainingCenterDatabase":
        return _tcx(root, digest)
    raise RunFileError(f"an XML file, but not GPX or TCX (its root is <{name[:40]}>)")


def _ungzipped(raw: bytes) -> bytes:
    """The content of a gzip file, refusing one that unpacks to more than MAX_UNPACKED."""
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(raw)) as packed:
            data = packed.read(MAX_UNPACKED + 1)
    except (OSError, EOFError, zlib.error) as error:
        raise RunFileError(f"a damaged gzip file ({error})") from None
    if len(data) > MAX_UNPACKED:
        raise RunFileError("unpacks to more than 256 MiB; no run file is that large")
    return data


def _local(tag: str) -> str:
    """An XML tag without its namespace."""
    return tag.rpartition("}")[2]


def _checked(km: float, seconds: float | None, what: str) -> tuple[float, float | None]:
    if not math.isfinite(km) or km <= 0:
        raise RunFileError(f"not a run: the {what} has no distance")
    if seconds is None or not math.isfinite(seconds) or seconds <= 0:
        return km, None
    return km, seconds / 60


def _utc(moment: datetime) -> datetime:
    """A file's time as an aware UTC time (GPX, TCX and FIT times are UTC when unmarked)."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


# -- GPX ---------------------------------------------------------------------------------------


def _gpx(text: bytes, digest: str) -> RunFile:
    import gpxpy
    import gpxpy.gpx

    try:
        gpx = gpxpy.parse(text.decode("utf-8"))
    except UnicodeDecodeError:
        raise RunFileError("not a GPX file in UTF-8") from None
    except Exception as error:  # gpxpy reads what anyone wrote: any failure costs this file
        raise RunFileError(f"not a readable GPX file ({error})") from None
    if not any(segment.points for track in gpx.tracks for segment in track.segments):
        raise RunFileError("not a GPX activity (no track points)")
    start = gpx.get_time_bounds().start_time
    if start is None:
        raise RunFileError(
            "its track has no times: log the run with `hipcoach runs add --km X --date D`"
        )
    km, minutes = _checked(gpx.length_2d() / 1000, gpx.get_duration(), "track")
    return RunFile(RunSource.GPX, _utc(start), km, minutes, digest)


# -- TCX ---------------------------------------------------------------------------------------


def _children(element: ElementTree.Element, name: str) -> Iterator[ElementTree.Element]:
    return (child for child in element if _local(child.tag) == name)


def _number(element: ElementTree.Element, name: str) -> float | None:
    found = next(_children(element, name), None)
    if found is None or found.text is None:
        return None
    try:
        return float(found.text.strip())
    except ValueError:
        raise RunFileError(f"not a TCX activity ({name} is not a number)") from None


def _tcx(root: ElementTree.Element, digest: str) -> RunFile:
    activity = next(
        (
            a
            for activities in _children(root, "Activities")
            for a in _children(activities, "Activity")
        ),
        None,
    )
    if activity is None:
        raise RunFileError("not a TCX activity (no activity found)")
    sport = (activity.get("Sport") or "").lower()
    if sport in _NOT_RUNS:
        raise RunFileError(f"{_NOT_RUNS[sport]}, not a run")
    laps = list(_children(activity, "Lap"))
    if not laps:
        raise RunFileError("not a TCX activity (no lap found)")
    start_text = laps[0].get("StartTime") or next(
        (i.text for i in _children(activity, "Id") if i.text), None
    )
    if not start_text:
        raise RunFileError("not a TCX activity (its first lap has no start time)")
    try:
        start = datetime.fromisoformat(start_text.strip())
    except ValueError:
        raise RunFileError(
            f'not a TCX activity (its start "{start_text[:40]}" is not a time)'
        ) from None
    metres = sum(_number(lap, "DistanceMeters") or 0.0 for lap in laps)
    seconds = sum(_number(lap, "TotalTimeSeconds") or 0.0 for lap in laps)
    km, minutes = _checked(metres / 1000, seconds, "activity")
    return RunFile(RunSource.TCX, _utc(start), km, minutes, digest)


# -- FIT ---------------------------------------------------------------------------------------


def _fit(data: bytes, digest: str) -> RunFile:
    import fitdecode

    sessions: list[tuple[datetime | None, float | None, float | None, str]] = []
    first_time: datetime | None = None
    last_time: datetime | None = None
    last_distance: float | None = None
    try:
        with fitdecode.FitReader(
            io.BytesIO(data),
            check_crc=fitdecode.CrcCheck.RAISE,
            error_handling=fitdecode.ErrorHandling.RAISE,
        ) as reader:
            for frame in reader:
                if not isinstance(frame, fitdecode.FitDataMessage):
                    continue
                if frame.name == "session":
                    sessions.append(
                        (
                            _fit_time(frame.get_value("start_time", fallback=None)),
                            _fit_number(frame.get_value("total_distance", fallback=None)),
                            _fit_number(frame.get_value("total_timer_time", fallback=None)),
                            str(frame.get_value("sport", fallback="") or ""),
                        )
                    )
                elif frame.name == "record":
                    moment = _fit_time(frame.get_value("timestamp", fallback=None))
                    if moment is not None:
                        first_time = first_time or moment
                        last_time = moment
                    distance = _fit_number(frame.get_value("distance", fallback=None))
                    if distance is not None:
                        last_distance = distance
    except Exception as error:  # fitdecode reads what any device wrote: this file only
        raise RunFileError(f"not a readable FIT file ({error})") from None
    runs = [s for s in sessions if s[3].lower() not in _NOT_RUNS]
    if sessions and not runs:
        raise RunFileError(f"{_NOT_RUNS[sessions[0][3].lower()]}, not a run")
    with_distance = [s for s in runs if s[1] is not None]
    if with_distance:
        starts = [s[0] for s in with_distance if s[0] is not None]
        start = min(starts) if starts else first_time
        metres = sum(s[1] or 0.0 for s in with_distance)
        times = [s[2] for s in with_distance if s[2] is not None]
        seconds: float | None = sum(times) if times else None
    elif last_distance is not None:
        start, metres = first_time, last_distance
        seconds = (last_time - first_time).total_seconds() if last_time and first_time else None
    else:
        raise RunFileError("not a FIT activity (no session or record with a distance)")
    if start is None:
        raise RunFileError("not a FIT activity (it has no start time)")
    km, minutes = _checked(metres / 1000, seconds, "activity")
    return RunFile(RunSource.FIT, _utc(start), km, minutes, digest)


def _fit_time(value: object) -> datetime | None:
    return value if isinstance(value, datetime) else None


def _fit_number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)
