"""The database schema: typed declarative tables, portable to SQLite and PostgreSQL.

Repositories query these tables with Core statements (``select(INSTANCES)``), so no ORM
object lives in a session's identity map and nothing is flushed behind the caller's back.
Every timestamp is an aware UTC ``datetime`` in Python; see ``UtcDateTime``.
"""

from __future__ import annotations

import enum
from datetime import UTC, datetime
from typing import Any, ClassVar, Final

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    DateTime,
    Dialect,
    Enum,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Deterministic constraint names: later migrations (and SQLite batch mode) need to name them.
NAMING_CONVENTION: Final = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING_CONVENTION)

# Lengths: PostgreSQL stores VARCHAR(n) like TEXT, so they are limits, not reservations.
ID = 36  # a SpiffWorkflow task uuid "8-4-4-4-12"; instance ids are 32 hex digits
HASH = 64  # sha256 hex
NAME = 255  # BPMN ids and names
USER = 64  # user names, "resident", "system"
INSTANCES_FILLFACTOR = 70


def utc_now() -> datetime:
    """The current time as an aware UTC datetime (what every column expects)."""
    return datetime.now(UTC)


class UtcDateTime(TypeDecorator[datetime]):
    """An aware UTC datetime on both databases.

    PostgreSQL stores ``timestamptz`` and hands back the session's time zone; SQLite has no
    time zone at all. So naive values are refused on the way in, everything is converted to
    UTC, stored naive on SQLite, and comes back aware in UTC from either database.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"naive datetime {value!r}: give an aware datetime (UTC)")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class InstanceStatus(enum.StrEnum):
    """Where an instance stands; every status but RUNNING is final except ERROR (retryable)."""

    RUNNING = "running"  # started, waiting for people, timers or messages
    COMPLETED = "completed"
    ERROR = "error"  # a step failed; ``error`` says why; staff may retry
    WITHDRAWN = "withdrawn"  # the resident or staff withdrew the application


class TaskStatus(enum.StrEnum):
    READY = "ready"
    COMPLETED = "completed"
    CANCELLED = "cancelled"  # the workflow moved on without it (boundary event, withdrawal)


def _status(enum_class: type[enum.StrEnum], name: str) -> Enum:
    """A short VARCHAR with a CHECK constraint, holding the enum's values (not its names)."""
    return Enum(
        enum_class,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=16,
        validate_strings=True,
        values_callable=lambda members: [m.value for m in members],
    )


# JSON columns: SQL NULL for None, not the JSON literal null.
Json = JSON(none_as_null=True)
# SQLite only autoincrements an INTEGER PRIMARY KEY (the rowid); PostgreSQL gets BIGINT.
BigId = BigInteger().with_variant(Integer(), "sqlite")


class Base(DeclarativeBase):
    metadata = metadata
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UtcDateTime(),
        dict[str, Any]: Json,
        list[str]: Json,
    }


class ProcessDefinition(Base):
    """One deployed version of a process: the spec is stored once here, never per instance."""

    __tablename__ = "process_definitions"
    __table_args__ = (
        UniqueConstraint("key", "version"),
        UniqueConstraint("key", "content_hash"),
        CheckConstraint("version >= 1", name="version_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(NAME))  # the BPMN process id
    version: Mapped[int]
    content_hash: Mapped[str] = mapped_column(String(HASH))
    name: Mapped[str] = mapped_column(String(NAME))
    procedure: Mapped[str] = mapped_column(String(NAME))
    variant: Mapped[str] = mapped_column(String(32))
    area: Mapped[str | None] = mapped_column(String(NAME))
    spec: Mapped[str] = mapped_column(Text)  # serialized workflow spec + subprocess specs
    meta: Mapped[dict[str, Any]]  # lanes, task forms, ...: what pages need without the spec
    deployed_at: Mapped[datetime]
    deployed_by: Mapped[str] = mapped_column(String(USER))


class DefinitionFile(Base):
    """A file a version was deployed from (BPMN, DMN, JSON schema)."""

    __tablename__ = "definition_files"

    definition_id: Mapped[int] = mapped_column(
        ForeignKey("process_definitions.id", ondelete="CASCADE"), primary_key=True
    )
    name: Mapped[str] = mapped_column(String(NAME), primary_key=True)
    media_type: Mapped[str] = mapped_column(String(100))
    content: Mapped[bytes] = mapped_column(LargeBinary)


class Instance(Base):
    """A running or finished case, pinned to the definition version it started on."""

    __tablename__ = "instances"
    __table_args__ = (
        Index(None, "definition_id", "status"),
        # Each step rewrites the state: room on the page lets PostgreSQL update in place
        # (HOT) and prune old versions without waiting for VACUUM.
        {"postgresql_with": {"fillfactor": INSTANCES_FILLFACTOR}},
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True)  # uuid4 hex
    definition_id: Mapped[int] = mapped_column(ForeignKey("process_definitions.id"))
    status: Mapped[InstanceStatus] = mapped_column(_status(InstanceStatus, "status"))
    receipt_number: Mapped[str] = mapped_column(String(16), unique=True)
    access_token_hash: Mapped[str | None] = mapped_column(String(HASH))
    state: Mapped[bytes] = mapped_column(LargeBinary)  # zlib-compressed JSON, without the spec
    lock_version: Mapped[int]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    completed_at: Mapped[datetime | None]
    error: Mapped[dict[str, Any] | None]
    started_by: Mapped[str] = mapped_column(String(USER))


READY = text("status = 'ready'")


class Task(Base):
    """The index of human tasks: open ones for inboxes, finished ones for who-did-what."""

    __tablename__ = "tasks"
    __table_args__ = (
        Index(None, "instance_id"),
        # Only open tasks are indexed for the inbox, so finished instances cost no index space.
        Index("ix_tasks_inbox", "lane", "due_at", sqlite_where=READY, postgresql_where=READY),
    )

    id: Mapped[str] = mapped_column(String(ID), primary_key=True)  # SpiffWorkflow task id
    instance_id: Mapped[str] = mapped_column(ForeignKey("instances.id", ondelete="CASCADE"))
    element_id: Mapped[str] = mapped_column(String(NAME))
    name: Mapped[str] = mapped_column(String(NAME))
    lane: Mapped[str | None] = mapped_column(String(NAME))
    status: Mapped[TaskStatus] = mapped_column(_status(TaskStatus, "status"))
    assignee: Mapped[str | None] = mapped_column(String(USER))
    due_at: Mapped[datetime | None]
    created_at: Mapped[datetime]
    completed_at: Mapped[datetime | None]
    completed_by: Mapped[str | None] = mapped_column(String(USER))


PENDING = text("fired_at IS NULL")


class Timer(Base):
    """A timer event waiting for its due time."""

    __tablename__ = "timers"
    __table_args__ = (
        Index(None, "instance_id"),
        Index("ix_timers_pending", "due_at", sqlite_where=PENDING, postgresql_where=PENDING),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    instance_id: Mapped[str] = mapped_column(ForeignKey("instances.id", ondelete="CASCADE"))
    task_id: Mapped[str] = mapped_column(String(ID))
    element_id: Mapped[str] = mapped_column(String(NAME))
    due_at: Mapped[datetime]
    fired_at: Mapped[datetime | None]


class AuditEvent(Base):
    """Who did what, when, with what data change. Append-only (database triggers enforce it)."""

    __tablename__ = "audit_events"
    __table_args__ = (Index(None, "instance_id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    instance_id: Mapped[str | None] = mapped_column(ForeignKey("instances.id"))
    at: Mapped[datetime]
    actor: Mapped[str] = mapped_column(String(USER))
    action: Mapped[str] = mapped_column(String(32))
    task_id: Mapped[str | None] = mapped_column(String(ID))
    element_id: Mapped[str | None] = mapped_column(String(NAME))
    detail: Mapped[dict[str, Any] | None]


class User(Base):
    """A staff member or a system client; authenticated by the sha256 of a bearer token."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(USER), unique=True)
    roles: Mapped[list[str]]
    token_hash: Mapped[str | None] = mapped_column(String(HASH), unique=True)
    created_at: Mapped[datetime]
    active: Mapped[bool]


class Counter(Base):
    """Named sequences that work alike on both databases (receipt numbers per year)."""

    __tablename__ = "counters"

    name: Mapped[str] = mapped_column(String(USER), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger)


class Attachment(Base):
    """A file a resident (or staff) attached to a case's task form, kept in the database:
    never on a path taken from the user. The case data holds its id."""

    __tablename__ = "attachments"
    __table_args__ = (Index(None, "instance_id"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True)  # uuid4 hex
    instance_id: Mapped[str] = mapped_column(ForeignKey("instances.id", ondelete="CASCADE"))
    task_id: Mapped[str | None] = mapped_column(String(ID))
    field: Mapped[str] = mapped_column(String(NAME))
    filename: Mapped[str] = mapped_column(String(NAME))
    media_type: Mapped[str] = mapped_column(String(100))  # from the content, not the name
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(HASH))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime]
    created_by: Mapped[str] = mapped_column(String(USER))


class Draft(Base):
    """The answers of an open task saved without completing it (一時保存, and the answers
    between 入力 and 確認)."""

    __tablename__ = "drafts"
    __table_args__ = (Index(None, "instance_id"),)

    task_id: Mapped[str] = mapped_column(String(ID), primary_key=True)
    instance_id: Mapped[str] = mapped_column(ForeignKey("instances.id", ondelete="CASCADE"))
    data: Mapped[dict[str, Any]]
    saved_at: Mapped[datetime]
    saved_by: Mapped[str] = mapped_column(String(USER))


def _table(model: type[Base]) -> Table:
    table = model.__table__
    assert isinstance(table, Table)
    return table


DEFINITIONS: Final = _table(ProcessDefinition)
DEFINITION_FILES: Final = _table(DefinitionFile)
INSTANCES: Final = _table(Instance)
TASKS: Final = _table(Task)
TIMERS: Final = _table(Timer)
AUDIT_EVENTS: Final = _table(AuditEvent)
USERS: Final = _table(User)
COUNTERS: Final = _table(Counter)
ATTACHMENTS: Final = _table(Attachment)
DRAFTS: Final = _table(Draft)
