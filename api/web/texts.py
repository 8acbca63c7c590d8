"""The words of a page in the reader's language: ``t(key, **params)`` over the gettext
catalogues in ``api/locale``, with dates and variant names as people read them.

Each ``api/locale/<lang>/LC_MESSAGES/<domain>.po`` holds one area's words (``common``,
``resident``, ``staff``, ...): the msgid is a stable dotted key, the msgstr the text with
``{name}`` fields for ``str.format``. Every domain of a language is read with Babel and
merged; a key defined in two domains is an error, so areas cannot silently override
each other.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta, timezone
from functools import cache
from pathlib import Path
from typing import Final

from babel.messages.pofile import read_po

from engine.analysis.describe import VARIANT_NAMES
from engine.messages import LANGS

JST: Final = timezone(timedelta(hours=9), "JST")  # Japan keeps no daylight saving time
LOCALE: Final = Path(__file__).resolve().parents[1] / "locale"


def in_japan(at: datetime) -> datetime:
    """``at`` on Japan's clock; a naive time is read as UTC, as the store keeps times."""
    return (at if at.tzinfo else at.replace(tzinfo=UTC)).astimezone(JST)


class CatalogueError(Exception):
    """A catalogue cannot be read, or two domains define one key (a defect of ours)."""


def domains(lang: str) -> list[Path]:
    """The ``.po`` files of ``lang``, in name order."""
    return sorted((LOCALE / lang / "LC_MESSAGES").glob("*.po"))


@cache
def catalogue(lang: str) -> Mapping[str, str]:
    """Key -> text of every domain of ``lang`` (read once per process)."""
    merged: dict[str, str] = {}
    where: dict[str, str] = {}
    for path in domains(lang):
        with path.open("rb") as file:
            try:
                messages = read_po(file, locale=None, domain=path.stem, abort_invalid=True)
            except Exception as exc:  # Babel raises plain errors on bad syntax
                raise CatalogueError(f"{path}: {exc}") from exc
        for message in messages:
            key = message.id
            if not key or not isinstance(key, str) or not isinstance(message.string, str):
                continue  # the header, or a plural entry (we use none)
            if key in merged:
                raise CatalogueError(f"{key!r} is defined in {where[key]} and {path.name}")
            merged[key] = message.string
            where[key] = path.name
    return merged


class Texts:
    """``t`` in the templates. An unknown key raises ``KeyError``: every page is rendered
    by the tests, so a misspelt key fails there rather than showing a code to staff."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def __call__(self, key: str, /, **params: object) -> str:
        template = catalogue(self.lang if self.lang in LANGS else LANGS[0])[key]
        return template.format(**params) if params else template

    def date(self, at: datetime) -> str:
        """A day in Japan's time: 2026年4月1日 / 2026-04-01."""
        return self.day(in_japan(at).date())

    def day(self, value: dt.date) -> str:
        """A calendar day (a deadline, a birthday): 2026年4月1日 / 2026-04-01."""
        return self("date", year=value.year, month=value.month, day=value.day)

    def moment(self, at: datetime) -> str:
        """A time in Japan, staff and residents alike: 2026年4月1日 9時05分 / 2026-04-01 09:05."""
        local = in_japan(at)
        return self(
            "datetime",
            year=local.year, month=local.month, day=local.day, hour=local.hour,
            minute=local.minute,
        )  # fmt: skip

    def variant(self, variant: str | None) -> str:
        """As-Is（現状）, Can-Be（できる姿）, To-Be（あるべき姿）, or the variant's own name."""
        if not variant:
            return self("variant.unnamed")
        if variant in VARIANT_NAMES:
            return self(f"variant.{variant}")
        return self("variant.other", variant=variant)


def short_variant(variant: str | None, fallback: str) -> str:
    """As-Is / Can-Be / To-Be (the same in every language), else ``fallback``."""
    return VARIANT_NAMES.get(variant or "", fallback)
