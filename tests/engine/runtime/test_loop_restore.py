"""A loop or multi-instance task restored on a freshly parsed spec goes on.

SpiffWorkflow 3.2.0 wires a loop task to its body's completion when it restores a spec, but
on a parsed spec only once the task has created a body instance. An instance saved while a
body instance waits, restored on a parsed spec that never ran one (another deploy, another
process), stalled after that instance completed. ``Spec.of`` wires them as a restore does.
"""

from __future__ import annotations

import json

from engine.runtime import Execution, ManualClock, SpecCache
from tests.engine.runtime.helpers import deploy
from tests.engine.runtime.test_models import SCENARIOS

SCENARIO = SCENARIOS["multi-instance"]


def finish(execution: Execution) -> dict[str, object]:
    for _ in range(10):
        ready = execution.ready_tasks()
        if not ready:
            break
        execution.complete(ready[0].id, {"signature": "a"})
    assert execution.status == "completed", execution.progress()
    return execution.data


def test_multi_instance_goes_on_when_restored_on_another_parsed_spec(clock: ManualClock) -> None:
    started = Execution.start(deploy(SCENARIO.files).spec, SCENARIO.data)
    state = json.dumps(started.state_json())
    fresh = deploy(SCENARIO.files).spec  # parsed, never ran a body instance
    data = finish(Execution.from_state(fresh, state))
    assert data["signatures"] == ["a", "a"]
    assert data["doubled"] == [2, 4, 6]


def test_parsed_and_restored_specs_run_the_same(clock: ManualClock) -> None:
    runnable = deploy(SCENARIO.files)
    state = json.dumps(Execution.start(runnable.spec, SCENARIO.data).state_json())
    parsed = finish(Execution.from_state(deploy(SCENARIO.files).spec, state))
    restored = finish(Execution.from_state(SpecCache().get(runnable.document_text()), state))
    assert parsed == restored
