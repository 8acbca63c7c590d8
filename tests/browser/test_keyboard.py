"""The application form by keyboard alone (the resident pages' own test procedure, with a
text, date, radio, yes/no, file and text-area field): the skip link works, Tab reaches every
control, a submission with errors puts focus on the error summary, each of its links
moves focus to its field, and Enter in a field sends the form to 確認."""

from __future__ import annotations

import re
from typing import Any, Final

import pytest
from playwright.sync_api import Page, expect

from tests.browser.resident import CONFIRM_URL, DONE_URL, Applicant, pdf
from tests.web.resident.model import KEY

pytestmark = pytest.mark.browser

FOCUSED: Final = """() => {
  const e = document.activeElement;
  return e ? {id: e.id, name: e.getAttribute('name') || '', type: e.getAttribute('type') || '',
              tag: e.tagName.toLowerCase()} : null;
}"""
CONTROLS: Final = """() => Array.from(document.querySelectorAll(
    '#task-form input, #task-form select, #task-form textarea, #task-form button'))
  .filter(e => e.type !== 'hidden' && e.tabIndex >= 0 && !e.disabled)
  .map(e => ({id: e.id, name: e.getAttribute('name') || '', type: e.getAttribute('type') || ''}))"""
MAX_TABS: Final = 60


def focused(page: Page) -> dict[str, str]:
    found: dict[str, str] | None = page.evaluate(FOCUSED)
    assert found is not None
    return found


def control_key(control: dict[str, Any]) -> str:
    """Radios of one group are one Tab stop (arrow keys move inside it): key them by name."""
    if control["type"] == "radio":
        return f"radio:{control['name']}"
    return str(control["id"])


def tab_through_form(page: Page) -> list[str]:
    """Press Tab from the top of the page until focus leaves the form after its last
    control; the Tab stops inside the form, in order."""
    controls = [control_key(c) for c in page.evaluate(CONTROLS)]
    last = controls[-1]
    stops: list[str] = []
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        in_form = page.evaluate("() => !!document.activeElement.closest('#task-form')")
        if in_form:
            stops.append(control_key(focused(page)))
        elif last in stops:
            return stops
    raise AssertionError(f"focus never left the form after {last}: {stops}")


def test_the_form_by_keyboard(page: Page) -> None:
    resident = Applicant(page)
    resident.open_procedure(KEY)
    resident.start()

    # The skip link is the first Tab stop, shows itself, and takes focus to the content.
    page.keyboard.press("Tab")
    assert "dads-skip-link" in (page.evaluate("() => document.activeElement.className") or "")
    box = page.locator(".dads-skip-link").bounding_box()
    assert box is not None
    assert box["y"] >= 0
    assert box["height"] > 0
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")
    assert focused(page)["id"] == "main"

    # Tab reaches every control of the form, in the order they are shown.
    page.reload()
    controls = [control_key(c) for c in page.evaluate(CONTROLS)]
    assert {"f-child_name", "f-birth_date-year", "radio:grade", "f-certificate"} <= set(controls)
    stops = tab_through_form(page)
    assert list(dict.fromkeys(stops)) == list(dict.fromkeys(controls))

    # Sent empty from the keyboard: the error summary has focus, each link reaches its field.
    page.focus("#next-button")
    page.keyboard.press("Enter")
    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    assert focused(page)["id"] == "error-summary"
    links = summary.locator("a")
    assert links.count() >= 5
    page.keyboard.press("Tab")
    first = links.first.get_attribute("href")
    assert first is not None
    assert focused(page)["tag"] == "a"
    assert page.evaluate("() => document.activeElement.getAttribute('href')") == first
    for index in range(links.count()):
        link = links.nth(index)
        target = (link.get_attribute("href") or "")[1:]
        link.focus()
        page.keyboard.press("Enter")
        assert focused(page)["id"] == target, f"the link to #{target} did not move focus there"

    # Answered by keyboard (arrow keys inside a radio group), sent with Enter in a field.
    page.focus("#f-child_name")
    page.keyboard.type("山田 花子")
    for part, value in (("year", "2018"), ("month", "4"), ("day", "27")):
        page.focus(f"#f-birth_date-{part}")
        page.keyboard.press("ControlOrMeta+A")
        page.keyboard.type(value)
    page.focus("#f-grade")
    page.keyboard.press("Space")
    page.keyboard.press("ArrowRight")
    expect(page.get_by_role("radio", name="2年生", exact=True)).to_be_checked()
    page.focus("#f-needs_care")
    page.keyboard.press("Space")
    expect(page.locator("#f-needs_care")).to_be_checked()
    resident.attach("certificate", pdf("就労証明書.pdf"))
    page.focus("#f-child_name")
    page.keyboard.press("Enter")
    expect(page).to_have_url(CONFIRM_URL)
    expect(page.locator("dl.mf-answers")).to_contain_text("2年生")

    # 確認 → 完了 with the keyboard too.
    page.focus("#send-button")
    page.keyboard.press("Enter")
    expect(page).to_have_url(DONE_URL)
    expect(page.locator("#receipt-number")).to_have_text(re.compile(r"^R\d{4}-\d{6}$"))
