"""The gettext catalogues of the pages: complete in both languages, and every key a template
or page module asks for exists (a misspelt key would otherwise fail only on that page)."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir

from api.web import texts
from api.web.texts import Texts, catalogue, domains
from engine.messages import LANGS

ROOT = Path(__file__).resolve().parents[2]
API = ROOT / "api"


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def _used_keys() -> dict[str, str]:
    """Every literal key passed to ``t(...)`` in templates and to ``Texts(...)(...)``/``t(...)``
    in the page modules, with where it was found."""
    method_map = [("**/templates/**.html", "jinja2"), ("**.py", "python")]
    found: dict[str, str] = {}
    for filename, _lineno, message, _comments, _context in extract_from_dir(
        API, method_map=method_map, keywords={"t": None}, comment_tags=()
    ):
        if isinstance(message, str):
            found.setdefault(message, filename)
    return found


def test_both_languages_have_the_same_domains() -> None:
    names = {lang: [p.name for p in domains(lang)] for lang in LANGS}
    assert names["ja"], "no catalogue for Japanese"
    assert names["ja"] == names["en"]


@pytest.mark.parametrize("lang", LANGS)
def test_every_key_has_a_text_in_every_language(lang: str) -> None:
    other = next(o for o in LANGS if o != lang)
    mine, theirs = catalogue(lang), catalogue(other)
    assert sorted(set(theirs) - set(mine)) == []
    assert [key for key, text in mine.items() if not text.strip()] == []


def test_both_languages_fill_the_same_fields() -> None:
    ja, en = catalogue("ja"), catalogue("en")
    differ = {key: (_fields(ja[key]), _fields(en[key])) for key in ja if key in en}
    assert {k: v for k, v in differ.items() if v[0] != v[1]} == {}


def test_every_key_the_pages_use_exists() -> None:
    used = _used_keys()
    assert "product" in used  # the extraction itself works (base.html asks for it)
    missing = {key: where for key, where in used.items() if key not in catalogue("ja")}
    assert missing == {}


def test_a_key_in_two_domains_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "ja" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    entry = 'msgid "same.key"\nmsgstr "一"\n'
    (folder / "a.po").write_text(entry, encoding="utf-8")
    (folder / "b.po").write_text(entry.replace("一", "二"), encoding="utf-8")
    monkeypatch.setattr(texts, "LOCALE", tmp_path)
    catalogue.cache_clear()
    try:
        with pytest.raises(texts.CatalogueError, match=re.escape("'same.key'")):
            catalogue("ja")
    finally:
        catalogue.cache_clear()


def test_texts_fill_fields_and_refuse_unknown_keys() -> None:
    ja, en = Texts("ja"), Texts("en")
    assert ja("nav.signed-in", name="山田") != en("nav.signed-in", name="山田")
    assert "山田" in ja("nav.signed-in", name="山田")
    with pytest.raises(KeyError):
        ja("no.such.key")
