"""The words of the resident pages: ``t(key, **params)`` over the gettext catalogues in
``api/locale/<lang>/LC_MESSAGES/*.po`` (msgid = a dotted key), then the staff ``Texts``.

Reads the catalogues itself so the resident pages do not wait for the shared loader;
``Texts`` answers every key the catalogues lack (the staff pages' words).
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path
from typing import Final

from api.web.texts import JST, Texts

LOCALE: Final = Path(__file__).resolve().parents[2] / "locale"


def _entries(path: Path) -> dict[str, str]:
    """msgid -> msgstr of one .po file (quoted strings may continue on following lines)."""
    found: dict[str, str] = {}
    key: str | None = None
    current: list[str] | None = None
    msgid: list[str] = []
    msgstr: list[str] = []

    def flush() -> None:
        text_id = "".join(msgid)
        if key == "msgstr" and text_id:
            found[text_id] = "".join(msgstr)

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("msgid "):
            flush()
            msgid, msgstr, key = [], [], "msgid"
            current = msgid
            line = line[len("msgid ") :]
        elif line.startswith("msgstr "):
            key, current = "msgstr", msgstr
            line = line[len("msgstr ") :]
        if current is not None and line.startswith('"'):
            current.append(json.loads(line))
    flush()
    return found


@cache
def catalogue(lang: str) -> dict[str, str]:
    merged: dict[str, str] = {}
    folder = LOCALE / lang / "LC_MESSAGES"
    if folder.is_dir():
        for path in sorted(folder.glob("*.po")):
            merged.update(_entries(path))
    return merged


class Words:
    """``t`` in the resident templates; an unknown key raises ``KeyError``."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self._texts = Texts(lang)
        self._own = catalogue(lang)

    def __call__(self, key: str, /, **params: object) -> str:
        template = self._own.get(key)
        if template is None:
            return self._texts(key, **params)
        return template.format(**params) if params else template

    def day(self, value: date) -> str:
        return self("forms.date", year=value.year, month=value.month, day=value.day)

    def moment(self, at: datetime) -> str:
        """A time in Japan: 2026年4月1日 9:05 / 2026-04-01 09:05."""
        local = (at if at.tzinfo else at.replace(tzinfo=UTC)).astimezone(JST)
        return self(
            "resident.time",
            year=local.year, month=local.month, day=local.day, hour=local.hour,
            minute=local.minute,
        )  # fmt: skip
