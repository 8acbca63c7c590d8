"""BPMN connections: sequence flows, message flows, associations and data associations."""

from __future__ import annotations

import math
from collections.abc import Sequence

from engine.model.elements import Point
from engine.render.svg import Canvas
from engine.render.theme import PAPER, Paint


def _unit(a: Point, b: Point) -> tuple[float, float]:
    length = math.hypot(b.x - a.x, b.y - a.y) or 1.0
    return (b.x - a.x) / length, (b.y - a.y) / length


def _last_segment(pts: Sequence[Point]) -> tuple[Point, Point]:
    end = pts[-1]
    for start in reversed(pts[:-1]):
        if math.hypot(end.x - start.x, end.y - start.y) > 0.5:
            return start, end
    return pts[0], end


def _first_segment(pts: Sequence[Point]) -> tuple[Point, Point]:
    start = pts[0]
    for end in pts[1:]:
        if math.hypot(end.x - start.x, end.y - start.y) > 0.5:
            return start, end
    return start, pts[-1]


def _head(tip: Point, ux: float, uy: float, length: float, half: float) -> list[Point]:
    base = Point(tip.x - ux * length, tip.y - uy * length)
    return [
        tip,
        Point(base.x - uy * half, base.y + ux * half),
        Point(base.x + uy * half, base.y - ux * half),
    ]


def _open_head(canvas: Canvas, tip: Point, direction: tuple[float, float], paint: Paint) -> None:
    left, _tip, right = _head(tip, *direction, 10.0, 5.5)
    canvas.polyline([_tip, left], fill="none", stroke=paint.stroke, stroke_width=1.2 * paint.weight)
    canvas.polyline(
        [_tip, right], fill="none", stroke=paint.stroke, stroke_width=1.2 * paint.weight
    )


def sequence_flow(
    canvas: Canvas, pts: Sequence[Point], paint: Paint, *, default: bool, conditional: bool
) -> None:
    if len(pts) < 2:
        return
    canvas.polyline(pts, fill="none", stroke=paint.stroke, stroke_width=1.5 * paint.weight,
                    stroke_linejoin="round")  # fmt: skip
    a, b = _last_segment(pts)
    canvas.polygon(_head(b, *_unit(a, b), 11.0, 4.0), fill=paint.stroke, stroke=paint.stroke,
                   stroke_width=1, stroke_linejoin="round")  # fmt: skip
    s, t = _first_segment(pts)
    ux, uy = _unit(s, t)
    if conditional:
        diamond = [
            s,
            Point(s.x + ux * 8 - uy * 5, s.y + uy * 8 + ux * 5),
            Point(s.x + ux * 16, s.y + uy * 16),
            Point(s.x + ux * 8 + uy * 5, s.y + uy * 8 - ux * 5),
        ]
        canvas.polygon(diamond, fill=PAPER, stroke=paint.stroke, stroke_width=1.2 * paint.weight)
    elif default:
        centre = Point(s.x + ux * 10, s.y + uy * 10)
        # A slash at 45 degrees across the line.
        dx, dy = (ux - uy) * 5 / math.sqrt(2) * 1.2, (uy + ux) * 5 / math.sqrt(2) * 1.2
        canvas.line(Point(centre.x - dx, centre.y - dy), Point(centre.x + dx, centre.y + dy),
                    stroke=paint.stroke, stroke_width=1.5 * paint.weight)  # fmt: skip


def message_flow(canvas: Canvas, pts: Sequence[Point], paint: Paint) -> None:
    if len(pts) < 2:
        return
    canvas.polyline(pts, fill="none", stroke=paint.stroke, stroke_width=1.2 * paint.weight,
                    stroke_dasharray="8,5", stroke_linejoin="round")  # fmt: skip
    canvas.circle(pts[0].x, pts[0].y, 4.0, fill=PAPER, stroke=paint.stroke,
                  stroke_width=1.2 * paint.weight)  # fmt: skip
    a, b = _last_segment(pts)
    canvas.polygon(_head(b, *_unit(a, b), 11.0, 5.0), fill=PAPER, stroke=paint.stroke,
                   stroke_width=1.2 * paint.weight, stroke_linejoin="round")  # fmt: skip


def association(
    canvas: Canvas, pts: Sequence[Point], paint: Paint, *, head: bool, tail: bool = False
) -> None:
    """A dotted association (also used for data associations, which point to the target)."""
    if len(pts) < 2:
        return
    canvas.polyline(pts, fill="none", stroke=paint.stroke, stroke_width=1.2 * paint.weight,
                    stroke_dasharray="2,3", stroke_linecap="round")  # fmt: skip
    if head:
        a, b = _last_segment(pts)
        _open_head(canvas, b, _unit(a, b), paint)
    if tail:
        a, b = _first_segment(pts)
        _open_head(canvas, a, _unit(b, a), paint)
