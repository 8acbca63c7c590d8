"""The inbox by lane roles, claiming, and completing tasks: forms, lanes, residents,
conflicts and a model whose script fails."""

from __future__ import annotations

from typing import Any

from engine.service.cases import Cases
from engine.service.principals import SYSTEM
from tests.api.conftest import Api, bearer, problem
from tests.api.models import (
    APPLICATION_KEY,
    DESK_LANE,
    FAILING,
    FAILING_KEY,
    RESIDENT_LANE,
    REVIEW_LANE,
    STAFF_ONLY,
    STAFF_ONLY_KEY,
    application_files,
)

APPLY = {"name": "山田太郎", "copies": 2}


def applied(api: Api) -> dict[str, Any]:
    """A resident's case past its application: the desk's Check task is ready."""
    case = api.start(APPLICATION_KEY, headers={})
    apply = case["ready_tasks"][0]["id"]
    assert api.complete(apply, APPLY, bearer(case["access_token"])).status_code == 200
    return case


def inbox(api: Api, headers: dict[str, str], query: str = "") -> list[dict[str, Any]]:
    response = api.client.get(f"/api/tasks{query}", headers=headers)
    assert response.status_code == 200, response.text
    tasks: list[dict[str, Any]] = response.json()
    return tasks


def test_the_inbox_shows_the_lanes_a_user_holds(api: Api) -> None:
    api.deployed(application_files())
    api.deployed({"kaigo.bpmn": STAFF_ONLY})
    case = applied(api)
    kaigo = api.start(STAFF_ONLY_KEY)
    waiting = api.start(APPLICATION_KEY, headers={})  # the resident's own task is open
    desk, reviewer = api.user("desk", DESK_LANE), api.user("reviewer", REVIEW_LANE)

    mine = inbox(api, desk)
    assert {(t["instance_id"], t["element_id"], t["lane"]) for t in mine} == {
        (case["id"], "Check", DESK_LANE),
        (kaigo["id"], "Intake", DESK_LANE),
    }
    assert inbox(api, desk, "?status=ready") == mine
    assert inbox(api, desk, f"?lane={DESK_LANE}") == mine
    entry = next(t for t in mine if t["instance_id"] == case["id"])
    assert (entry["status"], entry["receipt_number"]) == ("ready", case["receipt_number"])
    assert entry["process_name"] == "転入届"
    assert inbox(api, reviewer) == []
    # The admin sees every lane, the resident's too; ?lane= narrows to one.
    assert {(t["element_id"], t["lane"]) for t in inbox(api, api.admin)} == {
        ("Check", DESK_LANE),
        ("Intake", DESK_LANE),
        ("Apply", RESIDENT_LANE),
    }
    only_resident = inbox(api, api.admin, f"?lane={RESIDENT_LANE}")
    assert [t["instance_id"] for t in only_resident] == [waiting["id"]]
    assert len(inbox(api, api.admin, "?limit=1")) == 1


def test_a_lane_the_user_does_not_hold_is_forbidden(api: Api) -> None:
    desk = api.user("desk", DESK_LANE)
    body = problem(
        api.client.get(f"/api/tasks?lane={REVIEW_LANE}", headers=desk), 403, "auth.lane-forbidden"
    )
    assert body["params"] == {"lane": REVIEW_LANE}
    assert REVIEW_LANE in body["message"]


def test_the_inbox_is_for_staff(api: Api) -> None:
    api.deployed(application_files())
    case = api.start(APPLICATION_KEY, headers={})
    problem(api.client.get("/api/tasks"), 401, "auth.unauthorized")
    problem(
        api.client.get("/api/tasks", headers=bearer(case["access_token"])), 403, "auth.staff-only"
    )
    problem(api.client.get("/api/tasks?status=done", headers=api.admin), 400, "api.bad-request")


def test_completing_moves_the_case_on_to_its_end(api: Api) -> None:
    api.deployed(application_files())
    case = applied(api)
    desk, reviewer = api.user("desk", DESK_LANE), api.user("reviewer", REVIEW_LANE)
    check = api.ready(case["id"], "Check")
    done = api.complete(check["id"], {"verified": True, "note": "確認済"}, desk)
    assert done.status_code == 200, done.text
    assert set(done.json()) == {
        "id",
        "status",
        "receipt_number",
        "created_at",
        "updated_at",
        "completed_at",
    }
    assert done.json()["status"] == "running"
    review = api.ready(case["id"], "Review")
    assert api.complete(review["id"], {}, reviewer).json()["status"] == "completed"
    state = api.instance(case["id"])
    assert state["status"] == "completed"
    assert state["completed_at"] is not None
    assert state["data"]["fee"] == 600
    assert state["ready_tasks"] == []
    assert [e["action"] for e in state["history"]] == [
        "started",
        "task_completed",
        "task_completed",
        "task_completed",
        "completed",
    ]
    assert [e["actor"] for e in state["history"][1:4]] == ["resident", "desk", "reviewer"]
    assert inbox(api, api.admin) == []


def test_a_task_done_already_is_a_conflict(api: Api) -> None:
    api.deployed(application_files())
    case = applied(api)
    check = api.ready(case["id"], "Check")
    assert api.complete(check["id"], {"verified": True}).status_code == 200
    body = problem(api.complete(check["id"], {"verified": True}), 409, "service.task-done")
    assert body["params"] == {"task": check["id"], "status": "completed"}
    history = api.instance(case["id"])["history"]
    assert [e["task_id"] for e in history if e["action"] == "task_completed"].count(
        check["id"]
    ) == 1


def test_an_unknown_task_is_404(api: Api) -> None:
    body = problem(api.complete("no-such-task", {}), 404, "store.not-found.task")
    assert body["params"] == {"task": "no-such-task"}
    problem(api.complete("no-such-task", {}, headers={}), 401, "auth.unauthorized")


def test_answers_that_do_not_fit_a_json_schema_form_are_422_per_field(api: Api) -> None:
    api.deployed(application_files())
    case = api.start(APPLICATION_KEY, headers={})
    resident = bearer(case["access_token"])
    apply = case["ready_tasks"][0]
    body = problem(
        api.complete(apply["id"], {"name": "", "copies": 0}, resident), 422, "service.form-invalid"
    )
    errors = body["params"]["errors"]
    assert body["params"]["count"] == len(errors) == 2
    assert {(e["field"], e["problem"]) for e in errors} == {
        ("name", "minLength"),
        ("copies", "minimum"),
    }
    for error in errors:
        assert set(error) == {"field", "problem", "detail"}
    missing = problem(api.complete(apply["id"], {}, resident), 422, "service.form-invalid")
    assert {e["field"] for e in missing["params"]["errors"]} == {"name", "copies"}
    assert {e["problem"] for e in missing["params"]["errors"]} == {"required"}
    nested = problem(
        api.complete(apply["id"], {**APPLY, "address": {"street": 1}}, resident),
        422,
        "service.form-invalid",
    )
    assert {(e["field"], e["problem"]) for e in nested["params"]["errors"]} == {
        ("address/city", "required"),
        ("address/street", "type"),
    }
    # Nothing moved: the task is still ready and nothing was recorded.
    state = api.instance(case["id"])
    assert [t["element_id"] for t in state["ready_tasks"]] == ["Apply"]
    assert [e["action"] for e in state["history"]] == ["started"]
    assert api.complete(apply["id"], APPLY, resident).status_code == 200


def test_answers_that_do_not_fit_a_camunda_form_are_422_per_field(api: Api) -> None:
    api.deployed(application_files())
    check = api.ready(applied(api)["id"], "Check")
    body = problem(
        api.complete(check["id"], {"verified": "yes", "note": "x" * 11}),
        422,
        "service.form-invalid",
    )
    assert {(e["field"], e["problem"]) for e in body["params"]["errors"]} == {
        ("verified", "type"),
        ("note", "maxLength"),
    }
    missing = problem(api.complete(check["id"], {"note": "ok"}), 422, "service.form-invalid")
    assert [(e["field"], e["problem"]) for e in missing["params"]["errors"]] == [
        ("verified", "required")
    ]


def test_answers_must_be_an_object(api: Api) -> None:
    api.deployed(application_files())
    check = api.ready(applied(api)["id"], "Check")
    response = api.client.post(
        f"/api/tasks/{check['id']}/complete", json={"data": "yes"}, headers=api.admin
    )
    body = problem(response, 400, "api.bad-request")
    assert body["params"]["errors"][0]["loc"] == ["body", "data"]


def test_answers_holding_the_reserved_key_are_422_and_change_nothing(api: Api) -> None:
    # Saved, a "typename" key would make the case's state impossible to restore for good.
    api.deployed({"kaigo.bpmn": STAFF_ONLY})
    case = api.start(STAFF_ONLY_KEY, {"label": "x"})
    task = case["ready_tasks"][0]["id"]
    body = problem(api.complete(task, {"x": {"typename": "a"}}), 422, "runtime.reserved-key")
    assert body["params"] == {"path": "data.x.typename"}
    assert "data.x.typename" in body["message"]
    state = api.instance(case["id"])
    assert state["status"] == "running"
    assert [(t["id"], t["status"]) for t in state["ready_tasks"]] == [(task, "ready")]
    assert state["data"] == {"label": "x"}
    assert [e["action"] for e in state["history"]] == ["started"]
    # The case goes on, and a name merely like the key is kept.
    done = api.complete(task, {"x": {"type_name": "a"}})
    assert done.status_code == 200, done.text
    assert api.instance(case["id"])["data"] == {"label": "x", "x": {"type_name": "a"}}


def test_staff_outside_the_tasks_lane_are_forbidden(api: Api) -> None:
    api.deployed(application_files())
    case = applied(api)
    check = api.ready(case["id"], "Check")
    reviewer = api.user("reviewer", REVIEW_LANE)
    body = problem(
        api.complete(check["id"], {"verified": True}, reviewer), 403, "auth.lane-forbidden"
    )
    assert body["params"] == {"lane": DESK_LANE}
    assert api.ready(case["id"], "Check")["id"] == check["id"]
    # Holding the lane's name as a role is enough, whatever else the user holds.
    both = api.user("both", REVIEW_LANE, DESK_LANE)
    assert api.complete(check["id"], {"verified": True}, both).status_code == 200


def test_the_resident_completes_only_resident_lane_tasks_of_their_case(api: Api) -> None:
    api.deployed(application_files())
    case, other = api.start(APPLICATION_KEY, headers={}), api.start(APPLICATION_KEY, headers={})
    resident = bearer(case["access_token"])
    apply = case["ready_tasks"][0]
    # Another case's secret does not find this case's task at all.
    hidden = problem(
        api.complete(apply["id"], APPLY, bearer(other["access_token"])),
        404,
        "store.not-found.task",
    )
    assert hidden["params"] == {"task": apply["id"]}
    # A desk clerk may not fill in the resident's application.
    problem(
        api.complete(apply["id"], APPLY, api.user("desk", DESK_LANE)), 403, "auth.lane-forbidden"
    )
    assert api.complete(apply["id"], APPLY, resident).status_code == 200
    check = api.ready(case["id"], "Check")
    body = problem(
        api.complete(check["id"], {"verified": True}, resident), 403, "auth.lane-forbidden"
    )
    assert body["params"] == {"lane": DESK_LANE}
    assert api.ready(case["id"], "Check")["status"] == "ready"


def test_a_resident_reads_their_task_and_its_form(api: Api) -> None:
    api.deployed(application_files())
    case, other = api.start(APPLICATION_KEY, headers={}), api.start(APPLICATION_KEY, headers={})
    apply = case["ready_tasks"][0]
    read = api.client.get(f"/api/tasks/{apply['id']}", headers=bearer(case["access_token"]))
    assert read.status_code == 200, read.text
    assert read.json()["form"]["schema"]["required"] == ["name", "copies"]
    problem(
        api.client.get(f"/api/tasks/{apply['id']}", headers=bearer(other["access_token"])),
        404,
        "store.not-found.task",
    )
    problem(api.client.get(f"/api/tasks/{apply['id']}"), 401, "auth.unauthorized")


def test_a_claimed_task_belongs_to_its_claimer(api: Api) -> None:
    api.deployed(application_files())
    case = applied(api)
    check = api.ready(case["id"], "Check")
    sato, suzuki = api.user("sato", DESK_LANE), api.user("suzuki", DESK_LANE)
    claimed = api.client.post(f"/api/tasks/{check['id']}/claim", headers=sato)
    assert claimed.status_code == 200, claimed.text
    assert claimed.json()["assignee"] == "sato"
    assert inbox(api, suzuki) == []
    assert [t["assignee"] for t in inbox(api, sato)] == ["sato"]
    body = problem(
        api.complete(check["id"], {"verified": True}, suzuki), 409, "service.task-claimed"
    )
    assert body["params"] == {"task": check["id"], "assignee": "sato"}
    problem(
        api.client.post(f"/api/tasks/{check['id']}/claim", headers=suzuki),
        409,
        "service.task-claimed",
    )
    problem(
        api.client.post(f"/api/tasks/{check['id']}/unclaim", headers=suzuki),
        409,
        "store.conflict.task-claimed",
    )
    problem(
        api.client.post(f"/api/tasks/{check['id']}/claim", headers=api.user("r", REVIEW_LANE)),
        403,
        "auth.lane-forbidden",
    )
    problem(
        api.client.post(f"/api/tasks/{check['id']}/claim", headers=bearer(case["access_token"])),
        403,
        "auth.staff-only",
    )
    released = api.client.post(f"/api/tasks/{check['id']}/unclaim", headers=sato)
    assert released.json()["assignee"] is None
    assert [t["id"] for t in inbox(api, suzuki)] == [check["id"]]
    assert api.complete(check["id"], {"verified": True}, suzuki).status_code == 200
    actions = [e["action"] for e in api.instance(case["id"])["history"]]
    assert actions[-3:] == ["task_claimed", "task_unclaimed", "task_completed"]


def test_the_claimer_completes_and_an_admin_may_take_over(api: Api) -> None:
    api.deployed(application_files())
    first, second = applied(api), applied(api)
    sato = api.user("sato", DESK_LANE)
    for case in (first, second):
        task = api.ready(case["id"], "Check")["id"]
        assert api.client.post(f"/api/tasks/{task}/claim", headers=sato).status_code == 200
    mine = api.complete(api.ready(first["id"], "Check")["id"], {"verified": True}, sato)
    assert mine.status_code == 200, mine.text
    taken_over = api.complete(api.ready(second["id"], "Check")["id"], {"verified": True})
    assert taken_over.status_code == 200, taken_over.text
    by = {
        case["id"]: [
            t["completed_by"]
            for t in api.instance(case["id"])["tasks"]
            if t["element_id"] == "Check"
        ]
        for case in (first, second)
    }
    assert by == {first["id"]: ["sato"], second["id"]: ["admin-1"]}


# --- a script that fails -----------------------------------------------------------------
def test_a_failing_script_is_422_naming_the_element_and_keeps_the_state(api: Api) -> None:
    api.deployed({"ratio.bpmn": FAILING})
    case = api.start(FAILING_KEY, {"label": "x"})
    form = case["ready_tasks"][0]
    body = problem(api.complete(form["id"], {"divisor": 0}), 422, "runtime.script-error")
    params = body["params"]
    assert (params["element"], params["name"], params["line"]) == ("Divide", "割合の計算", 1)
    assert "ZeroDivisionError" in params["detail"]
    assert "Divide" in body["message"]
    assert "Traceback" not in body["message"]

    state = api.instance(case["id"])
    assert state["status"] == "error"
    error = state["error"]
    assert (error["code"], error["element"], error["line"]) == ("runtime.script-error", "Divide", 1)
    # The step was not kept: the form is still ready, its answers are not in the data.
    assert [(t["id"], t["status"]) for t in state["ready_tasks"]] == [(form["id"], "ready")]
    assert state["data"] == {"label": "x"}
    assert [e["action"] for e in state["history"]] == ["started", "error"]
    assert state["history"][-1]["element_id"] == "Divide"
    # What the stored state says, not only the task index: the form is still active.
    cases: Cases = api.client.app.state.cases  # type: ignore[attr-defined]
    stored = cases.instance(case["id"], SYSTEM)
    assert stored.active_elements == ("Form",)
    # A case in error takes no more steps.
    closed = problem(api.complete(form["id"], {"divisor": 2}), 409, "service.instance-closed")
    assert closed["params"]["status"] == "error"
    assert [case["id"]] == [
        i["id"] for i in api.client.get("/api/instances?status=error", headers=api.admin).json()
    ]
    # Nobody can work it, so the inbox does not offer its task.
    inbox = api.client.get("/api/tasks", headers=api.admin).json()
    assert form["id"] not in [t["id"] for t in inbox]
