"""The token cache of authentication: kept answers, and changes this process makes seen at once."""

from __future__ import annotations

from api.auth import Principals
from engine.service.principals import Resident, Staff
from engine.store import Database, UserRepository, new_token, token_hash


def _add(db: Database, name: str, *roles: str) -> str:
    token = new_token()
    with db.transaction() as session:
        UserRepository(session).add(name, roles=list(roles), token_hash=token_hash(token))
    return token_hash(token)


def test_an_answer_is_kept_until_users_change(fresh_db: Database) -> None:
    digest = _add(fresh_db, "sato", "admin")
    principals = Principals(fresh_db, ttl=60)
    assert principals.cached(digest) is None
    assert principals.load(digest) == Staff("sato", frozenset({"admin"}))
    assert principals.cached(digest) == Staff("sato", frozenset({"admin"}))
    with fresh_db.transaction() as session:
        UserRepository(session).set_active("sato", False)
    assert principals.cached(digest) is None  # this process changed users: look again
    assert principals.load(digest) == Resident(digest)


def test_unknown_tokens_are_residents_and_answers_expire(fresh_db: Database) -> None:
    digest = token_hash(new_token())
    principals = Principals(fresh_db, ttl=0)
    assert principals.load(digest) == Resident(digest)
    assert principals.cached(digest) is None  # expired at once


def test_the_oldest_answers_go_first(fresh_db: Database) -> None:
    principals = Principals(fresh_db, ttl=60, max_entries=2)
    digests = [token_hash(new_token()) for _ in range(3)]
    for digest in digests:
        principals.load(digest)
    assert principals.cached(digests[0]) is None
    assert principals.cached(digests[2]) == Resident(digests[2])
