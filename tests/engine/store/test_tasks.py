"""The task index: inbox queries, claims, completion and syncing with the workflow."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.orm import Session

from engine.errors import ConflictError, NotFoundError
from engine.store import (
    DefinitionRecord,
    InstanceRecord,
    NewTask,
    TaskRepository,
    TaskStatus,
)
from tests.engine.store.conftest import T0, captured_sql, explain, start

DAY = timedelta(days=1)


def ready(task_id: str, lane: str | None = "審査", due_in: timedelta | None = None) -> NewTask:
    due = None if due_in is None else T0 + due_in
    return NewTask(
        id=task_id, element_id=f"Task_{task_id}", name=f"確認 {task_id}", lane=lane, due_at=due
    )


def test_added_tasks_are_open(session: Session, instance: InstanceRecord) -> None:
    repo = TaskRepository(session)
    repo.add(instance.id, [ready("a", due_in=DAY), ready("b", lane=None)], at=T0)
    task = repo.get("a")
    assert task.instance_id == instance.id
    assert task.status is TaskStatus.READY
    assert task.due_at == T0 + DAY
    assert task.created_at == T0
    assert (task.assignee, task.completed_at, task.completed_by) == (None, None, None)
    assert [t.id for t in repo.for_instance(instance.id)] == ["a", "b"]
    with pytest.raises(NotFoundError):
        repo.get("missing")


def test_the_inbox_shows_open_tasks_soonest_due_first(
    session: Session, definition: DefinitionRecord
) -> None:
    first, second = start(session, definition), start(session, definition)
    repo = TaskRepository(session)
    tasks = [ready("late", due_in=3 * DAY), ready("none"), ready("soon", due_in=DAY)]
    repo.add(first.id, tasks, at=T0)
    tasks = [ready("window", lane="窓口", due_in=2 * DAY), ready("free", lane=None)]
    repo.add(second.id, tasks, at=T0 + DAY)
    repo.add(second.id, [ready("done", due_in=DAY / 2)])
    repo.complete("done", by="sato")

    entries = repo.inbox()
    # Without a due time, the older task first.
    assert [e.task.id for e in entries] == ["soon", "window", "late", "none", "free"]
    assert entries[0].receipt_number == first.receipt_number
    assert entries[0].process_name == "転入届"
    assert entries[0].definition_id == definition.id
    assert [e.task.id for e in repo.inbox(lanes=["審査"])] == ["soon", "late", "none", "free"]
    assert [e.task.id for e in repo.inbox(lanes=["窓口"], include_no_lane=False)] == ["window"]
    assert [e.task.id for e in repo.inbox(include_no_lane=False, limit=2)] == ["soon", "window"]
    assert [e.task.id for e in repo.inbox(lanes=[])] == ["free"]
    assert [e.task.id for e in repo.inbox(offset=3)] == ["none", "free"]


def test_the_inbox_hides_tasks_claimed_by_others(
    session: Session, instance: InstanceRecord
) -> None:
    repo = TaskRepository(session)
    repo.add(instance.id, [ready("mine"), ready("theirs"), ready("free")])
    repo.claim("mine", "sato")
    repo.claim("theirs", "suzuki")
    assert [e.task.id for e in repo.inbox(claimable_by="sato")] == ["free", "mine"]
    assert len(repo.inbox()) == 3
    # Only what one user holds (the inbox's "mine"), filtered before paging.
    assert [e.task.id for e in repo.inbox(assignee="sato")] == ["mine"]
    assert [e.task.id for e in repo.inbox(assignee="suzuki", offset=1)] == []


def test_the_lanes_with_work_are_those_of_ready_tasks_of_running_cases(
    session: Session, definition: DefinitionRecord
) -> None:
    first, second = start(session, definition), start(session, definition)
    repo = TaskRepository(session)
    repo.add(first.id, [ready("a", lane="窓口"), ready("b", lane="審査"), ready("c", lane=None)])
    repo.add(second.id, [ready("d", lane="審査"), ready("e", lane="福祉")])
    repo.complete("e", by="sato")  # done: its lane has no work left
    assert repo.inbox_lanes() == sorted(["窓口", "審査"])


def test_claim_and_unclaim(session: Session, instance: InstanceRecord) -> None:
    repo = TaskRepository(session)
    repo.add(instance.id, [ready("a")])
    assert repo.claim("a", "sato").assignee == "sato"
    assert repo.claim("a", "sato").assignee == "sato"  # again: still hers
    with pytest.raises(ConflictError) as raised:
        repo.claim("a", "suzuki")
    assert raised.value.code == "store.conflict.task-claimed"
    assert raised.value.params["assignee"] == "sato"
    with pytest.raises(ConflictError):
        repo.unclaim("a", "suzuki")
    assert repo.unclaim("a", "sato").assignee is None
    assert repo.unclaim("a", "sato").assignee is None  # nothing to release
    repo.claim("a", "suzuki")
    assert repo.unclaim("a").assignee is None  # a supervisor releases anyone's claim


def test_complete_closes_the_task_once(session: Session, instance: InstanceRecord) -> None:
    repo = TaskRepository(session)
    repo.add(instance.id, [ready("a"), ready("b")])
    done = repo.complete("a", by="sato", at=T0 + DAY)
    assert done.status is TaskStatus.COMPLETED
    assert (done.completed_by, done.completed_at) == ("sato", T0 + DAY)
    with pytest.raises(ConflictError) as raised:
        repo.complete("a", by="suzuki")
    assert raised.value.code == "store.conflict.task-closed"
    with pytest.raises(ConflictError):
        repo.claim("a", "suzuki")
    repo.claim("b", "sato")
    with pytest.raises(ConflictError) as raised:
        repo.complete("b", by="suzuki")
    assert raised.value.code == "store.conflict.task-claimed"
    assert repo.complete("b", by="sato").status is TaskStatus.COMPLETED
    with pytest.raises(NotFoundError):
        repo.complete("missing", by="sato")
    assert repo.for_instance(instance.id, open_only=True) == []


def test_sync_adds_reopens_and_cancels(session: Session, instance: InstanceRecord) -> None:
    repo = TaskRepository(session)
    repo.add(instance.id, [ready("a"), ready("b"), ready("c")])
    repo.complete("a", by="sato")
    changes = repo.sync(instance.id, [ready("a"), ready("b"), ready("d")], at=T0 + DAY)
    assert sorted(changes.added) == ["a", "d"]
    assert changes.cancelled == ["c"]
    statuses = {t.id: t.status for t in repo.for_instance(instance.id)}
    assert statuses == {
        "a": TaskStatus.READY,
        "b": TaskStatus.READY,
        "c": TaskStatus.CANCELLED,
        "d": TaskStatus.READY,
    }
    assert repo.get("a").completed_by is None
    assert repo.sync(instance.id, [ready("a"), ready("b"), ready("d")]).added == []
    withdrawn = repo.sync(instance.id, [])
    assert sorted(withdrawn.cancelled) == ["a", "b", "d"]
    assert repo.cancel(["a", "b"]) == 0


def test_the_inbox_query_uses_the_partial_index(session: Session, instance: InstanceRecord) -> None:
    """The predicate is spelled like the index's, so both planners use it with bound values."""
    repo = TaskRepository(session)
    repo.add(instance.id, [ready(str(i), due_in=i * DAY) for i in range(20)])
    with captured_sql(session) as statements:
        repo.inbox(lanes=["審査"], include_no_lane=False)
    [(statement, parameters)] = statements
    plan = explain(session, statement, parameters)
    assert "ix_tasks_inbox" in plan, plan


def test_an_ended_instance_leaves_no_tasks(session: Session, instance: InstanceRecord) -> None:
    """Once an instance ends, its rows go: the audit log is its history."""
    repo = TaskRepository(session)
    repo.add(instance.id, [ready("a"), ready("b")])
    repo.complete("a", by="sato")
    assert repo.remove_for_instance(instance.id) == 2
    assert repo.for_instance(instance.id) == []
    assert repo.remove_for_instance(instance.id) == 0
