"""Staff pages: sign-in with CSRF and a signed session cookie, the list of procedures, the
KPI table and diagrams of one procedure, its diff report, errors and languages. Pages are
parsed with lxml and checked by structure (JIS X 8341-3 / WCAG basics), not by whole text."""

from __future__ import annotations

import ast
import re
from collections import Counter
from pathlib import Path

import httpx
import lxml.html
import pytest
from fastapi.testclient import TestClient
from lxml.html import HtmlElement

from api.app import create_app
from api.routes import compare as compare_route
from api.settings import Settings
from api.web import pages, sessions
from api.web.rendering import TEMPLATES
from api.web.texts import catalogue
from engine.analysis.kpi import KPI_KEYS
from engine.store import UserRepository
from tests.web.conftest import Staff, parse
from tests.web.procedure import PROCEDURE

PAGES = ("/staff/procedures", f"/staff/procedures/{PROCEDURE}")


def assert_accessible_basics(page: HtmlElement, lang: str = "ja") -> None:
    """What every page must have, whatever it shows."""
    assert page.get("lang") == lang
    assert page.findtext(".//title", "").strip()
    assert len(page.findall(".//h1")) == 1
    mains = page.findall(".//main")
    assert len(mains) == 1
    skip = page.xpath("//body/a[1]")[0]
    assert skip.get("href") == "#" + mains[0].get("id")
    ids = Counter(page.xpath("//@id"))
    assert not [i for i, n in ids.items() if n > 1], ids
    for control in page.xpath("//input[not(@type='hidden')] | //select | //textarea"):
        labels = page.xpath(f"//label[@for='{control.get('id')}']")
        assert len(labels) == 1, lxml.html.tostring(control)
    for form in page.findall(".//form"):
        assert form.get("novalidate") is not None
        assert form.get("method") == "post"
        assert form.xpath(".//input[@type='hidden'][@name='csrf']/@value")
    assert not page.xpath("//*[@required]")
    for table in page.findall(".//table"):
        assert table.find("caption") is not None
        assert all(th.get("scope") in {"col", "row"} for th in table.iter("th"))
    assert not page.xpath("//script")


def cookie_headers(response: httpx.Response, name: str) -> list[str]:
    return [c for c in response.headers.get_list("set-cookie") if c.startswith(f"{name}=")]


# --- signing in -----------------------------------------------------------------------------


def test_pages_redirect_to_sign_in_without_a_session(staff: Staff) -> None:
    staff.deploy("as-is", "to-be")
    home = staff.client.get("/staff", follow_redirects=False)
    assert (home.status_code, home.headers["location"]) == (303, "/staff/inbox")
    for path in (*PAGES, f"/staff/procedures/{PROCEDURE}/report"):
        response = staff.client.get(path, follow_redirects=False)
        assert response.status_code == 303, path
        assert response.headers["location"] == f"/staff/sign-in?next={path}"


def test_sign_in_form(staff: Staff) -> None:
    response = staff.client.get("/staff/sign-in?next=/staff/procedures/gakudo")
    assert response.status_code == 200
    page = parse(response)
    assert_accessible_basics(page)
    assert page.xpath("//h1")[0].text_content().strip() == catalogue("ja")["sign-in.title"]
    token = page.get_element_by_id("token")
    assert token.get("type") == "password"
    assert token.get("aria-invalid") is None
    assert page.xpath("//input[@name='next']/@value") == ["/staff/procedures/gakudo"]
    label = page.xpath("//label[@for='token']")[0].text_content()
    assert "※必須" in label
    (csrf,) = cookie_headers(response, sessions.CSRF_COOKIE)
    assert "HttpOnly" in csrf
    assert "SameSite=lax" in csrf
    assert "Path=/staff" in csrf


def test_sign_in_without_the_csrf_field_is_refused(staff: Staff) -> None:
    staff.csrf()  # the browser has the cookie, the form is forged
    forged = staff.client.post(
        "/staff/sign-in", data={"token": staff.token}, follow_redirects=False
    )
    assert forged.status_code == 403
    assert not cookie_headers(forged, sessions.SESSION_COOKIE)
    page = parse(forged)
    assert_accessible_basics(page)
    assert page.findtext(".//title").startswith("エラー：")


def test_sign_in_with_a_csrf_field_of_another_browser_is_refused(
    staff: Staff, settings: Settings
) -> None:
    field = staff.csrf()
    with TestClient(create_app(settings)) as other:  # its own CSRF cookie
        other.get("/staff/sign-in")
        response = other.post(
            "/staff/sign-in", data={"token": staff.token, "csrf": field}, follow_redirects=False
        )
    assert response.status_code == 403
    assert not cookie_headers(response, sessions.SESSION_COOKIE)
    tampered = staff.client.post(
        "/staff/sign-in",
        data={"token": staff.token, "csrf": field[:-2] + "xx"},
        follow_redirects=False,
    )
    assert tampered.status_code == 403


def test_a_wrong_token_is_shown_next_to_the_field(staff: Staff) -> None:
    response = staff.sign_in("not-the-token")
    assert response.status_code == 400
    assert not cookie_headers(response, sessions.SESSION_COOKIE)
    page = parse(response)
    assert_accessible_basics(page)
    assert page.findtext(".//title").startswith("エラー：")
    token = page.get_element_by_id("token")
    assert token.get("aria-invalid") == "true"
    described = token.get("aria-describedby").split()
    assert described[0] == "token-error"
    error = page.get_element_by_id("token-error").text_content().strip()
    assert error == catalogue("ja")["sign-in.error.wrong"]
    assert error.startswith("＊")
    assert all(page.get_element_by_id(i) is not None for i in described)
    # The summary at the top repeats it and leads to the field.
    (link,) = page.xpath("//a[@href='#token']")
    assert link.text_content().strip() == error
    assert page.xpath("//a[@href='#token']/ancestor::*[@data-type='error']")


def test_an_empty_token_asks_for_one(staff: Staff) -> None:
    response = staff.sign_in("   ")
    assert response.status_code == 400
    error = parse(response).get_element_by_id("token-error").text_content().strip()
    assert error == catalogue("ja")["sign-in.error.empty"]


def test_the_right_token_sets_a_signed_session_cookie(staff: Staff) -> None:
    response = staff.sign_in(after="/staff/procedures/gakudo")
    assert response.status_code == 303
    assert response.headers["location"] == "/staff/procedures/gakudo"
    (session,) = cookie_headers(response, sessions.SESSION_COOKIE)
    assert "HttpOnly" in session
    assert "SameSite=lax" in session
    assert "Path=/staff" in session
    assert "Secure" not in session  # plain http here; see the https test
    assert staff.token not in session  # the cookie holds the token's hash, signed
    assert staff.client.get("/staff/procedures").status_code == 200


def test_cookies_are_secure_over_https(settings: Settings) -> None:
    with TestClient(create_app(settings), base_url="https://testserver") as client:
        browser = Staff(client)
        response = browser.sign_in()
        assert response.status_code == 303
        (session,) = cookie_headers(response, sessions.SESSION_COOKIE)
        assert "Secure" in session
        assert "HttpOnly" in session


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/", "/api/processes", "/staff\\..\\x"]
)
def test_sign_in_never_redirects_off_the_staff_pages(staff: Staff, target: str) -> None:
    response = staff.sign_in(after=target)
    assert response.headers["location"] == "/staff/inbox"


def test_a_forged_or_stale_session_cookie_signs_nobody_in(staff: Staff) -> None:
    staff.sign_in()
    signed = staff.client.cookies.get(sessions.SESSION_COOKIE)
    assert signed
    staff.client.cookies.set(sessions.SESSION_COOKIE, signed[:-3] + "abc", path="/staff")
    response = staff.client.get("/staff/procedures", follow_redirects=False)
    assert response.status_code == 303
    # A session ends when the user's token is replaced.
    staff.client.cookies.clear()
    staff.sign_in()
    with staff.api.db.transaction() as session:
        UserRepository(session).set_token("kato", "0" * 64)
    response = staff.client.get("/staff/procedures", follow_redirects=False)
    assert response.status_code == 303


def test_sign_out(signed_in: Staff) -> None:
    field = signed_in.csrf("/staff/procedures")
    forged = signed_in.client.post("/staff/sign-out", follow_redirects=False)
    assert forged.status_code == 403
    assert signed_in.client.get("/staff/procedures").status_code == 200
    response = signed_in.client.post(
        "/staff/sign-out", data={"csrf": field}, follow_redirects=False
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/staff/sign-in?signed_out=1"
    (cleared,) = cookie_headers(response, sessions.SESSION_COOKIE)
    assert "Max-Age=0" in cleared
    assert signed_in.client.get("/staff/procedures", follow_redirects=False).status_code == 303
    notice = parse(signed_in.client.get("/staff/sign-in?signed_out=1"))
    assert notice.xpath("//*[@role='status']")


# --- the pages --------------------------------------------------------------------------------


def test_procedures_table(signed_in: Staff) -> None:
    response = signed_in.client.get("/staff/procedures")
    assert response.status_code == 200
    page = parse(response)
    assert_accessible_basics(page)
    (table,) = page.xpath("//table")
    assert table.find("caption").text_content().strip()
    assert [th.get("scope") for th in table.xpath("thead//th")] == ["col"] * 4
    (row,) = table.xpath("tbody/tr")
    name = row.xpath("th[@scope='row']")[0]
    assert name.xpath(".//a/@href") == [f"/staff/procedures/{PROCEDURE}"]
    assert name.xpath(".//a")[0].text_content() == "学童クラブ入所申請"
    assert "子ども・子育て支援" in row.text_content()
    variants = [li.text_content().split() for li in row.xpath(".//ul[@class='mf-variants']/li")]
    assert [v[0] for v in variants] == [
        "As-Is（現状）",
        "Can-Be（できる姿）",
        "To-Be（あるべき姿）",
    ]
    assert all(re.search(r"第1版・\d{4}年\d{1,2}月\d{1,2}日", " ".join(v)) for v in variants)
    assert f"/staff/procedures/{PROCEDURE}/report" in row.xpath(".//a/@href")
    assert page.xpath("//form[@action='/staff/sign-out']")


def test_procedure_page_kpi_table_and_diagrams(signed_in: Staff) -> None:
    response = signed_in.client.get(f"/staff/procedures/{PROCEDURE}")
    assert response.status_code == 200
    page = parse(response)
    assert_accessible_basics(page)
    assert page.xpath("//h1")[0].text_content().strip() == "学童クラブ入所申請"
    table = page.xpath("//table[contains(@class, 'mf-kpi-table')]")[0]
    heads = [th.text_content().strip() for th in table.xpath("thead/tr/th")]
    assert heads == ["指標", "As-Is", "Can-Be", "To-Be", "差（As-Is → To-Be）"]
    rows = table.xpath("tbody/tr")
    assert [r.get("data-kpi") for r in rows] == list(KPI_KEYS)
    for row in rows:
        assert len(row.xpath("th[@scope='row']")) == 1
        assert len(row.xpath("td")) == 4  # a column per variant, then the change
    visits = table.xpath("tbody/tr[@data-kpi='resident_visits']/td")
    assert [td.text_content().strip() for td in visits] == ["2", "0", "0", "−2 改善"]
    summary = page.xpath("//*[contains(@class, 'mf-summary')]")[0].text_content()
    assert "来庁回数 2 → 0 → 0" in summary
    assert "bpr:channel" in " ".join(page.xpath("//p[@class='mf-note']/text()"))
    svgs = page.xpath("//section[@aria-labelledby='diagrams']//svg")
    assert len(svgs) == 3
    for svg, variant in zip(svgs, ("As-Is（現状）", "Can-Be（できる姿）", "To-Be（あるべき姿）"),
                            strict=True):  # fmt: skip
        assert svg.get("role") == "img"
        assert svg.get("aria-label").startswith(variant)
        assert svg.xpath(".//*[@data-element-id]")
    assert page.xpath(f"//a[@href='/staff/procedures/{PROCEDURE}/report']")


def test_a_procedure_with_one_variant_has_no_report_link(staff: Staff) -> None:
    staff.deploy("to-be")
    staff.sign_in()
    page = parse(staff.client.get(f"/staff/procedures/{PROCEDURE}"))
    assert_accessible_basics(page)
    heads = page.xpath("//table[contains(@class, 'mf-kpi-table')]/thead/tr/th")
    assert [th.text_content().strip() for th in heads] == ["指標", "To-Be"]
    assert len(page.xpath("//svg")) == 1
    assert not page.xpath("//a[contains(@href, '/report')]")
    report = staff.client.get(f"/staff/procedures/{PROCEDURE}/report")
    assert report.status_code == 422
    assert "compare.too-few" in parse(report).text_content()


def test_report_page_is_the_diff_report(signed_in: Staff) -> None:
    response = signed_in.client.get(f"/staff/procedures/{PROCEDURE}/report")
    assert response.status_code == 200
    page = parse(response)
    assert page.get("lang") == "ja"
    assert len(page.xpath("//figure//svg")) == 3
    assert response.headers["cache-control"] == "no-store"


def test_errors_are_pages_in_japanese(signed_in: Staff) -> None:
    response = signed_in.client.get("/staff/procedures/no-such-procedure")
    assert response.status_code == 404
    page = parse(response)
    assert_accessible_basics(page)
    text = page.text_content()
    assert "手続き no-such-procedure は登録されていません。" in text
    assert "compare.unknown-procedure" in text
    assert "Traceback" not in text
    other = signed_in.client.get("/staff/nowhere")
    assert other.status_code == 404
    assert_accessible_basics(parse(other))


def test_an_unexpected_failure_is_an_error_page_without_a_traceback(
    signed_in: Staff, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_: object) -> object:
        raise RuntimeError("secret detail")

    monkeypatch.setattr(pages, "procedures", broken)
    signed_in.client.event_hooks = {"request": [], "response": []}  # a 5xx is the point here
    response = signed_in.client.get("/staff/procedures")
    assert response.status_code == 500
    page = parse(response)
    assert_accessible_basics(page)
    text = page.text_content()
    assert "サーバー内部でエラーが起きました" in text
    assert "secret detail" not in text
    assert "Traceback" not in text


def test_security_headers(signed_in: Staff) -> None:
    response = signed_in.client.get("/staff/procedures")
    assert "default-src 'none'" in response.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["cache-control"] == "no-store"


def test_stylesheet_is_served_and_self_contained(client: TestClient) -> None:
    response = client.get("/static/machiflow.css")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/css")
    assert "url(" not in response.text  # no fonts or images from anywhere
    assert "@import" not in response.text
    assert ":focus-visible" in response.text
    assert "48rem" in response.text


# --- languages --------------------------------------------------------------------------------


@pytest.mark.parametrize("path", PAGES)
def test_english_by_cookie_or_accept_language(signed_in: Staff, path: str) -> None:
    english = signed_in.client.get(path, headers={"Accept-Language": "en-US,en;q=0.9"})
    page = parse(english)
    assert_accessible_basics(page, lang="en")
    # The page's own words are English; names from the models stay as they are.
    words = "".join(page.xpath("//table//thead//text() | //caption//text() | //header//text()"))
    assert not re.search(r"[\u3040-\u30ff]", words), words
    switched = signed_in.client.get(f"/staff/language/en?next={path}", follow_redirects=False)
    assert switched.status_code == 303
    assert switched.headers["location"] == path
    assert parse(signed_in.client.get(path)).get("lang") == "en"
    signed_in.client.get(f"/staff/language/ja?next={path}")
    assert parse(signed_in.client.get(path)).get("lang") == "ja"


def test_sign_in_page_in_english(staff: Staff) -> None:
    staff.client.cookies.set("lang", "en")
    page = parse(staff.client.get("/staff/sign-in"))
    assert page.get("lang") == "en"
    assert page.xpath("//h1")[0].text_content().strip() == catalogue("en")["sign-in.title"]
    switch = page.xpath("//a[@hreflang='ja']")[0]
    assert switch.get("lang") == "ja"


# --- wording --------------------------------------------------------------------------------


def _literals(source: str) -> list[str]:
    """The string constants of a module, without its docstrings (examples may be Japanese)."""
    tree = ast.parse(source)
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
    }
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
        and id(node) not in docstrings
    ]  # fmt: skip


def test_templates_and_page_code_hold_no_japanese_of_their_own() -> None:
    japanese = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
    for template in Path(TEMPLATES).glob("*.html"):
        assert not japanese.search(template.read_text()), template
    modules = [*Path(pages.__file__).parent.glob("*.py"), Path(compare_route.__file__)]
    for module in modules:
        found = [s for s in _literals(module.read_text()) if japanese.search(s)]
        assert not found, (module, found)
