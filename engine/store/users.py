"""Staff and system users, found by the hash of their bearer token."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

from sqlalchemy import bindparam, select, update
from sqlalchemy.exc import IntegrityError

from engine.errors import ConflictError, NotFoundError
from engine.store.repository import Repository
from engine.store.rows import AnyRow, columns
from engine.store.tables import USERS, utc_now


@dataclass(frozen=True, slots=True)
class UserRecord:
    id: int
    name: str
    roles: tuple[str, ...]
    token_hash: str | None
    created_at: datetime
    active: bool


_COLUMNS = columns(USERS, UserRecord)
_GET = select(*_COLUMNS).where(USERS.c.name == bindparam("name"))
# Authentication runs this on every request.
_BY_TOKEN = select(*_COLUMNS).where(
    USERS.c.token_hash == bindparam("token_hash"), USERS.c.active.is_(True)
)


class _Changes:
    """Counts user changes made by this process, so caches of users can tell they are stale.

    Bumped before each write, whether or not its transaction commits: a rolled-back change
    only costs a cache a lookup.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._count = 0

    def bump(self) -> None:
        with self._lock:
            self._count += 1

    @property
    def count(self) -> int:
        return self._count


_CHANGES: Final = _Changes()


def user_changes() -> int:
    """How many user changes this process has made; a different number means "look again"."""
    return _CHANGES.count


def _user(row: AnyRow) -> UserRecord:
    fields = dict(row._mapping)
    fields["roles"] = tuple(fields["roles"])
    return UserRecord(**fields)


class UserRepository(Repository):
    """Adds, finds and changes users. Never commits: the caller owns the transaction."""

    def add(
        self,
        name: str,
        *,
        roles: Sequence[str],
        token_hash: str | None,
        at: datetime | None = None,
    ) -> UserRecord:
        """A new active user; ``ConflictError`` when the name (or token) is taken."""
        _CHANGES.bump()
        try:
            with self.session.begin_nested():
                row = self._execute(
                    USERS.insert()
                    .values(
                        name=name,
                        roles=list(roles),
                        token_hash=token_hash,
                        created_at=at or utc_now(),
                        active=True,
                    )
                    .returning(*_COLUMNS)
                ).one()
        except IntegrityError as exc:
            raise ConflictError("store.conflict.user-exists", name=name) from exc
        return _user(row)

    def get(self, name: str) -> UserRecord:
        row = self._execute(_GET, {"name": name}).one_or_none()
        if row is None:
            raise NotFoundError("store.not-found.user", name=name)
        return _user(row)

    def by_token_hash(self, token_hash: str) -> UserRecord | None:
        """The active user with this token hash, if any (what authentication asks)."""
        row = self._execute(_BY_TOKEN, {"token_hash": token_hash}).one_or_none()
        return None if row is None else _user(row)

    def all(self) -> list[UserRecord]:
        """Every user, by name."""
        return [_user(row) for row in self._execute(select(*_COLUMNS).order_by(USERS.c.name))]

    def set_token(self, name: str, token_hash: str | None) -> UserRecord:
        """Replace the user's token (the old one stops working); ``None`` revokes it."""
        return self._set(name, token_hash=token_hash)

    def set_roles(self, name: str, roles: Sequence[str]) -> UserRecord:
        return self._set(name, roles=list(roles))

    def set_active(self, name: str, active: bool) -> UserRecord:
        """Deactivated users keep their history but cannot authenticate."""
        return self._set(name, active=active)

    def _set(self, name: str, **values: Any) -> UserRecord:
        _CHANGES.bump()
        row = self._execute(
            update(USERS).where(USERS.c.name == name).values(**values).returning(*_COLUMNS)
        ).one_or_none()
        if row is None:
            raise NotFoundError("store.not-found.user", name=name)
        return _user(row)
