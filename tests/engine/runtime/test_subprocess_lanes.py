"""Tasks inside an embedded sub-process work in the lane that lists them, as BPMN says.

SpiffWorkflow 3.2.0 gives them the sub-process's lane instead; the package corrects that
before the spec is stored, so the task list, the inbox and lane permissions agree with the
diagram.
"""

from __future__ import annotations

import json

from engine.runtime import Execution, ManualClock, SpecCache
from tests.engine.runtime.helpers import chain, deploy, executable


def _lanes(refs: dict[str, list[str]]) -> str:
    lanes = "".join(
        f'<bpmn:lane id="Lane_{i}" name="{name}">'
        + "".join(f"<bpmn:flowNodeRef>{r}</bpmn:flowNodeRef>" for r in ids)
        + "</bpmn:lane>"
        for i, (name, ids) in enumerate(refs.items())
    )
    return f'<bpmn:laneSet id="LS">{lanes}</bpmn:laneSet>'


def _model(refs: dict[str, list[str]]) -> bytes:
    return executable(
        "\n".join(
            [
                _lanes(refs),
                '<bpmn:startEvent id="S"/>',
                '<bpmn:subProcess id="Sub"><bpmn:startEvent id="SubStart"/>'
                '<bpmn:userTask id="Visit"/><bpmn:userTask id="Check"/>'
                '<bpmn:endEvent id="SubEnd"/>'
                + chain("SubStart", "Visit", "Check", "SubEnd", prefix="G")
                + "</bpmn:subProcess>",
                '<bpmn:endEvent id="E"/>',
                chain("S", "Sub", "E"),
            ]
        )
    )


MODEL = _model({"係": ["S", "Sub", "E"], "ケースワーカー": ["Visit"]})


def test_a_task_listed_in_another_lane_works_there(clock: ManualClock) -> None:
    runnable = deploy(MODEL)
    described = {t.element_id: t.lane for t in runnable.tasks}
    assert described == {"Visit": "ケースワーカー", "Check": "係"}

    # The stored document carries the lanes: a spec restored from it says the same.
    spec = SpecCache().get(json.dumps(runnable.document))
    execution = Execution.start(spec, {})
    [visit] = execution.ready_tasks()
    assert (visit.element_id, visit.lane) == ("Visit", "ケースワーカー")
    execution.complete(visit.id, {})
    [check] = execution.ready_tasks()
    assert (check.element_id, check.lane) == ("Check", "係")


def test_tasks_listed_nowhere_work_in_the_sub_process_lane(clock: ManualClock) -> None:
    runnable = deploy(_model({"係": ["S", "Sub", "E"]}))
    assert {t.element_id: t.lane for t in runnable.tasks} == {"Visit": "係", "Check": "係"}
