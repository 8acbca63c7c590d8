"""What a staff member does on the staff pages, step by step, as a browser user would: by
the pages' element ids (api/templates/staff/) and the words they show."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from playwright.sync_api import Locator, Page, expect


@dataclass
class Desk:
    """One staff member's browser tab."""

    page: Page

    def sign_in(self, token: str) -> None:
        page = self.page
        page.goto("/staff/sign-in")
        page.fill("#token", token)
        page.locator("form[action='/staff/sign-in'] button[type=submit]").click()
        expect(page).not_to_have_url(re.compile(r"/staff/sign-in"))

    def inbox_row(self, receipt: str, task: str) -> Locator:
        """The inbox row of task ``task`` of the case ``receipt`` (exactly one)."""
        self.page.goto("/staff/inbox")
        rows = self.page.locator("#inbox tbody tr").filter(has_text=receipt).filter(has_text=task)
        expect(rows).to_have_count(1)
        return rows

    def open_task(self, receipt: str, task: str) -> str:
        """Open the task from the inbox; its id."""
        row = self.inbox_row(receipt, task)
        task_id = row.get_attribute("data-task-id")
        assert task_id
        row.get_by_role("link", name=task).click()
        expect(self.page).to_have_url(re.compile(rf"/staff/tasks/{task_id}$"))
        expect(self.page.locator("h1")).to_contain_text(task)
        return task_id

    def claim(self, name: str) -> None:
        self.page.click("#claim")
        expect(self.page.locator("#task-assignee")).to_have_text(name)

    def request_correction(self, reason: str, due: date) -> None:
        page = self.page
        page.fill("#correction-reason", reason)
        page.fill("#correction-due-year", str(due.year))
        page.fill("#correction-due-month", str(due.month))
        page.fill("#correction-due-day", str(due.day))
        page.click("#correction-submit")

    def complete(self) -> None:
        self.page.click("#complete")

    def choose(self, label: str) -> None:
        """Pick the radio button whose label is ``label`` in the task's form."""
        self.page.locator("#complete-form").get_by_role("radio", name=label, exact=True).check()

    def notice(self) -> str:
        """The success banner's text after an action."""
        return self.page.locator("#notice").inner_text()
