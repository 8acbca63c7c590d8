"""Cases: start (staff and residents), read with a token or the case's secret, list,
messages and withdrawal."""

from __future__ import annotations

import re

from tests.api.conftest import Api, bearer, problem
from tests.api.models import (
    APPLICATION_KEY,
    APPLY_FORM,
    DESK_LANE,
    MESSAGE,
    MESSAGE_KEY,
    RESIDENT_LANE,
    STAFF_ONLY,
    STAFF_ONLY_KEY,
    application_files,
)

ANONYMOUS: dict[str, str] = {}


def test_a_resident_starts_a_case_and_gets_its_secret(api: Api) -> None:
    api.deployed(application_files())
    response = api.client.post(
        f"/api/processes/{APPLICATION_KEY}/instances", json={"data": {"city": "千代田区"}}
    )
    assert response.status_code == 201, response.text
    case = response.json()
    assert set(case) == {"id", "status", "receipt_number", "access_token", "ready_tasks"}
    assert case["status"] == "running"
    assert re.fullmatch(r"R\d{4}-\d{6}", case["receipt_number"])
    assert len(case["access_token"]) >= 32
    [apply] = case["ready_tasks"]
    assert (apply["element_id"], apply["name"], apply["lane"], apply["status"]) == (
        "Apply",
        "申請書の入力",
        RESIDENT_LANE,
        "ready",
    )
    assert apply["form"]["schema"] == APPLY_FORM
    assert apply["instance_id"] == case["id"]
    # The initial data lands in the case, and the resident reads it with the secret.
    state = api.instance(case["id"], headers=bearer(case["access_token"]))
    assert state["data"] == {"city": "千代田区"}
    assert state["history"][0]["action"] == "started"
    assert state["history"][0]["actor"] == "resident"


def test_each_case_gets_its_own_secret_and_receipt_number(api: Api) -> None:
    api.deployed(application_files())
    first, second = api.start(APPLICATION_KEY), api.start(APPLICATION_KEY)
    assert first["access_token"] != second["access_token"]
    assert first["receipt_number"] != second["receipt_number"]


def test_only_a_procedure_with_a_resident_lane_starts_without_a_token(api: Api) -> None:
    api.deployed({"kaigo.bpmn": STAFF_ONLY})
    refused = api.client.post(f"/api/processes/{STAFF_ONLY_KEY}/instances", json={"data": {}})
    problem(refused, 401, "auth.unauthorized")
    assert refused.headers["www-authenticate"] == "Bearer"
    assert api.client.get("/api/instances", headers=api.admin).json() == []
    clerk = api.user("clerk", DESK_LANE)
    case = api.start(STAFF_ONLY_KEY, {"kind": "要介護"}, headers=clerk)
    assert case["status"] == "running"
    assert [t["element_id"] for t in case["ready_tasks"]] == ["Intake"]
    assert api.instance(case["id"])["data"] == {"kind": "要介護"}


def test_staff_start_with_data_and_a_version(api: Api) -> None:
    api.deployed(application_files())
    api.deployed(application_files(check_name="改訂"))
    response = api.client.post(
        f"/api/processes/{APPLICATION_KEY}/instances?version=1",
        json={"data": {"n": 1}},
        headers=api.admin,
    )
    assert response.status_code == 201, response.text
    state = api.instance(response.json()["id"])
    assert (state["process"], state["version"], state["data"]) == (APPLICATION_KEY, 1, {"n": 1})
    assert api.instance(api.start(APPLICATION_KEY)["id"])["version"] == 2
    problem(
        api.client.post(f"/api/processes/{APPLICATION_KEY}/instances?version=9", headers=api.admin),
        404,
        "store.not-found.definition",
    )


def test_start_refuses_data_that_is_not_an_object(api: Api) -> None:
    api.deployed(application_files())
    body = problem(
        api.client.post(f"/api/processes/{APPLICATION_KEY}/instances", json={"data": [1, 2]}),
        400,
        "api.bad-request",
    )
    assert body["params"]["errors"][0]["loc"] == ["body", "data"]
    assert api.client.get("/api/instances", headers=api.admin).json() == []


def test_who_may_read_a_case(api: Api) -> None:
    api.deployed(application_files())
    mine, other = api.start(APPLICATION_KEY, headers={}), api.start(APPLICATION_KEY, headers={})
    path = f"/api/instances/{mine['id']}"
    clerk = api.user("clerk", DESK_LANE)
    assert api.client.get(path, headers=clerk).status_code == 200
    assert api.client.get(path, headers=bearer(mine["access_token"])).status_code == 200
    # Another case's secret: answered exactly as an id that does not exist.
    hidden = problem(
        api.client.get(path, headers=bearer(other["access_token"])),
        404,
        "store.not-found.instance",
    )
    missing = "0" * 32
    unknown = problem(
        api.client.get(f"/api/instances/{missing}", headers=bearer(other["access_token"])),
        404,
        "store.not-found.instance",
    )
    assert (hidden["params"], unknown["params"]) == (
        {"instance": mine["id"]},
        {"instance": missing},
    )
    assert hidden["message"].replace(mine["id"], "?") == unknown["message"].replace(missing, "?")
    # Without a token nothing is answered, not even whether the case exists.
    problem(api.client.get(path, headers=ANONYMOUS), 401, "auth.unauthorized")
    problem(api.client.get(f"/api/instances/{missing}"), 401, "auth.unauthorized")


def test_a_case_shows_status_ready_tasks_data_and_history(api: Api) -> None:
    api.deployed(application_files())
    case = api.start(APPLICATION_KEY, headers={})
    resident = bearer(case["access_token"])
    apply = case["ready_tasks"][0]
    assert api.complete(apply["id"], {"name": "山田太郎", "copies": 2}, resident).status_code == 200
    state = api.instance(case["id"], headers=resident)
    assert state["status"] == "running"
    assert state["data"] == {"name": "山田太郎", "copies": 2}
    [check] = state["ready_tasks"]
    assert (check["element_id"], check["lane"]) == ("Check", DESK_LANE)
    assert check["form"]["source"] == "camunda:formData"
    assert [(t["element_id"], t["status"]) for t in state["tasks"]] == [
        ("Apply", "completed"),
        ("Check", "ready"),
    ]
    assert [e["action"] for e in state["history"]] == ["started", "task_completed"]
    done = state["history"][1]
    assert (done["actor"], done["task_id"], done["element_id"]) == (
        "resident",
        apply["id"],
        "Apply",
    )
    assert done["detail"] == {"set": {"name": "山田太郎", "copies": 2}}
    assert state["completed_elements"] == ["S", "Apply"]
    assert state["active_elements"] == ["Check"]
    assert state["error"] is None
    assert state["completed_at"] is None


def test_cases_are_listed_by_process_and_status(api: Api) -> None:
    api.deployed(application_files())
    api.deployed({"kaigo.bpmn": STAFF_ONLY})
    tennyu = [api.start(APPLICATION_KEY)["id"] for _ in range(2)]
    kaigo = api.start(STAFF_ONLY_KEY)
    assert api.complete(kaigo["ready_tasks"][0]["id"]).status_code == 200

    def listed(query: str) -> set[str]:
        response = api.client.get(f"/api/instances{query}", headers=api.admin)
        assert response.status_code == 200, response.text
        return {i["id"] for i in response.json()}

    assert listed("") == {*tennyu, kaigo["id"]}
    assert listed(f"?process={APPLICATION_KEY}") == set(tennyu)
    assert listed("?status=completed") == {kaigo["id"]}
    assert listed(f"?process={STAFF_ONLY_KEY}&status=running") == set()
    assert listed("?process=Nothing") == set()
    assert len(listed("?limit=1")) == 1
    problem(api.client.get("/api/instances?status=lost", headers=api.admin), 400, "api.bad-request")
    resident = bearer(api.start(APPLICATION_KEY, headers={})["access_token"])
    problem(api.client.get("/api/instances", headers=resident), 403, "auth.staff-only")
    problem(api.client.get("/api/instances", headers=ANONYMOUS), 401, "auth.unauthorized")


# --- messages --------------------------------------------------------------------------
def test_a_waiting_message_moves_the_case_on(api: Api) -> None:
    api.deployed({"payment.bpmn": MESSAGE})
    case = api.start(MESSAGE_KEY)
    assert case["ready_tasks"] == []
    response = api.client.post(
        f"/api/instances/{case['id']}/messages/paid",
        json={"payload": {"amount": 300}},
        headers=api.admin,
    )
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "running"
    state = api.instance(case["id"])
    assert state["data"] == {"payment": {"amount": 300}}
    assert [t["element_id"] for t in state["ready_tasks"]] == ["Issue"]
    event = state["history"][-1]
    assert (event["action"], event["detail"]["message"]) == ("message_received", "paid")


def test_an_unexpected_message_is_a_conflict_and_changes_nothing(api: Api) -> None:
    api.deployed({"payment.bpmn": MESSAGE})
    case = api.start(MESSAGE_KEY)
    path = f"/api/instances/{case['id']}/messages"
    body = problem(
        api.client.post(f"{path}/refund", json={"payload": 1}, headers=api.admin),
        409,
        "runtime.message-not-expected",
    )
    assert body["params"] == {"message": "refund"}
    assert api.client.post(f"{path}/paid", headers=api.admin).status_code == 200
    # Delivered once; the same message again finds nothing waiting.
    problem(api.client.post(f"{path}/paid", headers=api.admin), 409, "runtime.message-not-expected")
    state = api.instance(case["id"])
    assert [e["action"] for e in state["history"]] == ["started", "message_received"]


def test_messages_need_a_token_of_the_case_or_staff(api: Api) -> None:
    api.deployed({"payment.bpmn": MESSAGE})
    case = api.start(MESSAGE_KEY)
    path = f"/api/instances/{case['id']}/messages/paid"
    problem(api.client.post(path, headers=ANONYMOUS), 401, "auth.unauthorized")
    problem(
        api.client.post("/api/instances/none/messages/paid", headers=api.admin),
        404,
        "store.not-found.instance",
    )
    assert api.client.post(path, headers=bearer(case["access_token"])).status_code == 200


# --- withdrawal (取下げ) ------------------------------------------------------------------
def test_the_resident_withdraws_an_open_case(api: Api) -> None:
    api.deployed(application_files())
    case = api.start(APPLICATION_KEY, headers={})
    resident = bearer(case["access_token"])
    apply = case["ready_tasks"][0]["id"]
    assert api.complete(apply, {"name": "山田", "copies": 1}, resident).status_code == 200
    clerk = api.user("clerk", DESK_LANE)
    assert len(api.client.get("/api/tasks", headers=clerk).json()) == 1
    check = api.ready(case["id"], "Check")

    response = api.client.post(
        f"/api/instances/{case['id']}/withdraw",
        json={"reason": "転居を取りやめた"},
        headers=resident,
    )
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "withdrawn"
    assert response.json()["completed_at"] is not None
    state = api.instance(case["id"], headers=resident)
    assert state["status"] == "withdrawn"
    assert state["ready_tasks"] == []
    assert {t["status"] for t in state["tasks"]} <= {"completed", "cancelled"}
    assert state["history"][-1]["action"] == "withdrawn"
    assert state["history"][-1]["detail"] == {"reason": "転居を取りやめた"}
    assert api.client.get("/api/tasks", headers=clerk).json() == []
    problem(api.complete(check["id"], {"verified": True}, clerk), 409, "service.task-done")
    again = api.client.post(f"/api/instances/{case['id']}/withdraw", headers=resident)
    assert problem(again, 409, "service.instance-closed")["params"]["status"] == "withdrawn"


def test_only_the_resident_or_an_admin_withdraws(api: Api) -> None:
    api.deployed(application_files())
    case, other = api.start(APPLICATION_KEY, headers={}), api.start(APPLICATION_KEY, headers={})
    path = f"/api/instances/{case['id']}/withdraw"
    clerk = api.user("clerk", DESK_LANE)
    problem(api.client.post(path, headers=clerk), 403, "auth.forbidden")
    problem(
        api.client.post(path, headers=bearer(other["access_token"])),
        404,
        "store.not-found.instance",
    )
    problem(api.client.post(path, headers=ANONYMOUS), 401, "auth.unauthorized")
    assert api.instance(case["id"])["status"] == "running"
    assert api.client.post(path, headers=api.admin).json()["status"] == "withdrawn"
