"""An event sub-process is armed only while its parent runs.

SpiffWorkflow 3.2.0 on its own keeps a process (or an embedded sub-process) open until the
timer of an event sub-process fires, then runs it after the rest had ended. The runtime
drops an event sub-process whose start event has not fired once everything else is done;
one that has started still runs to its end before its parent ends.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from engine.runtime import Execution, ManualClock, Spec
from tests.engine.runtime.helpers import chain, deploy, executable, roundtrip, timer


def _event_subprocess(interrupting: bool) -> str:
    flag = "true" if interrupting else "false"
    return (
        '<bpmn:subProcess id="Late" triggeredByEvent="true">'
        f'<bpmn:startEvent id="LateStart" isInterrupting="{flag}">'
        + timer("timeDuration", '"P14D"')
        + '</bpmn:startEvent><bpmn:userTask id="Explain"/><bpmn:endEvent id="LateEnd"/>'
        + chain("LateStart", "Explain", "LateEnd", prefix="L")
        + "</bpmn:subProcess>"
    )


def top_level(interrupting: bool) -> Spec:
    return deploy(
        executable(
            '<bpmn:startEvent id="S"/><bpmn:userTask id="Work"/><bpmn:endEvent id="E"/>'
            + chain("S", "Work", "E")
            + _event_subprocess(interrupting)
        )
    ).spec


def embedded() -> Spec:
    return deploy(
        executable(
            '<bpmn:startEvent id="S"/>'
            '<bpmn:subProcess id="Sub"><bpmn:startEvent id="SubStart"/>'
            '<bpmn:userTask id="Work"/><bpmn:endEvent id="SubEnd"/>'
            + chain("SubStart", "Work", "SubEnd", prefix="G")
            + _event_subprocess(interrupting=False)
            + '</bpmn:subProcess><bpmn:userTask id="After"/><bpmn:endEvent id="E"/>'
            + chain("S", "Sub", "After", "E")
        )
    ).spec


def ready(execution: Execution) -> list[str]:
    return sorted(t.element_id for t in execution.ready_tasks())


def complete(execution: Execution, element_id: str) -> None:
    task = next(t for t in execution.ready_tasks() if t.element_id == element_id)
    execution.complete(task.id, {})


@pytest.mark.parametrize("interrupting", [False, True], ids=["non-interrupting", "interrupting"])
def test_a_process_ends_without_waiting_for_an_unstarted_event_subprocess(
    clock: ManualClock, interrupting: bool
) -> None:
    spec = top_level(interrupting)
    execution = Execution.start(spec, {})
    assert [t.element_id for t in execution.timers()] == ["LateStart"]
    execution = roundtrip(execution)
    complete(execution, "Work")
    assert execution.status == "completed"
    assert execution.timers() == []
    clock.advance(days=30)
    execution.advance()
    assert "Explain" not in execution.progress().completed


def test_a_started_non_interrupting_event_subprocess_runs_to_its_end(
    clock: ManualClock,
) -> None:
    spec = top_level(interrupting=False)
    execution = Execution.start(spec, {})
    clock.advance(timedelta(days=14, seconds=1))
    execution.advance()
    assert ready(execution) == ["Explain", "Work"]
    complete(execution, "Work")
    assert execution.status == "running", "the started event sub-process is still open"
    execution = roundtrip(execution)
    complete(execution, "Explain")
    assert execution.status == "completed"


def test_an_embedded_subprocess_ends_when_its_flow_is_done(clock: ManualClock) -> None:
    spec = embedded()
    execution = Execution.start(spec, {})
    complete(execution, "Work")
    assert ready(execution) == ["After"]
    assert execution.timers() == []

    late = Execution.start(spec, {})
    clock.advance(timedelta(days=14, seconds=1))
    late.advance()
    assert ready(late) == ["Explain", "Work"]
    complete(late, "Work")
    assert ready(late) == ["Explain"], "the sub-process waits for its started event sub-process"
    complete(late, "Explain")
    assert ready(late) == ["After"]
