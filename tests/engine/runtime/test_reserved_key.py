"""The key ``"typename"`` never reaches a saved state, from a script or from outside.

SpiffWorkflow 3.2.0's serializer reads any dict holding it as one of its own objects: such
a state saves, but its restore fails, and the case could never be loaded again. It is
refused where data enters, naming where it is; names merely like it are kept.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from engine.errors import ReservedKeyError, TaskFailedError
from engine.runtime import Execution, ManualClock, Spec, start
from tests.engine.runtime.helpers import chain, deploy, executable, roundtrip, script
from tests.engine.runtime.test_execution import WAITS  # waits for the message "document"

S = '<bpmn:startEvent id="S"/>'
E = '<bpmn:endEvent id="E"/>'


def ask_then_run(text: str) -> Spec:
    """A form, then a script running ``text``, then another form."""
    body = (
        S
        + '<bpmn:userTask id="Ask"/>'
        + script("Run", text, name="種別の設定")
        + '<bpmn:userTask id="Next"/>'
        + E
        + chain("S", "Ask", "Run", "Next", "E")
    )
    return deploy(executable(body)).spec


@pytest.mark.parametrize(
    ("text", "variable"),
    [
        ("typename = 'x'", "typename"),
        ("result = {'a': {'typename': 1}}", "result.a.typename"),
        ("rows = [{'ok': 1}, {'typename': 'x'}]", "rows[1].typename"),
    ],
    ids=["variable", "nested", "in-list"],
)
def test_a_script_leaving_the_key_fails_its_step_and_the_state_before_restores(
    text: str, variable: str, clock: ManualClock
) -> None:
    execution = start(ask_then_run(text))
    [ask] = execution.ready_tasks()
    before = json.dumps(execution.state_json())
    with pytest.raises(TaskFailedError) as failed:
        execution.complete(ask.id, {"note": "a"})
    error = failed.value
    assert (error.code, error.element) == ("runtime.data-reserved-key", "Run")
    assert error.category == "input"
    assert error.params["variable"] == variable
    assert error.params["name"] == "種別の設定"
    for lang in ("ja", "en"):
        assert variable in error.message(lang)
        assert "typename" in error.message(lang)
    assert execution.status == "error"
    # The state saved before the step is whole: it restores and the form is still ready.
    restored = Execution.from_state(execution.spec, before)
    assert [t.id for t in restored.ready_tasks()] == [ask.id]


@pytest.mark.parametrize(
    ("answers", "path"),
    [
        ({"typename": "a"}, "data.typename"),
        ({"x": {"typename": "a"}}, "data.x.typename"),
        ({"rows": [{"a": 1}, {"b": {"typename": None}}]}, "data.rows[1].b.typename"),
    ],
    ids=["top", "nested", "in-list"],
)
def test_answers_holding_the_key_are_refused_naming_the_path(
    answers: dict[str, Any], path: str, clock: ManualClock
) -> None:
    execution = start(ask_then_run("done = True"))
    [ask] = execution.ready_tasks()
    state = execution.state_json()
    with pytest.raises(ReservedKeyError) as refused:
        execution.complete(ask.id, answers)
    error = refused.value
    assert (error.code, error.category) == ("runtime.reserved-key", "input")
    assert error.params == {"path": path}
    for lang in ("ja", "en"):
        assert path in error.message(lang)
    # Nothing happened: the form is still ready, the execution still works.
    assert execution.state_json() == state
    assert execution.status == "running"
    execution.complete(ask.id, {"type_name": "a"})
    assert execution.data == {"type_name": "a", "done": True}


def test_start_data_and_payloads_holding_the_key_are_refused(clock: ManualClock) -> None:
    with pytest.raises(ReservedKeyError) as at_start:
        start(ask_then_run("done = True"), {"form": {"typename": "x"}})
    assert at_start.value.params["path"] == "data.form.typename"

    execution = start(WAITS)
    state = execution.state_json()
    with pytest.raises(ReservedKeyError) as sent:
        execution.send_message("document", {"typename": "x"})
    assert sent.value.params["path"] == "message.payload.typename"
    assert execution.state_json() == state


def test_names_like_it_are_kept_and_restore(clock: ManualClock) -> None:
    execution = start(
        ask_then_run("type_name = 'x'\ntypeName = {'Typename': [{'typenames': 1}]}"),
        {"TYPENAME": 1},
    )
    execution.complete(execution.ready_tasks()[0].id, {"kind": {"type_name": "typename"}})
    expected = {
        "TYPENAME": 1,
        "kind": {"type_name": "typename"},
        "type_name": "x",
        "typeName": {"Typename": [{"typenames": 1}]},
    }
    assert execution.data == expected
    restored = roundtrip(execution)
    assert restored.data == expected
    assert restored.ready_tasks() == execution.ready_tasks()
