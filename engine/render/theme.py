"""Colours, fonts and highlight states shared by every drawing (tokens from docs/ui.md)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Final

FONT_STACK: Final = (
    '"Noto Sans JP", "IPAGothic", "IPAPGothic", "Hiragino Sans", "Yu Gothic", sans-serif'
)
FONT_SIZE: Final = 12.0
SMALL_FONT_SIZE: Final = 11.0

INK: Final = "#1a1a1a"  # gray-900: strokes and text
MUTED: Final = "#666666"  # gray-600
BAND: Final = "#f2f2f2"  # lane and pool name bands
PAPER: Final = "#ffffff"
GROUP: Final = "#767676"  # gray-536

HIGHLIGHT_STATES: Final = frozenset({"added", "removed", "changed", "active", "done", "error"})


@dataclass(frozen=True, slots=True)
class Paint:
    """How one element is painted: stroke and fill colours, a stroke-width factor."""

    stroke: str = INK
    fill: str = PAPER
    text: str = INK
    weight: float = 1.0
    icon_fill: str = INK  # filled (throwing) icons and markers


PLAIN: Final = Paint()

_STATES: Final[dict[str, Paint]] = {
    "added": Paint(
        stroke="#197a4b", fill="#e6f5ec", text="#197a4b", weight=2.0, icon_fill="#197a4b"
    ),
    "removed": Paint(
        stroke="#ec0000", fill="#fdeeee", text="#ce0000", weight=2.0, icon_fill="#ec0000"
    ),
    "changed": Paint(
        stroke="#fb5b01", fill="#fff1e8", text="#1a1a1a", weight=2.0, icon_fill="#fb5b01"
    ),
    "active": Paint(
        stroke="#0017c1", fill="#e8f1fe", text="#0017c1", weight=2.5, icon_fill="#0017c1"
    ),
    "done": Paint(
        stroke="#666666", fill="#e6e6e6", text="#333333", weight=1.0, icon_fill="#666666"
    ),
    "error": Paint(
        stroke="#ec0000", fill="#fdeeee", text="#ce0000", weight=2.5, icon_fill="#ec0000"
    ),
}


def paint_for(state: str | None, *, fill: str = PAPER) -> Paint:
    """The paint of an element in ``state`` (None: plain), on a background ``fill``."""
    if state is None:
        return replace(PLAIN, fill=fill)
    return _STATES[state]
