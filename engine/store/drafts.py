"""Answers of an open task saved without completing it: one draft per task."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert, select, update

from engine.store.repository import Repository
from engine.store.rows import columns, to_record
from engine.store.tables import DRAFTS, utc_now


@dataclass(frozen=True, slots=True)
class DraftRecord:
    task_id: str
    instance_id: str
    data: dict[str, Any]
    saved_at: datetime
    saved_by: str


_COLUMNS = columns(DRAFTS, DraftRecord)


class DraftRepository(Repository):
    def save(
        self, *, task_id: str, instance_id: str, data: dict[str, Any], saved_by: str
    ) -> DraftRecord:
        """Keep ``data`` as the task's draft, replacing an earlier one."""
        record = DraftRecord(task_id, instance_id, dict(data), utc_now(), saved_by)
        changed = self._execute(
            update(DRAFTS)
            .where(DRAFTS.c.task_id == task_id)
            .values(data=record.data, saved_at=record.saved_at, saved_by=saved_by)
        )
        if changed.rowcount == 0:
            self._execute(
                insert(DRAFTS).values({c.name: getattr(record, c.name) for c in _COLUMNS})
            )
        return record

    def get(self, task_id: str) -> DraftRecord | None:
        row = self._execute(select(*_COLUMNS).where(DRAFTS.c.task_id == task_id)).one_or_none()
        return None if row is None else to_record(DraftRecord, row)

    def remove(self, task_id: str) -> bool:
        return self._execute(delete(DRAFTS).where(DRAFTS.c.task_id == task_id)).rowcount > 0
