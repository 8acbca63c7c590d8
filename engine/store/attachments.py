"""Files attached to a case's task forms, stored in the database with their hash."""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, insert, select

from engine.store.repository import Repository
from engine.store.rows import columns, to_record, to_records
from engine.store.tables import ATTACHMENTS, utc_now


@dataclass(frozen=True, slots=True)
class AttachmentRecord:
    """What is known of an attachment without its bytes."""

    id: str
    instance_id: str
    task_id: str | None
    field: str
    filename: str
    media_type: str
    size: int
    sha256: str
    created_at: datetime
    created_by: str


_COLUMNS = columns(ATTACHMENTS, AttachmentRecord)


class AttachmentRepository(Repository):
    def add(
        self,
        *,
        instance_id: str,
        task_id: str | None,
        field: str,
        filename: str,
        media_type: str,
        content: bytes,
        created_by: str,
    ) -> AttachmentRecord:
        record = AttachmentRecord(
            id=uuid.uuid4().hex,
            instance_id=instance_id,
            task_id=task_id,
            field=field,
            filename=filename,
            media_type=media_type,
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
            created_at=utc_now(),
            created_by=created_by,
        )
        values = {c.name: getattr(record, c.name) for c in _COLUMNS}
        self._execute(insert(ATTACHMENTS).values(content=content, **values))
        return record

    def get(self, attachment_id: str) -> AttachmentRecord | None:
        row = self._execute(
            select(*_COLUMNS).where(ATTACHMENTS.c.id == attachment_id)
        ).one_or_none()
        return None if row is None else to_record(AttachmentRecord, row)

    def content(self, attachment_id: str) -> bytes | None:
        found = self._execute(
            select(ATTACHMENTS.c.content).where(ATTACHMENTS.c.id == attachment_id)
        ).scalar_one_or_none()
        return None if found is None else bytes(found)

    def for_instance(self, instance_id: str) -> list[AttachmentRecord]:
        rows = self._execute(
            select(*_COLUMNS)
            .where(ATTACHMENTS.c.instance_id == instance_id)
            .order_by(ATTACHMENTS.c.created_at, ATTACHMENTS.c.id)
        )
        return to_records(AttachmentRecord, rows)

    def remove(self, attachment_id: str) -> bool:
        result = self._execute(delete(ATTACHMENTS).where(ATTACHMENTS.c.id == attachment_id))
        return result.rowcount > 0
