"""The index of human tasks: inbox queries by lane and due time, claims, completion."""

from __future__ import annotations

import functools
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Final

from sqlalchemy import Select, bindparam, delete, literal_column, or_, select, update

from engine.errors import ConflictError, NotFoundError
from engine.store.prepared import Prepared
from engine.store.repository import Repository
from engine.store.rows import AnyRow, columns
from engine.store.tables import DEFINITIONS, INSTANCES, TASKS, InstanceStatus, TaskStatus, utc_now

# Spelled as the partial index's predicate, so both planners can use ix_tasks_inbox.
_IS_READY: Final = TASKS.c.status == literal_column("'ready'")


@dataclass(frozen=True, slots=True)
class NewTask:
    """A task the workflow has made ready (its SpiffWorkflow id and BPMN element)."""

    id: str
    element_id: str
    name: str
    lane: str | None = None
    due_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class TaskRecord:
    id: str
    instance_id: str
    element_id: str
    name: str
    lane: str | None
    status: TaskStatus
    assignee: str | None
    due_at: datetime | None
    created_at: datetime
    completed_at: datetime | None
    completed_by: str | None


@dataclass(frozen=True, slots=True)
class InboxEntry:
    """An open task with what an inbox row shows of its instance."""

    task: TaskRecord
    receipt_number: str
    definition_id: int
    process_name: str


@dataclass(frozen=True, slots=True)
class TaskChanges:
    added: list[str] = field(default_factory=list)  # new or reopened
    cancelled: list[str] = field(default_factory=list)


_COLUMNS = columns(TASKS, TaskRecord)
# Statements are built once: building one costs more than running it on SQLite.
# In UPDATEs, SET lists the columns given at execution; "b_" parameters pick the row.
# The ones every start, fetch and complete runs are Prepared (see engine.store.prepared).
_INSERT = Prepared(TASKS.insert())
_GET = Prepared(select(*_COLUMNS).where(TASKS.c.id == bindparam("task_id")))
# Every task row of the instance: both databases read them all through ix_tasks_instance_id
# anyway to test "open, or one of these ids", and without the id list the statement is Prepared.
_KNOWN = Prepared(
    select(TASKS.c.id, TASKS.c.status).where(TASKS.c.instance_id == bindparam("instance_id"))
)
_REOPEN = update(TASKS).where(TASKS.c.id.in_(bindparam("b_ids", expanding=True)))
_CANCEL = update(TASKS).where(TASKS.c.id.in_(bindparam("b_ids", expanding=True)), _IS_READY)
_CANCEL_OPEN = Prepared(
    update(TASKS).where(TASKS.c.instance_id == bindparam("b_instance"), _IS_READY)
)
_UNCLAIMED_OR_MINE = or_(TASKS.c.assignee.is_(None), TASKS.c.assignee == bindparam("b_user"))
_TAKE = Prepared(  # claim or complete: open, and not claimed by anyone else
    update(TASKS)
    .where(TASKS.c.id == bindparam("b_id"), _IS_READY, _UNCLAIMED_OR_MINE)
    .returning(*_COLUMNS)
)
_RELEASE_OWN = Prepared(
    update(TASKS)
    .where(TASKS.c.id == bindparam("b_id"), _IS_READY, TASKS.c.assignee == bindparam("b_user"))
    .returning(*_COLUMNS)
)
_RELEASE_ANY = Prepared(
    update(TASKS)
    .where(TASKS.c.id == bindparam("b_id"), _IS_READY, TASKS.c.assignee.is_not(None))
    .returning(*_COLUMNS)
)
_DELETE_FOR_INSTANCE = Prepared(
    delete(TASKS).where(TASKS.c.instance_id == bindparam("instance_id"))
)
_ORDER = (TASKS.c.created_at, TASKS.c.id)
_FOR_INSTANCE = Prepared(
    select(*_COLUMNS).where(TASKS.c.instance_id == bindparam("instance_id")).order_by(*_ORDER)
)
_OPEN_FOR_INSTANCE = Prepared(
    select(*_COLUMNS)
    .where(TASKS.c.instance_id == bindparam("instance_id"), _IS_READY)
    .order_by(*_ORDER)
)


class TaskRepository(Repository):
    """Reads and changes the task index. Never commits: the caller owns the transaction.

    Claim and complete are single conditional UPDATEs: of two clients acting on the same
    task, exactly one changes the row and the other gets ``ConflictError``.
    """

    def add(
        self, instance_id: str, tasks: Sequence[NewTask], *, at: datetime | None = None
    ) -> list[TaskRecord]:
        """Index newly ready tasks (one multi-row INSERT); returns the rows as stored, in
        the order ``for_instance`` gives them."""
        if not tasks:
            return []
        now = (at or utc_now()).astimezone(UTC)
        rows: list[dict[str, Any]] = [
            {
                "id": t.id,
                "instance_id": instance_id,
                "element_id": t.element_id,
                "name": t.name,
                "lane": t.lane,
                "status": TaskStatus.READY,
                "assignee": None,
                "due_at": None if t.due_at is None else t.due_at.astimezone(UTC),
                "created_at": now,
                "completed_at": None,
                "completed_by": None,
            }
            for t in tasks
        ]
        _INSERT.many(self.session, rows)
        return sorted((TaskRecord(**row) for row in rows), key=lambda t: t.id)

    def sync(
        self, instance_id: str, ready: Sequence[NewTask], *, at: datetime | None = None
    ) -> TaskChanges:
        """Make the instance's open tasks exactly ``ready``: add new ones, reopen ones the
        workflow made ready again, cancel those it no longer waits for."""
        now = at or utc_now()
        wanted = {t.id: t for t in ready}
        known: dict[str, TaskStatus] = {
            task_id: status
            for task_id, status in _KNOWN.rows(self.session, {"instance_id": instance_id})
            if status == TaskStatus.READY or task_id in wanted
        }
        self.add(instance_id, [t for t in ready if t.id not in known], at=now)
        reopen = [i for i, status in known.items() if i in wanted and status != TaskStatus.READY]
        if reopen:
            self._execute(
                _REOPEN,
                {
                    "b_ids": reopen,
                    "status": TaskStatus.READY,
                    "assignee": None,
                    "created_at": now,
                    "completed_at": None,
                    "completed_by": None,
                },
            )
        gone = [i for i, status in known.items() if i not in wanted and status == TaskStatus.READY]
        self.cancel(gone, at=now)
        return TaskChanges(
            added=[t.id for t in ready if known.get(t.id) != TaskStatus.READY], cancelled=gone
        )

    def cancel(self, task_ids: Collection[str], *, at: datetime | None = None) -> int:
        """Close open tasks the workflow no longer waits for; returns how many were open."""
        if not task_ids:
            return 0
        result = self._execute(
            _CANCEL,
            {
                "b_ids": list(task_ids),
                "status": TaskStatus.CANCELLED,
                "completed_at": at or utc_now(),
            },
        )
        return int(result.rowcount)

    def cancel_open(self, instance_id: str, *, at: datetime | None = None) -> int:
        """Close every open task of the instance (it ended); returns how many were open."""
        return _CANCEL_OPEN.rowcount(
            self.session,
            {
                "b_instance": instance_id,
                "status": TaskStatus.CANCELLED,
                "completed_at": at or utc_now(),
            },
        )

    def remove_for_instance(self, instance_id: str) -> int:
        """Drop an ended instance's tasks: no inbox shows them again, and the audit log
        keeps who did what. Returns how many rows went."""
        return _DELETE_FOR_INSTANCE.rowcount(self.session, {"instance_id": instance_id})

    def get(self, task_id: str) -> TaskRecord:
        row = _GET.one_or_none(self.session, {"task_id": task_id})
        if row is None:
            raise NotFoundError("store.not-found.task", task=task_id)
        return TaskRecord(*row)

    def for_instance(self, instance_id: str, *, open_only: bool = False) -> list[TaskRecord]:
        """The instance's tasks in the order they became ready."""
        query = _OPEN_FOR_INSTANCE if open_only else _FOR_INSTANCE
        return [TaskRecord(*row) for row in query.rows(self.session, {"instance_id": instance_id})]

    def inbox(
        self,
        *,
        lanes: Collection[str] | None = None,
        include_no_lane: bool = True,
        claimable_by: str | None = None,
        assignee: str | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> list[InboxEntry]:
        """Open tasks of running cases, soonest due first (tasks without a due time last).

        A case in error keeps its ready tasks in its state (they come back when it is
        repaired) but nobody can work them, so the inbox leaves them out.
        ``lanes``: only tasks in these lanes (``None``: every lane); tasks without a lane
        are included unless ``include_no_lane`` is false. ``claimable_by``: hide tasks
        claimed by anyone else. ``assignee``: only the tasks claimed by that user.
        """
        query = _inbox_query(
            lanes is not None, include_no_lane, claimable_by is not None, assignee is not None
        )
        params: dict[str, Any] = {"limit": limit, "offset": offset}
        if lanes is not None:
            params["lanes"] = list(lanes)
        if claimable_by is not None:
            params["claimer"] = claimable_by
        if assignee is not None:
            params["assignee"] = assignee
        return [_inbox_entry(row) for row in self._execute(query, params)]

    def inbox_lanes(self) -> list[str]:
        """The lanes that have work in an inbox (ready tasks of running cases), by name."""
        query = (
            select(TASKS.c.lane)
            .distinct()
            .join(INSTANCES, INSTANCES.c.id == TASKS.c.instance_id)
            .where(_IS_READY, INSTANCES.c.status == InstanceStatus.RUNNING)
            .where(TASKS.c.lane.is_not(None))
            .order_by(TASKS.c.lane)
        )
        return [lane for (lane,) in self._execute(query)]

    def claim(self, task_id: str, user: str) -> TaskRecord:
        """``user`` takes the open task; claiming one's own task again is allowed."""
        params = {"b_id": task_id, "b_user": user, "assignee": user}
        return self._change(_TAKE, params) or self._refuse(task_id)

    def unclaim(self, task_id: str, user: str | None = None) -> TaskRecord:
        """Give the task back. With ``user``, only that user's claim is released."""
        if user is None:
            row = self._change(_RELEASE_ANY, {"b_id": task_id, "assignee": None})
        else:
            row = self._change(_RELEASE_OWN, {"b_id": task_id, "b_user": user, "assignee": None})
        if row is not None:
            return row
        current = self.get(task_id)
        if current.status == TaskStatus.READY and current.assignee is None:
            return current  # nothing to release
        return self._refuse(task_id)

    def complete(self, task_id: str, *, by: str, at: datetime | None = None) -> TaskRecord:
        """Mark the open task done by ``by``; refused when closed or claimed by someone else."""
        params = {
            "b_id": task_id,
            "b_user": by,
            "status": TaskStatus.COMPLETED,
            "completed_by": by,
            "completed_at": at or utc_now(),
        }
        return self._change(_TAKE, params) or self._refuse(task_id)

    def _change(self, statement: Prepared, params: dict[str, Any]) -> TaskRecord | None:
        row = statement.one_or_none(self.session, params)
        return None if row is None else TaskRecord(*row)

    def _refuse(self, task_id: str) -> TaskRecord:
        """Raise the reason a conditional update changed nothing."""
        current = self.get(task_id)
        if current.status != TaskStatus.READY:
            raise ConflictError("store.conflict.task-closed", task=task_id, status=current.status)
        raise ConflictError("store.conflict.task-claimed", task=task_id, assignee=current.assignee)


@functools.cache
def _inbox_query(
    by_lane: bool, include_no_lane: bool, by_claimer: bool, by_assignee: bool
) -> Select[Any]:
    """The inbox statement of one shape, built once (the values are parameters)."""
    query = (
        select(
            *_COLUMNS,
            INSTANCES.c.receipt_number,
            INSTANCES.c.definition_id,
            DEFINITIONS.c.name.label("process_name"),
        )
        .join(INSTANCES, INSTANCES.c.id == TASKS.c.instance_id)
        .join(DEFINITIONS, DEFINITIONS.c.id == INSTANCES.c.definition_id)
        .where(_IS_READY, INSTANCES.c.status == InstanceStatus.RUNNING)
    )
    if by_lane:
        lane_filter = TASKS.c.lane.in_(bindparam("lanes", expanding=True))
        query = query.where(
            or_(lane_filter, TASKS.c.lane.is_(None)) if include_no_lane else lane_filter
        )
    elif not include_no_lane:
        query = query.where(TASKS.c.lane.is_not(None))
    if by_claimer:
        query = query.where(
            or_(TASKS.c.assignee.is_(None), TASKS.c.assignee == bindparam("claimer"))
        )
    if by_assignee:
        query = query.where(TASKS.c.assignee == bindparam("assignee"))
    return (
        query.order_by(TASKS.c.due_at.asc().nulls_last(), TASKS.c.created_at, TASKS.c.id)
        .limit(bindparam("limit"))
        .offset(bindparam("offset"))
    )


def _inbox_entry(row: AnyRow) -> InboxEntry:
    fields = dict(row._mapping)
    return InboxEntry(
        receipt_number=fields.pop("receipt_number"),
        definition_id=fields.pop("definition_id"),
        process_name=fields.pop("process_name"),
        task=TaskRecord(**fields),
    )
