"""Small models of every construct machiflow runs, each driven to its end twice: straight,
and saved -> restored -> continued after every step. Both runs must end the same way."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pytest

from engine.runtime import ManualClock
from tests.engine.runtime.conftest import START
from tests.engine.runtime.helpers import (
    Action,
    Run,
    chain,
    complete,
    deploy,
    drive,
    executable,
    flow,
    script,
    send,
    timer,
    wait,
)
from tests.factories import definitions

S = '<bpmn:startEvent id="S"/>'
E = '<bpmn:endEvent id="E"/>'


def user(element_id: str, name: str = "", extra: str = "") -> str:
    label = f' name="{name}"' if name else ""
    return f'<bpmn:userTask id="{element_id}"{label}>{extra}</bpmn:userTask>'


# --- the models ---------------------------------------------------------------------------
EXCLUSIVE = executable(
    "\n".join(
        [
            S,
            user("Ask", "金額の入力"),
            '<bpmn:exclusiveGateway id="G" default="Small"/>',
            script("Big_", 'route = "big"'),
            script("Small_", 'route = "small"'),
            '<bpmn:exclusiveGateway id="J"/>',
            E,
            flow("F1", "S", "Ask"),
            flow("F2", "Ask", "G"),
            flow("Big", "G", "Big_", "amount &gt; 100"),
            flow("Small", "G", "Small_"),
            flow("F3", "Big_", "J"),
            flow("F4", "Small_", "J"),
            flow("F5", "J", "E"),
        ]
    )
)

INCLUSIVE = executable(
    "\n".join(
        [
            S,
            '<bpmn:inclusiveGateway id="G" default="None_"/>',
            script("A", "a_done = True"),
            script("B", "b_done = True"),
            script("N", "none_done = True"),
            '<bpmn:inclusiveGateway id="J"/>',
            E,
            flow("F1", "S", "G"),
            flow("ToA", "G", "A", "need_a"),
            flow("ToB", "G", "B", "need_b"),
            flow("None_", "G", "N"),
            flow("F2", "A", "J"),
            flow("F3", "B", "J"),
            flow("F4", "N", "J"),
            flow("F5", "J", "E"),
        ]
    )
)

PARALLEL = executable(
    "\n".join(
        [
            S,
            '<bpmn:parallelGateway id="Fork"/>',
            user("Check", "書類確認"),
            user("Pay", "入金確認"),
            '<bpmn:parallelGateway id="Join"/>',
            script("Sum", "both = checked and paid"),
            E,
            flow("F1", "S", "Fork"),
            flow("F2", "Fork", "Check"),
            flow("F3", "Fork", "Pay"),
            flow("F4", "Check", "Join"),
            flow("F5", "Pay", "Join"),
            flow("F6", "Join", "Sum"),
            flow("F7", "Sum", "E"),
        ]
    )
)

EVENT_GATEWAY = executable(
    "\n".join(
        [
            S,
            '<bpmn:eventBasedGateway id="G"/>',
            '<bpmn:intermediateCatchEvent id="Paid"><bpmn:messageEventDefinition'
            ' messageRef="Msg_paid"/></bpmn:intermediateCatchEvent>',
            '<bpmn:intermediateCatchEvent id="Late">'
            + timer("timeDuration", '"P14D"')
            + "</bpmn:intermediateCatchEvent>",
            script("OnPaid", 'outcome = "paid"'),
            script("OnLate", 'outcome = "late"'),
            E,
            '<bpmn:endEvent id="E2"/>',
            flow("F1", "S", "G"),
            flow("F2", "G", "Paid"),
            flow("F3", "G", "Late"),
            flow("F4", "Paid", "OnPaid"),
            flow("F5", "Late", "OnLate"),
            flow("F6", "OnPaid", "E"),
            flow("F7", "OnLate", "E2"),
        ]
    ),
    roots='<bpmn:message id="Msg_paid" name="paid"/>',
)

SUBPROCESS = executable(
    "\n".join(
        [
            S,
            '<bpmn:subProcess id="Review" name="審査">'
            '<bpmn:startEvent id="RS"/>'
            + user("Judge", "判定")
            + script("Note", "note = 'judged ' + str(ok)")
            + '<bpmn:endEvent id="RE"/>'
            + chain("RS", "Judge", "Note", "RE", prefix="R")
            + "</bpmn:subProcess>",
            script("After", "done = ok"),
            E,
            chain("S", "Review", "After", "E"),
        ]
    )
)

CALLED = executable(
    "\n".join(
        [
            S,
            user("Fill", "申請書の記入"),
            script("Stamp", "stamped = True"),
            E,
            chain("S", "Fill", "Stamp", "E"),
        ]
    ),
    process_id="Sub",
)
CALLER = executable(
    "\n".join(
        [
            S,
            script("Before", "fee = 300"),
            '<bpmn:callActivity id="Call" name="申請" calledElement="Sub"/>',
            script("After", "total = fee * copies"),
            E,
            chain("S", "Before", "Call", "After", "E"),
        ]
    )
)


def boundary_timer(interrupting: bool) -> bytes:
    cancel = "true" if interrupting else "false"
    return executable(
        "\n".join(
            [
                S,
                user("Work", "審査"),
                f'<bpmn:boundaryEvent id="Deadline" attachedToRef="Work" cancelActivity="{cancel}">'
                + timer("timeDuration", '"P3D"')
                + "</bpmn:boundaryEvent>",
                script("Remind", "reminded = True"),
                script("Done", "worked = True"),
                E,
                '<bpmn:endEvent id="E2"/>',
                flow("F1", "S", "Work"),
                flow("F2", "Work", "Done"),
                flow("F3", "Done", "E"),
                flow("F4", "Deadline", "Remind"),
                flow("F5", "Remind", "E2"),
            ]
        )
    )


INTERMEDIATE_TIMER = executable(
    "\n".join(
        [
            S,
            script("Before", "x = 1"),
            '<bpmn:intermediateCatchEvent id="Wait" name="1時間待つ">'
            + timer("timeDuration", '"PT1H"')
            + "</bpmn:intermediateCatchEvent>",
            '<bpmn:intermediateCatchEvent id="Until">'
            + timer("timeDate", '"2026-04-02T09:00:00+09:00"')
            + "</bpmn:intermediateCatchEvent>",
            script("After", "x = x + 1"),
            E,
            chain("S", "Before", "Wait", "Until", "After", "E"),
        ]
    )
)

MESSAGES = executable(
    "\n".join(
        [
            '<bpmn:startEvent id="S"><bpmn:messageEventDefinition messageRef="Msg_apply"/>'
            "</bpmn:startEvent>",
            '<bpmn:intermediateCatchEvent id="Paid"><bpmn:messageEventDefinition'
            ' messageRef="Msg_paid"><bpmn:extensionElements><spiffworkflow:messageVariable>'
            "payment</spiffworkflow:messageVariable></bpmn:extensionElements>"
            "</bpmn:messageEventDefinition></bpmn:intermediateCatchEvent>",
            '<bpmn:receiveTask id="Receipt" messageRef="Msg_receipt"/>',
            script("Total", "total = payment['amount'] + extra"),
            E,
            chain("S", "Paid", "Receipt", "Total", "E"),
        ]
    ),
    roots=(
        '<bpmn:message id="Msg_apply" name="apply"/><bpmn:message id="Msg_paid" name="paid"/>'
        '<bpmn:message id="Msg_receipt" name="receipt"/>'
    ),
)

DMN = b"""<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="Defs" name="fees"
  namespace="http://example.org/machiflow-tests">
  <decision id="fee_decision" name="Fee">
    <decisionTable id="FeeTable" hitPolicy="UNIQUE">
      <input id="In_kind" label="Kind">
        <inputExpression id="In_kind_expr" typeRef="string"><text>kind</text></inputExpression>
      </input>
      <input id="In_copies" label="Copies">
        <inputExpression id="In_copies_expr" typeRef="integer"><text>copies</text></inputExpression>
      </input>
      <output id="Out_fee" label="Fee" name="fee" typeRef="integer"/>
      <rule id="Rule_1">
        <inputEntry id="R1_kind"><text>"resident"</text></inputEntry>
        <inputEntry id="R1_copies"><text>&lt; 3</text></inputEntry>
        <outputEntry id="R1_fee"><text>300 * copies</text></outputEntry>
      </rule>
      <rule id="Rule_2">
        <inputEntry id="R2_kind"><text>"resident"</text></inputEntry>
        <inputEntry id="R2_copies"><text>-</text></inputEntry>
        <outputEntry id="R2_fee"><text>250 * copies</text></outputEntry>
      </rule>
      <rule id="Rule_3">
        <inputEntry id="R3_kind"><text>-</text></inputEntry>
        <inputEntry id="R3_copies"><text>-</text></inputEntry>
        <outputEntry id="R3_fee"><text>1000</text></outputEntry>
      </rule>
    </decisionTable>
  </decision>
</definitions>
"""
DECISION = executable(
    "\n".join(
        [
            S,
            '<bpmn:businessRuleTask id="Decide" name="手数料の決定"><bpmn:extensionElements>'
            "<spiffworkflow:calledDecisionId>fee_decision</spiffworkflow:calledDecisionId>"
            "</bpmn:extensionElements></bpmn:businessRuleTask>",
            E,
            chain("S", "Decide", "E"),
        ]
    )
)

ERROR_BOUNDARY = executable(
    "\n".join(
        [
            S,
            '<bpmn:subProcess id="Check" name="確認"><bpmn:startEvent id="CS"/>'
            + script("Inspect", "valid = age >= 18")
            + '<bpmn:exclusiveGateway id="CG" default="Ok"/>'
            + '<bpmn:endEvent id="Fail"><bpmn:errorEventDefinition errorRef="Err_invalid"/>'
            "</bpmn:endEvent>"
            + '<bpmn:endEvent id="CE"/>'
            + flow("C1", "CS", "Inspect")
            + flow("C2", "Inspect", "CG")
            + flow("Bad", "CG", "Fail", "not valid")
            + flow("Ok", "CG", "CE")
            + "</bpmn:subProcess>",
            '<bpmn:boundaryEvent id="Caught" attachedToRef="Check">'
            '<bpmn:errorEventDefinition errorRef="Err_invalid"/></bpmn:boundaryEvent>',
            script("Reject", 'result = "rejected"'),
            script("Accept", 'result = "accepted"'),
            E,
            '<bpmn:endEvent id="E2"/>',
            chain("S", "Check", "Accept", "E"),
            flow("X1", "Caught", "Reject"),
            flow("X2", "Reject", "E2"),
        ]
    ),
    roots='<bpmn:error id="Err_invalid" name="invalid" errorCode="INVALID"/>',
)

PRE_POST = executable(
    "\n".join(
        [
            S,
            user(
                "Form",
                "入力",
                "<bpmn:extensionElements>"
                "<spiffworkflow:preScript>shown = greeting + '!'</spiffworkflow:preScript>"
                "<spiffworkflow:postScript>echo = answer * 2</spiffworkflow:postScript>"
                "</bpmn:extensionElements>",
            ),
            script(
                "Calc",
                "lines = []\nfor i in range(3):\n    lines.append(i * i)\ntotal = sum(lines)",
                extra="<bpmn:extensionElements>"
                "<spiffworkflow:preScript>before = 1</spiffworkflow:preScript>"
                "<spiffworkflow:postScript>after = total + before</spiffworkflow:postScript>"
                "</bpmn:extensionElements>",
            ),
            E,
            chain("S", "Form", "Calc", "E"),
        ]
    )
)

MULTI_INSTANCE = executable(
    "\n".join(
        [
            S,
            '<bpmn:scriptTask id="Double"><bpmn:multiInstanceLoopCharacteristics>'
            "<bpmn:loopDataInputRef>items</bpmn:loopDataInputRef>"
            "<bpmn:loopDataOutputRef>doubled</bpmn:loopDataOutputRef>"
            '<bpmn:inputDataItem id="item" name="item"/>'
            '<bpmn:outputDataItem id="twice" name="twice"/>'
            "</bpmn:multiInstanceLoopCharacteristics>"
            "<bpmn:script>twice = item * 2</bpmn:script></bpmn:scriptTask>",
            '<bpmn:userTask id="Sign" name="押印"><bpmn:multiInstanceLoopCharacteristics'
            ' isSequential="true"><bpmn:loopCardinality>signers</bpmn:loopCardinality>'
            "<bpmn:loopDataOutputRef>signatures</bpmn:loopDataOutputRef>"
            '<bpmn:outputDataItem id="signature" name="signature"/>'
            "</bpmn:multiInstanceLoopCharacteristics></bpmn:userTask>",
            E,
            chain("S", "Double", "Sign", "E"),
        ]
    )
)

LOOP = executable(
    "\n".join(
        [
            S,
            script("Init", "count = 0"),
            user("Visit", "訪問"),
            script("Count", "count = count + 1\nvisits = visits + [count]"),
            '<bpmn:exclusiveGateway id="Again" default="Enough"/>',
            E,
            chain("S", "Init", "Visit", "Count", "Again"),
            flow("More", "Again", "Visit", "count &lt; 3"),
            flow("Enough", "Again", "E"),
        ]
    )
)


# --- scenarios ----------------------------------------------------------------------------
@dataclass
class Scenario:
    files: Mapping[str, bytes] | bytes
    expected: Mapping[str, Any]
    data: Mapping[str, Any] = field(default_factory=dict)
    answers: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    plan: list[Action] = field(default_factory=list)
    path: tuple[str, ...] = ()  # element ids that must have completed
    not_path: tuple[str, ...] = ()  # element ids that must not have completed


SCENARIOS: dict[str, Scenario] = {
    "exclusive-condition": Scenario(
        EXCLUSIVE, {"route": "big"}, answers={"Ask": {"amount": 500}}, path=("Big_",)
    ),
    "exclusive-default": Scenario(
        EXCLUSIVE, {"route": "small"}, answers={"Ask": {"amount": 5}}, not_path=("Big_",)
    ),
    "inclusive-two-of-three": Scenario(
        INCLUSIVE,
        {"a_done": True, "b_done": True},
        data={"need_a": True, "need_b": True},
        not_path=("N",),
    ),
    "inclusive-default": Scenario(
        INCLUSIVE,
        {"none_done": True},
        data={"need_a": False, "need_b": False},
        not_path=("A", "B"),
    ),
    "parallel": Scenario(
        PARALLEL,
        {"both": True},
        answers={"Check": {"checked": True}, "Pay": {"paid": True}},
        path=("Check", "Pay", "Join"),
    ),
    "event-gateway-message": Scenario(
        EVENT_GATEWAY, {"outcome": "paid"}, plan=[send("paid")], not_path=("Late",)
    ),
    "event-gateway-timer": Scenario(
        EVENT_GATEWAY, {"outcome": "late"}, plan=[wait(days=14, seconds=1)], not_path=("Paid",)
    ),
    "embedded-subprocess": Scenario(
        SUBPROCESS,
        {"note": "judged True", "done": True},
        answers={"Judge": {"ok": True}},
        path=("Judge", "Note", "Review"),
    ),
    "call-activity-across-files": Scenario(
        {"main.bpmn": CALLER, "sub.bpmn": CALLED},
        {"total": 900, "stamped": True},
        answers={"Fill": {"copies": 3}},
        path=("Fill", "Stamp", "Call"),
    ),
    "boundary-timer-interrupting": Scenario(
        boundary_timer(interrupting=True),
        {"reminded": True},
        plan=[wait(days=3, seconds=1)],
        not_path=("Work", "Done"),
    ),
    "boundary-timer-in-time": Scenario(
        boundary_timer(interrupting=True),
        {"worked": True},
        plan=[wait(days=2), complete("Work", {"ok": True})],
        not_path=("Remind",),
    ),
    "boundary-timer-non-interrupting": Scenario(
        boundary_timer(interrupting=False),
        {"reminded": True, "worked": True},
        plan=[wait(days=3, seconds=1), complete("Work")],
        path=("Remind", "Work", "Done"),
    ),
    "intermediate-timers": Scenario(INTERMEDIATE_TIMER, {"x": 2}, path=("Wait", "Until")),
    "message-start-catch-receive": Scenario(
        MESSAGES,
        {"total": 1200, "payment": {"amount": 1000}},
        plan=[send("apply", {"extra": 200}), send("paid", {"amount": 1000}), send("receipt")],
        path=("S", "Paid", "Receipt"),
    ),
    "dmn-business-rule": Scenario(
        {"main.bpmn": DECISION, "fees.dmn": DMN},
        {"fee": 600},
        data={"kind": "resident", "copies": 2},
        path=("Decide",),
    ),
    "dmn-second-rule": Scenario(
        {"main.bpmn": DECISION, "fees.dmn": DMN},
        {"fee": 1250},
        data={"kind": "resident", "copies": 5},
    ),
    "error-end-caught-by-boundary": Scenario(
        ERROR_BOUNDARY,
        {"result": "rejected"},
        data={"age": 16},
        path=("Fail", "Caught", "Reject"),
        not_path=("Accept",),
    ),
    "error-end-not-thrown": Scenario(
        ERROR_BOUNDARY, {"result": "accepted"}, data={"age": 40}, not_path=("Reject",)
    ),
    "pre-post-scripts": Scenario(
        PRE_POST,
        {"shown": "hello!", "echo": 42, "total": 5},
        data={"greeting": "hello"},
        answers={"Form": {"answer": 21}},
    ),
    "multi-instance": Scenario(
        MULTI_INSTANCE,
        {"doubled": [2, 4, 6], "signatures": ["a", "a"]},
        data={"items": [1, 2, 3], "signers": 2},
        answers={"Sign": {"signature": "a"}},
    ),
    "loop-back-via-gateway": Scenario(LOOP, {"count": 3, "visits": [1, 2, 3]}, data={"visits": []}),
}


def test_script_tasks_ignore_pre_and_post_scripts(clock: ManualClock) -> None:
    # SpiffWorkflow 3.2.0 builds script tasks without them: they never run (nor are checked).
    data = run(SCENARIOS["pre-post-scripts"], clock, roundtrip=False).data
    assert "before" not in data
    assert "after" not in data


def run(scenario: Scenario, clock: ManualClock, *, roundtrip: bool) -> Run:
    runnable = deploy(scenario.files)
    return drive(
        runnable.spec,
        clock,
        data=scenario.data,
        answers=scenario.answers,
        plan=list(scenario.plan),
        roundtrip=roundtrip,
    )


@pytest.mark.parametrize("name", SCENARIOS)
def test_runs_to_the_expected_end(name: str, clock: ManualClock) -> None:
    scenario = SCENARIOS[name]
    result = run(scenario, clock, roundtrip=False)
    data = result.data
    for key, value in scenario.expected.items():
        assert data.get(key) == value, (key, data)
    completed = result.execution.progress().completed
    assert set(scenario.path) <= set(completed), completed
    assert not set(scenario.not_path) & set(completed), completed


@pytest.mark.parametrize("name", SCENARIOS)
def test_save_restore_after_every_step_ends_the_same(name: str, clock: ManualClock) -> None:
    scenario = SCENARIOS[name]
    straight = run(scenario, clock, roundtrip=False)
    clock.set(START)
    restored = run(scenario, clock, roundtrip=True)
    assert restored.data == straight.data
    assert restored.trace == straight.trace
    assert restored.execution.progress() == straight.execution.progress()


def test_collaboration_runs_its_pools_together(clock: ManualClock) -> None:
    body = "\n".join(
        [
            '<bpmn:collaboration id="Collab">'
            '<bpmn:participant id="Office" name="窓口" processRef="Front"/>'
            '<bpmn:participant id="Back" name="審査" processRef="Review"/>'
            '<bpmn:messageFlow id="MF" sourceRef="Send" targetRef="Get"/>'
            "</bpmn:collaboration>",
            '<bpmn:message id="Msg_case" name="case"/>',
            '<bpmn:process id="Front" isExecutable="true">'
            '<bpmn:startEvent id="FS"/>'
            + user("Take", "受付")
            + '<bpmn:intermediateThrowEvent id="Send"><bpmn:messageEventDefinition'
            ' messageRef="Msg_case"><bpmn:extensionElements><spiffworkflow:messagePayload>'
            "{'who': who}</spiffworkflow:messagePayload></bpmn:extensionElements>"
            "</bpmn:messageEventDefinition></bpmn:intermediateThrowEvent>"
            '<bpmn:endEvent id="FE"/>'
            + chain("FS", "Take", "Send", "FE", prefix="FF")
            + "</bpmn:process>",
            '<bpmn:process id="Review" isExecutable="true">'
            '<bpmn:startEvent id="RS"/>'
            '<bpmn:intermediateCatchEvent id="Get"><bpmn:messageEventDefinition'
            ' messageRef="Msg_case"><bpmn:extensionElements><spiffworkflow:messageVariable>'
            "case</spiffworkflow:messageVariable></bpmn:extensionElements>"
            "</bpmn:messageEventDefinition></bpmn:intermediateCatchEvent>"
            + user("Decide", "判定")
            + '<bpmn:endEvent id="RE"/>'
            + chain("RS", "Get", "Decide", "RE", prefix="RF")
            + "</bpmn:process>",
        ]
    )
    runnable = deploy(definitions(body))
    assert runnable.kind == "collaboration"
    assert runnable.key == "Collab"
    assert runnable.processes == ("Front", "Review")
    result = drive(
        runnable.spec,
        clock,
        answers={"Take": {"who": "山田"}, "Decide": {"ok": True}},
        roundtrip=True,
    )
    assert "Get" in result.execution.progress().completed
    assert result.trace == ["complete Take", "complete Decide"]
