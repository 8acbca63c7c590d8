"""Pending timer events and the query a scheduler polls: which are due now."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Final

from sqlalchemy import bindparam, delete, func, literal_column, select, update

from engine.errors import ConflictError, NotFoundError
from engine.store.prepared import Prepared
from engine.store.repository import Repository
from engine.store.rows import columns
from engine.store.tables import TIMERS, utc_now

# Spelled as the partial index's predicate, so both planners can use ix_timers_pending.
_IS_PENDING: Final = TIMERS.c.fired_at.is_(literal_column("NULL"))


@dataclass(frozen=True, slots=True)
class NewTimer:
    """A timer event the workflow waits on: its SpiffWorkflow task and when it fires."""

    task_id: str
    element_id: str
    due_at: datetime


@dataclass(frozen=True, slots=True)
class TimerRecord:
    id: int
    instance_id: str
    task_id: str
    element_id: str
    due_at: datetime
    fired_at: datetime | None


@dataclass(frozen=True, slots=True)
class TimerChanges:
    added: list[int] = field(default_factory=list)
    removed: list[int] = field(default_factory=list)


_COLUMNS = columns(TIMERS, TimerRecord)
# Statements are built once: building one costs more than running it on SQLite.
_ADD = TIMERS.insert().returning(TIMERS.c.id, sort_by_parameter_order=True)
_FOR_INSTANCE = Prepared(
    select(*_COLUMNS)
    .where(TIMERS.c.instance_id == bindparam("instance_id"))
    .order_by(TIMERS.c.due_at, TIMERS.c.id)
)
_DELETE = delete(TIMERS).where(TIMERS.c.id.in_(bindparam("ids", expanding=True)))
_DELETE_FOR_INSTANCE = Prepared(
    delete(TIMERS).where(TIMERS.c.instance_id == bindparam("instance_id"))
)
_DUE = Prepared(
    select(*_COLUMNS)
    .where(_IS_PENDING, TIMERS.c.due_at <= bindparam("now"))
    .order_by(TIMERS.c.due_at, TIMERS.c.id)
    .limit(bindparam("limit"))
)
_NEXT_DUE = Prepared(select(func.min(TIMERS.c.due_at).label("due_at")).where(_IS_PENDING))
_FIRE = Prepared(
    update(TIMERS).where(TIMERS.c.id == bindparam("b_id"), _IS_PENDING).returning(*_COLUMNS)
)
_EXISTS = select(TIMERS.c.id).where(TIMERS.c.id == bindparam("timer_id"))


class TimerRepository(Repository):
    """Schedules and claims timers. Never commits: the caller owns the transaction.

    ``mark_fired`` is a conditional UPDATE: of two schedulers firing the same timer, exactly
    one succeeds and the other gets ``ConflictError``.
    """

    def add(self, instance_id: str, timers: Sequence[NewTimer]) -> list[int]:
        """Schedule timers (one multi-row INSERT); returns their ids."""
        if not timers:
            return []
        rows = self._execute(
            _ADD,
            [
                {
                    "instance_id": instance_id,
                    "task_id": t.task_id,
                    "element_id": t.element_id,
                    "due_at": t.due_at,
                    "fired_at": None,
                }
                for t in timers
            ],
        )
        return list(rows.scalars())

    def sync(self, instance_id: str, pending: Sequence[NewTimer]) -> TimerChanges:
        """Make the instance's pending timers exactly ``pending`` (matched by task id and
        due time): fired and no longer wanted timers are removed, new ones added."""
        wanted = {(t.task_id, t.due_at): t for t in pending}
        current = self.for_instance(instance_id)
        keep = {(t.task_id, t.due_at) for t in current if t.fired_at is None} & wanted.keys()
        removed = [
            t.id for t in current if t.fired_at is not None or (t.task_id, t.due_at) not in keep
        ]
        if removed:
            self._execute(_DELETE, {"ids": removed})
        added = self.add(instance_id, [t for key, t in wanted.items() if key not in keep])
        return TimerChanges(added=added, removed=removed)

    def remove_for_instance(self, instance_id: str) -> int:
        """Drop every timer of an instance (it completed or was withdrawn)."""
        return _DELETE_FOR_INSTANCE.rowcount(self.session, {"instance_id": instance_id})

    def for_instance(self, instance_id: str) -> list[TimerRecord]:
        rows = _FOR_INSTANCE.rows(self.session, {"instance_id": instance_id})
        return [TimerRecord(*row) for row in rows]

    def due(self, now: datetime | None = None, *, limit: int = 100) -> list[TimerRecord]:
        """Unfired timers with ``due_at <= now``, earliest first."""
        rows = _DUE.rows(self.session, {"now": now or utc_now(), "limit": limit})
        return [TimerRecord(*row) for row in rows]

    def next_due(self) -> datetime | None:
        """When the earliest unfired timer is due (how long a scheduler may sleep)."""
        due: datetime | None = _NEXT_DUE.scalar(self.session, {})
        return due

    def mark_fired(self, timer_id: int, *, at: datetime | None = None) -> TimerRecord:
        """Claim the timer for firing; ``ConflictError`` when another scheduler did first."""
        params = {"b_id": timer_id, "fired_at": at or utc_now()}
        row = _FIRE.one_or_none(self.session, params)
        if row is not None:
            return TimerRecord(*row)
        if self._execute(_EXISTS, {"timer_id": timer_id}).scalar() is None:
            raise NotFoundError("store.not-found.timer", timer=timer_id)
        raise ConflictError("store.conflict.timer-fired", timer=timer_id)
