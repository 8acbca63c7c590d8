"""Shared fixtures: the third-party corpus, small-model builders, and databases."""

from __future__ import annotations

import itertools
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from engine.store.database import Database
from engine.store.migrations import upgrade
from tests import pg

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("MACHIFLOW_SHARED", ROOT.parent / "shared"))
CORPUS = SHARED / "corpus"
CORPUS_FILES = sorted(CORPUS.glob("*/*.bpmn"))
BUNDLED = ROOT / "processes" / "bpmn"


@pytest.fixture(scope="session")
def corpus_files() -> list[Path]:
    assert CORPUS_FILES, f"no corpus under {CORPUS}: set MACHIFLOW_SHARED"
    return CORPUS_FILES


# --- Databases -------------------------------------------------------------------------
# Every persistence test runs on SQLite and on PostgreSQL. Each kind has a template
# database migrated once per session; tests get either a shared copy whose changes roll
# back (``session``) or a fresh copy of their own that they may commit to (``fresh_db``).

DB_KINDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres),
]


class DatabaseMaker:
    """Makes empty, migrated databases of one kind by copying a template."""

    def __init__(self, kind: str, workdir: Path, cluster: pg.Cluster | None) -> None:
        self.kind = kind
        self.workdir = workdir
        self.cluster = cluster
        self._count = itertools.count()
        self.template = self._new_url("template")
        if cluster is not None:
            cluster.create_database("template")
        upgrade(self.template)

    def _new_url(self, name: str) -> str:
        if self.cluster is not None:
            return self.cluster.url(name)
        return f"sqlite:///{self.workdir / name}.db"

    def create(self) -> str:
        """A new database with the schema at head and no rows."""
        name = f"db{next(self._count)}"
        if self.cluster is not None:
            return self.cluster.create_database(name, template="template")
        shutil.copyfile(self.workdir / "template.db", self.workdir / f"{name}.db")
        return self._new_url(name)

    def drop(self, url: str) -> None:
        if self.cluster is not None:
            self.cluster.drop_database(url.rsplit("/", 1)[1])
        else:
            Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[pg.Cluster]:
    """A throwaway PostgreSQL 15 cluster for the whole session (started on first use)."""
    reason = pg.missing_reason()
    if reason is not None:
        pytest.skip(f"PostgreSQL tests need a local server: {reason}")
    with pg.cluster() as running:
        yield running


@pytest.fixture(scope="session", params=DB_KINDS)
def db_kind(request: pytest.FixtureRequest) -> str:
    kind: str = request.param
    return kind


@pytest.fixture(scope="session")
def db_maker(
    db_kind: str, request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> DatabaseMaker:
    cluster = request.getfixturevalue("pg_cluster") if db_kind == "postgresql" else None
    return DatabaseMaker(db_kind, tmp_path_factory.mktemp(f"db-{db_kind}"), cluster)


@pytest.fixture(scope="session")
def db_url(db_maker: DatabaseMaker) -> str:
    """The URL of a migrated database shared by the session, per kind (sqlite, postgresql)."""
    return db_maker.create()


@pytest.fixture(scope="session")
def db(db_url: str) -> Iterator[Database]:
    database = Database(db_url)
    yield database
    database.dispose()


@pytest.fixture
def session(db: Database) -> Iterator[Session]:
    """A session in a transaction that is rolled back after the test, whatever the code
    under test commits ("join an external transaction": commits become savepoints)."""
    with db.engine.connect() as connection:
        transaction = connection.begin()
        session = Session(bind=connection, join_transaction_mode="create_savepoint")
        try:
            yield session
        finally:
            session.close()
            transaction.rollback()


@pytest.fixture
def fresh_db(db_maker: DatabaseMaker) -> Iterator[Database]:
    """An empty migrated database of its own, for tests that commit (races, concurrency)."""
    url = db_maker.create()
    database = Database(url)
    yield database
    database.dispose()
    db_maker.drop(url)
