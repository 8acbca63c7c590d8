"""Engines and transactions from a URL: a SQLite file by default, PostgreSQL by URL.

``Database.transaction()`` is how callers own a transaction: it commits when the block
ends, rolls back on an exception, and turns lock timeouts into ``ConflictError``.
On SQLite a write transaction starts with ``BEGIN IMMEDIATE``: it takes the write lock
first, so two writers queue up (``busy_timeout``) instead of one failing half-way with
"database is locked" after it has read stale data.
"""

from __future__ import annotations

import fcntl
import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Final

import sqlalchemy
from sqlalchemy import Connection, Engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError
from sqlalchemy.orm import Session

from engine.errors import ConflictError, UsageError

DEFAULT_URL: Final = "sqlite:///machiflow.db"
ENV_VAR: Final = "MACHIFLOW_DB"
BUSY_TIMEOUT_MS: Final = 10_000

# Beside a SQLite file: the lock its writers in several processes take turns on.
WRITER_LOCK_SUFFIX: Final = ".writer-lock"
# Polling the cross-process lock: the first waits are short (a write takes a few ms).
_POLL_FIRST_S: Final = 0.0002
_POLL_MAX_S: Final = 0.002
# The execution option that makes a SQLite connection begin with BEGIN IMMEDIATE.
_SQLITE_BEGIN: Final = "machiflow_sqlite_begin"
# PostgreSQL SQLSTATEs that mean "lost a race, try again": serialization failure,
# deadlock detected, lock not available.
_PG_RACE_STATES: Final = frozenset({"40001", "40P01", "55P03"})


def database_url(explicit: str | None = None) -> str:
    """The URL to use: ``explicit`` if given, else ``$MACHIFLOW_DB``, else ``sqlite:///machiflow.db``."""
    return explicit or os.environ.get(ENV_VAR) or DEFAULT_URL


def normalize_url(url: str | URL) -> URL:
    """``postgresql://`` and ``postgres://`` mean psycopg 3; other URLs pass unchanged."""
    text = url.render_as_string(hide_password=False) if isinstance(url, URL) else url
    scheme, sep, rest = text.partition("://")
    if sep and scheme in {"postgres", "postgresql"}:
        text = f"postgresql+psycopg://{rest}"
    try:
        parsed = make_url(text)
    except ArgumentError as exc:
        raise UsageError("store.bad-url", url=display_url(text)) from exc
    if parsed.get_backend_name() not in {"sqlite", "postgresql"}:
        raise UsageError("store.bad-url", url=display_url(text))
    return parsed


def display_url(url: str | URL) -> str:
    """The URL with its password masked, for messages and logs."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "<unreadable URL>"


def create_engine(
    url: str | URL, *, busy_timeout_ms: int = BUSY_TIMEOUT_MS, **kwargs: Any
) -> Engine:
    """An engine for ``url`` set up for machiflow (SQLite pragmas, psycopg for PostgreSQL).

    ``busy_timeout_ms``: how long a SQLite writer waits for another one to finish.
    """
    parsed = normalize_url(url)
    engine = sqlalchemy.create_engine(parsed, **kwargs)
    if engine.dialect.name == "sqlite":
        _configure_sqlite(engine, busy_timeout_ms)
    return engine


def _configure_sqlite(engine: Engine, busy_timeout_ms: int) -> None:
    @event.listens_for(engine, "connect")
    def connect(dbapi_connection: Any, _record: Any) -> None:
        # Take transaction control away from the sqlite3 module (it would not BEGIN before
        # a SELECT or a SAVEPOINT); the "begin" hook below emits BEGIN itself.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")
            cursor.execute("PRAGMA foreign_keys = ON")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def begin(connection: Connection) -> None:
        mode = connection.get_execution_options().get(_SQLITE_BEGIN, "DEFERRED")
        statement = f"BEGIN {mode}"
        # Straight to the driver: the full statement path costs more than the BEGIN itself,
        # and every transaction (reads too) starts here. Errors are wrapped as that path
        # would, so that a lock timeout still reads as a race.
        try:
            connection.connection.driver_connection.execute(statement)  # type: ignore[union-attr]
        except sqlite3.Error as exc:
            raise DBAPIError.instance(statement, None, exc, sqlite3.Error) from exc


class Database:
    """One engine and the transactions on it. Create one per process; ``dispose()`` at exit.

    On SQLite the write transactions of this process also queue on a lock of their own
    before ``BEGIN IMMEDIATE``: SQLite's busy handler polls with growing sleeps (up to
    100 ms), so of several waiting writers one may sleep while the database is free; the
    lock hands it over at once, in turn. With ``shared_writers`` (the workers of
    ``serve --workers``) the turn also crosses processes: an exclusive ``flock`` on
    ``<file>.writer-lock``, polled every 0.2-2 ms; without it other processes meet the busy
    timeout. See handbook/decisions/0004-sqlite-writes.md.
    """

    def __init__(
        self, url: str | URL | None = None, *, shared_writers: bool = False, **engine_kwargs: Any
    ) -> None:
        self.engine = create_engine(
            url if isinstance(url, URL) else database_url(url), **engine_kwargs
        )
        self._writer = self.engine.execution_options(**{_SQLITE_BEGIN: "IMMEDIATE"})
        self._write_lock: threading.RLock | None = (
            threading.RLock() if self.engine.dialect.name == "sqlite" else None
        )
        self._lock_timeout = engine_kwargs.get("busy_timeout_ms", BUSY_TIMEOUT_MS) / 1000
        self._lock_file: int | None = None
        self._depth = 0  # nested turns of the thread that holds the write lock
        self._sessions = _ThreadSessions()
        database = self.engine.url.database
        if shared_writers and self._write_lock is not None and database and database != ":memory:":
            path = f"{database}{WRITER_LOCK_SUFFIX}"
            self._lock_file = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)

    @property
    def url(self) -> str:
        """The URL, password included (for migrations; use ``display_url`` to show it)."""
        return self.engine.url.render_as_string(hide_password=False)

    @property
    def dialect(self) -> str:
        """``"sqlite"`` or ``"postgresql"``."""
        return self.engine.dialect.name

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session in one write transaction: committed at the end, rolled back on error."""
        with (
            self._turn(),
            self._sessions.take(self._writer) as session,
            translate_races(),
            session.begin(),
        ):
            yield session

    @contextmanager
    def _turn(self) -> Iterator[None]:
        """Wait for the other SQLite writers of this process (and, with ``shared_writers``,
        of the other processes), as long as the busy timeout."""
        lock = self._write_lock
        if lock is None:
            yield
            return
        deadline = time.monotonic() + self._lock_timeout
        if not lock.acquire(timeout=self._lock_timeout):
            raise ConflictError("store.conflict.busy")
        try:
            # Only the thread holding ``lock`` reads or changes the depth (the lock is
            # re-entrant: the outermost turn takes and gives back the file lock).
            held = self._lock_file if self._depth == 0 else None
            if held is not None:
                _take_file_lock(held, deadline)
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
                if held is not None:
                    fcntl.flock(held, fcntl.LOCK_UN)
        finally:
            lock.release()

    @contextmanager
    def reader(self) -> Iterator[Session]:
        """A session for reading only: a consistent snapshot, never committed."""
        with self._sessions.take(self.engine) as session:  # closing rolls back
            yield session

    def session(self) -> Session:
        """A session bound to the write engine, for callers that manage it themselves."""
        return Session(self._writer, expire_on_commit=False)

    def dispose(self) -> None:
        self.engine.dispose()
        if self._lock_file is not None:
            os.close(self._lock_file)
            self._lock_file = None


class _ThreadSessions:
    """One ``Session`` per thread and bind, closed after each use and used again.

    A new ``Session`` costs about 0.1 ms of Python (its registries, transaction objects,
    weak references), as much as a SQL statement several times over, and every use case
    opens one. A closed session is clean (no identity map, no connection) and SQLAlchemy
    lets it begin again. Its ``info`` is emptied when it is taken again, not when it is
    given back: use cases leave notes there to read after the commit. A thread that opens
    a second session inside the first (a nested transaction) gets a new one.
    """

    def __init__(self) -> None:
        self._local = threading.local()

    @contextmanager
    def take(self, bind: Engine) -> Iterator[Session]:
        kept: dict[Engine, Session] = self._local.__dict__.setdefault("sessions", {})
        session = kept.pop(bind, None)
        if session is None:
            session = Session(bind, expire_on_commit=False)
        else:
            session.info.clear()  # the last use's notes: read after its commit, done with now
        try:
            yield session
        finally:
            session.close()  # rolls back what is not committed; gives the connection back
            kept[bind] = session  # free again (a nested one replaces it: as good)


def _take_file_lock(descriptor: int, deadline: float) -> None:
    """The other processes' writers are done: an exclusive ``flock``, or ``ConflictError``
    at the deadline (polled, since ``flock`` cannot wait with a timeout)."""
    pause = _POLL_FIRST_S
    while True:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise ConflictError("store.conflict.busy") from None
        time.sleep(pause)
        pause = min(pause * 2, _POLL_MAX_S)


def is_race(exc: BaseException) -> bool:
    """Whether a database error means a concurrent writer won (retrying may succeed)."""
    if not isinstance(exc, DBAPIError):
        return False
    if isinstance(exc, OperationalError) and "database is locked" in str(exc.orig):
        return True
    sqlstate = getattr(exc.orig, "sqlstate", None)
    return sqlstate in _PG_RACE_STATES


@contextmanager
def translate_races() -> Iterator[None]:
    """Re-raise lock timeouts, deadlocks and serialization failures as ``ConflictError``."""
    try:
        yield
    except DBAPIError as exc:
        if is_race(exc):
            raise ConflictError("store.conflict.busy") from exc
        raise
