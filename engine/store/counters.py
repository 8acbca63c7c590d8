"""Named counters that hand out 1, 2, 3, ... inside the caller's transaction, on both databases."""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from sqlalchemy import Table, bindparam
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from engine.store.prepared import Prepared
from engine.store.tables import COUNTERS

_INCREMENT: Final = {"value": COUNTERS.c.value + 1}


def _upsert(insert: Callable[[Table], postgresql.Insert | sqlite.Insert]) -> Prepared:
    """Both dialects spell the upsert alike, but each needs its own ``insert`` construct."""
    return Prepared(
        insert(COUNTERS)
        .values(name=bindparam("name"), value=1)
        .on_conflict_do_update(index_elements=[COUNTERS.c.name], set_=_INCREMENT)
        .returning(COUNTERS.c.value)
    )


_NEXT: Final = {"postgresql": _upsert(postgresql.insert), "sqlite": _upsert(sqlite.insert)}


def next_value(session: Session, name: str) -> int:
    """The next value of counter ``name`` (1 for a new counter), in one statement.

    An upsert (``INSERT .. ON CONFLICT DO UPDATE .. RETURNING``) both creates and increments,
    so two transactions never read the same value: PostgreSQL holds the row lock until the
    first commits, SQLite's write lock serializes them. A rolled-back transaction gives its
    number back, so numbers have no gaps.
    """
    statement = _NEXT[session.get_bind().dialect.name]
    return int(statement.scalar(session, {"name": name}))
