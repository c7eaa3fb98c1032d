"""Alembic's entry point: migrate the connection the store hands over, inside its transaction.

No ``fileConfig`` here: it would disable every logger the app has already set up.
"""

from __future__ import annotations

from alembic import context

from hipcoach.adapters.history.tables import Base

connection = context.config.attributes.get("connection")
if connection is None or context.is_offline_mode():
    raise RuntimeError("hipcoach migrations run only through hipcoach.adapters.history.store")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite alters most columns only by copying the table
)
with context.begin_transaction():
    context.run_migrations()
