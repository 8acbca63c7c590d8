"""Users: found by the hash of their token; names unique; deactivated users cannot log in."""

from __future__ import annotations

import re

import pytest
from sqlalchemy.orm import Session

from engine.errors import ConflictError, NotFoundError
from engine.store import UserRepository, new_token, token_hash, token_matches
from tests.engine.store.conftest import T0


def test_a_user_is_found_by_the_hash_of_their_token(session: Session) -> None:
    token = new_token()
    repo = UserRepository(session)
    user = repo.add("sato", roles=["staff", "審査"], token_hash=token_hash(token), at=T0)
    assert user.roles == ("staff", "審査")
    assert user.active
    assert user.created_at == T0
    assert repo.by_token_hash(token_hash(token)) == user
    assert repo.by_token_hash(token_hash(new_token())) is None
    assert repo.get("sato") == user


def test_names_are_unique_and_the_transaction_goes_on(session: Session) -> None:
    repo = UserRepository(session)
    repo.add("sato", roles=[], token_hash=None)
    with pytest.raises(ConflictError) as raised:
        repo.add("sato", roles=["admin"], token_hash=None)
    assert raised.value.code == "store.conflict.user-exists"
    repo.add("suzuki", roles=[], token_hash=None)  # the failed insert did not poison the session
    assert [u.name for u in repo.all()] == ["sato", "suzuki"]


def test_tokens_roles_and_deactivation(session: Session) -> None:
    repo = UserRepository(session)
    old, new = new_token(), new_token()
    repo.add("sato", roles=["staff"], token_hash=token_hash(old))
    repo.set_token("sato", token_hash(new))
    assert repo.by_token_hash(token_hash(old)) is None
    assert repo.by_token_hash(token_hash(new)) is not None
    assert repo.set_roles("sato", ["staff", "admin"]).roles == ("staff", "admin")
    assert not repo.set_active("sato", False).active
    assert repo.by_token_hash(token_hash(new)) is None
    assert repo.set_active("sato", True).active
    with pytest.raises(NotFoundError):
        repo.get("nobody")
    with pytest.raises(NotFoundError):
        repo.set_roles("nobody", [])


def test_tokens_are_random_and_only_their_hash_is_kept() -> None:
    tokens = {new_token() for _ in range(100)}
    assert len(tokens) == 100
    token = tokens.pop()
    assert len(token) >= 43
    assert re.fullmatch(r"[0-9a-f]{64}", token_hash(token))
    assert token_matches(token, token_hash(token))
    assert not token_matches(token, token_hash(token + "x"))
    assert not token_matches(token, None)
