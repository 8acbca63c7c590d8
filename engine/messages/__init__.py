"""Message catalogue: stable code -> Japanese and English text. The only place wording lives.

Each area keeps its messages in its own module (``model``, ``lint``, ``support``, ...) as
``MESSAGES`` (and may document them as ``DOCS``, see ``engine.messages.doc``); this package
finds and merges every such module, so a new area adds a module and edits nothing else.
A template uses ``str.format`` fields named after the error's params.
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType
from typing import Any, Final

_NOT_CATALOGS: Final = frozenset({"reference", "doc"})


def catalog_modules() -> list[ModuleType]:
    """Every module of this package that holds messages, in name order."""
    return [
        importlib.import_module(f"{__name__}.{info.name}")
        for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name)
        if info.name not in _NOT_CATALOGS
    ]


Catalog = dict[str, dict[str, str]]

LANGS: Final = ("ja", "en")


def _merge(*parts: Catalog) -> Catalog:
    merged: Catalog = {}
    for part in parts:
        for code, texts in part.items():
            if code in merged:
                raise ValueError(f"message code defined twice: {code}")
            merged[code] = texts
    return merged


CATALOG: Final[Catalog] = _merge(*(m.MESSAGES for m in catalog_modules()))


class _Default(dict[str, Any]):
    """Leaves unknown fields visible instead of failing the whole message."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def render(code: str, lang: str = "ja", **params: Any) -> str:
    """The message for ``code`` in ``lang`` ("ja" or "en"), filled with ``params``."""
    texts = CATALOG.get(code)
    if texts is None:
        return f"{code} {params}" if params else code
    template = texts.get(lang) or texts["en"]
    values = _Default({k: ("" if v is None else v) for k, v in params.items()})
    return template.format_map(values)


def normalize_lang(value: str | None) -> str:
    """ "ja" or "en" from a --lang value or an Accept-Language header; Japanese first."""
    if not value:
        return "ja"
    for part in value.split(","):
        tag = part.split(";")[0].strip().lower()
        if tag.startswith("ja"):
            return "ja"
        if tag.startswith("en"):
            return "en"
    return "ja"
