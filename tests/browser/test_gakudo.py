"""学童クラブ入所申請 on the bundled To-Be model (processes/bpmn/gakudo/to-be.bpmn), in
Chromium: the guardian applies without the employment certificate, the automatic check
asks for it (補正), the guardian attaches it from the status page, 審査担当 proposes 内定,
係長 and 課長 approve electronically, and the guardian reads the decision."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import Final

import pytest
from playwright.sync_api import expect

from tests.browser import cases
from tests.browser.axe import Audit
from tests.browser.conftest import Server, Tabs
from tests.browser.resident import Applicant, pdf
from tests.browser.staff import Desk
from tests.conftest import BUNDLED

pytestmark = pytest.mark.browser

FOLDER: Final = BUNDLED / "gakudo"
MODEL: Final = FOLDER / "to-be.bpmn"
KEY: Final = "Gakudo_ToBe"
REVIEW: Final = "指数と結果案を確認し、例外を判断する"
CHIEF: Final = "結果案を電子決裁する（係長）"
MANAGER: Final = "結果案を電子決裁する（課長）"
TOKYO: Final = timezone(timedelta(hours=9))


def model_files() -> dict[str, bytes]:
    """The To-Be model with its forms and decision tables (files named to-be-*, *.dmn)."""
    side = [
        p
        for p in sorted(FOLDER.iterdir())
        if p.name.startswith("to-be-") and p.suffix in {".json", ".dmn"}
    ]
    return {MODEL.name: MODEL.read_bytes(), **{p.name: p.read_bytes() for p in side}}


@pytest.fixture(scope="module")
def gakudo(server: Server) -> str:
    if not MODEL.is_file():
        pytest.skip(f"no bundled 学童 To-Be model at {MODEL}")
    key = server.deploy(MODEL.name, model_files())
    assert key == KEY
    return key


def second_grader_born() -> date:
    """A birthday that makes a child a 2nd grader in this school year (from 1 April, Tokyo)."""
    today = datetime.now(TOKYO).date()
    school_year = today.year if today.month >= 4 else today.year - 1
    return date(school_year - 7, 6, 10)


def test_gakudo_application_with_an_automatic_correction(
    gakudo: str, server: Server, audit: Audit, tabs: Tabs
) -> None:
    resident = Applicant(tabs.open())
    page = resident.page
    resident.open_procedure(gakudo)
    case_id = resident.start()
    audit.check(page, "学童 application form")

    born = second_grader_born()
    resident.fill("child-name", "山田 花子")
    resident.fill("child-kana", "ヤマダ ハナコ")
    resident.date("child-birth_date", born.year, born.month, born.day)
    resident.fill("child-school", "みどり小学校")
    resident.fill("child-grade", "2")
    page.check("#f-wishes-first_choice")  # the first option: みどり学童クラブ
    page.check("#f-single_parent")  # はい
    page.check("#f-sibling_in_club-1")  # いいえ
    resident.fill("guardian1-name", "山田 太郎")
    page.check("#f-guardian1-relation-1")  # 父
    page.select_option("#f-guardian1-situation", "work")
    resident.fill("guardian1-employer", "株式会社みどり")
    resident.fill("guardian1-work_days_per_month", "20")
    resident.fill("guardian1-work_hours_per_day", "8")
    page.check("#f-guardian1-covers_afternoon")  # はい
    # No employment certificate: the automatic check will ask for it.
    resident.to_confirm()
    expect(page.locator("dl.mf-answers")).to_contain_text("ヤマダ ハナコ")
    receipt = resident.send()
    assert receipt.case_id == case_id

    resident.look_up(receipt.receipt_number, receipt.password)
    assert resident.phase() == "correction"
    expect(page.locator("#correction-reason")).to_contain_text("就労証明書")
    audit.check(page, "学童 status page with a correction")
    resident.open_next_task()
    resident.attach("guardian1_certificate", pdf("就労証明書.pdf"))
    resident.fill("correction_answer", "就労証明書を添付しました。")
    resident.to_confirm()
    expect(page.locator("dl.mf-answers")).to_contain_text("就労証明書.pdf")
    resident.send()
    data = cases.read(server, case_id)["data"]
    assert data["application_complete"] is True
    assert cases.ready_tasks(server, case_id) == ["Task_Review"]

    reviewer = Desk(tabs.open())
    reviewer.sign_in(server.tokens["shinsa"])
    reviewer.open_task(receipt.receipt_number, REVIEW)
    audit.check(reviewer.page, "学童 review task")
    reviewer.claim("shinsa")
    reviewer.choose("内定")
    reviewer.choose("みどり学童クラブ")
    reviewer.complete()
    expect(reviewer.page.locator("#notice")).to_be_visible()
    for user, task in (("kakaricho", CHIEF), ("kacho", MANAGER)):
        approver = Desk(tabs.open())
        approver.sign_in(server.tokens[user])
        approver.open_task(receipt.receipt_number, task)
        approver.claim(user)
        approver.choose("決裁する")
        approver.complete()
        expect(approver.page.locator("#notice")).to_be_visible()

    page.goto(f"/status/cases/{case_id}")
    assert resident.phase() == "completed"
    expect(page.locator("#case-result")).to_contain_text("みどり学童クラブへの入所が内定しました")
    audit.check(page, "学童 status page with the decision")
    audit.assert_clean(
        "学童 application form",
        "学童 status page with a correction",
        "学童 review task",
        "学童 status page with the decision",
    )
