"""PNG output: a real PNG, and Japanese glyphs really drawn (not identical tofu boxes)."""

from __future__ import annotations

from engine.model import loads
from engine.render import PNG_SIGNATURE, render_png, render_svg
from tests import factories
from tests.engine.render.samples import japanese


def test_png_starts_with_the_signature() -> None:
    data = render_png(render_svg(loads(japanese(with_di=True))))
    assert data.startswith(PNG_SIGNATURE)


def test_japanese_glyphs_render() -> None:
    first = render_svg(loads(factories.linear("学童")))
    second = render_svg(loads(factories.linear("保護")))
    assert "学童" in first
    assert "保護" in second
    # With no Japanese font both names become the same missing-glyph boxes.
    assert render_png(first, scale=1) != render_png(second, scale=1)
