"""SQLite writers of several processes (``serve --workers``) take turns on a file lock.

``flock`` locks belong to an open file, so two ``Database`` objects in one process contend
exactly as two processes do; the tests use that instead of forking."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from engine.errors import ConflictError
from engine.store import Database
from engine.store.database import WRITER_LOCK_SUFFIX
from engine.store.migrations import upgrade


@pytest.fixture
def url(tmp_path: Path) -> str:
    target = f"sqlite:///{tmp_path / 'shared.db'}"
    upgrade(target)
    return target


@pytest.fixture
def databases(url: str) -> Iterator[tuple[Database, Database]]:
    first = Database(url, shared_writers=True)
    second = Database(url, shared_writers=True, busy_timeout_ms=200)
    yield first, second
    first.dispose()
    second.dispose()


def counter(db: Database) -> int | None:
    with db.reader() as session:
        value = session.execute(text("SELECT value FROM counters WHERE name = 'c'")).scalar()
        return None if value is None else int(value)


def test_a_writer_of_another_process_waits_for_the_turn_not_only_for_sqlite(
    url: str, databases: tuple[Database, Database]
) -> None:
    first, second = databases
    assert Path(url.removeprefix("sqlite:///") + WRITER_LOCK_SUFFIX).is_file()
    # The first holds its turn before touching SQLite: no SQLite lock is held yet, so only
    # the turn can make the second wait (and give up after its busy timeout).
    with first.transaction():
        began = time.monotonic()
        with pytest.raises(ConflictError) as raised, second.transaction() as session:
            session.execute(text("INSERT INTO counters (name, value) VALUES ('c', 1)"))
        assert raised.value.code == "store.conflict.busy"
        assert time.monotonic() - began >= 0.2
        # A writer outside the shared turn (a CLI command) meets only SQLite's lock: free.
        alone = Database(url)
        try:
            with alone.transaction() as session:
                session.execute(text("INSERT INTO counters (name, value) VALUES ('c', 1)"))
        finally:
            alone.dispose()
    assert counter(first) == 1


def test_writers_of_two_processes_take_turns_and_see_each_others_writes(
    databases: tuple[Database, Database],
) -> None:
    first, second = databases
    with first.transaction() as session:
        session.execute(text("INSERT INTO counters (name, value) VALUES ('c', 0)"))

    def add(db: Database, times: int) -> None:
        for _ in range(times):
            with db.transaction() as session:
                value = session.execute(
                    text("SELECT value FROM counters WHERE name = 'c'")
                ).scalar_one()
                session.execute(
                    text("UPDATE counters SET value = :v WHERE name = 'c'"), {"v": value + 1}
                )

    threads = [threading.Thread(target=add, args=(db, 40)) for db in (first, second, first)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    # Read-then-write in every transaction: a lost update would show as a smaller total.
    assert counter(first) == 120


def test_a_nested_turn_keeps_the_file_lock_until_the_outer_one_ends(
    databases: tuple[Database, Database],
) -> None:
    first, second = databases
    with first.transaction():
        with first.transaction() as inner:
            inner.execute(text("INSERT INTO counters (name, value) VALUES ('c', 5)"))
        # The inner turn ended; the outer still holds the file lock.
        with pytest.raises(ConflictError), second.transaction() as session:
            session.execute(text("UPDATE counters SET value = 6 WHERE name = 'c'"))
    with second.transaction() as session:
        session.execute(text("UPDATE counters SET value = 7 WHERE name = 'c'"))
    assert counter(second) == 7
