"""Cases of the test procedure made or read over the API, for tests that start in the
middle of the story (the browser drives the part under test)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

import httpx

from tests.api.conftest import bearer, http_client
from tests.browser.conftest import Server

KEY: Final = "Test_Hojokin"
PROCEDURE: Final = "test-hojokin"
NAME: Final = "テスト用補助金の申請"
APPLY_TASK: Final = "申請書の入力"
REVIEW_TASK: Final = "申請内容の審査"
FIX_TASK: Final = "申請内容の補正"
DECIDE_TASK: Final = "交付の決定"
GRANTED: Final = "補助金の交付が決まりました。"


@dataclass(frozen=True, slots=True)
class Case:
    id: str
    receipt_number: str
    access_token: str


def read(server: Server, case_id: str) -> dict[str, Any]:
    """The case as staff see it over the API."""
    with server.api() as http:
        response = http.get(f"/api/instances/{case_id}")
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def ready_tasks(server: Server, case_id: str) -> list[str]:
    return [str(task["element_id"]) for task in read(server, case_id)["ready_tasks"]]


def find(server: Server, receipt_number: str) -> dict[str, Any]:
    """The case with ``receipt_number``, as staff see it."""
    with server.api() as http:
        response = http.get("/api/instances", params={"process": KEY})
    assert response.status_code == 200, response.text
    [found] = [case for case in response.json() if case["receipt_number"] == receipt_number]
    return read(server, str(found["id"]))


def applied(server: Server, attachment: str) -> Case:
    """A case whose resident has sent the application (over the API, with their secret)."""
    with http_client(server.url) as http:
        started = http.post(f"/api/processes/{KEY}/instances", json={"data": {}})
        assert started.status_code == 201, started.text
        case = started.json()
        resident = bearer(case["access_token"])
        [task] = case["ready_tasks"]
        data = {
            "applicant_name": "山田 花子",
            "email": "hanako@example.jp",
            "purpose": "event",
            "start_date": "2027-01-15",
            "document": attachment,
        }
        done = http.post(f"/api/tasks/{task['id']}/complete", json={"data": data}, headers=resident)
        assert done.status_code == 200, done.text
    return Case(case["id"], case["receipt_number"], case["access_token"])


def answer(http: httpx.Client, task_id: str, data: dict[str, Any]) -> None:
    response = http.post(f"/api/tasks/{task_id}/complete", json={"data": data})
    assert response.status_code == 200, response.text
