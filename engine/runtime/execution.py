"""One running instance: start, restore, step, complete tasks, deliver messages, fire timers.

Every command is one engine step: it runs inside ``time_limit(step_seconds)`` with the
restricted script engine, and either finishes with plain JSON task data or raises a typed
error. After an error the ``Execution`` must be dropped and the state saved before the step
restored: SpiffWorkflow leaves partial effects (a task in ERROR, half-run scripts) behind.
"""

from __future__ import annotations

import copy
import json
import time
import uuid
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Final, Literal, TypeVar

from engine.errors import (
    InvalidDataError,
    MessageNotExpectedError,
    ReservedKeyError,
    StateError,
    TaskFailedError,
    TaskNotFoundError,
    TaskNotReadyError,
)
from engine.runtime import data as task_data
from engine.runtime.failures import task_failure
from engine.runtime.library import (
    SCRIPT_ENGINE,
    BoundaryEventSplit,
    BpmnEvent,
    DeepMerge,
    TaskState,
    Workflow,
    WorkflowException,
    restore_order,
    restore_state,
    state_dict,
    timer_due,
)
from engine.runtime.sandbox import time_limit
from engine.runtime.specs import Spec

DEFAULT_STEP_SECONDS: Final = 2.0
# Engine passes per command: a timer that fires at the end of one pass interrupts its task
# only in the next, so passes repeat while timers fire (bounded, to be safe).
MAX_PASSES: Final = 100
_HUMAN_KINDS: Final = {"UserTask": "userTask", "ManualTask": "manualTask", "NoneTask": "task"}
_ACTIVE: Final = TaskState.READY | TaskState.WAITING | TaskState.STARTED

Status = Literal["running", "completed", "error"]
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class ReadyTask:
    """A task waiting for a person. ``data`` is a copy: change it through ``complete``."""

    id: str  # SpiffWorkflow task id (uuid); stable across save and restore
    element_id: str
    process_id: str
    name: str | None
    kind: str  # userTask, manualTask or task
    lane: str | None
    form: str | None  # the form's source (schema file or "camunda:formData"), if any
    data: dict[str, Any]
    # The soonest timer on the task's boundary or on an activity enclosing it: the deadline
    # the model sets for this work (e.g. a 14-day correction limit, §24's 14/30 days).
    due_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class PendingTimer:
    """A timer the instance waits on; fire it by calling ``advance()`` once it is due."""

    task_id: str
    element_id: str
    process_id: str
    due_at: datetime  # timezone-aware UTC


@dataclass(frozen=True, slots=True)
class SentMessage:
    """A message the instance threw that nothing inside it caught (for other instances)."""

    name: str
    payload: Any


@dataclass(frozen=True, slots=True)
class Progress:
    """Element ids for the case diagram: done (in order of completion) and current."""

    completed: tuple[str, ...]
    active: tuple[str, ...]


def start(
    spec: Spec,
    data: Mapping[str, Any] | None = None,
    *,
    step_seconds: float = DEFAULT_STEP_SECONDS,
    advance: bool = True,
) -> Execution:
    """A new instance of ``spec`` with ``data``, run up to its first wait (unless told not)."""
    return Execution.start(spec, data, step_seconds=step_seconds, advance=advance)


class Execution:
    """A SpiffWorkflow workflow behind typed, JSON-only commands and queries."""

    def __init__(
        self, spec: Spec, workflow: Any, *, step_seconds: float = DEFAULT_STEP_SECONDS
    ) -> None:
        self.spec = spec
        self.step_seconds = step_seconds
        self._workflow = workflow
        self._current: Any = None  # the task the engine is running, for error reports
        self._failed = False
        # Answers that only a command can change, kept until the next one: the service asks
        # for the data and the status several times around each command, and each answer
        # otherwise walks the task tree (and copies the data) again.
        self._completed: bool | None = None
        self._data_text: str | None = None

    # --- creating ------------------------------------------------------------------------
    @classmethod
    def start(
        cls,
        spec: Spec,
        data: Mapping[str, Any] | None = None,
        *,
        step_seconds: float = DEFAULT_STEP_SECONDS,
        advance: bool = True,
    ) -> Execution:
        initial = _checked(data or {}, "data")
        try:
            workflow = Workflow(spec.top, dict(spec.subprocesses), script_engine=SCRIPT_ENGINE)
        except Exception as exc:  # a spec the library cannot start (checked ones can)
            raise task_failure(exc, step_seconds=step_seconds) from exc
        workflow.task_tree.data.update(initial)
        execution = cls(spec, workflow, step_seconds=step_seconds)
        if advance:
            execution.advance()
        return execution

    @classmethod
    def from_state(
        cls,
        spec: Spec,
        state: str | bytes | Mapping[str, Any],
        *,
        step_seconds: float = DEFAULT_STEP_SECONDS,
    ) -> Execution:
        """Restore a ``state_json()`` (text or dict) around the shared ``spec``."""
        try:
            dct = json.loads(state if isinstance(state, str | bytes) else json.dumps(state))
        except (TypeError, ValueError) as exc:
            raise StateError(detail=f"the state is not JSON: {exc}") from exc
        if not isinstance(dct, dict) or "tasks" not in dct or "serializer_version" not in dct:
            raise StateError(detail="not a saved workflow state")
        try:
            workflow = restore_state(dct, spec.top, dict(spec.subprocesses))
        except Exception as exc:  # the library raises whatever a bad dict provokes
            raise StateError(detail=f"{type(exc).__name__}: {exc}") from exc
        return cls(spec, workflow, step_seconds=step_seconds)

    # --- queries ---------------------------------------------------------------------------
    @property
    def status(self) -> Status:
        if self._failed or any(t.state == TaskState.ERROR for t in self._tasks()):
            return "error"
        return "completed" if self._is_completed() else "running"

    @property
    def data(self) -> dict[str, Any]:
        """The instance's data: the final data once completed, else the newest task's."""
        data: dict[str, Any] = json.loads(self.data_json())
        return data

    def data_json(self) -> str:
        """``data`` as compact JSON text (``ensure_ascii=False``, no spaces), made once per
        command: to store or compare it without another copy."""
        if self._data_text is None:
            workflow = self._workflow
            if self._is_completed():
                source = workflow.data
            elif workflow.last_task is not None:
                source = _newest_element_task(workflow.last_task).data
            else:
                source = workflow.task_tree.data
            plain = {k: v for k, v in source.items() if k != "data_objects"}
            self._data_text = json.dumps(plain, ensure_ascii=False, separators=(",", ":"))
        return self._data_text

    def _is_completed(self) -> bool:
        if self._completed is None:
            self._completed = bool(self._workflow.is_completed())
        return self._completed

    def ready_tasks(self) -> list[ReadyTask]:
        """Tasks people can complete now, in the engine's order."""
        ready = self._workflow.get_tasks(state=TaskState.READY, manual=True)
        return [self._ready_task(task) for task in ready]

    def _ready_task(self, task: Any) -> ReadyTask:
        task_spec = task.task_spec
        process_id = str(task.workflow.spec.name)
        element_id = str(task_spec.bpmn_id or task_spec.name)
        return ReadyTask(
            id=str(task.id),
            element_id=element_id,
            process_id=process_id,
            name=task_spec.bpmn_name,
            kind=_HUMAN_KINDS.get(type(task_spec).__name__, "task"),
            lane=task_spec.lane,
            form=self.spec.forms.get(f"{process_id}/{element_id}"),
            data=_copy(task.data),
            due_at=self._deadline(task),
        )

    def _deadline(self, task: Any) -> datetime | None:
        """The soonest pending boundary timer on ``task`` or on a sub-process holding it."""
        dues: list[datetime] = []
        current = task
        while current is not None:
            parent = current.parent
            if parent is not None and isinstance(parent.task_spec, BoundaryEventSplit):
                for sibling in parent.children:
                    due = None if sibling is current else timer_due(sibling)
                    if due is not None and sibling.state == TaskState.WAITING:
                        dues.append(due)
            holder = current.workflow.parent_task_id
            current = None if holder is None else self._workflow.get_task_from_id(holder)
        return min(dues, default=None)

    def timers(self) -> list[PendingTimer]:
        """Timers the instance waits on, soonest first."""
        found = []
        for task in self._workflow.event_manager.tasks.values():
            due = timer_due(task)
            if due is not None:
                found.append(
                    PendingTimer(
                        task_id=str(task.id),
                        element_id=str(task.task_spec.bpmn_id or task.task_spec.name),
                        process_id=str(task.workflow.spec.name),
                        due_at=due.astimezone(UTC),
                    )
                )
        return sorted(found, key=lambda t: t.due_at)

    def next_due(self) -> datetime | None:
        timers = self.timers()
        return timers[0].due_at if timers else None

    def waiting_messages(self) -> list[str]:
        """Names of the messages the instance can receive now."""
        names: list[str] = []
        for task in self._workflow.event_manager.tasks.values():
            definition = task.task_spec.event_definition
            for single in [definition, *(getattr(definition, "event_definitions", None) or ())]:
                name = getattr(single, "name", None)
                if "Message" in type(single).__name__ and name and name not in names:
                    names.append(str(name))
        return names

    def progress(self) -> Progress:
        """Done and current elements. Tasks are visited in the order a restore rebuilds them
        (``restore_order``), so a live instance answers exactly as its saved state would."""
        completed: list[tuple[float, str]] = []
        active: list[str] = []
        for task in restore_order(self._workflow):
            element_id = getattr(task.task_spec, "bpmn_id", None)
            if element_id is None:
                continue
            if task.state == TaskState.COMPLETED:
                completed.append((task.last_state_change, str(element_id)))
            elif task.state & _ACTIVE:
                active.append(str(element_id))
        done = [element for _, element in sorted(completed, key=lambda pair: pair[0])]
        return Progress(tuple(dict.fromkeys(done)), tuple(dict.fromkeys(active)))

    def state_json(self) -> dict[str, Any]:
        """The state to save: JSON-safe, without the spec, with ``serializer_version``."""
        return state_dict(self._workflow)

    def take_messages(self) -> list[SentMessage]:
        """Messages thrown that nothing in this instance caught; each is returned once."""
        return [
            SentMessage(str(event.event_definition.name), _copy(event.payload))
            for event in self._workflow.get_events()
        ]

    # --- commands ----------------------------------------------------------------------
    def advance(self) -> None:
        """Fire due timers and run everything automatic until people or time are needed."""
        self._step(self._run_engine)

    def complete(self, task_id: str, data: Mapping[str, Any] | None = None) -> None:
        """Complete a ready human task with form answers ``data`` (merged into its data),
        then run on. Raises ``TaskNotFoundError``, ``TaskNotReadyError``, ``InvalidDataError``,
        ``ReservedKeyError``.
        """
        task = self._find(task_id)
        answers = _checked(data or {}, "data")
        self._ensure_ready(task, task_id)

        def run() -> None:
            self._fire_due_timers()  # a due boundary timer may take the task away first
            self._ensure_ready(task, task_id)
            self._current = task
            merge = getattr(task.task_spec, "add_data_from_form", None)
            if merge is not None:
                merge(task, answers)
            else:
                DeepMerge.merge(task.data, answers)
            task.run()
            self._run_engine()

        self._step(run)

    def send_message(self, name: str, payload: Any = None) -> None:
        """Deliver the message ``name`` to the event or receive task waiting for it.

        The payload goes to the variable the model names (``spiffworkflow:messageVariable``)
        or, when it names none and the payload is a dict, is merged into the task's data.
        Raises ``MessageNotExpectedError`` when nothing waits for the message.
        """
        definition = self.spec.messages.get(name)
        if definition is None:
            raise MessageNotExpectedError(message=name)
        content = _checked({"payload": payload}, "message")["payload"]
        event = BpmnEvent(definition, content)

        def deliver() -> None:
            self._fire_due_timers()
            catchers = [
                task
                for task in self._workflow.event_manager.tasks.values()
                if task.task_spec.catches(task, event)
            ]
            for task in catchers:
                variable = getattr(task.task_spec.event_definition, "message_var", None)
                if variable is None and isinstance(content, dict):
                    DeepMerge.merge(task.data, _copy(content))
            try:
                self._workflow.send_event(event)
            except WorkflowException as exc:
                raise MessageNotExpectedError(message=name) from exc
            self._run_engine()

        self._step(deliver)

    # --- internals ---------------------------------------------------------------------
    def _run_engine(self) -> None:
        workflow = self._workflow
        workflow.refresh_timers()
        for _ in range(MAX_PASSES):
            workflow.timers_fired = False
            workflow.do_engine_steps(will_complete_task=self._running)
            if not workflow.timers_fired:
                return

    def _fire_due_timers(self) -> None:
        """Before acting on a task or message: a timer due now may change what waits."""
        workflow = self._workflow
        workflow.timers_fired = False
        workflow.refresh_timers()
        if workflow.timers_fired:
            self._run_engine()

    def _running(self, task: Any) -> None:
        self._current = task

    def _step(self, body: Callable[[], T]) -> T:
        started = time.time()
        self._current = None
        self._forget()  # nothing in the step reads them, so nothing keeps a stale answer
        try:
            with time_limit(self.step_seconds):
                result = body()
        except (TaskNotReadyError, MessageNotExpectedError):
            raise  # refused; only due timers ran, and that state is consistent
        except Exception as exc:
            self._failed = True
            error = task_failure(exc, current=self._current, step_seconds=self.step_seconds)
            if error is exc:
                raise
            raise error from exc
        self._clean_data(started)
        return result

    def _forget(self) -> None:
        """Drop the answers kept since the last command (the workflow is about to change)."""
        self._completed = None
        self._data_text = None

    def _clean_data(self, since: float) -> None:
        """Make the data of every task the step touched plain JSON (sets, dates, tuples)."""
        # Oldest change first: the first task holding a bad value is the one that made it.
        touched = sorted(
            (task for task in self._tasks() if task.last_state_change >= since),
            key=lambda task: task.last_state_change,
        )
        for task in touched:
            problem = task_data.clean(task.data)
            if problem is not None:
                self._unsavable(task, problem)
        for workflow in self._workflows():
            problem = task_data.clean(workflow.data)
            if problem is not None:
                self._unsavable(workflow.last_task, problem)

    def _unsavable(self, task: Any, problem: task_data.Problem) -> None:
        self._failed = True
        task_spec = getattr(task, "task_spec", None)
        element = str(getattr(task_spec, "bpmn_id", None) or getattr(task_spec, "name", "-"))
        name = getattr(task_spec, "bpmn_name", None)
        if isinstance(problem, task_data.ReservedKey):
            raise TaskFailedError(
                "runtime.data-reserved-key", element=element, name=name, variable=problem.path
            )
        raise TaskFailedError(
            "runtime.data-not-json",
            element=element,
            name=name,
            variable=problem.path,
            kind=problem.kind,
        )

    def _workflows(self) -> Iterator[Any]:
        yield self._workflow
        yield from self._workflow.subprocesses.values()

    def _tasks(self) -> Iterator[Any]:
        for workflow in self._workflows():
            yield from workflow.tasks.values()

    def _find(self, task_id: str) -> Any:
        try:
            key = uuid.UUID(task_id)
        except (TypeError, ValueError, AttributeError):
            raise TaskNotFoundError(task=str(task_id)) from None
        for workflow in self._workflows():
            task = workflow.tasks.get(key)
            if task is not None:
                return task
        raise TaskNotFoundError(task=task_id)

    @staticmethod
    def _ensure_ready(task: Any, task_id: str) -> None:
        if not task.task_spec.manual or task.state != TaskState.READY:
            raise TaskNotReadyError(
                task=task_id,
                element=str(getattr(task.task_spec, "bpmn_id", None) or task.task_spec.name),
                state=TaskState.get_name(task.state),
            )


def _newest_element_task(last: Any) -> Any:
    """The newest completed task of a BPMN element. The library's own bookkeeping tasks
    (a boundary event's join, say) can complete last with data of a branch that was
    cancelled: after an interrupting timer, the join holds the data from before it fired."""
    if getattr(last.task_spec, "bpmn_id", None) is not None:
        return last
    done = [
        task
        for task in last.workflow.get_tasks(state=TaskState.COMPLETED)
        if getattr(task.task_spec, "bpmn_id", None) is not None
    ]
    return max(done, key=lambda task: task.last_state_change, default=last)


def _copy(value: T) -> T:
    """A deep copy of plain JSON data (faster than ``copy.deepcopy``)."""
    copied: T = json.loads(json.dumps(value))
    return copied


def _checked(value: Mapping[str, Any], what: str) -> dict[str, Any]:
    """A JSON-only copy of data coming in, or ``InvalidDataError`` naming the bad value.

    Sets, tuples and dates are converted as they are in task data; anything else JSON
    cannot hold as itself is refused, and so is a ``"typename"`` key (``ReservedKeyError``),
    which would save but never restore.
    """
    if not isinstance(value, Mapping):
        raise InvalidDataError(path=what, kind=type(value).__name__)
    copied = copy.deepcopy(dict(value))
    problem = task_data.clean(copied)
    if isinstance(problem, task_data.ReservedKey):
        raise ReservedKeyError(path=f"{what}.{problem.path}")
    if problem is not None:
        raise InvalidDataError(path=f"{what}.{problem.path}", kind=problem.kind)
    return copied


__all__ = [
    "DEFAULT_STEP_SECONDS",
    "Execution",
    "PendingTimer",
    "Progress",
    "ReadyTask",
    "SentMessage",
    "Status",
    "start",
]
