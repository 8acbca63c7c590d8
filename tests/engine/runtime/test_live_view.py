"""A live instance after a step shows what its saved state shows once restored.

The server keeps the view of a state it has just saved (data, elements done and active)
instead of restoring the state again to answer the next read; these tests hold that view
to what a restore gives, step by step, on models with parallel branches, subprocesses,
timers and loops, where the library's task dicts are in another order than a restore's.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from engine.runtime import Execution, ManualClock, start
from tests.engine.runtime.helpers import chain, deploy, executable, flow, roundtrip, script, timer
from tests.engine.runtime.test_state import MODEL as GOLDEN_MODEL

# Three branches at once, one of them a subprocess with two tasks at once, and a loop back.
BRANCHES = executable(
    "\n".join(
        [
            '<bpmn:startEvent id="S"/>',
            script("Init", "rounds = 0"),
            '<bpmn:exclusiveGateway id="Again"/>',
            '<bpmn:parallelGateway id="Fork"/>',
            '<bpmn:userTask id="A" name="窓口確認"/>',
            '<bpmn:userTask id="B" name="書類確認"/>',
            '<bpmn:subProcess id="Sub" name="審査"><bpmn:startEvent id="SS"/>'
            '<bpmn:parallelGateway id="SF"/>'
            '<bpmn:userTask id="C1" name="審査一"/><bpmn:userTask id="C2" name="審査二"/>'
            '<bpmn:parallelGateway id="SJ"/><bpmn:endEvent id="SE"/>'
            + flow("G1", "SS", "SF")
            + flow("G2", "SF", "C1")
            + flow("G3", "SF", "C2")
            + flow("G4", "C1", "SJ")
            + flow("G5", "C2", "SJ")
            + flow("G6", "SJ", "SE")
            + "</bpmn:subProcess>",
            '<bpmn:intermediateCatchEvent id="Day">'
            + timer("timeDuration", '"P1D"')
            + "</bpmn:intermediateCatchEvent>",
            '<bpmn:parallelGateway id="Join"/>',
            script("Count", "rounds = rounds + 1"),
            '<bpmn:exclusiveGateway id="Done" default="F12"/>',
            '<bpmn:endEvent id="E"/>',
            chain("S", "Init", "Again", "Fork"),
            flow("F4", "Fork", "A"),
            flow("F5", "Fork", "B"),
            flow("F6", "Fork", "Sub"),
            flow("F7", "Fork", "Day"),
            flow("F8", "A", "Join"),
            flow("F9", "B", "Join"),
            flow("F10", "Sub", "Join"),
            flow("F11", "Day", "Join"),
            flow("F13", "Join", "Count"),
            flow("F14", "Count", "Done"),
            flow("F15", "Done", "Again", "rounds &lt; 2"),
            flow("F12", "Done", "E"),
        ]
    ),
    name="並行",
)


def view(execution: Execution) -> tuple[Any, ...]:
    progress = execution.progress()
    ready = [(t.id, t.element_id, t.data) for t in execution.ready_tasks()]
    return (execution.status, execution.data, progress.completed, progress.active, ready)


def drive(execution: Execution, clock: ManualClock, order: list[str]) -> list[tuple[Any, ...]]:
    """Complete ready tasks in ``order`` of preference (firing timers when none is ready),
    checking after each step that the live view is the restored one; the views seen."""
    seen = [view(execution)]
    assert seen[-1] == view(roundtrip(execution))
    for _ in range(60):
        if execution.status != "running":
            return seen
        ready = {t.element_id: t for t in execution.ready_tasks()}
        pick = next((element for element in order if element in ready), None)
        if pick is None:
            clock.advance(timedelta(days=2))
            execution.advance()
        else:
            execution.complete(
                ready[pick].id, {"by": pick, "ok": True, "items": [pick, {"n": len(seen)}]}
            )
        seen.append(view(execution))
        assert seen[-1] == view(roundtrip(execution)), f"after {pick or 'timers'}"
    raise AssertionError("the instance did not end")


@pytest.mark.parametrize("order", [["A", "B", "C1", "C2"], ["C2", "C1", "B", "A"]])
def test_a_live_instance_shows_what_its_restored_state_shows(
    clock: ManualClock, order: list[str]
) -> None:
    seen = drive(start(deploy(BRANCHES).spec), clock, order)
    assert seen[-1][0] == "completed"
    assert seen[-1][1]["rounds"] == 2
    # The answers went in, the loop ran twice, and several elements were active at once.
    assert {"by", "items"} <= set(seen[-1][1])
    assert max(len(step[3]) for step in seen) >= 4


def test_the_golden_model_shows_the_same_live_and_restored(clock: ManualClock) -> None:
    seen = drive(start(deploy(GOLDEN_MODEL).spec), clock, ["Judge", "Notify"])
    assert seen[-1][0] == "completed"
    assert seen[-1][2][:2] == ("S", "Init")


def test_the_task_dicts_of_a_live_instance_are_in_another_order(clock: ManualClock) -> None:
    # Why progress() visits tasks in the restore's order: the dicts themselves differ.
    execution = start(deploy(BRANCHES).spec)
    ready = {t.element_id: t for t in execution.ready_tasks()}
    execution.complete(ready["C2"].id, {})
    live = [t.id for t in execution._tasks()]
    again = [t.id for t in roundtrip(execution)._tasks()]
    assert sorted(live) == sorted(again)
    assert live != again
