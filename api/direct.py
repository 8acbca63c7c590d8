"""The three calls every step of every case makes, answered straight from ASGI (decision 0016).

``POST /api/processes/{key}/instances``, ``GET /api/instances/{id}`` and
``POST /api/tasks/{id}/complete`` are most of the API's traffic. Through Starlette and
FastAPI each one passes five middleware layers, a route search, a request object, the
dependency solver and a response object: about a third of the server's CPU per call
(bench/README.md). Here they are matched on the path, the body is parsed and validated as
FastAPI does it (``json.loads``, then the route's request model), the caller is read from
its header, the use case runs where ``api.routes.answers`` runs it, and the answer is the
bytes the route writes, errors included (``api.problems``).

A request this path does not fully understand goes on to the FastAPI route, which answers
it as it always has: a query string, a root path, a body that is not JSON of the request
model or not sent as ``application/json``, an empty body, a control character in the path.
So this path adds no rule of its own; the routes in ``api.routes`` stay the definition
(and the OpenAPI at ``/docs``), and ``tests/api/test_direct.py`` compares the two.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Literal

from fastapi import FastAPI
from pydantic import ValidationError
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Message, Receive, Scope, Send

from api import problems, schemas, views
from api.auth import Principals, caller
from api.params import CONTROL
from api.routes.answers import JSON, answer, run_on
from engine.errors import MachiflowError
from engine.service.cases import Cases
from engine.service.principals import Principal


@dataclass(frozen=True, slots=True)
class Call:
    """One matched request: what it asks for and of which case, task or process."""

    kind: Literal["start", "fetch", "complete"]
    param: str  # the process key, instance id or task id


def match(scope: Scope) -> Call | None:
    """The call ``scope`` is, when this path answers it; None sends it to FastAPI."""
    if scope["type"] != "http" or scope.get("query_string") or scope.get("root_path"):
        return None
    parts = scope["path"].split("/")  # "", "api", collection, param[, action]
    if len(parts) < 4 or parts[1] != "api" or not parts[3] or CONTROL.search(parts[3]):
        return None
    method, collection = scope["method"], parts[2]
    if len(parts) == 4 and method == "GET" and collection == "instances":
        return Call("fetch", parts[3])
    if len(parts) == 5 and method == "POST":
        if collection == "tasks" and parts[4] == "complete":
            return Call("complete", parts[3])
        if collection == "processes" and parts[4] == "instances":
            return Call("start", parts[3])
    return None


ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


async def answer_call(
    app: FastAPI, call: Call, scope: Scope, receive: Receive, send: Send, routes: ASGIApp
) -> None:
    """Answer ``call``, or hand the request to ``routes`` (FastAPI) as it came."""
    authorization, content_type = _headers(scope)
    data: dict[str, Any] = {}
    if call.kind != "fetch":
        body, disconnected = await _body(receive)
        if disconnected:
            return  # the client has gone: nobody to answer
        request_model = schemas.CompleteRequest if call.kind == "complete" else schemas.StartRequest
        parsed = _parsed(body, content_type, request_model)
        if parsed is None:
            await routes(scope, _replay(body, receive), send)
            return
        data = parsed
    try:
        principals: Principals = app.state.principals
        who = await caller(principals, authorization)
        response = await _perform(app.state.cases, app.state.engine, call, data, who)
    except MachiflowError as exc:
        response = problems.of_error(exc, _lang(scope), scope["path"])
    except Exception as exc:  # noqa: BLE001 - answered as the app's own handler answers it
        response = problems.unexpected_error(exc, _lang(scope), scope["path"])
    await response(scope, receive, send)


async def _perform(
    cases: Cases,
    engine: ThreadPoolExecutor | None,
    call: Call,
    data: dict[str, Any],
    who: Principal,
) -> Response:
    """The use case of ``call`` on the engine executor, and its answer."""
    if call.kind == "fetch":
        view = await run_on(engine, cases.instance, call.param, who)
        return answer(views.instance(view))
    if call.kind == "complete":
        record = await run_on(engine, cases.complete, call.param, data, who)
        return answer(views.summary(record))
    started = await run_on(engine, cases.start, call.param, data, who, version=None)
    return answer(views.started(started), 201)


def _headers(scope: Scope) -> tuple[str, str]:
    """The first ``Authorization`` and ``Content-Type`` values, as Starlette reads them."""
    authorization = content_type = None
    for name, value in scope["headers"]:
        if name == b"authorization" and authorization is None:
            authorization = value.decode("latin-1")
        elif name == b"content-type" and content_type is None:
            content_type = value.decode("latin-1")
    return authorization or "", content_type or ""


async def _body(receive: Receive) -> tuple[bytes, bool]:
    """The whole request body, and whether the client disconnected instead."""
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return b"", True
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(chunks), False


def _parsed(
    body: bytes,
    content_type: str,
    model: type[schemas.StartRequest] | type[schemas.CompleteRequest],
) -> dict[str, Any] | None:
    """The ``data`` of a body FastAPI would take as ``model`` without a word; else None."""
    media = content_type.partition(";")[0].strip().lower()
    if not body or media != JSON:
        return None
    try:
        checked = model.model_validate(json.loads(body))
    except (ValueError, ValidationError):  # a JSON error is a ValueError
        return None
    return checked.data


def _replay(body: bytes, receive: Receive) -> Receive:
    """``receive`` for FastAPI, giving back the body this path has already read."""
    given = False

    async def again() -> Message:
        nonlocal given
        if given:
            return await receive()
        given = True
        return {"type": "http.request", "body": body, "more_body": False}

    return again


def _lang(scope: Scope) -> str:
    return problems.lang_of(Request(scope))
