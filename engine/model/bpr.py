"""BPR annotations (namespace ``urn:machiflow:bpr:1``) read into ``Bpr`` values.

Keys come from attributes in the bpr namespace and from camunda:/zeebe:/spiffworkflow:
properties named ``bpr:<key>``; an attribute wins over a property with the same key.
A value that cannot be read keeps the default and is recorded as a problem for validation.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Final

from engine.model.duration import parse_duration
from engine.model.elements import ACTORS, CHANNELS, LIFTS, VARIANTS, Bpr, BprProblem

BPR_NS: Final = "urn:machiflow:bpr:1"
PROPERTY_PREFIX: Final = "bpr:"

_TRUE: Final = frozenset({"true", "1", "yes"})
_FALSE: Final = frozenset({"false", "0", "no"})


def _duration(value: str) -> float:
    seconds = parse_duration(value)
    if seconds is None:
        raise ValueError("ISO 8601 duration such as PT9M, P3D")
    return seconds


def _flag(value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ValueError("true or false")


def _count(value: str) -> int:
    text = value.strip()
    # isdecimal, not isdigit: "²" is a digit that int() refuses. Full-width "１２" is fine.
    if not text.isdecimal():
        raise ValueError("integer >= 0")
    return int(text)


def _probability(value: str) -> float:
    try:
        number = float(value.strip())
    except ValueError:
        raise ValueError("decimal in [0, 1]") from None
    if not 0.0 <= number <= 1.0:
        raise ValueError("decimal in [0, 1]")
    return number


def _one_of(choices: tuple[str, ...]) -> Callable[[str], str]:
    def read(value: str) -> str:
        text = value.strip()
        if text not in choices:
            raise ValueError(" | ".join(choices))
        return text

    return read


def _lifts(value: str) -> tuple[str, ...]:
    items = tuple(item.strip() for item in value.split(",") if item.strip())
    unknown = [item for item in items if item not in LIFTS]
    if unknown:
        raise ValueError("comma list of " + ", ".join(LIFTS))
    return items


def _text(value: str) -> str:
    text = value.strip()
    if not text:
        raise ValueError("non-empty text")
    return text


# key -> (Bpr field, reader)
READERS: Final[dict[str, Callable[[str], Any]]] = {
    "duration": _duration,
    "wait": _duration,
    "channel": _one_of(CHANNELS),
    "paper": _count,
    "seal": _flag,
    "rekey": _flag,
    "approval": _flag,
    "lifts": _lifts,
    "probability": _probability,
    "actor": _one_of(ACTORS),
    "procedure": _text,
    "variant": _one_of(VARIANTS),
    "area": _text,
}
KEYS: Final = tuple(READERS)


def collect_raw(attributes: Mapping[str, str], properties: Mapping[str, str]) -> dict[str, str]:
    """The bpr keys an element sets, attribute over property."""
    raw: dict[str, str] = {}
    for name, value in properties.items():
        if name.startswith(PROPERTY_PREFIX):
            raw[name[len(PROPERTY_PREFIX) :]] = value
    prefix = "{" + BPR_NS + "}"
    for name, value in attributes.items():
        if name.startswith(prefix):
            raw[name[len(prefix) :]] = value
    return raw


def read_bpr(attributes: Mapping[str, str], properties: Mapping[str, str]) -> Bpr:
    raw = collect_raw(attributes, properties)
    bpr = Bpr(raw=raw)
    present: set[str] = set()
    for key, value in raw.items():
        reader = READERS.get(key)
        if reader is None:
            bpr.problems.append(BprProblem(key, value, "known key: " + ", ".join(KEYS)))
            continue
        try:
            setattr(bpr, key, reader(value))
        except ValueError as exc:
            bpr.problems.append(BprProblem(key, value, str(exc)))
            continue
        present.add(key)
    bpr.present = frozenset(present)
    return bpr
