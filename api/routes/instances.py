"""/api/processes/{key}/instances and /api/instances: start cases, read them, message them.

The endpoints are async and run the (blocking) use case off the event loop with
``api.routes.answers.run``; that module says where, and why they read the caller and
write the answer by hand."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Query, Request, Response, status

from api import schemas, views
from api.auth import principal
from api.routes.answers import answer, cases_of, run
from engine.store import InstanceStatus

router = APIRouter(tags=["instances"])


@router.post(
    "/api/processes/{key}/instances",
    status_code=status.HTTP_201_CREATED,
    response_model=schemas.Started,
)
async def start_instance(
    key: str,
    request: Request,
    body: Annotated[schemas.StartRequest | None, Body()] = None,
    version: Annotated[int | None, Query(ge=1, le=schemas.MAX_INT)] = None,
) -> Response:
    """Start a case of the newest version (or ``version``). Staff may start any executable
    procedure; without a token only procedures with a resident lane can be started. The
    answer carries the resident's secret ``access_token`` — shown this once."""
    who = await principal(request)
    started = await run(
        request, cases_of(request).start, key, body.data if body else {}, who, version=version
    )
    return answer(views.started(started), status.HTTP_201_CREATED)


@router.get("/api/instances/{instance_id}", response_model=schemas.Instance)
async def get_instance(instance_id: str, request: Request) -> Response:
    """A case: status, ready tasks with their forms, data and history. Staff, or the
    resident with the case's secret."""
    who = await principal(request)
    view = await run(request, cases_of(request).instance, instance_id, who)
    return answer(views.instance(view))


@router.get("/api/instances", response_model=list[schemas.InstanceSummary])
async def list_instances(
    request: Request,
    process: str | None = None,
    status_: Annotated[InstanceStatus | None, Query(alias="status")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=schemas.MAX_INT)] = 0,
) -> Response:
    who = await principal(request)
    records = await run(
        request,
        cases_of(request).instances,
        who,
        process=process,
        status=status_,
        limit=limit,
        offset=offset,
    )
    return answer([views.summary(r) for r in records])


@router.post("/api/instances/{instance_id}/messages/{name}", response_model=schemas.InstanceSummary)
async def send_message(
    instance_id: str,
    name: str,
    request: Request,
    body: Annotated[schemas.MessageRequest | None, Body()] = None,
) -> Response:
    """Deliver message ``name`` (a message start/catch event or receive task waits for it);
    409 when nothing waits for it now."""
    who = await principal(request)
    record = await run(
        request,
        cases_of(request).send_message,
        instance_id,
        name,
        body.payload if body else None,
        who,
    )
    return answer(views.summary(record))


@router.post("/api/instances/{instance_id}/withdraw", response_model=schemas.InstanceSummary)
async def withdraw(
    instance_id: str,
    request: Request,
    body: Annotated[schemas.WithdrawRequest | None, Body()] = None,
) -> Response:
    """取下げ: the resident (with the case's secret) or an admin ends an open case."""
    who = await principal(request)
    record = await run(
        request, cases_of(request).withdraw, instance_id, who, reason=body.reason if body else None
    )
    return answer(views.summary(record))
