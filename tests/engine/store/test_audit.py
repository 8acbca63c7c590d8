"""The audit log: appended with the change it records, never updated or deleted."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from engine.store import AuditAction, AuditRepository, InstanceRecord, NewAuditEvent
from tests.engine.store.conftest import T0


def test_events_come_back_in_order_with_their_detail(
    session: Session, instance: InstanceRecord
) -> None:
    audit = AuditRepository(session)
    audit.append(NewAuditEvent(actor="admin", action=AuditAction.DEPLOYED, detail={"version": 1}))
    audit.append(
        NewAuditEvent(actor="resident", action=AuditAction.STARTED, instance_id=instance.id, at=T0),
        NewAuditEvent(
            actor="sato",
            action=AuditAction.TASK_COMPLETED,
            instance_id=instance.id,
            task_id="8c1f6b3e-0000-4000-8000-000000000001",
            element_id="Task_Review",
            detail={"set": {"審査結果": "承認", "金額": 1200}, "removed": ["下書き"]},
        ),
    )
    history = audit.for_instance(instance.id)
    assert [e.action for e in history] == ["started", "task_completed"]
    assert history[0].at == T0
    assert history[1].detail == {"set": {"審査結果": "承認", "金額": 1200}, "removed": ["下書き"]}
    assert history[1].element_id == "Task_Review"
    assert history[0].id < history[1].id
    everything = audit.recent()
    assert [e.action for e in everything] == ["task_completed", "started", "deployed"]
    assert everything[2].instance_id is None
    assert [e.action for e in audit.recent(before_id=history[1].id)] == ["started", "deployed"]
    assert [e.action for e in audit.recent(actions=["deployed"])] == ["deployed"]
    assert len(audit.recent(limit=1)) == 1


def test_the_repository_offers_no_way_to_change_events() -> None:
    public = {name for name in dir(AuditRepository) if not name.startswith("_")}
    assert public == {"append", "for_instance", "recent"}


@pytest.mark.parametrize(
    "statement",
    ["UPDATE audit_events SET actor = 'someone else'", "DELETE FROM audit_events"],
)
def test_the_database_refuses_to_change_events(
    session: Session, instance: InstanceRecord, statement: str
) -> None:
    AuditRepository(session).append(
        NewAuditEvent(actor="resident", action="started", instance_id=instance.id)
    )
    with pytest.raises(DBAPIError, match="append-only"), session.begin_nested():
        session.execute(text(statement))
    assert [e.actor for e in AuditRepository(session).for_instance(instance.id)] == ["resident"]
