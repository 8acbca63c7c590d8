"""Models cannot run arbitrary code: refused at deploy time with the element id, refused again
when a stored spec is loaded, and unable to run even when both checks are bypassed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.spiff.parser.process import VALIDATOR, SpiffBpmnParser

from engine.errors import TaskFailedError, UnsafeModelError
from engine.runtime import Execution, ManualClock, Spec, SpecCache, build_package, load_spec
from engine.runtime.specs import spec_document
from tests.engine.runtime.helpers import chain, executable, flow, script, timer

S = '<bpmn:startEvent id="S"/>'
E = '<bpmn:endEvent id="E"/>'


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def dmn(input_expression: str, entry: str = "-", output: str = "1") -> bytes:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="Defs" name="d"
  namespace="http://example.org/t">
  <decision id="pick" name="Pick">
    <decisionTable id="Table">
      <input id="In_1" label="Value">
        <inputExpression id="In_1_expr"><text>{escape(input_expression)}</text></inputExpression>
      </input>
      <output id="Out_1" label="Out" name="out"/>
      <rule id="Rule_1">
        <inputEntry id="R1_in"><text>{escape(entry)}</text></inputEntry>
        <outputEntry id="R1_out"><text>{escape(output)}</text></outputEntry>
      </rule>
    </decisionTable>
  </decision>
</definitions>
""".encode()


BUSINESS_RULE = executable(
    S + '<bpmn:businessRuleTask id="Decide"><bpmn:extensionElements>'
    "<spiffworkflow:calledDecisionId>pick</spiffworkflow:calledDecisionId>"
    "</bpmn:extensionElements></bpmn:businessRuleTask>" + E + chain("S", "Decide", "E")
)


# Each vector: files for a payload, and the element id that must be named.
def script_task(payload: str) -> dict[str, bytes]:
    return {
        "main.bpmn": executable(S + script("Evil", escape(payload)) + E + chain("S", "Evil", "E"))
    }


def condition(payload: str) -> dict[str, bytes]:
    body = "\n".join(
        [
            S,
            '<bpmn:exclusiveGateway id="G" default="No"/>',
            script("A", "a = 1"),
            script("B", "b = 1"),
            E,
            flow("F1", "S", "G"),
            flow("Yes", "G", "A", escape(payload)),
            flow("No", "G", "B"),
            flow("F2", "A", "E"),
            flow("F3", "B", "E"),
        ]
    )
    return {"main.bpmn": executable(body)}


def timer_value(payload: str) -> dict[str, bytes]:
    catch = (
        '<bpmn:intermediateCatchEvent id="Wait">'
        + timer("timeDuration", escape(payload))
        + "</bpmn:intermediateCatchEvent>"
    )
    return {"main.bpmn": executable(S + catch + E + chain("S", "Wait", "E"))}


def dmn_input(payload: str) -> dict[str, bytes]:
    # The engine evaluates an input only for rules that test it: "x", not "-".
    return {"main.bpmn": BUSINESS_RULE, "d.dmn": dmn(payload, entry='"x"')}


def pre_script(payload: str) -> dict[str, bytes]:
    task = (
        '<bpmn:manualTask id="Form"><bpmn:extensionElements><spiffworkflow:preScript>'
        + escape(payload)
        + "</spiffworkflow:preScript></bpmn:extensionElements></bpmn:manualTask>"
    )
    return {"main.bpmn": executable(S + task + E + chain("S", "Form", "E"))}


VECTORS: dict[str, tuple[Callable[[str], dict[str, bytes]], str, str, str]] = {
    # name: (model, element named, where, payload template with {marker})
    "script-task": (script_task, "Evil", "script", "__import__('os').system('touch {marker}')"),
    "flow-condition": (
        condition,
        "G",
        "condition",
        "__import__('os').system('touch {marker}') == 0",
    ),
    "timer-expression": (timer_value, "Wait", "timer", "open('{marker}', 'w') and 'PT1H'"),
    "dmn-input": (
        dmn_input,
        "Decide",
        "decision-input",
        "__import__('os').system('touch {marker}')",
    ),
    "pre-script": (pre_script, "Form", "pre-script", "open('{marker}', 'w').write('x')"),
}


@pytest.mark.parametrize("name", VECTORS)
def test_refused_at_deploy_time_with_the_element(name: str, tmp_path: Path) -> None:
    model, element, where, payload = VECTORS[name]
    files = model(payload.format(marker=tmp_path / "marker"))
    with pytest.raises(UnsafeModelError) as refused:
        build_package(files, main="main.bpmn")
    error = refused.value
    assert error.code == "runtime.deploy.unsafe"
    assert error.category == "input"
    [problem] = error.problems
    assert problem["element"] == element
    assert problem["where"] == where
    assert problem["line"] is not None
    assert "marker" in problem["text"]
    for lang in ("ja", "en"):
        assert element in error.message(lang)
    assert not (tmp_path / "marker").exists()


def test_deploy_error_says_file_line_rule_and_why(tmp_path: Path) -> None:
    files = {"main.bpmn": BUSINESS_RULE, "d.dmn": dmn("value", entry="().__class__")}
    with pytest.raises(UnsafeModelError) as refused:
        build_package(files, main="main.bpmn")
    [problem] = refused.value.problems
    assert problem["file"] == "d.dmn"
    assert problem["line"] == 10  # the rule element
    assert (problem["decision"], problem["rule"], problem["column"]) == ("Table", 1, "Value")
    assert problem["where"] == "decision-rule"
    ja, en = refused.value.message("ja"), refused.value.message("en")
    assert "d.dmn:10" in ja
    assert "規則 1" in ja
    assert "「_」で始まる名前（__class__）は使えません" in ja
    assert "rule 1" in en
    assert '"__class__" is an invalid attribute name' in en


def test_condition_problem_names_the_flow() -> None:
    with pytest.raises(UnsafeModelError) as refused:
        build_package(condition("open('x')"), main="main.bpmn")
    [problem] = refused.value.problems
    assert problem["flow"] == "Yes"
    assert "Yes" in refused.value.message("en")


def test_every_problem_is_listed_not_just_the_first() -> None:
    body = "\n".join(
        [
            S,
            script("One", "import os"),
            script("Two", "x = eval('1')"),
            script("Three", "y = (1"),
            E,
            chain("S", "One", "Two", "Three", "E"),
        ]
    )
    with pytest.raises(UnsafeModelError) as refused:
        build_package({"main.bpmn": executable(body)}, main="main.bpmn")
    elements = [p["element"] for p in refused.value.problems]
    assert elements[0] == "One"
    assert set(elements) == {"One", "Two", "Three"}
    kinds = {p["element"]: p["kind"] for p in refused.value.problems}
    assert kinds["Three"] == "syntax"
    assert refused.value.params["count"] == len(refused.value.problems)


OTHER_PLACES: dict[str, tuple[bytes | dict[str, bytes], str, str]] = {
    "post-script": (
        executable(
            S + '<bpmn:userTask id="U"><bpmn:extensionElements><spiffworkflow:postScript>'
            "x = ().__class__</spiffworkflow:postScript></bpmn:extensionElements></bpmn:userTask>"
            + E
            + chain("S", "U", "E")
        ),
        "U",
        "post-script",
    ),
    "dmn-output": (
        {"main.bpmn": BUSINESS_RULE, "d.dmn": dmn("value", output="open('f').read()")},
        "Decide",
        "decision-output",
    ),
    "dmn-entry-with-placeholder": (
        {"main.bpmn": BUSINESS_RULE, "d.dmn": dmn("value", entry="? > globals()")},
        "Decide",
        "decision-rule",
    ),
    "multi-instance-cardinality": (
        executable(
            S
            + '<bpmn:userTask id="M"><bpmn:multiInstanceLoopCharacteristics><bpmn:loopCardinality>'
            "len(dir())</bpmn:loopCardinality></bpmn:multiInstanceLoopCharacteristics>"
            "</bpmn:userTask>" + E + chain("S", "M", "E")
        ),
        "M",
        "cardinality",
    ),
    "multi-instance-completion": (
        executable(
            S
            + '<bpmn:userTask id="M"><bpmn:multiInstanceLoopCharacteristics><bpmn:loopCardinality>'
            "2</bpmn:loopCardinality><bpmn:completionCondition>vars()</bpmn:completionCondition>"
            "</bpmn:multiInstanceLoopCharacteristics></bpmn:userTask>" + E + chain("S", "M", "E")
        ),
        "M",
        "completion-condition",
    ),
    "standard-loop": (
        executable(
            S + '<bpmn:userTask id="L"><bpmn:standardLoopCharacteristics><bpmn:loopCondition>'
            "x.__dict__</bpmn:loopCondition></bpmn:standardLoopCharacteristics></bpmn:userTask>"
            + E
            + chain("S", "L", "E")
        ),
        "L",
        "loop-condition",
    ),
    "message-payload": (
        executable(
            S
            + '<bpmn:intermediateThrowEvent id="Send"><bpmn:messageEventDefinition messageRef="M1">'
            "<bpmn:extensionElements><spiffworkflow:messagePayload>__builtins__"
            "</spiffworkflow:messagePayload></bpmn:extensionElements>"
            "</bpmn:messageEventDefinition></bpmn:intermediateThrowEvent>"
            + E
            + chain("S", "Send", "E"),
            roots='<bpmn:message id="M1" name="m"/>',
        ),
        "Send",
        "message-payload",
    ),
    "conditional-event": (
        executable(
            S + '<bpmn:intermediateCatchEvent id="When"><bpmn:conditionalEventDefinition>'
            "<bpmn:condition>exec('x')</bpmn:condition></bpmn:conditionalEventDefinition>"
            "</bpmn:intermediateCatchEvent>" + E + chain("S", "When", "E")
        ),
        "When",
        "conditional-event",
    ),
}


@pytest.mark.parametrize("name", OTHER_PLACES)
def test_every_evaluated_place_is_checked(name: str) -> None:
    files, element, where = OTHER_PLACES[name]
    if isinstance(files, bytes):
        files = {"main.bpmn": files}
    with pytest.raises(UnsafeModelError) as refused:
        build_package(files, main="main.bpmn")
    assert [(p["element"], p["where"]) for p in refused.value.problems] == [(element, where)]


# --- bypassing the deploy check -----------------------------------------------------------
def parsed(files: dict[str, bytes], process_id: str = "P") -> Spec:
    """A spec straight from SpiffWorkflow's parser: no deploy-time check at all."""
    parser = SpiffBpmnParser(validator=VALIDATOR)
    for name, content in files.items():
        if name.endswith(".dmn"):
            parser.add_dmn_str(content, filename=name)
        else:
            parser.add_bpmn_str(content, filename=name)
    return Spec.of(process_id, parser.get_spec(process_id), parser.get_subprocess_specs(process_id))


def run_through(spec: Spec, clock: ManualClock) -> None:
    """Start, complete whatever is ready, let a day pass: every payload gets its chance."""
    execution = Execution.start(spec)
    for task in execution.ready_tasks():
        execution.complete(task.id)
    clock.advance(days=1)
    execution.advance()


@pytest.mark.parametrize("name", VECTORS)
def test_cannot_run_even_when_the_check_is_bypassed(
    name: str, tmp_path: Path, clock: ManualClock
) -> None:
    model, element, _, payload = VECTORS[name]
    marker = tmp_path / "marker"
    spec = parsed(model(payload.format(marker=marker)))
    with pytest.raises(TaskFailedError) as failed:
        run_through(spec, clock)
    assert failed.value.code == "runtime.forbidden-code"
    assert failed.value.element == element
    assert failed.value.params["element"] == element
    assert not marker.exists()


def test_the_payload_does_run_under_the_librarys_own_engine(tmp_path: Path) -> None:
    # The control: without machiflow's environment the same model writes the file.
    marker = tmp_path / "marker"
    spec = parsed(script_task(f"open('{marker}', 'w').close()"))
    workflow = BpmnWorkflow(spec.top, dict(spec.subprocesses))
    workflow.do_engine_steps()
    assert marker.exists()


def test_a_stored_unsafe_spec_is_refused_when_loaded(tmp_path: Path) -> None:
    spec = parsed(script_task("__import__('os').system('id')"))
    document = spec_document("P", spec.top, spec.subprocesses)
    with pytest.raises(UnsafeModelError) as refused:
        load_spec(document)
    assert refused.value.problems[0]["element"] == "Evil"
    with pytest.raises(UnsafeModelError):
        SpecCache().get(document)


def test_endless_script_stops_at_the_step_limit_naming_the_element(clock: ManualClock) -> None:
    body = S + script("Spin", "while True:\n    pass", name="無限") + E + chain("S", "Spin", "E")
    spec = build_package({"main.bpmn": executable(body)}, main="main.bpmn").default.spec
    with pytest.raises(TaskFailedError) as failed:
        Execution.start(spec, step_seconds=0.2)
    error: Any = failed.value
    assert error.code == "runtime.script-timeout"
    assert error.element == "Spin"
    assert error.params["seconds"] == 0.2
    assert "Spin" in error.message("ja")
    assert "無限" in error.message("ja")
    assert "time limit" in error.message("en")
