"""The accessibility check itself: on a page with known faults it names each one (rule,
impact, help, the element), and asserting a clean page fails."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.browser.axe import Audit

pytestmark = pytest.mark.browser

FAULTY = """<!DOCTYPE html><html lang="ja"><head><title>試験</title></head><body>
<main><h1>申請</h1>
<input id="nameless" type="text">
<p style="color:#c8c8c8;background:#ffffff">薄い文字</p>
<p>十分な濃さの文字</p>
</main></body></html>"""


def test_faults_are_named_and_fail_the_assertion(page: Page, audit: Audit) -> None:
    page.set_content(FAULTY)
    found = audit.check(page, "faulty page")
    rules = {violation.rule: violation for violation in found}
    assert {"label", "color-contrast"} <= set(rules), rules
    assert rules["label"].impact == "critical"
    assert rules["label"].targets == ("#nameless",)
    assert rules["color-contrast"].impact == "serious"
    report = audit.report()
    assert "label (critical)" in report
    assert "#nameless" in report
    assert "faulty page" in report
    with pytest.raises(AssertionError, match="color-contrast"):
        audit.assert_clean("faulty page")
    with pytest.raises(AssertionError, match="not checked"):
        Audit(audit.script).assert_clean("faulty page")
