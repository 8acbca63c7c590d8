"""Pages from Jinja2 templates, and the route class that keeps every page an HTML page.

``PageRoute`` turns what a page handler raises into a page: no session → 303 to sign-in;
a machiflow error → the error page with its Japanese (or English) message and the status
of its category; anything else → the error page with ``api.internal``, logged, never a
traceback. Every page answer carries the same security headers and is not cached.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any, Final
from urllib.parse import quote

from fastapi import Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.routing import APIRoute
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from api.problems import STATUS_BY_CATEGORY, lang_of
from api.web import sessions
from api.web.texts import Texts
from engine.errors import MachiflowError
from engine.messages import render

TEMPLATES: Final = Path(__file__).resolve().parents[1] / "templates"
STATIC: Final = Path(__file__).resolve().parents[1] / "static"
SIGN_IN: Final = "/staff/sign-in"
HOME: Final = "/staff/inbox"  # staff work from their inbox
SECURITY_HEADERS: Final = {
    # No script at all; inline style only for the renderer's SVG and the report's <style>.
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}

log = logging.getLogger("machiflow.web")

_ENV: Final = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(["html"]),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


class SignInRequiredError(Exception):
    """The page needs a staff session: answered with a redirect to the sign-in page."""


def local_path(target: str | None, default: str = HOME) -> str:
    """``target`` when it is a staff page of this site, else ``default`` (no open redirect)."""
    if (
        target
        and target.startswith("/staff/")
        and not target.startswith("//")
        and "\\" not in target
        and all(c.isprintable() for c in target)
    ):
        return target
    return default


def sign_in_url(request: Request) -> str:
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return f"{SIGN_IN}?next={quote(local_path(here), safe='/')}"


def page(
    request: Request,
    template: str,
    *,
    status: int = 200,
    staff: str | None = None,
    lang: str | None = None,
    **context: Any,
) -> HTMLResponse:
    """A page of ``template`` in the reader's language (``lang`` cookie, Accept-Language),
    or in ``lang`` when the address names it (the handbook's pages)."""
    lang = lang or lang_of(request)
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    html = _ENV.get_template(template).render(
        lang=lang,
        t=Texts(lang),
        staff=staff,
        csrf=sessions.csrf_field(request),
        here=quote(local_path(here), safe="/"),
        **context,
    )
    response = HTMLResponse(html, status_code=status)
    sessions.remember_csrf(response, request)
    return response


def error_page(request: Request, code: str, status: int, message: str) -> HTMLResponse:
    return page(
        request,
        "error.html",
        status=status,
        code=code,
        http_status=status,
        message=message,
        staff=getattr(request.state, "staff_name", None),
    )


def not_found_page(request: Request, code: str, status: int, message: str) -> Response:
    """An address no page answers: the staff error page under ``/staff``, else the
    residents' one (which links back to the procedures and the status look-up)."""
    if request.url.path.startswith("/staff"):
        return _secured(error_page(request, code, status, message))
    return _secured(page(request, "resident/error.html", status=status, code=code, message=message))


def _secured(response: Response) -> Response:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


class PageRoute(APIRoute):
    """A route whose every answer is a page (or a redirect), whatever goes wrong."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def guarded(request: Request) -> Response:
            try:
                return _secured(await handler(request))
            except SignInRequiredError:
                return _secured(RedirectResponse(sign_in_url(request), status_code=303))
            except MachiflowError as exc:
                status = STATUS_BY_CATEGORY.get(exc.category, 500)
                if status >= 500:
                    log.error("%s on %s", exc.code, request.url.path, exc_info=exc)
                message = exc.message(lang_of(request))
                return _secured(error_page(request, exc.code, status, message))
            except RequestValidationError:
                message = render("api.bad-request", lang_of(request))
                return _secured(error_page(request, "api.bad-request", 400, message))
            except Exception as exc:
                log.exception("unexpected error on %s", request.url.path)
                code = "api.internal"
                message = render(code, lang_of(request), error=type(exc).__name__)
                return _secured(error_page(request, code, 500, message))

        return guarded
