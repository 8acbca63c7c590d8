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
import threading
from dataclasses import dataclass
from typing import Any, Final

from fastapi import Request, Response
from itsdangerous import BadSignature, URLSafeTimedSerializer

from api.web.keys import secret_key

SESSION_COOKIE: Final = "machiflow_session"
CSRF_COOKIE: Final = "machiflow_csrf"
COOKIE_PATH: Final = "/staff"
SESSION_SECONDS: Final = 12 * 60 * 60  # a working day; nothing is lost when it ends
CSRF_SECONDS: Final = SESSION_SECONDS
_NONCE_BYTES: Final = 32
_LOCK: Final = threading.Lock()


@dataclass(frozen=True, slots=True)
class Signers:
    session: URLSafeTimedSerializer
    csrf: URLSafeTimedSerializer


def signers(request: Request) -> Signers:
    """The app's signers, made on first use from its secret key."""
    state = request.app.state
    found: Signers | None = getattr(state, "staff_signers", None)
    if found is None:
        with _LOCK:
            found = getattr(state, "staff_signers", None)
            if found is None:
                key = secret_key(state.settings.db_url)
                found = Signers(
                    URLSafeTimedSerializer(key, salt="machiflow.staff-session"),
                    URLSafeTimedSerializer(key, salt="machiflow.csrf"),
                )
                state.staff_signers = found
    return found


def is_https(request: Request) -> bool:
    return request.url.scheme == "https"


def _set(response: Response, request: Request, name: str, value: str, max_age: int) -> None:
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        path=COOKIE_PATH,
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
    _set(response, request, SESSION_COOKIE, str(value), SESSION_SECONDS)
    # A new session gets a new CSRF value: one planted before sign-in is worth nothing.
    _set(response, request, CSRF_COOKIE, secrets.token_urlsafe(_NONCE_BYTES), CSRF_SECONDS)


def end_session(response: Response, request: Request) -> None:
    for name in (SESSION_COOKIE, CSRF_COOKIE):
        response.delete_cookie(
            name, path=COOKIE_PATH, secure=is_https(request), httponly=True, samesite="lax"
        )


# --- CSRF ------------------------------------------------------------------------------------


def _nonce(request: Request) -> str:
    """This browser's CSRF value: its cookie's, or a new one set with the response."""
    found: str | None = getattr(request.state, "csrf_nonce", None)
    if found is None:
        cookie = request.cookies.get(CSRF_COOKIE, "")
        if len(cookie) >= _NONCE_BYTES:
            found = cookie
        else:
            found = secrets.token_urlsafe(_NONCE_BYTES)
            request.state.new_csrf_nonce = found
        request.state.csrf_nonce = found
    return found


def csrf_field(request: Request) -> str:
    """The value of the hidden ``csrf`` field of a form on this page."""
    return str(signers(request).csrf.dumps(_nonce(request)))


def csrf_valid(request: Request, field: str) -> bool:
    """Whether a posted ``csrf`` field is signed by us, fresh, and matches the cookie."""
    cookie = request.cookies.get(CSRF_COOKIE, "")
    if not field or not cookie:
        return False
    try:
        nonce: Any = signers(request).csrf.loads(field, max_age=CSRF_SECONDS)
    except BadSignature:
        return False
    return isinstance(nonce, str) and hmac.compare_digest(nonce, cookie)


def remember_csrf(response: Response, request: Request) -> None:
    """Set the CSRF cookie when this page made a new value for its forms."""
    nonce: str | None = getattr(request.state, "new_csrf_nonce", None)
    if nonce is not None:
        _set(response, request, CSRF_COOKIE, nonce, CSRF_SECONDS)
