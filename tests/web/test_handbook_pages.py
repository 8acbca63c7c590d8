"""The handbook on the server: every page renders in its language with one h1 and working
links, diagrams are served as images, and nothing outside handbook/ can be read."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Final

import pytest
from fastapi.testclient import TestClient
from lxml import html as lxml_html

from api.settings import Settings
from api.web import handbook as handbook_pages
from api.web.handbook import address
from engine import handbook
from tests.api.conftest import app_client
from tests.conftest import ROOT
from tests.web.conftest import Staff
from tests.web.procedure import model

PAGES = sorted(
    p.relative_to(ROOT / "handbook").with_suffix("").as_posix()
    for p in (ROOT / "handbook").glob("*/**/*.md")
)
# The pages this area writes: every link in them must lead to a page (the reference and
# the KPI page are checked by their own generators and authors).
LINKS_CHECKED: Final = ("index", "bpr-cycle", "modelling", "glossary", "procedures/index")


@pytest.fixture
def pages(tmp_path: Path) -> Iterator[TestClient]:
    """The server on a throwaway SQLite file (the handbook needs no database rows)."""
    settings = Settings(db_url=f"sqlite:///{tmp_path / 'db.sqlite'}", processes_dir=None,
                        run_timers=False)  # fmt: skip
    with app_client(settings) as client:
        yield client


def parse(text: str) -> lxml_html.HtmlElement:
    return lxml_html.fromstring(text)


def address_of(path: str) -> str:
    section, _, rest = path.partition("/")
    return f"/handbook/{section}" if rest == "index" else f"/handbook/{path}"


@pytest.mark.parametrize("path", PAGES)
def test_every_page_renders_with_one_h1_its_language_and_working_links(
    pages: TestClient, path: str
) -> None:
    response = pages.get(address_of(path))
    assert response.status_code == 200, response.text
    doc = parse(response.text)
    section = path.split("/", maxsplit=1)[0]
    assert doc.get("lang") == ("en" if section == "decisions" else section)
    assert len(doc.findall(".//h1")) == 1
    assert doc.findtext(".//title", "").startswith(doc.findall(".//h1")[0].text_content())
    for th in doc.iter("th"):
        assert th.get("scope") in {"col", "row"}
    for table in doc.iter("table"):
        assert table.getparent().get("class") == "dads-table-wrapper"
        assert table.getparent().get("aria-label")
        for row in table.iterfind("tbody/tr"):
            assert row[0].tag == "th"
            assert row[0].get("scope") == "row"
    assert "&lt;a id=" not in response.text
    name = path.split("/", maxsplit=1)[-1]
    if name in LINKS_CHECKED or name.startswith("procedures/"):
        _links_work(pages, path, doc)


def _links_work(pages: TestClient, path: str, doc: lxml_html.HtmlElement) -> None:
    for href in {a.get("href") for a in doc.iter("a")}:
        if href and href.startswith("/handbook"):
            target = pages.get(href.split("#")[0])
            assert target.status_code == 200, f"{path}: {href} is broken"


def test_the_index_is_japanese_unless_the_reader_chose_english(pages: TestClient) -> None:
    ja = parse(pages.get("/handbook").text)
    assert ja.get("lang") == "ja"
    assert "/handbook/ja/bpr-cycle" in {a.get("href") for a in ja.iter("a")}
    en = parse(pages.get("/handbook", headers={"Accept-Language": "en-GB,en"}).text)
    assert en.get("lang") == "en"
    assert "/handbook/en/bpr-cycle" in {a.get("href") for a in en.iter("a")}
    pages.cookies.set("lang", "en")
    assert parse(pages.get("/handbook").text).get("lang") == "en"


def test_the_language_switch_leads_to_the_same_page(pages: TestClient) -> None:
    doc = parse(pages.get("/handbook/ja/kpi").text)
    switch = [a for a in doc.iter("a") if a.get("hreflang") == "en"]
    assert switch
    assert {a.get("href") for a in switch} == {"/handbook/en/kpi"}


def test_a_folder_shows_its_index(pages: TestClient) -> None:
    doc = parse(pages.get("/handbook/ja/procedures").text)
    index = parse(pages.get("/handbook/ja/procedures/index").text)
    assert doc.findtext(".//h1") == index.findtext(".//h1")

    def links(page: lxml_html.HtmlElement) -> set[str | None]:
        return {a.get("href") for a in page.iter("a") if a.get("hreflang") is None}

    assert links(doc) == links(index)
    assert {a.get("href") for a in doc.iter("a") if a.get("hreflang") == "en"} == {
        "/handbook/en/procedures"
    }


def test_rule_anchors_become_heading_ids(pages: TestClient) -> None:
    doc = parse(pages.get("/handbook/ja/reference/rules").text)
    ids = {h.get("id") for h in doc.iter("h3")}
    assert "model.xml-syntax" in ids
    assert "#model.xml-syntax" in {a.get("href") for a in doc.iter("a")}


@pytest.fixture
def generated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A handbook folder with one generated procedure page, served instead of ours."""
    folder = tmp_path / "processes" / "gakudo"
    folder.mkdir(parents=True)
    for variant in ("as-is", "to-be"):
        (folder / f"{variant}.bpmn").write_bytes(model(variant))
    book = tmp_path / "handbook"
    handbook.write(book, handbook.generate(tmp_path / "processes"))
    (book / "ja" / "unsafe.md").write_text(
        "# 危険\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1)) <img src=x>\n",
        encoding="utf-8",
    )
    (tmp_path / "secret.svg").write_text("<svg/>", encoding="utf-8")
    (book / "ja" / "link.svg").symlink_to(tmp_path / "secret.svg")
    (book / "ja" / ".hidden.md").write_text("# hidden\n", encoding="utf-8")
    monkeypatch.setattr(handbook_pages, "HANDBOOK", book)
    return book


def test_a_procedure_page_shows_its_diagrams(pages: TestClient, generated: Path) -> None:
    doc = parse(pages.get("/handbook/ja/procedures/gakudo").text)
    images = [img.get("src") for img in doc.iter("img")]
    assert images == [
        "/handbook/ja/procedures/gakudo.as-is.svg",
        "/handbook/ja/procedures/gakudo.to-be.svg",
    ]
    assert all(img.get("alt") for img in doc.iter("img"))
    for src in images:
        response = pages.get(src)
        assert response.status_code == 200
        assert response.headers["content-type"] == "image/svg+xml"
        assert response.headers["x-content-type-options"] == "nosniff"
        assert "default-src 'none'" in response.headers["content-security-policy"]
        name = src.rsplit("/", 1)[1]
        assert response.content == (generated / "ja" / "procedures" / name).read_bytes()


def test_raw_html_and_script_links_stay_text(pages: TestClient, generated: Path) -> None:
    del generated
    response = pages.get("/handbook/ja/unsafe")
    doc = parse(response.text)
    assert not list(doc.iter("script"))
    assert not list(doc.iter("img"))
    assert not [a for a in doc.iter("a") if "javascript" in (a.get("href") or "")]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text


@pytest.mark.parametrize(
    "path",
    [
        "/handbook/ja/..%2F..%2Fpyproject.toml",
        "/handbook/ja/%2e%2e/%2e%2e/README",
        "/handbook/ja/..%2Fsecret.svg",
        "/handbook/ja/link.svg",  # a link out of the handbook folder
        "/handbook/ja/.hidden",
        "/handbook/ja/procedures/missing",
        "/handbook/ja/procedures/gakudo.bpmn",
        "/handbook/etc/passwd",
        "/handbook/ja/procedures%5Cgakudo",
    ],
)
def test_nothing_outside_the_handbook_is_served(
    pages: TestClient, generated: Path, path: str
) -> None:
    del generated
    response = pages.get(path)
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "<svg" not in response.text


@pytest.mark.parametrize(
    ("target", "here", "expected"),
    [
        ("kpi.md", "ja", "/handbook/ja/kpi"),
        ("../kpi.md#lead", "ja/procedures", "/handbook/ja/kpi#lead"),
        ("../README.md", "ja", "/handbook"),
        ("index.md", "en", "/handbook/en"),
        ("../../decisions/0001-x.md", "ja/reference", "/handbook/decisions/0001-x"),
        ("gakudo.as-is.svg", "ja/procedures", "/handbook/ja/procedures/gakudo.as-is.svg"),
        ("https://example.org/a.md", "ja", "https://example.org/a.md"),
        ("#code", "ja/reference", "#code"),
    ],
)
def test_links_between_pages_become_addresses(target: str, here: str, expected: str) -> None:
    assert address(target, here) == expected


def test_signed_in_staff_find_the_handbook_in_the_header(signed_in: Staff) -> None:
    doc = parse(signed_in.client.get("/staff/procedures").text)
    header = doc.find(".//header")
    assert header is not None
    assert "/handbook" in {a.get("href") for a in header.iter("a")}
    assert re.search(r"ハンドブック", header.text_content())


def test_the_handbook_needs_no_sign_in(pages: TestClient) -> None:
    response = pages.get("/handbook/ja/glossary", follow_redirects=False)
    assert response.status_code == 200
    header = parse(response.text).find(".//header")
    assert header is not None
    assert "/staff/inbox" not in {a.get("href") for a in header.iter("a")}


@pytest.mark.parametrize("name", [n for n in LINKS_CHECKED if n != "procedures/index"])
def test_the_english_page_is_as_complete_as_the_japanese(pages: TestClient, name: str) -> None:
    def shape(lang: str) -> dict[str, int]:
        doc = parse(pages.get(address_of(f"{lang}/{name}")).text)
        article = doc.find(".//article")
        assert article is not None
        return {
            tag: len(list(article.iter(tag))) for tag in ("h2", "h3", "table", "tr", "pre", "li")
        }

    assert shape("en") == shape("ja")


def test_the_title_is_the_h1_without_its_markup() -> None:
    rendered = handbook_pages.render_markdown("# 0011 `serve --workers N`: *two*\n\ntext\n", "ja")
    assert rendered.title == "0011 serve --workers N: two"
