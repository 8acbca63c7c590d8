"""Engine-support rules: each claim is checked against SpiffWorkflow 3.2.0 itself.

Every case has a small executable model the rule flags, a fixed model it accepts, and what
SpiffWorkflow does with the flagged one (refuses it, fails running it, or runs it wrongly).
"""

from __future__ import annotations

import ast
import itertools
from dataclasses import dataclass
from typing import Any

import pytest
from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.spiff.parser.process import VALIDATOR, SpiffBpmnParser
from SpiffWorkflow.util.task import TaskState

from engine.check import REGISTRY, Finding, check_bytes
from engine.errors import DeployError
from engine.messages import CATALOG
from engine.messages.lint import TERMS
from engine.messages.support import fragment
from engine.model.expressions import suggest_python
from engine.runtime.package import build_package
from tests.factories import definitions, process

S = '<bpmn:startEvent id="S"/>'
E = '<bpmn:endEvent id="E"/>'


def flow(flow_id: str, source: str, target: str, condition: str | None = None) -> str:
    inner = (
        f'<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">{condition}'
        "</bpmn:conditionExpression>"
        if condition is not None
        else ""
    )
    ends = f'sourceRef="{source}" targetRef="{target}"'
    return f'<bpmn:sequenceFlow id="{flow_id}" {ends}>{inner}</bpmn:sequenceFlow>'


def around(*elements: str) -> str:
    """start -> each element in turn -> end (elements are given by id="X..." in order)."""
    ids = [e.split('id="', 1)[1].split('"', 1)[0] for e in elements]
    chain = ["S", *ids, "E"]
    flows = [flow(f"F{i}", a, b) for i, (a, b) in enumerate(itertools.pairwise(chain))]
    return "\n".join([S, *elements, E, *flows])


def timer(kind: str, value: str) -> str:
    return around(
        '<bpmn:intermediateCatchEvent id="Wait" name="待つ"><bpmn:timerEventDefinition>'
        f"<bpmn:{kind}>{value}</bpmn:{kind}></bpmn:timerEventDefinition>"
        "</bpmn:intermediateCatchEvent>"
    )


def xor(condition: str) -> str:
    return "\n".join(
        [
            S,
            '<bpmn:task id="Ask"/>',  # stops the engine so the test can set data
            '<bpmn:exclusiveGateway id="G" default="No"/>',
            '<bpmn:task id="A"/><bpmn:task id="B"/>',
            E,
            flow("F0", "S", "Ask"),
            flow("F1", "Ask", "G"),
            flow("Yes", "G", "A", condition),
            flow("No", "G", "B"),
            flow("F2", "A", "E"),
            flow("F3", "B", "E"),
        ]
    )


def script(text: str, attrs: str = "") -> str:
    return around(
        f'<bpmn:scriptTask id="Calc" {attrs}><bpmn:script>{text}</bpmn:script></bpmn:scriptTask>'
    )


def runs(element_id: str, variable: str = "ran") -> str:
    """A script task ``element_id`` that sets ``variable`` = 1: whether it ran shows in the data."""
    return (
        f'<bpmn:scriptTask id="{element_id}"><bpmn:script>{variable} = 1</bpmn:script>'
        "</bpmn:scriptTask>"
    )


def embedded(*elements: str, start: str = "SS", end: str = "SE") -> str:
    """A sub-process Sub: start -> each element in turn -> end, like ``around``."""
    ids = [e.split('id="', 1)[1].split('"', 1)[0] for e in elements]
    chain = [start, *ids, end]
    flows = [flow(f"SF{i}", a, b) for i, (a, b) in enumerate(itertools.pairwise(chain))]
    inner = "".join([f'<bpmn:startEvent id="{start}"/>', *elements, f'<bpmn:endEvent id="{end}"/>'])
    return f'<bpmn:subProcess id="Sub">{inner}{"".join(flows)}</bpmn:subProcess>'


def on(activity: str, boundary: str = "B") -> str:
    """A timer boundary event on ``activity`` (one day: it never fires in a test)."""
    return (
        f'<bpmn:boundaryEvent id="{boundary}" attachedToRef="{activity}">'
        '<bpmn:timerEventDefinition><bpmn:timeDuration>"P1D"</bpmn:timeDuration>'
        "</bpmn:timerEventDefinition></bpmn:boundaryEvent>"
    )


def pre_post(body: str = "fee = 300", tag: str = "scriptTask") -> str:
    """A ``tag`` Calc with a preScript (before = 1) and a postScript (after = 2)."""
    script_text = f"<bpmn:script>{body}</bpmn:script>" if tag == "scriptTask" else ""
    return around(
        f'<bpmn:{tag} id="Calc" name="計算"><bpmn:extensionElements>'
        "<spiffworkflow:preScript>before = 1</spiffworkflow:preScript>"
        "<spiffworkflow:postScript>after = 2</spiffworkflow:postScript>"
        f"</bpmn:extensionElements>{script_text}</bpmn:{tag}>"
    )


SERVICE_OPERATOR = (
    "<bpmn:extensionElements>"
    '<spiffworkflow:serviceTaskOperator id="http/GetRequest" resultVariable="r">'
    '<spiffworkflow:parameters><spiffworkflow:parameter id="url" type="str" value="\'x\'"/>'
    "</spiffworkflow:parameters></spiffworkflow:serviceTaskOperator></bpmn:extensionElements>"
)


def io_spec(inputs: str = "", outputs: str = "") -> str:
    """An ioSpecification whose sets require the given dataInput / dataOutput ids."""
    declared = "".join(f'<bpmn:dataInput id="{i}"/>' for i in inputs.split()) + "".join(
        f'<bpmn:dataOutput id="{o}"/>' for o in outputs.split()
    )
    needed_in = "".join(f"<bpmn:dataInputRefs>{i}</bpmn:dataInputRefs>" for i in inputs.split())
    needed_out = "".join(f"<bpmn:dataOutputRefs>{o}</bpmn:dataOutputRefs>" for o in outputs.split())
    return (
        f"<bpmn:ioSpecification>{declared}<bpmn:inputSet>{needed_in}</bpmn:inputSet>"
        f"<bpmn:outputSet>{needed_out}</bpmn:outputSet></bpmn:ioSpecification>"
    )


def io_script(text: str, io: str, before: str = "keep = 1") -> str:
    """A script setting ``before``, then the script task Calc with ``io`` running ``text``."""
    return around(
        f'<bpmn:scriptTask id="Init"><bpmn:script>{before}</bpmn:script></bpmn:scriptTask>',
        f'<bpmn:scriptTask id="Calc">{io}<bpmn:script>{text}</bpmn:script></bpmn:scriptTask>',
    )


def ad_hoc(condition: str | None, *, data_object: bool = True) -> str:
    """approved = False, then an ad-hoc sub-process of two user tasks."""
    inner = '<bpmn:userTask id="Check" name="書類確認"/><bpmn:userTask id="Pay" name="入金確認"/>'
    if data_object:
        inner += '<bpmn:dataObject id="Notes"/>'
    if condition is not None:
        inner += f"<bpmn:completionCondition>{condition}</bpmn:completionCondition>"
    return around(
        '<bpmn:scriptTask id="Init"><bpmn:script>approved = False</bpmn:script></bpmn:scriptTask>',
        f'<bpmn:adHocSubProcess id="Docs" name="確認">{inner}</bpmn:adHocSubProcess>',
    )


@dataclass(frozen=True)
class Case:
    code: str
    failing: bytes
    passing: bytes
    spiff: str  # what SpiffWorkflow does with ``failing``: rejected | failed | completed | waiting
    spiff_says: str = ""  # a piece of its message
    passing_runs: bool = True  # the fixed model loads and runs on SpiffWorkflow


def executable(body: str) -> bytes:
    return process(body, executable=True)


CASES = [
    Case(
        "engine-reserved-id",
        executable(script("fee = 300").replace('"S"', '"Start"')),
        executable(script("fee = 300").replace('"S"', '"StartEvent_1"')),
        "failed",
        "No output task connected",  # see test_reserved_ids for the other ids
    ),
    Case(
        "engine-complex-gateway",
        executable(around('<bpmn:complexGateway id="G"/>')),
        executable(around('<bpmn:exclusiveGateway id="G"/>')),
        "rejected",
        "no support implemented",
    ),
    Case(
        "engine-compensation",
        executable(
            "\n".join(
                [
                    around('<bpmn:task id="T"/>'),
                    '<bpmn:boundaryEvent id="B" attachedToRef="T">'
                    "<bpmn:compensateEventDefinition/></bpmn:boundaryEvent>",
                    '<bpmn:task id="Undo" isForCompensation="true"/>',
                    '<bpmn:association id="A" sourceRef="B" targetRef="Undo"/>',
                ]
            )
        ),
        executable(around('<bpmn:task id="T"/>')),
        "rejected",
        "Unsupported Catch Event",
    ),
    Case(
        "engine-link-event",
        executable(
            "\n".join(
                [
                    S,
                    '<bpmn:intermediateThrowEvent id="L1">'
                    '<bpmn:linkEventDefinition name="next"/></bpmn:intermediateThrowEvent>',
                    '<bpmn:intermediateCatchEvent id="L2">'
                    '<bpmn:linkEventDefinition name="next"/></bpmn:intermediateCatchEvent>',
                    '<bpmn:task id="After"/>',
                    E,
                    flow("F1", "S", "L1"),
                    flow("F2", "L2", "After"),
                    flow("F3", "After", "E"),
                ]
            )
        ),
        executable(around('<bpmn:task id="After"/>')),
        "completed",  # ... without ever running "After": see test_link_event_skips_the_rest
    ),
    Case(
        "engine-boundary-event",
        executable(
            around('<bpmn:task id="T"/>') + '<bpmn:boundaryEvent id="B" attachedToRef="T"/>'
        ),
        executable(
            around('<bpmn:task id="T"/>')
            + '<bpmn:boundaryEvent id="B" attachedToRef="T"><bpmn:timerEventDefinition>'
            '<bpmn:timeDuration>"P1D"</bpmn:timeDuration></bpmn:timerEventDefinition>'
            "</bpmn:boundaryEvent>"
        ),
        "rejected",
        "Unsupported Catch Event",
    ),
    Case(
        "engine-data-store",
        definitions(
            '<bpmn:dataStore id="Archive" name="文書管理システム"/>'
            '<bpmn:process id="Process_1" isExecutable="true">'
            + around('<bpmn:task id="T"/>')
            + "</bpmn:process>"
        ),
        executable(around('<bpmn:task id="T"/>') + '<bpmn:dataObject id="Doc"/>'),
        "rejected",
        "has no implementation",
    ),
    Case(
        "engine-service-task",
        executable(around('<bpmn:serviceTask id="T" camunda:class="org.example.Archive"/>')),
        executable(around(f'<bpmn:serviceTask id="T">{SERVICE_OPERATOR}</bpmn:serviceTask>')),
        "rejected",
        "must have an operator",
        passing_runs=False,  # loads; running needs the host's call_service
    ),
    Case(
        "engine-send-task",
        executable(
            around(
                '<bpmn:sendTask id="T"><bpmn:extensionElements><zeebe:taskDefinition type="email"/>'
                "</bpmn:extensionElements></bpmn:sendTask>"
            )
        ),
        executable(around('<bpmn:sendTask id="T"/>')),
        "completed",  # the e-mail job never ran, nothing waited for it
    ),
    Case(
        "engine-business-rule-task",
        executable(around('<bpmn:businessRuleTask id="T" camunda:decisionRef="fee"/>')),
        executable(around('<bpmn:task id="T"/>')),
        "rejected",
        "No DMN Diagram available",
    ),
    Case(
        "engine-call-activity",
        executable(around('<bpmn:callActivity id="T"/>')),
        executable(around('<bpmn:callActivity id="T" calledElement="Process_1"/>')),
        "rejected",
        'No "calledElement"',
        passing_runs=False,  # calling itself loads; running would recurse
    ),
    Case(
        "engine-subprocess-start",
        executable(
            around(
                '<bpmn:subProcess id="Sub"><bpmn:task id="In"/><bpmn:endEvent id="SubEnd"/>'
                '<bpmn:sequenceFlow id="SF" sourceRef="In" targetRef="SubEnd"/></bpmn:subProcess>'
            )
        ),
        executable(
            around(
                '<bpmn:subProcess id="Sub"><bpmn:startEvent id="SubStart"/>'
                '<bpmn:endEvent id="SubEnd"/>'
                '<bpmn:sequenceFlow id="SF" sourceRef="SubStart" targetRef="SubEnd"/>'
                "</bpmn:subProcess>"
            )
        ),
        "rejected",
        "Exactly one start event",
    ),
    Case(
        "engine-subprocess-end",
        executable(
            around(
                '<bpmn:subProcess id="Sub"><bpmn:startEvent id="SubStart"/><bpmn:task id="In"/>'
                '<bpmn:sequenceFlow id="SF" sourceRef="SubStart" targetRef="In"/></bpmn:subProcess>'
            )
        ),
        executable(
            around(
                '<bpmn:subProcess id="Sub"><bpmn:startEvent id="SubStart"/>'
                '<bpmn:endEvent id="SubEnd"/>'
                '<bpmn:sequenceFlow id="SF" sourceRef="SubStart" targetRef="SubEnd"/>'
                "</bpmn:subProcess>"
            )
        ),
        "rejected",
        "Must contain an End event",
    ),
    Case(
        "engine-implicit-split",
        executable(
            "\n".join(
                [
                    S,
                    '<bpmn:task id="T"/><bpmn:task id="A"/><bpmn:task id="B"/>',
                    '<bpmn:parallelGateway id="J"/>',
                    E,
                    flow("F1", "S", "T"),
                    flow("F2", "T", "A"),
                    flow("F3", "T", "B"),
                    flow("F4", "A", "J"),
                    flow("F5", "B", "J"),
                    flow("F6", "J", "E"),
                ]
            )
        ),
        executable(
            "\n".join(
                [
                    S,
                    '<bpmn:task id="T"/><bpmn:parallelGateway id="Split"/>',
                    '<bpmn:task id="A"/><bpmn:task id="B"/><bpmn:parallelGateway id="J"/>',
                    E,
                    flow("F1", "S", "T"),
                    flow("F0", "T", "Split"),
                    flow("F2", "Split", "A"),
                    flow("F3", "Split", "B"),
                    flow("F4", "A", "J"),
                    flow("F5", "B", "J"),
                    flow("F6", "J", "E"),
                ]
            )
        ),
        "rejected",
        "Multiple outgoing flows are not supported",
    ),
    Case(
        "engine-gateway-condition",
        executable(xor("True").replace('default="No"', "")),
        executable(xor("True")),
        "rejected",
        "without condition",
    ),
    Case(
        "engine-multi-instance",
        executable(
            around('<bpmn:task id="T"><bpmn:multiInstanceLoopCharacteristics/></bpmn:task>')
        ),
        executable(
            around(
                '<bpmn:task id="T"><bpmn:multiInstanceLoopCharacteristics>'
                "<bpmn:loopCardinality>2</bpmn:loopCardinality>"
                "</bpmn:multiInstanceLoopCharacteristics></bpmn:task>"
            )
        ),
        "rejected",
        "must specify a cardinality",
    ),
    Case(
        "engine-receive-task",
        executable(around('<bpmn:receiveTask id="T"/>')),
        definitions(
            '<bpmn:message id="Reply" name="reply"/>'
            '<bpmn:process id="Process_1" isExecutable="true">'
            + around('<bpmn:receiveTask id="T" messageRef="Reply"/>')
            + "</bpmn:process>"
        ),
        "completed",  # it never waited for a message
    ),
    Case(
        "engine-juel-expression",
        executable(xor("${approved}")),
        executable(xor("approved")),
        "failed",
        "Error evaluating expression '${approved}'",
    ),
    Case(
        "engine-feel-expression",
        executable(xor("= approved")),
        executable(xor("approved")),
        "failed",
        "Error evaluating expression '= approved'",
    ),
    Case(
        "engine-expression-syntax",
        executable(xor("Service Level == 'Premium'")),
        executable(xor("service_level == 'Premium'")),
        "failed",
        "Error evaluating expression",
    ),
    Case(
        "engine-timer-literal",
        executable(timer("timeDuration", "P14D")),
        executable(timer("timeDuration", '"P14D"')),
        "failed",
        "Error evaluating expression 'P14D'",
    ),
    Case(
        "engine-timer-value",
        executable(timer("timeDuration", '"14 days"')),
        executable(timer("timeDuration", '"P14D"')),
        "failed",
    ),
    Case(
        "engine-timer-naive-date",
        executable(timer("timeDate", '"2099-04-01T09:00:00"')),
        executable(timer("timeDate", '"2099-04-01T09:00:00+09:00"')),
        "waiting",  # ... until 09:00 in the server's zone: see test_naive_date_uses_server_zone
    ),
    Case(
        "engine-script-missing",
        executable(around('<bpmn:scriptTask id="Calc"/>')),
        executable(script("fee = 300")),
        "failed",
        "exec() arg 1 must be a string",
    ),
    Case(
        "engine-script-task-pre-post",
        executable(pre_post()),
        executable(script("before = 1\nfee = 300\nafter = 2")),
        "completed",  # ... without before and after: see test_script_task_pre_and_post_never_run
    ),
    Case(
        "engine-script-syntax",
        executable(script("fee = 300\nif fee &gt; 100\n    fee = 100")),
        executable(script("fee = 300\nif fee &gt; 100:\n    fee = 100")),
        "failed",
        "SyntaxError",
    ),
    Case(
        "engine-script-indent",
        executable(script("\n    fee = 300\n    total = fee * 2\n")),
        executable(script("\nfee = 300\ntotal = fee * 2\n")),
        "failed",
        "IndentationError",
    ),
    Case(
        "engine-io-specification",
        executable(io_script("fee = 300", io_spec(inputs="applicant"))),
        executable(io_script("fee = 300", "")),
        "failed",
        "Missing data input",
    ),
    Case(
        "engine-ad-hoc-completion",
        executable(ad_hoc(None)),
        executable(ad_hoc("approved")),
        "failed",
        "eval() arg 1 must be a string",
    ),
    Case(
        "engine-ad-hoc-data-object",
        executable(ad_hoc("approved", data_object=False)),
        executable(ad_hoc("approved")),
        "failed",
        "KeyError: 'data_objects'",
    ),
]


def codes(data: bytes) -> list[str]:
    return [f.code for f in check_bytes(data, "m.bpmn").findings]


def findings(data: bytes, code: str) -> list[Finding]:
    return [f for f in check_bytes(data, "m.bpmn").findings if f.code == code]


def spiff(data: bytes, variables: dict[str, Any] | None = None) -> tuple[str, str, Any]:
    """What SpiffWorkflow does with ``data``: (outcome, message, workflow)."""
    parser = SpiffBpmnParser(validator=VALIDATOR)
    try:
        parser.add_bpmn_str(data, filename="m.bpmn")
        spec = parser.get_spec("Process_1")
        subprocesses = parser.get_subprocess_specs("Process_1")
    except Exception as exc:  # noqa: BLE001  (any refusal counts)
        return "rejected", str(exc), None
    try:
        workflow = BpmnWorkflow(spec, subprocesses)
    except Exception as exc:  # noqa: BLE001  (an instance that cannot even start)
        return "failed", f"{type(exc).__name__}: {exc}", None
    try:
        for _ in range(10):
            workflow.do_engine_steps()
            ready = workflow.get_tasks(state=TaskState.READY, manual=True)
            if not ready:
                break
            for task in ready:
                task.set_data(**(variables or {"approved": True, "service_level": "Premium"}))
                task.run()
    except Exception as exc:  # noqa: BLE001
        return "failed", f"{type(exc).__name__}: {exc} {getattr(exc, 'error_type', '')}", workflow
    return ("completed" if workflow.is_completed() else "waiting"), "", workflow


def test_every_support_rule_has_a_case() -> None:
    support = {code for code, r in REGISTRY.items() if r.scope == "executable"}
    assert support <= {case.code for case in CASES}


@pytest.mark.parametrize("case", CASES, ids=[c.code for c in CASES])
def test_rule_flags_the_failing_model_and_accepts_the_fixed_one(case: Case) -> None:
    assert case.code in codes(case.failing)
    assert case.code not in codes(case.passing)


@pytest.mark.parametrize("case", CASES, ids=[c.code for c in CASES])
def test_spiffworkflow_really_fails_or_misbehaves(case: Case) -> None:
    outcome, message, _ = spiff(case.failing)
    assert outcome == case.spiff, message
    assert case.spiff_says in message


@pytest.mark.parametrize("case", [c for c in CASES if c.passing_runs], ids=lambda c: c.code)
def test_spiffworkflow_runs_the_fixed_model(case: Case) -> None:
    outcome, message, _ = spiff(case.passing)
    assert outcome in {"completed", "waiting"}, message


@pytest.mark.parametrize("case", CASES, ids=[c.code for c in CASES])
def test_rule_is_silent_on_non_executable_processes(case: Case) -> None:
    assert case.code not in codes(
        case.failing.replace(b'isExecutable="true"', b'isExecutable="false"')
    )


@pytest.mark.parametrize("case", CASES, ids=[c.code for c in CASES])
def test_messages_name_the_element_in_both_languages(case: Case) -> None:
    [finding, *_] = findings(case.failing, case.code)
    assert finding.severity == REGISTRY[case.code].severity or case.code == "engine-compensation"
    assert set(CATALOG[case.code]) == {"ja", "en"}
    for lang in ("ja", "en"):
        text = finding.message(lang)
        assert "{" not in text.replace("${", "").replace("{{", ""), text
        assert finding.line


def test_link_event_skips_the_rest() -> None:
    case = next(c for c in CASES if c.code == "engine-link-event")
    _, _, workflow = spiff(case.failing)
    ran = {t.task_spec.bpmn_id for t in workflow.get_tasks(state=TaskState.COMPLETED)}
    assert "After" not in ran
    assert workflow.is_completed()


def test_receive_task_without_message_does_not_wait() -> None:
    case = next(c for c in CASES if c.code == "engine-receive-task")
    assert spiff(case.failing)[0] == "completed"
    assert spiff(case.passing)[0] == "waiting"


def test_naive_date_uses_server_zone() -> None:
    case = next(c for c in CASES if c.code == "engine-timer-naive-date")
    naive = spiff(case.failing)[2].waiting_events()[0].value
    zoned = spiff(case.passing)[2].waiting_events()[0].value
    assert naive != zoned  # 09:00 local vs 09:00 in Japan, unless the server runs on JST


def test_compensation_throw_is_a_warning_because_spiff_passes_it() -> None:
    data = executable(
        around(
            '<bpmn:task id="T"/>',
            '<bpmn:intermediateThrowEvent id="Undo"><bpmn:compensateEventDefinition/>'
            "</bpmn:intermediateThrowEvent>",
        )
    )
    [finding] = findings(data, "engine-compensation")
    assert finding.severity == "warning"
    assert spiff(data)[0] == "completed"


def test_service_task_names_the_vendor_implementation() -> None:
    case = next(c for c in CASES if c.code == "engine-service-task")
    [finding] = findings(case.failing, "engine-service-task")
    assert "camunda:class" in finding.message("ja")
    assert "camunda:class" in finding.message("en")


def test_business_rule_task_reuses_the_camunda_decision_ref() -> None:
    case = next(c for c in CASES if c.code == "engine-business-rule-task")
    [finding] = findings(case.failing, "engine-business-rule-task")
    assert (
        "<spiffworkflow:calledDecisionId>fee</spiffworkflow:calledDecisionId>"
        in finding.message("en")
    )


def test_syntax_error_points_at_the_condition_line() -> None:
    data = executable(xor("Service Level == 'Premium'"))
    [finding] = findings(data, "engine-expression-syntax")
    text = data.decode()
    expected = text[: text.index("Service Level")].count("\n") + 1
    assert finding.line == expected
    assert finding.element_id == "Yes"


def test_script_error_points_at_the_line_in_the_file() -> None:
    data = executable(script("fee = 300\nif fee &gt; 100\n    fee = 100"))
    [finding] = findings(data, "engine-script-syntax")
    text = data.decode()
    assert finding.line == text[: text.index("if fee")].count("\n") + 1
    assert "スクリプトの 2 行目" in finding.message("ja")


def test_script_format_other_than_python_is_named() -> None:
    data = executable(script("var x = ;", attrs='scriptFormat="javascript"'))
    [finding] = findings(data, "engine-script-syntax")
    assert "javascript" in finding.message("ja")


@pytest.mark.parametrize(
    ("value", "suggestion"),
    [
        ("P14D", '"P14D"'),
        ("PT1H", '"PT1H"'),
        ("R6/P1D", '"R6/P1D"'),
        ("2026-04-01T09:00:00+09:00", '"2026-04-01T09:00:00+09:00"'),
        ("2026-04-01T09:00:00", '"2026-04-01T09:00:00+09:00"'),
    ],
)
def test_timer_literal_says_exactly_what_to_write(value: str, suggestion: str) -> None:
    kind = (
        "timeDate" if value.startswith("2026") else "timeCycle" if "/" in value else "timeDuration"
    )
    [finding] = findings(executable(timer(kind, value)), "engine-timer-literal")
    assert f"次のように書いてください: {suggestion}" in finding.message("ja")
    assert f"Write: {suggestion}" in finding.message("en")


def test_juel_without_a_clear_translation_asks_for_a_rewrite() -> None:
    [finding] = findings(executable(xor("${order.total > 100}")), "engine-juel-expression")
    assert "書き直してください" in finding.message("ja")


def test_a_timer_given_by_a_variable_is_left_alone() -> None:
    data = executable(timer("timeDuration", "wait_period"))
    assert not [c for c in codes(data) if c.startswith("engine-timer")]


@pytest.mark.parametrize(
    ("expression", "python"),
    [
        ("${approved}", "approved"),
        ("#{approved}", "approved"),
        ("${!ok}", "not ok"),
        ("${amount > 100}", "amount > 100"),
        ("${a && b || !c}", "a and b or not c"),
        ("${clarified == 'yes'}", "clarified == 'yes'"),
        ('${status != "closed"}', 'status != "closed"'),
        ('${kind eq "a" and n ge 3}', 'kind == "a" and n >= 3'),
        ("${true}", "True"),
        ("${x == null}", "x == None"),
        ("${n - 1 < -1}", "n - 1 < -1"),
        ("= approved", "approved"),
        ("=fraud", "fraud"),
        ("= not(approved)", "not (approved)"),
        ('= level = "red" or score < 3', 'level == "red" or score < 3'),
        ("P14D", '"P14D"'),
        ("PT1H", '"PT1H"'),
        ("R6/P1D", '"R6/P1D"'),
        ("2026-04-01T09:00:00+09:00", '"2026-04-01T09:00:00+09:00"'),
        # No sure translation: the author must rewrite.
        ("${order.total > 100}", None),
        ("${empty list}", None),
        ("${a ? b : c}", None),
        ('${execution.getVariable("x")}', None),
        ("Hello ${name}", None),
        ('= some r in risks satisfies r = "red"', None),
        ("${class}", None),
        # Already Python: nothing to suggest.
        ("approved", None),
        ("", None),
    ],
)
def test_suggest_python(expression: str, python: str | None) -> None:
    suggestion = suggest_python(expression)
    assert suggestion == python
    if suggestion is not None:
        ast.parse(suggestion, mode="eval")


def test_io_specification_keeps_only_its_variables() -> None:
    outputs = executable(io_script("fee = 300", io_spec(outputs="fee")))
    outcome, message, workflow = spiff(outputs)
    assert outcome == "completed", message
    assert workflow.data == {"fee": 300}  # keep = 1 from the step before is gone
    inputs = executable(io_script("fee = 300", io_spec(inputs="keep")))
    outcome, message, workflow = spiff(inputs)
    assert outcome == "completed", message
    assert workflow.data == {"keep": 1, "fee": 300}
    [finding] = findings(outputs, "engine-io-specification")
    assert "出力 fee を求めています" in finding.message("ja")
    assert "the outputs fee" in finding.message("en")


def test_io_specification_output_missing_fails_when_the_task_completes() -> None:
    data = executable(io_script("total = 300", io_spec(inputs="keep", outputs="fee")))
    outcome, message, _ = spiff(data)
    assert (outcome, "Missing data ouput" in message) == ("failed", True)  # sic
    [finding] = findings(data, "engine-io-specification")
    assert "inputs keep and the outputs fee" in finding.message("en")


def test_io_specification_variables_are_named_by_id_not_by_name() -> None:
    io = io_spec(inputs="DataInput_1").replace('id="DataInput_1"', 'id="DataInput_1" name="keep"')
    outcome, message, _ = spiff(executable(io_script("fee = 300", io)))
    assert outcome == "failed"
    assert "Missing data input" in message


def test_io_specification_requiring_nothing_changes_nothing() -> None:
    data = executable(io_script("fee = 300", io_spec()))
    outcome, message, workflow = spiff(data)
    assert outcome == "completed", message
    assert workflow.data == {"keep": 1, "fee": 300}
    assert "engine-io-specification" not in codes(data)


def test_ad_hoc_condition_is_evaluated_when_the_sub_process_starts() -> None:
    # The fix in the message: set the variables the condition reads before the sub-process.
    data = executable(ad_hoc("approved").replace("approved = False", "x = 1"))
    outcome, message, _ = spiff(data)
    assert outcome == "failed"
    assert "name 'approved' is not defined" in message


def test_ad_hoc_condition_is_checked_as_python() -> None:
    [finding] = findings(executable(ad_hoc("${approved}")), "engine-juel-expression")
    assert finding.element_id == "Docs"
    assert "完了条件（completionCondition）" in finding.message("ja")


# --- ids SpiffWorkflow keeps for itself --------------------------------------------------


@dataclass(frozen=True)
class Reserved:
    name: str
    body: str  # an executable process in which ``element`` has a reserved id
    element: str
    effect: str  # the support.reserved.* fragment the message gives
    spiff: str  # what SpiffWorkflow does: rejected | failed | completed
    spiff_says: str = ""
    ran: bool | None = None  # whether the script that sets "ran" ran (in a completed run)
    scope: str = "process"  # what the message says ends or fails: process or subProcess


RESERVED = [
    Reserved("start event", script("x = 1").replace('"S"', '"Start"'), "Start", "start-event",
             "failed", "No output task connected"),
    Reserved("sub-process start event", around(embedded(runs("In"), start="Start")), "Start",
             "start-event", "failed", "No output task connected", scope="subProcess"),
    Reserved("task Start with an incoming flow", around(runs("Start")), "Start", "load",
             "rejected", "StartTask can not have any inputs"),
    Reserved("unconnected task Start", around(runs("T")) + '<bpmn:userTask id="Start"/>',
             "Start", "deploy", "completed", ran=True),
    Reserved("boundary event Start", around('<bpmn:userTask id="T"/>') + on("T", "Start"),
             "Start", "load", "rejected", "has no attribute 'event_definition'"),
    Reserved("boundary event End", around('<bpmn:userTask id="T"/>') + on("T", "End"),
             "End", "load", "rejected", "has no attribute 'event_definition'"),
    Reserved("boundary event Process_1.EndJoin",
             around('<bpmn:userTask id="T"/>') + on("T", "Process_1.EndJoin"),
             "Process_1.EndJoin", "load", "rejected", "has no attribute 'event_definition'"),
    Reserved("script task End", around(runs("End"), runs("After", "after")), "End", "end",
             "completed", ran=False),
    Reserved("user task End", around('<bpmn:userTask id="End"/>', runs("After", "after")),
             "End", "end", "completed"),
    Reserved("gateway End", around('<bpmn:exclusiveGateway id="End"/>', runs("After", "after")),
             "End", "end", "completed"),
    Reserved("script task Process_1.EndJoin",
             around(runs("Process_1.EndJoin"), runs("After", "after")), "Process_1.EndJoin",
             "end", "completed", ran=False),
    Reserved("script task End in a sub-process",
             around(embedded(runs("End"), runs("After", "after"))), "End", "end", "completed",
             ran=False, scope="subProcess"),
    Reserved("script task Sub.EndJoin in Sub",
             around(embedded(runs("Sub.EndJoin"), runs("After", "after"))), "Sub.EndJoin",
             "end", "completed", ran=False, scope="subProcess"),
    Reserved("script task Process_1.EndJoin in a sub-process",
             around(embedded(runs("Process_1.EndJoin"))), "Process_1.EndJoin", "deploy",
             "completed", ran=True),
    Reserved("end event Process_1.EndJoin",
             around(runs("T")).replace('"E"', '"Process_1.EndJoin"'), "Process_1.EndJoin",
             "deploy", "completed", ran=True),
    Reserved("T.BoundaryEventSplit before T",
             around(runs("T.BoundaryEventSplit"), '<bpmn:userTask id="T"/>'),
             "T.BoundaryEventSplit", "boundary", "failed", "RecursionError"),
    Reserved("T.BoundaryEventJoin after T with a boundary event",
             around('<bpmn:userTask id="T"/>', runs("T.BoundaryEventJoin")) + on("T"),
             "T.BoundaryEventJoin", "boundary", "completed", ran=False),
    Reserved("T.BoundaryEventJoin before T with a boundary event",
             around(runs("T.BoundaryEventJoin"), '<bpmn:userTask id="T"/>') + on("T"),
             "T.BoundaryEventJoin", "boundary", "rejected", "Duplicate task spec name"),
]  # fmt: skip

# Ids that only look reserved: SpiffWorkflow runs them like any other element.
NOT_RESERVED = [
    around(runs("Other.EndJoin")),  # no process or sub-process is called Other
    around(embedded(runs("In")), runs("Sub.EndJoin")),  # Sub's own join is inside Sub
    around(runs("X.BoundaryEventSplit")),  # there is no element X
    around('<bpmn:userTask id="T"/>', runs("T.BoundaryEventJoin")),  # T has no boundary event
    around(embedded(runs("In")), '<bpmn:userTask id="T"/>').replace(
        '"In"', '"T.BoundaryEventSplit"'
    ),
]


@pytest.mark.parametrize("case", RESERVED, ids=lambda c: c.name)
def test_reserved_ids(case: Reserved) -> None:
    data = executable(case.body)
    [finding] = findings(data, "engine-reserved-id")
    assert finding.element_id == case.element
    scope = TERMS[case.scope]
    assert finding.params["effect"] == fragment(f"support.reserved.{case.effect}", scope=scope)
    outcome, message, workflow = spiff(data)
    assert outcome == case.spiff, message
    assert case.spiff_says in message
    if outcome == "completed":
        assert ("ran" in workflow.data) is bool(case.ran), workflow.data
        assert "after" not in workflow.data  # nothing after the element ran either


@pytest.mark.parametrize("case", RESERVED, ids=lambda c: c.name)
def test_reserved_ids_cover_what_deploy_refuses(case: Reserved) -> None:
    # The runtime refuses Start, End and the joins; validate must say so first.
    try:
        build_package({"m.bpmn": executable(case.body)}, main="m.bpmn")
    except DeployError as error:
        refused = error.code == "runtime.deploy.reserved-id"
    else:
        refused = False
    assert refused == (case.effect != "boundary"), case.name


@pytest.mark.parametrize("body", NOT_RESERVED)
def test_ids_that_only_look_reserved_are_left_alone(body: str) -> None:
    data = executable(body)
    assert "engine-reserved-id" not in codes(data)
    outcome, message, workflow = spiff(data)
    assert outcome == "completed", message
    assert workflow.data["ran"] == 1


def test_end_event_named_end_completes_with_paths_still_running() -> None:
    body = "\n".join(
        [
            S,
            '<bpmn:parallelGateway id="P"/><bpmn:endEvent id="End"/><bpmn:userTask id="U"/>',
            E,
            flow("F1", "S", "P"),
            flow("F2", "P", "End"),
            flow("F3", "P", "U"),
            flow("F4", "U", "E"),
        ]
    )
    for end, completes in (("End", True), ("EndEvent_1", False)):
        data = executable(body.replace('"End"', f'"{end}"'))
        parser = SpiffBpmnParser(validator=VALIDATOR)
        parser.add_bpmn_str(data, filename="m.bpmn")
        workflow = BpmnWorkflow(parser.get_spec("Process_1"))
        workflow.do_engine_steps()
        waiting = [t.task_spec.name for t in workflow.get_tasks(state=TaskState.READY)]
        assert (workflow.is_completed(), waiting) == (completes, ["U"])
        [*found] = findings(data, "engine-reserved-id")
        assert [f.params["effect"] for f in found] == (
            [fragment("support.reserved.end-event", scope=TERMS["process"])] if completes else []
        )


def test_reserved_id_message_names_the_element_and_a_free_id() -> None:
    body = (
        script("x = 1")
        .replace('"S"', '"Start"')
        .replace('id="Start"', 'id="Start" name="申請を受け付けた"')
    )
    body += '<bpmn:task id="StartEvent_1"/>'  # taken: the suggestion moves on
    [finding] = findings(executable(body), "engine-reserved-id")
    ja, en = finding.message("ja"), finding.message("en")
    assert "開始イベント「申請を受け付けた」（id: Start）" in ja
    assert "（例: StartEvent_2）" in ja
    assert "開始時に失敗します" in ja
    assert "The start event '申請を受け付けた' (id Start)" in en
    assert "(e.g. StartEvent_2)" in en
    [unnamed] = findings(executable(around(runs("End"))), "engine-reserved-id")
    assert unnamed.message("ja").startswith("タスク「End」は、")
    assert "ScriptTask_1" in unnamed.message("ja")


def test_reserved_ids_of_one_kind_get_different_suggestions() -> None:
    body = around('<bpmn:userTask id="End"/>', '<bpmn:userTask id="Process_1.EndJoin"/>')
    suggestions = [f.params["suggestion"] for f in findings(executable(body), "engine-reserved-id")]
    assert suggestions == ["UserTask_1", "UserTask_2"]


def test_reserved_id_in_a_sub_process_says_the_sub_process_ends() -> None:
    case = next(c for c in RESERVED if c.name == "script task End in a sub-process")
    [finding] = findings(executable(case.body), "engine-reserved-id")
    assert "サブプロセスはここに着いた時点で終わり" in finding.message("ja")
    assert "the sub-process ends when it gets here" in finding.message("en")


# --- preScript / postScript on script tasks ----------------------------------------------


def test_script_task_pre_and_post_never_run() -> None:
    outcome, message, workflow = spiff(executable(pre_post()))
    assert outcome == "completed", message
    assert workflow.data == {"fee": 300}  # neither before = 1 nor after = 2
    # The same extension elements do run on a user task, so they are written right.
    outcome, message, workflow = spiff(executable(pre_post(tag="userTask")), {"x": 0})
    assert outcome == "completed", message
    assert (workflow.data["before"], workflow.data["after"]) == (1, 2)
    assert "engine-script-task-pre-post" not in codes(executable(pre_post(tag="userTask")))


def test_script_task_pre_post_names_what_it_found() -> None:
    [both] = findings(executable(pre_post()), "engine-script-task-pre-post")
    assert "スクリプトタスク「計算」の preScript と postScript は実行されません" in both.message(
        "ja"
    )
    assert "never runs the preScript and postScript of the script task '計算'" in both.message("en")
    only_pre = pre_post().replace(
        "<spiffworkflow:postScript>after = 2</spiffworkflow:postScript>", ""
    )
    [pre] = findings(executable(only_pre), "engine-script-task-pre-post")
    assert "never runs the preScript of" in pre.message("en")
    blank = pre_post().replace("before = 1", " ").replace("after = 2", "")
    assert "engine-script-task-pre-post" not in codes(executable(blank))


def test_pre_post_of_a_script_task_is_not_checked_as_python_since_it_never_runs() -> None:
    broken = pre_post().replace("before = 1", "if before")
    data = executable(broken)
    assert "engine-script-syntax" not in codes(data)
    assert spiff(data)[0] == "completed"  # the broken preScript did not stop it
    on_user_task = executable(pre_post(tag="userTask").replace("before = 1", "if before"))
    assert "engine-script-syntax" in codes(on_user_task)
    assert spiff(on_user_task)[0] == "failed"
