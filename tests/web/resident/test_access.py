"""A resident reaches only their own case: not another case, not with a wrong secret or a
tampered cookie, not another case's file or task; forms without a CSRF value are refused;
look-ups answer one message for every wrong input and slow down repeated failures."""

from __future__ import annotations

from fastapi.testclient import TestClient

from api.web.resident import access
from tests.api.conftest import Api
from tests.web.resident.conftest import PDF, Resident, html, one
from tests.web.resident.model import KEY
from tests.web.resident.test_journey import ANSWERS, apply


def lookup(resident: Resident, receipt: str, secret: str) -> int:
    return resident.post("/status", {"receipt_number": receipt, "password": secret}).status_code


def receipt_and_secret(resident: Resident, case_id: str) -> tuple[str, str]:
    page = html(resident.client.get(f"/cases/{case_id}/done"))
    return (
        one(page, "//dd[@id='receipt-number']").text_content(),
        one(page, "//dd[@id='access-password']").text_content(),
    )


def test_another_residents_case_task_and_files_are_not_there(resident: Resident) -> None:
    mine, my_form = apply(resident)
    other = Resident(TestClient(resident.client.app))
    theirs, their_form = apply(other)
    their_file = (
        html(other.client.get(f"/status/cases/{theirs}"))
        .xpath("//ul[@id='case-files']//a/@href")[0]
        .rsplit("/", 1)[-1]
    )
    their_task = their_form.rsplit("/", 1)[-1]
    refused = [
        f"/status/cases/{theirs}",
        f"/cases/{theirs}/done",
        f"/cases/{theirs}/attachments/{their_file}",
        f"/cases/{mine}/attachments/{their_file}",  # their file under my case
        f"/cases/{mine}/tasks/{their_task}",  # their task under my case
        f"/cases/{theirs}/tasks/{their_task}",
        f"/status/cases/{theirs}/withdraw",
    ]
    for path in refused:
        response = resident.client.get(path)
        assert response.status_code == 404, path
        assert html(response).get("lang") == "ja"
    withdraw = resident.post(f"/status/cases/{theirs}/withdraw", page="/status")
    assert withdraw.status_code == 404
    assert resident.client.get(f"/status/cases/{mine}").status_code == 200
    assert my_form


def test_a_tampered_or_missing_cookie_opens_nothing(resident: Resident) -> None:
    case_id, _ = apply(resident)
    cookie = resident.client.cookies.get(access.CASES_COOKIE)
    assert cookie
    resident.client.cookies.set(
        access.CASES_COOKIE, cookie[:-2] + ("A" if cookie[-2] != "A" else "B") + cookie[-1]
    )
    assert resident.client.get(f"/status/cases/{case_id}").status_code == 404
    resident.client.cookies.delete(access.CASES_COOKIE)
    assert resident.client.get(f"/status/cases/{case_id}").status_code == 404


def test_the_cookies_are_http_only_and_same_site(resident: Resident) -> None:
    response = resident.post(f"/procedures/{KEY}/start", page=f"/procedures/{KEY}")
    cookies = response.headers.get_list("set-cookie")
    ours = [c for c in cookies if c.startswith(access.CASES_COOKIE)]
    assert ours
    assert "HttpOnly" in ours[0]
    assert "samesite=lax" in ours[0].lower()
    page = resident.client.get(f"/procedures/{KEY}")
    assert page.headers["content-security-policy"].startswith("default-src 'none'")


def test_forms_without_the_csrf_value_are_refused(api: Api, resident: Resident) -> None:
    client = resident.client
    refused = client.post(f"/procedures/{KEY}/start", follow_redirects=False)
    assert refused.status_code == 403
    assert not api.client.get("/api/instances", headers=api.admin).json()
    case_id, form = apply(resident)
    for path in (form, f"{form}/confirm", "/status", f"/status/cases/{case_id}/withdraw"):
        response = client.post(path, data={"csrf": "forged"}, follow_redirects=False)
        assert response.status_code == 403, path
    assert api.instance(case_id)["status"] == "running"


def test_a_wrong_receipt_number_or_secret_gets_one_message(resident: Resident) -> None:
    case_id, _ = apply(resident)
    receipt, secret = receipt_and_secret(resident, case_id)
    stranger = Resident(TestClient(resident.client.app))
    wrong_secret = stranger.post("/status", {"receipt_number": receipt, "password": secret + "x"})
    wrong_number = stranger.post("/status", {"receipt_number": "R2000-999999", "password": secret})
    assert wrong_secret.status_code == wrong_number.status_code == 400
    texts = [
        one(html(r), "//p[@id='lookup-error']").text_content() for r in (wrong_secret, wrong_number)
    ]
    assert texts[0] == texts[1]
    page = html(wrong_secret)
    assert page.findtext(".//title").startswith("エラー：")
    assert one(page, "//input[@id='password']").get("value") == ""  # the secret is never echoed
    assert secret not in wrong_secret.text
    # typed with full-width letters and spaces, the number still counts
    assert lookup(stranger, " ｒ" + receipt[1:] + " ", secret) == 303


def test_repeated_failures_for_a_receipt_number_are_slowed(resident: Resident) -> None:
    case_id, _ = apply(resident)
    receipt, secret = receipt_and_secret(resident, case_id)
    stranger = Resident(TestClient(resident.client.app))
    for _ in range(5):
        assert lookup(stranger, receipt, "guess") == 400
    assert lookup(stranger, receipt, secret) == 429  # even the right one, for a while
    assert lookup(stranger, "R2000-999998", "guess") == 400  # other numbers are not held up


def test_the_secret_never_travels_in_an_address(resident: Resident) -> None:
    case_id, form = apply(resident)
    _, secret = receipt_and_secret(resident, case_id)
    page = html(resident.client.get(f"/status/cases/{case_id}"))
    for href in page.xpath("//a/@href | //form/@action"):
        assert secret not in href
    assert secret not in form


def test_a_task_in_a_staff_lane_is_not_a_resident_form(api: Api, resident: Resident) -> None:
    case_id, _ = apply(resident)
    review = api.ready(case_id, "Review")
    assert resident.client.get(f"/cases/{case_id}/tasks/{review['id']}").status_code == 404
    sent = resident.post(f"/cases/{case_id}/tasks/{review['id']}", ANSWERS, page="/status",
                         files={"certificate": ("a.pdf", PDF, "application/pdf")})  # fmt: skip
    assert sent.status_code == 404
    assert api.ready(case_id, "Review")["id"] == review["id"]
