"""The handbook on the server (/handbook) in Chromium: the index in both languages and a
page with tables pass axe-core, and the link to the other language leads there."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.axe import Audit

pytestmark = pytest.mark.browser


def test_handbook_pages_pass_axe(page: Page, audit: Audit) -> None:
    page.goto("/handbook")
    expect(page.locator("html")).to_have_attribute("lang", "ja")
    expect(page.locator("h1")).to_have_count(1)
    audit.check(page, "handbook index")
    page.goto("/handbook/ja/kpi")
    expect(page.locator("main table").first).to_be_visible()
    audit.check(page, "handbook page with tables")
    page.goto("/handbook/en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    audit.check(page, "handbook index in English")
    audit.assert_clean("handbook index", "handbook page with tables", "handbook index in English")
