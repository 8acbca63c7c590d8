"""Lint rules: each fires on a small model that breaks it, and not on one that keeps it."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest

from engine.check import REGISTRY, Finding, check_bytes
from engine.messages import CATALOG, LANGS, render
from engine.messages.lint import TERMS
from tests.factories import definitions, linear, process

LINT_CODES = sorted(
    code for code, item in REGISTRY.items() if item.check.__module__.startswith("engine.check.lint")
)


def lint(data: bytes, code: str) -> list[Finding]:
    return [f for f in check_bytes(data, "model.bpmn", xsd=False).findings if f.code == code]


def line_of(data: bytes, element_id: str, occurrence: int = 1) -> int:
    """The line of the ``occurrence``-th element declaring ``id="element_id"``."""
    seen = 0
    for number, line in enumerate(data.decode().splitlines(), 1):
        if re.search(rf'\bid="{re.escape(element_id)}"', line):
            seen += 1
            if seen == occurrence:
                return number
    raise AssertionError(f"no id {element_id!r} in the model")


def flows(*pairs: str) -> str:
    """Sequence flows "A>B" as Flow_1.. (an optional ":condition" after the target)."""
    out = []
    for index, pair in enumerate(pairs, 1):
        ends, _, condition = pair.partition(":")
        source, target = ends.split(">")
        body = (
            f"<bpmn:conditionExpression>{condition}</bpmn:conditionExpression>" if condition else ""
        )
        out.append(
            f'<bpmn:sequenceFlow id="Flow_{index}" sourceRef="{source}" targetRef="{target}">'
            f"{body}</bpmn:sequenceFlow>"
        )
    return "\n".join(out)


START = '<bpmn:startEvent id="Start" name="受付開始"/>'
END = '<bpmn:endEvent id="End" name="完了"/>'


def task(task_id: str, name: str | None = None, attrs: str = "") -> str:
    return f'<bpmn:task id="{task_id}" name="{name or task_id}" {attrs}/>'


def sub(body: str, sub_id: str = "Sub_1", attrs: str = "", kind: str = "subProcess") -> str:
    return f'<bpmn:{kind} id="{sub_id}" name="審査" {attrs}>\n{body}\n</bpmn:{kind}>'


@dataclass(frozen=True)
class Case:
    code: str
    data: bytes
    element_id: str
    severity: str = "error"
    occurrence: int = 1  # which declaration of element_id the finding points at


def _xor(
    conditions: tuple[str, str], attrs: str = "", question: str = "書類はそろっているか"
) -> bytes:
    return process(
        "\n".join(
            [
                START,
                f'<bpmn:exclusiveGateway id="Gw" name="{question}" {attrs}/>',
                task("A"),
                task("B"),
                END,
                '<bpmn:sequenceFlow id="F0" sourceRef="Start" targetRef="Gw"/>',
                '<bpmn:sequenceFlow id="Fa" name="はい" sourceRef="Gw" targetRef="A">'
                f"<bpmn:conditionExpression>{conditions[0]}</bpmn:conditionExpression>"
                "</bpmn:sequenceFlow>",
                '<bpmn:sequenceFlow id="Fb" name="いいえ" sourceRef="Gw" targetRef="B">'
                f"<bpmn:conditionExpression>{conditions[1]}</bpmn:conditionExpression>"
                "</bpmn:sequenceFlow>",
                '<bpmn:sequenceFlow id="F1" sourceRef="A" targetRef="End"/>',
                '<bpmn:sequenceFlow id="F2" sourceRef="B" targetRef="End"/>',
            ]
        )
    )


def _probabilities(first: str, second: str, kind: str = "exclusiveGateway") -> bytes:
    return process(
        "\n".join(
            [
                START,
                f'<bpmn:{kind} id="Gw" name="書類はそろっているか" default="Fb"/>',
                task("A"),
                task("B"),
                END,
                '<bpmn:sequenceFlow id="F0" sourceRef="Start" targetRef="Gw"/>',
                f'<bpmn:sequenceFlow id="Fa" name="はい" sourceRef="Gw" targetRef="A" {first}>'
                "<bpmn:conditionExpression>ok</bpmn:conditionExpression></bpmn:sequenceFlow>",
                f'<bpmn:sequenceFlow id="Fb" name="いいえ" sourceRef="Gw" targetRef="B" {second}/>',
                '<bpmn:sequenceFlow id="F1" sourceRef="A" targetRef="End"/>',
                '<bpmn:sequenceFlow id="F2" sourceRef="B" targetRef="End"/>',
            ]
        )
    )


def _shapes(*ids: str) -> str:
    return "\n".join(
        f'<bpmndi:BPMNShape id="{i}_di" bpmnElement="{i}">'
        f'<dc:Bounds x="{100 * n}" y="100" width="80" height="60"/></bpmndi:BPMNShape>'
        for n, i in enumerate(ids)
    )


def _edges(*ids: str) -> str:
    return "\n".join(
        f'<bpmndi:BPMNEdge id="{i}_di" bpmnElement="{i}">'
        '<di:waypoint x="0" y="0"/><di:waypoint x="10" y="0"/></bpmndi:BPMNEdge>'
        for i in ids
    )


def _drawn(shapes: tuple[str, ...], edges: tuple[str, ...], extra: str = "") -> bytes:
    body = "\n".join([START, task("Task_1", "受付"), END, flows("Start>Task_1", "Task_1>End")])
    return definitions(
        f'<bpmn:process id="Process_1" isExecutable="false">\n{body}\n{extra}\n</bpmn:process>\n'
        '<bpmndi:BPMNDiagram id="Diagram_1">'
        '<bpmndi:BPMNPlane id="Plane_1" bpmnElement="Process_1">\n'
        f"{_shapes(*shapes)}\n{_edges(*edges)}\n"
        "</bpmndi:BPMNPlane></bpmndi:BPMNDiagram>"
    )


ADHOC = process(
    "\n".join(
        [
            START,
            sub(task("Chat"), sub_id="Adhoc", kind="adHocSubProcess"),
            END,
            flows("Start>Adhoc", "Adhoc>End"),
        ]
    )
)
ALL_DRAWN = (("Start", "Task_1", "End"), ("Flow_1", "Flow_2"))

# --- models that break one rule --------------------------------------------------------
FAILING: list[Case] = [
    Case(
        "start-event-required",
        process("\n".join([task("A"), END, flows("A>End")])),
        "Process_1",
    ),
    Case(
        "start-event-required",
        process(
            "\n".join(
                [
                    START,
                    sub("\n".join([task("In"), END])),
                    END.replace("End", "E2"),
                    flows("Start>Sub_1", "Sub_1>E2"),
                ]
            )
        ),
        "Sub_1",
    ),
    Case(
        "end-event-required", process("\n".join([START, task("A"), flows("Start>A")])), "Process_1"
    ),
    Case(
        "single-blank-start-event",
        process(
            "\n".join(
                [
                    START,
                    '<bpmn:startEvent id="S2" name="電話"/>',
                    task("A"),
                    END,
                    flows("Start>A", "S2>A", "A>End"),
                ]
            )
        ),
        "Process_1",
    ),
    Case(
        "sub-process-blank-start-event",
        process(
            sub(
                '<bpmn:startEvent id="SubStart" name="開始"><bpmn:timerEventDefinition/>'
                "</bpmn:startEvent>"
            )
        ),
        "SubStart",
    ),
    Case(
        "event-sub-process-typed-start-event",
        process(
            sub('<bpmn:startEvent id="EvStart" name="開始"/>', attrs='triggeredByEvent="true"')
        ),
        "EvStart",
    ),
    Case(
        "ad-hoc-sub-process",
        process(sub('<bpmn:startEvent id="AdStart" name="開始"/>', kind="adHocSubProcess")),
        "AdStart",
    ),
    Case(
        "single-event-definition",
        process(
            '<bpmn:intermediateCatchEvent id="Wait" name="待つ">'
            "<bpmn:timerEventDefinition/><bpmn:messageEventDefinition/>"
            "</bpmn:intermediateCatchEvent>"
        ),
        "Wait",
    ),
    Case(
        "link-event-name",
        process(
            '<bpmn:intermediateThrowEvent id="Go" name="へ">'
            "<bpmn:linkEventDefinition/></bpmn:intermediateThrowEvent>"
        ),
        "Go",
    ),
    Case(
        "link-event",
        process(
            '<bpmn:intermediateThrowEvent id="Go" name="A へ">'
            '<bpmn:linkEventDefinition name="A"/></bpmn:intermediateThrowEvent>'
        ),
        "Go",
    ),
    Case(
        "superfluous-termination",
        process(
            "\n".join(
                [
                    START,
                    task("A"),
                    '<bpmn:endEvent id="Stop" name="終了">',
                    "<bpmn:terminateEventDefinition/></bpmn:endEvent>",
                    flows("Start>A", "A>Stop"),
                ]
            )
        ),
        "Stop",
        "warning",
    ),
    Case(
        "no-complex-gateway",
        process('<bpmn:complexGateway id="Cx" name="複合"/>'),
        "Cx",
        "warning",
    ),
    Case(
        "event-based-gateway",
        process(
            "\n".join(
                [START, '<bpmn:eventBasedGateway id="Eb"/>', END, flows("Start>Eb", "Eb>End")]
            )
        ),
        "Eb",
    ),
    Case(
        "no-disconnected",
        process("\n".join([START, task("A"), task("Lost"), END, flows("Start>A", "A>End")])),
        "Lost",
    ),
    Case(
        "no-implicit-start",
        process("\n".join([START, task("A"), task("B"), END, flows("Start>A", "A>End", "B>End")])),
        "B",
    ),
    Case(
        "no-implicit-end",
        process("\n".join([START, task("A"), task("B"), END, flows("Start>A", "A>End", "A>B")])),
        "B",
    ),
    Case(
        "no-implicit-split",
        process("\n".join([START, task("A"), task("B"), END, flows("Start>A", "A>End", "A>B")])),
        "A",
    ),
    Case(
        "fake-join",
        process("\n".join([START, task("A"), task("B"), END, flows("Start>A", "A>B", "A>B")])),
        "B",
        "warning",
    ),
    Case(
        "no-gateway-join-fork",
        process(
            "\n".join(
                [
                    START,
                    task("A"),
                    '<bpmn:parallelGateway id="Pg"/>',
                    task("B"),
                    task("C"),
                    END,
                    flows("Start>Pg", "A>Pg", "Pg>B", "Pg>C"),
                ]
            )
        ),
        "Pg",
    ),
    Case(
        "superfluous-gateway",
        process(
            "\n".join([START, '<bpmn:exclusiveGateway id="Gw"/>', END, flows("Start>Gw", "Gw>End")])
        ),
        "Gw",
        "warning",
    ),
    Case(
        "conditional-flows",
        process("\n".join([START, task("A"), task("B"), END, flows("Start>A", "A>B:ok", "A>End")])),
        "Flow_3",
    ),
    Case(
        "no-duplicate-sequence-flows",
        process("\n".join([START, task("A"), END, flows("Start>A", "A>End", "A>End")])),
        "Flow_3",
    ),
    Case("gateway-default-missing", _xor(("${a &gt; 1}", "${a &lt; 1}")), "Gw", "warning"),
    Case("label-required", process('<bpmn:task id="Nameless"/>'), "Nameless", "warning"),
    Case("label-required", _xor(("${ok}", "${!ok}"), question=" "), "Gw", "warning"),
    Case(
        "duplicate-id",
        process("\n".join([task("Dup", "一"), task("Dup", "二")])),
        "Dup",
        occurrence=2,
    ),
    Case(
        "dangling-reference",
        process("\n".join([START, task("Task_1"), flows("Start>Tsk_1")])),
        "Flow_1",
    ),
    Case(
        "dangling-reference",
        process(
            "\n".join([START, task("A", attrs='default="Nowhere"'), END, flows("Start>A", "A>End")])
        ),
        "A",
    ),
    Case(
        "dangling-reference",
        process(
            '<bpmn:intermediateCatchEvent id="Wait" name="回答を待つ">'
            '<bpmn:messageEventDefinition messageRef="Msg_reply"/></bpmn:intermediateCatchEvent>'
        ),
        "Wait",
    ),
    Case(
        "global",
        definitions('<bpmn:message id="Msg_1" name="申請書"/>'),
        "Msg_1",
        "warning",
    ),
    Case(
        "bpr-invalid-value",
        process(task("A", attrs='bpr:duration="9 minutes"')),
        "A",
        "warning",
    ),
    Case(
        "bpr-probability-sum",
        _probabilities('bpr:probability="0.7"', 'bpr:probability="0.6"'),
        "Gw",
        "error",
    ),
    Case(
        "bpr-probability-sum",
        _probabilities('bpr:probability="0.7"', 'bpr:probability="0.2"'),
        "Gw",
        "warning",
    ),
    Case(
        "bpr-probability-misplaced",
        process(
            "\n".join(
                [
                    START,
                    task("A"),
                    END,
                    flows("Start>A"),
                    '<bpmn:sequenceFlow id="Fp" sourceRef="A" targetRef="End" '
                    'bpr:probability="1"/>',
                ]
            )
        ),
        "Fp",
        "warning",
    ),
    Case(
        "bpr-variant-missing",
        process(task("A"), attrs='bpr:procedure="gakudo-admission"'),
        "Process_1",
        "warning",
    ),
    Case("no-bpmndi", _drawn(("Start", "End"), ALL_DRAWN[1]), "Task_1", "warning"),
    Case("no-bpmndi", linear("受付"), "Definitions_1", "warning"),
]

# --- models that keep the same rule ----------------------------------------------------
PASSING: list[tuple[str, bytes]] = [
    ("start-event-required", linear("受付")),
    ("start-event-required", process("")),  # a black-box pool's empty process
    ("start-event-required", ADHOC),
    ("no-disconnected", ADHOC),  # ad-hoc content needs no flows
    ("end-event-required", linear("受付")),
    ("single-blank-start-event", linear("受付")),
    (
        "sub-process-blank-start-event",
        process(sub('<bpmn:startEvent id="SubStart" name="開始"/>')),
    ),
    (
        "event-sub-process-typed-start-event",
        process(
            sub(
                '<bpmn:startEvent id="EvStart" name="取消"><bpmn:messageEventDefinition/>'
                "</bpmn:startEvent>",
                attrs='triggeredByEvent="true"',
            )
        ),
    ),
    ("ad-hoc-sub-process", process(sub(task("A"), kind="adHocSubProcess"))),
    (
        "single-event-definition",
        process(
            '<bpmn:intermediateCatchEvent id="Wait" name="待つ">'
            "<bpmn:timerEventDefinition/></bpmn:intermediateCatchEvent>"
        ),
    ),
    (
        "link-event",
        process(
            '<bpmn:intermediateThrowEvent id="Go" name="A へ">'
            '<bpmn:linkEventDefinition name="A"/></bpmn:intermediateThrowEvent>\n'
            '<bpmn:intermediateCatchEvent id="Come" name="A から">'
            '<bpmn:linkEventDefinition name="A"/></bpmn:intermediateCatchEvent>'
        ),
    ),
    (
        "link-event-name",
        process(
            '<bpmn:intermediateThrowEvent id="Go" name="A へ">'
            '<bpmn:linkEventDefinition name="A"/></bpmn:intermediateThrowEvent>'
        ),
    ),
    (
        "superfluous-termination",
        process(
            "\n".join(
                [
                    START,
                    '<bpmn:parallelGateway id="Pg"/>',
                    task("A"),
                    task("B"),
                    END,
                    '<bpmn:endEvent id="Stop" name="中止"><bpmn:terminateEventDefinition/>',
                    "</bpmn:endEvent>",
                    flows("Start>Pg", "Pg>A", "Pg>B", "A>End", "B>Stop"),
                ]
            )
        ),
    ),
    ("no-complex-gateway", linear("受付")),
    (
        "event-based-gateway",
        process(
            "\n".join(
                [
                    START,
                    '<bpmn:eventBasedGateway id="Eb"/>',
                    END,
                    '<bpmn:endEvent id="E2"/>',
                    flows("Start>Eb", "Eb>End", "Eb>E2"),
                ]
            )
        ),
    ),
    (
        "no-disconnected",
        process(
            "\n".join(
                [
                    START,
                    task("A"),
                    END,
                    flows("Start>A", "A>End"),
                    '<bpmn:boundaryEvent id="Late" name="期限" attachedToRef="A">',
                    "<bpmn:timerEventDefinition/></bpmn:boundaryEvent>",
                    '<bpmn:sequenceFlow id="Fl" sourceRef="Late" targetRef="End"/>',
                    '<bpmn:boundaryEvent id="Undo" name="取消" attachedToRef="A">',
                    "<bpmn:compensateEventDefinition/></bpmn:boundaryEvent>",
                    task("Refund", attrs='isForCompensation="true"'),
                    '<bpmn:association id="As" sourceRef="Undo" targetRef="Refund"/>',
                ]
            )
        ),
    ),
    ("no-implicit-start", linear("受付")),
    (
        "no-implicit-start",
        process(
            '<bpmn:intermediateCatchEvent id="Come" name="A から">'
            '<bpmn:linkEventDefinition name="A"/></bpmn:intermediateCatchEvent>\n'
            + END
            + '\n<bpmn:sequenceFlow id="F" sourceRef="Come" targetRef="End"/>'
        ),
    ),
    ("no-implicit-end", linear("受付")),
    ("no-implicit-split", _xor(("${ok}", "${!ok}"))),
    (
        "fake-join",
        process("\n".join([START, task("A"), END, flows("Start>A", "A>End", "Start>End")])),
    ),
    ("no-gateway-join-fork", _xor(("${ok}", "${!ok}"))),
    ("superfluous-gateway", _xor(("${ok}", "${!ok}"))),
    ("conditional-flows", _xor(("${ok}", "${!ok}"))),
    ("conditional-flows", _probabilities("", "")),  # the other flow is the default
    ("no-duplicate-sequence-flows", linear("受付", "審査")),
    ("gateway-default-missing", _xor(("${ok}", "${!ok}"))),  # x / not x always decides
    ("gateway-default-missing", _xor(("= approved", "= not(approved)"))),
    ("gateway-default-missing", _xor(("${a &gt; 1}", "${a &lt; 1}"), attrs='default="Fa"')),
    ("label-required", _xor(("${ok}", "${!ok}"))),
    ("duplicate-id", linear("受付")),
    ("dangling-reference", _drawn(*ALL_DRAWN)),
    ("dangling-reference", _probabilities("", "")),
    (
        "global",
        definitions(
            '<bpmn:message id="Msg_1" name="申請書"/>\n'
            '<bpmn:process id="Process_1" isExecutable="false">'
            '<bpmn:receiveTask id="R" name="受け取る" messageRef="Msg_1"/></bpmn:process>'
        ),
    ),
    ("bpr-invalid-value", process(task("A", attrs='bpr:duration="PT9M" bpr:channel="counter"'))),
    ("bpr-probability-sum", _probabilities('bpr:probability="0.7"', "")),
    ("bpr-probability-sum", _probabilities('bpr:probability="0.7"', 'bpr:probability="0.3"')),
    (
        "bpr-probability-sum",
        _probabilities('bpr:probability="0.7"', 'bpr:probability="0.6"', "inclusiveGateway"),
    ),
    ("bpr-probability-misplaced", _probabilities('bpr:probability="0.7"', "")),
    (
        "bpr-variant-missing",
        process(task("A"), attrs='bpr:procedure="gakudo-admission" bpr:variant="as-is"'),
    ),
    ("no-bpmndi", _drawn(*ALL_DRAWN)),
]


def _case_id(case: Case) -> str:
    return f"{case.code}@{case.element_id}"


@pytest.mark.parametrize("case", FAILING, ids=_case_id)
def test_rule_reports_the_offending_element(case: Case) -> None:
    found = lint(case.data, case.code)
    assert [f.element_id for f in found] == [case.element_id]
    finding = found[0]
    assert finding.severity == case.severity
    assert finding.line == line_of(case.data, case.element_id, case.occurrence)


@pytest.mark.parametrize(
    ("code", "data"), PASSING, ids=[f"{c}#{i}" for i, (c, _) in enumerate(PASSING)]
)
def test_rule_stays_quiet_on_a_sound_model(code: str, data: bytes) -> None:
    assert lint(data, code) == []


def test_every_lint_rule_has_a_failing_and_a_passing_model() -> None:
    assert {c.code for c in FAILING} == set(LINT_CODES)
    assert {code for code, _ in PASSING} == set(LINT_CODES)


@pytest.mark.parametrize("code", LINT_CODES)
def test_every_lint_rule_has_japanese_and_english_text(code: str) -> None:
    for lang in LANGS:
        assert CATALOG[code][lang].strip()


@pytest.mark.parametrize("case", FAILING, ids=_case_id)
def test_messages_fill_every_field_and_name_the_element(case: Case) -> None:
    for finding in lint(case.data, case.code):
        for lang in LANGS:
            message = finding.message(lang)
            assert "{" not in message
            assert "}" not in message
            assert "[" not in message.replace("[0, 1]", "")  # no {what[ja]} left raw
        assert "「" in finding.message("ja")


def test_terms_exist_in_every_language() -> None:
    for key, texts in TERMS.items():
        assert set(texts) == set(LANGS), key


def test_dangling_reference_suggests_a_close_id() -> None:
    data = process("\n".join([START, task("Task_1"), flows("Start>Tsk_1")]))
    (finding,) = lint(data, "dangling-reference")
    assert "Task_1" in finding.message("en")
    assert "「Task_1」の誤りではありませんか" in finding.message("ja")


def test_dangling_default_names_the_problem() -> None:
    data = process("\n".join([START, task("A", attrs='default="Flow_1"'), END]))
    data = data.replace(b"</bpmn:process>", flows("Start>A", "A>End").encode() + b"</bpmn:process>")
    (finding,) = lint(data, "dangling-reference")
    assert finding.element_id == "A"
    assert "does not leave this element" in finding.message("en")


def test_undrawn_process_is_one_finding() -> None:
    extra = '<bpmn:process id="Called" isExecutable="false">' + task("X") + "</bpmn:process>"
    data = _drawn(*ALL_DRAWN).replace(
        b"<bpmndi:BPMNDiagram", extra.encode() + b"\n<bpmndi:BPMNDiagram"
    )
    assert [f.element_id for f in lint(data, "no-bpmndi")] == ["Called"]


def test_a_sound_drawn_model_has_no_lint_findings() -> None:
    findings = [
        f
        for f in check_bytes(_drawn(*ALL_DRAWN), "m.bpmn", xsd=False).findings
        if f.code in LINT_CODES
    ]
    assert findings == []


def test_render_of_a_lint_message_in_both_languages() -> None:
    text = render("start-event-required", "ja", name="申請", scope=TERMS["process"])
    assert text.startswith("プロセス「申請」")


@pytest.mark.parametrize(
    ("kind", "first", "second", "severity"),
    [
        ("exclusiveGateway", "0.7", "0.6", "error"),
        ("exclusiveGateway", "0.7", "0.2", "warning"),
        ("exclusiveGateway", "0.7", None, None),
        ("exclusiveGateway", "1", None, None),
        ("exclusiveGateway", "0.9", "0.3", "error"),
        ("eventBasedGateway", "0.7", "0.6", "error"),
        ("eventBasedGateway", "0.5", "0.4", "warning"),
        ("eventBasedGateway", "0.5", "0.5", None),
        # Out of an inclusive gateway each probability is the chance of its own flow.
        ("inclusiveGateway", "0.7", "0.6", None),
        ("inclusiveGateway", "0.9", "0.9", None),
        ("inclusiveGateway", "0.2", "0.1", None),
        ("inclusiveGateway", "0.9", None, None),
    ],
)
def test_probability_sum_depends_on_the_gateway(
    kind: str, first: str, second: str | None, severity: str | None
) -> None:
    data = _probabilities(
        f'bpr:probability="{first}"',
        f'bpr:probability="{second}"' if second is not None else "",
        kind,
    )
    found = lint(data, "bpr-probability-sum")
    assert [f.severity for f in found] == ([severity] if severity else [])


def test_probability_sum_names_the_kind_of_gateway() -> None:
    data = _probabilities('bpr:probability="0.7"', 'bpr:probability="0.6"', "eventBasedGateway")
    [finding] = lint(data, "bpr-probability-sum")
    assert finding.message("ja").startswith("イベントベース・ゲートウェイ「書類はそろっているか」")
    assert "event-based gateway '書類はそろっているか'" in finding.message("en")
    assert "sum to 1.3" in finding.message("en")


def test_probabilities_out_of_an_inclusive_gateway_are_in_place() -> None:
    data = _probabilities('bpr:probability="0.9"', 'bpr:probability="0.8"', "inclusiveGateway")
    assert lint(data, "bpr-probability-misplaced") == []


def test_probabilities_the_kpis_read_are_not_misplaced() -> None:
    # Start events share cases (or say how often an event sub-process runs), and
    # conditional flows out of an activity are an inclusive choice: the KPIs read both.
    data = process(
        '<bpmn:startEvent id="Online" name="オンライン" bpr:probability="0.7"/>'
        '<bpmn:startEvent id="Counter" name="窓口" bpr:probability="0.3"/>'
        '<bpmn:task id="Check" name="確認する"/>'
        '<bpmn:task id="Extra" name="追加確認"/>'
        '<bpmn:endEvent id="Done" name="完了"/>'
        '<bpmn:sequenceFlow id="F1" sourceRef="Online" targetRef="Check"/>'
        '<bpmn:sequenceFlow id="F2" sourceRef="Counter" targetRef="Check"/>'
        '<bpmn:sequenceFlow id="F3" sourceRef="Check" targetRef="Extra" bpr:probability="0.2">'
        "<bpmn:conditionExpression>extra</bpmn:conditionExpression>"
        "</bpmn:sequenceFlow>"
        '<bpmn:sequenceFlow id="F4" sourceRef="Check" targetRef="Done"/>'
        '<bpmn:sequenceFlow id="F5" sourceRef="Extra" targetRef="Done"/>'
    )
    assert lint(data, "bpr-probability-misplaced") == []
    on_task = data.replace(b'id="Extra" name', b'id="Extra" bpr:probability="0.5" name')
    assert [f.element_id for f in lint(on_task, "bpr-probability-misplaced")] == ["Extra"]
