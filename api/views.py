"""Records of the engine turned into the API's response bodies."""

from __future__ import annotations

from typing import Any

from api import schemas
from engine.service.cases import InstanceView, Started
from engine.store import DefinitionRecord, InboxEntry, InstanceRecord, TaskRecord


def lanes(definition: DefinitionRecord) -> list[schemas.Lane]:
    return [
        schemas.Lane(id=str(lane.get("id")), name=lane.get("name"), actor=str(lane.get("actor")))
        for lane in definition.meta.get("lanes") or []
        if isinstance(lane, dict)
    ]


def open_to_residents(definition: DefinitionRecord) -> bool:
    return bool(definition.meta.get("executable")) and any(
        lane.actor == "resident" for lane in lanes(definition)
    )


def process(definition: DefinitionRecord) -> schemas.Process:
    return schemas.Process(
        key=definition.key,
        version=definition.version,
        name=definition.name,
        procedure=definition.procedure,
        variant=definition.variant,
        area=definition.area,
        executable=bool(definition.meta.get("executable")),
        open_to_residents=open_to_residents(definition),
        lanes=lanes(definition),
        deployed_at=definition.deployed_at,
    )


def form_of(definition: DefinitionRecord, element_id: str) -> dict[str, Any] | None:
    for task in definition.meta.get("tasks") or []:
        if isinstance(task, dict) and task.get("element_id") == element_id:
            form = task.get("form")
            return form if isinstance(form, dict) else None
    return None


def task(record: TaskRecord, definition: DefinitionRecord | None = None) -> schemas.Task:
    return schemas.Task(
        id=record.id,
        instance_id=record.instance_id,
        element_id=record.element_id,
        name=record.name,
        lane=record.lane,
        status=record.status,
        assignee=record.assignee,
        due_at=record.due_at,
        created_at=record.created_at,
        completed_at=record.completed_at,
        completed_by=record.completed_by,
        form=None if definition is None else form_of(definition, record.element_id),
    )


def inbox_task(entry: InboxEntry) -> schemas.InboxTask:
    return schemas.InboxTask(
        **task(entry.task).model_dump(),
        receipt_number=entry.receipt_number,
        process_name=entry.process_name,
    )


def summary(record: InstanceRecord) -> schemas.InstanceSummary:
    return schemas.InstanceSummary(
        id=record.id,
        status=record.status,
        receipt_number=record.receipt_number,
        created_at=record.created_at,
        updated_at=record.updated_at,
        completed_at=record.completed_at,
    )


def started(case: Started) -> schemas.Started:
    """A case just started, with the resident's secret (shown this once)."""
    return schemas.Started(
        id=case.instance.id,
        status=case.instance.status,
        receipt_number=case.instance.receipt_number,
        access_token=case.access_token,
        ready_tasks=[task(t, case.definition) for t in case.ready],
    )


def instance(view: InstanceView) -> schemas.Instance:
    record, definition = view.instance, view.definition
    all_tasks = [task(t, definition) for t in view.tasks]
    return schemas.Instance(
        id=record.id,
        status=record.status,
        receipt_number=record.receipt_number,
        process=definition.key,
        version=definition.version,
        data=view.data,
        ready_tasks=[t for t in all_tasks if t.status == "ready"],
        tasks=all_tasks,
        history=[
            schemas.Event(
                at=e.at,
                actor=e.actor,
                action=e.action,
                task_id=e.task_id,
                element_id=e.element_id,
                detail=e.detail,
            )
            for e in view.history
        ],
        completed_elements=list(view.completed_elements),
        active_elements=list(view.active_elements),
        error=record.error,
        created_at=record.created_at,
        updated_at=record.updated_at,
        completed_at=record.completed_at,
    )
