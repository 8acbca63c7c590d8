"""The words of the resident pages: ``t(key, **params)`` over the shared catalogues
(``api.web.texts``; the resident pages' own are ``resident.po`` and ``forms.po``), with
days and times as residents read them."""

from __future__ import annotations

from datetime import UTC, date, datetime

from api.web.texts import JST, Texts


class Words(Texts):
    """``t`` in the resident templates; an unknown key raises ``KeyError``."""

    def day(self, value: date) -> str:
        """A day: 2026年4月1日 / 2026-04-01."""
        return self("forms.date", year=value.year, month=value.month, day=value.day)

    def moment(self, at: datetime) -> str:
        """A time in Japan: 2026年4月1日 9時05分 / 2026-04-01 09:05."""
        local = (at if at.tzinfo else at.replace(tzinfo=UTC)).astimezone(JST)
        return self(
            "resident.time",
            year=local.year, month=local.month, day=local.day, hour=local.hour,
            minute=local.minute,
        )  # fmt: skip
