"""Small FIT files made by hand, byte by byte, for the import tests (fitdecode only reads).

A FIT file is a 14-byte header (with its own CRC), definition messages that say how the
data messages of a local type are laid out, the data messages, and a CRC of everything
before it. Only the few messages and fields hipcoach reads are written.
"""

from __future__ import annotations

import struct
from datetime import UTC, datetime

FIT_EPOCH = datetime(1989, 12, 31, tzinfo=UTC)
_CRC_TABLE = (
    0x0000, 0xCC01, 0xD801, 0x1400, 0xF001, 0x3C00, 0x2800, 0xE401,
    0xA001, 0x6C00, 0x7800, 0xB401, 0x5000, 0x9C01, 0x8801, 0x4400,
)  # fmt: skip
ENUM, UINT16, UINT32 = 0x00, 0x84, 0x86
_SIZES = {ENUM: 1, UINT16: 2, UINT32: 4}
_PACK = {ENUM: "<B", UINT16: "<H", UINT32: "<I"}
FILE_ID, SESSION, RECORD = 0, 18, 20
RUNNING, CYCLING = 1, 2


def crc(data: bytes, value: int = 0) -> int:
    """The FIT CRC-16 of ``data``, carried on from ``value``."""
    for byte in data:
        for nibble in (byte & 0xF, byte >> 4):
            low = _CRC_TABLE[value & 0xF]
            value = ((value >> 4) & 0x0FFF) ^ low ^ _CRC_TABLE[nibble]
    return value


def fit_time(moment: datetime) -> int:
    return int((moment - FIT_EPOCH).total_seconds())


class FitWriter:
    """Messages in, the bytes of a FIT file out; each message kind gets one local type."""

    def __init__(self) -> None:
        self.records = bytearray()
        self._local: dict[tuple[int, tuple[tuple[int, int], ...]], int] = {}

    def message(self, number: int, fields: list[tuple[int, int, int]]) -> None:
        """One data message of global ``number``: fields as (field number, base type, raw
        value), written after its definition the first time this layout is used."""
        layout = tuple((field, kind) for field, kind, _ in fields)
        key = (number, layout)
        if key not in self._local:
            local = len(self._local) % 16
            self._local[key] = local
            self.records += struct.pack("<BBBHB", 0x40 | local, 0, 0, number, len(fields))
            for field, kind in layout:
                self.records += struct.pack("<BBB", field, _SIZES[kind], kind)
        self.records.append(self._local[key])
        for _, kind, value in fields:
            self.records += struct.pack(_PACK[kind], value)

    def file_id(self, created: datetime) -> None:
        self.message(FILE_ID, [(0, ENUM, 4), (1, UINT16, 255), (4, UINT32, fit_time(created))])

    def record(self, moment: datetime, metres: float) -> None:
        self.message(RECORD, [(253, UINT32, fit_time(moment)), (5, UINT32, round(metres * 100))])

    def session(self, start: datetime, metres: float, seconds: float, sport: int = RUNNING) -> None:
        self.message(
            SESSION,
            [
                (253, UINT32, fit_time(start) + int(seconds)),
                (2, UINT32, fit_time(start)),
                (5, ENUM, sport),
                (8, UINT32, round(seconds * 1000)),
                (9, UINT32, round(metres * 100)),
            ],
        )

    def bytes(self) -> bytes:
        header = struct.pack("<BBHI4s", 14, 0x20, 2132, len(self.records), b".FIT")
        header += struct.pack("<H", crc(header))
        body = header + bytes(self.records)
        return body + struct.pack("<H", crc(body))
