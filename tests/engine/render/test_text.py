"""Label wrapping: Japanese by character width, Latin by words, no line starting with 。"""

from __future__ import annotations

from engine.render.text import char_width, has_cjk, text_width, wrap


def test_widths() -> None:
    assert char_width("申") == 1.0
    assert char_width("a") == 0.55
    assert text_width("申請", 12) == 24


def test_japanese_wraps_without_spaces_and_balances() -> None:
    assert wrap("書類は揃っているか", 90, 11) == ["書類は揃っ", "ているか"]
    assert all(
        text_width(line, 12) <= 60 for line in wrap("申請書を記入する申請書を記入する", 60, 12)
    )


def test_latin_wraps_at_spaces() -> None:
    assert wrap("Review terms of contract", 90, 12) == ["Review terms", "of contract"]


def test_no_line_starts_with_closing_punctuation() -> None:
    for width in range(24, 120, 12):
        for line in wrap("申請を受け付けました。書類を確認します、よろしいですか。", width, 12)[1:]:
            assert line[0] not in "。、"


def test_has_cjk() -> None:
    assert has_cjk("受付担当")
    assert not has_cjk("Lane 1")
