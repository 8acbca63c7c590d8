"""The page for an address no route answers (a browser outside the JSON API)."""

from __future__ import annotations

from fastapi import Request, Response

from api.web.rendering import error_page, secured
from api.web.resident.pages import resident_error_page


def not_found_page(request: Request, code: str, status: int, message: str) -> Response:
    """The staff error page under ``/staff``, else the residents' one (which links back to
    the procedures and the status look-up)."""
    if request.url.path.startswith("/staff"):
        return secured(error_page(request, code, status, message))
    return secured(resident_error_page(request, code, status, message))
