"""Instances: state storage, receipt numbers and optimistic locking."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from engine.errors import ConflictError, NotFoundError
from engine.store import (
    DefinitionRecord,
    InstanceRecord,
    InstanceRepository,
    InstanceStatus,
    NewTask,
    TaskRepository,
    token_hash,
)
from engine.store.tables import INSTANCES
from tests.engine.store.conftest import STATE, T0, deploy, start


def test_a_new_instance(session: Session, definition: DefinitionRecord) -> None:
    record = InstanceRepository(session).create(
        definition_id=definition.id,
        state=STATE,
        started_by="resident",
        access_token_hash=token_hash("secret"),
        at=T0,
    )
    assert re.fullmatch(r"[0-9a-f]{32}", record.id)
    assert record.receipt_number == "R2026-000001"
    assert record.status is InstanceStatus.RUNNING
    assert record.lock_version == 1
    assert record.created_at == record.updated_at == T0
    assert record.completed_at is None
    assert record.access_token_hash == token_hash("secret")
    assert InstanceRepository(session).get(record.id) == record


def test_the_state_comes_back_as_given_and_is_stored_compressed(
    session: Session, definition: DefinitionRecord
) -> None:
    tasks = {f"task-{i}": {"state": 64, "data": {"氏名": "山田太郎"}} for i in range(50)}
    state = json.dumps({"tasks": tasks, "data": {}}, ensure_ascii=False)
    record = start(session, definition, state=state)
    assert InstanceRepository(session).load(record.id) == (record, state)
    stored = session.execute(
        select(INSTANCES.c.state).where(INSTANCES.c.id == record.id)
    ).scalar_one()
    assert len(stored) < len(state.encode()) / 5


def test_load_by_task_answers_as_get_and_load_do(
    session: Session, definition: DefinitionRecord
) -> None:
    record = start(session, definition)
    tasks = TaskRepository(session)
    tasks.add(record.id, [NewTask("t-1", "Task_1", "審査", lane="審査", due_at=T0)], at=T0)
    tasks.claim("t-1", "sato")
    saved = InstanceRepository(session).save(
        record.id, expected_version=1, status=InstanceStatus.ERROR, error={"code": "x"}
    )
    loaded = InstanceRepository(session).load_by_task("t-1")
    assert loaded == (tasks.get("t-1"), saved, STATE)
    with pytest.raises(NotFoundError):
        InstanceRepository(session).load_by_task("t-2")


def test_receipt_numbers_count_up_per_year_in_japan(
    session: Session, definition: DefinitionRecord
) -> None:
    new_years_eve_utc = datetime(2026, 12, 31, 15, 30, tzinfo=UTC)  # 00:30 on 1 Jan in Tokyo
    numbers = [
        start(session, definition, at=T0).receipt_number,
        start(session, definition, at=T0).receipt_number,
        start(session, definition, at=new_years_eve_utc - timedelta(hours=1)).receipt_number,
        start(session, definition, at=new_years_eve_utc).receipt_number,
    ]
    assert numbers == ["R2026-000001", "R2026-000002", "R2026-000003", "R2027-000001"]
    assert InstanceRepository(session).by_receipt("R2027-000001").created_at == new_years_eve_utc


def test_save_bumps_the_lock_version(session: Session, instance: InstanceRecord) -> None:
    repo = InstanceRepository(session)
    later = T0 + timedelta(minutes=5)
    saved = repo.save(instance.id, expected_version=1, state='{"step": 2}', at=later)
    assert saved.lock_version == 2
    assert saved.updated_at == later
    assert saved.created_at == T0
    assert repo.load(instance.id) == (saved, '{"step": 2}')


def test_a_stale_save_is_a_conflict_and_changes_nothing(
    session: Session, instance: InstanceRecord
) -> None:
    repo = InstanceRepository(session)
    winner = repo.save(instance.id, expected_version=1, state='{"by": "first"}')
    with pytest.raises(ConflictError) as raised:
        repo.save(instance.id, expected_version=1, state='{"by": "second"}')
    assert raised.value.code == "store.conflict.instance"
    assert raised.value.params == {"instance": instance.id, "expected": 1, "actual": 2}
    assert repo.load(instance.id) == (winner, '{"by": "first"}')


def test_saving_a_missing_instance_is_not_found(session: Session) -> None:
    with pytest.raises(NotFoundError):
        InstanceRepository(session).save("0" * 32, expected_version=1, state="{}")
    with pytest.raises(NotFoundError):
        InstanceRepository(session).load("0" * 32)


def test_status_changes_set_completion_and_errors(
    session: Session, instance: InstanceRecord
) -> None:
    repo = InstanceRepository(session)
    failed = repo.save(
        instance.id,
        expected_version=1,
        status=InstanceStatus.ERROR,
        error={"code": "runtime.script", "element_id": "Task_1"},
    )
    assert failed.status is InstanceStatus.ERROR
    assert failed.error == {"code": "runtime.script", "element_id": "Task_1"}
    retried = repo.save(instance.id, expected_version=2, status=InstanceStatus.RUNNING)
    assert retried.error is None
    done_at = T0 + timedelta(days=3)
    done = repo.save(instance.id, expected_version=3, status=InstanceStatus.COMPLETED, at=done_at)
    assert done.completed_at == done_at
    with pytest.raises(ValueError, match="status"):
        repo.save(instance.id, expected_version=4, error={"code": "x"})


def test_find_lists_newest_first(session: Session, definition: DefinitionRecord) -> None:
    other = deploy(session, bpmn=b"<v2/>")
    first = start(session, definition, at=T0)
    second = start(session, other, at=T0 + timedelta(hours=1))
    repo = InstanceRepository(session)
    repo.save(first.id, expected_version=1, status=InstanceStatus.WITHDRAWN)
    assert [i.id for i in repo.find()] == [second.id, first.id]
    assert [i.id for i in repo.find(status=InstanceStatus.RUNNING)] == [second.id]
    assert [i.id for i in repo.find(definition_ids=[definition.id])] == [first.id]
    assert [i.id for i in repo.find(limit=1, offset=1)] == [first.id]


def test_an_instance_needs_its_definition(session: Session) -> None:
    """Foreign keys are enforced on SQLite too."""
    with pytest.raises(IntegrityError), session.begin_nested():
        InstanceRepository(session).create(definition_id=999, state="{}", started_by="x")
