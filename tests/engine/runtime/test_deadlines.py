"""A ready task's deadline: the soonest pending timer on its boundary or on a sub-process
that holds it — what the staff inbox shows as 期限 and marks when it has passed."""

from __future__ import annotations

from datetime import timedelta

from engine.runtime import Execution, ManualClock, ReadyTask, Spec
from tests.engine.runtime.conftest import START
from tests.engine.runtime.helpers import chain, deploy, executable, roundtrip, timer


def _boundary(element_id: str, host: str, duration: str, *, interrupting: bool = True) -> str:
    cancel = "true" if interrupting else "false"
    return (
        f'<bpmn:boundaryEvent id="{element_id}" attachedToRef="{host}" cancelActivity="{cancel}">'
        + timer("timeDuration", f'"{duration}"')
        + "</bpmn:boundaryEvent>"
    )


def _spec() -> Spec:
    """Apply (no deadline) → Review with 3 days on it, inside Decide with 14 and 30 days."""
    return deploy(
        executable(
            '<bpmn:startEvent id="S"/><bpmn:userTask id="Apply"/>'
            '<bpmn:subProcess id="Decide"><bpmn:startEvent id="DS"/>'
            '<bpmn:userTask id="Review"/><bpmn:userTask id="Approve"/><bpmn:endEvent id="DE"/>'
            + chain("DS", "Review", "Approve", "DE", prefix="D")
            + _boundary("ReviewLate", "Review", "P3D")
            + '<bpmn:endEvent id="ReviewLateEnd"/>'
            + '<bpmn:sequenceFlow id="RL" sourceRef="ReviewLate" targetRef="ReviewLateEnd"/>'
            + "</bpmn:subProcess>"
            + _boundary("Remind", "Decide", "P14D", interrupting=False)
            + _boundary("Deemed", "Decide", "P30D")
            + '<bpmn:endEvent id="E"/><bpmn:endEvent id="RemindEnd"/>'
            + '<bpmn:endEvent id="DeemedEnd"/>'
            + chain("S", "Apply", "Decide", "E")
            + '<bpmn:sequenceFlow id="R1" sourceRef="Remind" targetRef="RemindEnd"/>'
            + '<bpmn:sequenceFlow id="R2" sourceRef="Deemed" targetRef="DeemedEnd"/>'
        )
    ).spec


def _task(execution: Execution, element_id: str) -> ReadyTask:
    return next(t for t in execution.ready_tasks() if t.element_id == element_id)


def test_a_task_without_timers_has_no_deadline(clock: ManualClock) -> None:
    execution = Execution.start(_spec(), {})
    assert _task(execution, "Apply").due_at is None


def test_the_soonest_timer_on_the_task_or_its_sub_process_is_the_deadline(
    clock: ManualClock,
) -> None:
    spec = _spec()
    execution = Execution.start(spec, {})
    execution.complete(_task(execution, "Apply").id, {})
    # Review: its own 3 days come before the sub-process's 14 and 30 days.
    assert _task(execution, "Review").due_at == START + timedelta(days=3)
    assert _task(roundtrip(execution), "Review").due_at == START + timedelta(days=3)

    execution.complete(_task(execution, "Review").id, {})
    # Approve has no timer of its own: the sub-process's 14 days hold.
    assert _task(execution, "Approve").due_at == START + timedelta(days=14)


def test_a_fired_timer_no_longer_sets_the_deadline(clock: ManualClock) -> None:
    spec = _spec()
    execution = Execution.start(spec, {})
    execution.complete(_task(execution, "Apply").id, {})
    execution.complete(_task(execution, "Review").id, {})
    clock.advance(days=15)
    execution.advance()  # the non-interrupting 14-day reminder fires; Approve stays
    assert _task(execution, "Approve").due_at == START + timedelta(days=30)
