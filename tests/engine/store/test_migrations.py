"""Migrations: the head matches the tables, upgrades are idempotent, and the CLI runs them."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from engine.check.reference import EXIT_CODES
from engine.cli import EXIT_INPUT, EXIT_INTERNAL, EXIT_OK, main
from engine.store import Database
from engine.store.migrations import SCRIPT_LOCATION, current, downgrade, head, upgrade
from engine.store.tables import metadata
from tests import pg

TABLES = {
    "alembic_version",
    "attachments",
    "audit_events",
    "counters",
    "definition_files",
    "drafts",
    "instances",
    "process_definitions",
    "tasks",
    "timers",
    "users",
}


def test_the_head_revision_matches_the_tables(fresh_db: Database) -> None:
    with fresh_db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, metadata) == []


def test_upgrade_is_idempotent(fresh_db: Database) -> None:
    assert current(fresh_db.url) == head()
    assert upgrade(fresh_db.url) == head()
    assert upgrade(fresh_db.url) == head()


def test_downgrade_removes_everything_and_upgrade_restores_it(fresh_db: Database) -> None:
    downgrade(fresh_db.url, "base")
    assert set(inspect(fresh_db.engine).get_table_names()) == {"alembic_version"}
    assert current(fresh_db.url) is None
    upgrade(fresh_db.url)
    assert set(inspect(fresh_db.engine).get_table_names()) == TABLES


def test_the_migrations_ship_with_the_package() -> None:
    """No alembic.ini at run time: the script directory is found inside the package."""
    assert (SCRIPT_LOCATION / "env.py").is_file()
    assert (SCRIPT_LOCATION / "script.py.mako").is_file()
    assert head() == "0002"


def run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    with pytest.raises(SystemExit) as exited:
        main(args)
    code = exited.value.code
    assert isinstance(code, int)
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return code, err


def test_cli_db_upgrade_creates_a_sqlite_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'new.db'}"
    code, err = run_cli(["db", "upgrade", "--db", url, "--lang", "en"], capsys)
    assert (code,) == EXIT_CODES["store.upgraded"]
    assert err.strip() == f"Upgraded the database {url} to revision 0002."
    assert current(url) == "0002"
    code, err = run_cli(["db", "upgrade", "--db", url], capsys)  # again: nothing to do
    assert code == EXIT_OK
    assert "0002" in err


def test_cli_db_upgrade_reads_machiflow_db(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'env.db'}"
    monkeypatch.setenv("MACHIFLOW_DB", url)
    code, _ = run_cli(["db", "upgrade"], capsys)
    assert code == EXIT_OK
    assert current(url) == "0002"


def test_cli_db_upgrade_refuses_other_databases(capsys: pytest.CaptureFixture[str]) -> None:
    code, err = run_cli(["db", "upgrade", "--db", "mysql://u@db/m", "--lang", "en"], capsys)
    assert (code,) == EXIT_CODES["store.bad-url"] == (EXIT_INPUT,)
    assert "cannot use the database URL mysql://u@db/m" in err


def test_cli_db_upgrade_says_when_the_server_is_unreachable(
    capsys: pytest.CaptureFixture[str],
) -> None:
    url = f"postgresql://nobody:secret@127.0.0.1:{pg.free_port()}/none"
    code, err = run_cli(["db", "upgrade", "--db", url], capsys)
    assert (code,) == EXIT_CODES["store.unreachable"] == (EXIT_INTERNAL,)
    assert "に接続できません" in err
    assert "secret" not in err
