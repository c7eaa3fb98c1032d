"""Finding the sessions whose process died, without ever touching a live one.

A running session holds its lock file; if the lock can be taken, nobody is recording that
session any more. Each candidate is marked interrupted while its lock is held, by a
statement that changes only a session still in progress, so a session that finished
between the look and the lock is left as it ended.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hipcoach.adapters.history.repository import Store


def mark_interrupted(store: Store) -> list[int]:
    """Mark every in-progress session whose lock is free as interrupted; return their ids.

    Every finished phase stays: only the session's status and end change.
    """
    with store.reading() as unit:
        candidates = unit.history.in_progress()
    marked: list[int] = []
    for session_id in candidates:
        lock = store.locks.try_hold(session_id)
        if lock is None:
            continue  # alive: its process holds the lock
        try:
            with store.unit_of_work() as unit:
                if unit.history.interrupt(session_id):
                    marked.append(session_id)
                unit.commit()
        finally:
            lock.release()
    return marked
