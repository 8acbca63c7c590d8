"""/api/tasks: the staff inbox, one task with its form, claim and complete.

The endpoints are async and run the (blocking) use case in the thread pool themselves, so
FastAPI checks the answer against the response model where it runs, not in a second trip
to the pool."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Body, Depends, Query
from starlette.concurrency import run_in_threadpool

from api import schemas, views
from api.auth import principal
from api.routes.instances import cases
from engine.service.cases import Cases
from engine.service.principals import Principal

router = APIRouter(prefix="/api/tasks", tags=["tasks"])


@router.get("", response_model=list[schemas.InboxTask])
async def inbox(
    who: Annotated[Principal, Depends(principal)],
    service: Annotated[Cases, Depends(cases)],
    lane: str | None = None,
    status: Literal["ready"] = "ready",
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0, le=schemas.MAX_INT)] = 0,
) -> list[schemas.InboxTask]:
    """Ready tasks in the lanes the user holds as roles (every lane for admin), soonest
    due first; ``lane`` narrows to one lane."""
    entries = await run_in_threadpool(service.inbox, who, lane=lane, limit=limit, offset=offset)
    return [views.inbox_task(e) for e in entries]


@router.get("/{task_id}", response_model=schemas.Task)
async def get_task(
    task_id: str,
    who: Annotated[Principal, Depends(principal)],
    service: Annotated[Cases, Depends(cases)],
) -> schemas.Task:
    task, _, definition = await run_in_threadpool(service.task, task_id, who)
    return views.task(task, definition)


@router.post("/{task_id}/complete", response_model=schemas.InstanceSummary)
async def complete(
    task_id: str,
    who: Annotated[Principal, Depends(principal)],
    service: Annotated[Cases, Depends(cases)],
    body: Annotated[schemas.CompleteRequest | None, Body()] = None,
) -> schemas.InstanceSummary:
    """Complete a ready task with its form's answers: 409 when it is not ready or already
    done, 422 when the answers do not fit the form, 403 outside the user's lanes."""
    record = await run_in_threadpool(service.complete, task_id, body.data if body else {}, who)
    return views.summary(record)


@router.post("/{task_id}/claim", response_model=schemas.Task)
async def claim(
    task_id: str,
    who: Annotated[Principal, Depends(principal)],
    service: Annotated[Cases, Depends(cases)],
) -> schemas.Task:
    return views.task(await run_in_threadpool(service.claim, task_id, who))


@router.post("/{task_id}/unclaim", response_model=schemas.Task)
async def unclaim(
    task_id: str,
    who: Annotated[Principal, Depends(principal)],
    service: Annotated[Cases, Depends(cases)],
) -> schemas.Task:
    return views.task(await run_in_threadpool(service.unclaim, task_id, who))
