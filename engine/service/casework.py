"""What staff read about a case and a task, and the correction request (補正要求).

``Casework`` reads; every change of state goes through ``engine.service.cases.Cases``.
A case page shows the case's record, data, tasks, audit history and where it stands on its
diagram (``engine.runtime.trail_of``). A task's correction capability is read from the
deployed BPMN model once per definition version (versions never change) and cached.

Who may do what (handbook decision 0010): any signed-in staff user may read any case;
acting on a task (claim, complete, request a correction) is bound to the task's lane.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Final

from engine.errors import InputError, MachiflowError
from engine.model.elements import Definitions, FlowNode, Process
from engine.runtime import Execution, Trail, trail_of
from engine.service.cases import Cases, VersionSpecs, form_of
from engine.service.comparisons import load_version
from engine.service.principals import (
    RESIDENT_ACTOR,
    ForbiddenError,
    Principal,
    Staff,
    may_work,
    require_staff,
)
from engine.store import (
    AuditRecord,
    AuditRepository,
    Database,
    DefinitionRecord,
    DefinitionRepository,
    InstanceRecord,
    InstanceRepository,
    TaskRecord,
    TaskRepository,
    TaskStatus,
)

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

REASON_FIELD: Final = "correction_reason"
DUE_FIELD: Final = "correction_due"
MAX_REASON: Final = 2000
# ``name == "value"`` or ``name == 'value'``: the condition of a correction path.
_CONDITION: Final = re.compile(r"""^\s*([A-Za-z_]\w*)\s*==\s*(["'])([^"'\\]*)\2\s*$""")
# Nodes a correction path may pass between the gateway and the resident's task.
_PASS_THROUGH: Final = frozenset(
    {
        "scriptTask",
        "sendTask",
        "serviceTask",
        "intermediateThrowEvent",
        "exclusiveGateway",
        "parallelGateway",
        "inclusiveGateway",
    }
)
_MAX_HOPS: Final = 8


class CorrectionUnavailableError(InputError):
    """The task's model has no way back to the resident (no 補正 path)."""

    def __init__(self, *, task: str) -> None:
        super().__init__("staff.correction-unavailable", task=task)


class CorrectionInvalidError(InputError):
    """The correction request lacks a reason or has an unusable deadline."""

    def __init__(self, *, task: str, problems: list[str]) -> None:
        super().__init__("staff.correction-invalid", task=task, problems=problems)


@dataclass(frozen=True, slots=True)
class Correction:
    """How a staff task sends the case back: complete it with ``{variable: value}``."""

    variable: str
    value: str
    resident_task: str  # element id of the resident's task the path leads to
    resident_task_name: str


@dataclass(frozen=True, slots=True)
class Model:
    """A deployed version's BPMN model, read once: what pages need of it."""

    document: Definitions | None
    process_id: str | None
    names: dict[str, str]  # element id -> name (or id)
    labels: dict[str, str]  # data field -> the title its forms give it
    corrections: dict[str, Correction | None] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class CaseFile:
    """Everything the case page shows."""

    record: InstanceRecord
    definition: DefinitionRecord
    model: Model
    data: dict[str, Any]
    tasks: list[TaskRecord]
    history: list[AuditRecord]
    trail: Trail
    highlight: dict[str, str]  # element id -> engine.render state

    @property
    def open_tasks(self) -> list[TaskRecord]:
        return [t for t in self.tasks if t.status == TaskStatus.READY]


@dataclass(frozen=True, slots=True)
class TaskFile:
    """Everything the task page shows, and what the signed-in user may do on it."""

    task: TaskRecord
    record: InstanceRecord
    definition: DefinitionRecord
    model: Model
    data: dict[str, Any]
    form: dict[str, Any] | None  # {"schema", "ui_schema", ...} of the deployed task
    correction: Correction | None
    staff: Staff

    @property
    def is_open(self) -> bool:
        return self.task.status == TaskStatus.READY

    @property
    def held_by_other(self) -> str | None:
        """Who else holds the task (claimed it), if anyone."""
        assignee = self.task.assignee
        return assignee if assignee not in {None, self.staff.name} else None

    @property
    def may_act(self) -> bool:
        """Open, and not held by someone else (an admin may take over)."""
        return self.is_open and (self.held_by_other is None or self.staff.is_admin)


def may_act_on(staff: Staff, task: TaskRecord, definition: DefinitionRecord) -> bool:
    """Acting is lane-bound: ``admin``, a role equal to the lane, or a task in no lane."""
    return may_work(staff, lane=task.lane, access_token_hash=None, meta=definition.meta)


class Casework:
    """Reads for the staff pages over one database; caches what never changes."""

    def __init__(self, db: Database, specs: VersionSpecs | None = None) -> None:
        self.db = db
        self._specs = specs or VersionSpecs()  # the server's Cases share theirs
        self._models: dict[int, Model] = {}
        self._lock = threading.Lock()

    # --- reads -----------------------------------------------------------------------------
    def case(self, instance_id: str, principal: Principal) -> CaseFile:
        """The case page: any staff user may read any case."""
        require_staff(principal)
        with self.db.reader() as session:
            record, state = InstanceRepository(session).load(instance_id)
            definition = DefinitionRepository(session).get(record.definition_id)
            model = self._model(session, definition)
            execution = self._execution(session, definition, state)
            tasks = TaskRepository(session).for_instance(instance_id)
            history = AuditRepository(session).for_instance(instance_id)
        data = execution.data if execution else {}
        trail = trail_of(execution) if execution else Trail((), (), ())
        return CaseFile(
            record=record,
            definition=definition,
            model=model,
            data=data,
            tasks=tasks,
            history=history,
            trail=trail,
            highlight=highlight(model, trail, record.error),
        )

    def task(self, task_id: str, principal: Principal) -> TaskFile:
        """The task page: only for staff who may act in the task's lane (else 403)."""
        staff = require_staff(principal)
        with self.db.reader() as session:
            task = TaskRepository(session).get(task_id)
            record, state = InstanceRepository(session).load(task.instance_id)
            definition = DefinitionRepository(session).get(record.definition_id)
            if not may_act_on(staff, task, definition):
                raise ForbiddenError("auth.lane-forbidden", lane=task.lane or "")
            model = self._model(session, definition)
            execution = self._execution(session, definition, state)
        return TaskFile(
            task=task,
            record=record,
            definition=definition,
            model=model,
            data=execution.data if execution else {},
            form=form_of(definition.meta, task.element_id),
            correction=self._correction(model, task.element_id),
            staff=staff,
        )

    # --- the correction request ------------------------------------------------------------
    def request_correction(
        self,
        cases: Cases,
        task_id: str,
        *,
        reason: str,
        due: date | None,
        principal: Principal,
        today: date,
    ) -> InstanceRecord:
        """補正要求: complete the staff task with the correction variables (lane-bound)."""
        found = self.task(task_id, principal)  # 403 outside the lane
        correction = found.correction
        if correction is None:
            raise CorrectionUnavailableError(task=task_id)
        problems = correction_problems(reason, due, today=today)
        if problems or due is None:
            raise CorrectionInvalidError(task=task_id, problems=problems)
        answers = {
            correction.variable: correction.value,
            REASON_FIELD: reason.strip(),
            DUE_FIELD: due.isoformat(),
        }
        return cases.complete(task_id, answers, principal)

    # --- internals -------------------------------------------------------------------------
    def _execution(
        self, session: Session, definition: DefinitionRecord, state: str
    ) -> Execution | None:
        if not definition.meta.get("executable") or not state:
            return None
        return Execution.from_state(self._specs.get(session, definition.id), state)

    def end_event_names(self, definition: DefinitionRecord) -> dict[str, str]:
        """Element id -> name of the end events of a version's main model: the result
        words of a finished case. Read with the model, once per version."""
        model = self._models.get(definition.id)
        if model is None:
            try:
                with self.db.reader() as session:
                    model = self._model(session, definition)
            except MachiflowError:  # no model file: no result words (tried again next time)
                return {}
        if model.document is None:
            return {}
        return {
            node.id: node.name
            for process in model.document.processes.values()
            for node in process.nodes.values()
            if node.kind == "endEvent" and node.name
        }

    def _model(self, session: Session, definition: DefinitionRecord) -> Model:
        model = self._models.get(definition.id)
        if model is None:
            model = read_model(session, definition)
            with self._lock:
                model = self._models.setdefault(definition.id, model)
        return model

    def _correction(self, model: Model, element_id: str) -> Correction | None:
        if element_id not in model.corrections:
            found = None
            if model.document is not None:
                found = correction_path(model.document, element_id, model.names)
            with self._lock:
                model.corrections.setdefault(element_id, found)
        return model.corrections[element_id]


def correction_problems(reason: str, due: date | None, *, today: date) -> list[str]:
    """What is wrong with a correction request: ``reason.missing``, ``reason.too-long``,
    ``due.missing``, ``due.past`` (the keys the page words its field errors by)."""
    problems = []
    text = reason.strip()
    if not text:
        problems.append("reason.missing")
    elif len(text) > MAX_REASON:
        problems.append("reason.too-long")
    if due is None:
        problems.append("due.missing")
    elif due < today:
        problems.append("due.past")
    return problems


def read_model(session: Session, definition: DefinitionRecord) -> Model:
    """The deployed model of ``definition`` with element names and form field titles."""
    labels = field_labels(definition.meta)
    try:
        variant = load_version(session, definition)
    except InputError:  # a stored model that no longer reads: the page shows no diagram
        return Model(None, None, {}, labels)
    document = variant.document
    names = {
        node.id: node.label
        for process in document.processes.values()
        for node in process.nodes.values()
    }
    return Model(document, variant.process, names, labels)


def field_labels(meta: Mapping[str, Any]) -> dict[str, str]:
    """Data field -> its title in the procedure's forms (first title wins; nested fields as
    ``parent/child``)."""
    labels: dict[str, str] = {}
    for task in meta.get("tasks") or []:
        form = task.get("form") if isinstance(task, dict) else None
        schema = form.get("schema") if isinstance(form, dict) else None
        if isinstance(schema, dict):
            for path, title in _titles(schema, ""):
                labels.setdefault(path, title)
    return labels


def _titles(schema: Mapping[str, Any], prefix: str) -> Iterator[tuple[str, str]]:
    properties = schema.get("properties")
    if not isinstance(properties, dict):
        return
    for name, sub in properties.items():
        if not isinstance(sub, dict):
            continue
        path = f"{prefix}{name}"
        title = sub.get("title")
        if isinstance(title, str) and title.strip():
            yield path, title.strip()
        if sub.get("type") == "object":
            yield from _titles(sub, f"{path}/")


def highlight(model: Model, trail: Trail, error: Mapping[str, Any] | None) -> dict[str, str]:
    """States to draw: passed elements and the flows between them ``done``, current ones
    ``active``, the element a failure stopped at ``error``."""
    marks = dict.fromkeys(trail.passed, "done")
    marks.update(dict.fromkeys(trail.current, "active"))
    failed = (error or {}).get("element")
    if isinstance(failed, str) and failed:
        marks[failed] = "error"
    if model.document is not None:
        reached = set(trail.completed) | set(trail.current)
        for process in model.document.processes.values():
            for flow in process.flows.values():
                if flow.source_id in trail.completed and flow.target_id in reached:
                    marks.setdefault(flow.id, "done")
    return marks


def correction_path(
    document: Definitions, element_id: str, names: Mapping[str, str]
) -> Correction | None:
    """The correction path of staff task ``element_id`` per the shared convention: its
    outgoing flow reaches an exclusive gateway with a flow ``name == "value"`` that leads
    to a user task in a resident lane."""
    for process in document.processes.values():
        node = process.nodes.get(element_id)
        if node is None:
            continue
        for flow_id in node.outgoing:
            gateway = process.nodes.get(process.flows[flow_id].target_id)
            if gateway is None or gateway.kind != "exclusiveGateway":
                continue
            for out_id in gateway.outgoing:
                out = process.flows[out_id]
                match = _CONDITION.match(out.condition or "")
                resident = _resident_task(process, out.target_id) if match else None
                if match and resident is not None:
                    return Correction(
                        variable=match.group(1),
                        value=match.group(3),
                        resident_task=resident.id,
                        resident_task_name=names.get(resident.id, resident.id),
                    )
    return None


def _resident_task(process: Process, start: str) -> FlowNode | None:
    """The first user task from ``start`` through automatic steps, if in a resident lane
    (a named one: a task in an unnamed lane has no lane a resident may work)."""
    lanes = {lane.id: lane for lane in process.all_lanes()}
    seen: set[str] = set()
    todo = [start]
    for _ in range(_MAX_HOPS):
        if not todo:
            break
        following: list[str] = []
        for node_id in todo:
            node = process.nodes.get(node_id)
            if node is None or node_id in seen:
                continue
            seen.add(node_id)
            if node.kind == "userTask":
                lane = lanes.get(node.lane_id or "")
                if lane is not None and lane.name and lane.actor == RESIDENT_ACTOR:
                    return node
            elif node.kind in _PASS_THROUGH:
                following += [process.flows[f].target_id for f in node.outgoing]
        todo = following
    return None
