"""Opening the history database: checked first, backed up, migrated, then handed out.

The order matters. Everything that could harm the file is decided before SQLAlchemy opens it
for writing: the bytes are checked, then a read-only connection runs ``quick_check`` and reads
the schema revision. A damaged, locked, unreadable or read-only file, or one from a newer
hipcoach, is refused with one line saying what to do, and is left byte for byte as it was.
Only then is the schema migrated, under SQLite's write lock, after a back-up taken with the
backup API (a file copy would miss what is still in the WAL).

The engine is made here, by ``open_history``, which only the composition root (a command,
the app) calls: nothing connects at import. Nothing here loads SQLAlchemy or Alembic until
it is needed: the checks, the schema's revision (read with ``sqlite3``, and the code's from
the migration files) and the reads a session needs first (the coach's, ``times_met``:
reads.py) need neither, Alembic is loaded only to migrate,
and SQLAlchemy's engine is made by the first unit of work, on the thread that asks for it
(the history writer's, during ``hipcoach run``'s first phase). A session therefore starts
before either is imported (bench/startup.py measures it).
"""

from __future__ import annotations

import ast
import contextlib
import errno
import os
import signal
import sqlite3
import stat
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self

from hipcoach.adapters.history import reads
from hipcoach.adapters.history.errors import DamagedHistoryError, HistoryError
from hipcoach.adapters.history.locks import Locks, SessionLocks
from hipcoach.adapters.history.recovery import mark_interrupted
from hipcoach.adapters.paths import HISTORY_FILE
from hipcoach.core.records import CoachHistory, LastDone, utc_now

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy import Connection, Engine
    from sqlalchemy.orm import Session as OrmSession
    from sqlalchemy.orm import sessionmaker
    from sqlalchemy.pool import ConnectionPoolEntry

    from hipcoach.adapters.history.repository import SqlUnitOfWork

__all__ = [
    "BUSY_TIMEOUT",
    "DamagedHistoryError",
    "HistoryError",
    "HistoryStore",
    "checkup_due",
    "full_check",
    "head_revision",
    "known_revisions",
    "move_aside",
    "open_history",
]

BUSY_TIMEOUT = 5.0  # seconds a statement waits for another connection's lock
CHECKUP_EVERY = 7 * 24 * 3600.0  # s between two full checks when nothing else calls for one
CHECKED_FILE = ".history-checked"  # its time is that of the last full check that passed
SQLITE_MAGIC = b"SQLite format 3\x00"
PRIVATE = 0o600
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
_WRITE = "hipcoach_write"  # execution option: this transaction will write


# -- what went wrong, in one line -----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Messages:
    path: Path

    def damaged(self, detail: str) -> str:
        return (
            f"the history database {self.path} is damaged ({detail}); it was left untouched: "
            "move it aside (rename it) to start a new history, or put back a backup"
        )

    def locked(self) -> str:
        return (
            f"the history database {self.path} is locked by another program; "
            "close that program (or wait for it to finish) and try again"
        )

    def read_only(self, reason: str) -> str:
        return (
            f"cannot write to the history database {self.path}: {reason}; "
            "make it and its folder writable for you, then try again"
        )

    def unreadable(self, reason: str) -> str:
        return (
            f"cannot read the history database {self.path}: {reason}; "
            "check that it is yours and readable, then try again"
        )

    def newer(self, revision: str) -> str:
        return (
            f"the history database {self.path} was written by a newer hipcoach "
            f"(schema {revision}); update hipcoach to use it (it was left untouched)"
        )

    def foreign(self) -> str:
        return (
            f"{self.path} is not a hipcoach history database; "
            "move it aside (rename it) and try again"
        )

    def refusal(self, error: BaseException) -> HistoryError:
        """A database error as the error to raise: a damaged file is ``DamagedHistoryError``."""
        text = self.describe(error)
        damaged = text.startswith(f"the history database {self.path} is damaged")
        return (DamagedHistoryError if damaged else HistoryError)(text)

    def describe(self, error: BaseException) -> str:
        """A database error as the runner should read it."""
        text = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
        low = text.lower()
        if "locked" in low or "busy" in low:
            return self.locked()
        if "malformed" in low or "not a database" in low or "corrupt" in low:
            return self.damaged(text)
        if "readonly" in low or "read-only" in low:
            return self.read_only(text)
        if "disk is full" in low or "disk i/o" in low:
            return f"cannot save to the history database {self.path}: {text}; free some space"
        if "unable to open" in low:
            return self.unreadable(text)
        return f"the history database {self.path} could not be used: {text}"


# -- revisions --------------------------------------------------------------------------------


def _alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def _assigned(source: str, name: str) -> str | None:
    """The string (or None) a migration file assigns to ``name`` at its top level."""
    for node in ast.parse(source).body:
        target = node.targets[0] if isinstance(node, ast.Assign) else None
        if isinstance(node, ast.AnnAssign):
            target = node.target
        value = getattr(node, "value", None)
        if isinstance(target, ast.Name) and target.id == name and value is not None:
            found = ast.literal_eval(value)
            return found if isinstance(found, str) else None
    return None


@cache
def _revisions() -> tuple[str, frozenset[str]]:
    """The newest schema revision this code knows, and every one it knows: read off the
    migration files' ``revision`` and ``down_revision``, as Alembic reads them, without
    loading Alembic (tests/adapters/history/test_migrations.py holds the two to agree)."""
    below: dict[str, str | None] = {}
    for path in sorted((MIGRATIONS / "versions").glob("*.py")):
        source = path.read_text(encoding="utf-8")
        revision = _assigned(source, "revision")
        if revision is not None:
            below[revision] = _assigned(source, "down_revision")
    heads = set(below) - {down for down in below.values() if down is not None}
    assert len(heads) == 1, f"the migrations have {len(heads)} heads: {sorted(heads)}"
    return heads.pop(), frozenset(below)


def head_revision() -> str:
    return _revisions()[0]


def known_revisions() -> frozenset[str]:
    return _revisions()[1]


# -- the checks made before anything can write ------------------------------------------------


def _reason(error: OSError) -> str:
    return error.strerror or type(error).__name__


def _check_file(path: Path, say: _Messages) -> bool:
    """Whether a database file is there, after making sure it can be read, written, and
    looks like SQLite. Opening it for writing changes nothing in it."""
    try:
        info = path.stat()
    except FileNotFoundError:
        return False
    except OSError as error:
        raise HistoryError(say.unreadable(_reason(error))) from None
    if not stat.S_ISREG(info.st_mode):
        raise HistoryError(f"{path} is not a file; move it aside and try again")
    try:
        fd = os.open(path, os.O_RDWR)
    except OSError as error:
        if error.errno in (errno.EROFS, errno.EACCES, errno.EPERM, errno.ETXTBSY):
            try:
                os.close(os.open(path, os.O_RDONLY))
            except OSError:
                raise HistoryError(say.unreadable(_reason(error))) from None
            raise HistoryError(say.read_only(_reason(error))) from None
        raise HistoryError(say.unreadable(_reason(error))) from None
    try:
        head = os.pread(fd, 100, 0)
    except OSError as error:
        raise HistoryError(say.unreadable(_reason(error))) from None
    finally:
        os.close(fd)
    if head and (len(head) < 100 or not head.startswith(SQLITE_MAGIC)):
        raise DamagedHistoryError(say.damaged("not an SQLite database"))
    return True


def _check_folder(folder: Path) -> None:
    """SQLite writes its WAL and shared-memory files beside the database: the folder must
    take new files, which only trying shows (``access`` says yes to root on a read-only
    mount)."""
    try:
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as error:
        raise HistoryError(
            f"cannot write to the data folder {folder}: {_reason(error)}; "
            "make it writable for you, then try again"
        ) from None


@dataclass(frozen=True, slots=True)
class _Found:
    revision: str | None
    tables: frozenset[str]
    running: frozenset[int] = frozenset()  # sessions recorded as in progress


def _read_only_uri(path: Path, untouched: bool = False) -> str:
    """A read-only connection's URI. ``untouched``: not even the WAL and shared-memory
    files beside it are made, which a read-only connection to a WAL database otherwise
    creates and leaves: only safe when there are none, so the WAL holds nothing."""
    uri = f"file:{urllib.parse.quote(str(path))}?mode=ro"
    if untouched:
        uri += "&immutable=1"
    return uri


def _companions(path: Path) -> tuple[Path, Path]:
    return path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")


def _unopened(path: Path) -> bool:
    """No WAL or shared memory beside it: no connection has it open, nothing is pending."""
    return not any(os.path.lexists(name) for name in _companions(path))


def _inspect(path: Path, say: _Messages, timeout: float) -> _Found:
    """Look at the database through a read-only connection: is it whole, whose, how new?

    A database that is refused is left as it was found, with no new file beside it."""
    try:
        con = sqlite3.connect(_read_only_uri(path, _unopened(path)), uri=True, timeout=timeout)
    except sqlite3.Error as error:
        raise say.refusal(error) from None
    try:
        problems = [row[0] for row in con.execute("PRAGMA quick_check(3)")]
        if problems != ["ok"]:
            raise DamagedHistoryError(say.damaged("; ".join(problems)))
        tables = frozenset(
            row[0]
            for row in con.execute(
                "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        )
        revision = None
        if "alembic_version" in tables:
            found = con.execute("SELECT version_num FROM alembic_version").fetchall()
            revision = found[0][0] if found else None
        running: frozenset[int] = frozenset()
        if "sessions" in tables:
            running = frozenset(
                row[0]
                for row in con.execute("SELECT id FROM sessions WHERE status = 'in_progress'")
            )
    except sqlite3.Error as error:
        raise say.refusal(error) from None
    finally:
        con.close()
    return _Found(revision, tables, running)


def full_check(path: Path, timeout: float = BUSY_TIMEOUT) -> None:
    """Read every page and index (``PRAGMA integrity_check``), which the quick check at
    each open skips: an index out of step with its table passes that one. Through a
    read-only connection; raises ``DamagedHistoryError`` (never to be written) or
    ``HistoryError`` when it cannot be read."""
    say = _Messages(path)
    try:
        con = sqlite3.connect(_read_only_uri(path, _unopened(path)), uri=True, timeout=timeout)
        try:
            problems = [row[0] for row in con.execute("PRAGMA integrity_check(3)")]
        finally:
            con.close()
    except sqlite3.Error as error:
        raise say.refusal(error) from None
    if problems != ["ok"]:
        raise DamagedHistoryError(say.damaged("; ".join(problems)))
    _checked(path)


def _checked(path: Path) -> None:
    """Note that the history passed a full check now (or is new)."""
    checked = path.with_name(CHECKED_FILE)
    with contextlib.suppress(OSError):
        os.close(os.open(checked, os.O_CREAT | os.O_WRONLY, PRIVATE))
        os.utime(checked)


def checkup_due(path: Path, now: float | None = None) -> bool:
    """Whether the history's last full check is more than ``CHECKUP_EVERY`` old."""
    try:
        last = path.with_name(CHECKED_FILE).stat().st_mtime
    except OSError:
        return True
    return (time.time() if now is None else now) - last > CHECKUP_EVERY


def _dead_sessions(data_dir: Path, running: frozenset[int]) -> bool:
    """Whether a session in progress has lost its process: it may have died mid-write."""
    locks = SessionLocks(data_dir)
    for session_id in running:
        lock = locks.try_hold(session_id)
        if lock is not None:
            lock.release()
            return True
    return False


def _judge(found: _Found, say: _Messages) -> None:
    if found.revision is not None and found.revision not in known_revisions():
        raise HistoryError(say.newer(found.revision))
    if found.revision is None and found.tables:
        raise DamagedHistoryError(say.foreign())


def _create_private(path: Path) -> None:
    """Create the empty file mode 600 before SQLite does (it would make it 644); SQLite
    gives its WAL and shared-memory files the database file's mode."""
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_RDWR, PRIVATE))


def _tighten(path: Path) -> None:
    for name in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        with contextlib.suppress(FileNotFoundError):
            if name.stat().st_mode & 0o077:
                name.chmod(PRIVATE)


# -- the engine ---------------------------------------------------------------------------------


def _make_engine(path: Path, timeout: float, foreign_keys: bool = True) -> Engine:
    from sqlalchemy import URL, create_engine, event

    url = URL.create("sqlite", database=str(path))  # any path: spaces, '?', '#'
    engine = create_engine(url, connect_args={"timeout": timeout})

    @event.listens_for(engine, "connect")
    def _connected(dbapi: Any, _record: ConnectionPoolEntry) -> None:
        # SQLAlchemy, not the sqlite3 module, says when transactions begin: the module's
        # legacy mode would run DDL (migrations) outside any transaction.
        dbapi.isolation_level = None
        dbapi.execute(f"PRAGMA foreign_keys = {'ON' if foreign_keys else 'OFF'}")
        dbapi.execute("PRAGMA synchronous = FULL")  # a commit is on disk when it returns

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        # A writer takes the write lock at once, so it waits (busy timeout) rather than
        # failing when a read it made first has gone stale.
        writes = connection.get_execution_options().get(_WRITE, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if writes else "BEGIN")

    return engine


def _driver(connection: Connection) -> sqlite3.Connection:
    raw = connection.connection.driver_connection
    assert isinstance(raw, sqlite3.Connection)
    return raw


class HistoryStore:
    """An open history database. Use ``open_history`` to get one; ``close`` when done.

    SQLAlchemy's engine is made by the first unit of work that needs it, on its thread."""

    def __init__(
        self,
        path: Path,
        utc: Callable[[], datetime] = utc_now,
        timeout: float = BUSY_TIMEOUT,
    ) -> None:
        self.path = path
        self.data_dir = path.parent
        self.utc = utc
        self.timeout = timeout
        self.locks: Locks = SessionLocks(self.data_dir)
        self.messages = _Messages(path)
        self.backup: Path | None = None  # the back-up taken before a migration at open
        self.refused: str | None = None  # why it must not be written any more (damaged)
        self._engine: Engine | None = None
        self._makers: tuple[sessionmaker[OrmSession], sessionmaker[OrmSession]] | None = None
        self._making = threading.Lock()

    @property
    def engine(self) -> Engine:
        """SQLAlchemy's engine over the file, made (and SQLAlchemy loaded) when first asked."""
        return self._sql()[0]

    def _sql(self) -> tuple[Engine, sessionmaker[OrmSession], sessionmaker[OrmSession]]:
        with self._making:
            if self._engine is None or self._makers is None:
                from sqlalchemy.orm import sessionmaker

                with _translated(self.messages):
                    engine = _make_engine(self.path, self.timeout)
                write = sessionmaker(
                    bind=engine.execution_options(**{_WRITE: True}), expire_on_commit=False
                )
                read = sessionmaker(bind=engine, expire_on_commit=False)
                self._engine, self._makers = engine, (write, read)
            return self._engine, *self._makers

    def unit_of_work(self) -> SqlUnitOfWork:
        from hipcoach.adapters.history.repository import SqlUnitOfWork

        if self.refused is not None:
            raise DamagedHistoryError(self.refused)
        return SqlUnitOfWork(self._sql()[1], self.messages.describe)

    def checkup(self) -> None:
        """The weekly full check, when one is due: slow on a big history, so call it off
        the GUI thread. If the file is found damaged, nothing writes to it from then on
        and ``DamagedHistoryError`` says so."""
        if not checkup_due(self.path):
            return
        try:
            full_check(self.path)
        except DamagedHistoryError as error:
            self.refused = str(error)
            raise

    def reading(self) -> SqlUnitOfWork:
        from hipcoach.adapters.history.repository import SqlUnitOfWork

        return SqlUnitOfWork(self._sql()[2], self.messages.describe)

    # What a session or the window needs at once (hipcoach/adapters/history/reads.py):
    # plain queries on a read-only connection of its own, so none loads SQLAlchemy or waits
    # for a writer.

    def times_met(self, routine_id: str) -> dict[str, int]:
        with self._plain() as con:
            return reads.times_met(con, routine_id)

    def last_done(self) -> dict[str, LastDone]:
        with self._plain() as con:
            return reads.last_done(con)

    def coach_history(self, routine_ids: Collection[str] | None = None) -> CoachHistory:
        with self._plain() as con:
            return reads.coach_history(con, routine_ids)

    @contextlib.contextmanager
    def _plain(self) -> Iterator[sqlite3.Connection]:
        """A read-only connection in one read transaction (one snapshot of the history)."""
        try:
            con = sqlite3.connect(
                _read_only_uri(self.path), uri=True, timeout=self.timeout, isolation_level=None
            )
            try:
                con.execute("BEGIN")
                yield con
            finally:
                con.close()
        except sqlite3.Error as error:
            raise self.messages.refusal(error) from None

    def checkpoint(self) -> None:
        # On the driver's connection, outside any transaction: a checkpoint inside one
        # cannot empty the log. A reader holding on is no error, the log empties later.
        raw = self.engine.raw_connection()
        try:
            driver = raw.driver_connection
            assert isinstance(driver, sqlite3.Connection)
            driver.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        except sqlite3.Error as error:
            raise HistoryError(self.messages.describe(error)) from None
        finally:
            raw.close()

    @contextlib.contextmanager
    def on_this_thread(self) -> Iterator[_OneConnection]:
        """This store on one connection of its own, held by the calling thread until the
        block ends: the history writer's (one connection and ORM session per thread)."""
        view = _OneConnection(self)
        try:
            yield view
        finally:
            view.close()

    def close(self) -> None:
        with self._making:
            engine, self._engine, self._makers = self._engine, None, None
        if engine is not None:
            engine.dispose()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()


class _OneConnection:
    """A store whose every transaction runs on one connection: writes begin ``IMMEDIATE``,
    so a lock held by another program makes them wait (busy timeout), then fail busy."""

    def __init__(self, store: HistoryStore) -> None:
        self.store = store
        self.locks = store.locks
        self._connection: Connection | None = None

    def _sessions(self) -> sessionmaker[OrmSession]:
        from sqlalchemy.orm import sessionmaker

        if self._connection is None or self._connection.invalidated:
            engine = self.store.engine
            with _translated(self.store.messages):
                self._connection = engine.execution_options(**{_WRITE: True}).connect()
        return sessionmaker(bind=self._connection, expire_on_commit=False)

    def unit_of_work(self) -> SqlUnitOfWork:
        from hipcoach.adapters.history.repository import SqlUnitOfWork

        if self.store.refused is not None:
            raise DamagedHistoryError(self.store.refused)
        return SqlUnitOfWork(self._sessions(), self.store.messages.describe)

    def reading(self) -> SqlUnitOfWork:
        return self.unit_of_work()

    def times_met(self, routine_id: str) -> dict[str, int]:
        return self.store.times_met(routine_id)

    def last_done(self) -> dict[str, LastDone]:
        return self.store.last_done()

    def coach_history(self, routine_ids: Collection[str] | None = None) -> CoachHistory:
        return self.store.coach_history(routine_ids)

    def on_this_thread(self) -> contextlib.nullcontext[_OneConnection]:
        return contextlib.nullcontext(self)

    def checkpoint(self) -> None:
        self.store.checkpoint()

    def close(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            connection.close()


@contextlib.contextmanager
def _translated(say: _Messages) -> Iterator[None]:
    try:
        yield
    except sqlite3.Error as error:
        raise say.refusal(error) from None
    except Exception as error:
        from sqlalchemy.exc import DBAPIError

        if isinstance(error, DBAPIError):
            raise say.refusal(error) from None
        raise


def _backup(path: Path, revision: str, utc: Callable[[], datetime], timeout: float) -> Path:
    """Copy the database through SQLite's backup API (the WAL's content included), mode 600."""
    stamp = utc().strftime("%Y%m%dT%H%M%SZ")
    for attempt in range(100):
        suffix = f"-{attempt}" if attempt else ""
        target = path.with_name(f"history-backup-{revision}-{stamp}{suffix}.sqlite3")
        try:
            os.close(os.open(target, os.O_CREAT | os.O_EXCL | os.O_RDWR, PRIVATE))
            break
        except FileExistsError:
            continue
    else:  # pragma: no cover - a hundred back-ups in one second
        raise HistoryError(f"cannot name a backup of {path}: too many in {path.parent}")
    try:
        source = sqlite3.connect(_read_only_uri(path), uri=True, timeout=timeout)
        try:
            copy = sqlite3.connect(target)
            try:
                source.backup(copy)
            finally:
                copy.close()
        finally:
            source.close()
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return target


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Ctrl-C and SIGTERM wait until the block is done, then take their course: a back-up
    cut short would pass for a whole one. (Only the main thread can set handlers.)"""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous = {
        sig: signal.signal(sig, lambda number, _frame: caught.append(number))
        for sig in (signal.SIGINT, signal.SIGTERM)
    }
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, signal.SIG_DFL if handler is None else handler)
        if caught:
            signal.raise_signal(caught[0])


def _migrate(
    path: Path, say: _Messages, utc: Callable[[], datetime], timeout: float
) -> Path | None:
    """Bring the schema to this code's head under the write lock; returns the back-up made.

    It runs on its own engine with foreign keys off: SQLite rebuilds a table to alter it
    (a batch migration), and dropping the old one would otherwise cascade to the phases.
    """
    from alembic import command
    from alembic.runtime.migration import MigrationContext
    from sqlalchemy.exc import DBAPIError

    head = head_revision()
    engine = _make_engine(path, timeout, foreign_keys=False)
    try:
        with engine.execution_options(**{_WRITE: True}).connect() as connection:
            with connection.begin():
                current = MigrationContext.configure(connection).get_current_revision()
                if current == head:
                    return None
                # Checked again under the lock: another process may have migrated meanwhile.
                tables = {
                    row[0]
                    for row in connection.exec_driver_sql(
                        "SELECT name FROM sqlite_schema WHERE type = 'table' "
                        "AND name NOT LIKE 'sqlite_%'"
                    )
                }
                _judge(_Found(current, frozenset(tables)), say)
                backup = None
                if current is not None:
                    backup = _backup(path, current, utc, timeout)
                config = _alembic_config()
                config.attributes["connection"] = connection
                try:
                    command.upgrade(config, "head")
                except (HistoryError, DBAPIError):
                    raise
                except Exception as error:
                    # A bug in a migration: the transaction rolls back, the file stays as it was.
                    raise HistoryError(
                        f"could not update the history database {path} to this hipcoach "
                        f"({type(error).__name__}: {error}); it was left as it was"
                    ) from error
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise HistoryError(
                        f"updating the history database {path} would break it "
                        f"({len(broken)} rows lost their session); it was left as it was"
                    )
            return backup
    finally:
        engine.dispose()


def open_history(
    data_dir: Path,
    *,
    utc: Callable[[], datetime] = utc_now,
    busy_timeout: float | None = None,
    recover: bool = True,
) -> HistoryStore:
    """Open (or create) ``history.sqlite3`` in the data folder, ready to read and record.

    Raises ``HistoryError`` (one line) when it must not be touched. With ``recover``, every
    in-progress session whose process has died is marked interrupted (docs/command-line.md).
    A file at this code's schema opens without SQLAlchemy or Alembic (see the module's
    docstring).
    """
    timeout = BUSY_TIMEOUT if busy_timeout is None else busy_timeout
    path = data_dir / HISTORY_FILE
    say = _Messages(path)
    exists = _check_file(path, say)
    _check_folder(data_dir)
    revision: str | None = None
    dead = False
    if exists:
        found = _inspect(path, say, timeout)
        _judge(found, say)
        revision = found.revision
        dead = recover and _dead_sessions(data_dir, found.running)
        # Before anything writes: a full check before a migration, and after a crash.
        migrating = found.revision is not None and found.revision != head_revision()
        if migrating or dead:
            full_check(path, timeout)
        _tighten(path)
    else:
        try:
            _create_private(path)
        except OSError as error:
            raise HistoryError(say.read_only(_reason(error))) from None
        _checked(path)  # nothing in it to check for a week
    _write_ahead(path, say, timeout)
    backup = None
    if revision != head_revision():  # a new file or an older schema: Alembic's turn
        with _translated(say), _signals_held():
            backup = _migrate(path, say, utc, timeout)
    store = HistoryStore(path, utc, timeout)
    store.backup = backup
    if dead:
        try:
            mark_interrupted(store)
        except OSError as error:
            store.close()
            raise HistoryError(
                f"cannot check which sessions are still running in {data_dir}: "
                f"{_reason(error)}; make the folder writable for you, then try again"
            ) from None
        except BaseException:
            store.close()
            raise
    return store


def _write_ahead(path: Path, say: _Messages, timeout: float) -> None:
    """Put the database in WAL mode (it stays so): readers never wait for the writer."""
    try:
        con = sqlite3.connect(path, timeout=timeout, isolation_level=None)
        try:
            mode = con.execute("PRAGMA journal_mode = WAL").fetchone()
        finally:
            con.close()
    except sqlite3.Error as error:
        raise say.refusal(error) from None
    if mode is None or str(mode[0]).lower() != "wal":
        raise HistoryError(
            f"the history database {path} cannot use a write-ahead log here "
            f"(journal mode {mode[0] if mode else '?'}); keep the data folder on a local disk"
        )


def move_aside(data_dir: Path, utc: Callable[[], datetime] = utc_now) -> Path:
    """Rename a history that cannot be used (with its WAL and shared-memory files) so a new
    one can start; nothing is deleted. Only with the runner's consent, which the window asks.

    Returns the new name of the database file.
    """
    path = data_dir / HISTORY_FILE
    stamp = utc().strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"history-set-aside-{stamp}.sqlite3")
    attempt = 0
    while target.exists():
        attempt += 1
        target = path.with_name(f"history-set-aside-{stamp}-{attempt}.sqlite3")
    try:
        for suffix in ("-wal", "-shm"):
            companion = path.with_name(path.name + suffix)
            if companion.exists():
                companion.rename(target.with_name(target.name + suffix))
        path.rename(target)
    except OSError as error:
        raise HistoryError(f"cannot move {path} aside: {_reason(error)}") from None
    return target
