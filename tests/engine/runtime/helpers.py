"""Small executable models, deploying them, and driving instances to the end in tests."""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from engine.runtime import Execution, ManualClock, Runnable, Spec, build_package
from tests.factories import definitions

Action = Callable[[Execution, ManualClock], None]


def flow(flow_id: str, source: str, target: str, condition: str | None = None) -> str:
    inner = (
        f'<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">{condition}'
        "</bpmn:conditionExpression>"
        if condition is not None
        else ""
    )
    return (
        f'<bpmn:sequenceFlow id="{flow_id}" sourceRef="{source}" targetRef="{target}">'
        f"{inner}</bpmn:sequenceFlow>"
    )


def chain(*ids: str, prefix: str = "F") -> str:
    """Unconditional flows a -> b -> c ..., ids F1, F2, ... (or ``prefix``)."""
    return "\n".join(
        flow(f"{prefix}{i}", a, b) for i, (a, b) in enumerate(itertools.pairwise(ids), 1)
    )


def script(element_id: str, text: str, name: str = "", extra: str = "") -> str:
    label = f' name="{name}"' if name else ""
    return (
        f'<bpmn:scriptTask id="{element_id}"{label}>{extra}'
        f"<bpmn:script>{text}</bpmn:script></bpmn:scriptTask>"
    )


def timer(kind: str, value: str) -> str:
    """A timer event definition, e.g. ``timer("timeDuration", '"PT1H"')``."""
    return (
        f"<bpmn:timerEventDefinition><bpmn:{kind}>{value}</bpmn:{kind}></bpmn:timerEventDefinition>"
    )


def executable(body: str, *, process_id: str = "P", name: str = "", roots: str = "") -> bytes:
    """A document with one executable process (and definitions-level ``roots``)."""
    label = f' name="{name}"' if name else ""
    return definitions(
        f'{roots}\n<bpmn:process id="{process_id}"{label} isExecutable="true">\n{body}\n'
        "</bpmn:process>"
    )


def deploy(files: Mapping[str, bytes] | bytes, main: str = "main.bpmn") -> Runnable:
    """The default runnable of ``files`` (or of one BPMN document as ``main``)."""
    if isinstance(files, bytes):
        files = {main: files}
    return build_package(files, main=main).default


@dataclass
class Run:
    """How an instance went: the execution at the end and what was done on the way."""

    execution: Execution
    trace: list[str] = field(default_factory=list)

    @property
    def data(self) -> dict[str, Any]:
        return self.execution.data


def complete(element_id: str, data: Mapping[str, Any] | None = None) -> Action:
    """Complete the ready task of ``element_id`` with ``data``."""

    def act(execution: Execution, clock: ManualClock) -> None:
        task = next(t for t in execution.ready_tasks() if t.element_id == element_id)
        execution.complete(task.id, data)

    return act


def send(name: str, payload: Any = None) -> Action:
    def act(execution: Execution, clock: ManualClock) -> None:
        execution.send_message(name, payload)

    return act


def wait(**parts: float) -> Action:
    """Move the clock forward, then let the instance fire what came due."""

    def act(execution: Execution, clock: ManualClock) -> None:
        clock.advance(timedelta(**parts))
        execution.advance()

    return act


def drive(
    spec: Spec,
    clock: ManualClock,
    *,
    data: Mapping[str, Any] | None = None,
    answers: Mapping[str, Mapping[str, Any]] | None = None,
    plan: list[Action] | None = None,
    roundtrip: bool = False,
    max_steps: int = 100,
) -> Run:
    """Run an instance to its end.

    At each step: the next ``plan`` action if any is left; else complete the first ready
    task with its ``answers`` (by element id); else move the clock to the next timer.
    With ``roundtrip``, the state goes through ``json.dumps``/``loads`` and a fresh
    ``Execution`` after every step, as it would between requests.
    """
    answers = answers or {}
    pending = list(plan or [])
    execution = Execution.start(spec, data)
    run = Run(execution)
    for _ in range(max_steps):
        if execution.status != "running":
            break
        if pending:
            pending.pop(0)(execution, clock)
            run.trace.append("plan")
        elif ready := execution.ready_tasks():
            task = ready[0]
            execution.complete(task.id, answers.get(task.element_id, {}))
            run.trace.append(f"complete {task.element_id}")
        elif timers := execution.timers():
            clock.set(timers[0].due_at + timedelta(seconds=1))
            execution.advance()
            run.trace.append(f"timer {timers[0].element_id}")
        else:
            raise AssertionError(f"stuck: {execution.progress()} waits for nothing we can give")
        if roundtrip:
            state = json.loads(json.dumps(execution.state_json()))
            execution = Execution.from_state(spec, json.dumps(state))
            run.execution = execution
    assert execution.status == "completed", (execution.status, execution.progress())
    return run


def roundtrip(execution: Execution) -> Execution:
    """``execution`` saved as JSON text and restored around its spec, as the service does."""
    return Execution.from_state(execution.spec, json.dumps(execution.state_json()))


def drive_states(
    execution: Execution,
    clock: ManualClock,
    *,
    answers: Mapping[str, Mapping[str, Any]] | None = None,
    plan: list[Action] | None = None,
    on_state: Callable[[Execution], object],
    max_steps: int = 100,
) -> Execution:
    """Run ``execution`` on to its end as ``drive`` does with ``roundtrip``, calling
    ``on_state`` in every state it passes through, the first and the last included; the
    execution at the end."""
    answers = answers or {}
    pending = list(plan or [])
    for _ in range(max_steps):
        on_state(execution)
        if execution.status != "running":
            return execution
        if pending:
            pending.pop(0)(execution, clock)
        elif ready := execution.ready_tasks():
            execution.complete(ready[0].id, answers.get(ready[0].element_id, {}))
        elif timers := execution.timers():
            clock.set(timers[0].due_at + timedelta(seconds=1))
            execution.advance()
        execution = roundtrip(execution)
    raise AssertionError(f"did not end: {execution.progress()}")
