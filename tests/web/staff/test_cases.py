"""補正要求 from the task page, and the case page: diagram highlighted by the trail, legend in
words, open tasks, data in the forms' words, audit history."""

from __future__ import annotations

from datetime import timedelta

from lxml.html import HtmlElement

from api.web.texts import JST
from engine.runtime import clock
from engine.service.attachments import Attachments, NewFile
from engine.service.deployments import bundle_files
from engine.service.principals import Staff
from tests.conftest import BUNDLED
from tests.web.conftest import parse
from tests.web.staff.conftest import Browser, Office
from tests.web.staff.models import PLAIN_KEY, RESIDENT


def marked(page: HtmlElement, state: str) -> set[str]:
    return set(page.xpath(f"//svg//*[contains(@class, 'mf-state-{state}')]/@data-element-id"))


def test_correction_request_returns_the_case_to_the_resident(
    office: Office, reviewer: Browser
) -> None:
    case = office.start()
    task = office.task(case["id"], "Review")
    page = reviewer.page(f"/staff/tasks/{task}")
    due = clock.now().astimezone(JST).date() + timedelta(days=14)
    defaults = [
        page.get_element_by_id(f"correction-due-{part}").get("value")
        for part in ("year", "month", "day")
    ]
    assert defaults == [str(due.year), str(due.month), str(due.day)]
    assert (
        "申請内容の補正" in page.get_element_by_id("correction-form").getprevious().text_content()
    )
    response = reviewer.post(
        f"/staff/tasks/{task}/correction",
        {
            "correction-reason": "学年の記入がありません。",
            "correction-due-year": str(due.year),
            "correction-due-month": str(due.month),
            "correction-due-day": str(due.day),
        },
    )
    assert (response.status_code, response.headers["location"]) == (
        303,
        f"/staff/cases/{case['id']}?done=corrected",
    )
    instance = office.api.instance(case["id"])
    assert [(t["element_id"], t["lane"]) for t in instance["ready_tasks"]] == [("Fix", RESIDENT)]
    assert instance["data"]["correction_reason"] == "学年の記入がありません。"
    assert instance["data"]["correction_due"] == due.isoformat()
    assert instance["data"]["result"] == "correction"
    page = reviewer.page(response.headers["location"])
    assert "補正を求めました" in page.get_element_by_id("notice").text_content()
    asked = page.get_element_by_id("correction-asked").text_content()
    assert "補正の理由：学年の記入がありません。" in asked
    assert f"補正の期限：{due.year}年{due.month}月{due.day}日" in asked
    data = page.xpath("//dl[@id='case-data']//div[dt='補正の理由']/dd/text()")
    assert data == ["学年の記入がありません。"]
    # The resident corrects; the review comes back to the inbox.
    fix = office.task(case["id"], "Fix")
    assert office.api.complete(fix, {"child_name": "山田 太郎", "grade": 3}).status_code == 200
    again = office.task(case["id"], "Review")
    assert reviewer.page("/staff/inbox").xpath(f"//tr[@data-task-id='{again}']")
    page = reviewer.page(f"/staff/cases/{case['id']}")
    assert "correction-asked" not in set(page.xpath("//@id"))


def test_correction_request_needs_a_reason_and_a_deadline(
    office: Office, reviewer: Browser
) -> None:
    case = office.start()
    task = office.task(case["id"], "Review")
    cases = [
        ({"correction-reason": " ", "correction-due-year": "2999", "correction-due-month": "1",
          "correction-due-day": "1"}, {"#correction-reason"}),
        ({"correction-reason": "理由", "correction-due-year": "2000", "correction-due-month": "1",
          "correction-due-day": "1"}, {"#correction-due-year"}),
        ({"correction-reason": "理由", "correction-due-year": "2999", "correction-due-month": "13",
          "correction-due-day": "1"}, {"#correction-due-year"}),
        ({"correction-reason": "x" * 2001, "correction-due-year": "", "correction-due-month": "",
          "correction-due-day": ""}, {"#correction-reason", "#correction-due-year"}),
    ]  # fmt: skip
    for data, targets in cases:
        response = reviewer.post(f"/staff/tasks/{task}/correction", data)
        assert response.status_code == 422, data
        page = parse(response)
        links = page.get_element_by_id("error-summary").xpath(".//a/@href")
        assert set(links) == targets, data
        assert all(a.startswith("＊") for a in page.xpath("//*[@id='error-summary']//a/text()"))
        kept = page.get_element_by_id("correction-reason").text_content()
        assert kept == data["correction-reason"]
    assert office.task(case["id"], "Review") == task


def test_no_correction_where_the_model_has_no_path_back(office: Office, reviewer: Browser) -> None:
    case = office.start(PLAIN_KEY)
    task = office.task(case["id"], "Review")
    page = reviewer.page(f"/staff/tasks/{task}")
    assert "correction-form" not in set(page.xpath("//@id"))
    assert "complete-form" in set(page.xpath("//@id"))
    response = reviewer.post(
        f"/staff/tasks/{task}/correction",
        {"correction-reason": "理由", "correction-due-year": "2999", "correction-due-month": "1",
         "correction-due-day": "1"},
    )  # fmt: skip
    assert response.status_code == 422
    assert "staff.correction-unavailable" in parse(response).text_content()
    assert office.task(case["id"], "Review") == task


def test_case_page_marks_the_trail_on_the_diagram(office: Office, reviewer: Browser) -> None:
    case = office.start()
    page = reviewer.page(f"/staff/cases/{case['id']}")
    assert page.findtext(".//h1").strip() == f"受付番号 {case['receipt_number']}"
    assert page.get_element_by_id("case-status").text_content() == "処理中"
    svg = page.get_element_by_id("case-diagram").find(".//svg")
    assert svg.get("role") == "img"
    assert svg.get("aria-label")
    assert marked(page, "active") == {"Review"}
    assert marked(page, "done") == {"Begin", "Apply", "F1", "F2"}
    legend = page.get_element_by_id("case-legend").text_content()
    assert "いまの所" in legend
    assert "終わった所" in legend
    open_tasks = page.xpath("//table[@id='open-tasks']//a")
    assert [(a.text_content(), a.get("href")) for a in open_tasks] == [
        ("申請内容の審査", f"/staff/tasks/{office.task(case['id'], 'Review')}")
    ]
    history = page.xpath("//table[@id='history']/tbody/tr")
    assert [tr.xpath("./td")[2].text_content() for tr in history] == [
        "申請を受け付けました",
        "「入会申請書の入力」を完了しました",
    ]
    assert "児童の氏名：山田 太郎" in history[1].text_content()
    # After a correction request the review is passed and the resident's task is current;
    # the loop back makes the review current again once the resident answers.
    task = office.task(case["id"], "Review")
    reviewer.post(
        f"/staff/tasks/{task}/correction",
        {"correction-reason": "理由", "correction-due-year": "2999", "correction-due-month": "1",
         "correction-due-day": "1"},
    )  # fmt: skip
    page = reviewer.page(f"/staff/cases/{case['id']}")
    assert marked(page, "active") == {"Fix"}
    assert {"Begin", "Apply", "Review", "Checked", "ToFix"} <= marked(page, "done")
    assert "Approve" not in marked(page, "done") | marked(page, "active")
    where = page.get_element_by_id("case-where").text_content()
    assert "申請内容の補正" in where
    office.api.complete(office.task(case["id"], "Fix"), {"child_name": "山田 太郎", "grade": 3})
    page = reviewer.page(f"/staff/cases/{case['id']}")
    assert marked(page, "active") == {"Review"}
    assert "Fix" in marked(page, "done")


def test_case_page_in_english(office: Office, reviewer: Browser) -> None:
    case = office.start()
    reviewer.client.cookies.set("lang", "en")
    page = reviewer.page(f"/staff/cases/{case['id']}")
    assert page.get("lang") == "en"
    assert page.findtext(".//h1").strip() == f"Case {case['receipt_number']}"
    assert "Grey: passed" in page.get_element_by_id("case-legend").text_content()
    inbox = reviewer.page("/staff/inbox")
    assert inbox.findtext(".//h1").strip() == "Inbox"


PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def test_case_and_task_pages_list_the_attachments(office: Office, reviewer: Browser) -> None:
    started = office.api.start("StaffPages_ToBe")
    apply = office.task(started["id"], "Apply")
    admin = Staff("admin-1", frozenset({"admin"}))
    (stored,) = Attachments(office.db).add(
        apply, [NewFile("certificate", "就労証明書 2026.pdf", PDF)], admin
    )
    data = {"child_name": "山田 太郎", "grade": 2, "certificate": stored.id}
    assert office.api.complete(apply, data).status_code == 200
    task = office.task(started["id"], "Review")
    for path in (f"/staff/cases/{started['id']}", f"/staff/tasks/{task}"):
        page = reviewer.page(path)
        links = page.xpath("//table[@id='attachments']//a")
        assert [a.text_content() for a in links] == ["就労証明書 2026.pdf（ダウンロード）"]
        url = links[0].get("href")
        assert url == f"/staff/cases/{started['id']}/attachments/{stored.id}"
        shown = page.xpath("//dl[@id='case-data']//div[dt='就労証明書']/dd/text()")
        assert shown == ["就労証明書 2026.pdf"]
    download = reviewer.get(url)
    assert download.status_code == 200
    assert download.content == PDF
    assert download.headers["content-type"] == "application/pdf"
    assert "attachment;" in download.headers["content-disposition"]
    # Another case's address does not reach the file.
    other = office.start()
    assert reviewer.get(f"/staff/cases/{other['id']}/attachments/{stored.id}").status_code == 404
    page = reviewer.page(f"/staff/cases/{other['id']}")
    assert page.get_element_by_id("attachments-empty") is not None


def test_case_page_of_a_bundled_procedure_draws_its_own_diagram(
    office: Office, reviewer: Browser
) -> None:
    """The 学童 To-Be model as served: its diagram (with DI) marks the resident's form."""
    (bundle,) = [f for main, f in bundle_files(BUNDLED / "gakudo") if main == "to-be.bpmn"]
    office.api.deployed(bundle)
    started = office.api.start("Gakudo_ToBe")
    ready = {t["element_id"] for t in office.api.instance(started["id"])["ready_tasks"]}
    page = reviewer.page(f"/staff/cases/{started['id']}")
    assert marked(page, "active") == ready
    assert marked(page, "done")
    assert page.xpath("//table[@id='open-tasks']//tbody/tr")


def test_a_staff_form_keeps_its_uploaded_file_with_the_case(
    office: Office, reviewer: Browser, approver: Browser
) -> None:
    case = office.start()
    review = office.task(case["id"], "Review")
    assert reviewer.post(f"/staff/tasks/{review}/complete", {"result": "ok"}).status_code == 303
    approve = office.task(case["id"], "Approve")
    page = approver.page(f"/staff/tasks/{approve}")
    (field,) = page.xpath("//form[@id='complete-form']//input[@type='file']/@name")
    # A file that is not what its name says is refused on the field; nothing is kept.
    fake = {field: ("letter.pdf", b"MZ not a pdf", "application/pdf")}
    refused = approver.post(f"/staff/tasks/{approve}/complete", {"approved": "true"}, files=fake)
    assert refused.status_code == 422
    assert parse(refused).xpath("//*[@id='error-summary']//a")
    assert office.task(case["id"], "Approve") == approve
    letter = {field: ("通知書.pdf", PDF, "application/pdf")}
    done = approver.post(f"/staff/tasks/{approve}/complete", {"approved": "true"}, files=letter)
    assert done.status_code == 303, done.text
    data = office.api.instance(case["id"])["data"]
    assert data["approved"] is True
    page = reviewer.page(f"/staff/cases/{case['id']}")
    (link,) = page.xpath("//table[@id='attachments']//a")
    assert link.get("href").endswith(f"/attachments/{data['letter']}")
    assert reviewer.get(link.get("href")).content == PDF
