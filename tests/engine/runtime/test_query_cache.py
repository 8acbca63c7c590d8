"""Data and status are kept between commands, and forgotten by every command.

The service asks for them several times around each command; ``Execution`` answers from
what it kept since the last command. These pin that the answers are those of the uncached
queries at every point, and that callers still get copies they may change.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from engine.errors import TaskFailedError
from engine.runtime import Execution, ManualClock, start
from tests.engine.runtime.helpers import chain, deploy, executable, roundtrip, script
from tests.engine.runtime.test_models import SCENARIOS

MODEL = executable(
    '<bpmn:startEvent id="S"/>'
    + script("Calc", "a = 1")
    + '<bpmn:userTask id="Ask"/>'
    + script("More", "b = b * 2")
    + '<bpmn:userTask id="Check"/><bpmn:endEvent id="E"/>'
    + chain("S", "Calc", "Ask", "More", "Check", "E")
)


def uncached(execution: Execution) -> tuple[dict[str, Any], bool]:
    """Data and completion as a fresh restore of the same state answers them."""
    fresh = roundtrip(execution)
    return fresh.data, fresh.status == "completed"


def status_of(execution: Execution) -> str:
    return execution.status  # a fresh read (mypy narrows repeated property reads)


def test_data_and_status_follow_every_command(clock: ManualClock) -> None:
    execution = start(deploy(MODEL).spec, {"b": 1})
    for answers in ({"b": 5}, {"ok": "済"}):
        assert (execution.data, status_of(execution) == "completed") == uncached(execution)
        assert status_of(execution) == "running"
        [task] = execution.ready_tasks()
        execution.complete(task.id, answers)
        assert (execution.data, status_of(execution) == "completed") == uncached(execution)
    assert status_of(execution) == "completed"
    assert execution.data == {"b": 10, "a": 1, "ok": "済"}


def test_data_json_is_the_compact_text_of_data(clock: ManualClock) -> None:
    execution = start(deploy(MODEL).spec, {"名前": "山田"})
    text = execution.data_json()
    assert text == json.dumps(execution.data, ensure_ascii=False, separators=(",", ":"))
    assert "山田" in text


def test_returned_data_is_a_copy_every_time(clock: ManualClock) -> None:
    execution = start(deploy(MODEL).spec, {"b": 1, "items": [1]})
    first = execution.data
    first["b"] = 99
    first["items"].append(2)
    assert execution.data == {"b": 1, "items": [1], "a": 1}
    assert execution.data is not execution.data


def test_a_failed_command_forgets_too(clock: ManualClock) -> None:
    execution = start(deploy(MODEL).spec, {"b": "x" * 10})
    assert execution.status == "running"
    [task] = execution.ready_tasks()
    with pytest.raises(TaskFailedError):
        execution.complete(task.id, {"b": None})  # None * 2 fails in "More"
    assert status_of(execution) == "error"


@pytest.mark.parametrize("name", ["boundary-timer-interrupting", "message-start-catch-receive"])
def test_timers_and_messages_forget(name: str, clock: ManualClock) -> None:
    scenario = SCENARIOS[name]
    execution = Execution.start(deploy(scenario.files).spec, scenario.data)
    for action in scenario.plan:
        execution.data  # noqa: B018  (kept before the command)
        action(execution, clock)
        assert (execution.data, execution.status == "completed") == uncached(execution)
