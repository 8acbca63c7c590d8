"""SVG writing primitives: escaping, numbers, and a canvas that collects elements."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from xml.sax.saxutils import escape, quoteattr

from engine.model.elements import Point

Attr = str | float | int | None


def num(value: float) -> str:
    """A coordinate with at most two decimals and no trailing zeros."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in {"-0", ""} else text


def _attrs(attrs: Mapping[str, Attr]) -> str:
    out = []
    for key, value in attrs.items():
        if value is None:
            continue
        text = num(value) if isinstance(value, float) else str(value)
        out.append(f" {key.replace('_', '-')}={quoteattr(text)}")
    return "".join(out)


def points(values: Iterable[Point]) -> str:
    return " ".join(f"{num(p.x)},{num(p.y)}" for p in values)


class Canvas:
    """Collects SVG markup; every text goes through XML escaping."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    def open(self, tag: str, attrs: Mapping[str, Attr] | None = None) -> None:
        self.parts.append(f"<{tag}{_attrs(attrs or {})}>")

    def close(self, tag: str) -> None:
        self.parts.append(f"</{tag}>")

    def add(self, tag: str, attrs: Mapping[str, Attr]) -> None:
        self.parts.append(f"<{tag}{_attrs(attrs)}/>")

    def raw_text(self, tag: str, attrs: Mapping[str, Attr], text: str) -> None:
        self.parts.append(f"<{tag}{_attrs(attrs)}>{escape(text)}</{tag}>")

    def rect(self, x: float, y: float, w: float, h: float, **attrs: Attr) -> None:
        self.add(
            "rect", {"x": float(x), "y": float(y), "width": float(w), "height": float(h)} | attrs
        )

    def circle(self, cx: float, cy: float, r: float, **attrs: Attr) -> None:
        self.add("circle", {"cx": float(cx), "cy": float(cy), "r": float(r)} | attrs)

    def line(self, a: Point, b: Point, **attrs: Attr) -> None:
        self.add("line", {"x1": a.x, "y1": a.y, "x2": b.x, "y2": b.y} | attrs)

    def polyline(self, pts: Sequence[Point], **attrs: Attr) -> None:
        self.add("polyline", {"points": points(pts)} | attrs)

    def polygon(self, pts: Sequence[Point], **attrs: Attr) -> None:
        self.add("polygon", {"points": points(pts)} | attrs)

    def path(self, d: str, **attrs: Attr) -> None:
        self.add("path", {"d": d} | attrs)

    def text_lines(
        self,
        lines: Sequence[str],
        x: float,
        y: float,
        size: float,
        *,
        anchor: str = "middle",
        fill: str | None = None,
        line_height: float = 1.2,
        attrs: Mapping[str, Attr] | None = None,
    ) -> None:
        """Lines whose block starts at baseline ``y`` of the first line."""
        base: dict[str, Attr] = {"x": float(x), "y": float(y), "font-size": float(size)}
        base |= {"text-anchor": anchor, "fill": fill}
        self.open("text", base | dict(attrs or {}))
        for index, line in enumerate(lines):
            dy = 0.0 if index == 0 else size * line_height
            self.parts.append(f"<tspan{_attrs({'x': float(x), 'dy': dy})}>{escape(line)}</tspan>")
        self.close("text")

    def markup(self) -> str:
        return "".join(self.parts)
