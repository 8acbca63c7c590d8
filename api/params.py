"""Path and query parameters are refused (400) when they hold control characters.

No id, key, lane or message name has them, and PostgreSQL cannot even compare text with NUL
(psycopg refuses to send it): such a value names nothing, so it is a malformed request,
answered before any query like every other one (``api.bad-request``, with ``loc``).
"""

from __future__ import annotations

import re
from typing import Any, Final

from fastapi import Request
from fastapi.exceptions import RequestValidationError

CONTROL: Final = re.compile(r"[\x00-\x1f\x7f]")  # no id, key, lane or name holds one


async def printable_parameters(request: Request) -> None:
    """FastAPI dependency for every route: path and query values without control characters.

    Async: it only looks at the request, so it needs no trip to the thread pool."""
    given = [
        *(("path", name, value) for name, value in request.path_params.items()),
        *(("query", name, value) for name, value in request.query_params.multi_items()),
    ]
    errors: list[dict[str, Any]] = [
        {
            "type": "string_pattern_mismatch",
            "loc": (where, name),
            "msg": "control characters are not allowed",
            "input": value,
        }
        for where, name, value in given
        if isinstance(value, str) and CONTROL.search(value)
    ]
    if errors:
        raise RequestValidationError(errors)
