"""A DMN file with several decisions: SpiffWorkflow 3.2.0 reads one decision per file and
fails with "'list' object has no attribute 'tag'"; deploy says which task, file and why."""

from __future__ import annotations

import pytest

from engine.errors import DeployError
from engine.runtime import build_package, start
from tests.engine.runtime.helpers import chain, executable


def decision(decision_id: str, output: str) -> str:
    return f"""
  <decision id="{decision_id}" name="{decision_id}">
    <decisionTable id="{decision_id}_table" hitPolicy="FIRST">
      <input id="{decision_id}_in" label="Kind">
        <inputExpression id="{decision_id}_expr" typeRef="string">
          <text>kind</text>
        </inputExpression>
      </input>
      <output id="{decision_id}_out" label="Out" name="{output}" typeRef="integer"/>
      <rule id="{decision_id}_rule">
        <inputEntry id="{decision_id}_entry"><text>-</text></inputEntry>
        <outputEntry id="{decision_id}_value"><text>1</text></outputEntry>
      </rule>
    </decisionTable>
  </decision>"""


def dmn(*decisions: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="Defs" '
        'name="d" namespace="http://example.org/machiflow-tests">'
        + "".join(decisions)
        + "</definitions>"
    ).encode()


MAIN = executable(
    '<bpmn:startEvent id="S"/>'
    '<bpmn:businessRuleTask id="Decide" name="決める"><bpmn:extensionElements>'
    "<spiffworkflow:calledDecisionId>first</spiffworkflow:calledDecisionId>"
    "</bpmn:extensionElements></bpmn:businessRuleTask>"
    '<bpmn:endEvent id="E"/>' + chain("S", "Decide", "E")
)


def test_a_decision_in_a_file_with_others_is_refused_with_the_reason() -> None:
    files = {"main.bpmn": MAIN, "both.dmn": dmn(decision("first", "a"), decision("second", "b"))}
    with pytest.raises(DeployError) as caught:
        build_package(files, main="main.bpmn")
    error = caught.value
    assert error.code == "runtime.deploy.several-decisions"
    assert error.params["element"] == "Decide"
    assert error.params["dmn"] == "both.dmn"
    assert error.params["count"] == 2
    assert "both.dmn" in error.message("ja")
    assert "one decision per DMN file" in error.message("en")


def test_the_same_decisions_in_a_file_each_run() -> None:
    files = {
        "main.bpmn": MAIN,
        "first.dmn": dmn(decision("first", "a")),
        "second.dmn": dmn(decision("second", "b")),
    }
    execution = start(build_package(files, main="main.bpmn").default.spec, {"kind": "x"})
    assert execution.status == "completed"
    assert execution.data["a"] == 1
