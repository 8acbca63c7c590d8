"""The runtime's own conversion of task trees gives the library's dicts, both ways.

``engine.runtime.library`` converts the task tree itself instead of task by task through
the serializer's registry (much of the time of a save and a restore). Stored states are read
by both, so they must agree exactly: at every wait of every model scenario, the saved text is
the one SpiffWorkflow 3.2.0's own converters write (same keys, same order), and a restore
rebuilds what the library's restore rebuilds.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest
from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer
from SpiffWorkflow.bpmn.serializer.default.workflow import BpmnWorkflowConverter, WorkflowConverter
from SpiffWorkflow.spiff.serializer.config import SPIFF_CONFIG

from engine.runtime import Execution, ManualClock, Spec, load_spec, using
from engine.runtime.library import (
    SCRIPT_ENGINE,
    Workflow,
    _parents_first,
    restore_state,
    state_dict,
)
from tests.engine.runtime.conftest import START
from tests.engine.runtime.helpers import deploy, drive_states
from tests.engine.runtime.test_models import SCENARIOS, run
from tests.engine.runtime.test_state import SPEC_FILE, STATE_FILE


class _LibraryConverter(BpmnWorkflowConverter):  # type: ignore[misc]
    """The library's converters throughout, only without the spec (as states are stored)."""

    def __init__(self, target_class: Any, registry: Any) -> None:
        super().__init__(target_class, registry, "BpmnWorkflow")

    def to_dict(self, workflow: Any) -> dict[str, Any]:
        dct: dict[str, Any] = WorkflowConverter.to_dict(self, workflow)
        dct["subprocesses"] = self.mapping_to_dict(workflow.subprocesses)
        dct["bpmn_events"] = self.registry.convert(workflow.bpmn_events)
        return dct

    def from_dict(self, dct: dict[str, Any], spec: Any, subprocess_specs: Any) -> Any:
        dct["spec"] = spec
        dct["subprocess_specs"] = dict(subprocess_specs)
        return super().from_dict(dct)


_CONFIG = {k: v for k, v in SPIFF_CONFIG.items() if k.__name__ != "BpmnWorkflow"}
LIBRARY = BpmnWorkflowSerializer(
    BpmnWorkflowSerializer.configure({**_CONFIG, Workflow: _LibraryConverter})
)


def library_text(workflow: Any) -> str:
    dct = LIBRARY.to_dict(workflow)
    dct["serializer_version"] = LIBRARY.VERSION
    return json.dumps(dct, ensure_ascii=False)


def library_restore(text: str, spec: Spec) -> Any:
    dct = json.loads(text)
    LIBRARY.migrate(dct)
    for saved in [dct, *dct["subprocesses"].values()]:  # as restore_state orders them
        saved["tasks"] = _parents_first(saved["tasks"], saved["root"])
    workflow = LIBRARY.from_dict(dct, spec=spec.top, subprocess_specs=spec.subprocesses)
    workflow.script_engine = SCRIPT_ENGINE
    return workflow


def tree(workflow: Any) -> list[Any]:
    """What a restore builds, beyond what saving it again shows."""
    shown: list[Any] = []
    for sub in [workflow, *workflow.subprocesses.values()]:
        for task in sub.tasks.values():
            shown.append(
                (
                    task.id,
                    task._parent,
                    task._children,
                    task.task_spec,
                    task.state,
                    task.data,
                    LIBRARY.registry.convert(task.internal_data),  # typed values as dicts
                    task.last_state_change,
                    task.triggered,
                    task.workflow is sub,
                )
            )
        last = None if sub.last_task is None else sub.last_task.id
        shown.append((sub.task_tree.id, last, sub.data, sub.success, sub.completed))
    shown.append(list(workflow.event_manager.tasks))
    shown.append([(key, sub.spec) for key, sub in workflow.subprocesses.items()])
    return shown


def check(execution: Execution) -> None:
    """Save and restore ``execution`` both ways; both must agree."""
    ours = json.dumps(state_dict(execution._workflow), ensure_ascii=False)
    assert ours == library_text(execution._workflow)
    spec = execution.spec
    theirs = library_restore(ours, spec)
    mine = restore_state(json.loads(ours), spec.top, dict(spec.subprocesses))
    assert library_text(mine) == library_text(theirs)
    assert json.loads(library_text(mine)) == json.loads(ours)
    assert tree(mine) == tree(theirs)


def drive_checking(execution: Execution, clock: ManualClock, scenario: Any) -> Execution:
    """Drive as ``helpers.drive`` does (restoring after each step), checking every state;
    returns the execution at the end."""
    return drive_states(
        execution, clock, answers=scenario.answers, plan=list(scenario.plan), on_state=check
    )


@pytest.mark.parametrize("name", SCENARIOS)
def test_every_state_of_a_scenario_is_the_librarys(name: str, clock: ManualClock) -> None:
    scenario = SCENARIOS[name]
    execution = Execution.start(deploy(scenario.files).spec, scenario.data)
    assert drive_checking(execution, clock, scenario).status == "completed"


def test_the_golden_state_restores_as_the_library_restores(clock: ManualClock) -> None:
    spec = load_spec(SPEC_FILE.read_text(encoding="utf-8"))
    text = STATE_FILE.read_text(encoding="utf-8")  # sorted keys: parents after children
    check(Execution.from_state(spec, text))


def test_typed_values_in_internal_data_go_through_the_registry(clock: ManualClock) -> None:
    scenario = SCENARIOS["message-start-catch-receive"]
    execution = run(scenario, clock, roundtrip=False).execution
    [task] = [t for t in execution._workflow.tasks.values() if t.task_spec.name == "Start"]
    task.internal_data["when"] = START
    task.internal_data["nested"] = {"ids": [task.id]}
    check(execution)
    saved = state_dict(execution._workflow)["tasks"][str(task.id)]["internal_data"]
    assert saved["when"]["typename"] == "datetime"
    assert saved["nested"]["ids"][0] == {"value": str(task.id), "typename": "UUID"}


# --- states written before the runtime converted task trees itself ------------------------
# Written by ``state_json`` before the runtime converted task trees itself (commit 26db3fe):
# each scenario's state at its first wait, as the service stores it. Regenerate only with a
# migration, by ``.venv/bin/python -m tests.engine.runtime.test_state_codec --write``.
GOLDEN_STATES = Path(__file__).parent / "golden" / "scenarios.state.json"


def test_states_written_by_the_library_restore_and_finish(clock: ManualClock) -> None:
    stored: dict[str, str] = json.loads(GOLDEN_STATES.read_text(encoding="utf-8"))
    assert set(stored) == set(SCENARIOS)
    for name, text in stored.items():
        clock.set(START)
        scenario = SCENARIOS[name]
        execution = Execution.from_state(deploy(scenario.files).spec, text)
        assert json.loads(library_text(execution._workflow)) == json.loads(text)
        end = drive_checking(execution, clock, scenario)
        for key, value in scenario.expected.items():
            assert end.data.get(key) == value, (name, key, end.data)


def write() -> None:
    states = {}
    for name, scenario in SCENARIOS.items():
        with using(ManualClock(START)):
            execution = Execution.start(deploy(scenario.files).spec, scenario.data)
            state = execution.state_json()
        states[name] = json.dumps(state, ensure_ascii=False, separators=(",", ":"))
    text = json.dumps(states, ensure_ascii=False, indent=1) + "\n"
    GOLDEN_STATES.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    if sys.argv[1:] == ["--write"]:
        write()
