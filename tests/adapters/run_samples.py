"""Run files the tests write: a GPX track made with gpxpy, a TCX activity in laps."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import gpxpy.gpx

START = datetime(2026, 5, 12, 5, 10, tzinfo=UTC)


def gpx_text(km_north: float = 5.0, minutes: int = 30, points: int = 61) -> str:
    """A straight track north along a meridian: ``km_north`` km in ``minutes``."""
    gpx = gpxpy.gpx.GPX()
    track = gpxpy.gpx.GPXTrack(name="Morning run")
    gpx.tracks.append(track)
    segment = gpxpy.gpx.GPXTrackSegment()
    track.segments.append(segment)
    degrees = km_north / 111.195  # a degree of latitude, on gpxpy's sphere
    for n in range(points):
        share = n / (points - 1)
        segment.points.append(
            gpxpy.gpx.GPXTrackPoint(
                48.0 + degrees * share,
                11.5,
                elevation=520.0,
                time=START + timedelta(minutes=minutes * share),
            )
        )
    return str(gpx.to_xml())


def tcx_text(laps: list[tuple[datetime, float, float]], sport: str = "Running") -> str:
    body = "".join(
        f'<Lap StartTime="{start.isoformat().replace("+00:00", "Z")}">'
        f"<TotalTimeSeconds>{seconds}</TotalTimeSeconds><DistanceMeters>{metres}</DistanceMeters>"
        "<Calories>100</Calories><Intensity>Active</Intensity><TriggerMethod>Manual</TriggerMethod>"
        "<Track><Trackpoint><Time>2026-05-12T05:10:00Z</Time></Trackpoint></Track></Lap>"
        for start, seconds, metres in laps
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">'
        f'<Activities><Activity Sport="{sport}"><Id>2026-05-12T05:10:00Z</Id>{body}</Activity>'
        "</Activities></TrainingCenterDatabase>\n"
    )


THREE_LAPS = [
    (START, 600.0, 2000.0),
    (START + timedelta(minutes=10), 610.5, 2000.0),
    (START + timedelta(minutes=20, seconds=11), 420.0, 1234.5),
]
