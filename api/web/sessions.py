"""Staff sessions and CSRF checks, in cookies signed with ``itsdangerous``.

The session cookie holds the hash of the staff token (the same one the users table keeps),
never the token itself: a stolen cookie is no bearer token for the API, and a token that is
replaced or a user made inactive ends the session at the next page. Forms carry a signed
copy of a random value that is also in a cookie (the signed double-submit pattern): a
site that makes a browser send our form can neither read that cookie nor sign a value.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any, Final

from fastapi import Request, Response
from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.datastructures import FormData

from api.web.keys import secret_key
from api.web.state import shared
from engine.errors import MachiflowError

SESSION_COOKIE: Final = "machiflow_session"
CSRF_COOKIE: Final = "machiflow_csrf"
COOKIE_PATH: Final = "/staff"
SESSION_SECONDS: Final = 12 * 60 * 60  # a working day; nothing is lost when it ends
CSRF_SECONDS: Final = SESSION_SECONDS
_NONCE_BYTES: Final = 32


@dataclass(frozen=True, slots=True)
class Signers:
    session: URLSafeTimedSerializer
    csrf: URLSafeTimedSerializer


def signers(request: Request) -> Signers:
    """The app's signers, made on first use from its secret key."""
    return shared(request, "staff_signers", _make_signers)


def _make_signers(state: Any) -> Signers:
    key = secret_key(state.settings.db_url)
    return Signers(
        URLSafeTimedSerializer(key, salt="machiflow.staff-session"),
        URLSafeTimedSerializer(key, salt="machiflow.csrf"),
    )


def is_https(request: Request) -> bool:
    return request.url.scheme == "https"


def set_cookie(
    response: Response,
    request: Request,
    name: str,
    value: str,
    max_age: int,
    *,
    path: str = COOKIE_PATH,
) -> None:
    """Set an HttpOnly, SameSite=Lax cookie (Secure over https)."""
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        path=path,
        secure=is_https(request),
        httponly=True,
        samesite="lax",
    )


# --- the session --------------------------------------------------------------------------


def session_token_hash(request: Request) -> str | None:
    """The staff token hash of a valid, unexpired session cookie, else None."""
    cookie = request.cookies.get(SESSION_COOKIE)
    if not cookie:
        return None
    try:
        data: Any = signers(request).session.loads(cookie, max_age=SESSION_SECONDS)
    except BadSignature:  # also SignatureExpired
        return None
    digest = data.get("token_hash") if isinstance(data, dict) else None
    return digest if isinstance(digest, str) and digest else None


def start_session(response: Response, request: Request, token_hash: str) -> None:
    value = signers(request).session.dumps({"token_hash": token_hash})
    set_cookie(response, request, SESSION_COOKIE, str(value), SESSION_SECONDS)
    # A new session gets a new CSRF value: one planted before sign-in is worth nothing.
    set_cookie(response, request, CSRF_COOKIE, secrets.token_urlsafe(_NONCE_BYTES), CSRF_SECONDS)


def end_session(response: Response, request: Request) -> None:
    for name in (SESSION_COOKIE, CSRF_COOKIE):
        response.delete_cookie(
            name, path=COOKIE_PATH, secure=is_https(request), httponly=True, samesite="lax"
        )


# --- CSRF ------------------------------------------------------------------------------------


class CsrfError(MachiflowError):
    """A form came without our signed check value, or with a stale one (403)."""

    category = "forbidden"

    def __init__(self) -> None:
        super().__init__("web.csrf")


@dataclass(frozen=True, slots=True)
class CsrfCookie:
    """The signed double-submit check of the pages under ``path``, its value in cookie
    ``name``. Staff and resident pages each have one (the staff one only covers /staff)."""

    name: str
    path: str
    seconds: int

    def _nonce(self, request: Request) -> str:
        """This browser's value: its cookie's, or a new one set with the response."""
        made: dict[str, str] = request.state.__dict__.setdefault("csrf_nonces", {})
        found = made.get(self.name)
        if found is None:
            cookie = request.cookies.get(self.name, "")
            if len(cookie) >= _NONCE_BYTES:
                found = cookie
            else:
                found = secrets.token_urlsafe(_NONCE_BYTES)
                request.state.__dict__.setdefault("new_csrf_nonces", {})[self.name] = found
            made[self.name] = found
        return found

    def field(self, request: Request) -> str:
        """The value of the hidden ``csrf`` field of a form on this page."""
        return str(signers(request).csrf.dumps(self._nonce(request)))

    def valid(self, request: Request, field: str) -> bool:
        """Whether a posted ``csrf`` field is signed by us, fresh, and matches the cookie."""
        cookie = request.cookies.get(self.name, "")
        if not field or not cookie:
            return False
        try:
            nonce: Any = signers(request).csrf.loads(field, max_age=self.seconds)
        except BadSignature:
            return False
        return isinstance(nonce, str) and hmac.compare_digest(nonce, cookie)

    @asynccontextmanager
    async def checked_form(
        self, request: Request, *, max_files: int, max_fields: int
    ) -> AsyncIterator[FormData]:
        """The posted form with its ``csrf`` field checked (``CsrfError`` otherwise); its
        uploaded files are closed afterwards."""
        form = await request.form(max_files=max_files, max_fields=max_fields)
        try:
            value = form.get("csrf")
            if not self.valid(request, value if isinstance(value, str) else ""):
                raise CsrfError
            yield form
        finally:
            await form.close()

    def remember(self, response: Response, request: Request) -> None:
        """Set the cookie when this page made a new value for its forms."""
        nonce = request.state.__dict__.get("new_csrf_nonces", {}).get(self.name)
        if nonce is not None:
            set_cookie(response, request, self.name, nonce, self.seconds, path=self.path)


STAFF_CSRF: Final = CsrfCookie(CSRF_COOKIE, COOKIE_PATH, CSRF_SECONDS)
csrf_valid = STAFF_CSRF.valid
