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
from engine.messages import LANGS, render
from engine.store import AttachmentRecord

TEMPLATES: Final = Path(__file__).resolve().parents[1] / "templates"
STATIC: Final = Path(__file__).resolve().parents[1] / "static"
SIGN_IN: Final = "/staff/sign-in"
HOME: Final = "/staff/inbox"  # staff work from their inbox
LANG_SECONDS: Final = 365 * 24 * 60 * 60
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

# One template environment for every page (staff, resident, handbook).
TEMPLATE_ENV: Final = Environment(
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


def language_chosen(request: Request, lang: str, back: str) -> RedirectResponse:
    """Go ``back``, remembering ``lang`` (when it is one of ours) in the cookie that every
    page and the API read."""
    response = RedirectResponse(back, status_code=303)
    if lang in LANGS:
        response.set_cookie(
            "lang", lang, max_age=LANG_SECONDS, path="/", samesite="lax",
            secure=sessions.is_https(request),
        )  # fmt: skip
    return response


def current_path(request: Request) -> str:
    """This page's path and query: where a form or a sign-in comes back to."""
    return request.url.path + (f"?{request.url.query}" if request.url.query else "")


def sign_in_url(request: Request) -> str:
    return f"{SIGN_IN}?next={quote(local_path(current_path(request)), safe='/')}"


def render_page(
    request: Request,
    template: str,
    *,
    csrf: sessions.CsrfCookie,
    here: str,
    status: int = 200,
    lang: str | None = None,
    **context: Any,
) -> HTMLResponse:
    """A page of ``template`` in the reader's language (``lang`` cookie, Accept-Language),
    or in ``lang`` when the address names it; its forms carry ``csrf``'s check value."""
    lang = lang or lang_of(request)
    html = TEMPLATE_ENV.get_template(template).render(
        lang=lang, t=Texts(lang), csrf=csrf.field(request), here=here, **context
    )
    response = HTMLResponse(html, status_code=status)
    csrf.remember(response, request)
    return response


def page(
    request: Request,
    template: str,
    *,
    status: int = 200,
    staff: str | None = None,
    lang: str | None = None,
    **context: Any,
) -> HTMLResponse:
    """A staff (or handbook) page: the staff CSRF cookie, ``here`` only if under /staff."""
    here = quote(local_path(current_path(request)), safe="/")
    return render_page(
        request,
        template,
        csrf=sessions.STAFF_CSRF,
        here=here,
        status=status,
        lang=lang,
        staff=staff,
        **context,
    )


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


def secured(response: Response) -> Response:
    """The response with the security headers every page carries."""
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def download(record: AttachmentRecord, content: bytes) -> Response:
    """An attachment as a download under its own name (RFC 6266: an ASCII stand-in, then
    the UTF-8 name); ``secured`` adds nosniff and no-store as on every page."""
    quoted = quote(record.filename, safe="")
    disposition = f"attachment; filename=\"file\"; filename*=UTF-8''{quoted}"
    return Response(
        content, media_type=record.media_type, headers={"Content-Disposition": disposition}
    )


class GuardedRoute(APIRoute):
    """A route whose every answer is a page (or a redirect or a file), whatever goes wrong.

    Subclasses say how an error page looks (``error_page``) and may show an error as
    another (``shown_as``) or answer some failures otherwise (``answer``).
    """

    def error_page(self, request: Request, code: str, status: int, message: str) -> Response:
        raise NotImplementedError

    def shown_as(self, exc: MachiflowError) -> tuple[MachiflowError, int]:
        return exc, STATUS_BY_CATEGORY.get(exc.category, 500)

    def answer(self, request: Request, exc: Exception) -> Response:
        lang = lang_of(request)
        if isinstance(exc, MachiflowError):
            if STATUS_BY_CATEGORY.get(exc.category, 500) >= 500:
                log.error("%s on %s", exc.code, request.url.path, exc_info=exc)
            shown, status = self.shown_as(exc)
            return self.error_page(request, shown.code, status, shown.message(lang))
        if isinstance(exc, RequestValidationError):
            code = "api.bad-request"
            return self.error_page(request, code, 400, render(code, lang))
        log.exception("unexpected error on %s", request.url.path)
        code = "api.internal"
        return self.error_page(request, code, 500, render(code, lang, error=type(exc).__name__))

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def guarded(request: Request) -> Response:
            try:
                return secured(await handler(request))
            except Exception as exc:  # noqa: BLE001 (each becomes a page; answer() logs it)
                return secured(self.answer(request, exc))

        return guarded


class PageRoute(GuardedRoute):
    """A staff page: no session → 303 to sign-in; errors on the staff error page."""

    def error_page(self, request: Request, code: str, status: int, message: str) -> Response:
        return error_page(request, code, status, message)

    def answer(self, request: Request, exc: Exception) -> Response:
        if isinstance(exc, SignInRequiredError):
            return RedirectResponse(sign_in_url(request), status_code=303)
        return super().answer(request, exc)
