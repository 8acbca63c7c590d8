"""Timers: the due query a scheduler polls, firing exactly once, syncing with the workflow."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.orm import Session

from engine.errors import ConflictError, NotFoundError
from engine.store import InstanceRecord, NewTimer, TimerRepository
from tests.engine.store.conftest import T0, captured_sql, explain

HOUR = timedelta(hours=1)


def timer(task_id: str, due_in: timedelta) -> NewTimer:
    return NewTimer(task_id=task_id, element_id=f"Timer_{task_id}", due_at=T0 + due_in)


def test_due_timers_are_the_unfired_ones_up_to_now(
    session: Session, instance: InstanceRecord
) -> None:
    repo = TimerRepository(session)
    ids = repo.add(
        instance.id, [timer("late", 3 * HOUR), timer("soon", HOUR), timer("b", 2 * HOUR)]
    )
    assert len(set(ids)) == 3
    assert repo.due(T0) == []
    assert [t.task_id for t in repo.due(T0 + 2 * HOUR)] == ["soon", "b"]
    assert [t.task_id for t in repo.due(T0 + 2 * HOUR, limit=1)] == ["soon"]
    assert repo.next_due() == T0 + HOUR
    fired = repo.mark_fired(ids[1], at=T0 + HOUR)
    assert fired.fired_at == T0 + HOUR
    assert [t.task_id for t in repo.due(T0 + 2 * HOUR)] == ["b"]
    assert repo.next_due() == T0 + 2 * HOUR


def test_a_timer_fires_once(session: Session, instance: InstanceRecord) -> None:
    repo = TimerRepository(session)
    [timer_id] = repo.add(instance.id, [timer("a", HOUR)])
    repo.mark_fired(timer_id)
    with pytest.raises(ConflictError) as raised:
        repo.mark_fired(timer_id)
    assert raised.value.code == "store.conflict.timer-fired"
    with pytest.raises(NotFoundError):
        repo.mark_fired(timer_id + 1000)


def test_no_timers_means_nothing_due(session: Session) -> None:
    repo = TimerRepository(session)
    assert repo.next_due() is None
    assert repo.due() == []
    assert repo.add("unused", []) == []


def test_sync_keeps_wanted_timers_and_drops_the_rest(
    session: Session, instance: InstanceRecord
) -> None:
    repo = TimerRepository(session)
    kept, moved, dropped, fired = repo.add(
        instance.id,
        [timer("kept", HOUR), timer("moved", HOUR), timer("dropped", HOUR), timer("cycle", HOUR)],
    )
    repo.mark_fired(fired)
    changes = repo.sync(
        instance.id, [timer("kept", HOUR), timer("moved", 2 * HOUR), timer("cycle", 2 * HOUR)]
    )
    assert sorted(changes.removed) == sorted([moved, dropped, fired])
    assert len(changes.added) == 2
    pending = {(t.task_id, t.due_at - T0) for t in repo.for_instance(instance.id)}
    assert pending == {("kept", HOUR), ("moved", 2 * HOUR), ("cycle", 2 * HOUR)}
    assert kept in {t.id for t in repo.for_instance(instance.id)}
    assert repo.remove_for_instance(instance.id) == 3
    assert repo.for_instance(instance.id) == []


def test_the_due_query_uses_the_partial_index(session: Session, instance: InstanceRecord) -> None:
    repo = TimerRepository(session)
    repo.add(instance.id, [timer(str(i), i * HOUR) for i in range(20)])
    with captured_sql(session) as statements:
        repo.due(T0 + 5 * HOUR)
    [(statement, parameters)] = statements
    plan = explain(session, statement, parameters)
    assert "ix_timers_pending" in plan, plan
