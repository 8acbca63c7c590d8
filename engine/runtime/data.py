"""Task data stays plain JSON: what scripts leave behind is converted or named as unsavable.

Scripts may build sets, tuples and dates; those become sorted lists, lists and ISO 8601
text. Anything else that JSON cannot hold as itself (``Decimal``, ``timedelta``, objects,
non-text keys, NaN, text with a lone surrogate) is reported with the path of the variable,
never saved silently.

A mapping key ``"typename"`` is refused at any depth: SpiffWorkflow's state format marks its
own objects with it, so a restore would take such a dict for one of them and fail, and the
case could never be loaded again. It is reported, never renamed: a silent rename would
hand scripts and forms other data than they wrote.
"""

from __future__ import annotations

import math
from collections.abc import MutableMapping
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any, Final

_PLAIN: Final = (bool, int, type(None))


@dataclass(frozen=True, slots=True)
class Unsavable:
    """A value JSON cannot hold: where it is (``a.b[2]``) and its Python type."""

    path: str
    kind: str


@dataclass(frozen=True, slots=True)
class ReservedKey:
    """A key the saved state's format claims for itself, and where it is (``a.typename``)."""

    path: str


# The key SpiffWorkflow 3.2.0's serializer reads as "this dict is one of my objects".
RESERVED_KEY: Final = "typename"

Problem = Unsavable | ReservedKey


def clean(data: MutableMapping[str, Any]) -> Problem | None:
    """Convert ``data`` in place to JSON values; the first value or key that cannot be saved."""
    return _mapping(data, "")


def _mapping(data: MutableMapping[Any, Any], prefix: str) -> Problem | None:
    # One lookup per mapping rather than a comparison per key: this runs on every step.
    if RESERVED_KEY in data:
        return ReservedKey(f"{prefix}.{RESERVED_KEY}" if prefix else RESERVED_KEY)
    # Every step cleans the data of every task it touched, each a copy of its parent's:
    # the common cases (ASCII text keys, numbers, ASCII text) are settled first, cheaply.
    for key in list(data):
        value = data[key]
        if type(key) is not str or not key.isascii():
            if not isinstance(key, str):
                return Unsavable(prefix + f"[{key!r}]", f"{type(key).__name__} key")
            if not _is_text(key):
                shown = key.encode("utf-8", "backslashreplace").decode("ascii", "replace")
                return Unsavable(f"{prefix}.{shown}" if prefix else shown, _BROKEN_TEXT + " key")
        if isinstance(value, _PLAIN) or (type(value) is str and value.isascii()):
            continue
        path = f"{prefix}.{key}" if prefix else str(key)
        converted, problem = _value(value, path)
        if problem is not None:
            return problem
        if converted is not value:
            data[key] = converted
    return None


def _value(value: Any, path: str) -> tuple[Any, Problem | None]:
    if isinstance(value, _PLAIN):
        return value, None
    if isinstance(value, str):
        return value, (None if _is_text(value) else Unsavable(path, _BROKEN_TEXT))
    if isinstance(value, float):
        return value, (None if math.isfinite(value) else Unsavable(path, repr(value)))
    if isinstance(value, dict):
        return value, _mapping(value, path)
    if isinstance(value, list):
        return value, _sequence(value, path)
    if isinstance(value, tuple):
        items = list(value)
        return items, _sequence(items, path)
    if isinstance(value, set | frozenset):
        items = _sorted(value)
        return items, _sequence(items, path)
    if isinstance(value, datetime | date | time):
        return value.isoformat(), None
    return value, Unsavable(path, type(value).__name__)


def _sequence(items: list[Any], path: str) -> Problem | None:
    for index, item in enumerate(items):
        if isinstance(item, _PLAIN):
            continue
        converted, problem = _value(item, f"{path}[{index}]")
        if problem is not None:
            return problem
        if converted is not item:
            items[index] = converted
    return None


# JSON may spell a lone surrogate ("\ud800"); UTF-8, in which states are stored, cannot.
_BROKEN_TEXT: Final = "str with a lone surrogate"


def _is_text(value: str) -> bool:
    if value.isascii():
        return True
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _sorted(values: set[Any] | frozenset[Any]) -> list[Any]:
    try:
        return sorted(values)
    except TypeError:  # mixed types: group by type, then by value where comparable
        return sorted(values, key=lambda v: (type(v).__name__, repr(v)))
