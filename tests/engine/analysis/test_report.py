"""The HTML comparison report: structure a browser and a screen reader rely on, parsed with
lxml.html (one h1, lang, captions and header cells, an SVG per variant, words beside colours,
nothing loaded from elsewhere)."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from lxml import html

from engine.analysis.diff import chain
from engine.analysis.report import html_report
from engine.model import loads
from tests.conftest import ROOT
from tests.engine.analysis.diff_samples import AS_IS, CAN_BE, TO_BE

KPI_ROWS = 11


def report(*variants: bytes, lang: str = "ja") -> html.HtmlElement:
    documents = [loads(v, f"{name}.bpmn") for v, name in zip(variants, "abc", strict=False)]
    page = html_report(chain(documents), documents, lang=lang)
    assert page.startswith("<!DOCTYPE html>")
    return html.fromstring(page)


@pytest.fixture(scope="module")
def two() -> html.HtmlElement:
    return report(AS_IS, TO_BE)


@pytest.fixture(scope="module")
def three() -> html.HtmlElement:
    return report(AS_IS, CAN_BE, TO_BE)


def test_page_is_japanese_with_one_h1_and_a_title(two: html.HtmlElement) -> None:
    assert two.get("lang") == "ja"
    assert len(two.findall(".//h1")) == 1
    assert "As-Is → To-Be" in two.findtext(".//title")
    assert [h.text_content() for h in two.findall(".//h2")] == [
        "KPI（1 件あたりの期待値）",
        "図",
        "変更点",
    ]


def test_summary_line_says_the_kpi_changes_in_plain_japanese(two: html.HtmlElement) -> None:
    (summary,) = two.find_class("mf-summary")
    text = summary.text_content()
    assert text.startswith("来庁回数 2.4 → 0、職員工数 79 → 8.6 分/件、リードタイム 9.1 → 1.0 日")


def test_kpi_table_has_a_caption_header_cells_and_a_row_per_kpi(two: html.HtmlElement) -> None:
    (table,) = two.find_class("mf-kpi-table")
    assert table.find("caption") is not None
    heads = table.findall("thead/tr/th")
    assert all(th.get("scope") == "col" for th in heads)
    assert [th.text_content() for th in heads] == ["指標", "As-Is", "To-Be", "差（As-Is → To-Be）"]
    rows = table.findall("tbody/tr")
    assert len(rows) == KPI_ROWS
    assert all(row[0].tag == "th" and row[0].get("scope") == "row" for row in rows)
    visits = next(r for r in rows if r[0].text_content() == "来庁回数")
    assert [c.text_content() for c in visits[1:]] == ["2.4", "0", "−2.4 改善"]


def test_an_svg_per_variant_with_highlights_and_word_badges(two: html.HtmlElement) -> None:
    figures = two.find_class("mf-figure")
    assert len(figures) == 2
    svgs = [f.find(".//svg") for f in figures]
    assert all(svg is not None and svg.get("role") == "img" for svg in svgs)
    assert all(svg.get("aria-label") for svg in svgs)
    old, new = (html.tostring(f, encoding="unicode") for f in figures)
    assert "mf-state-removed" in old
    assert "mf-state-changed" in old
    assert "mf-state-added" in new
    assert "mf-state-removed" not in new
    badges = {b.text_content() for b in figures[1].find_class("mf-badge")}
    assert badges == {"追加", "変更"}


def test_every_change_is_named_in_words(two: html.HtmlElement) -> None:
    (table,) = two.find_class("mf-change-table")
    assert table.find("caption") is not None
    assert all(th.get("scope") == "col" for th in table.findall("thead/tr/th"))
    rows = table.findall("tbody/tr")
    words = {row[0].text_content() for row in rows}
    assert words == {"追加", "削除", "変更"}
    score = next(r for r in rows if r.find("th").text_content() == "指数を計算する")
    details = [li.text_content() for li in score.findall(".//li")]
    assert "種類：タスク → スクリプトタスク" in details
    assert "レーン：審査担当 → 基幹システム" in details


def test_nothing_is_loaded_from_elsewhere(two: html.HtmlElement) -> None:
    page = html.tostring(two, encoding="unicode")
    for element in two.iter():
        for name in ("src", "href", "xlink:href", "data"):
            value = element.get(name)
            assert value is None or not re.match(r"[a-z]+:", value), (element.tag, value)
    assert not two.findall(".//script")
    assert not two.findall(".//link")
    assert "http://" not in page
    assert "https://" not in page
    assert "url(" not in two.findtext(".//style")
    assert "@import" not in two.findtext(".//style")


def test_print_styles_break_pages_and_fit_diagrams(two: html.HtmlElement) -> None:
    style = two.findtext(".//style")
    assert "@media print" in style
    assert "@page" in style
    assert "break-before: page" in style
    assert "max-height" in style


def test_three_variants_in_one_report(three: html.HtmlElement) -> None:
    assert len(three.find_class("mf-figure")) == 3
    (table,) = three.find_class("mf-kpi-table")
    heads = [th.text_content() for th in table.findall("thead/tr/th")]
    assert heads == [
        "指標",
        "As-Is",
        "Can-Be",
        "To-Be",
        "差（As-Is → Can-Be）",
        "差（Can-Be → To-Be）",
        "差（As-Is → To-Be）",
    ]
    steps = [h.text_content() for h in three.findall(".//h3")]
    assert steps == ["As-Is → Can-Be", "Can-Be → To-Be"]
    assert len(three.find_class("mf-change-table")) == 2
    (summary,) = three.find_class("mf-summary")
    assert summary.text_content().startswith("来庁回数 2.4 → 1.2 → 0、")
    middle = html.tostring(three.find_class("mf-figure")[1], encoding="unicode")
    assert "mf-state-changed" in middle  # since As-Is
    assert "mf-state-removed" in middle  # gone in To-Be


def test_english_report() -> None:
    page = report(AS_IS, TO_BE, lang="en")
    assert page.get("lang") == "en"
    (summary,) = page.find_class("mf-summary")
    assert summary.text_content().startswith("Counter visits 2.4 → 0, Staff time 79 → 8.6 min/case")
    words = {
        row[0].text_content() for row in page.find_class("mf-change-table")[0].findall("tbody/tr")
    }
    assert words == {"Added", "Removed", "Changed"}


def test_identical_files_report_no_change() -> None:
    page = report(AS_IS, AS_IS)
    assert not page.find_class("mf-change-table")
    assert "追加・削除・変更された要素はありません。" in page.text_content()
    (summary,) = page.find_class("mf-summary")
    assert summary.text_content() == "KPI に変化はありません。"


def test_diff_and_report_stay_in_the_model_layer() -> None:
    # analysis works on models that cannot run: no runtime, store or API behind it.
    code = (
        "import sys, engine.analysis.diff, engine.analysis.report, engine.commands.diff\n"
        "bad = [m for m in sys.modules if m.startswith(('engine.runtime', 'engine.store',"
        " 'api', 'SpiffWorkflow', 'sqlalchemy', 'fastapi'))]\n"
        "print(','.join(bad))"
    )
    found = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert found.stdout.strip() == ""
