"""An instance through the typed API: commands, queries, typed errors, JSON-only data."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from engine.errors import (
    InvalidDataError,
    MessageNotExpectedError,
    StateError,
    TaskFailedError,
    TaskNotFoundError,
    TaskNotReadyError,
)
from engine.runtime import Execution, ManualClock, Spec, start
from tests.engine.runtime.conftest import START
from tests.engine.runtime.helpers import chain, deploy, executable, flow, roundtrip, script, timer

S = '<bpmn:startEvent id="S"/>'
E = '<bpmn:endEvent id="E"/>'


def spec_of(body: str, roots: str = "") -> Spec:
    return deploy(executable(body, roots=roots)).spec


TWO_TASKS = spec_of(
    S
    + '<bpmn:userTask id="First" name="一つ目"/>'
    + '<bpmn:boundaryEvent id="Late" attachedToRef="First">'
    + timer("timeDuration", '"P1D"')
    + "</bpmn:boundaryEvent>"
    + '<bpmn:userTask id="Second" name="二つ目"/>'
    + script("Late_", "late = True")
    + E
    + '<bpmn:endEvent id="E2"/>'
    + chain("S", "First", "Second", "E")
    + flow("X1", "Late", "Late_")
    + flow("X2", "Late_", "E2")
)


# --- completing tasks ---------------------------------------------------------------------
def test_complete_merges_answers_and_runs_on(clock: ManualClock) -> None:
    execution = start(TWO_TASKS, {"a": {"x": 1}})
    [first] = execution.ready_tasks()
    execution.complete(first.id, {"a": {"y": 2}, "b": 3})
    [second] = execution.ready_tasks()
    assert second.element_id == "Second"
    assert second.data == {"a": {"x": 1, "y": 2}, "b": 3}
    assert execution.timers() == []  # the boundary timer went with its task
    execution.complete(second.id)
    assert execution.status == "completed"
    assert execution.data == {"a": {"x": 1, "y": 2}, "b": 3}


@pytest.mark.parametrize("task_id", ["not-a-uuid", str(uuid.uuid4()), ""])
def test_an_unknown_task_is_not_found(task_id: str, clock: ManualClock) -> None:
    execution = start(TWO_TASKS)
    with pytest.raises(TaskNotFoundError) as missing:
        execution.complete(task_id)
    assert missing.value.category == "not_found"
    assert missing.value.code == "runtime.task-not-found"


def test_a_task_that_is_done_or_not_a_persons_is_not_ready(clock: ManualClock) -> None:
    execution = start(TWO_TASKS)
    [first] = execution.ready_tasks()
    [waiting] = execution.timers()
    with pytest.raises(TaskNotReadyError) as timer_task:
        execution.complete(waiting.task_id)
    assert timer_task.value.params["state"] == "WAITING"
    execution.complete(first.id)
    with pytest.raises(TaskNotReadyError) as again:
        execution.complete(first.id)
    assert again.value.category == "conflict"
    assert again.value.params["element"] == "First"
    assert "First" in again.value.message("ja")


def test_a_task_taken_away_by_a_due_timer_is_not_ready(clock: ManualClock) -> None:
    execution = start(TWO_TASKS)
    [first] = execution.ready_tasks()
    clock.advance(days=1, seconds=1)  # due, but nobody has called advance() yet
    with pytest.raises(TaskNotReadyError):
        execution.complete(first.id)
    assert execution.status == "completed"  # the timer's path ran; nothing failed
    assert execution.data == {"late": True}


@pytest.mark.parametrize(
    ("answers", "path"),
    [
        ({"price": Decimal("1.5")}, "data.price"),
        ({"when": {"gap": timedelta(days=1)}}, "data.when.gap"),
        ({"ratio": float("nan")}, "data.ratio"),
        ({"counts": {1: "one"}}, "data.counts[1]"),
        ({"thing": object()}, "data.thing"),
        ({"name": ["ok", "\ud800"]}, "data.name[1]"),  # JSON can spell it, UTF-8 cannot
        ({"a": {"\udfff": 1}}, "data.a.\\udfff"),
    ],
    ids=["decimal", "timedelta", "nan", "int-key", "object", "lone-surrogate", "surrogate-key"],
)
def test_answers_must_be_json(answers: dict[str, Any], path: str, clock: ManualClock) -> None:
    execution = start(TWO_TASKS)
    [first] = execution.ready_tasks()
    with pytest.raises(InvalidDataError) as refused:
        execution.complete(first.id, answers)
    assert refused.value.params["path"] == path
    assert execution.ready_tasks()[0].id == first.id  # nothing happened


def test_convertible_answers_are_converted(clock: ManualClock) -> None:
    execution = start(TWO_TASKS)
    execution.complete(
        execution.ready_tasks()[0].id,
        {"day": date(2026, 4, 1), "tags": {"b", "a"}, "pair": (1, 2)},
    )
    assert execution.ready_tasks()[0].data == {
        "day": "2026-04-01",
        "tags": ["a", "b"],
        "pair": [1, 2],
    }


# --- what scripts leave in the data ------------------------------------------------------
def test_script_values_are_made_json(clock: ManualClock) -> None:
    spec = spec_of(
        S
        + script(
            "Make",
            "tags = {'b', 'a', 'c'}\nmixed = {1, 'x'}\nwhen = datetime(2026, 4, 1, 9, 0)\n"
            "day = date(2026, 4, 1)\npoint = (1, 2)\nnested = {'s': {3, 1}}",
        )
        + '<bpmn:userTask id="U"/>'
        + E
        + chain("S", "Make", "U", "E")
    )
    execution = start(spec)
    data = execution.ready_tasks()[0].data
    assert data == {
        "tags": ["a", "b", "c"],
        "mixed": [1, "x"],
        "when": "2026-04-01T09:00:00",
        "day": "2026-04-01",
        "point": [1, 2],
        "nested": {"s": [1, 3]},
    }
    assert json.loads(json.dumps(execution.state_json())) == execution.state_json()


def test_a_value_that_cannot_be_saved_fails_naming_the_variable(clock: ManualClock) -> None:
    spec = spec_of(
        S
        + script("Gap", "result = {'wait': timedelta(days=3)}", name="待ち時間")
        + E
        + chain("S", "Gap", "E")
    )
    with pytest.raises(TaskFailedError) as failed:
        start(spec)
    error = failed.value
    assert error.code == "runtime.data-not-json"
    assert error.element == "Gap"
    assert error.params["variable"] == "result.wait"
    assert error.params["kind"] == "timedelta"
    assert "result.wait" in error.message("ja")
    assert "待ち時間" in error.message("ja")


def test_text_a_script_breaks_is_not_saved(clock: ManualClock) -> None:
    spec = spec_of(S + script("Cut", "half = '\\ud800'") + E + chain("S", "Cut", "E"))
    with pytest.raises(TaskFailedError) as failed:
        start(spec)
    assert (failed.value.code, failed.value.element) == ("runtime.data-not-json", "Cut")
    assert failed.value.params["variable"] == "half"


# --- failures -----------------------------------------------------------------------------
DIVIDE = spec_of(
    S
    + '<bpmn:userTask id="Ask"/>'
    + script("Split", "share = 100\nshare = share / people", name="按分")
    + '<bpmn:userTask id="Show"/>'
    + E
    + chain("S", "Ask", "Split", "Show", "E")
)


def test_a_failing_script_names_element_line_and_error(clock: ManualClock) -> None:
    execution = start(DIVIDE)
    saved = json.dumps(execution.state_json())
    ask = execution.ready_tasks()[0]
    with pytest.raises(TaskFailedError) as failed:
        execution.complete(ask.id, {"people": 0})
    error = failed.value
    assert error.code == "runtime.script-error"
    assert (error.element, error.line) == ("Split", 2)
    assert error.params["where"] == "script"
    assert error.params["source"] == "share = share / people"
    assert error.params["detail"].startswith("ZeroDivisionError")
    assert error.message("en").startswith('Split: the script of "按分" failed: ZeroDivisionError')
    assert error.message("en").endswith("(line 2: share = share / people)")
    assert "2 行目" in error.message("ja")
    assert execution.status == "error"
    # The caller keeps the state saved before the step; from there it can go on.
    again = Execution.from_state(DIVIDE, saved)
    again.complete(ask.id, {"people": 4})
    assert again.ready_tasks()[0].data["share"] == 25


def test_no_gateway_path_is_its_own_error(clock: ManualClock) -> None:
    spec = spec_of(
        S
        + '<bpmn:exclusiveGateway id="G" name="区分"/>'
        + script("A", "a = 1")
        + E
        + flow("F1", "S", "G")
        + flow("F2", "G", "A", "kind == 'x'")
        + flow("F3", "A", "E")
    )
    with pytest.raises(TaskFailedError) as failed:
        start(spec, {"kind": "y"})
    assert failed.value.code == "runtime.no-path"
    assert failed.value.element == "G"
    assert "区分" in failed.value.message("ja")


def test_a_bad_timer_value_names_the_timer(clock: ManualClock) -> None:
    # Bare ISO text, as bpmn.io writes it: Python sees a name.
    spec = spec_of(
        S
        + '<bpmn:intermediateCatchEvent id="Wait">'
        + timer("timeDuration", "P14D")
        + "</bpmn:intermediateCatchEvent>"
        + E
        + chain("S", "Wait", "E")
    )
    with pytest.raises(TaskFailedError) as failed:
        start(spec)
    assert failed.value.code == "runtime.script-error"
    assert failed.value.element == "Wait"
    assert failed.value.params["where"] == "timer"
    assert "NameError" in failed.value.params["detail"]


def test_a_failing_pre_script_says_so(clock: ManualClock) -> None:
    spec = spec_of(
        S + '<bpmn:userTask id="U"><bpmn:extensionElements><spiffworkflow:preScript>'
        "ok = 1\nmissing_name + 1</spiffworkflow:preScript></bpmn:extensionElements>"
        "</bpmn:userTask>" + E + chain("S", "U", "E")
    )
    with pytest.raises(TaskFailedError) as failed:
        start(spec)
    assert failed.value.params["where"] == "pre-script"
    assert failed.value.line == 2
    assert "事前スクリプト" in failed.value.message("ja")


def test_a_decision_failure_names_the_task(clock: ManualClock) -> None:
    from tests.engine.runtime.test_models import DECISION, DMN

    spec = deploy({"main.bpmn": DECISION, "fees.dmn": DMN}).spec
    with pytest.raises(TaskFailedError) as failed:
        start(spec, {"kind": "resident"})  # no "copies"
    assert failed.value.element == "Decide"
    assert failed.value.params["where"] == "decision"
    assert "copies" in failed.value.params["detail"]


# --- timers -------------------------------------------------------------------------------
def test_timers_are_listed_with_their_due_time_in_utc(clock: ManualClock) -> None:
    execution = start(TWO_TASKS)
    [pending] = execution.timers()
    assert pending.element_id == "Late"
    assert pending.process_id == "P"
    assert pending.due_at == START + timedelta(days=1)
    assert pending.due_at.tzinfo is UTC
    assert type(pending.due_at) is datetime
    assert execution.next_due() == pending.due_at


def test_a_due_timer_fires_on_advance_and_takes_the_task_at_once(clock: ManualClock) -> None:
    execution = start(TWO_TASKS)
    clock.advance(hours=23)
    execution.advance()
    assert [t.element_id for t in execution.ready_tasks()] == ["First"]
    clock.advance(hours=1, seconds=1)
    execution.advance()
    assert execution.ready_tasks() == []  # one call: no stale READY task left behind
    assert execution.status == "completed"
    assert execution.data == {"late": True}


def test_data_after_an_interrupting_timer_is_the_timer_paths(clock: ManualClock) -> None:
    # The library completes the boundary event's join last, with the data of the cancelled
    # task; the instance's data is what the timer's path made.
    body = (
        S
        + '<bpmn:userTask id="Work"/><bpmn:boundaryEvent id="Due" attachedToRef="Work">'
        + timer("timeDuration", '"P1D"')
        + "</bpmn:boundaryEvent>"
        + script("Note", "late = True")
        + '<bpmn:userTask id="Chase"/>'
        + E
        + '<bpmn:endEvent id="E2"/>'
        + chain("S", "Work", "E")
        + chain("Due", "Note", "Chase", "E2", prefix="X")
    )
    execution = start(spec_of(body), {"a": 1})
    clock.advance(days=1, seconds=1)
    execution.advance()
    [chase] = execution.ready_tasks()
    assert chase.element_id == "Chase"
    assert execution.data == chase.data == {"a": 1, "late": True}
    assert roundtrip(execution).data == {"a": 1, "late": True}


def test_timers_that_came_due_while_down_fire_on_the_first_advance(clock: ManualClock) -> None:
    saved = json.dumps(start(TWO_TASKS).state_json())
    clock.advance(days=30)  # the server was off for a month
    execution = Execution.from_state(TWO_TASKS, saved)
    assert execution.timers()[0].due_at < clock()
    execution.advance()
    assert execution.status == "completed"


# --- messages -----------------------------------------------------------------------------
WAITS = spec_of(
    S
    + '<bpmn:receiveTask id="Get" messageRef="Msg_doc"/>'
    + '<bpmn:endEvent id="E"><bpmn:messageEventDefinition messageRef="Msg_done">'
    "<bpmn:extensionElements><spiffworkflow:messagePayload>{'doc': doc}"
    "</spiffworkflow:messagePayload></bpmn:extensionElements></bpmn:messageEventDefinition>"
    "</bpmn:endEvent>" + chain("S", "Get", "E"),
    roots='<bpmn:message id="Msg_doc" name="document"/><bpmn:message id="Msg_done" name="done"/>',
)


def test_messages_are_delivered_and_thrown_ones_collected(clock: ManualClock) -> None:
    execution = start(WAITS)
    assert execution.waiting_messages() == ["document"]
    with pytest.raises(MessageNotExpectedError):
        execution.send_message("done", {})  # known to the model, but nothing waits for it
    with pytest.raises(MessageNotExpectedError) as unknown:
        execution.send_message("nonsense")
    assert unknown.value.category == "conflict"
    execution = roundtrip(execution)
    execution.send_message("document", {"doc": "住民票"})
    assert execution.status == "completed"
    [sent] = execution.take_messages()
    assert (sent.name, sent.payload) == ("done", {"doc": "住民票"})
    assert execution.take_messages() == []


def test_a_payload_must_be_json(clock: ManualClock) -> None:
    execution = start(WAITS)
    with pytest.raises(InvalidDataError) as refused:
        execution.send_message("document", {"amount": Decimal(1)})
    assert refused.value.params["path"] == "message.payload.amount"


# --- state and queries --------------------------------------------------------------------
def test_state_is_json_without_the_spec(clock: ManualClock) -> None:
    execution = start(TWO_TASKS, {"name": "山田"})
    state = execution.state_json()
    assert json.loads(json.dumps(state)) == state
    assert "spec" not in state
    assert "subprocess_specs" not in state
    assert state["serializer_version"] == "1.5"
    restored = roundtrip(execution)
    assert restored.ready_tasks() == execution.ready_tasks()
    assert restored.timers() == execution.timers()
    assert restored.state_json() == state


@pytest.mark.parametrize(
    "state",
    ["not json", "{}", json.dumps({"tasks": {}, "serializer_version": "1.5"})],
    ids=["not-json", "empty", "broken"],
)
def test_a_state_that_cannot_be_restored_is_a_state_error(state: str) -> None:
    with pytest.raises(StateError):
        Execution.from_state(TWO_TASKS, state)


def test_start_without_advancing_runs_nothing(clock: ManualClock) -> None:
    execution = start(DIVIDE, advance=False)
    assert execution.ready_tasks() == []
    assert execution.status == "running"
    execution.advance()
    assert [t.element_id for t in execution.ready_tasks()] == ["Ask"]


def test_progress_lists_done_then_current_elements(clock: ManualClock) -> None:
    execution = start(DIVIDE)
    assert execution.progress().completed == ("S",)
    assert execution.progress().active == ("Ask",)
    execution.complete(execution.ready_tasks()[0].id, {"people": 2})
    progress = roundtrip(execution).progress()
    assert progress.completed == ("S", "Ask", "Split")
    assert progress.active == ("Show",)


def test_a_spec_the_library_cannot_start_is_a_task_failure() -> None:
    # Reserved ids are refused at deploy time; a spec built around the check still fails
    # as one of ours, not as the library's exception.
    from tests.engine.runtime.test_safety import parsed

    body = '<bpmn:startEvent id="Start"/><bpmn:endEvent id="E"/>' + chain("Start", "E")
    spec = parsed({"main.bpmn": executable(body)})
    with pytest.raises(TaskFailedError) as failed:
        start(spec)
    assert failed.value.code == "runtime.engine-error"


def test_start_data_must_be_json() -> None:
    with pytest.raises(InvalidDataError):
        start(TWO_TASKS, {"x": Decimal(1)})
