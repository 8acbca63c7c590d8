"""What the case and task endpoints share: the caller, the use cases, and an answer that
is serialized once.

These endpoints are the calls every step of every case makes, so they skip two things
FastAPI would do on each request at a cost as large as a SQL statement's (bench/README.md):
resolving dependencies for the caller and the service (``caller`` and ``cases_of`` are
plain calls; a cached caller costs no trip to the thread pool), and validating the answer a
second time against the response model after ``api.views`` built it as that very model.
The decorators still name the response models, so OpenAPI at ``/docs`` is unchanged.
"""

from __future__ import annotations

from collections.abc import Sequence

from fastapi import Request, Response
from pydantic import BaseModel

from api.auth import principal
from engine.service.cases import Cases
from engine.service.principals import Principal

JSON = "application/json"


async def caller(request: Request) -> Principal:
    """Who is calling (``api.auth.principal``, which never raises)."""
    return await principal(request)


def cases_of(request: Request) -> Cases:
    service: Cases = request.app.state.cases
    return service


def answer(body: BaseModel | Sequence[BaseModel], status_code: int = 200) -> Response:
    """``body`` as JSON, exactly as FastAPI would write it for its response model."""
    if isinstance(body, BaseModel):
        content = body.model_dump_json().encode()
    else:
        content = b"[" + b",".join(item.model_dump_json().encode() for item in body) + b"]"
    return Response(content, status_code=status_code, media_type=JSON)
