"""Every resident page, in every state, has the structure JIS X 8341-3 / WCAG asks for:
language, one h1, a unique title, a skip link, a label per control, forms that post
with a CSRF value and without browser validation, ARIA references that exist."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.conftest import Api
from tests.web.resident.conftest import PDF, Resident, html, one
from tests.web.resident.model import KEY
from tests.web.resident.test_journey import ANSWERS, apply


def check(page: Any, lang: str = "ja") -> str:
    """Assert the common structure of a page; its title."""
    assert page.get("lang") == lang
    assert len(page.xpath("//h1")) == 1
    skip = page.xpath("//a[@class='dads-skip-link']")[0]
    assert page.xpath(f"//*[@id='{skip.get('href')[1:]}']")
    ids = page.xpath("//@id")
    assert len(ids) == len(set(ids)), [i for i in ids if ids.count(i) > 1]
    for control in page.xpath(
        "//input[not(@type='hidden') and not(@aria-hidden='true')] | //select | //textarea"
    ):
        assert control.get("required") is None
        labelled = page.xpath(f"//label[@for='{control.get('id')}']") or control.xpath(
            "ancestor::label"
        )
        assert labelled, control.get("name")
    for form in page.xpath("//form"):
        assert form.get("method") == "post"
        assert form.get("novalidate") is not None
        assert form.xpath(".//input[@type='hidden'][@name='csrf']")
    for element in page.xpath("//*[@aria-describedby]"):
        for target in element.get("aria-describedby").split():
            assert page.xpath(f"//*[@id='{target}']"), target
    for link in page.xpath("//a[starts-with(@href, '#')]"):
        assert page.xpath(f"//*[@id='{link.get('href')[1:]}']"), link.get("href")
    title: str = page.findtext(".//title")
    assert title.strip()
    return title


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_every_page_in_every_state(api: Api, resident: Resident, lang: str) -> None:
    client = resident.client
    client.cookies.set("lang", lang)
    titles: dict[str, str] = {}

    def visit(name: str, path: str, status: int = 200) -> Any:
        response = client.get(path)
        assert response.status_code == status, (path, response.text)
        page = html(response)
        titles[name] = check(page, lang)
        return page

    visit("home", "/")
    visit("procedure", f"/procedures/{KEY}")
    form = resident.start(KEY)
    case_id = form.split("/")[2]
    visit("form", form)
    errors = resident.post(form, {"grade": "9"})
    page = html(errors)
    titles["form-errors"] = check(page, lang)
    assert titles["form-errors"].startswith("エラー：" if lang == "ja" else "Error: ")
    for message in page.xpath("//p[contains(@class,'error-text')]"):
        assert message.text_content().startswith("＊")
    visit("status-applying", f"/status/cases/{case_id}")
    case_id, form = apply(resident)
    visit("confirm-gone", f"{form}/confirm", 200)  # sent already: back to the status page
    visit("done", f"/cases/{case_id}/done")
    visit("lookup", "/status")
    failed = resident.post("/status", {"receipt_number": "R1", "password": "x"})
    titles["lookup-error"] = check(html(failed), lang)
    visit("case", f"/status/cases/{case_id}")
    visit("withdraw", f"/status/cases/{case_id}/withdraw")
    visit("not-found", "/status/cases/0123", 404)
    distinct = {k: v for k, v in titles.items() if k not in {"confirm-gone", "status-applying"}}
    assert len(set(distinct.values())) == len(distinct), titles


def test_the_confirm_page_structure(resident: Resident) -> None:
    form = resident.start(KEY)
    sent = resident.post(form, ANSWERS, files={"certificate": ("w.pdf", PDF, "application/pdf")})
    page = html(resident.client.get(sent.headers["location"]))
    check(page)
    for link in page.xpath("//dd[@class='mf-answers__action']/a"):
        hidden = link.xpath("span[@class='dads-u-visually-hidden']")
        assert hidden
        assert hidden[0].text_content().endswith("を")
        target = link.get("href").split("#", 1)[1]
        assert target.startswith("f-")
    form_page = html(resident.client.get(form))
    for link in page.xpath("//dd[@class='mf-answers__action']/a"):
        assert form_page.xpath(f"//*[@id='{link.get('href').split('#', 1)[1]}']")
    assert one(page, "//h1").text_content() == "入力内容を確認してください"
