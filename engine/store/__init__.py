"""Persistence: SQLAlchemy tables, Alembic migrations and repositories that never commit.

A repository takes a ``Session`` and returns frozen dataclasses (``*Record``), never ORM
objects, so nothing the caller holds can write to the database behind its back. The caller
owns the transaction, usually through ``Database.transaction()``. SpiffWorkflow and
FastAPI stay out: states and specs arrive here as JSON text, files as bytes.

One step of an instance is one transaction: ``InstanceRepository.save`` (with the
``lock_version`` read), ``TaskRepository.sync``, ``TimerRepository.sync`` and
``AuditRepository.append``. When an instance ends, ``TaskRepository.remove_for_instance``
and ``TimerRepository.remove_for_instance`` drop what only running instances need; the
audit log keeps the history (and keeps a completed 12-task instance near 5.5 KB).
"""

from __future__ import annotations

from engine.store.attachments import AttachmentRecord, AttachmentRepository
from engine.store.audit import AuditAction, AuditRecord, AuditRepository, NewAuditEvent
from engine.store.database import DEFAULT_URL, Database, create_engine, database_url
from engine.store.definitions import (
    DefinitionRecord,
    DefinitionRepository,
    Deployment,
    FileData,
    content_hash,
)
from engine.store.drafts import DraftRecord, DraftRepository
from engine.store.instances import InstanceRecord, InstanceRepository
from engine.store.tables import InstanceStatus, TaskStatus, utc_now
from engine.store.tasks import InboxEntry, NewTask, TaskChanges, TaskRecord, TaskRepository
from engine.store.timers import NewTimer, TimerChanges, TimerRecord, TimerRepository
from engine.store.tokens import new_token, token_hash, token_matches
from engine.store.users import UserRecord, UserRepository

__all__ = [
    "DEFAULT_URL",
    "AttachmentRecord",
    "AttachmentRepository",
    "AuditAction",
    "AuditRecord",
    "AuditRepository",
    "Database",
    "DefinitionRecord",
    "DefinitionRepository",
    "Deployment",
    "DraftRecord",
    "DraftRepository",
    "FileData",
    "InboxEntry",
    "InstanceRecord",
    "InstanceRepository",
    "InstanceStatus",
    "NewAuditEvent",
    "NewTask",
    "NewTimer",
    "TaskChanges",
    "TaskRecord",
    "TaskRepository",
    "TaskStatus",
    "TimerChanges",
    "TimerRecord",
    "TimerRepository",
    "UserRecord",
    "UserRepository",
    "content_hash",
    "create_engine",
    "database_url",
    "new_token",
    "token_hash",
    "token_matches",
    "utc_now",
]
