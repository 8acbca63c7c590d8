"""The inbox: ready tasks of the user's lanes only, sorted by due date, overdue marked in
words, filters by lane and 「自分の担当」, and pages when it is long."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlencode

import pytest
from lxml.html import HtmlElement

from api.web.staff import pages as staff_pages
from tests.api.conftest import T0
from tests.web.staff.conftest import Browser, Office
from tests.web.staff.models import APPROVAL, REVIEW

COLUMNS = ["作業", "手続き", "受付番号", "レーン", "受付日時", "期限", "期限超過", "担当者"]


def rows(page: HtmlElement) -> list[dict[str, str]]:
    table = page.get_element_by_id("inbox", None)
    if table is None:
        return []
    heads = [th.text_content().strip() for th in table.xpath("./thead/tr/th")]
    return [
        dict(zip(heads, (td.text_content().strip() for td in tr.xpath("./td")), strict=True))
        | {"id": tr.get("data-task-id")}
        for tr in table.xpath("./tbody/tr")
    ]


def test_inbox_is_a_table_of_the_users_lanes_only(office: Office, reviewer: Browser) -> None:
    reviewing = office.start()
    waiting = office.api.start("StaffPages_ToBe")  # still at the resident's application
    page = reviewer.page("/staff/inbox")
    table = page.get_element_by_id("inbox")
    assert table.find("caption") is not None
    assert [th.get("scope") for th in table.iter("th")] == ["col"] * len(COLUMNS)
    assert [th.text_content().strip() for th in table.iter("th")] == COLUMNS
    found = rows(page)
    assert [r["id"] for r in found] == [office.task(reviewing["id"], "Review")]
    assert found[0]["受付番号"] == reviewing["receipt_number"]
    assert found[0]["レーン"] == REVIEW
    assert found[0]["期限超過"] == ""
    assert found[0]["担当者"] == "未担当"
    assert waiting["receipt_number"] not in page.text_content()
    link = table.xpath(".//tbody/tr/td[1]/a/@href")
    assert link == [f"/staff/tasks/{found[0]['id']}"]
    # The approval lane has nothing yet; an admin sees the resident's task as well.
    approver = office.browser("suzuki", APPROVAL)
    assert rows(approver.page("/staff/inbox")) == []
    assert approver.page("/staff/inbox").get_element_by_id("inbox-empty") is not None
    admin = office.browser("boss", "admin")
    assert len(rows(admin.page("/staff/inbox"))) == 2


def test_overdue_tasks_come_first_and_say_so_in_words(office: Office, reviewer: Browser) -> None:
    first, second, third = (office.start() for _ in range(3))
    late = office.task(second["id"], "Review")
    soon = office.task(third["id"], "Review")
    office.set_due(late, T0 - timedelta(days=2))  # T0 is in 2026, long before now
    office.set_due(soon, T0.replace(year=2999))
    found = rows(reviewer.page("/staff/inbox"))
    assert [r["id"] for r in found] == [late, soon, office.task(first["id"], "Review")]
    assert [r["期限超過"] for r in found] == ["期限超過", "", ""]
    assert found[0]["期限"] == "2026年3月30日"
    assert found[2]["期限"] == "期限なし"


def test_filters_by_lane_and_by_my_tasks(office: Office) -> None:
    both = office.browser("ito", REVIEW, APPROVAL)
    first, second = office.start(), office.start()
    mine = office.task(first["id"], "Review")
    assert both.post(f"/staff/tasks/{mine}/claim").status_code == 303
    assert {r["id"] for r in rows(both.page("/staff/inbox"))} == {
        mine,
        office.task(second["id"], "Review"),
    }
    only_mine = rows(both.page("/staff/inbox?mine=1"))
    assert [(r["id"], r["担当者"]) for r in only_mine] == [(mine, "ito")]
    assert rows(both.page(f"/staff/inbox?lane={APPROVAL}")) == []
    page = both.page(f"/staff/inbox?lane={REVIEW}&mine=1")
    assert [r["id"] for r in rows(page)] == [mine]
    assert page.get_element_by_id("filter-mine").get("checked") is not None
    options = page.get_element_by_id("filter-lane").xpath("./option/@value")
    assert options == ["", APPROVAL, REVIEW]
    # A lane the user does not hold is not a filter: the inbox shows all of theirs.
    assert len(rows(both.page("/staff/inbox?lane=課長"))) == 2


def test_a_long_inbox_comes_in_pages_that_keep_the_filters(
    office: Office, reviewer: Browser, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert reviewer.page("/staff/inbox").get_element_by_id("inbox-pages", None) is None
    monkeypatch.setattr(staff_pages, "INBOX_PAGE", 2)
    tasks = {office.task(office.start()["id"], "Review") for _ in range(5)}
    first = reviewer.page("/staff/inbox")
    nav = first.get_element_by_id("inbox-pages")
    assert nav.get("aria-label") == "受信箱のページ"
    assert first.get_element_by_id("inbox-previous", None) is None
    assert first.get_element_by_id("inbox-next").get("href") == "/staff/inbox?page=2"
    assert first.get_element_by_id("inbox").find("caption").text_content().strip() == (
        "処理できる作業（1〜2件目）"
    )
    second = reviewer.page("/staff/inbox?page=2")
    assert second.get_element_by_id("inbox-previous").get("href") == "/staff/inbox"
    assert second.get_element_by_id("inbox-next").get("href") == "/staff/inbox?page=3"
    third = reviewer.page("/staff/inbox?page=3")
    assert third.get_element_by_id("inbox-next", None) is None
    assert "3ページ目" in third.get_element_by_id("inbox-pages").text_content()
    pages = [[r["id"] for r in rows(p)] for p in (first, second, third)]
    assert [len(p) for p in pages] == [2, 2, 1]
    assert {task for p in pages for task in p} == tasks  # each task once, none left out
    # Past the end: nothing, and the way back. A page that is not a number is the first.
    beyond = reviewer.page("/staff/inbox?page=9")
    assert beyond.get_element_by_id("inbox-empty") is not None
    assert beyond.get_element_by_id("inbox-previous").get("href") == "/staff/inbox?page=8"
    for given in ("0", "-1", "two", "１", "99999999999"):
        assert [r["id"] for r in rows(reviewer.page(f"/staff/inbox?page={given}"))] == pages[0]
    # The filters go along from page to page; "mine" is applied before paging.
    for task in sorted(tasks)[:3]:
        assert reviewer.post(f"/staff/tasks/{task}/claim").status_code == 303
    mine = reviewer.page(f"/staff/inbox?lane={REVIEW}&mine=1")
    following = mine.get_element_by_id("inbox-next").get("href")
    assert following == f"/staff/inbox?{urlencode({'lane': REVIEW, 'mine': '1', 'page': '2'})}"
    held = [r["id"] for r in rows(mine)] + [r["id"] for r in rows(reviewer.page(following))]
    assert sorted(held) == sorted(tasks)[:3]
