"""The SQL tables, as SQLAlchemy 2.0 typed models. The migrations build exactly this.

Only the repository reads these; everything else sees the plain values of ``model``.
Constraints are named (the naming convention), so a later batch migration on SQLite can find
and change them.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    CheckConstraint,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Index,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """Aware datetimes in, aware UTC datetimes out; stored as naive UTC text that sorts."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"a naive datetime cannot go into history: {value!r}")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UTCDateTime(), float: Float()}


class RoutineTextRow(Base):
    """A routine file's text as it was, stored once however many sessions share it."""

    __tablename__ = "routine_texts"

    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    text: Mapped[str] = mapped_column(Text)


class SessionRow(Base):
    __tablename__ = "sessions"
    __table_args__ = (
        CheckConstraint(
            "status IN ('in_progress', 'completed', 'stopped', 'interrupted')", name="status"
        ),
        CheckConstraint("pain_before BETWEEN 0 AND 10", name="pain_before"),
        CheckConstraint("pain_after BETWEEN 0 AND 10", name="pain_after"),
        CheckConstraint("effort BETWEEN 1 AND 10", name="effort"),
        Index("ix_sessions_status", "status"),
        Index("ix_sessions_started_at", "started_at"),
        {"sqlite_autoincrement": True},  # ids, and so lock files, are never reused
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    routine_id: Mapped[str] = mapped_column(String(200))
    routine_name: Mapped[str] = mapped_column(String(200))
    routine_path: Mapped[str] = mapped_column(Text)
    routine_text_id: Mapped[int | None] = mapped_column(ForeignKey("routine_texts.id"))
    started_at: Mapped[datetime]
    ended_at: Mapped[datetime | None]
    updated_at: Mapped[datetime]
    status: Mapped[str] = mapped_column(String(16))
    active_seconds: Mapped[float]
    paused_seconds: Mapped[float] = mapped_column(server_default="0")  # revision 2
    work_done: Mapped[int]
    work_total: Mapped[int]
    pain_before: Mapped[int | None]
    pain_after: Mapped[int | None]
    effort: Mapped[int | None]
    notes: Mapped[str | None] = mapped_column(Text)
    # Revision 3: the pain the morning after, the red-flag answers (JSON list; "[]" is
    # "none of them", NULL not asked), and how it was dosed (docs/coaching.md).
    next_day: Mapped[int | None]
    answers: Mapped[str | None] = mapped_column(Text)
    dosing: Mapped[str] = mapped_column(String(16), server_default="coached")


class WorkPhaseRow(Base):
    __tablename__ = "work_phases"
    __table_args__ = (
        UniqueConstraint("session_id", "position"),
        Index("ix_work_phases_session_id", "session_id"),
        CheckConstraint("side IN ('left', 'right')", name="side"),
        CheckConstraint("unit IN ('seconds', 'breaths', 'reps')", name="unit"),
        CheckConstraint("outcome IN ('completed', 'done', 'skipped', 'stopped')", name="outcome"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"))
    position: Mapped[int]  # 1, 2, ... in the order the phases ended
    phase_index: Mapped[int]
    exercise: Mapped[str] = mapped_column(String(200))
    side: Mapped[str | None] = mapped_column(String(8))
    set_number: Mapped[int]
    unit: Mapped[str] = mapped_column(String(8))
    target: Mapped[int]
    done: Mapped[int]
    outcome: Mapped[str] = mapped_column(String(16))
    started_at: Mapped[datetime]
    ended_at: Mapped[datetime]
    seconds: Mapped[float]
    pain: Mapped[bool | None]  # revision 2: marked as hurting ("this hurts", checkin --hurt)
    exercise_id: Mapped[str] = mapped_column(String(200), server_default="")  # revision 3
    round: Mapped[int | None]  # revision 3: its round in a circuit
    circuit: Mapped[str | None] = mapped_column(String(80))  # revision 3: the circuit's key


class ExerciseTotalRow(Base):
    """Work added up per exercise, side ('' for none) and unit. Revision 2.

    Kept by triggers on ``work_phases`` (see that migration), never by the code: whatever
    writes or deletes a phase, the totals follow, and a summary of 100,000 sessions reads a
    few rows instead of adding up 800,000.
    """

    __tablename__ = "exercise_totals"

    exercise: Mapped[str] = mapped_column(String(200), primary_key=True)
    side: Mapped[str] = mapped_column(String(8), primary_key=True)
    unit: Mapped[str] = mapped_column(String(8), primary_key=True)
    phases: Mapped[int]  # completed or done
    skipped: Mapped[int]
    done: Mapped[int]  # over the completed and done phases
    target: Mapped[int]  # over the same


class ResetRow(Base):
    """A ladder started over: one exercise of a routine, or all of it (revision 3)."""

    __tablename__ = "resets"

    id: Mapped[int] = mapped_column(primary_key=True)
    routine_id: Mapped[str] = mapped_column(String(200))
    exercise_id: Mapped[str | None] = mapped_column(String(200))
    at: Mapped[datetime]


class RunRow(Base):
    """One run, logged by hand or imported from a GPX, TCX or FIT file (revision 3)."""

    __tablename__ = "runs"
    __table_args__ = (
        UniqueConstraint("content_sha256"),
        CheckConstraint("km > 0", name="km"),
        CheckConstraint("source IN ('manual', 'gpx', 'tcx', 'fit')", name="source"),
        Index("ix_runs_day", "day"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[str] = mapped_column(String(10))  # its local date, YYYY-MM-DD
    started_at: Mapped[datetime | None]  # None: added by hand without a time
    added_at: Mapped[datetime]
    km: Mapped[float]
    minutes: Mapped[float | None]
    source: Mapped[str] = mapped_column(String(16))
    content_sha256: Mapped[str | None] = mapped_column(String(64))
