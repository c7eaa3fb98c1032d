"""The runner's history: every session and every work phase, kept in SQLite as it happens.

Modules, from the inside out: ``model`` (what is kept, as plain values), ``repository``
(the interface, SQLAlchemy implementation and unit of work), ``fake`` (the in-memory
stand-in for tests), ``store`` (opening the file safely: checks, back-up, migrations),
``locks`` and ``recovery`` (live versus dead sessions), ``recorder`` (engine events in,
rows out), ``writer`` and ``log`` (the one thread that writes while sessions run),
``stats`` (weeks, streak, per-side totals) and ``command`` (``hipcoach history``).

Nothing is imported here: the CLI loads SQLAlchemy only for the commands that need it.
"""
