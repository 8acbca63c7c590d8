"""SVG to PNG through CairoSVG, with a Japanese font fontconfig really has."""

from __future__ import annotations

import functools
import shutil
import subprocess
from typing import Final

from engine.errors import InternalError
from engine.render.theme import FONT_STACK

# CairoSVG hands only the first family of a font-family list to cairo, so the PNG path
# names one installed family that has Japanese glyphs. The proportional IPAPGothic comes
# before IPAGothic here: the same kana and kanji, but Latin names do not look typewritten.
PREFERRED: Final = (
    "Noto Sans JP",
    "Noto Sans CJK JP",
    "IPAPGothic",
    "IPAGothic",
    "Hiragino Sans",
    "Yu Gothic",
)
PNG_SIGNATURE: Final = b"\x89PNG\r\n\x1a\n"


@functools.cache
def installed_family() -> str:
    """The first family of our stack that fontconfig knows (IPAPGothic on our servers)."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return "IPAGothic"
    try:
        result = subprocess.run(
            [fc_list, ":lang=ja", "family"], capture_output=True, text=True, timeout=10, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return "IPAGothic"
    known = {name.strip() for line in result.stdout.splitlines() for name in line.split(",")}
    for family in PREFERRED:
        if family in known:
            return family
    return "IPAGothic"


def to_png(svg: str, *, scale: float = 2.0) -> bytes:
    """``svg`` rasterised at ``scale`` (2 gives crisp text on every screen)."""
    import cairosvg

    document = svg.replace(FONT_STACK, f"{installed_family()}, sans-serif")
    try:
        data = cairosvg.svg2png(bytestring=document.encode("utf-8"), scale=scale)
    except Exception as exc:  # CairoSVG raises many unrelated types
        raise InternalError("render.png-failed", detail=str(exc)) from exc
    if not isinstance(data, bytes):
        raise InternalError("render.png-failed", detail="no output")
    return data
