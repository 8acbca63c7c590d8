"""Deploying files: what becomes runnable, how it is described, and precise deploy errors."""

from __future__ import annotations

import json
from typing import Any

import jsonschema  # type: ignore[import-untyped]
import pytest

from engine.errors import DeployError, ModelLoadError, StateError, XmlSyntaxError
from engine.runtime import Execution, ManualClock, SpecCache, build_package, load_spec
from engine.runtime.specs import digest_of
from tests.engine.runtime.helpers import chain, deploy, executable, script
from tests.factories import definitions

S = '<bpmn:startEvent id="S"/>'
E = '<bpmn:endEvent id="E"/>'

LANES = executable(
    "\n".join(
        [
            '<bpmn:laneSet id="LS">'
            '<bpmn:lane id="Lane_resident" name="申請者" bpr:actor="resident">'
            "<bpmn:flowNodeRef>S</bpmn:flowNodeRef><bpmn:flowNodeRef>Apply</bpmn:flowNodeRef>"
            '</bpmn:lane><bpmn:lane id="Lane_staff" name="窓口">'
            "<bpmn:flowNodeRef>Check</bpmn:flowNodeRef><bpmn:flowNodeRef>Stamp</bpmn:flowNodeRef>"
            "<bpmn:flowNodeRef>Calc</bpmn:flowNodeRef><bpmn:flowNodeRef>E</bpmn:flowNodeRef>"
            "</bpmn:lane></bpmn:laneSet>",
            S,
            '<bpmn:userTask id="Apply" name="申請書の入力"><bpmn:documentation>住所と氏名を書きます'
            "</bpmn:documentation><bpmn:extensionElements>"
            "<spiffworkflow:instructionsForEndUser>本人確認書類を用意してください"
            "</spiffworkflow:instructionsForEndUser><spiffworkflow:properties>"
            '<spiffworkflow:property name="formJsonSchemaFilename" value="apply.schema.json"/>'
            '<spiffworkflow:property name="formUiSchemaFilename" value="apply.ui.json"/>'
            "</spiffworkflow:properties></bpmn:extensionElements></bpmn:userTask>",
            '<bpmn:manualTask id="Check" name="書類の確認"/>',
            '<bpmn:task id="Stamp" name="押印"/>',
            script("Calc", "fee = 300"),
            E,
            chain("S", "Apply", "Check", "Stamp", "Calc", "E"),
        ]
    ),
    name="住民票の写しの交付",
)
APPLY_SCHEMA = {
    "type": "object",
    "properties": {"name": {"type": "string"}, "copies": {"type": "integer", "minimum": 1}},
    "required": ["name"],
}
FILES = {
    "main.bpmn": LANES,
    "apply.schema.json": json.dumps(APPLY_SCHEMA).encode(),
    "apply.ui.json": b'{"name": {"ui:autofocus": true}}',
}


def test_a_process_is_described_for_the_api_and_pages() -> None:
    package = build_package(FILES, main="main.bpmn")
    [runnable] = package.runnables
    assert package.default is runnable
    assert (runnable.key, runnable.name, runnable.kind) == ("P", "住民票の写しの交付", "process")
    assert runnable.processes == ("P",)
    assert [(lane.id, lane.name, lane.actor) for lane in runnable.lanes] == [
        ("Lane_resident", "申請者", "resident"),
        ("Lane_staff", "窓口", "staff"),
    ]
    assert [(t.element_id, t.kind, t.lane, t.lane_id) for t in runnable.tasks] == [
        ("Apply", "userTask", "申請者", "Lane_resident"),
        ("Check", "manualTask", "窓口", "Lane_staff"),
        ("Stamp", "task", "窓口", "Lane_staff"),
    ]
    apply = runnable.task("Apply")
    assert apply is not None
    assert apply.documentation == "住所と氏名を書きます"
    assert apply.instructions == "本人確認書類を用意してください"
    assert apply.form is not None
    assert apply.form.schema == APPLY_SCHEMA
    assert apply.form.ui_schema == {"name": {"ui:autofocus": True}}
    assert (apply.form.source, apply.form.ui_source) == ("apply.schema.json", "apply.ui.json")
    meta = runnable.meta()
    assert json.loads(json.dumps(meta)) == meta
    assert meta["tasks"][0]["form"]["schema"] == APPLY_SCHEMA
    assert runnable.digest == digest_of(runnable.document)


def test_ready_tasks_carry_lane_name_form_and_data(clock: ManualClock) -> None:
    runnable = build_package(FILES, main="main.bpmn").default
    execution = Execution.start(runnable.spec, {"city": "千代田区"})
    [task] = execution.ready_tasks()
    assert (task.element_id, task.process_id, task.name, task.kind) == (
        "Apply",
        "P",
        "申請書の入力",
        "userTask",
    )
    assert task.lane == "申請者"
    assert task.form == "apply.schema.json"
    assert task.data == {"city": "千代田区"}
    task.data["city"] = "changed"  # a copy: the instance keeps its own
    execution.complete(task.id, {"name": "山田"})
    [check] = execution.ready_tasks()
    assert (check.kind, check.form, check.lane) == ("manualTask", None, "窓口")
    assert check.data == {"city": "千代田区", "name": "山田"}


CAMUNDA_FIELDS = (
    '<bpmn:userTask id="Ask" name="入力"><bpmn:extensionElements><camunda:formData>'
    '<camunda:formField id="name" label="氏名" type="string">'
    '<camunda:validation><camunda:constraint name="required"/>'
    '<camunda:constraint name="maxlength" config="20"/>'
    '<camunda:constraint name="minlength" config="1"/></camunda:validation></camunda:formField>'
    '<camunda:formField id="age" label="年齢" type="long" defaultValue="20">'
    '<camunda:validation><camunda:constraint name="min" config="0"/>'
    '<camunda:constraint name="max" config="150"/></camunda:validation></camunda:formField>'
    '<camunda:formField id="agree" label="同意" type="boolean" defaultValue="true"/>'
    '<camunda:formField id="born" label="生年月日" type="date"/>'
    '<camunda:formField id="postcode" type="string"><camunda:validation>'
    '<camunda:constraint name="pattern" config="^[0-9]{3}-[0-9]{4}$"/>'
    '<camunda:constraint name="readonly"/></camunda:validation></camunda:formField>'
    '<camunda:formField id="kind" label="種別" type="enum">'
    '<camunda:value id="resident" name="住民"/><camunda:value id="other" name="その他"/>'
    "</camunda:formField></camunda:formData></bpmn:extensionElements></bpmn:userTask>"
)


def test_camunda_form_fields_become_an_equivalent_json_schema() -> None:
    runnable = deploy(executable(S + CAMUNDA_FIELDS + E + chain("S", "Ask", "E")))
    task = runnable.task("Ask")
    assert task is not None
    assert task.form is not None
    assert task.form.source == "camunda:formData"
    schema = task.form.schema
    assert schema == {
        "type": "object",
        "properties": {
            "name": {"type": "string", "title": "氏名", "maxLength": 20, "minLength": 1},
            "age": {
                "type": "integer",
                "title": "年齢",
                "minimum": 0,
                "maximum": 150,
                "default": 20,
            },
            "agree": {"type": "boolean", "title": "同意", "default": True},
            "born": {"type": "string", "format": "date", "title": "生年月日"},
            "postcode": {
                "type": "string",
                "title": "postcode",
                "pattern": "^[0-9]{3}-[0-9]{4}$",
                "readOnly": True,
            },
            "kind": {
                "type": "string",
                "enum": ["resident", "other"],
                "oneOf": [
                    {"const": "resident", "title": "住民"},
                    {"const": "other", "title": "その他"},
                ],
                "title": "種別",
            },
        },
        "required": ["name"],
    }
    validator = jsonschema.Draft202012Validator(schema)
    good = {"name": "山田", "age": 30, "agree": True, "postcode": "100-0001", "kind": "other"}
    assert not list(validator.iter_errors(good))
    bad = {"age": 200, "postcode": "1000001", "kind": "alien"}
    complaints = {error.validator for error in validator.iter_errors(bad)}
    assert {"required", "maximum", "pattern", "enum"} <= complaints


@pytest.mark.parametrize(
    ("files", "code", "detail"),
    [
        ({}, "runtime.deploy.form-missing", "apply.schema.json"),
        ({"apply.schema.json": b"{not json"}, "runtime.deploy.form-invalid", "not JSON"),
        ({"apply.schema.json": b"[1, 2]"}, "runtime.deploy.form-invalid", "JSON object"),
        ({"apply.schema.json": b'{"type": 12}'}, "runtime.deploy.form-invalid", "JSON Schema"),
    ],
    ids=["missing", "not-json", "not-object", "not-a-schema"],
)
def test_form_problems_are_deploy_errors_at_the_task(
    files: dict[str, bytes], code: str, detail: str
) -> None:
    given = {"main.bpmn": LANES, "apply.ui.json": b"{}", **files}
    with pytest.raises(DeployError) as refused:
        build_package(given, main="main.bpmn")
    error = refused.value
    assert error.code == code
    assert (error.file, error.element) == ("main.bpmn", "Apply")
    assert error.line is not None
    assert detail in error.message("en")
    assert error.message("ja").startswith(f"main.bpmn:{error.line}: ")


def test_called_processes_come_from_other_files_and_the_caller_is_the_default() -> None:
    caller = executable(
        S + '<bpmn:callActivity id="Call" calledElement="Sub"/>' + E + chain("S", "Call", "E")
    )
    called = executable(
        S + '<bpmn:userTask id="Fill" name="記入"/>' + E + chain("S", "Fill", "E"), process_id="Sub"
    )
    package = build_package({"sub.bpmn": called, "main.bpmn": caller}, main="main.bpmn")
    assert [r.key for r in package.runnables] == ["P"]
    assert [(t.process_id, t.element_id) for t in package.default.tasks] == [("Sub", "Fill")]
    assert set(package.default.spec.subprocesses) == {"Sub"}


def test_a_called_process_in_the_main_file_is_not_the_default() -> None:
    both = definitions(
        '<bpmn:process id="Sub" isExecutable="true">'
        + S
        + '<bpmn:userTask id="Fill"/>'
        + E
        + chain("S", "Fill", "E")
        + '</bpmn:process><bpmn:process id="Main" isExecutable="true">'
        + '<bpmn:startEvent id="MS"/><bpmn:callActivity id="Call" calledElement="Sub"/>'
        + '<bpmn:endEvent id="ME"/>'
        + chain("MS", "Call", "ME", prefix="M")
        + "</bpmn:process>"
    )
    package = build_package({"main.bpmn": both}, main="main.bpmn")
    assert [r.key for r in package.runnables] == ["Main", "Sub"]
    assert package.get("Sub").key == "Sub"
    with pytest.raises(KeyError):
        package.get("Nope")


ERRORS: dict[str, tuple[dict[str, bytes], str, str, str | None]] = {
    # name: (files, code, file, element)
    "no-main": ({"other.bpmn": executable(S)}, "runtime.deploy.no-main", "main.bpmn", None),
    "not-executable": (
        {"main.bpmn": definitions('<bpmn:process id="P" isExecutable="false"/>')},
        "runtime.deploy.no-executable",
        "main.bpmn",
        None,
    ),
    "reserved-id": (
        {"main.bpmn": executable('<bpmn:startEvent id="Start"/><bpmn:endEvent id="E"/>')},
        "runtime.deploy.reserved-id",
        "main.bpmn",
        "Start",
    ),
    "reserved-task-id": (
        {
            "main.bpmn": executable(
                S + '<bpmn:userTask id="End"/>' + E + chain("S", "End", "E")  # skipped if run
            )
        },
        "runtime.deploy.reserved-id",
        "main.bpmn",
        "End",
    ),
    "reserved-join-id": (
        {
            "main.bpmn": executable(
                S
                + '<bpmn:subProcess id="Sub"><bpmn:startEvent id="SS"/>'
                + '<bpmn:endEvent id="Sub.EndJoin"/>'
                + chain("SS", "Sub.EndJoin", prefix="SF")
                + "</bpmn:subProcess>"
                + E
                + chain("S", "Sub", "E")
            )
        },
        "runtime.deploy.reserved-id",
        "main.bpmn",
        "Sub.EndJoin",
    ),
    "missing-called-process": (
        {
            "main.bpmn": executable(
                S
                + '<bpmn:callActivity id="Call" calledElement="Nowhere"/>'
                + E
                + chain("S", "Call", "E")
            )
        },
        "runtime.deploy.missing-process",
        "main.bpmn",
        "Call",
    ),
    "missing-decision": (
        {
            "main.bpmn": executable(
                S + '<bpmn:businessRuleTask id="Decide"><bpmn:extensionElements>'
                "<spiffworkflow:calledDecisionId>nothing</spiffworkflow:calledDecisionId>"
                "</bpmn:extensionElements></bpmn:businessRuleTask>" + E + chain("S", "Decide", "E")
            )
        },
        "runtime.deploy.missing-decision",
        "main.bpmn",
        "Decide",
    ),
    "schema-invalid": (
        {"main.bpmn": executable(S + "<bpmn:unknownThing/>" + E + chain("S", "E"))},
        "runtime.deploy.invalid",
        "main.bpmn",
        None,
    ),
    "subprocess-without-start": (
        {
            "main.bpmn": executable(
                S
                + '<bpmn:subProcess id="Sub"><bpmn:endEvent id="SE"/></bpmn:subProcess>'
                + E
                + chain("S", "Sub", "E")
            )
        },
        "runtime.deploy.invalid",
        "main.bpmn",
        "Sub",
    ),
}


@pytest.mark.parametrize("name", ERRORS)
def test_files_that_cannot_run_give_a_deploy_error(name: str) -> None:
    files, code, file, element = ERRORS[name]
    with pytest.raises(DeployError) as refused:
        build_package(files, main="main.bpmn")
    error = refused.value
    assert error.code == code
    assert error.file == file
    if element is not None:
        assert error.element == element
        assert error.line is not None
    for lang in ("ja", "en"):
        assert error.message(lang).startswith(file)


def test_schema_errors_keep_the_validators_line() -> None:
    with pytest.raises(DeployError) as refused:
        build_package(ERRORS["schema-invalid"][0], main="main.bpmn")
    assert refused.value.line == 5
    assert "unknownThing" in refused.value.message("en")


def test_a_broken_dmn_file_is_a_load_error_naming_it() -> None:
    files = {"main.bpmn": executable(S + E + chain("S", "E")), "d.dmn": b"<definitions><oops>"}
    with pytest.raises(XmlSyntaxError) as refused:
        build_package(files, main="main.bpmn")
    assert refused.value.file == "d.dmn"
    assert isinstance(refused.value, ModelLoadError)


# --- stored specs -------------------------------------------------------------------------
def runnable_document() -> dict[str, Any]:
    return deploy(executable(S + '<bpmn:userTask id="U"/>' + E + chain("S", "U", "E"))).document


def test_the_document_is_json_and_restores_to_a_working_spec(clock: ManualClock) -> None:
    document = runnable_document()
    text = json.dumps(document)
    spec = load_spec(text)
    assert spec.key == "P"
    assert spec.digest == digest_of(text)
    execution = Execution.start(spec)
    execution.complete(execution.ready_tasks()[0].id)
    assert execution.status == "completed"


def test_the_stored_text_has_the_runnables_digest() -> None:
    runnable = deploy(executable(S + '<bpmn:userTask id="U"/>' + E + chain("S", "U", "E")))
    text = runnable.document_text()
    assert digest_of(text) == digest_of(runnable.document) == runnable.digest
    assert SpecCache().get(text).digest == runnable.digest


def test_the_cache_shares_one_spec_per_document() -> None:
    cache = SpecCache(maxsize=2)
    text = json.dumps(runnable_document())
    first = cache.get(text)
    assert cache.get(text) is first
    assert cache.get(json.loads(text), digest=first.digest) is first
    other = json.dumps(deploy(executable(S + E + chain("S", "E"), process_id="Q")).document)
    third = json.dumps(deploy(executable(S + E + chain("S", "E"), process_id="R")).document)
    cache.get(other)
    cache.get(third)
    assert len(cache) == 2
    assert cache.get(text) is not first  # dropped as least recently used, restored again


@pytest.mark.parametrize(
    "document",
    [
        "not json",
        "[]",
        json.dumps({"format": "other"}),
        json.dumps({"format": "machiflow.spec/1", "serializer_version": "0.1"}),
        json.dumps({"format": "machiflow.spec/1", "serializer_version": "1.5", "spec": {}}),
    ],
    ids=["not-json", "not-object", "other-format", "old-version", "broken"],
)
def test_a_document_that_cannot_be_restored_is_a_state_error(document: str) -> None:
    with pytest.raises(StateError) as refused:
        load_spec(document)
    assert refused.value.code == "runtime.state-invalid"
    assert refused.value.category == "internal"


def test_files_with_nothing_executable_ride_along_unchecked_by_the_engine() -> None:
    as_is = definitions(
        '<bpmn:process id="AsIs" isExecutable="false"><bpmn:startEvent id="Start"/>'
        "<bpmn:unknownThing/></bpmn:process>"
    )
    main = executable(S + '<bpmn:userTask id="U"/>' + E + chain("S", "U", "E"))
    package = build_package({"main.bpmn": main, "as-is.bpmn": as_is}, main="main.bpmn")
    assert [r.key for r in package.runnables] == ["P"]
    assert set(package.models) == {"main.bpmn", "as-is.bpmn"}
