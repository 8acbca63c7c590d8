"""POST /api/processes (deploy) and GET /api/processes[/{key}]."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.settings import Settings
from tests.api.conftest import Api, app_client, problem
from tests.api.models import (
    APPLICATION_KEY,
    APPLY_FORM,
    AS_IS,
    AS_IS_KEY,
    DECISION_FILES,
    DECISION_KEY,
    DESK_LANE,
    RESIDENT_LANE,
    REVIEW_LANE,
    STAFF_ONLY,
    STAFF_ONLY_KEY,
    application_files,
)
from tests.engine.runtime.helpers import executable, flow
from tests.engine.runtime.test_safety import VECTORS

FINDING_KEYS = {"file", "line", "element_id", "code", "severity", "message"}


def test_deploy_answers_201_with_key_version_and_warnings(api: Api) -> None:
    response = api.deploy(application_files())
    assert response.status_code == 201, response.text
    body = response.json()
    assert (body["key"], body["version"], body["created"], body["executable"]) == (
        APPLICATION_KEY,
        1,
        True,
        True,
    )
    assert body["deployed"] == [{"key": APPLICATION_KEY, "version": 1, "created": True}]
    assert body["findings"], "a model without diagram information gets warnings"
    for finding in body["findings"]:
        assert set(finding) == FINDING_KEYS
        assert finding["severity"] == "warning"
        assert finding["file"] == "tennyu.bpmn"
    assert "no-bpmndi" in {f["code"] for f in body["findings"]}


def test_same_files_twice_give_the_same_version(api: Api) -> None:
    first = api.deploy(application_files())
    again = api.deploy(application_files())
    assert (first.status_code, again.status_code) == (201, 200)
    assert (again.json()["version"], again.json()["created"]) == (1, False)
    versions = api.client.get(f"/api/processes/{APPLICATION_KEY}", headers=api.admin)
    assert [v["version"] for v in versions.json()["versions"]] == [1]


@pytest.mark.parametrize("changed", ["model", "form"])
def test_a_changed_file_gives_version_2(api: Api, changed: str) -> None:
    api.deployed(application_files())
    files = application_files(check_name="書類の確認（改）" if changed == "model" else "書類の確認")
    if changed == "form":
        form = {**APPLY_FORM, "required": ["name"]}
        files["apply.schema.json"] = json.dumps(form).encode()
    response = api.deploy(files)
    assert response.status_code == 201, response.text
    assert (response.json()["version"], response.json()["created"]) == (2, True)
    detail = api.client.get(f"/api/processes/{APPLICATION_KEY}", headers=api.admin).json()
    assert detail["version"] == 2
    assert [v["version"] for v in detail["versions"]] == [1, 2]
    assert len({v["content_hash"] for v in detail["versions"]}) == 2


def test_an_invalid_model_is_refused_with_every_finding(api: Api) -> None:
    broken = executable(
        '<bpmn:startEvent id="S" name="開始"/><bpmn:userTask id="U" name="入力"/>'
        '<bpmn:endEvent id="E" name="終了"/>' + flow("F1", "S", "U") + flow("F2", "U", "Nowhere")
    )
    body = problem(api.deploy({"broken.bpmn": broken}), 422, "service.deploy.invalid")
    params = body["params"]
    assert params["file"] == "broken.bpmn"
    findings = params["findings"]
    for finding in findings:
        assert set(finding) == FINDING_KEYS
    errors = [f for f in findings if f["severity"] == "error"]
    assert params["count"] == len(errors) >= 1
    dangling = next(f for f in errors if f["code"] == "dangling-reference")
    assert dangling["element_id"] == "F2"
    assert dangling["file"] == "broken.bpmn"
    assert isinstance(dangling["line"], int)
    assert "Nowhere" in dangling["message"]
    assert api.client.get("/api/processes", headers=api.admin).json() == []


def test_xml_that_does_not_parse_is_refused_with_its_line(api: Api) -> None:
    body = problem(api.deploy({"x.bpmn": b"<definitions>\n<oops"}), 422, "service.deploy.invalid")
    [finding] = body["params"]["findings"]
    assert (finding["file"], finding["code"], finding["severity"]) == (
        "x.bpmn",
        "model.xml-syntax",
        "error",
    )
    assert finding["line"] == 2


def test_an_upload_without_a_model_is_refused(api: Api) -> None:
    problem(api.deploy({"form.json": b"{}"}), 422, "service.deploy.no-model")


def test_a_form_file_missing_beside_the_model_is_refused(api: Api) -> None:
    files = application_files()
    del files["apply.schema.json"]
    body = problem(api.deploy(files), 422, "runtime.deploy.form-missing")
    assert (body["params"]["element"], body["params"]["form"]) == ("Apply", "apply.schema.json")
    assert api.client.get("/api/processes", headers=api.admin).json() == []


def test_an_as_is_model_is_stored_but_cannot_be_started(api: Api) -> None:
    response = api.deploy({"as-is.bpmn": AS_IS})
    assert response.status_code == 201, response.text
    assert (response.json()["key"], response.json()["executable"]) == (AS_IS_KEY, False)
    [listed] = api.client.get("/api/processes", headers=api.admin).json()
    assert (listed["variant"], listed["executable"], listed["open_to_residents"]) == (
        "as-is",
        False,
        False,
    )
    started = api.client.post(f"/api/processes/{AS_IS_KEY}/instances", headers=api.admin)
    body = problem(started, 422, "service.not-executable")
    assert body["params"] == {"key": AS_IS_KEY}
    # Its resident lane does not open it to residents either.
    problem(api.client.post(f"/api/processes/{AS_IS_KEY}/instances"), 422, "service.not-executable")
    assert api.client.get("/api/instances", headers=api.admin).json() == []


def test_a_decision_table_beside_the_model_runs(api: Api) -> None:
    body = api.deployed(DECISION_FILES)
    assert (body["key"], body["executable"]) == (DECISION_KEY, True)
    detail = api.client.get(f"/api/processes/{DECISION_KEY}", headers=api.admin).json()
    assert detail["files"] == ["fees.bpmn", "fees.dmn"]
    case = api.start(DECISION_KEY)
    [ask] = case["ready_tasks"]
    assert api.complete(ask["id"], {"kind": "resident", "copies": 2}).status_code == 200
    state = api.instance(case["id"])
    assert state["data"]["fee"] == 600
    assert [t["element_id"] for t in state["ready_tasks"]] == ["Pay"]


@pytest.mark.parametrize("name", VECTORS)
def test_malicious_expressions_are_refused_naming_the_element(
    api: Api, name: str, tmp_path: Path
) -> None:
    model, element, where, payload = VECTORS[name]
    marker = tmp_path / "marker"
    files = model(payload.format(marker=marker))
    body = problem(api.deploy(files), 422, "runtime.deploy.unsafe")
    [refused] = body["params"]["problems"]
    assert (refused["element"], refused["where"]) == (element, where)
    assert isinstance(refused["line"], int)
    assert element in body["message"]
    assert not marker.exists()
    assert api.client.get("/api/processes", headers=api.admin).json() == []
    problem(
        api.client.get("/api/processes/P", headers=api.admin), 404, "store.not-found.definition"
    )


def test_deploying_needs_a_token(api: Api) -> None:
    body = problem(api.deploy(application_files(), headers={}), 401, "auth.unauthorized")
    assert body["params"] == {}
    assert api.client.get("/api/processes", headers=api.admin).json() == []


def test_deploying_needs_the_admin_role(api: Api) -> None:
    clerk = api.user("clerk", DESK_LANE)
    problem(api.deploy(application_files(), headers=clerk), 403, "auth.admin-only")
    stranger = {"Authorization": "Bearer not-a-token-of-anyone"}
    problem(api.deploy(application_files(), headers=stranger), 403, "auth.staff-only")
    assert api.client.get("/api/processes", headers=api.admin).json() == []


def test_an_oversize_upload_is_refused(settings: Settings) -> None:
    small = Settings(
        db_url=settings.db_url, processes_dir=None, run_timers=False, max_upload_bytes=2048
    )
    with app_client(small) as client:
        api = Api(client)
        files = application_files()
        files["tennyu.bpmn"] += b"<!--" + b"x" * 4096 + b"-->"
        body = problem(api.deploy(files), 422, "api.upload-too-large")
        assert body["params"] == {"name": "tennyu.bpmn", "limit": 2048}
        assert client.get("/api/processes", headers=api.admin).json() == []


def test_processes_list_the_newest_version_of_each(api: Api) -> None:
    api.deployed(application_files())
    api.deployed(application_files(check_name="確認2"))
    api.deployed({"kaigo.bpmn": STAFF_ONLY})
    listed = api.client.get("/api/processes", headers=api.admin)
    assert listed.status_code == 200
    by_key = {p["key"]: p for p in listed.json()}
    assert set(by_key) == {APPLICATION_KEY, STAFF_ONLY_KEY}
    tennyu = by_key[APPLICATION_KEY]
    assert (tennyu["version"], tennyu["name"], tennyu["procedure"]) == (2, "転入届", "tennyu")
    assert (tennyu["variant"], tennyu["area"]) == ("to-be", "住民記録")
    assert tennyu["open_to_residents"] is True
    assert by_key[STAFF_ONLY_KEY]["open_to_residents"] is False
    clerk = api.user("clerk", DESK_LANE)
    assert api.client.get("/api/processes", headers=clerk).status_code == 200
    problem(api.client.get("/api/processes"), 401, "auth.unauthorized")


def test_process_detail_has_versions_lanes_and_task_forms(api: Api) -> None:
    api.deployed(application_files())
    detail = api.client.get(f"/api/processes/{APPLICATION_KEY}", headers=api.admin).json()
    assert detail["lanes"] == [
        {"id": "Lane_resident", "name": RESIDENT_LANE, "actor": "resident"},
        {"id": "Lane_desk", "name": DESK_LANE, "actor": "staff"},
        {"id": "Lane_review", "name": REVIEW_LANE, "actor": "staff"},
    ]
    assert (detail["variant"], detail["area"]) == ("to-be", "住民記録")
    [version] = detail["versions"]
    assert (version["version"], version["deployed_by"]) == (1, "admin-1")
    tasks = {t["element_id"]: t for t in detail["tasks"]}
    assert set(tasks) == {"Apply", "Check", "Review"}
    assert tasks["Apply"]["lane"] == RESIDENT_LANE
    assert tasks["Apply"]["form"]["schema"] == APPLY_FORM
    assert tasks["Check"]["form"]["source"] == "camunda:formData"
    assert tasks["Check"]["form"]["schema"]["required"] == ["verified"]
    assert tasks["Review"]["form"] is None
    assert detail["files"] == ["apply.schema.json", "tennyu.bpmn"]


def test_an_unknown_process_is_404(api: Api) -> None:
    body = problem(
        api.client.get("/api/processes/Nope", headers=api.admin), 404, "store.not-found.definition"
    )
    assert body["params"] == {"definition": "Nope"}
    problem(
        api.client.post("/api/processes/Nope/instances", headers=api.admin),
        404,
        "store.not-found.definition",
    )


def test_process_detail_is_for_staff_only(api: Api, client: TestClient) -> None:
    api.deployed(application_files())
    case = api.start(APPLICATION_KEY, headers={})
    resident = {"Authorization": f"Bearer {case['access_token']}"}
    problem(
        client.get(f"/api/processes/{APPLICATION_KEY}", headers=resident), 403, "auth.staff-only"
    )
    problem(client.get(f"/api/processes/{APPLICATION_KEY}"), 401, "auth.unauthorized")
