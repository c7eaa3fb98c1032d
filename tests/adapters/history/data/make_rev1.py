"""Make ``history-rev1.sqlite3``: a small history written by schema revision 0001 only.

The committed file is what an early user's disk holds; the migration test upgrades a copy.
Run it again only to change that picture (then commit the new file):

    .venv/bin/python tests/history/data/make_rev1.py
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic import command
from sqlalchemy import create_engine

from hipcoach.adapters.history.store import _alembic_config

HERE = Path(__file__).resolve().parent
TARGET = HERE / "history-rev1.sqlite3"

ROUTINE_A = """format = 1
name = "Post-run hip stretch"
[[exercise]]
name = "Pigeon pose"
sides = "each"
hold = "30-60"
[[exercise]]
name = "Clamshell"
sides = "each"
reps = "10-12"
sets = 2
"""
ROUTINE_B = """format = 1
name = "Hip flow, ünïcode"
[[exercise]]
name = "Low lunge"
breaths = 8
"""

TEXTS = [
    (1, "a" * 64, ROUTINE_A),
    (2, "b" * 64, ROUTINE_B),
]
# fmt: off
# id, routine_id, routine_name, routine_path, text_id, started_at, ended_at, updated_at,
# status, active_seconds, work_done, work_total, pain_before, pain_after, effort, notes
SESSIONS = [
    (1, 'post-run-stretch', 'Post-run hip stretch', '/routines/post-run-stretch.toml', 1, '2026-04-27 06:30:00.000000', '2026-04-27 06:45:12.500000', '2026-04-27 06:45:12.500000', 'completed', 912.5, 6, 6, 3, 2, 6, 'Left hip tight, better after pigeon'),
    (2, 'post-run-stretch', 'Post-run hip stretch', '/routines/post-run-stretch.toml', 1, '2026-05-02 18:05:00.000000', '2026-05-02 18:09:40.000000', '2026-05-02 18:09:40.000000', 'stopped', 280.0, 2, 6, 4, None, None, 'Stopped: phone rang, "later", 2nd line\nhere'),
    (3, 'hip-flow', 'Hip flow, ünïcode', '/home/r/routines/hip-flow.toml', 2, '2026-05-04 07:00:00.000000', '2026-05-04 07:01:10.000000', '2026-05-04 07:01:10.000000', 'interrupted', 70.0, 1, 1, None, None, None, None),
    (4, 'hip-flow', 'Hip flow, ünïcode', '/home/r/routines/hip-flow.toml', 2, '2026-05-05 07:00:00.000000', None, '2026-05-05 07:00:30.000000', 'in_progress', 30.0, 0, 1, None, None, None, None),
]
# session_id, position, phase_index, exercise, side, set_number, unit, target, done, outcome,
# started_at, ended_at, seconds
WORK = [
    (1, 1, 1, 'Pigeon pose', 'left', 1, 'seconds', 30, 30, 'completed', '2026-04-27 06:30:05.000000', '2026-04-27 06:30:35.000000', 30.0),
    (1, 2, 3, 'Pigeon pose', 'right', 1, 'seconds', 30, 30, 'completed', '2026-04-27 06:30:40.000000', '2026-04-27 06:31:10.000000', 30.0),
    (1, 3, 6, 'Clamshell', 'left', 1, 'reps', 10, 10, 'completed', '2026-04-27 06:31:25.000000', '2026-04-27 06:31:55.000000', 30.0),
    (1, 4, 8, 'Clamshell', 'right', 1, 'reps', 10, 7, 'done', '2026-04-27 06:32:00.000000', '2026-04-27 06:32:21.000000', 21.5),
    (1, 5, 10, 'Clamshell', 'left', 2, 'reps', 10, 10, 'completed', '2026-04-27 06:32:51.000000', '2026-04-27 06:33:21.000000', 30.0),
    (1, 6, 12, 'Clamshell', 'right', 2, 'reps', 10, 10, 'completed', '2026-04-27 06:33:26.000000', '2026-04-27 06:33:56.000000', 30.0),
    (2, 1, 1, 'Pigeon pose', 'left', 1, 'seconds', 30, 30, 'completed', '2026-05-02 18:05:05.000000', '2026-05-02 18:05:35.000000', 30.0),
    (2, 2, 3, 'Pigeon pose', 'right', 1, 'seconds', 30, 12, 'skipped', '2026-05-02 18:05:40.000000', '2026-05-02 18:05:52.000000', 12.0),
    (2, 3, 6, 'Clamshell', 'left', 1, 'reps', 10, 10, 'completed', '2026-05-02 18:06:07.000000', '2026-05-02 18:06:37.000000', 30.0),
    (2, 4, 8, 'Clamshell', 'right', 1, 'reps', 10, 4, 'stopped', '2026-05-02 18:06:42.000000', '2026-05-02 18:06:54.000000', 12.0),
    (3, 1, 1, 'Low lunge', None, 1, 'breaths', 8, 8, 'completed', '2026-05-04 07:00:05.000000', '2026-05-04 07:00:53.000000', 48.0),
]
# fmt: on


def main() -> None:
    TARGET.unlink(missing_ok=True)
    engine = create_engine(f"sqlite:///{TARGET}")
    with engine.begin() as connection:
        config = _alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
    engine.dispose()
    con = sqlite3.connect(TARGET)
    with con:
        con.executemany("INSERT INTO routine_texts VALUES (?, ?, ?)", TEXTS)
        con.executemany(f"INSERT INTO sessions VALUES ({', '.join('?' * 16)})", SESSIONS)
        con.executemany(
            "INSERT INTO work_phases (session_id, position, phase_index, exercise, side, "
            "set_number, unit, target, done, outcome, started_at, ended_at, seconds) "
            f"VALUES ({', '.join('?' * 13)})",
            WORK,
        )
    con.execute("VACUUM")
    con.close()
    print(f"wrote {TARGET}")


if __name__ == "__main__":
    main()
