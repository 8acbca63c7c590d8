"""Prepared statements: the answers, events and errors of Core, without its machinery."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.exc import IntegrityError, StatementError
from sqlalchemy.orm import Session

from engine.store import AuditRepository, InstanceRecord, InstanceStatus, NewAuditEvent
from engine.store.prepared import Prepared
from engine.store.tables import AUDIT_EVENTS, DEFINITIONS, INSTANCES
from tests.engine.store.conftest import T0, captured_sql

_ROW = select(INSTANCES).where(INSTANCES.c.id == bindparam("instance_id"))


def test_rows_come_back_as_core_converts_them(session: Session, instance: InstanceRecord) -> None:
    """Enums, aware UTC datetimes, JSON and bytes: the values Core's rows hold."""
    _fail(session, instance)
    core = session.connection().execute(_ROW, {"instance_id": instance.id}).one()
    [prepared] = Prepared(_ROW).rows(session, {"instance_id": instance.id})
    assert tuple(prepared) == tuple(core)
    assert prepared[2] is InstanceStatus.ERROR
    assert prepared[7].tzinfo is UTC
    assert prepared[10] == {"code": "x", "detail": ["ü", 1]}


def _fail(session: Session, instance: InstanceRecord) -> None:
    """Give the instance an error (a JSON column) and a status other than the default."""
    session.connection().execute(
        update(INSTANCES)
        .where(INSTANCES.c.id == instance.id)
        .values(
            status=InstanceStatus.ERROR,
            error={"code": "x", "detail": ["ü", 1]},
            updated_at=T0 + timedelta(hours=1),
        )
    )


def test_values_are_stored_as_core_stores_them(session: Session, instance: InstanceRecord) -> None:
    """An event written through Core and one through Prepared read back alike, in any zone."""
    at = datetime(2026, 4, 1, 18, 30, 0, 5, tzinfo=timezone(timedelta(hours=9)))
    values = {
        "instance_id": instance.id,
        "at": at,
        "actor": "sato",
        "action": "task_completed",
        "task_id": None,
        "element_id": "Task_1",
        "detail": {"set": {"金額": 1200}},
    }
    session.connection().execute(insert(AUDIT_EVENTS), values)
    Prepared(insert(AUDIT_EVENTS)).many(session, [values])
    first, second = AuditRepository(session).for_instance(instance.id)
    assert first.at == second.at == at
    assert first.at.tzinfo is UTC
    assert (first.detail, first.element_id) == (second.detail, second.element_id)
    stored = session.connection().execute(
        select(AUDIT_EVENTS.c.at.cast(AUDIT_EVENTS.c.actor.type)).order_by(AUDIT_EVENTS.c.id)
    )
    assert len(set(stored.scalars())) == 1  # the same text (or timestamp) in the table


def test_defaults_held_by_the_statement_are_sent(
    session: Session, instance: InstanceRecord
) -> None:
    """LIMIT 1 and other literals are parameters the caller does not give."""
    newest = Prepared(select(DEFINITIONS.c.id).order_by(DEFINITIONS.c.id.desc()).limit(1))
    assert newest.scalar(session, {}) == instance.definition_id


def test_statements_go_through_the_connection_events(
    session: Session, instance: InstanceRecord
) -> None:
    """Listeners (statement counters, tests, logging) see prepared statements as any other."""
    with captured_sql(session) as statements:
        Prepared(_ROW).rows(session, {"instance_id": instance.id})
        AuditRepository(session).append(
            NewAuditEvent(actor="a", action="x", instance_id=instance.id),
            NewAuditEvent(actor="b", action="y", instance_id=instance.id),
        )
    assert [s.split()[0] for s, _ in statements] == ["SELECT", "INSERT"]
    assert len(statements[1][1]) == 2  # one executemany with both rows


def test_errors_are_wrapped_like_cores(session: Session) -> None:
    statement = Prepared(insert(AUDIT_EVENTS))
    with pytest.raises(StatementError, match="naive datetime"):
        statement.many(session, [{"actor": "a", "action": "x", "at": datetime(2026, 4, 1)}])
    with pytest.raises(IntegrityError), session.begin_nested():
        statement.many(session, [{"actor": "a", "action": "x", "at": T0, "instance_id": "none"}])
    with pytest.raises(StatementError, match="instance_id"):
        Prepared(_ROW).rows(session, {})


def test_expanding_parameters_are_left_to_core(session: Session) -> None:
    expanding = select(INSTANCES.c.id).where(INSTANCES.c.id.in_(bindparam("ids", expanding=True)))
    with pytest.raises(TypeError, match="expanding"):
        Prepared(expanding).rows(session, {"ids": ["a"]})
