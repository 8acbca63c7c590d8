"""Every staff work page in every state passes the same structural checks (JIS X 8341-3 /
WCAG basics that need no browser): language, one h1, skip link, unique ids, a label for
each control, tables with caption and scoped headers, forms without script or required,
state-changing forms with a CSRF field, errors tied to their controls."""

from __future__ import annotations

from collections import Counter

import httpx
import pytest
from lxml.html import HtmlElement

from tests.web.conftest import parse
from tests.web.staff.conftest import Browser, Office


def check(page: HtmlElement, lang: str = "ja") -> None:
    assert page.get("lang") == lang
    assert page.findtext(".//title", "").strip()
    assert len(page.findall(".//h1")) == 1
    (main,) = page.findall(".//main")
    assert page.xpath("//body/a[1]/@href") == ["#" + main.get("id")]
    ids = Counter(page.xpath("//@id"))
    assert not [i for i, n in ids.items() if n > 1], ids
    for control in page.xpath("//input[not(@type='hidden')] | //select | //textarea"):
        assert len(page.xpath(f"//label[@for='{control.get('id')}']")) == 1, control.get("id")
    for control in page.xpath("//*[@aria-describedby]"):
        for ref in control.get("aria-describedby").split():
            assert ref in ids, ref
    for control in page.xpath("//*[@aria-invalid='true']"):
        texts = [
            page.get_element_by_id(i).text_content().strip()
            for i in control.get("aria-describedby").split()
        ]
        assert any(text.startswith("＊") for text in texts), texts
    for radio_group in page.xpath("//input[@type='radio']"):
        assert radio_group.xpath("ancestor::fieldset/legend")
    for form in page.findall(".//form"):
        assert form.get("novalidate") is not None
        if form.get("method") == "post":
            assert form.xpath(".//input[@type='hidden'][@name='csrf']/@value")
        else:
            assert form.get("method") == "get"
    assert not page.xpath("//*[@required]")
    for table in page.findall(".//table"):
        assert table.find("caption") is not None
        assert all(th.get("scope") in {"col", "row"} for th in table.iter("th"))
    for link in page.xpath("//*[@id='error-summary']//a/@href"):
        assert link[1:] in ids
    assert not page.xpath("//script")
    if page.xpath("//*[@aria-invalid='true']"):
        assert page.findtext(".//title").startswith("エラー" if lang == "ja" else "Error")
        assert page.get_element_by_id("error-summary") is not None


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_every_page_in_every_state(office: Office, reviewer: Browser, lang: str) -> None:
    reviewer.client.cookies.set("lang", lang)
    responses: list[httpx.Response] = [reviewer.get("/staff/inbox")]  # empty
    case = office.start()
    task = office.task(case["id"], "Review")
    responses += [
        reviewer.get("/staff/inbox"),
        reviewer.get("/staff/inbox?mine=1"),
        reviewer.get(f"/staff/tasks/{task}"),
        reviewer.get(f"/staff/cases/{case['id']}"),
        reviewer.post(f"/staff/tasks/{task}/complete", {"points": "x"}),
        reviewer.post(f"/staff/tasks/{task}/correction", {"correction-reason": ""}),
    ]
    reviewer.post(f"/staff/tasks/{task}/claim")
    colleague = office.browser("takahashi", "審査担当")
    colleague.client.cookies.set("lang", lang)
    responses += [
        reviewer.get(f"/staff/tasks/{task}?done=claimed"),
        colleague.get(f"/staff/tasks/{task}"),
        colleague.post(f"/staff/tasks/{task}/claim"),
        colleague.get("/staff/tasks/missing"),
    ]
    reviewer.post(f"/staff/tasks/{task}/complete", {"result": "ok"})
    responses += [reviewer.get(f"/staff/tasks/{task}"), reviewer.get("/staff/inbox?done=completed")]
    other = office.start()
    sent = reviewer.post(
        f"/staff/tasks/{office.task(other['id'], 'Review')}/correction",
        {"correction-reason": "理由", "correction-due-year": "2999", "correction-due-month": "1",
         "correction-due-day": "1"},
    )  # fmt: skip
    responses.append(reviewer.get(sent.headers["location"]))  # the case with its warning
    statuses = [r.status_code for r in responses]
    assert statuses == [200, 200, 200, 200, 200, 422, 422, 200, 200, 409, 404, 200, 200, 200]
    assert parse(responses[-1]).get_element_by_id("correction-asked") is not None
    for response in responses:
        check(parse(response), lang)
