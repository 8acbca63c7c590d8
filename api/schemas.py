"""The HTTP contract: request and response bodies of the JSON API."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Final

from pydantic import AfterValidator, BaseModel, Field


def _storable(text: str) -> str:
    text.encode("utf-8")  # a lone surrogate ("\ud800" in JSON) raises UnicodeEncodeError
    return text


# Free text kept as it is given: UTF-8 must hold it (a ValueError becomes a 400 with loc).
Text = Annotated[str, AfterValidator(_storable)]

# The largest number a query parameter may give (versions, offsets): a 32-bit INTEGER.
# Larger ones would overflow in the database; they are malformed requests (400).
MAX_INT: Final = 2**31 - 1


class Finding(BaseModel):
    file: str
    line: int | None
    element_id: str | None
    code: str
    severity: str
    message: str


class DeployedVersion(BaseModel):
    key: str
    version: int
    created: bool = Field(description="False when the same files were deployed before")


class Deployment(BaseModel):
    key: str
    version: int
    created: bool
    executable: bool
    deployed: list[DeployedVersion]
    findings: list[Finding] = Field(description="warnings; errors refuse the deployment")


class Lane(BaseModel):
    id: str
    name: str | None
    actor: str


class Version(BaseModel):
    version: int
    content_hash: str
    deployed_at: datetime
    deployed_by: str


class Process(BaseModel):
    key: str
    version: int
    name: str
    procedure: str
    variant: str
    area: str | None
    executable: bool
    open_to_residents: bool
    lanes: list[Lane]
    deployed_at: datetime


class ProcessDetail(Process):
    versions: list[Version]
    tasks: list[dict[str, Any]] = Field(description="human tasks with their lane and form")
    files: list[str]


class StartRequest(BaseModel):
    data: dict[str, Any] = Field(default_factory=dict)


class Task(BaseModel):
    id: str
    instance_id: str
    element_id: str
    name: str
    lane: str | None
    status: str
    assignee: str | None
    due_at: datetime | None
    created_at: datetime
    completed_at: datetime | None = None
    completed_by: str | None = None
    form: dict[str, Any] | None = None


class InboxTask(Task):
    receipt_number: str
    process_name: str


class Started(BaseModel):
    id: str
    status: str
    receipt_number: str
    access_token: str = Field(description="the resident's secret for this case; shown once")
    ready_tasks: list[Task]


class Event(BaseModel):
    at: datetime
    actor: str
    action: str
    task_id: str | None
    element_id: str | None
    detail: dict[str, Any] | None


class Instance(BaseModel):
    id: str
    status: str
    receipt_number: str
    process: str
    version: int
    data: dict[str, Any]
    ready_tasks: list[Task]
    tasks: list[Task]
    history: list[Event]
    completed_elements: list[str]
    active_elements: list[str]
    error: dict[str, Any] | None
    created_at: datetime
    updated_at: datetime
    completed_at: datetime | None


class InstanceSummary(BaseModel):
    id: str
    status: str
    receipt_number: str
    created_at: datetime
    updated_at: datetime
    completed_at: datetime | None


class CompleteRequest(BaseModel):
    data: dict[str, Any] = Field(default_factory=dict)


class MessageRequest(BaseModel):
    payload: Any = None


class WithdrawRequest(BaseModel):
    reason: Text | None = None
