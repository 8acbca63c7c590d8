"""The runtime's walk of the task tree finds what the library's iterators find, in order.

``Workflow.get_tasks`` and ``update_waiting_tasks`` walk the tree with ``library._walk``
instead of SpiffWorkflow's general iterators (and not at all when no task is in the state
asked for). Checked against them on every state of every
model scenario, for each kind of query, from the top and from each sub-process, and on a
tree deeper than the iterators' depth limit.
"""

from __future__ import annotations

from typing import Any

import pytest
from SpiffWorkflow.bpmn.util.task import BpmnTaskIterator
from SpiffWorkflow.util.task import TaskIterator, TaskState

from engine.runtime import Execution, ManualClock
from engine.runtime.library import _walk
from tests.engine.runtime.helpers import chain, deploy, drive_states, executable, flow, script
from tests.engine.runtime.test_models import SCENARIOS

MASKS = [
    TaskState.READY,
    TaskState.WAITING,
    TaskState.STARTED,
    TaskState.COMPLETED,
    TaskState.MAYBE | TaskState.LIKELY,
    TaskState.FUTURE,
    TaskState.NOT_FINISHED_MASK,
    TaskState.FINISHED_MASK,
    TaskState.ANY_MASK,
    TaskState.READY | TaskState.COMPLETED,
]


def same_walks(workflow: Any) -> int:
    """Compare every kind of query on ``workflow``; returns how many tasks were compared."""
    seen = 0
    roots = [workflow.task_tree, *(sub.task_tree for sub in workflow.subprocesses.values())]
    for root in roots:
        for state in MASKS:
            for manual in (None, True, False):
                theirs = list(BpmnTaskIterator(root, state=state, manual=manual))
                assert list(_walk(root, state, manual)) == theirs, (state, manual)
                seen += len(theirs)
            plain = list(TaskIterator(root, state=state))
            assert list(_walk(root, state, bpmn=False)) == plain, state
    for state in MASKS:  # the workflow's query, which skips the walk when nothing matches
        for manual in (None, True, False):
            asked = workflow.get_tasks(state=state, manual=manual)
            assert asked == list(BpmnTaskIterator(workflow.task_tree, state=state, manual=manual))
    every = max(1, len(workflow.tasks) // 50)  # on the deep tree, a sample of 50
    for task in list(workflow.tasks.values())[::every]:  # from a task, by spec name
        name = task.task_spec.name
        theirs = list(BpmnTaskIterator(task, spec_name=name))
        assert workflow.get_tasks(task, spec_name=name) == theirs
        assert list(_walk(task, TaskState.ANY_MASK, spec_name=name)) == theirs
    assert workflow.get_tasks() == list(BpmnTaskIterator(workflow.task_tree))
    return seen


@pytest.mark.parametrize("name", SCENARIOS)
def test_walks_agree_on_every_state_of_a_scenario(name: str, clock: ManualClock) -> None:
    scenario = SCENARIOS[name]
    execution = Execution.start(deploy(scenario.files).spec, scenario.data)

    def walks_agree(state: Execution) -> None:
        assert same_walks(state._workflow) > 0

    end = drive_states(
        execution, clock, answers=scenario.answers, plan=list(scenario.plan), on_state=walks_agree
    )
    assert end.status != "running"


def test_walks_agree_beyond_the_depth_limit(clock: ManualClock) -> None:
    # Two tasks a round: 600 rounds make the tree about 1200 deep; the iterators stop
    # descending at depth 1000, whatever that means for the instance, and so does the walk.
    model = executable(
        '<bpmn:startEvent id="S"/>'
        + script("Init", "n = 0")
        + script("Count", "n = n + 1")
        + '<bpmn:exclusiveGateway id="Again" default="Done"/><bpmn:endEvent id="E"/>'
        + chain("S", "Init", "Count", "Again")
        + flow("More", "Again", "Count", "n &lt; 600")
        + flow("Done", "Again", "E")
    )
    execution = Execution.start(deploy(model).spec)
    workflow = execution._workflow
    assert len(workflow.tasks) > 1000
    same_walks(workflow)
    assert len(list(_walk(workflow.task_tree, TaskState.ANY_MASK))) < len(workflow.tasks)
