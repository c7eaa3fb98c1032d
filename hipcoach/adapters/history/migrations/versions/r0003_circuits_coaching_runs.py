"""Circuits, coaching and runs: what each work phase was (exercise id, round, circuit), what
the runner said after (the next day's pain, the red-flag answers), how a session was dosed,
the resets of a ladder, and the run log.

Existing work rows get their exercise id from their name by the exercise-id rule, copied
here (docs/routine-format.md, "Ids"): a migration must keep meaning what it meant the day it
was written, whatever the code's rule becomes.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""

from __future__ import annotations

import re
import unicodedata

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def _exercise_id(name: str) -> str:
    """The exercise-id rule as of this revision: accents dropped, lower case, each run of
    characters other than a-z and 0-9 made one "-", none at either end."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-") or "exercise"


# The per-exercise totals' triggers of revision 2, copied: rebuilding ``work_phases`` (a batch
# change on SQLite) drops them, and they must come back exactly as they were.
COUNTED = "{row}.outcome IN ('completed', 'done')"


def _amounts(row: str, sign: str = "") -> str:
    counted = COUNTED.format(row=row)
    return (
        f"{sign}({counted}), {sign}({row}.outcome = 'skipped'), "
        f"{sign}(CASE WHEN {counted} THEN {row}.done ELSE 0 END), "
        f"{sign}(CASE WHEN {counted} THEN {row}.target ELSE 0 END)"
    )


def _add(row: str, sign: str = "") -> str:
    return (
        "INSERT INTO exercise_totals (exercise, side, unit, phases, skipped, done, target) "
        f"VALUES ({row}.exercise, coalesce({row}.side, ''), {row}.unit, {_amounts(row, sign)}) "
        "ON CONFLICT (exercise, side, unit) DO UPDATE SET "
        "phases = phases + excluded.phases, skipped = skipped + excluded.skipped, "
        "done = done + excluded.done, target = target + excluded.target;"
    )


TRIGGERS = {
    "work_phases_totals_insert": f"AFTER INSERT ON work_phases BEGIN {_add('NEW')} END",
    "work_phases_totals_delete": f"AFTER DELETE ON work_phases BEGIN {_add('OLD', '-')} END",
    "work_phases_totals_update": (
        "AFTER UPDATE OF exercise, side, unit, outcome, done, target ON work_phases "
        f"BEGIN {_add('OLD', '-')} {_add('NEW')} END"
    ),
}


def _triggers_again() -> None:
    for name, body in TRIGGERS.items():
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute(f"CREATE TRIGGER {name} {body}")


def upgrade() -> None:
    with op.batch_alter_table("work_phases") as batch:
        batch.add_column(
            sa.Column("exercise_id", sa.String(200), nullable=False, server_default="")
        )
        batch.add_column(sa.Column("round", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("circuit", sa.String(80), nullable=True))
    connection = op.get_bind()
    names = connection.execute(sa.text("SELECT DISTINCT exercise FROM work_phases")).scalars()
    for name in list(names):
        connection.execute(
            sa.text("UPDATE work_phases SET exercise_id = :id WHERE exercise = :name"),
            {"id": _exercise_id(name), "name": name},
        )
    with op.batch_alter_table("sessions") as batch:
        batch.add_column(sa.Column("next_day", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("answers", sa.Text(), nullable=True))
        batch.add_column(
            sa.Column("dosing", sa.String(16), nullable=False, server_default="coached")
        )
        # No CHECKs here: adding one rebuilds the table, and a rebuilt ``sessions`` would
        # forget AUTOINCREMENT's high-water mark (ids, and so lock files, are never reused).
    _triggers_again()
    op.create_index("ix_work_phases_session_id", "work_phases", ["session_id"])
    op.create_table(
        "resets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("routine_id", sa.String(200), nullable=False),
        sa.Column("exercise_id", sa.String(200), nullable=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_resets"),
    )
    op.create_table(
        "runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("day", sa.String(10), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=True),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.Column("km", sa.Float(), nullable=False),
        sa.Column("minutes", sa.Float(), nullable=True),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("content_sha256", sa.String(64), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_runs"),
        sa.UniqueConstraint("content_sha256"),
        sa.CheckConstraint("km > 0", name="km"),
        sa.CheckConstraint("source IN ('manual', 'gpx', 'tcx', 'fit')", name="source"),
    )
    op.create_index("ix_runs_day", "runs", ["day"])


def downgrade() -> None:
    op.drop_index("ix_runs_day", "runs")
    op.drop_table("runs")
    op.drop_table("resets")
    op.drop_index("ix_work_phases_session_id", "work_phases")
    with op.batch_alter_table("sessions", table_kwargs={"sqlite_autoincrement": True}) as batch:
        batch.drop_column("dosing")
        batch.drop_column("answers")
        batch.drop_column("next_day")
    with op.batch_alter_table("work_phases") as batch:
        batch.drop_column("circuit")
        batch.drop_column("round")
        batch.drop_column("exercise_id")
    _triggers_again()
