"""Label text: width estimates and line wrapping that works for Japanese (no spaces)."""

from __future__ import annotations

import unicodedata
from typing import Final

# Characters that must not start a line (kinsoku): closing brackets and punctuation.
NO_LINE_START: Final = frozenset(
    "、。，．,.)）」』】〕〉》・ーぁぃぅぇぉっゃゅょァィゥェォッャュョ！？!?：；:;"
)
# Characters that must not end a line: opening brackets.
NO_LINE_END: Final = frozenset("(（「『【〔〈《")
LATIN_EM: Final = 0.55
WIDE_EM: Final = 1.0


def char_width(char: str) -> float:
    """Width of one character in em: full-width CJK 1em, everything else about 0.55em."""
    if char == " ":
        return 0.3
    if unicodedata.east_asian_width(char) in {"W", "F"}:
        return WIDE_EM
    return LATIN_EM


def text_width(text: str, font_size: float) -> float:
    """Estimated rendered width of ``text`` in user units."""
    return sum(char_width(c) for c in text) * font_size


def _tokens(text: str) -> list[str]:
    """Break opportunities: a Latin word (with its trailing space) stays whole, CJK splits."""
    tokens: list[str] = []
    word = ""
    for char in text:
        if char_width(char) == WIDE_EM:
            if word:
                tokens.append(word)
                word = ""
            tokens.append(char)
        elif char == " ":
            tokens.append(word + char)
            word = ""
        else:
            word += char
    if word:
        tokens.append(word)
    return tokens


def _split_long(token: str, max_width: float, font_size: float) -> list[str]:
    """A single word wider than the line, cut by characters."""
    parts: list[str] = []
    current = ""
    for char in token:
        if current and text_width(current + char, font_size) > max_width:
            parts.append(current)
            current = char
        else:
            current += char
    if current:
        parts.append(current)
    return parts


def wrap(text: str, max_width: float, font_size: float) -> list[str]:
    """``text`` cut into lines no wider than ``max_width`` (explicit newlines kept).

    Lines are balanced: 書類は揃っ／ているか rather than 書類は揃っている／か.
    """
    lines: list[str] = []
    for paragraph in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        lines.extend(_balanced(paragraph.strip(), max_width, font_size))
    return lines


def _balanced(text: str, max_width: float, font_size: float) -> list[str]:
    lines = _wrap_paragraph(text, max_width, font_size)
    if len(lines) < 2:
        return lines
    low, high = text_width(text, font_size) / len(lines), max_width
    best = lines
    for _ in range(8):  # bisect the narrowest width that keeps the same number of lines
        middle = (low + high) / 2
        candidate = _wrap_paragraph(text, middle, font_size)
        if len(candidate) <= len(lines):
            best, high = candidate, middle
        else:
            low = middle
    return best


def _wrap_paragraph(text: str, max_width: float, font_size: float) -> list[str]:
    if not text:
        return [""]
    lines: list[str] = []
    current = ""
    for token in _tokens(text):
        candidate = current + token
        if not current or text_width(candidate.rstrip(), font_size) <= max_width:
            current = candidate
            continue
        if token[0] in NO_LINE_START and len(current) > 1:
            # Carry the last character down with the punctuation rather than start with it.
            lines.append(current[:-1].rstrip())
            current = current[-1] + token
            continue
        if current[-1] in NO_LINE_END and len(current) > 1:
            lines.append(current[:-1].rstrip())
            current = current[-1] + token
            continue
        lines.append(current.rstrip())
        current = token
    if current:
        lines.append(current.rstrip())
    out: list[str] = []
    for line in lines:
        if text_width(line, font_size) > max_width and len(line) > 1:
            out.extend(_split_long(line, max_width, font_size))
        else:
            out.append(line)
    return out


def fit(
    text: str, max_width: float, max_height: float, font_size: float, min_size: float = 8.0
) -> tuple[list[str], float]:
    """Lines and a font size (shrunk down to ``min_size`` if need be) that fit the box."""
    size = font_size
    while True:
        lines = wrap(text, max_width, size)
        if len(lines) * size * 1.2 <= max_height or size <= min_size:
            return lines, size
        size = max(min_size, size - 1)


def has_cjk(text: str) -> bool:
    """Whether ``text`` holds full-width characters (then vertical writing reads well)."""
    return any(char_width(c) == WIDE_EM for c in text)
