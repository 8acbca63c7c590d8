"""Bad input on both databases: a clear error naming what and where, never a 500, and
nothing half-written. (PostgreSQL cannot even compare text holding NUL; UTF-8 cannot hold
a lone surrogate, which JSON can spell.)"""

from __future__ import annotations

import pytest

from tests.api.conftest import Api, bearer, problem
from tests.api.models import MESSAGE, MESSAGE_KEY, STAFF_ONLY, STAFF_ONLY_KEY

NUL = "%00"
JSON = {"content-type": "application/json"}


@pytest.mark.parametrize(
    ("method", "path", "loc"),
    [
        ("get", f"/api/instances/a{NUL}b", ["path", "instance_id"]),
        ("get", f"/api/processes/Kaigo{NUL}", ["path", "key"]),
        ("post", f"/api/processes/{NUL}/instances", ["path", "key"]),
        ("post", f"/api/tasks/{NUL}/complete", ["path", "task_id"]),
        ("post", "/api/tasks/x%1Fy/claim", ["path", "task_id"]),
        ("get", f"/api/instances?process=Kaigo{NUL}", ["query", "process"]),
        ("get", f"/api/tasks?lane=%E5%8F%97{NUL}", ["query", "lane"]),
        ("get", "/api/instances?offset=99999999999999999999", ["query", "offset"]),
        (
            "post",
            f"/api/processes/{STAFF_ONLY_KEY}/instances?version=4294967296",
            ["query", "version"],
        ),
    ],
)
def test_parameters_no_database_can_hold_are_400(
    api: Api, method: str, path: str, loc: list[str]
) -> None:
    api.deployed({"kaigo.bpmn": STAFF_ONLY})
    response = api.client.request(method, path, headers=api.admin)
    body = problem(response, 400, "api.bad-request")
    assert loc in [e["loc"] for e in body["params"]["errors"]]
    assert api.client.get("/api/instances", headers=api.admin).json() == []


def test_a_control_character_in_a_message_name_is_400(api: Api) -> None:
    api.deployed({"payment.bpmn": MESSAGE})
    case = api.start(MESSAGE_KEY)
    path = f"/api/instances/{case['id']}/messages/paid{NUL}"
    body = problem(api.client.post(path, headers=api.admin), 400, "api.bad-request")
    assert body["params"]["errors"][0]["loc"] == ["path", "name"]
    assert [e["action"] for e in api.instance(case["id"])["history"]] == ["started"]


@pytest.mark.parametrize(
    ("content", "where"),
    [
        (b'{"data": {"name": "\\ud800"}}', "data.name"),
        (b'{"data": {"list": [1, {"x": "a\\udfffb"}]}}', "data.list[1].x"),
        (b'{"data": {"ratio": NaN}}', "data.ratio"),
        (b'{"data": {"big": -Infinity}}', "data.big"),
    ],
)
def test_start_data_that_cannot_be_stored_is_422_with_its_path(
    api: Api, content: bytes, where: str
) -> None:
    api.deployed({"kaigo.bpmn": STAFF_ONLY})
    response = api.client.post(
        f"/api/processes/{STAFF_ONLY_KEY}/instances", content=content, headers={**api.admin, **JSON}
    )
    body = problem(response, 422, "runtime.invalid-data")
    assert body["params"]["path"] == where
    assert where in body["message"]
    assert api.client.get("/api/instances", headers=api.admin).json() == []


def test_answers_and_payloads_that_cannot_be_stored_change_nothing(api: Api) -> None:
    api.deployed({"kaigo.bpmn": STAFF_ONLY})
    api.deployed({"payment.bpmn": MESSAGE})
    case = api.start(STAFF_ONLY_KEY)
    task = case["ready_tasks"][0]["id"]
    answered = api.client.post(
        f"/api/tasks/{task}/complete",
        content=b'{"data": {"note": "\\ud83d"}}',
        headers={**api.admin, **JSON},
    )
    assert problem(answered, 422, "runtime.invalid-data")["params"]["path"] == "data.note"
    assert api.ready(case["id"], "Intake")["id"] == task

    waiting = api.start(MESSAGE_KEY)
    sent = api.client.post(
        f"/api/instances/{waiting['id']}/messages/paid",
        content=b'{"payload": {"amount": "\\udc00"}}',
        headers={**api.admin, **JSON},
    )
    assert problem(sent, 422, "runtime.invalid-data")["params"]["path"] == "message.payload.amount"
    assert [e["action"] for e in api.instance(waiting["id"])["history"]] == ["started"]

    withdrawn = api.client.post(
        f"/api/instances/{case['id']}/withdraw",
        content=b'{"reason": "\\ud800"}',
        headers={**bearer(case["access_token"]), **JSON},
    )
    body = problem(withdrawn, 400, "api.bad-request")
    assert body["params"]["errors"][0]["loc"] == ["body", "reason"]
    assert api.instance(case["id"])["status"] == "running"


def test_text_with_nul_is_kept_as_given(api: Api) -> None:
    # NUL inside JSON values is text like any other: stored and answered back unchanged.
    api.deployed({"kaigo.bpmn": STAFF_ONLY})
    case = api.start(STAFF_ONLY_KEY, {"note": "a\u0000b", "key\u0000": 1})
    assert api.instance(case["id"])["data"] == {"note": "a\u0000b", "key\u0000": 1}
    withdrawn = api.client.post(
        f"/api/instances/{case['id']}/withdraw", json={"reason": "x\u0000"}, headers=api.admin
    )
    assert withdrawn.status_code == 200, withdrawn.text
    assert api.instance(case["id"])["history"][-1]["detail"] == {"reason": "x\u0000"}
