"""Who is calling: staff by their bearer token, a resident by a case's secret, else nobody.

Every request names its caller, so the answer for a token is kept for a few seconds
(``Principals``) instead of costing a database session per request. A change made to
users by this process is seen at once; one made elsewhere (another server, the CLI) within
``TTL_SECONDS``.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from typing import Final

from fastapi import Request
from starlette.concurrency import run_in_threadpool

from engine.service.principals import ANONYMOUS, Principal, Resident, Staff
from engine.store import Database, UserRepository, token_hash
from engine.store.users import user_changes

TTL_SECONDS: Final = 5.0
MAX_ENTRIES: Final = 4096


def bearer_token(header: str) -> str | None:
    """The token of an ``Authorization: Bearer ...`` header's value, else None."""
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


class Principals:
    """Token hash -> principal, looked up in the users table and kept for ``ttl`` seconds."""

    def __init__(
        self, db: Database, *, ttl: float = TTL_SECONDS, max_entries: int = MAX_ENTRIES
    ) -> None:
        self.db = db
        self.ttl = ttl
        self.max_entries = max_entries
        self._lock = threading.Lock()
        # digest -> (principal, monotonic deadline, user_changes() when looked up)
        self._entries: OrderedDict[str, tuple[Principal, float, int]] = OrderedDict()

    def cached(self, digest: str) -> Principal | None:
        """The principal for ``digest`` if a fresh answer is kept, else None."""
        with self._lock:
            entry = self._entries.get(digest)
        if entry is None:
            return None
        found, deadline, changes = entry
        if time.monotonic() >= deadline or changes != user_changes():
            return None
        return found

    def load(self, digest: str) -> Principal:
        """Look ``digest`` up in the database (blocking) and keep the answer."""
        changes = user_changes()  # read first: a change during the lookup makes it stale
        with self.db.reader() as session:
            user = UserRepository(session).by_token_hash(digest)
        found: Principal = (
            Resident(digest) if user is None else Staff(user.name, frozenset(user.roles))
        )
        with self._lock:
            self._entries[digest] = (found, time.monotonic() + self.ttl, changes)
            self._entries.move_to_end(digest)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)
        return found


async def principal(request: Request) -> Principal:
    """FastAPI dependency: the caller as a principal (never raises; use cases decide).

    Async so that a cached answer costs no trip to the thread pool; a lookup runs there.
    """
    principals: Principals = request.app.state.principals
    return await caller(principals, request.headers.get("authorization", ""))


async def caller(principals: Principals, authorization: str) -> Principal:
    """The principal for an ``Authorization`` header's value (empty when there is none)."""
    token = bearer_token(authorization)
    if token is None:
        return ANONYMOUS
    digest = token_hash(token)
    found = principals.cached(digest)
    if found is None:
        found = await run_in_threadpool(principals.load, digest)
    return found
