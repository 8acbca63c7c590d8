"""Process definitions, versioned per BPMN process id by the content hash of their files."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, func, insert, select
from sqlalchemy.exc import IntegrityError

from engine.errors import ConflictError, NotFoundError
from engine.store.prepared import Prepared
from engine.store.repository import Repository
from engine.store.rows import columns, to_record, to_records
from engine.store.tables import DEFINITION_FILES, DEFINITIONS, utc_now


@dataclass(frozen=True, slots=True)
class FileData:
    """A file a version is deployed from: ``to-be.bpmn``, ``index.dmn``, a JSON schema."""

    name: str
    media_type: str
    content: bytes


@dataclass(frozen=True, slots=True)
class DefinitionRecord:
    """One deployed version, without its spec (``DefinitionRepository.spec`` loads that)."""

    id: int
    key: str
    version: int
    content_hash: str
    name: str
    procedure: str
    variant: str
    area: str | None
    meta: dict[str, Any]
    deployed_at: datetime
    deployed_by: str


@dataclass(frozen=True, slots=True)
class Deployment:
    definition: DefinitionRecord
    created: bool  # False: the same files were deployed before; that version is returned


def content_hash(files: Iterable[FileData]) -> str:
    """sha256 hex of the files, independent of their order and of media types.

    Each file contributes its name and content with their lengths, so no two different
    sets of files can be framed into the same byte stream.
    """
    digest = hashlib.sha256()
    for file in sorted(files, key=lambda f: f.name):
        name = file.name.encode("utf-8")
        digest.update(b"%d:%s%d:" % (len(name), name, len(file.content)))
        digest.update(file.content)
    return digest.hexdigest()


_COLUMNS = columns(DEFINITIONS, DefinitionRecord)
_FILE_COLUMNS = columns(DEFINITION_FILES, FileData)
# What starting and running instances read: built once.
_GET = select(*_COLUMNS).where(DEFINITIONS.c.id == bindparam("definition_id"))
_SPEC = select(DEFINITIONS.c.spec).where(DEFINITIONS.c.id == bindparam("definition_id"))
_LATEST = (
    select(*_COLUMNS)
    .where(DEFINITIONS.c.key == bindparam("key"))
    .order_by(DEFINITIONS.c.version.desc())
    .limit(1)
)

_LATEST_ID = Prepared(
    select(DEFINITIONS.c.id)
    .where(DEFINITIONS.c.key == bindparam("key"))
    .order_by(DEFINITIONS.c.version.desc())
    .limit(1)
)


class DefinitionRepository(Repository):
    """Deploys and reads process definitions. Never commits: the caller owns the transaction."""

    def deploy(
        self,
        *,
        key: str,
        name: str,
        procedure: str,
        variant: str,
        area: str | None,
        spec: str,
        meta: dict[str, Any],
        files: Sequence[FileData],
        deployed_by: str,
        at: datetime | None = None,
    ) -> Deployment:
        """Store a new version of ``key``, or return the version with the same files.

        The version number is the next one for ``key``. Two concurrent deployments of the
        same files both get the one version; of different files, the loser gets
        ``ConflictError`` (deploy again: it becomes the next version).
        """
        digest = content_hash(files)
        existing = self.find_by_hash(key, digest)
        if existing is not None:
            return Deployment(existing, created=False)
        newest = select(func.coalesce(func.max(DEFINITIONS.c.version), 0))
        version = 1 + self._execute(newest.where(DEFINITIONS.c.key == key)).scalar_one()
        values = {
            "key": key,
            "version": version,
            "content_hash": digest,
            "name": name,
            "procedure": procedure,
            "variant": variant,
            "area": area,
            "spec": spec,
            "meta": meta,
            "deployed_at": at or utc_now(),
            "deployed_by": deployed_by,
        }
        try:
            with self.session.begin_nested():
                row = self._execute(insert(DEFINITIONS).values(values).returning(*_COLUMNS)).one()
                if files:
                    self._execute(
                        insert(DEFINITION_FILES),
                        [
                            {
                                "definition_id": row.id,
                                "name": f.name,
                                "media_type": f.media_type,
                                "content": f.content,
                            }
                            for f in files
                        ],
                    )
        except IntegrityError as exc:
            existing = self.find_by_hash(key, digest)
            if existing is not None:
                return Deployment(existing, created=False)
            raise ConflictError("store.conflict.deploy", key=key, version=version) from exc
        return Deployment(to_record(DefinitionRecord, row), created=True)

    def find_by_hash(self, key: str, digest: str) -> DefinitionRecord | None:
        """The version of ``key`` deployed from files with this ``content_hash``, if any."""
        row = self._execute(
            select(*_COLUMNS).where(DEFINITIONS.c.key == key, DEFINITIONS.c.content_hash == digest)
        ).one_or_none()
        return None if row is None else to_record(DefinitionRecord, row)

    def get(self, definition_id: int) -> DefinitionRecord:
        row = self._execute(_GET, {"definition_id": definition_id}).one_or_none()
        if row is None:
            raise NotFoundError("store.not-found.definition", definition=definition_id)
        return to_record(DefinitionRecord, row)

    def get_version(self, key: str, version: int) -> DefinitionRecord:
        row = self._execute(
            select(*_COLUMNS).where(DEFINITIONS.c.key == key, DEFINITIONS.c.version == version)
        ).one_or_none()
        if row is None:
            raise NotFoundError("store.not-found.definition", definition=f"{key} v{version}")
        return to_record(DefinitionRecord, row)

    def latest(self, key: str) -> DefinitionRecord:
        """The newest version of ``key`` (what new instances start on)."""
        row = self._execute(_LATEST, {"key": key}).one_or_none()
        if row is None:
            raise NotFoundError("store.not-found.definition", definition=key)
        return to_record(DefinitionRecord, row)

    def latest_id(self, key: str) -> int:
        """The id of the newest version of ``key``: what a caller that keeps records by id
        (they never change) needs to ask."""
        found: int | None = _LATEST_ID.scalar(self.session, {"key": key})
        if found is None:
            raise NotFoundError("store.not-found.definition", definition=key)
        return found

    def versions(self, key: str) -> list[DefinitionRecord]:
        """Every version of ``key``, oldest first."""
        rows = self._execute(
            select(*_COLUMNS).where(DEFINITIONS.c.key == key).order_by(DEFINITIONS.c.version)
        )
        return to_records(DefinitionRecord, rows)

    def latest_all(self) -> list[DefinitionRecord]:
        """The newest version of every key, by key."""
        newest = (
            select(DEFINITIONS.c.key, func.max(DEFINITIONS.c.version).label("version"))
            .group_by(DEFINITIONS.c.key)
            .subquery()
        )
        rows = self._execute(
            select(*_COLUMNS)
            .join(
                newest,
                (DEFINITIONS.c.key == newest.c.key) & (DEFINITIONS.c.version == newest.c.version),
            )
            .order_by(DEFINITIONS.c.key)
        )
        return to_records(DefinitionRecord, rows)

    def spec(self, definition_id: int) -> str:
        """The serialized spec of a version. It never changes: callers may cache it by id."""
        spec: str | None = self._execute(
            _SPEC, {"definition_id": definition_id}
        ).scalar_one_or_none()
        if spec is None:
            raise NotFoundError("store.not-found.definition", definition=definition_id)
        return spec

    def files(self, definition_id: int) -> list[FileData]:
        """The files the version was deployed from, by name."""
        rows = self._execute(
            select(*_FILE_COLUMNS)
            .where(DEFINITION_FILES.c.definition_id == definition_id)
            .order_by(DEFINITION_FILES.c.name)
        )
        return to_records(FileData, rows)

    def file(self, definition_id: int, name: str) -> FileData:
        row = self._execute(
            select(*_FILE_COLUMNS).where(
                DEFINITION_FILES.c.definition_id == definition_id,
                DEFINITION_FILES.c.name == name,
            )
        ).one_or_none()
        if row is None:
            raise NotFoundError("store.not-found.file", definition=definition_id, name=name)
        return to_record(FileData, row)
