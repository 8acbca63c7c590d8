"""The handbook on the server: ``/handbook`` and ``/handbook/{lang}/{page}`` from the
Markdown under ``handbook/``, and the diagrams beside the pages.

Public pages (no sign-in). The Markdown is rendered by markdown-it-py with raw HTML off, so
nothing in a page (or in a model name a generated page quotes) becomes markup; the only
HTML the rule reference uses, ``<a id="code"></a>`` before a heading, becomes that heading's
id. Links between pages (``kpi.md``, ``../README.md``) become page addresses. Only files
under ``handbook/`` with a plain name are read: anything else is 404.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Final
from urllib.parse import urlsplit

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse
from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import Markup, escape

from api.problems import lang_of
from api.web.rendering import PageRoute, page
from api.web.texts import Texts
from engine.errors import NotFoundError
from engine.messages import LANGS

router = APIRouter(route_class=PageRoute, include_in_schema=False)

HANDBOOK: Final = Path(__file__).resolve().parents[2] / "handbook"
INDEX: Final = "index"  # handbook/<lang>/index.md: the page /handbook/<lang> shows
SECTIONS: Final = {"decisions": "en"}  # folders without a language, and the one they use
IMAGE_TYPES: Final = {".svg": "image/svg+xml"}
_PART: Final = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,120}")
_ANCHOR: Final = re.compile(r'<a id="([A-Za-z0-9._-]+)"></a>')
_TABLE: Final = '<table class="dads-table">'
_ALIGN: Final = {"text-align:right": "mf-num", "text-align:center": "mf-center"}

_MARKDOWN: Final = MarkdownIt("commonmark", {"html": False}).enable("table")


class HandbookPageNotFoundError(NotFoundError):
    def __init__(self, *, path: str) -> None:
        super().__init__("api.no-route", path=path)


@dataclass(frozen=True, slots=True)
class Rendered:
    title: str
    html: Markup


def _file(section: str, page_path: str, suffix: str) -> Path:
    """``handbook/<section>/<page_path><suffix>``, if every part is a plain name and the
    file exists inside the handbook; else 404 (no traversal, no hidden files)."""
    parts = page_path.split("/") if page_path else []
    if (section not in LANGS and section not in SECTIONS) or not all(
        _PART.fullmatch(p) for p in parts
    ):
        raise HandbookPageNotFoundError(path=f"{section}/{page_path}")
    path = HANDBOOK.joinpath(section, *parts)
    path = path.with_name(path.name + suffix) if suffix else path
    resolved = path.resolve()
    if not resolved.is_relative_to(HANDBOOK.resolve()) or not resolved.is_file():
        raise HandbookPageNotFoundError(path=f"{section}/{page_path}")
    return resolved


def address(target: str, here: str) -> str:
    """A link of a page in ``here`` (its folder under handbook/, e.g. ``ja/procedures``) as
    an address on this server; links elsewhere (``https:``, ``#x``) are left alone."""
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path or target.startswith("/"):
        return target
    fragment = f"#{parts.fragment}" if parts.fragment else ""
    path = posixpath.normpath(posixpath.join(here, parts.path))
    if path.startswith(".."):
        return target
    if path.endswith(".md"):
        path = path[: -len(".md")]
        if path in {"README", *(f"{lang}/{INDEX}" for lang in LANGS)}:
            lang = path.split("/")[0] if "/" in path else ""
            return f"/handbook/{lang}".rstrip("/") + fragment
    return f"/handbook/{path}{fragment}"


def _rewrite(tokens: list[Token], here: str) -> list[Token]:
    kept: list[Token] = []
    anchor: str | None = None
    index = 0
    while index < len(tokens):
        token = tokens[index]
        found = _anchor_paragraph(tokens, index)
        if found is not None:
            anchor, index = found, index + 3
            continue
        if token.type == "heading_open" and anchor is not None:
            token.attrSet("id", anchor)
            anchor = None
        elif token.type == "table_open":
            token.attrSet("class", "dads-table")
        elif token.type in {"th_open", "td_open"}:
            align = str(token.attrGet("style") or "")
            if align:
                token.attrs.pop("style", None)
                token.attrSet("class", _ALIGN.get(align, ""))
            if token.type == "th_open":
                token.attrSet("scope", "col")
            elif tokens[index - 1].type == "tr_open":  # a body row's first cell names the row
                _row_header(tokens, index)
        for child in token.children or []:
            if child.type == "link_open":
                child.attrSet("href", address(str(child.attrGet("href") or ""), here))
            elif child.type == "image":
                child.attrSet("src", address(str(child.attrGet("src") or ""), here))
                child.attrSet("class", "mf-handbook__image")  # machiflow.css fits it
        kept.append(token)
        index += 1
    return kept


def _row_header(tokens: list[Token], index: int) -> None:
    """The cell at ``index`` (and its closing tag) as ``<th scope="row">``."""
    tokens[index].tag = "th"
    tokens[index].attrSet("scope", "row")
    close = next(i for i in range(index + 1, len(tokens)) if tokens[i].type == "td_close")
    tokens[close].tag = "th"


def _anchor_paragraph(tokens: list[Token], index: int) -> str | None:
    """The id of a paragraph that is only ``<a id="..."></a>``."""
    if index + 2 >= len(tokens) or tokens[index].type != "paragraph_open":
        return None
    found = _ANCHOR.fullmatch(tokens[index + 1].content.strip())
    return found.group(1) if found and tokens[index + 2].type == "paragraph_close" else None


def _plain(inline: Token) -> str:
    """An inline token's text without its markup (for the page's <title>)."""
    parts = [
        " " if c.type in {"softbreak", "hardbreak"} else c.content
        for c in inline.children or []
        if c.type in {"text", "code_inline", "softbreak", "hardbreak"}
    ]
    return "".join(parts).strip()


def render_markdown(text: str, here: str, *, table_label: str = "") -> Rendered:
    """The page as HTML, with the text of its first h1; each table sits in a region named
    ``table_label`` that scrolls sideways on narrow screens."""
    tokens = _rewrite(_MARKDOWN.parse(text), here)
    title = next(
        (
            _plain(tokens[i + 1])
            for i, t in enumerate(tokens[:-1])
            if t.type == "heading_open" and t.tag == "h1"
        ),
        "",
    )
    html = _MARKDOWN.renderer.render(tokens, _MARKDOWN.options, {})
    wrapper = (
        f'<div class="dads-table-wrapper" role="region" aria-label="{escape(table_label)}" '
        'tabindex="0">'
    )
    html = html.replace(_TABLE, wrapper + _TABLE).replace("</table>", "</table></div>")
    return Rendered(title, Markup(html))  # noqa: S704 (markdown-it escapes; raw HTML is off)


def _page(request: Request, section: str, page_path: str) -> HTMLResponse:
    name = page_path or INDEX
    try:
        source = _file(section, name, ".md")
    except HandbookPageNotFoundError:
        if not page_path:
            raise
        name = f"{page_path}/{INDEX}"  # a folder: its index page (/handbook/ja/procedures)
        source = _file(section, name, ".md")
    here = posixpath.dirname(f"{section}/{name}")
    lang = section if section in LANGS else SECTIONS[section]
    table_label = Texts(lang)("handbook.table")
    rendered = render_markdown(source.read_text(encoding="utf-8"), here, table_label=table_label)
    other = next(o for o in LANGS if o != lang)
    counterpart = None
    if section in LANGS:
        try:
            _file(other, name, ".md")
            counterpart = f"/handbook/{other}/{page_path}".rstrip("/")
        except HandbookPageNotFoundError:
            counterpart = None
    return page(
        request,
        "handbook/page.html",
        lang=lang,
        title=rendered.title,
        body=rendered.html,
        is_index=not page_path and section in LANGS,
        index=f"/handbook/{lang}",
        counterpart=counterpart,
        other=other,
    )


@router.get("/handbook")
def handbook_index(request: Request) -> HTMLResponse:
    """The index in the reader's language: Japanese unless they chose English."""
    return _page(request, lang_of(request), "")


@router.get("/handbook/{section}")
def section_index(section: str, request: Request) -> HTMLResponse:
    return _page(request, section, "")


@router.get("/handbook/{section}/{page_path:path}")
def handbook_page(section: str, page_path: str, request: Request) -> Response:
    suffix = posixpath.splitext(page_path)[1].lower()
    if suffix in IMAGE_TYPES:
        image = _file(section, page_path, "")
        return Response(image.read_bytes(), media_type=IMAGE_TYPES[suffix])
    return _page(request, section, page_path.removesuffix("/").removesuffix(".md"))
