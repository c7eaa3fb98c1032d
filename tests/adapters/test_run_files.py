"""Run files as watches and services write them: GPX (made with gpxpy), TCX in laps, FIT made
byte by byte, gzipped or not, with white space before ``<?xml``; broken ones refused in a line."""

from __future__ import annotations

import gzip
import os
from datetime import timedelta
from pathlib import Path

import gpxpy.gpx
import pytest

from hipcoach.adapters.run_files import RunFileError, parse_run, read_run_file
from hipcoach.core.runs import RunSource
from tests.adapters.fit_file import CYCLING, FitWriter
from tests.adapters.run_samples import START, THREE_LAPS, gpx_text, tcx_text


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_a_gpx_track_gives_its_start_distance_and_time(tmp_path: Path) -> None:
    run = read_run_file(write(tmp_path, "morning.gpx", gpx_text(5.0, 30).encode()))
    assert run.source is RunSource.GPX
    assert run.started_at == START
    assert run.km == pytest.approx(5.0, rel=0.002)
    assert run.minutes == pytest.approx(30.0)
    assert len(run.sha256) == 64


def test_a_tcx_activity_adds_up_its_laps(tmp_path: Path) -> None:
    run = read_run_file(write(tmp_path, "track.tcx", tcx_text(THREE_LAPS).encode()))
    assert (run.source, run.started_at) == (RunSource.TCX, START)
    assert run.km == pytest.approx(5.2345)
    assert run.minutes == pytest.approx((600 + 610.5 + 420) / 60)


def test_a_fit_file_gives_its_session_totals(tmp_path: Path) -> None:
    fit = FitWriter()
    fit.file_id(START)
    for n in range(5):
        fit.record(START + timedelta(minutes=n), 180.0 * n)
    fit.session(START, 8234.5, 2820.0)
    run = read_run_file(write(tmp_path, "evening.fit", fit.bytes()))
    assert (run.source, run.started_at) == (RunSource.FIT, START)
    assert run.km == pytest.approx(8.2345)
    assert run.minutes == pytest.approx(47.0)


def test_a_fit_file_without_a_session_gives_its_last_record(tmp_path: Path) -> None:
    fit = FitWriter()
    fit.file_id(START)
    for n in range(31):
        fit.record(START + timedelta(seconds=10 * n), 33.3 * n)
    run = read_run_file(write(tmp_path, "records.fit", fit.bytes()))
    assert run.started_at == START
    assert run.km == pytest.approx(0.999)
    assert run.minutes == pytest.approx(5.0)


@pytest.mark.parametrize("name", ["a.gpx", "a.tcx"])
def test_white_space_before_the_xml_declaration_is_read_past(tmp_path: Path, name: str) -> None:
    text = gpx_text() if name.endswith("gpx") else tcx_text(THREE_LAPS)
    run = read_run_file(write(tmp_path, name, b"\n\n   \t" + text.encode()))
    assert run.started_at == START
    with_bom = read_run_file(write(tmp_path, "bom-" + name, b"\xef\xbb\xbf  \r\n" + text.encode()))
    assert with_bom.km == run.km


def test_gzipped_files_are_read_and_are_the_same_content_as_plain_ones(tmp_path: Path) -> None:
    fit = FitWriter()
    fit.session(START, 10000.0, 3000.0)
    for name, data in (
        ("a.gpx", b"  " + gpx_text().encode()),
        ("a.tcx", tcx_text(THREE_LAPS).encode()),
        ("a.fit", fit.bytes()),
    ):
        plain = read_run_file(write(tmp_path, name, data))
        packed = read_run_file(write(tmp_path, name + ".gz", gzip.compress(data)))
        assert packed == plain


def test_the_kind_of_file_is_told_by_its_content_not_its_name(tmp_path: Path) -> None:
    run = read_run_file(write(tmp_path, "export.xml", tcx_text(THREE_LAPS).encode()))
    assert run.source is RunSource.TCX


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "not a GPX, TCX or FIT file (it does not begin like one)"),
        (b"hello, world", "not a GPX, TCX or FIT file (it does not begin like one)"),
        (
            b"<?xml version='1.0'?><gpx><trk>",
            "not readable XML (no element found: line 1, column 31)",
        ),
        (b"<html><body/></html>", "an XML file, but not GPX or TCX (its root is <html>)"),
        (b"\x1f\x8b\x08\x00broken", "a damaged gzip file"),
        (
            tcx_text([]).encode(),
            "not a TCX activity (no lap found)",
        ),
        (
            tcx_text(THREE_LAPS, sport="Biking").encode(),
            "a cycling activity, not a run",
        ),
        (
            gpxpy.gpx.GPX().to_xml().encode(),
            "not a GPX activity (no track points)",
        ),
    ],
)
def test_a_broken_file_is_refused_in_one_line(tmp_path: Path, data: bytes, message: str) -> None:
    with pytest.raises(RunFileError) as error:
        read_run_file(write(tmp_path, "run", data))
    assert str(error.value).startswith(message)
    assert "\n" not in str(error.value)


def test_a_gpx_track_without_times_is_refused_with_what_to_do_instead() -> None:
    text = gpx_text().replace("<time>", "<!--").replace("</time>", "-->")
    with pytest.raises(RunFileError, match="has no times: log the run with `hipcoach runs add"):
        parse_run(text.encode())


def test_a_fit_file_with_a_bad_crc_a_cut_or_a_cycling_session_is_refused() -> None:
    fit = FitWriter()
    fit.session(START, 10000.0, 3000.0)
    data = bytearray(fit.bytes())
    data[20] ^= 0xFF
    with pytest.raises(RunFileError, match="not a readable FIT file"):
        parse_run(bytes(data))
    with pytest.raises(RunFileError, match="not a readable FIT file"):
        parse_run(fit.bytes()[:-7])
    cycling = FitWriter()
    cycling.session(START, 40000.0, 4000.0, sport=CYCLING)
    with pytest.raises(RunFileError, match="a cycling activity, not a run"):
        parse_run(cycling.bytes())


def test_nothing_waits_on_a_named_pipe_and_a_folder_is_not_a_file(tmp_path: Path) -> None:
    fifo = tmp_path / "run.gpx"
    os.mkfifo(fifo)
    with pytest.raises(RunFileError, match=r"not a regular file \(a named pipe\)"):
        read_run_file(fifo)
    with pytest.raises(RunFileError, match=r"not a regular file \(a folder\)"):
        read_run_file(tmp_path)
    with pytest.raises(RunFileError, match="cannot be read"):
        read_run_file(tmp_path / "missing.fit")
