"""/api/processes/{key}/instances and /api/instances: start cases, read them, message them.

The endpoints are async and run the (blocking) use case in the thread pool themselves, so
FastAPI checks the answer against the response model where it runs, not in a second trip
to the pool."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Depends, Query, Request, status
from starlette.concurrency import run_in_threadpool

from api import schemas, views
from api.auth import principal
from engine.service.cases import Cases
from engine.service.principals import Principal
from engine.store import InstanceStatus

router = APIRouter(tags=["instances"])


async def cases(request: Request) -> Cases:
    """FastAPI dependency: the use cases (async: nothing to wait for, no thread needed)."""
    service: Cases = request.app.state.cases
    return service


@router.post(
    "/api/processes/{key}/instances",
    status_code=status.HTTP_201_CREATED,
    response_model=schemas.Started,
)
async def start_instance(
    key: str,
    who: Annotated[Principal, Depends(principal)],
    service: Annotated[Cases, Depends(cases)],
    body: Annotated[schemas.StartRequest | None, Body()] = None,
    version: Annotated[int | None, Query(ge=1, le=schemas.MAX_INT)] = None,
) -> schemas.Started:
    """Start a case of the newest version (or ``version``). Staff may start any executable
    procedure; without a token only procedures with a resident lane can be started. The
    answer carries the resident's secret ``access_token`` — shown this once."""
    started = await run_in_threadpool(
        service.start, key, body.data if body else {}, who, version=version
    )
    return schemas.Started(
        id=started.instance.id,
        status=started.instance.status,
        receipt_number=started.instance.receipt_number,
        access_token=started.access_token,
        ready_tasks=[views.task(t, started.definition) for t in started.ready],
    )


@router.get("/api/instances/{instance_id}", response_model=schemas.Instance)
async def get_instance(
    instance_id: str,
    who: Annotated[Principal, Depends(principal)],
    service: Annotated[Cases, Depends(cases)],
) -> schemas.Instance:
    """A case: status, ready tasks with their forms, data and history. Staff, or the
    resident with the case's secret."""
    return views.instance(await run_in_threadpool(service.instance, instance_id, who))


@router.get("/api/instances", response_model=list[schemas.InstanceSummary])
async def list_instances(
    who: Annotated[Principal, Depends(principal)],
    service: Annotated[Cases, Depends(cases)],
    process: str | None = None,
    status_: Annotated[InstanceStatus | None, Query(alias="status")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=schemas.MAX_INT)] = 0,
) -> list[schemas.InstanceSummary]:
    records = await run_in_threadpool(
        service.instances, who, process=process, status=status_, limit=limit, offset=offset
    )
    return [views.summary(r) for r in records]


@router.post("/api/instances/{instance_id}/messages/{name}", response_model=schemas.InstanceSummary)
async def send_message(
    instance_id: str,
    name: str,
    who: Annotated[Principal, Depends(principal)],
    service: Annotated[Cases, Depends(cases)],
    body: Annotated[schemas.MessageRequest | None, Body()] = None,
) -> schemas.InstanceSummary:
    """Deliver message ``name`` (a message start/catch event or receive task waits for it);
    409 when nothing waits for it now."""
    record = await run_in_threadpool(
        service.send_message, instance_id, name, body.payload if body else None, who
    )
    return views.summary(record)


@router.post("/api/instances/{instance_id}/withdraw", response_model=schemas.InstanceSummary)
async def withdraw(
    instance_id: str,
    who: Annotated[Principal, Depends(principal)],
    service: Annotated[Cases, Depends(cases)],
    body: Annotated[schemas.WithdrawRequest | None, Body()] = None,
) -> schemas.InstanceSummary:
    """取下げ: the resident (with the case's secret) or an admin ends an open case."""
    record = await run_in_threadpool(
        service.withdraw, instance_id, who, reason=body.reason if body else None
    )
    return views.summary(record)
