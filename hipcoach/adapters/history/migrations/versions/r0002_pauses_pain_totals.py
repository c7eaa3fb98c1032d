"""Paused seconds per session, a pain flag per work phase, and per-exercise totals.

The totals are kept by triggers, filled here from the phases already recorded.

Revision ID: 0002
Revises: 0001
Create Date: 2026-05-10
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

COUNTED = "{row}.outcome IN ('completed', 'done')"


def _amounts(row: str, sign: str = "") -> str:
    counted = COUNTED.format(row=row)
    return (
        f"{sign}({counted}), {sign}({row}.outcome = 'skipped'), "
        f"{sign}(CASE WHEN {counted} THEN {row}.done ELSE 0 END), "
        f"{sign}(CASE WHEN {counted} THEN {row}.target ELSE 0 END)"
    )


def _add(row: str, sign: str = "") -> str:
    """Add (or with sign '-', take away) one phase's numbers in its totals row."""
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


def upgrade() -> None:
    with op.batch_alter_table("sessions") as batch:
        batch.add_column(
            sa.Column("paused_seconds", sa.Float(), server_default="0", nullable=False)
        )
    with op.batch_alter_table("work_phases") as batch:
        batch.add_column(sa.Column("pain", sa.Boolean(), nullable=True))
    op.create_table(
        "exercise_totals",
        sa.Column("exercise", sa.String(length=200), nullable=False),
        sa.Column("side", sa.String(length=8), nullable=False),
        sa.Column("unit", sa.String(length=8), nullable=False),
        sa.Column("phases", sa.Integer(), nullable=False),
        sa.Column("skipped", sa.Integer(), nullable=False),
        sa.Column("done", sa.Integer(), nullable=False),
        sa.Column("target", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("exercise", "side", "unit", name="pk_exercise_totals"),
    )
    counted = COUNTED.format(row="w")
    op.execute(
        "INSERT INTO exercise_totals (exercise, side, unit, phases, skipped, done, target) "
        f"SELECT w.exercise, coalesce(w.side, ''), w.unit, sum({counted}), "
        f"sum(w.outcome = 'skipped'), sum(CASE WHEN {counted} THEN w.done ELSE 0 END), "
        f"sum(CASE WHEN {counted} THEN w.target ELSE 0 END) "
        "FROM work_phases AS w GROUP BY w.exercise, coalesce(w.side, ''), w.unit"
    )
    for name, body in TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {name} {body}")


def downgrade() -> None:
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER {name}")
    op.drop_table("exercise_totals")
    with op.batch_alter_table("work_phases") as batch:
        batch.drop_column("pain")
    with op.batch_alter_table("sessions") as batch:
        batch.drop_column("paused_seconds")
