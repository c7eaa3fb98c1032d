"""Record what reaches the sound server, with every sample placed on the monotonic clock.

``parec`` reads the null sink's monitor into a pipe; a thread notes when each chunk arrives.
A sample cannot arrive before it was played, and chunks arrive in a steady stream, so the
earliest (arrival - index / rate) in each second of recording places that second in time to
within the capture latency (a few milliseconds, asked for with --latency-msec); joining
those points follows a sound server whose clock runs a little fast or slow against ours
(0.1 ms a second was seen here). Onsets found in the recording are then instants on the
same clock as the session's cues.
"""

from __future__ import annotations

import itertools
import math
import os
import subprocess
import sys
import threading
import time
from array import array
from dataclasses import dataclass

RATE = 48000  # the null sink's rate: no resampling between it and us
CHUNK = 4096


@dataclass(frozen=True)
class Recording:
    samples: array[int]
    anchors: list[tuple[int, float]]  # (sample index, monotonic time of sample 0 seen there)

    def _origin(self, index: int) -> float:
        anchors = self.anchors
        if index <= anchors[0][0] or len(anchors) == 1:
            return anchors[0][1]
        for (i0, o0), (i1, o1) in itertools.pairwise(anchors):
            if index <= i1:
                return o0 + (o1 - o0) * (index - i0) / (i1 - i0)
        return anchors[-1][1]

    def time_of(self, index: int) -> float:
        return self._origin(index) + index / RATE

    def index_of(self, when: float) -> int:
        index = round((when - self.anchors[0][1]) * RATE)
        index = round((when - self._origin(index)) * RATE)
        return max(0, min(len(self.samples), index))

    def bursts(self, threshold_dbfs: float = -40.0, gap: float = 0.15) -> list[tuple[float, float]]:
        """(start, end) monotonic times of stretches louder than the threshold.

        Quieter stretches shorter than ``gap`` belong to the burst around them.
        """
        limit = math.pow(10.0, threshold_dbfs / 20.0) * 32768.0
        gap_samples = round(gap * RATE)
        out: list[tuple[int, int]] = []
        for i, value in enumerate(self.samples):
            if value >= limit or -value >= limit:
                if out and i - out[-1][1] <= gap_samples:
                    out[-1] = (out[-1][0], i)
                else:
                    out.append((i, i))
        return [(self.time_of(a), self.time_of(b + 1)) for a, b in out]

    def last_sound(self, after: float, threshold_dbfs: float = -40.0) -> float | None:
        """The end of the last sample above the threshold after ``after``; None if none."""
        limit = math.pow(10.0, threshold_dbfs / 20.0) * 32768.0
        start = self.index_of(after)
        for i in range(len(self.samples) - 1, start - 1, -1):
            if abs(self.samples[i]) >= limit:
                return self.time_of(i + 1)
        return None

    def peak_dbfs(self, begin: float, end: float) -> float:
        part = self.samples[self.index_of(begin) : self.index_of(end)]
        if not part:
            return -math.inf
        top = max(max(part), -min(part))
        return 20.0 * math.log10(top / 32768.0) if top else -math.inf


class Recorder:
    """Records ``SINK.monitor`` from construction to ``stop()``."""

    def __init__(self, sink: str) -> None:
        self._proc = subprocess.Popen(
            [
                "parec",
                "-d",
                f"{sink}.monitor",
                "--raw",
                "--format=s16le",
                f"--rate={RATE}",
                "--channels=1",
                "--latency-msec=5",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        self._data = bytearray()
        self._arrivals: list[tuple[float, int]] = []  # (when, samples received so far)
        self._thread = threading.Thread(target=self._read, name="parec-reader", daemon=True)
        self._thread.start()

    def _read(self) -> None:
        assert self._proc.stdout is not None
        fd = self._proc.stdout.fileno()
        while chunk := os.read(fd, CHUNK):
            now = time.monotonic()
            self._data += chunk
            self._arrivals.append((now, len(self._data) // 2))

    def wait_recording(self, timeout: float = 5.0) -> None:
        """Block until samples flow (the monitor starts when the sink does)."""
        deadline = time.monotonic() + timeout
        while len(self._arrivals) < 3:
            if time.monotonic() > deadline or self._proc.poll() is not None:
                raise AssertionError(f"parec records nothing: {self._stderr()}")
            time.sleep(0.01)

    def _stderr(self) -> str:
        if self._proc.poll() is None or self._proc.stderr is None:
            return "(still running)"
        return self._proc.stderr.read().decode(errors="replace").strip()

    def stop(self) -> Recording:
        self._proc.terminate()
        self._proc.wait(timeout=5)
        self._thread.join(timeout=5)
        if self._proc.stderr is not None:
            self._proc.stderr.close()
        if self._proc.stdout is not None:
            self._proc.stdout.close()
        assert self._arrivals, "parec recorded nothing"
        samples = array("h")
        samples.frombytes(bytes(self._data[: len(self._data) // 2 * 2]))
        if sys.byteorder == "big":
            samples.byteswap()
        return Recording(samples, _anchors(self._arrivals))


def _anchors(arrivals: list[tuple[float, int]], span: float = 1.0) -> list[tuple[int, float]]:
    """Per ``span`` seconds of arrivals, the one that best places sample 0 in time."""
    best: dict[int, tuple[float, int]] = {}
    first = arrivals[0][0]
    for when, count in arrivals:
        bucket = int((when - first) / span)
        origin = when - count / RATE
        if bucket not in best or origin < best[bucket][0]:
            best[bucket] = (origin, count)
    return [(count, origin) for origin, count in (best[k] for k in sorted(best))]
