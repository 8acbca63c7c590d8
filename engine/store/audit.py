"""The append-only audit log: who did what, when, with what data change."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, select

from engine.store.prepared import Prepared
from engine.store.repository import Repository
from engine.store.rows import columns, to_records
from engine.store.tables import AUDIT_EVENTS, utc_now


class AuditAction(enum.StrEnum):
    """The actions machiflow records. The column is a plain string: new actions need no
    migration, but name them here so pages and the handbook can list them."""

    DEPLOYED = "deployed"
    STARTED = "started"
    TASK_CLAIMED = "task_claimed"
    TASK_UNCLAIMED = "task_unclaimed"
    TASK_COMPLETED = "task_completed"
    MESSAGE_RECEIVED = "message_received"
    TIMER_FIRED = "timer_fired"
    COMPLETED = "completed"
    WITHDRAWN = "withdrawn"
    ERROR = "error"


@dataclass(frozen=True, slots=True)
class NewAuditEvent:
    """An event to record; ``detail`` holds the data change as
    ``{"set": {...}, "removed": [...]}`` (the service computes it)."""

    actor: str  # a user name, "resident" or "system"
    action: str
    instance_id: str | None = None  # None for events outside instances (deployments)
    task_id: str | None = None
    element_id: str | None = None
    detail: dict[str, Any] | None = None
    at: datetime | None = None  # None: now


@dataclass(frozen=True, slots=True)
class AuditRecord:
    id: int
    instance_id: str | None
    at: datetime
    actor: str
    action: str
    task_id: str | None
    element_id: str | None
    detail: dict[str, Any] | None


_COLUMNS = columns(AUDIT_EVENTS, AuditRecord)
_INSERT = Prepared(AUDIT_EVENTS.insert())
_FOR_INSTANCE = Prepared(
    select(*_COLUMNS)
    .where(AUDIT_EVENTS.c.instance_id == bindparam("instance_id"))
    .order_by(AUDIT_EVENTS.c.id)
)


class AuditRepository(Repository):
    """Appends and reads audit events; offers no update or delete, and the database refuses
    them too (triggers). Never commits: the caller owns the transaction, so an event is
    recorded exactly when the change it describes is."""

    def append(self, *events: NewAuditEvent) -> None:
        """Record events in one multi-row INSERT; ids follow the argument order."""
        if not events:
            return
        now = utc_now()
        _INSERT.many(
            self.session,
            [
                {
                    "instance_id": e.instance_id,
                    "at": e.at or now,
                    "actor": e.actor,
                    "action": str(e.action),
                    "task_id": e.task_id,
                    "element_id": e.element_id,
                    "detail": e.detail,
                }
                for e in events
            ],
        )

    def for_instance(self, instance_id: str) -> list[AuditRecord]:
        """An instance's history, oldest first."""
        rows = _FOR_INSTANCE.rows(self.session, {"instance_id": instance_id})
        return [AuditRecord(*row) for row in rows]

    def recent(
        self,
        *,
        limit: int = 100,
        before_id: int | None = None,
        actions: Sequence[str] | None = None,
    ) -> list[AuditRecord]:
        """The newest events first; page on with ``before_id`` (the last id seen)."""
        query = select(*_COLUMNS)
        if before_id is not None:
            query = query.where(AUDIT_EVENTS.c.id < before_id)
        if actions is not None:
            query = query.where(AUDIT_EVENTS.c.action.in_([str(a) for a in actions]))
        rows = self._execute(query.order_by(AUDIT_EVENTS.c.id.desc()).limit(limit))
        return to_records(AuditRecord, rows)
