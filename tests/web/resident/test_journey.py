"""The resident journey with the test client: apply with an attachment → 確認 → 完了 →
status lookup → 一時保存 and resume → a correction answered → withdrawal."""

from __future__ import annotations

import httpx
from fastapi.testclient import TestClient

from tests.api.conftest import Api
from tests.web.resident.conftest import PDF, PNG, Resident, html, one
from tests.web.resident.model import DECISION, KEY

ANSWERS = {
    "child_name": "山田 花子",
    "birth_date-year": "2018",
    "birth_date-month": "4",
    "birth_date-day": "27",
    "grade": "2",
    "needs_care": "true",
}


def case_id_of(location: str) -> str:
    return location.split("/")[2]


def apply(resident: Resident) -> tuple[str, str]:
    """Start, fill in, confirm and send the application; (case id, task form address)."""
    form = resident.start(KEY)
    sent = resident.post(form, ANSWERS, files={"certificate": ("work.pdf", PDF, "application/pdf")})
    assert sent.status_code == 303, sent.text
    assert sent.headers["location"] == f"{form}/confirm"
    done = resident.post(f"{form}/confirm")
    assert done.status_code == 303
    return case_id_of(form), form


def test_the_procedure_list_and_start_page(resident: Resident) -> None:
    top = resident.client.get("/")
    assert top.status_code == 200
    page = html(top)
    assert page.get("lang") == "ja"
    assert len(page.xpath("//h1")) == 1
    link = one(page, f"//a[@id='procedure-{KEY}']")
    start = html(resident.client.get(link.get("href")))
    assert one(start, "//ul[@id='documents']/li").text_content() == "就労証明書"
    assert one(start, "//form[@id='start-form']").get("method") == "post"
    assert start.xpath("//a[@href='/status']")  # a way to resume


def test_a_procedure_without_a_resident_lane_is_not_offered(resident: Resident) -> None:
    response = resident.client.get("/procedures/Nothing_Here")
    assert response.status_code == 404
    assert html(response).get("lang") == "ja"


def test_the_whole_journey(api: Api, resident: Resident) -> None:
    client = resident.client
    form = resident.start(KEY)
    case_id = case_id_of(form)

    # 入力: nothing entered → every required field named, the summary links to each
    empty = resident.post(form, {"action": "next"})
    assert empty.status_code == 422
    page = html(empty)
    assert page.findtext(".//title").startswith("エラー：")
    links = page.xpath("//div[@id='error-summary']//a")
    assert len(links) == 5
    for link in links:
        assert page.xpath(f"//*[@id='{link.get('href')[1:]}']")
    assert one(page, "//form[@id='task-form']").get("novalidate") is not None

    # an upload survives an error elsewhere, and 「解除」 takes it away again
    partial = dict(ANSWERS, child_name="")
    kept = resident.post(form, partial, files={"certificate": ("work.pdf", PDF, "application/pdf")})
    assert kept.status_code == 422
    page = html(kept)
    attachment_id = one(page, "//input[@name='certificate-keep']").get("value")
    assert one(page, "//input[@id='f-child_name']").get("aria-invalid") == "true"
    assert one(page, "//input[@id='f-birth_date-year']").get("value") == "2018"
    removed = resident.post(form, [*partial.items(), ("certificate-keep", attachment_id),
                                   ("remove", attachment_id)])  # fmt: skip
    assert removed.status_code == 200
    assert not html(removed).xpath("//input[@name='certificate-keep']")

    # a file that only claims to be a PDF is refused
    fake = resident.post(
        form, ANSWERS, files={"certificate": ("x.pdf", b"<html>", "application/pdf")}
    )
    assert fake.status_code == 422
    assert "PDF" in one(html(fake), "//p[@id='f-certificate-error']").text_content()

    # valid → 確認
    sent = resident.post(
        form, ANSWERS, files={"certificate": ("就労証明書.pdf", PDF, "application/pdf")}
    )
    assert sent.status_code == 303, sent.text
    confirm = html(client.get(sent.headers["location"]))
    rows = {
        dt.text_content(): dt.getnext().text_content()
        for dt in confirm.xpath("//dl[contains(@class,'mf-answers')]//dt")
    }
    assert rows["児童の氏名"] == "山田 花子"
    assert rows["児童の生年月日"] == "2018年4月27日（平成30年）"
    assert rows["学年"] == "2年生"
    assert rows["就労証明書"] == "就労証明書.pdf"
    assert rows["連絡事項"] == "未入力"
    change = confirm.xpath("//dd[@class='mf-answers__action']/a")[0]
    assert change.get("href").startswith(form + "#")
    assert change.xpath("span[@class='dads-u-visually-hidden']")
    assert one(confirm, "//button[@id='send-button']").text_content() == "この内容で申請する"

    # 完了, and a second press of the button changes nothing
    done = resident.post(f"{form}/confirm")
    assert done.status_code == 303
    again = resident.post(f"{form}/confirm", page="/status")
    assert again.status_code == 303
    assert again.headers["location"] == done.headers["location"]
    finished = html(client.get(done.headers["location"]))
    receipt = one(finished, "//dd[@id='receipt-number']").text_content()
    secret = one(finished, "//dd[@id='access-password']").text_content()
    assert receipt.startswith("R")
    assert secret
    assert finished.xpath("//a[@id='status-link']")
    data = api.instance(case_id)["data"]
    assert data["child_name"] == "山田 花子"
    assert data["birth_date"] == "2018-04-27"
    assert data["needs_care"] is True
    assert len(data["certificate"]) == 32
    review = api.ready(case_id, "Review")

    # 申請状況の確認 from another browser: the receipt number and secret open it
    other = Resident(TestClient(client.app))
    assert other.client.get(f"/status/cases/{case_id}").status_code == 404
    looked = other.post("/status", {"receipt_number": receipt, "password": secret})
    assert looked.status_code == 303
    status_page = html(other.client.get(looked.headers["location"]))
    assert one(status_page, "//*[@id='case-status']").text_content() == "受付済み"
    history = [li.text_content() for li in status_page.xpath("//ol[@id='history']/li")]
    assert any("申請内容の入力" in line for line in history)

    # 補正: staff ask for a new certificate
    asked = api.complete(review["id"], {
        "review_result": "fix", "correction_reason": "就労証明書の日付が古いです。",
        "correction_due": "2026-05-01",
    })  # fmt: skip
    assert asked.status_code == 200, asked.text
    status_page = html(other.client.get(f"/status/cases/{case_id}"))
    assert one(status_page, "//*[@id='case-status']").text_content() == "補正のお願い"
    assert (
        one(status_page, "//p[@id='correction-reason']").text_content()
        == "就労証明書の日付が古いです。"
    )
    assert "2026年5月1日" in one(status_page, "//p[@id='correction-due']").text_content()
    fix_link = one(status_page, "//ul[@id='next-tasks']//a").get("href")
    fix_form = html(other.client.get(fix_link))
    assert one(fix_form, "//div[@id='correction-banner']") is not None

    # 一時保存, then resume from the status page
    saved = other.post(fix_link, {"note": "新しい証明書を付けます。", "action": "save"})
    assert saved.status_code == 303
    assert saved.headers["location"] == f"/status/cases/{case_id}?saved=1"
    status_page = html(other.client.get(saved.headers["location"]))
    assert one(status_page, "//div[@id='notice']") is not None
    resume = one(status_page, "//ul[@id='next-tasks']//a")
    assert "入力を再開する" in resume.text_content()
    again_form = html(other.client.get(resume.get("href")))
    assert (
        one(again_form, "//textarea[@name='note'] | //input[@name='note']").get(
            "value", one(again_form, "//*[@name='note']").text_content()
        )
        == "新しい証明書を付けます。"
    )

    # the correction goes 入力 → 確認 → 完了 under the same receipt number
    answered = other.post(fix_link, {"note": "新しい証明書を付けます。"},
                          files={"certificate": ("new.png", PNG, "image/png")})  # fmt: skip
    assert answered.status_code == 303, answered.text
    sent_fix = other.post(f"{fix_link}/confirm")
    assert sent_fix.status_code == 303
    done_fix = html(other.client.get(sent_fix.headers["location"]))
    assert one(done_fix, "//dd[@id='receipt-number']").text_content() == receipt
    status_page = html(other.client.get(f"/status/cases/{case_id}"))
    assert one(status_page, "//*[@id='case-status']").text_content() == "審査中"
    assert not status_page.xpath("//div[@id='correction-banner']")

    # the files can be read back by this resident, as downloads
    links = status_page.xpath("//ul[@id='case-files']//a")
    assert len(links) == 2
    download = other.client.get(links[-1].get("href"))
    assert download.status_code == 200
    assert download.content == PNG
    assert download.headers["content-disposition"].startswith("attachment;")
    assert download.headers["x-content-type-options"] == "nosniff"

    # 取下げ through its own confirmation page
    withdraw_page = html(other.client.get(f"/status/cases/{case_id}/withdraw"))
    assert (
        one(withdraw_page, "//button[@id='withdraw-button']").text_content() == "申請を取り下げる"
    )
    assert one(withdraw_page, "//a[@id='keep-button']").text_content() == "取り下げずに戻る"
    withdrawn = other.post(
        f"/status/cases/{case_id}/withdraw", page=f"/status/cases/{case_id}/withdraw"
    )
    assert withdrawn.status_code == 303
    status_page = html(other.client.get(withdrawn.headers["location"]))
    assert one(status_page, "//*[@id='case-status']").text_content() == "取下げ済み"
    assert not status_page.xpath("//a[@id='withdraw-link']")
    assert api.instance(case_id)["status"] == "withdrawn"


def test_an_approved_case_shows_its_result(api: Api, resident: Resident) -> None:
    case_id, _ = apply(resident)
    # Staff complete the review as the staff page does without a correction: no answers.
    assert api.complete(api.ready(case_id, "Review")["id"], {}).status_code == 200
    assert api.complete(api.ready(case_id, "Approve")["id"], {}).status_code == 200
    page = html(resident.client.get(f"/status/cases/{case_id}"))
    assert one(page, "//*[@id='case-status']").text_content() == "完了"
    assert one(page, "//p[@id='case-result']").text_content() == DECISION
    assert not page.xpath("//a[@id='withdraw-link']")


def test_english_pages(resident: Resident) -> None:
    resident.client.cookies.set("lang", "en")
    page = html(resident.client.get("/"))
    assert page.get("lang") == "en"
    assert one(page, "//h1").text_content() == "Procedures you can apply for online"
    switch = one(page, "//a[@id='language-switch']")
    assert switch.get("lang") == "ja"
    back: httpx.Response = resident.client.get(switch.get("href"), follow_redirects=False)
    assert back.status_code == 303
    assert "lang=ja" in back.headers["set-cookie"]
