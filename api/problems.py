"""One JSON error shape for the whole API: ``{"code", "message", "params"}``.

The category of a machiflow error decides the HTTP status, here and nowhere else. The
message follows Accept-Language (Japanese unless English is preferred).
"""

from __future__ import annotations

import logging
from typing import Any, Final

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from engine.errors import MachiflowError
from engine.messages import normalize_lang, render

log = logging.getLogger("machiflow.api")

STATUS_BY_CATEGORY: Final = {
    "input": 422,
    "usage": 400,
    "unauthorized": 401,
    "forbidden": 403,
    "not_found": 404,
    "conflict": 409,
    "setup": 503,
    "internal": 500,
}


def lang_of(request: Request) -> str:
    cookie = request.cookies.get("lang")
    if cookie in {"ja", "en"}:
        return cookie
    return normalize_lang(request.headers.get("accept-language"))


def _jsonable(params: dict[str, Any]) -> dict[str, Any]:
    safe: dict[str, Any] = {}
    for key, value in params.items():
        if isinstance(value, str | int | float | bool) or value is None:
            safe[key] = value
        elif isinstance(value, list | tuple):
            safe[key] = [
                v if isinstance(v, str | int | float | bool | dict) else str(v) for v in value
            ]
        elif isinstance(value, dict):
            safe[key] = value
        else:
            safe[key] = str(value)
    return safe


def problem(
    status: int, code: str, lang: str, headers: dict[str, str] | None = None, **params: Any
) -> JSONResponse:
    body = {"code": code, "message": render(code, lang, **params), "params": _jsonable(params)}
    return JSONResponse(body, status_code=status, headers=headers)


def of_error(exc: MachiflowError, lang: str, path: str) -> JSONResponse:
    """The answer to a machiflow error raised while answering ``path``."""
    status = STATUS_BY_CATEGORY.get(exc.category, 500)
    if status >= 500:
        log.error("machiflow error %s on %s", exc.code, path, exc_info=exc)
    body = {"code": exc.code, "message": exc.message(lang), "params": _jsonable(exc.params)}
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse(body, status_code=status, headers=headers)


def unexpected_error(exc: Exception, lang: str, path: str) -> JSONResponse:
    """The answer to any other exception: logged with its traceback, never shown."""
    log.error("unexpected error on %s", path, exc_info=exc)
    return problem(500, "api.internal", lang, error=type(exc).__name__)


def _wants_page(request: Request) -> bool:
    """A browser asking for a page outside the JSON API (``/api``, ``/docs``)."""
    path = request.url.path
    if path.startswith(("/api/", "/docs", "/openapi")) or path == "/api":
        return False
    return "text/html" in request.headers.get("accept", "")


def install(app: FastAPI) -> None:
    """Map every error to the one shape; nothing reaches a client as a traceback."""

    @app.exception_handler(MachiflowError)
    async def machiflow_error(request: Request, exc: MachiflowError) -> JSONResponse:
        return of_error(exc, lang_of(request), request.url.path)

    @app.exception_handler(RequestValidationError)
    async def request_invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [
            {"loc": [str(part) for part in e.get("loc", ())], "type": e.get("type", "")}
            for e in exc.errors()
        ]
        return problem(400, "api.bad-request", lang_of(request), errors=errors)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        code = {404: "api.no-route", 405: "api.method-not-allowed"}.get(exc.status_code, "api.http")
        if _wants_page(request):
            # A person who mistyped an address gets a page in the site's layout, not JSON.
            from api.web.not_found import not_found_page

            message = render(code, lang_of(request), http_status=exc.status_code)
            return not_found_page(request, code, exc.status_code, message)
        return problem(exc.status_code, code, lang_of(request), http_status=exc.status_code)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        return unexpected_error(exc, lang_of(request), request.url.path)
