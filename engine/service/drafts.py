"""Drafts: the answers of an open task kept without completing it (一時保存, and the
answers shown on a 確認 page before they are sent). Only who may work the task keeps or
reads its draft."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from engine.service.attachments import open_task
from engine.service.principals import Anonymous, Principal, Resident, UnauthorizedError
from engine.store import (
    Database,
    DraftRecord,
    DraftRepository,
    InstanceRepository,
    TaskRepository,
)


class Drafts:
    def __init__(self, db: Database) -> None:
        self.db = db

    def save(self, task_id: str, data: Mapping[str, Any], principal: Principal) -> DraftRecord:
        """Keep ``data`` for the open task (replacing an earlier draft)."""
        with self.db.transaction() as session:
            task, record, _ = open_task(session, task_id, principal)
            return DraftRepository(session).save(
                task_id=task.id, instance_id=record.id, data=dict(data), saved_by=principal.actor
            )

    def load(self, task_id: str, principal: Principal) -> DraftRecord | None:
        """The open task's draft, if one was saved."""
        with self.db.reader() as session:
            open_task(session, task_id, principal)
            return DraftRepository(session).get(task_id)

    def discard(self, task_id: str, principal: Principal) -> bool:
        """Forget the task's draft (after it was sent). The task may be done already."""
        if isinstance(principal, Anonymous):
            raise UnauthorizedError
        with self.db.transaction() as session:
            task = TaskRepository(session).get(task_id)
            record = InstanceRepository(session).get(task.instance_id)
            if isinstance(principal, Resident) and not principal.owns(record.access_token_hash):
                return False
            return DraftRepository(session).remove(task_id)
