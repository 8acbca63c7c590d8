"""Saved states: golden files of a waiting instance still restore and finish, and the fast
restore (cached spec objects) gives the same workflow as the library's full one.

A change to how specs or states are stored makes these fail: write a migration for stored
data, then regenerate with ``.venv/bin/python -m tests.engine.runtime.test_state --write``.
"""

from __future__ import annotations

import json
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer
from SpiffWorkflow.spiff.serializer.config import SPIFF_CONFIG

from engine.runtime import Execution, ManualClock, Spec, load_spec, start, using
from tests.engine.runtime.conftest import START
from tests.engine.runtime.helpers import chain, deploy, executable, flow, script, timer

GOLDEN = Path(__file__).parent / "golden"
SPEC_FILE = GOLDEN / "waiting.spec.json"
STATE_FILE = GOLDEN / "waiting.state.json"

MODEL = executable(
    "\n".join(
        [
            '<bpmn:startEvent id="S"/>',
            script("Init", "fee = 300\nnames = ['山田', '佐藤']"),
            '<bpmn:parallelGateway id="Fork"/>',
            '<bpmn:subProcess id="Review" name="審査"><bpmn:startEvent id="RS"/>'
            '<bpmn:userTask id="Judge" name="判定"/>'
            + script("Note", "note = '審査済み: ' + str(ok)")
            + '<bpmn:endEvent id="RE"/>'
            + chain("RS", "Judge", "Note", "RE", prefix="R")
            + "</bpmn:subProcess>",
            '<bpmn:intermediateCatchEvent id="Week" name="1週間待つ">'
            + timer("timeDuration", '"P7D"')
            + "</bpmn:intermediateCatchEvent>",
            '<bpmn:parallelGateway id="Join"/>',
            '<bpmn:userTask id="Notify" name="通知"/>',
            '<bpmn:endEvent id="E"/>',
            flow("F1", "S", "Init"),
            flow("F2", "Init", "Fork"),
            flow("F3", "Fork", "Review"),
            flow("F4", "Fork", "Week"),
            flow("F5", "Review", "Join"),
            flow("F6", "Week", "Join"),
            flow("F7", "Join", "Notify"),
            flow("F8", "Notify", "E"),
        ]
    ),
    name="ゴールデン",
)
FINAL = {"fee": 300, "names": ["山田", "佐藤"], "ok": True, "note": "審査済み: True", "sent": "済"}


def finish(execution: Execution, clock: ManualClock) -> dict[str, Any]:
    """Drive the golden instance from its waiting point to the end."""
    [judge] = execution.ready_tasks()
    assert (judge.element_id, judge.process_id) == ("Judge", "Review")
    execution.complete(judge.id, {"ok": True})
    [week] = execution.timers()
    assert week.due_at == START + timedelta(days=7)
    clock.set(week.due_at + timedelta(seconds=1))
    execution.advance()
    [notify] = execution.ready_tasks()
    execution.complete(notify.id, {"sent": "済"})
    assert execution.status == "completed"
    return execution.data


def test_golden_state_restores_and_completes(clock: ManualClock) -> None:
    spec = load_spec(SPEC_FILE.read_text(encoding="utf-8"))
    state = STATE_FILE.read_text(encoding="utf-8")
    execution = Execution.from_state(spec, state)
    assert execution.ready_tasks()[0].id == golden_task_id()
    assert finish(execution, clock) == FINAL


def test_golden_state_restores_on_the_spec_built_today(clock: ManualClock) -> None:
    spec = deploy(MODEL).spec
    execution = Execution.from_state(spec, STATE_FILE.read_text(encoding="utf-8"))
    assert finish(execution, clock) == FINAL


def test_spec_built_today_is_stored_as_the_golden_one() -> None:
    golden = json.loads(SPEC_FILE.read_text(encoding="utf-8"))
    assert deploy(MODEL).document == golden


def test_fast_restore_builds_what_the_library_builds(clock: ManualClock) -> None:
    spec = load_spec(SPEC_FILE.read_text(encoding="utf-8"))
    document = json.loads(SPEC_FILE.read_text(encoding="utf-8"))
    state = start(spec).state_json()
    serializer = BpmnWorkflowSerializer(BpmnWorkflowSerializer.configure(SPIFF_CONFIG))
    full = {
        **json.loads(json.dumps(state)),
        "spec": document["spec"],
        "subprocess_specs": document["subprocess_specs"],
    }
    serializer.migrate(full)
    library = serializer.from_dict(full)
    theirs = serializer.to_dict(library)
    del theirs["spec"], theirs["subprocess_specs"]
    theirs["serializer_version"] = "1.5"
    ours = Execution.from_state(spec, json.dumps(state))
    assert ours.state_json() == theirs == state
    assert finish(ours, clock) == FINAL


def test_a_state_with_sorted_keys_keeps_its_data(clock: ManualClock) -> None:
    # Tasks store their data as a change to their parent's, and the library restores them
    # in key order; PostgreSQL's jsonb sorts keys. The golden file is written sorted too.
    state = json.dumps(start(deploy(MODEL).spec).state_json(), sort_keys=True)
    execution = Execution.from_state(deploy(MODEL).spec, state)
    assert execution.ready_tasks()[0].data == {"fee": 300, "names": ["山田", "佐藤"]}


def test_restores_share_the_spec_objects(clock: ManualClock) -> None:
    spec = load_spec(SPEC_FILE.read_text(encoding="utf-8"))
    state = STATE_FILE.read_text(encoding="utf-8")
    first, second = Execution.from_state(spec, state), Execution.from_state(spec, state)
    assert first._workflow.spec is second._workflow.spec is spec.top
    assert first._workflow.subprocess_specs["Review"] is spec.subprocesses["Review"]
    finish(first, clock)  # running one instance must not disturb the other's spec
    clock.set(START)
    assert finish(second, clock) == FINAL


def golden_task_id() -> str:
    state = json.loads(STATE_FILE.read_text(encoding="utf-8"))
    for sub in state["subprocesses"].values():
        for task in sub["tasks"].values():
            if task["task_spec"] == "Judge":
                return str(task["id"])
    raise AssertionError("no Judge task in the golden state")


def write() -> None:
    """Regenerate the golden files (only after a migration for stored data exists)."""
    runnable = deploy(MODEL)
    with using(ManualClock(START)):
        execution = start(Spec.of(runnable.key, runnable.spec.top, runnable.spec.subprocesses))
        state = execution.state_json()
    GOLDEN.mkdir(exist_ok=True)
    for path, value in ((SPEC_FILE, runnable.document), (STATE_FILE, state)):
        text = json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
        path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    if sys.argv[1:] == ["--write"]:
        write()
