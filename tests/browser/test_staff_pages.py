"""The staff pages in Chromium: sign-in (and its error), inbox, task page (claim, a
correction request refused for a missing reason, then sent), case page, procedures and the
procedure page; axe-core finds no serious or critical problem on any of them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import Page, expect

from tests.browser import cases
from tests.browser.axe import Audit
from tests.browser.conftest import Server
from tests.browser.staff import Desk

pytestmark = pytest.mark.browser

ATTACHMENT = "0123456789abcdef0123456789abcdef"


def test_staff_pages_work_and_pass_axe(page: Page, server: Server, audit: Audit) -> None:
    case = cases.applied(server, ATTACHMENT)
    desk = Desk(page)

    page.goto("/staff/sign-in")
    audit.check(page, "staff sign-in")
    page.locator("form[action='/staff/sign-in'] button[type=submit]").click()
    expect(page.locator("#token")).to_have_attribute("aria-invalid", "true")
    audit.check(page, "staff sign-in with an error")

    desk.sign_in(server.tokens["shinsa"])
    desk.inbox_row(case.receipt_number, cases.REVIEW_TASK)
    audit.check(page, "inbox")
    desk.open_task(case.receipt_number, cases.REVIEW_TASK)
    audit.check(page, "task page")
    desk.claim("shinsa")

    # No reason: refused with the error summary naming the field; nothing changes.
    due = datetime.now(UTC).date() + timedelta(days=14)
    desk.request_correction("", due)
    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary.locator("a[href='#correction-reason']")).to_have_count(1)
    expect(page.locator("#correction-reason")).to_have_attribute("aria-invalid", "true")
    audit.check(page, "task page with errors")
    assert cases.ready_tasks(server, case.id) == ["Review"]

    reason = "見積書の日付が読めません。日付の入った見積書を添付してください。"
    desk.request_correction(reason, due)
    expect(page.locator("#error-summary")).to_have_count(0)
    found = cases.read(server, case.id)
    assert [t["element_id"] for t in found["ready_tasks"]] == ["Fix"]
    assert found["data"]["correction_reason"] == reason
    assert found["data"]["correction_due"] == due.isoformat()

    page.goto(f"/staff/cases/{case.id}")
    expect(page.locator("main")).to_contain_text(case.receipt_number)
    expect(page.locator("main")).to_contain_text(reason)
    audit.check(page, "case page")

    page.goto("/staff/procedures")
    expect(page.locator("main")).to_contain_text(cases.NAME)
    audit.check(page, "procedures")
    page.goto(f"/staff/procedures/{cases.PROCEDURE}")
    expect(page.locator("h1")).to_contain_text(cases.NAME)
    audit.check(page, "procedure page")

    audit.assert_clean(
        "staff sign-in",
        "staff sign-in with an error",
        "inbox",
        "task page",
        "task page with errors",
        "case page",
        "procedures",
        "procedure page",
    )
