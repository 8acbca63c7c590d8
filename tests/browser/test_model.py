"""The browser scenario's procedure runs over the API on the real server: apply, a
correction (補正) round trip, approval and the notice the resident reads. When a browser
test fails, this one says whether the model or the pages are at fault."""

from __future__ import annotations

from typing import Any

import httpx

from tests.browser.conftest import Server

KEY = "Test_Hojokin"
ATTACHMENT = "0123456789abcdef0123456789abcdef"  # the shape of an attachment id


def ready(http: httpx.Client, case_id: str) -> list[tuple[str, str, str]]:
    case = http.get(f"/api/instances/{case_id}").json()
    return [(t["element_id"], t["lane"], t["id"]) for t in case["ready_tasks"]]


def complete(http: httpx.Client, task_id: str, data: dict[str, Any]) -> dict[str, Any]:
    response = http.post(f"/api/tasks/{task_id}/complete", json={"data": data})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def test_the_procedure_runs_through_a_correction(server: Server) -> None:
    with server.api("kanri") as admin, server.api("shinsa") as review:
        started = admin.post(f"/api/processes/{KEY}/instances", json={"data": {}})
        assert started.status_code == 201, started.text
        case_id = started.json()["id"]
        [(element, lane, apply_id)] = ready(admin, case_id)
        assert (element, lane) == ("Apply", "申請者")
        application = {
            "applicant_name": "山田 花子",
            "email": "hanako@example.jp",
            "purpose": "event",
            "start_date": "2027-01-15",
            "document": ATTACHMENT,
        }
        complete(admin, apply_id, application)
        [(element, lane, review_id)] = ready(admin, case_id)
        assert (element, lane) == ("Review", "審査担当")
        # 補正要求: what the staff page's correction action sends.
        complete(
            review,
            review_id,
            {
                "review_result": "correction",
                "correction_reason": "見積書の日付が読めません。",
                "correction_due": "2026-12-10",
            },
        )
        [(element, lane, fix_id)] = ready(admin, case_id)
        assert (element, lane) == ("Fix", "申請者")
        complete(admin, fix_id, {"fix_note": "日付の読める見積書に差し替えました。"})
        [(element, lane, review_id)] = ready(admin, case_id)
        assert element == "Review"
        complete(review, review_id, {"review_note": "確認しました。"})
        [(element, lane, decide_id)] = ready(admin, case_id)
        assert (element, lane) == ("Decide", "課長")
        complete(admin, decide_id, {"decision": "grant"})
        done = admin.get(f"/api/instances/{case_id}").json()
        assert done["status"] == "completed"
        assert done["data"]["decision_notice"] == "補助金の交付が決まりました。"
        assert done["data"]["correction_reason"] == "見積書の日付が読めません。"
