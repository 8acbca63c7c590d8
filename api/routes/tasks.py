"""/api/tasks: the staff inbox, one task with its form, claim and complete.

The endpoints are async and run the (blocking) use case off the event loop with
``api.routes.answers.run``; that module says where, and why they read the caller and
write the answer by hand."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Body, Query, Request, Response

from api import schemas, views
from api.auth import principal
from api.routes.answers import answer, cases_of, run

router = APIRouter(prefix="/api/tasks", tags=["tasks"])


@router.get("", response_model=list[schemas.InboxTask])
async def inbox(
    request: Request,
    lane: str | None = None,
    status: Literal["ready"] = "ready",
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0, le=schemas.MAX_INT)] = 0,
) -> Response:
    """Ready tasks in the lanes the user holds as roles (every lane for admin), soonest
    due first; ``lane`` narrows to one lane."""
    who = await principal(request)
    entries = await run(
        request, cases_of(request).inbox, who, lane=lane, limit=limit, offset=offset
    )
    return answer([views.inbox_task(e) for e in entries])


@router.get("/{task_id}", response_model=schemas.Task)
async def get_task(task_id: str, request: Request) -> Response:
    who = await principal(request)
    task, _, definition = await run(request, cases_of(request).task, task_id, who)
    return answer(views.task(task, definition))


@router.post("/{task_id}/complete", response_model=schemas.InstanceSummary)
async def complete(
    task_id: str,
    request: Request,
    body: Annotated[schemas.CompleteRequest | None, Body()] = None,
) -> Response:
    """Complete a ready task with its form's answers: 409 when it is not ready or already
    done, 422 when the answers do not fit the form, 403 outside the user's lanes."""
    who = await principal(request)
    record = await run(request, cases_of(request).complete, task_id, body.data if body else {}, who)
    return answer(views.summary(record))


@router.post("/{task_id}/claim", response_model=schemas.Task)
async def claim(task_id: str, request: Request) -> Response:
    who = await principal(request)
    return answer(views.task(await run(request, cases_of(request).claim, task_id, who)))


@router.post("/{task_id}/unclaim", response_model=schemas.Task)
async def unclaim(task_id: str, request: Request) -> Response:
    who = await principal(request)
    return answer(views.task(await run(request, cases_of(request).unclaim, task_id, who)))
