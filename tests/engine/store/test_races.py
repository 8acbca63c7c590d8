"""Real concurrency on committed data: two clients, one winner, on SQLite files and PostgreSQL.

Each test runs on a fresh database of its own (``fresh_db``) because the winners commit.
Threads meet at a barrier so that both have read before either writes.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

import pytest
from sqlalchemy.orm import Session

from engine.errors import ConflictError
from engine.store import (
    AuditRepository,
    Database,
    DefinitionRecord,
    InstanceRecord,
    InstanceRepository,
    NewAuditEvent,
    NewTask,
    NewTimer,
    TaskRepository,
    TimerRepository,
)
from engine.store.database import translate_races
from tests.engine.store.conftest import T0, deploy, start

T = TypeVar("T")
TIMEOUT = 30


def both(first: Callable[[], T], second: Callable[[], T]) -> list[T | ConflictError]:
    """Run two clients at once; each result is its return value or its ConflictError."""

    def outcome(client: Callable[[], T]) -> T | ConflictError:
        try:
            return client()
        except ConflictError as exc:
            return exc

    with ThreadPoolExecutor(2) as pool:
        futures = [pool.submit(outcome, first), pool.submit(outcome, second)]
        return [f.result(timeout=TIMEOUT) for f in futures]


@pytest.fixture
def committed(fresh_db: Database) -> tuple[DefinitionRecord, InstanceRecord]:
    with fresh_db.transaction() as session:
        definition = deploy(session)
        return definition, start(session, definition)


def test_a_stale_save_loses(
    fresh_db: Database, committed: tuple[DefinitionRecord, InstanceRecord]
) -> None:
    """Two clients read the same version (the form they see), then both save: one wins."""
    _, instance = committed
    barrier = threading.Barrier(2, timeout=TIMEOUT)

    def client(name: str) -> str:
        with fresh_db.reader() as session:
            record, _state = InstanceRepository(session).load(instance.id)
        barrier.wait()
        with fresh_db.transaction() as session:
            InstanceRepository(session).save(
                instance.id, expected_version=record.lock_version, state=f'"{name}"'
            )
        return name

    results = both(lambda: client("a"), lambda: client("b"))
    [winner] = [r for r in results if isinstance(r, str)]
    [loser] = [r for r in results if isinstance(r, ConflictError)]
    assert loser.code == "store.conflict.instance"
    with fresh_db.reader() as session:
        record, state = InstanceRepository(session).load(instance.id)
    assert (record.lock_version, state) == (2, f'"{winner}"')


def test_two_open_transactions_one_commits(
    fresh_db: Database, committed: tuple[DefinitionRecord, InstanceRecord]
) -> None:
    """Both load inside their own open transactions, then both update: exactly one commits.

    PostgreSQL makes the second UPDATE wait for the first to commit, then finds the
    version changed; SQLite refuses the second writer's stale snapshot ("busy")."""
    _, instance = committed
    barrier = threading.Barrier(2, timeout=TIMEOUT)

    def client(name: str) -> str:
        # A plain deferred transaction, as a caller that does not use Database.transaction.
        with Session(fresh_db.engine) as session, translate_races(), session.begin():
            record, _state = InstanceRepository(session).load(instance.id)
            barrier.wait()
            InstanceRepository(session).save(
                instance.id, expected_version=record.lock_version, state=f'"{name}"'
            )
        return name

    results = both(lambda: client("a"), lambda: client("b"))
    winners = [r for r in results if isinstance(r, str)]
    [loser] = [r for r in results if isinstance(r, ConflictError)]
    expected = "store.conflict.busy" if fresh_db.dialect == "sqlite" else "store.conflict.instance"
    assert loser.code == expected
    with fresh_db.reader() as session:
        record, state = InstanceRepository(session).load(instance.id)
    assert (record.lock_version, state) == (2, f'"{winners[0]}"')


def test_two_clients_complete_the_same_task(
    fresh_db: Database, committed: tuple[DefinitionRecord, InstanceRecord]
) -> None:
    _, instance = committed
    with fresh_db.transaction() as session:
        TaskRepository(session).add(
            instance.id, [NewTask(id="t1", element_id="Task_1", name="審査")]
        )
    barrier = threading.Barrier(2, timeout=TIMEOUT)

    def client(user: str) -> str:
        barrier.wait()
        with fresh_db.transaction() as session:
            TaskRepository(session).complete("t1", by=user)
            AuditRepository(session).append(
                NewAuditEvent(actor=user, action="task_completed", instance_id=instance.id)
            )
        return user

    results = both(lambda: client("sato"), lambda: client("suzuki"))
    [winner] = [r for r in results if isinstance(r, str)]
    [loser] = [r for r in results if isinstance(r, ConflictError)]
    assert loser.code == "store.conflict.task-closed"
    with fresh_db.reader() as session:
        assert TaskRepository(session).get("t1").completed_by == winner
        history = AuditRepository(session).for_instance(instance.id)
    assert [e.actor for e in history] == [winner]  # the loser's event rolled back with it


def test_two_schedulers_fire_a_timer_once(
    fresh_db: Database, committed: tuple[DefinitionRecord, InstanceRecord]
) -> None:
    _, instance = committed
    with fresh_db.transaction() as session:
        [timer_id] = TimerRepository(session).add(
            instance.id, [NewTimer(task_id="t", element_id="Timer_1", due_at=T0)]
        )
    barrier = threading.Barrier(2, timeout=TIMEOUT)

    def scheduler() -> int:
        barrier.wait()
        with fresh_db.transaction() as session:
            return TimerRepository(session).mark_fired(timer_id).id

    results = both(scheduler, scheduler)
    assert sorted(type(r).__name__ for r in results) == ["ConflictError", "int"]


def test_receipt_numbers_are_unique_under_concurrent_starts(
    fresh_db: Database, committed: tuple[DefinitionRecord, InstanceRecord]
) -> None:
    definition, _ = committed  # its instance took R2026-000001
    per_thread = 15
    barrier = threading.Barrier(2, timeout=TIMEOUT)

    def starter() -> list[int]:
        barrier.wait()
        numbers = []
        for _ in range(per_thread):
            with fresh_db.transaction() as session:
                number = start(session, definition).receipt_number
            numbers.append(int(number.rsplit("-", 1)[1]))
        return numbers

    first, second = both(starter, starter)
    assert isinstance(first, list)
    assert isinstance(second, list)
    assert first == sorted(first)
    assert second == sorted(second)
    assert sorted(first + second) == list(range(2, 2 + 2 * per_thread))


def test_concurrent_deployments(fresh_db: Database) -> None:
    """The same files deployed twice at once give one version; different files give the
    next versions, or a conflict for the one that lost the race for the number."""
    with fresh_db.transaction() as session:
        deploy(session)
    barrier = threading.Barrier(2, timeout=TIMEOUT)

    def deployer(bpmn: bytes) -> int:
        barrier.wait()
        with fresh_db.transaction() as session:
            return deploy(session, bpmn=bpmn).version

    same = both(lambda: deployer(b"<same/>"), lambda: deployer(b"<same/>"))
    assert same == [2, 2]
    different = both(lambda: deployer(b"<x/>"), lambda: deployer(b"<y/>"))
    outcome = sorted(str(r) if isinstance(r, int) else r.code for r in different)
    assert outcome in (["3", "4"], ["3", "store.conflict.deploy"])


def test_a_failed_step_leaves_nothing_behind(
    fresh_db: Database, committed: tuple[DefinitionRecord, InstanceRecord]
) -> None:
    """Instance, tasks, timers, audit events and the receipt counter go together or not at all."""
    definition, _ = committed

    def start_and_crash() -> None:
        with fresh_db.transaction() as session:
            instance = start(session, definition)
            TaskRepository(session).add(instance.id, [NewTask(id="t", element_id="T", name="n")])
            TimerRepository(session).add(
                instance.id, [NewTimer(task_id="w", element_id="W", due_at=T0)]
            )
            AuditRepository(session).append(
                NewAuditEvent(actor="resident", action="started", instance_id=instance.id)
            )
            raise RuntimeError("the runtime failed half-way")

    with pytest.raises(RuntimeError):
        start_and_crash()
    with fresh_db.transaction() as session:
        assert [i.receipt_number for i in InstanceRepository(session).find()] == ["R2026-000001"]
        assert TaskRepository(session).inbox() == []
        assert TimerRepository(session).next_due() is None
        assert AuditRepository(session).recent() == []
        assert start(session, definition).receipt_number == "R2026-000002"  # no gap
