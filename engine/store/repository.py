"""The base of every repository: a session it never commits, and a fast way to run Core."""

from __future__ import annotations

from typing import Any

from sqlalchemy import CursorResult, Executable
from sqlalchemy.orm import Session


class Repository:
    """Holds the caller's session. Repositories run Core statements only (no ORM objects),
    so they go straight to the session's connection: the ORM's execute path would double
    the cost of a statement on SQLite and add nothing. The statements every step of an
    instance runs go further, to the driver (``engine.store.prepared.Prepared``)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def _execute(self, statement: Executable, params: Any = None) -> CursorResult[Any]:
        result: CursorResult[Any] = self.session.connection().execute(statement, params)
        return result
