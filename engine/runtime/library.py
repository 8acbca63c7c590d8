"""SpiffWorkflow 3.2.0 behind one door: parser, serializer, script engine and its clock.

Everything the runtime needs from the library is imported here, so the version-specific
details sit in one module: which serializer configuration spiff specs need, how a state is
stored without its spec, and how the timer code is pointed at ``engine.runtime.clock``.
The library is untyped; values from it are ``Any`` and stay inside ``engine.runtime``.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import UTC, date, datetime, tzinfo
from typing import Any, Final, TypeVar
from uuid import UUID

import SpiffWorkflow
from SpiffWorkflow.bpmn import BpmnEvent, BpmnWorkflow
from SpiffWorkflow.bpmn.parser.ValidationException import ValidationException
from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine
from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer
from SpiffWorkflow.bpmn.serializer.default.workflow import (
    BpmnSubWorkflowConverter,
    BpmnWorkflowConverter,
)
from SpiffWorkflow.bpmn.specs.control import BoundaryEventSplit, _EndJoin
from SpiffWorkflow.bpmn.specs.event_definitions import timer as timer_module
from SpiffWorkflow.bpmn.specs.event_definitions.timer import TimerEventDefinition
from SpiffWorkflow.bpmn.specs.mixins.events.event_types import CatchingEvent
from SpiffWorkflow.bpmn.specs.mixins.events.start_event import StartEvent
from SpiffWorkflow.bpmn.specs.mixins.multiinstance_task import LoopTask
from SpiffWorkflow.bpmn.util.subworkflow import BpmnSubWorkflow
from SpiffWorkflow.exceptions import SpiffWorkflowException, WorkflowException
from SpiffWorkflow.spiff.parser.process import VALIDATOR, SpiffBpmnParser
from SpiffWorkflow.spiff.serializer.config import SPIFF_CONFIG
from SpiffWorkflow.task import Task
from SpiffWorkflow.util.deep_merge import DeepMerge
from SpiffWorkflow.util.task import TaskIterator, TaskState
from SpiffWorkflow.workflow import Workflow as BaseWorkflow

from engine.runtime import clock
from engine.runtime.sandbox import RestrictedEnvironment

__all__ = [
    "LIBRARY_VERSION",
    "REGISTRY",
    "SCRIPT_ENGINE",
    "SERIALIZER",
    "SERIALIZER_VERSION",
    "VALIDATOR",
    "BoundaryEventSplit",
    "BpmnEvent",
    "DeepMerge",
    "SpiffBpmnParser",
    "SpiffWorkflowException",
    "TaskState",
    "ValidationException",
    "Workflow",
    "WorkflowException",
    "new_parser",
    "restore_order",
    "restore_state",
    "state_dict",
    "timer_due",
]

LIBRARY_VERSION: Final = "3.2.0"
if SpiffWorkflow.__version__ != LIBRARY_VERSION:  # pragma: no cover - guarded by the pin
    raise ImportError(
        f"engine.runtime is written for SpiffWorkflow {LIBRARY_VERSION}, "
        f"found {SpiffWorkflow.__version__}: the clock seam and the state format rely on it"
    )

K = TypeVar("K")
V = TypeVar("V")


# --- the clock ---------------------------------------------------------------------------
class ClockDatetime(datetime):
    """``datetime`` whose ``now()`` is the runtime clock; the timer module sees this one.

    SpiffWorkflow's timer code calls ``datetime.now(timezone.utc)`` directly (no injection),
    so its module-level name ``datetime`` is replaced. Everything else about the class is
    the standard one (``fromisoformat``, arithmetic, comparisons).
    """

    @classmethod
    def now(cls, tz: tzinfo | None = None) -> Any:
        current = clock.now()
        if tz is None:
            return current.astimezone().replace(tzinfo=None)
        return current.astimezone(tz)

    @classmethod
    def today(cls) -> Any:
        return cls.now()


class ClockDate(date):
    """``date`` whose ``today()`` is the runtime clock's day in the server's zone.

    Scripts compute deadlines from it (a 補正 due date 14 days on); with the wall clock
    they would disagree with timers armed on the runtime clock.
    """

    @classmethod
    def today(cls) -> Any:
        return clock.now().astimezone().date()


def install_clock() -> None:
    """Point SpiffWorkflow's timers at ``engine.runtime.clock`` (done once, on import)."""
    timer_module.datetime = ClockDatetime


install_clock()


# --- event sub-processes that never started ---------------------------------------------
# SpiffWorkflow 3.2.0 connects an event sub-process with a timer (or none) start event from
# the process's start to its end join, so the end join waits for it: a process (or embedded
# sub-process) whose flow has ended stays open until the timer fires, and then runs the
# event sub-process after the fact (an interrupting "no decision within 30 days" would
# reject a case decided long ago). In BPMN an event sub-process is only armed while its
# parent runs: once the rest has ended, one whose start event has not fired is dropped.
_library_end_join_run = _EndJoin._run_hook


def _unstarted_event_subprocess(task: Any) -> bool:
    """``task`` runs an event sub-process whose start event is still waiting."""
    parent = task.parent
    if parent is None or parent.task_spec is not task.workflow.spec.start:
        return False  # sub-process tasks under the start task are event sub-processes
    if task.state != TaskState.STARTED or not hasattr(task.task_spec, "spec"):
        return False
    subworkflow = task.workflow.top_workflow.get_subprocess(task)
    if subworkflow is None:
        return False
    return not any(
        isinstance(t.task_spec, StartEvent) and t.has_state(TaskState.COMPLETED)
        for t in subworkflow.tasks.values()
    )


def _end_join_may_fire(self: Any, my_task: Any) -> bool:
    """The library's end-join check, minus event sub-processes that never started."""
    for task in TaskIterator(
        my_task.workflow.task_tree, state=TaskState.NOT_FINISHED_MASK, end_at_spec=self.name
    ):
        if task is my_task or _unstarted_event_subprocess(task):
            continue
        if task.parent is not None and _unstarted_event_subprocess(task.parent):
            continue  # the end join the waiting event sub-process would lead to
        return False
    return True


def _end_join_run(self: Any, my_task: Any) -> Any:
    """Drop the event sub-processes that never started, then join as the library does."""
    for task in list(my_task.workflow.get_tasks(state=TaskState.STARTED)):
        if _unstarted_event_subprocess(task):
            task.cancel()
    return _library_end_join_run(self, my_task)


def install_event_subprocess_end() -> None:
    """End processes whose flow is done without waiting for unstarted event sub-processes."""
    _EndJoin._check_threshold_unstructured = _end_join_may_fire
    _EndJoin._run_hook = _end_join_run


install_event_subprocess_end()


# --- loop and multi-instance tasks on parsed specs ----------------------------------------
# A loop or multi-instance task hears that an instance of its body completed through the
# body spec's ``completed_event``. SpiffWorkflow 3.2.0 connects it when it restores a spec
# (``BpmnProcessSpecConverter.from_dict``), but on a parsed spec only when the task creates a
# child: restored on a parsed spec that never ran one, a waiting instance completes and its
# loop never goes on (the task stays STARTED). Connecting them up front, as a restore does,
# makes a parsed spec run like a restored one.
def connect_loop_children(specs: list[Any]) -> None:
    """Connect every loop task of ``specs`` to its body spec (once; as a restore does)."""
    for spec in specs:
        for task_spec in spec.task_specs.values():
            if not isinstance(task_spec, LoopTask):
                continue
            child = spec.task_specs.get(task_spec.task_spec)
            if child is not None and not child.completed_event.is_connected(task_spec.merge_child):
                child.completed_event.connect(task_spec.merge_child)


# --- logging that is off -----------------------------------------------------------------
# SpiffWorkflow 3.2.0 builds the ``extra=`` dict of its log records (and formats the message)
# before calling the logger, on every task state change: about a tenth of an engine step.
# Worse, it adds the workflow's whole task list and every task's data when the logger's own
# level is below INFO, which is the case for "spiff.task" and "spiff.workflow" whenever only
# the "spiff" parent is configured (their own level stays NOTSET, 0). The records are the
# library's, built the same way; they are only not built when nothing would receive them.
_task_logger: Final = logging.getLogger("spiff.task")
_workflow_logger: Final = logging.getLogger("spiff.workflow")
_library_set_state = Task._set_state
_library_workflow_log_extras = BaseWorkflow.collect_log_extras


def _set_state(self: Any, value: int) -> None:
    """``Task._set_state`` of 3.2.0, logging only when the logger takes the record."""
    if value != self._state:
        elapsed = time.time() - self.last_state_change
        self.last_state_change = time.time()
        self._state = value
        if _task_logger.isEnabledFor(logging.INFO):
            _task_logger.info(
                f"State changed to {TaskState.get_name(value)}",
                extra=self.collect_log_extras({"elapsed": elapsed}),
            )
    elif _task_logger.isEnabledFor(logging.DEBUG):
        _task_logger.debug(
            f"State set to {TaskState.get_name(value)}", extra=self.collect_log_extras()
        )


def _workflow_log_extras(self: Any, dct: dict[str, Any] | None = None) -> dict[str, Any]:
    """The library's extras, without walking every task for a record nobody receives
    (the workflow logger's only records are INFO ones)."""
    if _workflow_logger.isEnabledFor(logging.INFO):
        extras: dict[str, Any] = _library_workflow_log_extras(self, dct)
        return extras
    return dct or {}


def install_quiet_logging() -> None:
    """Build the library's log records only for loggers that are enabled."""
    Task._set_state = _set_state
    BaseWorkflow.collect_log_extras = _workflow_log_extras


install_quiet_logging()


# --- state without the spec --------------------------------------------------------------
# The task tree is converted here rather than task by task through the registry: the same
# dicts as the library's ``TaskConverter`` (3.2.0), key for key and in the same order, for a
# fraction of the time: the registry dispatches, cleans and copies every value, and each
# UUID is parsed or printed once per task instead of once per reference to it (saves take
# about half the time, restores about two thirds). Values that are not plain JSON scalars
# still go through the registry, so typed values are converted exactly alike.
_SCALARS: Final = frozenset({str, int, float, bool, type(None)})


def _plain(values: dict[str, Any]) -> bool:
    """Every value a JSON scalar: the registry would hand back an equal copy of the dict."""
    return _SCALARS.issuperset(map(type, values.values()))


def _tasks_to_dict(registry: Any, workflow: Any) -> dict[str, Any]:
    """``mapping_to_dict(workflow.tasks)`` as the library's ``TaskConverter`` makes it."""
    tasks = workflow.tasks
    names = {task_id: str(task_id) for task_id in tasks}
    typenames = registry.typenames
    convert = registry.convert
    out: dict[str, Any] = {}
    for task_id, task in tasks.items():
        if type(task) is not Task:  # pragma: no cover - the library makes only Task
            out[names[task_id]] = convert(task)
            continue
        parent = tasks.get(task._parent) if task._parent is not None else None
        internal = task.internal_data
        if parent is None:
            data, delta = task.data, {}
        else:
            mine, theirs = task.data, parent.data
            data = {}
            delta = {
                "updates": {k: v for k, v in mine.items() if k not in theirs or v != theirs[k]},
                "deletions": [k for k in theirs if k not in mine],
            }
        out[names[task_id]] = {
            "id": names[task_id],
            "parent": None if parent is None else names.get(task._parent) or str(task._parent),
            "children": [names.get(child) or str(child) for child in task._children],
            "last_state_change": task.last_state_change,
            "state": task._state,
            "task_spec": task.task_spec.name,
            "triggered": task.triggered,
            "internal_data": dict(internal) if _plain(internal) else convert(internal),
            "data": data,
            "delta": delta,
            "typename": typenames[Task],
        }
    return out


def _tasks_from_dict(registry: Any, saved: dict[str, Any], workflow: Any) -> dict[Any, Any]:
    """The task tree of ``workflow`` from ``_tasks_to_dict`` output (parents first), as the
    library's ``TaskConverter.from_dict`` rebuilds it; returns ``workflow.tasks``."""
    ids: dict[str, UUID] = {}

    def uuid_of(text: str) -> UUID:
        found = ids.get(text)
        if found is None:
            found = ids[text] = UUID(text)
        return found

    restore = registry.restore
    task_specs = workflow.spec.task_specs
    events = workflow.top_workflow.event_manager
    tasks: dict[Any, Any] = {}
    workflow.tasks = tasks
    for dct in saved.values():
        task_spec = task_specs.get(dct["task_spec"])
        task = Task(workflow, task_spec, state=dct["state"], id=uuid_of(dct["id"]))
        task._parent = uuid_of(dct["parent"]) if dct["parent"] is not None else None
        task._children = [uuid_of(child) for child in dct["children"]]
        task.last_state_change = dct["last_state_change"]
        task.triggered = dct["triggered"]
        internal = dct["internal_data"]
        plain = "typename" not in internal and _plain(internal)
        task.internal_data = dict(internal) if plain else restore(internal)
        if isinstance(task_spec, CatchingEvent) and task._state & TaskState.WAITING:
            events.add_task(task)
        delta = dct.get("delta")
        parent = tasks.get(task._parent) if delta else None
        if parent is not None:
            data = DeepMerge.merge({}, parent.data)
            updates = delta.get("updates", {})
            if "typename" in updates or not _plain(updates):
                updates = restore(updates)
            data.update(updates)
            for key in delta.get("deletions", {}):
                if key in data:
                    del data[key]
        else:
            data = restore(dct["data"])
        task.data = data
    return tasks


def _workflow_to_dict(converter: Any, workflow: Any) -> dict[str, Any]:
    """``WorkflowConverter.to_dict`` of 3.2.0 with the lean task tree."""
    registry = converter.registry
    return {
        "data": registry.convert(registry.clean(workflow.data)),
        "correlations": workflow.correlations,
        "last_task": str(workflow.last_task.id) if workflow.last_task is not None else None,
        "success": workflow.success,
        "completed": workflow.completed,
        "tasks": _tasks_to_dict(registry, workflow),
        "root": str(workflow.task_tree.id),
    }


class _WorkflowConverter(BpmnWorkflowConverter):  # type: ignore[misc]
    """The library's workflow converter, minus the spec and subprocess specs.

    The library embeds the whole spec in every saved workflow and converts it on every save
    (more than half of the time of a save). The spec never changes for a version, so it is
    kept once per version and handed back on restore as the already-restored objects.
    It restores ``Workflow``; the saved type name stays the library's ("BpmnWorkflow").
    """

    def __init__(self, target_class: Any, registry: Any, typename: str = "BpmnWorkflow") -> None:
        super().__init__(target_class, registry, typename)

    def to_dict(self, workflow: Any) -> dict[str, Any]:
        dct = _workflow_to_dict(self, workflow)
        dct["subprocesses"] = self.mapping_to_dict(workflow.subprocesses)
        dct["bpmn_events"] = self.registry.convert(workflow.bpmn_events)
        return dct

    def from_dict(self, dct: dict[str, Any], spec: Any, subprocess_specs: dict[str, Any]) -> Any:
        """``BpmnWorkflowConverter.from_dict`` of 3.2.0 around the given (cached) specs."""
        workflow = self.target_class(spec, dict(subprocess_specs), deserializing=True)
        _tasks_from_dict(self.registry, dct["tasks"], workflow)
        workflow.task_tree = workflow.tasks.get(UUID(dct["root"]))
        self.set_default_attributes(workflow, dct)
        self.subprocesses_from_dict(dct["subprocesses"], workflow)
        workflow.bpmn_events = self.registry.restore(dct.pop("bpmn_events", []))
        return workflow


class _SubWorkflowConverter(BpmnSubWorkflowConverter):  # type: ignore[misc]
    """The library's sub-process converter with the lean task tree; same dicts."""

    def to_dict(self, workflow: Any) -> dict[str, Any]:
        dct = _workflow_to_dict(self, workflow)
        dct["parent_task_id"] = str(workflow.parent_task_id)
        dct["spec"] = workflow.spec.name
        return dct

    def from_dict(self, dct: dict[str, Any], task: Any, top_workflow: Any) -> Any:
        spec = top_workflow.subprocess_specs.get(task.task_spec.spec)
        subprocess = self.target_class(spec, task.id, top_workflow, deserializing=True)
        _tasks_from_dict(self.registry, dct["tasks"], subprocess)
        subprocess.task_tree = subprocess.tasks.get(UUID(dct["root"]))
        self.set_default_attributes(subprocess, dct)
        return subprocess


# --- walking the task tree -----------------------------------------------------------------
# Every engine pass asks for the READY tasks, and every completed task has the WAITING ones
# updated: each a walk of the whole tree through the library's general iterator (a filter
# object, a property per child, a list copy per node). ``_walk`` is that iterator for the
# plain queries (a state mask, ``manual``, ``spec_name``): the same tasks in the same order, with
# the same depth limit and the same lazy reading of the tree (it matters when the caller
# changes tasks while iterating), in a fraction of the time.
_MAX_DEPTH: Final = 1000  # TaskIterator's default
_PLAIN_QUERY: Final = frozenset({"state", "manual", "spec_name"})


def _walk(
    root: Any,
    state: int,
    manual: bool | None = None,
    spec_name: str | None = None,
    *,
    bpmn: bool = True,
) -> Any:
    """``BpmnTaskIterator(root, state=, manual=, spec_name=)`` (``TaskIterator`` when not
    ``bpmn``), depth first, as SpiffWorkflow 3.2.0 iterates."""
    if state & TaskState.PREDICTED_MASK:
        min_state = TaskState.MAYBE
    elif state & TaskState.DEFINITE_MASK:
        min_state = TaskState.FUTURE
    else:
        min_state = TaskState.COMPLETED
    skip_finished = state <= TaskState.FINISHED_MASK
    subprocesses = root.workflow.top_workflow.subprocesses if bpmn else {}
    stack = [root]  # the library's task_list, reversed: its first item is the last here
    depth = 0
    while stack:
        task = stack.pop()
        current_state = task._state
        sub = subprocesses.get(task.id) if subprocesses else None
        if (
            (task._children or sub is not None)
            and (current_state >= min_state or sub is not None)
            and depth < _MAX_DEPTH
            and task.task_spec.name is not None  # the library's "!= end_at_spec" (None)
        ):
            stack.extend(map(task.workflow.tasks.get, reversed(task._children)))
            if sub is not None and not (current_state >= TaskState.FINISHED_MASK and skip_finished):
                stack.append(sub.task_tree)
            depth += 1
        elif stack:  # a leaf: back up to the depth of the next task's parent
            ancestor = stack[-1].parent
            current = task.parent
            while current is not None and current != ancestor:
                current = current.parent
                depth -= 1
        if (
            current_state & state
            and (manual is None or task.task_spec.manual == manual)
            and (spec_name is None or task.task_spec.name == spec_name)
        ):
            yield task


def _any_in_state(workflows: list[Any], state: int) -> bool:
    """Whether any task of ``workflows`` is in ``state`` (a mask): a walk for that state
    finds nothing otherwise, and this costs a fraction of the walk (no lookups by UUID)."""
    for workflow in workflows:
        for task in workflow.tasks.values():
            if task._state & state:
                return True
    return False


class Workflow(BpmnWorkflow):  # type: ignore[misc]
    """The library's workflow, telling whether refreshing timers fired any.

    ``do_engine_steps`` refreshes timers as its last act; a timer fired there leaves a ready
    event (and the task it interrupts) for the next call. Knowing that it happened lets the
    runtime run one more pass only when needed, instead of searching the tree every time.
    """

    timers_fired = False

    def get_tasks(self, first_task: Any = None, **kwargs: Any) -> list[Any]:
        """The library's query; plain ones (state, ``manual``, ``spec_name``) walk the tree
        faster, and not at all when no task of the instance is in the state asked for."""
        if kwargs.keys() <= _PLAIN_QUERY:
            state = kwargs.get("state", TaskState.ANY_MASK)
            if first_task is None and not _any_in_state([self, *self.subprocesses.values()], state):
                return []
            root = first_task or self.task_tree
            return list(_walk(root, state, kwargs.get("manual"), kwargs.get("spec_name")))
        tasks: list[Any] = super().get_tasks(first_task, **kwargs)
        return tasks

    def update_waiting_tasks(self) -> None:
        """``Workflow.update_waiting_tasks`` of 3.2.0, walking the tree faster; called after
        every completed task, and most often nothing waits (then there is nothing to walk:
        the walk calls nothing before it finds a waiting task)."""
        if not _any_in_state([self], TaskState.WAITING):
            return
        for task in _walk(self.task_tree, TaskState.WAITING, bpmn=False):
            task.task_spec._update(task)

    def refresh_timers(self) -> None:
        waiting = [(t, t.state, len(t._children)) for t in self.event_manager.tasks.values()]
        super().refresh_timers()
        if any(t.state != state or len(t._children) != n for t, state, n in waiting):
            self.timers_fired = True


_CONFIG: Final = {k: v for k, v in SPIFF_CONFIG.items() if k is not BpmnWorkflow}
REGISTRY: Final[Any] = BpmnWorkflowSerializer.configure(
    {**_CONFIG, Workflow: _WorkflowConverter, BpmnSubWorkflow: _SubWorkflowConverter}
)
SERIALIZER: Final[Any] = BpmnWorkflowSerializer(REGISTRY)
SERIALIZER_VERSION: Final[str] = SERIALIZER.VERSION
VERSION_KEY: Final[str] = BpmnWorkflowSerializer.VERSION_KEY

# One engine for every workflow: it holds no per-instance state, only the environment.
# Scripts see the clock-reading ``datetime`` and ``date``, so "today" follows the runtime clock.
SCRIPT_ENGINE: Final[Any] = PythonScriptEngine(
    environment=RestrictedEnvironment(helpers={"datetime": ClockDatetime, "date": ClockDate})
)


def new_parser() -> Any:
    """A parser that validates against the BPMN schema (without it, duplicate ids pass)."""
    return SpiffBpmnParser(validator=VALIDATOR)


def state_dict(workflow: Any) -> dict[str, Any]:
    """The workflow as JSON-safe data, without its spec; carries the serializer version."""
    dct: dict[str, Any] = SERIALIZER.to_dict(workflow)
    dct[VERSION_KEY] = SERIALIZER_VERSION
    return dct


def restore_state(dct: dict[str, Any], spec: Any, subprocess_specs: dict[str, Any]) -> Any:
    """A workflow from ``state_dict`` output around cached spec objects (consumes ``dct``)."""
    SERIALIZER.migrate(dct)  # pops the version key; upgrades older layouts in place
    dct["tasks"] = _parents_first(dct["tasks"], dct["root"])
    for sub in dct.get("subprocesses", {}).values():
        sub["tasks"] = _parents_first(sub["tasks"], sub["root"])
    workflow = SERIALIZER.from_dict(dct, spec=spec, subprocess_specs=subprocess_specs)
    workflow.script_engine = SCRIPT_ENGINE
    return workflow


def _parents_first(tasks: dict[str, Any], root: str) -> dict[str, Any]:
    """The tasks of a saved workflow, each after its parent.

    A task saves only how its data differs from its parent's, and the library rebuilds it
    from the parent while restoring in dict order. The order survives JSON text, but not
    a store that sorts keys (PostgreSQL's jsonb does), so it is restored here.
    """
    return _preorder(tasks, root, lambda task: task.get("children", []))


def restore_order(workflow: Any) -> Iterator[Any]:
    """The tasks of a live workflow and its sub-processes in the order ``restore_state``
    leaves them in the workflows' dicts.

    A restore rebuilds each workflow's tasks parents first (``_parents_first``), and the
    library's ``subprocesses_from_dict`` the sub-processes in the order of the tasks that
    run them, depth first. A live workflow's dicts are in the order tasks were made; a
    query visiting tasks in this order answers alike before and after a save.
    """
    pending = dict(workflow.subprocesses)
    yield from _in_restore_order(workflow, pending)
    for sub in list(pending.values()):  # none expected: a restore would drop them
        yield from sub.tasks.values()


def _in_restore_order(workflow: Any, pending: dict[Any, Any]) -> Iterator[Any]:
    root = workflow.task_tree.id if workflow.task_tree is not None else None
    ordered = list(_preorder(workflow.tasks, root, lambda task: task._children).values())
    yield from ordered
    for task in ordered:
        sub = pending.pop(task.id, None)
        if sub is not None:
            yield from _in_restore_order(sub, pending)


def _preorder(
    items: Mapping[K, V], root: K | None, children: Callable[[V], Sequence[K]]
) -> dict[K, V]:
    """``items`` from ``root`` down, each before its children (in order), then those not
    reachable from it in their own order."""
    ordered: dict[K, V] = {}
    stack = [] if root is None else [root]
    while stack:
        key = stack.pop()
        item = items.get(key)
        if item is None or key in ordered:
            continue
        ordered[key] = item
        stack.extend(reversed(children(item)))
    for key, item in items.items():  # unreachable ones (none expected) keep their place
        ordered.setdefault(key, item)
    return ordered


def timer_due(task: Any) -> datetime | None:
    """When a waiting timer task fires (aware UTC), or None when it is not a timer.

    The library keeps the armed value in the task's internal data: an ISO date-time (date
    and duration timers) or the next occurrence (cycles); ``details`` reads either.
    """
    definition = task.task_spec.event_definition
    if not isinstance(definition, TimerEventDefinition):
        return None
    value = definition.details(task).value
    if not isinstance(value, str):
        return None
    due = TimerEventDefinition.parse_time_or_duration(value)
    # A plain datetime (the timer module hands out ClockDatetime), in UTC.
    return datetime.combine(due.date(), due.timetz()).astimezone(UTC)


def spec_dict(spec: Any) -> dict[str, Any]:
    """A process spec as JSON-safe data (stored once per deployed version)."""
    dct: dict[str, Any] = REGISTRY.convert(spec)
    return dct


def restore_spec(dct: dict[str, Any]) -> Any:
    """A process spec from ``spec_dict`` output (consumes ``dct``)."""
    return REGISTRY.restore(dct)
