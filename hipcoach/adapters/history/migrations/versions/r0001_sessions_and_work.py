"""Sessions, their work phases, and the routine texts they were run from.

Revision ID: 0001
Revises:
Create Date: 2026-05-10
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "routine_texts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_routine_texts"),
        sa.UniqueConstraint("sha256", name="uq_routine_texts_sha256"),
    )
    op.create_table(
        "sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("routine_id", sa.String(length=200), nullable=False),
        sa.Column("routine_name", sa.String(length=200), nullable=False),
        sa.Column("routine_path", sa.Text(), nullable=False),
        sa.Column("routine_text_id", sa.Integer(), nullable=True),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("ended_at", sa.DateTime(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("active_seconds", sa.Float(), nullable=False),
        sa.Column("work_done", sa.Integer(), nullable=False),
        sa.Column("work_total", sa.Integer(), nullable=False),
        sa.Column("pain_before", sa.Integer(), nullable=True),
        sa.Column("pain_after", sa.Integer(), nullable=True),
        sa.Column("effort", sa.Integer(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "status IN ('in_progress', 'completed', 'stopped', 'interrupted')",
            name="ck_sessions_status",
        ),
        sa.CheckConstraint("pain_before BETWEEN 0 AND 10", name="ck_sessions_pain_before"),
        sa.CheckConstraint("pain_after BETWEEN 0 AND 10", name="ck_sessions_pain_after"),
        sa.CheckConstraint("effort BETWEEN 1 AND 10", name="ck_sessions_effort"),
        sa.ForeignKeyConstraint(
            ["routine_text_id"],
            ["routine_texts.id"],
            name="fk_sessions_routine_text_id_routine_texts",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_sessions"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_sessions_status", "sessions", ["status"])
    op.create_index("ix_sessions_started_at", "sessions", ["started_at"])
    op.create_table(
        "work_phases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("phase_index", sa.Integer(), nullable=False),
        sa.Column("exercise", sa.String(length=200), nullable=False),
        sa.Column("side", sa.String(length=8), nullable=True),
        sa.Column("set_number", sa.Integer(), nullable=False),
        sa.Column("unit", sa.String(length=8), nullable=False),
        sa.Column("target", sa.Integer(), nullable=False),
        sa.Column("done", sa.Integer(), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("ended_at", sa.DateTime(), nullable=False),
        sa.Column("seconds", sa.Float(), nullable=False),
        sa.CheckConstraint("side IN ('left', 'right')", name="ck_work_phases_side"),
        sa.CheckConstraint("unit IN ('seconds', 'breaths', 'reps')", name="ck_work_phases_unit"),
        sa.CheckConstraint(
            "outcome IN ('completed', 'done', 'skipped', 'stopped')",
            name="ck_work_phases_outcome",
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["sessions.id"],
            name="fk_work_phases_session_id_sessions",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_work_phases"),
        sa.UniqueConstraint("session_id", "position", name="uq_work_phases_session_id"),
    )


def downgrade() -> None:
    op.drop_table("work_phases")
    op.drop_table("sessions")
    op.drop_table("routine_texts")
