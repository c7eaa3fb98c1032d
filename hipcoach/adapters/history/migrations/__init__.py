"""Alembic migrations of the history database, run by ``hipcoach.adapters.history.store``.

There is no alembic.ini: the store builds the configuration in code and hands env.py its
connection, inside a transaction it holds with SQLite's write lock. To add a revision, write
``versions/rNNNN_what.py`` by hand (``down_revision`` is the previous one), then give
``tables.py`` the same change; a test checks that the two agree.

Two traps: a batch migration that rebuilds ``work_phases`` drops its triggers (revision
0002 keeps ``exercise_totals`` with them), so recreate them after; and never import the
models in a migration, which must keep building the schema of its own day.
"""
