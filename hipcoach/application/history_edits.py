"""Changes the runner makes to their history afterwards: deleting a session.

A deleted session leaves nothing behind (its work phases, hurt marks and check-in go with
it, and the database file keeps no readable copy); the coach then replays the
prescriptions without it (docs/coaching.md, "Replaying the history").
"""

from __future__ import annotations

from hipcoach.adapters.history.repository import HistoryError, Store
from hipcoach.core.records import Session


def delete_session(store: Store, session_id: int) -> Session | None:
    """Delete one session and everything of it; returns it as it was, or None when there
    was none. A session being recorded right now (its lock is held) is refused."""
    lock = store.locks.try_hold(session_id)
    if lock is None:
        raise HistoryError(
            f"session {session_id} is being recorded right now: stop it, then delete it"
        )
    try:
        with store.unit_of_work() as unit:
            found = unit.history.get(session_id)
            if found is None or not unit.history.delete(session_id):
                return None
            unit.commit()
    finally:
        lock.release()
    store.checkpoint()
    return found
