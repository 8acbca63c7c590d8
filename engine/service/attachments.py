"""Files attached to task forms: checked by their content, kept in the database, read back
only by whoever may read the case (a resident: their own case only)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from engine.errors import ConflictError, InputError, NotFoundError
from engine.service.principals import (
    Anonymous,
    ForbiddenError,
    Principal,
    Resident,
    UnauthorizedError,
    may_read_instance,
    may_work,
)
from engine.store import (
    AttachmentRecord,
    AttachmentRepository,
    Database,
    DefinitionRecord,
    DefinitionRepository,
    InstanceRecord,
    InstanceRepository,
    InstanceStatus,
    TaskRecord,
    TaskRepository,
    TaskStatus,
)

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

# What a file is, by its first bytes (never by its name or the browser's word for it).
_MAGIC: Final = (
    (b"%PDF-", "application/pdf"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
)
MEDIA_NAMES: Final = {"application/pdf": "PDF", "image/jpeg": "JPEG", "image/png": "PNG"}
MAX_BYTES: Final = 20 * 1024 * 1024  # no form may allow more per file than this


def media_type_of(content: bytes) -> str | None:
    """The media type of a PDF, JPEG or PNG file from its content; None for anything else."""
    for magic, media_type in _MAGIC:
        if content.startswith(magic):
            return media_type
    return None


class AttachmentRefusedError(InputError):
    def __init__(self, *, filename: str) -> None:
        super().__init__("resident.attachment-refused", filename=filename)


class AttachmentNotFoundError(NotFoundError):
    def __init__(self, *, attachment: str) -> None:
        super().__init__("resident.attachment-not-found", attachment=attachment)


@dataclass(frozen=True, slots=True)
class NewFile:
    field: str
    filename: str
    content: bytes


def open_task(
    session: Session, task_id: str, principal: Principal
) -> tuple[TaskRecord, InstanceRecord, DefinitionRecord]:
    """A ready task of a running case that ``principal`` may work on. A resident's other
    cases and their tasks answer exactly as missing ones."""
    if isinstance(principal, Anonymous):
        raise UnauthorizedError
    task = TaskRepository(session).get(task_id)
    record = InstanceRepository(session).get(task.instance_id)
    definition = DefinitionRepository(session).get(record.definition_id)
    if isinstance(principal, Resident) and not principal.owns(record.access_token_hash):
        raise NotFoundError("store.not-found.task", task=task_id)
    if not may_work(
        principal, lane=task.lane, access_token_hash=record.access_token_hash, meta=definition.meta
    ):
        raise ForbiddenError("auth.lane-forbidden", lane=task.lane or "")
    if task.status != TaskStatus.READY or record.status != InstanceStatus.RUNNING:
        raise ConflictError("service.task-done", task=task_id, status=task.status)
    return task, record, definition


class Attachments:
    def __init__(self, db: Database) -> None:
        self.db = db

    def add(
        self, task_id: str, files: Sequence[NewFile], principal: Principal
    ) -> list[AttachmentRecord]:
        """Keep ``files`` for the open task ``task_id`` (all or none)."""
        with self.db.transaction() as session:
            task, record, _ = open_task(session, task_id, principal)
            repository = AttachmentRepository(session)
            stored = []
            for item in files:
                media_type = media_type_of(item.content)
                if media_type is None or not item.content or len(item.content) > MAX_BYTES:
                    raise AttachmentRefusedError(filename=item.filename)
                stored.append(
                    repository.add(
                        instance_id=record.id,
                        task_id=task.id,
                        field=item.field,
                        filename=item.filename,
                        media_type=media_type,
                        content=item.content,
                        created_by=principal.actor,
                    )
                )
            return stored

    def remove(self, task_id: str, attachment_id: str, principal: Principal) -> bool:
        """Drop a file uploaded for the open task (「解除」); files of other tasks stay."""
        with self.db.transaction() as session:
            task, _, _ = open_task(session, task_id, principal)
            repository = AttachmentRepository(session)
            found = repository.get(attachment_id)
            if found is None or found.task_id != task.id:
                return False
            return repository.remove(attachment_id)

    def of_case(self, instance_id: str, principal: Principal) -> list[AttachmentRecord]:
        """The files of a case (no content), for whoever may read it."""
        with self.db.reader() as session:
            self._readable(session, instance_id, principal)
            return AttachmentRepository(session).for_instance(instance_id)

    def read(self, attachment_id: str, principal: Principal) -> tuple[AttachmentRecord, bytes]:
        """A file and its bytes; any file of a case the principal may not read is missing."""
        if isinstance(principal, Anonymous):
            raise UnauthorizedError
        with self.db.reader() as session:
            repository = AttachmentRepository(session)
            found = repository.get(attachment_id)
            if found is None:
                raise AttachmentNotFoundError(attachment=attachment_id)
            try:
                self._readable(session, found.instance_id, principal)
            except NotFoundError:
                raise AttachmentNotFoundError(attachment=attachment_id) from None
            content = repository.content(attachment_id)
            if content is None:
                raise AttachmentNotFoundError(attachment=attachment_id)
            return found, content

    @staticmethod
    def _readable(session: Session, instance_id: str, principal: Principal) -> InstanceRecord:
        if isinstance(principal, Anonymous):
            raise UnauthorizedError
        record = InstanceRepository(session).get(instance_id)
        if not may_read_instance(principal, record.access_token_hash):
            if isinstance(principal, Resident):
                raise NotFoundError("store.not-found.instance", instance=instance_id)
            raise ForbiddenError
        return record
