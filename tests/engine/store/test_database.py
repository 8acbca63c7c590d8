"""URLs, engines, SQLite settings, transactions and timestamps on both databases."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import StatementError
from sqlalchemy.orm import Session

from engine.errors import ConflictError, UsageError
from engine.store import AuditRepository, Database, NewAuditEvent, database_url
from engine.store.database import display_url, normalize_url
from engine.store.migrations import upgrade

JST = timezone(timedelta(hours=9))


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgresql://u@db/machiflow", "postgresql+psycopg://u@db/machiflow"),
        ("postgres://u:pw@db:5433/m", "postgresql+psycopg://u:pw@db:5433/m"),
        ("postgresql+psycopg://u@db/m", "postgresql+psycopg://u@db/m"),
        ("sqlite:///machiflow.db", "sqlite:///machiflow.db"),
        ("sqlite://", "sqlite://"),
    ],
)
def test_urls_map_postgresql_to_psycopg(given: str, expected: str) -> None:
    assert normalize_url(given).render_as_string(hide_password=False) == expected


@pytest.mark.parametrize("url", ["mysql://u@db/m", "not a url", "oracle://x"])
def test_other_databases_are_a_usage_error(url: str) -> None:
    with pytest.raises(UsageError) as raised:
        normalize_url(url)
    assert raised.value.code == "store.bad-url"


def test_passwords_never_show() -> None:
    assert "secret" not in display_url("postgresql://u:secret@db/m")


def test_url_comes_from_the_argument_then_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("MACHIFLOW_DB", raising=False)
    assert database_url() == "sqlite:///machiflow.db"
    monkeypatch.setenv("MACHIFLOW_DB", "postgresql://u@db/m")
    assert database_url() == "postgresql://u@db/m"
    assert database_url("sqlite:///other.db") == "sqlite:///other.db"


def test_sqlite_runs_in_wal_with_foreign_keys(tmp_path: Path) -> None:
    database = Database(f"sqlite:///{tmp_path / 'm.db'}")
    try:
        with database.reader() as session:
            pragma = {
                name: session.execute(text(f"PRAGMA {name}")).scalar_one()
                for name in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout")
            }
    finally:
        database.dispose()
    assert pragma == {
        "journal_mode": "wal",
        "synchronous": 1,  # NORMAL
        "foreign_keys": 1,
        "busy_timeout": 10_000,
    }


def _events(database: Database) -> list[str]:
    with database.reader() as session:
        return [e.action for e in AuditRepository(session).recent()]


def test_a_transaction_commits_at_the_end_and_rolls_back_on_error(fresh_db: Database) -> None:
    with fresh_db.transaction() as session:
        AuditRepository(session).append(NewAuditEvent(actor="system", action="kept"))

    def crash() -> None:
        with fresh_db.transaction() as session:
            AuditRepository(session).append(NewAuditEvent(actor="system", action="lost"))
            raise RuntimeError("crash between steps")

    with pytest.raises(RuntimeError):
        crash()
    assert _events(fresh_db) == ["kept"]


def test_a_reader_never_commits(fresh_db: Database) -> None:
    with fresh_db.reader() as session:
        AuditRepository(session).append(NewAuditEvent(actor="system", action="lost"))
    assert _events(fresh_db) == []


def test_a_thread_uses_its_session_again_clean_and_a_nested_one_is_new(
    fresh_db: Database,
) -> None:
    with fresh_db.transaction() as first:
        first.info["note"] = "for after the commit"
        with fresh_db.transaction() as nested:  # the same thread, the first still open
            assert nested is not first
        with fresh_db.reader() as reading:
            assert reading is not first
    assert first.info == {"note": "for after the commit"}  # still there once committed
    assert not first.in_transaction()
    taken: list[Session] = []

    def rolled_back() -> None:
        with fresh_db.transaction() as again:
            taken.append(again)
            AuditRepository(again).append(NewAuditEvent(actor="system", action="lost"))
            raise RuntimeError("rolled back")

    with pytest.raises(RuntimeError):
        rolled_back()
    [again] = taken
    assert again is first or again is nested  # one of this thread's, not a new one
    assert again.info == {}  # the last use's notes are gone
    with fresh_db.transaction() as after:
        assert after is again
        assert not after.new  # nothing left of the rolled-back one
        AuditRepository(after).append(NewAuditEvent(actor="system", action="kept"))
    assert _events(fresh_db) == ["kept"]
    # Another thread never gets this thread's session.
    seen: list[Session] = []

    def elsewhere() -> None:
        with fresh_db.transaction() as session:
            seen.append(session)

    worker = threading.Thread(target=elsewhere)
    worker.start()
    worker.join()
    assert seen
    assert seen[0] not in {first, nested, after}


def test_timestamps_come_back_aware_in_utc(session: Session) -> None:
    tokyo_morning = datetime(2026, 4, 1, 9, 0, 0, 123456, tzinfo=JST)
    audit = AuditRepository(session)
    audit.append(NewAuditEvent(actor="system", action="a", at=tokyo_morning))
    [event] = audit.recent()
    assert event.at == tokyo_morning
    assert event.at.tzinfo is UTC
    assert event.at.hour == 0
    assert event.at.microsecond == 123456


def test_sqlite_stores_utc_as_plain_text(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'm.db'}"
    upgrade(url)
    database = Database(url)
    try:
        with database.transaction() as session:
            AuditRepository(session).append(
                NewAuditEvent(actor="s", action="a", at=datetime(2026, 4, 1, 9, tzinfo=JST))
            )
        with database.reader() as session:
            raw = session.execute(text("SELECT at FROM audit_events")).scalar_one()
    finally:
        database.dispose()
    assert raw == "2026-04-01 00:00:00.000000"


def test_naive_timestamps_are_refused(session: Session) -> None:
    with pytest.raises(StatementError, match="naive datetime"):
        AuditRepository(session).append(
            NewAuditEvent(actor="s", action="a", at=datetime(2026, 4, 1, 9))
        )


def test_a_writer_that_waits_too_long_gets_a_conflict(db_kind: str, fresh_db: Database) -> None:
    """A lock timeout (SQLite busy, PostgreSQL lock_timeout) is a ConflictError to retry."""
    if db_kind == "sqlite":
        impatient = Database(fresh_db.url, busy_timeout_ms=50)
    else:
        impatient = Database(fresh_db.url, connect_args={"options": "-c lock_timeout=50"})
    with fresh_db.transaction() as session:
        AuditRepository(session).append(NewAuditEvent(actor="s", action="a"))
        session.execute(text("INSERT INTO counters (name, value) VALUES ('c', 1)"))
    holding = threading.Event()
    release = threading.Event()

    def hold_lock() -> None:
        with fresh_db.transaction() as session:
            session.execute(text("UPDATE counters SET value = 2 WHERE name = 'c'"))
            holding.set()
            release.wait(10)

    holder = threading.Thread(target=hold_lock)
    holder.start()
    try:
        assert holding.wait(10)
        with pytest.raises(ConflictError) as raised, impatient.transaction() as session:
            session.execute(text("UPDATE counters SET value = 3 WHERE name = 'c'"))
        assert raised.value.code == "store.conflict.busy"
    finally:
        release.set()
        holder.join()
        impatient.dispose()
