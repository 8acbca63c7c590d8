"""Who is calling: staff by their bearer token, a resident by a case's secret, else nobody."""

from __future__ import annotations

from fastapi import Request

from engine.service.principals import ANONYMOUS, Principal, Resident, Staff
from engine.store import UserRepository, token_hash


def bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def principal(request: Request) -> Principal:
    """FastAPI dependency: the caller as a principal (never raises; use cases decide)."""
    token = bearer(request)
    if token is None:
        return ANONYMOUS
    digest = token_hash(token)
    with request.app.state.db.reader() as session:
        user = UserRepository(session).by_token_hash(digest)
    if user is not None:
        return Staff(user.name, frozenset(user.roles))
    return Resident(digest)
