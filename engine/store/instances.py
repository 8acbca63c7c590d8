"""Instances: their serialized state, status, receipt number and optimistic lock."""

from __future__ import annotations

import uuid
import zlib
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any, Final

from sqlalchemy import LABEL_STYLE_TABLENAME_PLUS_COL, bindparam, select, update
from sqlalchemy.orm import Session

from engine.errors import ConflictError, NotFoundError
from engine.store.counters import next_value
from engine.store.prepared import Prepared
from engine.store.repository import Repository
from engine.store.rows import columns, to_records
from engine.store.tables import INSTANCES, TASKS, InstanceStatus, utc_now
from engine.store.tasks import TaskRecord

# Receipt numbers count per calendar year in Japan (no daylight saving: a fixed offset).
JST: Final = timezone(timedelta(hours=9), "JST")
FINAL_STATUSES: Final = frozenset({InstanceStatus.COMPLETED, InstanceStatus.WITHDRAWN})
# zlib at its default level: a completed 12-task state shrinks about 5x; levels 1-9 differ by
# a few percent in size and twice in time.
_ZLIB_LEVEL: Final = 6


@dataclass(frozen=True, slots=True)
class InstanceRecord:
    """An instance without its state (``InstanceRepository.load`` returns both)."""

    id: str
    definition_id: int
    status: InstanceStatus
    receipt_number: str
    access_token_hash: str | None
    lock_version: int
    created_at: datetime
    updated_at: datetime
    completed_at: datetime | None
    error: dict[str, Any] | None
    started_by: str


def pack_state(state: str) -> bytes:
    """The stored form of a serialized workflow state: zlib-compressed UTF-8 JSON."""
    return zlib.compress(state.encode("utf-8"), _ZLIB_LEVEL)


def unpack_state(data: bytes) -> str:
    return zlib.decompress(data).decode("utf-8")


_COLUMNS = columns(INSTANCES, InstanceRecord)
# Statements are built once: building one costs more than running it on SQLite. The ones
# every start, fetch and complete runs are Prepared (see engine.store.prepared).
_GET = Prepared(select(*_COLUMNS).where(INSTANCES.c.id == bindparam("instance_id")))
_LOAD = Prepared(
    select(*_COLUMNS, INSTANCES.c.state).where(INSTANCES.c.id == bindparam("instance_id"))
)
# A task with its instance and state: the first thing completing a task reads.
_TASK_COLUMNS = columns(TASKS, TaskRecord)
_LOAD_BY_TASK = Prepared(
    select(*_TASK_COLUMNS, *_COLUMNS, INSTANCES.c.state)
    .join_from(TASKS, INSTANCES, INSTANCES.c.id == TASKS.c.instance_id)
    .where(TASKS.c.id == bindparam("task_id"))
    .set_label_style(LABEL_STYLE_TABLENAME_PLUS_COL)
)
_BY_RECEIPT = Prepared(
    select(*_COLUMNS).where(INSTANCES.c.receipt_number == bindparam("receipt_number"))
)
_VERSION = select(INSTANCES.c.lock_version).where(INSTANCES.c.id == bindparam("instance_id"))
_INSERT = Prepared(INSTANCES.insert())
# SET lists the columns given at execution; "b_" parameters name the row and its version.
_SAVE = Prepared(
    update(INSTANCES)
    .where(INSTANCES.c.id == bindparam("b_id"), INSTANCES.c.lock_version == bindparam("b_version"))
    .returning(*_COLUMNS)
)


class InstanceRepository(Repository):
    """Creates, loads and saves instances. Never commits: the caller owns the transaction.

    Every save names the ``lock_version`` it read; a save against a newer version raises
    ``ConflictError`` and changes nothing (optimistic concurrency, same on both databases).
    """

    def __init__(self, session: Session, *, receipt_zone: timezone = JST) -> None:
        super().__init__(session)
        self.receipt_zone = receipt_zone

    def create(
        self,
        *,
        definition_id: int,
        state: str,
        started_by: str,
        access_token_hash: str | None = None,
        status: InstanceStatus = InstanceStatus.RUNNING,
        instance_id: str | None = None,
        at: datetime | None = None,
    ) -> InstanceRecord:
        """A new instance with a fresh id (uuid4 hex) and the next receipt number of the year."""
        now = at or utc_now()
        record = InstanceRecord(
            id=instance_id or uuid.uuid4().hex,
            definition_id=definition_id,
            status=status,
            receipt_number=self._next_receipt_number(now),
            access_token_hash=access_token_hash,
            lock_version=1,
            created_at=now,
            updated_at=now,
            completed_at=now if status in FINAL_STATUSES else None,
            error=None,
            started_by=started_by,
        )
        values = {column.name: getattr(record, column.name) for column in _COLUMNS}
        values["state"] = pack_state(state)
        _INSERT.rowcount(self.session, values)
        return record

    def _next_receipt_number(self, now: datetime) -> str:
        """``R2026-000123``: the year (local) and a counter per year, six digits or more."""
        year = now.astimezone(self.receipt_zone).year
        return f"R{year}-{next_value(self.session, f'receipt-{year}'):06d}"

    def get(self, instance_id: str) -> InstanceRecord:
        row = _GET.one_or_none(self.session, {"instance_id": instance_id})
        if row is None:
            raise NotFoundError("store.not-found.instance", instance=instance_id)
        return InstanceRecord(*row)

    def load(self, instance_id: str) -> tuple[InstanceRecord, str]:
        """The instance and its serialized state (JSON text), in one query."""
        record, packed = self.load_packed(instance_id)
        return record, unpack_state(packed)

    def load_packed(self, instance_id: str) -> tuple[InstanceRecord, bytes]:
        """The instance and its stored state as stored (``unpack_state`` reads it)."""
        row = _LOAD.one_or_none(self.session, {"instance_id": instance_id})
        if row is None:
            raise NotFoundError("store.not-found.instance", instance=instance_id)
        *fields, packed = row
        return InstanceRecord(*fields), bytes(packed)

    def load_by_task(self, task_id: str) -> tuple[TaskRecord, InstanceRecord, str]:
        """The task, its instance and the instance's state (JSON text), in one query:
        ``TaskRepository.get`` and ``load`` together, one statement fewer."""
        row = _LOAD_BY_TASK.one_or_none(self.session, {"task_id": task_id})
        if row is None:
            raise NotFoundError("store.not-found.task", task=task_id)
        split = len(_TASK_COLUMNS)
        task = TaskRecord(*row[:split])
        record = InstanceRecord(*row[split:-1])
        return task, record, unpack_state(row[-1])

    def by_receipt(self, receipt_number: str) -> InstanceRecord:
        row = _BY_RECEIPT.one_or_none(self.session, {"receipt_number": receipt_number})
        if row is None:
            raise NotFoundError("store.not-found.instance", instance=receipt_number)
        return InstanceRecord(*row)

    def find(
        self,
        *,
        status: InstanceStatus | None = None,
        definition_ids: Collection[int] | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> list[InstanceRecord]:
        """Instances, newest first, optionally of some statuses or definition versions."""
        query = select(*_COLUMNS)
        if status is not None:
            query = query.where(INSTANCES.c.status == status)
        if definition_ids is not None:
            query = query.where(INSTANCES.c.definition_id.in_(list(definition_ids)))
        query = query.order_by(INSTANCES.c.created_at.desc(), INSTANCES.c.id)
        return to_records(InstanceRecord, self._execute(query.limit(limit).offset(offset)))

    def save(
        self,
        instance_id: str,
        *,
        expected_version: int,
        state: str | None = None,
        status: InstanceStatus | None = None,
        error: dict[str, Any] | None = None,
        at: datetime | None = None,
    ) -> InstanceRecord:
        """Write a new state and/or status in one UPDATE and return the row as saved.

        ``expected_version`` is the ``lock_version`` the caller read; it goes up by one.
        A new ``status`` also sets ``error`` (cleared unless given) and, for a final status,
        ``completed_at``. Raises ``ConflictError`` when someone saved since, and
        ``NotFoundError`` when there is no such instance.
        """
        now = at or utc_now()
        values: dict[str, Any] = {
            "b_id": instance_id,
            "b_version": expected_version,
            "lock_version": expected_version + 1,
            "updated_at": now,
        }
        if state is not None:
            values["state"] = pack_state(state)
        if status is not None:
            values["status"] = status
            values["error"] = error
            values["completed_at"] = now if status in FINAL_STATUSES else None
        elif error is not None:
            raise ValueError("an error is saved together with status=InstanceStatus.ERROR")
        row = _SAVE.one_or_none(self.session, values)
        if row is None:
            current = self._execute(_VERSION, {"instance_id": instance_id}).scalar()
            if current is None:
                raise NotFoundError("store.not-found.instance", instance=instance_id)
            raise ConflictError(
                "store.conflict.instance",
                instance=instance_id,
                expected=expected_version,
                actual=current,
            )
        return InstanceRecord(*row)
