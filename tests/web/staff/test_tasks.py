"""The task page: claim and unclaim, someone else's claim refused with a clear message,
complete with field errors and values kept, a conflict shown as a page message."""

from __future__ import annotations

from lxml.html import HtmlElement

from tests.web.conftest import parse
from tests.web.staff.conftest import Browser, Office
from tests.web.staff.models import REVIEW


def ids(page: HtmlElement) -> set[str]:
    return set(page.xpath("//@id"))


def test_task_page_shows_the_task_its_form_and_the_case_data(
    office: Office, reviewer: Browser
) -> None:
    case = office.start(note="午後から")
    task = office.task(case["id"], "Review")
    page = reviewer.page(f"/staff/tasks/{task}")
    assert page.findtext(".//h1").strip() == "申請内容の審査"
    assert page.get_element_by_id("case-link").text_content() == case["receipt_number"]
    assert {"claim", "complete-form", "complete", "correction-form"} <= ids(page)
    form = page.get_element_by_id("complete-form")
    assert form.get("action") == f"/staff/tasks/{task}/complete"
    assert form.xpath(".//input[@type='radio'][@name='result']/@value") == ["ok", "correction"]
    data = {
        dt.text_content(): dd.text_content()
        for dt, dd in zip(
            page.xpath("//dl[@id='case-data']//dt"), page.xpath("//dl[@id='case-data']//dd"),
            strict=True,
        )
    }  # fmt: skip
    assert data == {"児童の氏名": "山田 太郎", "学年": "2", "備考": "午後から"}


def test_claim_and_unclaim(office: Office, reviewer: Browser) -> None:
    task = office.task(office.start()["id"], "Review")
    response = reviewer.post(f"/staff/tasks/{task}/claim")
    assert (response.status_code, response.headers["location"]) == (
        303,
        f"/staff/tasks/{task}?done=claimed",
    )
    page = reviewer.page(response.headers["location"])
    assert page.get_element_by_id("task-assignee").text_content() == "sato"
    assert "担当になりました" in page.get_element_by_id("notice").text_content()
    assert "unclaim" in ids(page)
    assert "claim" not in ids(page)
    response = reviewer.post(f"/staff/tasks/{task}/unclaim")
    assert response.status_code == 303
    page = reviewer.page(f"/staff/tasks/{task}")
    assert page.get_element_by_id("task-assignee").text_content() == "未担当"


def test_someone_elses_claim_is_refused_with_a_message(office: Office, reviewer: Browser) -> None:
    case = office.start()
    task = office.task(case["id"], "Review")
    assert reviewer.post(f"/staff/tasks/{task}/claim").status_code == 303
    colleague = office.browser("takahashi", REVIEW)
    page = colleague.page(f"/staff/tasks/{task}")
    assert "sato さんが担当" in page.get_element_by_id("held-by-other").text_content()
    assert not {"claim", "unclaim", "complete-form", "correction-form"} & ids(page)
    for action in ("claim", "unclaim", "complete"):
        response = colleague.post(f"/staff/tasks/{task}/{action}", {"result": "ok"})
        assert response.status_code == 409, (action, response.text)
        message = parse(response).get_element_by_id("task-message").text_content()
        assert "sato" in message, message
    # Nothing changed: the task is still sato's and open.
    assert office.task(case["id"], "Review") == task
    page = reviewer.page(f"/staff/tasks/{task}")
    assert page.get_element_by_id("task-assignee").text_content() == "sato"


def test_complete_with_bad_answers_keeps_them_and_names_each_field(
    office: Office, reviewer: Browser
) -> None:
    case = office.start()
    task = office.task(case["id"], "Review")
    response = reviewer.post(
        f"/staff/tasks/{task}/complete", {"points": "百"}, csrf_from=f"/staff/tasks/{task}"
    )
    assert response.status_code == 422
    page = parse(response)
    assert page.findtext(".//title").startswith("エラー")
    summary = page.get_element_by_id("error-summary")
    links = summary.xpath(".//a/@href")
    assert sorted(links) == ["#f-points", "#f-result"]
    for href in links:
        control = page.get_element_by_id(href[1:])
        assert control.get("aria-invalid") == "true"
        described = control.get("aria-describedby").split()
        assert any(page.get_element_by_id(i).text_content().startswith("＊") for i in described)
    assert page.get_element_by_id("f-points").get("value") == "百"
    # Nothing was completed: the review is still the ready task.
    assert office.task(case["id"], "Review") == task


def test_complete_moves_the_case_on(office: Office, reviewer: Browser, approver: Browser) -> None:
    case = office.start()
    task = office.task(case["id"], "Review")
    response = reviewer.post(f"/staff/tasks/{task}/complete", {"result": "ok", "points": "80"})
    assert (response.status_code, response.headers["location"]) == (
        303,
        "/staff/inbox?done=completed",
    )
    assert office.api.instance(case["id"])["data"]["points"] == 80
    approve = office.task(case["id"], "Approve")
    assert approver.page("/staff/inbox").xpath(f"//tr[@data-task-id='{approve}']")
    # The review is done: its page says so and offers nothing; completing again is a conflict.
    page = reviewer.page(f"/staff/tasks/{task}")
    assert "task-closed" in ids(page)
    assert not {"claim", "complete-form", "correction-form"} & ids(page)
    again = reviewer.post(f"/staff/tasks/{task}/complete", {"result": "ok"})
    assert again.status_code == 409
    assert parse(again).get_element_by_id("task-message").text_content().strip()
    # The approver's boolean form completes the case.
    done = approver.post(f"/staff/tasks/{approve}/complete", {"approved": "true"})
    assert done.status_code == 303
    assert office.api.instance(case["id"])["status"] == "completed"


def test_other_lanes_cannot_act_but_may_read_the_case(office: Office, approver: Browser) -> None:
    case = office.start()
    task = office.task(case["id"], "Review")
    assert approver.get(f"/staff/tasks/{task}").status_code == 403
    for action, data in (
        ("claim", {}),
        ("unclaim", {}),
        ("complete", {"result": "ok"}),
        ("correction", {"correction-reason": "x"}),
    ):
        response = approver.post(f"/staff/tasks/{task}/{action}", data)
        assert response.status_code == 403, action
        page = parse(response)
        assert "auth.lane-forbidden" in page.text_content()
        assert REVIEW in page.text_content()
    assert office.task(case["id"], "Review") == task
    assert office.api.instance(case["id"])["ready_tasks"][0]["element_id"] == "Review"
    assert approver.get(f"/staff/cases/{case['id']}").status_code == 200


def test_forms_without_a_valid_csrf_value_are_refused(office: Office, reviewer: Browser) -> None:
    case = office.start()
    task = office.task(case["id"], "Review")
    for action in ("claim", "complete", "correction"):
        for csrf in ("", "forged"):
            response = reviewer.post(
                f"/staff/tasks/{task}/{action}", {"csrf": csrf, "result": "ok"}
            )
            assert response.status_code == 403, (action, csrf)
            assert "web.csrf" in parse(response).text_content()
    page = reviewer.page(f"/staff/tasks/{task}")
    assert page.get_element_by_id("task-assignee").text_content() == "未担当"
    assert office.task(case["id"], "Review") == task


def test_unknown_task_and_signed_out(office: Office, reviewer: Browser) -> None:
    assert reviewer.get("/staff/tasks/no-such-task").status_code == 404
    assert reviewer.get("/staff/cases/no-such-case").status_code == 404
    stranger = Browser.__new__(Browser)
    stranger.client = type(reviewer.client)(office.app)
    response = stranger.get("/staff/inbox")
    assert (response.status_code, response.headers["location"]) == (
        303,
        "/staff/sign-in?next=/staff/inbox",
    )
