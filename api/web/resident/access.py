"""Which cases this browser may open, and the resident pages' CSRF check.

After a resident starts a case or looks it up with its receipt number and secret, the
pair (instance id, secret) is kept in a signed, HttpOnly, SameSite=Lax cookie; the pages
act for the resident with that secret (``Resident(token_hash(secret))``), so the service
layer's own checks decide, and a case not in the cookie is not there for this browser.
The CSRF check is the staff pages' signed double-submit value (``api.web.sessions``) in a
cookie of its own that covers the whole site, not only ``/staff``.
"""

from __future__ import annotations

from typing import Any, Final

from fastapi import Request, Response
from itsdangerous import BadSignature, URLSafeTimedSerializer

from api.web import sessions
from api.web.state import shared
from engine.service.principals import Resident
from engine.store import token_hash

CASES_COOKIE: Final = "machiflow_cases"
CSRF_COOKIE: Final = "machiflow_resident_csrf"
COOKIE_PATH: Final = "/"
# Longer than 20 hours: WCAG 2.2.1 lets a time limit stand without a warning beyond that.
CASES_SECONDS: Final = 24 * 60 * 60
CSRF_SECONDS: Final = CASES_SECONDS
MAX_CASES: Final = 10
_SALT: Final = "machiflow.resident-cases"
_NONCE_BYTES: Final = 32


def _signer(request: Request) -> URLSafeTimedSerializer:
    return shared(request, "resident_signer", lambda _state: _make_signer(request))


def _make_signer(request: Request) -> URLSafeTimedSerializer:
    # The staff signers hold the app's one secret key (made once, kept beside the db).
    key = sessions.signers(request).session.secret_keys[-1]
    return URLSafeTimedSerializer(key, salt=_SALT)


# --- the cases of this browser ---------------------------------------------------------------


def cases(request: Request) -> dict[str, str]:
    """Instance id -> secret of every case this browser opened (newest first)."""
    cookie = request.cookies.get(CASES_COOKIE)
    if not cookie:
        return {}
    try:
        data: Any = _signer(request).loads(cookie, max_age=CASES_SECONDS)
    except BadSignature:  # also expired
        return {}
    found: dict[str, str] = {}
    if isinstance(data, list):
        for pair in data:
            if (
                isinstance(pair, list)
                and len(pair) == 2
                and all(isinstance(p, str) and p for p in pair)
            ):
                found.setdefault(pair[0], pair[1])
    return found


def secret_of(request: Request, instance_id: str) -> str | None:
    return cases(request).get(instance_id)


def resident(request: Request, instance_id: str) -> Resident | None:
    """The resident acting on ``instance_id`` in this browser, or None."""
    secret = secret_of(request, instance_id)
    return None if secret is None else Resident(token_hash(secret))


def remember(response: Response, request: Request, instance_id: str, secret: str) -> None:
    """Add a case to this browser's cookie (the oldest drops out beyond ``MAX_CASES``)."""
    kept = [[instance_id, secret]]
    kept += [[i, s] for i, s in cases(request).items() if i != instance_id]
    value = _signer(request).dumps(kept[:MAX_CASES])
    sessions.set_cookie(
        response, request, CASES_COOKIE, str(value), CASES_SECONDS, path=COOKIE_PATH
    )


# --- CSRF --------------------------------------------------------------------------------------

CSRF: Final = sessions.CsrfCookie(CSRF_COOKIE, COOKIE_PATH, CSRF_SECONDS)
