"""Alembic migrations, run from code: no alembic.ini is needed at run time.

To write the next revision after changing ``engine.store.tables``::

    from alembic import command
    from engine.store.migrations import config
    command.revision(config("sqlite:///dev.db"), message="...", autogenerate=True)

(on a database at the current head), then read and correct what it wrote: autogenerate
misses triggers, partial-index changes and data moves.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import URL, Connection
from sqlalchemy.exc import InterfaceError, OperationalError

from engine.errors import SetupError
from engine.store.database import create_engine, database_url, display_url

SCRIPT_LOCATION: Final = Path(__file__).resolve().parent


def config(url: str | URL | None = None, *, connection: Connection | None = None) -> Config:
    """An Alembic configuration for ``url`` (default: ``$MACHIFLOW_DB`` or the SQLite file),
    or for an open ``connection`` whose transaction the caller owns."""
    cfg = Config()
    cfg.set_main_option("script_location", str(SCRIPT_LOCATION))
    # URLs travel as attributes: a ``%`` in a password would trip ConfigParser's interpolation.
    cfg.attributes["url"] = url if isinstance(url, URL) else database_url(url)
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def head() -> str:
    """The newest revision this version of machiflow knows."""
    revision = ScriptDirectory.from_config(config()).get_current_head()
    assert revision is not None
    return revision


def current(url: str | URL | None = None) -> str | None:
    """The revision the database at ``url`` is at (``None``: never migrated)."""
    engine = create_engine(url if isinstance(url, URL) else database_url(url))
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    finally:
        engine.dispose()


def upgrade(url: str | URL | None = None, revision: str = "head") -> str:
    """Migrate the database at ``url`` to ``revision``; safe to run again. Returns the
    revision it is at afterwards."""
    try:
        command.upgrade(config(url), revision)
    except (OperationalError, InterfaceError) as exc:
        target = url if isinstance(url, URL) else database_url(url)
        raise SetupError(
            "store.unreachable", url=display_url(target), detail=str(exc.orig).strip()
        ) from exc
    reached = current(url)
    assert reached is not None
    return reached


def downgrade(url: str | URL | None, revision: str) -> None:
    """Migrate back to ``revision`` (``"base"``: drop everything). For tests and recovery."""
    command.downgrade(config(url), revision)
