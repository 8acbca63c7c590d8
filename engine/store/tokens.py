"""Bearer tokens and residents' secrets: made here, stored only as their sha256."""

from __future__ import annotations

import hashlib
import hmac
import secrets


def new_token() -> str:
    """A fresh random token (43 URL-safe characters, 256 bits). Show it once; store its hash."""
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """The sha256 hex of a token: what ``users.token_hash`` and
    ``instances.access_token_hash`` hold. A plain hash suffices: tokens are random,
    not passwords, so there is nothing to guess."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def token_matches(token: str, stored_hash: str | None) -> bool:
    """Whether ``token`` hashes to ``stored_hash``, compared in constant time."""
    if stored_hash is None:
        return False
    return hmac.compare_digest(token_hash(token), stored_hash)
