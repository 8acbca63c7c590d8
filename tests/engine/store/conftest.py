"""Sample rows for store tests: a deployed definition and instances on it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.orm import Session

from engine.store import (
    DefinitionRecord,
    DefinitionRepository,
    FileData,
    InstanceRecord,
    InstanceRepository,
)

T0 = datetime(2026, 4, 1, 9, 0, tzinfo=UTC)
BPMN = b'<?xml version="1.0"?><bpmn:definitions xmlns:bpmn="x" id="D"/>'
SPEC = json.dumps({"spec": {"name": "Process_1"}, "subprocess_specs": {}})
STATE = json.dumps({"data": {"氏名": "山田太郎"}, "tasks": {}, "last_task": None})


def deploy(
    session: Session, *, key: str = "Process_1", bpmn: bytes = BPMN, name: str = "転入届"
) -> DefinitionRecord:
    files = [FileData("to-be.bpmn", "application/xml", bpmn)]
    return (
        DefinitionRepository(session)
        .deploy(
            key=key,
            name=name,
            procedure="tennyu",
            variant="to-be",
            area="住民記録",
            spec=SPEC,
            meta={"lanes": ["窓口", "審査"]},
            files=files,
            deployed_by="admin",
            at=T0,
        )
        .definition
    )


def start(
    session: Session, definition: DefinitionRecord, *, at: datetime = T0, state: str = STATE
) -> InstanceRecord:
    return InstanceRepository(session).create(
        definition_id=definition.id, state=state, started_by="resident", at=at
    )


@pytest.fixture
def definition(session: Session) -> DefinitionRecord:
    return deploy(session)


@pytest.fixture
def instance(session: Session, definition: DefinitionRecord) -> InstanceRecord:
    return start(session, definition)


@contextmanager
def captured_sql(session: Session) -> Iterator[list[tuple[str, Any]]]:
    """The statements (with their parameters) the session sends inside the block."""
    statements: list[tuple[str, Any]] = []
    connection = session.connection()

    def capture(
        _conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any, _many: bool
    ) -> None:
        statements.append((statement, parameters))

    event.listen(connection, "before_cursor_execute", capture)
    try:
        yield statements
    finally:
        event.remove(connection, "before_cursor_execute", capture)


def explain(session: Session, statement: str, parameters: Any) -> str:
    """The query plan of a captured statement, run with its bound parameters."""
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        rows = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters).all()
        return "\n".join(str(row[-1]) for row in rows)
    # Tiny test tables would always be scanned; forbid that to see which index fits.
    connection.exec_driver_sql("SET LOCAL enable_seqscan = off")
    rows = connection.exec_driver_sql(f"EXPLAIN {statement}", parameters).all()
    return "\n".join(str(row[0]) for row in rows)
