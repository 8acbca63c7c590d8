"""The whole story in Chromium, in Japanese and in English: a resident applies with an
attachment (入力 → 確認 → 完了), staff ask for a correction (補正要求), the resident reads
the reason on the status page and answers it, staff accept and the chief decides, and the
resident reads the outcome. Another application is withdrawn (取下げ). axe-core checks
every page and state on the way."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import Page, expect

from tests.browser import cases
from tests.browser.axe import Audit
from tests.browser.conftest import Server, Tabs
from tests.browser.resident import Applicant, pdf, png
from tests.browser.staff import Desk

pytestmark = pytest.mark.browser

ID = re.compile(r"^[0-9a-f]{32}$")
REASON = "見積書の日付が読めません。日付の入った見積書を付けてください。"
FIX_NOTE = "日付の入った見積書に差し替えました。"

RESIDENT_PAGES = (
    "resident top",
    "start page",
    "empty form",
    "form with errors",
    "確認",
    "完了",
    "status lookup",
    "status lookup with an error",
    "status page with a correction",
    "correction form",
    "status page with the result",
    "withdraw confirmation",
    "status page after withdrawal",
)
STAFF_PAGES = ("inbox", "task page", "case page")
# In English the same pages differ only in their words: check the densest states again.
CHECKED_IN_ENGLISH = ("form with errors", "確認", "status page with a correction", "task page")


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_apply_correct_decide_and_withdraw(
    lang: str, server: Server, audit: Audit, tabs: Tabs
) -> None:
    def check(page: Page, name: str) -> None:
        if lang == "ja" or name in CHECKED_IN_ENGLISH:
            audit.check(page, name)

    # In Japanese the browser asks for Japanese; in English the resident chooses English
    # with the language switch, and the staff's browser asks for English.
    resident = Applicant(tabs.open("ja-JP"))
    page = resident.page
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "ja")
    if lang == "en":
        page.click("#language-switch")
        expect(page.locator("html")).to_have_attribute("lang", "en")
    check(page, "resident top")

    # --- 入力 → 確認 → 完了 ---
    resident.open_procedure(cases.KEY)
    expect(page.locator("h1")).to_have_text(cases.NAME)
    check(page, "start page")
    case_id = resident.start()
    expect(page.locator("h1")).to_have_text(cases.APPLY_TASK)
    expect(page.locator("html")).to_have_attribute("lang", lang)
    check(page, "empty form")

    resident.next()
    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    for field in ("applicant_name", "email", "purpose", "start_date", "document"):
        expect(summary.locator(f"a[href^='#f-{field}']")).to_have_count(1)
    check(page, "form with errors")

    resident.fill("applicant_name", "山田 花子")
    resident.fill("email", "hanako@example.jp")
    resident.choose("催しの開催")
    resident.date("start_date", 2027, 1, 15)
    resident.fill("amount", "50000")
    resident.fill("note", "地域の夏祭りで使う机と椅子を借ります。")
    resident.attach("document", pdf("見積書.pdf"))
    resident.to_confirm()
    answers = page.locator("dl.mf-answers")
    for shown in ("山田 花子", "hanako@example.jp", "催しの開催", "50000", "見積書.pdf"):
        expect(answers).to_contain_text(shown)
    check(page, "確認")
    receipt = resident.send()
    assert receipt.case_id == case_id
    assert re.fullmatch(r"R\d{4}-\d{6}", receipt.receipt_number), receipt
    assert receipt.password
    check(page, "完了")

    data = cases.read(server, case_id)["data"]
    answered = (data["applicant_name"], data["purpose"], data["amount"], data["start_date"])
    assert answered == ("山田 花子", "event", 50000, "2027-01-15")
    assert ID.match(data["document"]), data["document"]

    # --- staff ask for a correction ---
    staff_locale = "en-US" if lang == "en" else "ja-JP"
    reviewer = Desk(tabs.open(staff_locale))
    reviewer.sign_in(server.tokens["shinsa"])
    reviewer.inbox_row(receipt.receipt_number, cases.REVIEW_TASK)
    check(reviewer.page, "inbox")
    reviewer.open_task(receipt.receipt_number, cases.REVIEW_TASK)
    expect(reviewer.page.locator("html")).to_have_attribute("lang", lang)
    check(reviewer.page, "task page")
    reviewer.claim("shinsa")
    due = datetime.now(UTC).date() + timedelta(days=14)
    reviewer.request_correction(REASON, due)
    expect(reviewer.page.locator("#notice")).to_be_visible()
    expect(reviewer.page.locator("main")).to_contain_text(REASON)
    check(reviewer.page, "case page")
    assert cases.ready_tasks(server, case_id) == ["Fix"]

    # --- the resident, in another browser, reads the reason and answers ---
    resident = Applicant(tabs.open("ja-JP"))
    page = resident.page
    if lang == "en":
        page.goto("/")
        page.click("#language-switch")
    page.goto("/status")
    check(page, "status lookup")
    resident.look_up(receipt.receipt_number, "not-the-password", found=False)
    expect(page.locator("#error-summary")).to_be_visible()
    expect(page.locator("#password")).to_have_attribute("aria-invalid", "true")
    check(page, "status lookup with an error")
    resident.look_up(receipt.receipt_number, receipt.password)
    assert resident.phase() == "correction"
    expect(page.locator("#correction-reason")).to_have_text(REASON)
    expect(page.locator("#correction-due")).to_be_visible()
    check(page, "status page with a correction")
    resident.open_next_task()
    expect(page.locator("#correction-banner")).to_contain_text(REASON)
    check(page, "correction form")
    resident.fill("fix_note", FIX_NOTE)
    resident.attach("fix_document", png("見積書（日付入り）.png"))
    resident.to_confirm()
    expect(page.locator("dl.mf-answers")).to_contain_text("見積書（日付入り）.png")
    fixed = resident.send()
    assert fixed.receipt_number == receipt.receipt_number
    data = cases.read(server, case_id)["data"]
    assert data["fix_note"] == FIX_NOTE
    assert ID.match(data["fix_document"]), data["fix_document"]

    # --- staff accept, the chief decides ---
    reviewer.open_task(receipt.receipt_number, cases.REVIEW_TASK)
    reviewer.claim("shinsa")
    reviewer.complete()
    expect(reviewer.page.locator("#notice")).to_be_visible()
    chief = Desk(tabs.open(staff_locale))
    chief.sign_in(server.tokens["kacho"])
    chief.open_task(receipt.receipt_number, cases.DECIDE_TASK)
    chief.claim("kacho")
    chief.choose("交付する")
    chief.complete()
    expect(chief.page.locator("#notice")).to_be_visible()
    assert cases.read(server, case_id)["status"] == "completed"

    # --- the resident sees the outcome ---
    page.goto(f"/status/cases/{case_id}")
    assert resident.phase() == "completed"
    expect(page.locator("#case-result")).to_have_text(cases.GRANTED)
    expect(page.locator("#correction-banner")).to_have_count(0)
    expect(page.locator("#withdraw-link")).to_have_count(0)
    check(page, "status page with the result")

    # --- another application is withdrawn ---
    other = cases.applied(server, data["document"])
    resident.look_up(other.receipt_number, other.access_token)
    assert resident.phase() != "withdrawn"
    page.click("#withdraw-link")
    expect(page.locator("#withdraw-button")).to_be_visible()
    check(page, "withdraw confirmation")
    page.click("#withdraw-button")
    expect(page).to_have_url(re.compile(rf"/status/cases/{other.id}"))
    assert resident.phase() == "withdrawn"
    expect(page.locator("#withdraw-link")).to_have_count(0)
    check(page, "status page after withdrawal")
    assert cases.read(server, other.id)["status"] == "withdrawn"

    audit.assert_clean(*(RESIDENT_PAGES + STAFF_PAGES if lang == "ja" else CHECKED_IN_ENGLISH))
