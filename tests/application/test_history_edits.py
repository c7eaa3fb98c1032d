"""Deleting a session: nothing of it stays, a live one is refused."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from hipcoach.adapters.history.repository import HistoryError
from hipcoach.application.history_edits import delete_session
from hipcoach.core.model import Side
from hipcoach.core.records import CheckIn, NewSession, Unit, WorkOutcome, WorkPhase
from tests.fakes.history import FakeStore

T0 = datetime(2026, 5, 11, 6, 0, tzinfo=UTC)


def recorded(store: FakeStore) -> int:
    with store.unit_of_work() as unit:
        session_id = unit.history.add(
            NewSession("hips", "Hips", "/r/hips.toml", "format = 1", T0, 1)
        )
        unit.history.add_work(
            session_id,
            WorkPhase(
                1, "Clamshell", Side.LEFT, 1, Unit.REPS, 10, 10, WorkOutcome.DONE, T0, T0, 9.0
            ),
        )
        unit.history.check_in(session_id, CheckIn(pain_after=2, notes="tight"))
        unit.commit()
    return session_id


def test_deleting_a_session_returns_it_and_leaves_nothing() -> None:
    store = FakeStore()
    session_id = recorded(store)
    deleted = delete_session(store, session_id)
    assert deleted is not None and deleted.notes == "tight"
    assert store.committed().sessions() == []
    assert store.committed().work_totals() == []
    assert store.locks.held == set(), "the lock taken to delete it is let go"
    assert delete_session(store, session_id) is None


def test_a_session_being_recorded_is_not_deleted() -> None:
    store = FakeStore()
    session_id = recorded(store)
    store.locks.held.add(session_id)
    with pytest.raises(HistoryError, match="being recorded right now"):
        delete_session(store, session_id)
    assert [s.id for s in store.committed().sessions()] == [session_id]
