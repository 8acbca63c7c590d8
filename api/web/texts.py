"""The words of a page in the reader's language: ``t(key, **params)`` over
``engine.messages.web.LABELS``, with dates and variant names as staff read them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Final

from engine.analysis.describe import VARIANT_NAMES
from engine.messages.web import LABELS

JST: Final = timezone(timedelta(hours=9), "JST")  # Japan keeps no daylight saving time


class Texts:
    """``t`` in the templates. An unknown key raises ``KeyError``: every page is rendered
    by the tests, so a misspelt key fails there rather than showing a code to staff."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def __call__(self, key: str, /, **params: object) -> str:
        texts = LABELS[key]
        template = texts.get(self.lang) or texts["en"]
        return template.format(**params) if params else template

    def date(self, at: datetime) -> str:
        """A day in Japan's time: 2026年4月1日 / 2026-04-01."""
        local = (at if at.tzinfo else at.replace(tzinfo=UTC)).astimezone(JST)
        return self("date", year=local.year, month=local.month, day=local.day)

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
