"""Small BPMN glyphs: event definition icons, task type markers and activity markers."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Final

from engine.model.elements import Point
from engine.render.svg import Canvas, num
from engine.render.theme import PAPER, Paint

Unit = Sequence[tuple[float, float]]

# Glyph outlines in a unit box from -1 to 1, y down.
_ENVELOPE: Final[Unit] = ((-1, -0.7), (1, -0.7), (1, 0.7), (-1, 0.7))
_ERROR: Final[Unit] = (
    (-0.8, 0.85),
    (-0.3, -0.75),
    (0.15, 0.2),
    (0.8, -0.85),
    (0.3, 0.75),
    (-0.15, -0.2),
)
_ESCALATION: Final[Unit] = ((0, -0.9), (0.65, 0.85), (0, 0.25), (-0.65, 0.85))
_SIGNAL: Final[Unit] = ((0, -0.85), (0.85, 0.7), (-0.85, 0.7))
_LINK: Final[Unit] = (
    (-0.8, -0.3), (0.15, -0.3), (0.15, -0.7), (0.85, 0), (0.15, 0.7), (0.15, 0.3), (-0.8, 0.3)
)  # fmt: skip
_CANCEL: Final[Unit] = (
    (-0.55, -0.8), (0, -0.25), (0.55, -0.8), (0.8, -0.55), (0.25, 0), (0.8, 0.55),
    (0.55, 0.8), (0, 0.25), (-0.55, 0.8), (-0.8, 0.55), (-0.25, 0), (-0.8, -0.55),
)  # fmt: skip
_PLUS: Final[Unit] = (
    (-0.25, -0.85), (0.25, -0.85), (0.25, -0.25), (0.85, -0.25), (0.85, 0.25), (0.25, 0.25),
    (0.25, 0.85), (-0.25, 0.85), (-0.25, 0.25), (-0.85, 0.25), (-0.85, -0.25), (-0.25, -0.25),
)  # fmt: skip


def _pentagon(radius: float = 0.85) -> list[tuple[float, float]]:
    return [
        (
            radius * math.cos(math.radians(-90 + 72 * i)),
            radius * math.sin(math.radians(-90 + 72 * i)),
        )
        for i in range(5)
    ]


def _scaled(unit: Unit, cx: float, cy: float, half: float) -> list[Point]:
    return [Point(cx + x * half, cy + y * half) for x, y in unit]


def _shape(
    canvas: Canvas, unit: Unit, at: Point, half: float, paint: Paint, *, filled: bool
) -> None:
    canvas.polygon(
        _scaled(unit, at.x, at.y, half),
        fill=paint.icon_fill if filled else "none",
        stroke=paint.icon_fill,
        stroke_width=1.2,
        stroke_linejoin="round",
    )


def envelope(
    canvas: Canvas, cx: float, cy: float, half: float, paint: Paint, *, filled: bool
) -> None:
    _shape(canvas, _ENVELOPE, Point(cx, cy), half, paint, filled=filled)
    flap = _scaled(((-1, -0.7), (0, 0.05), (1, -0.7)), cx, cy, half)
    canvas.polyline(
        flap, fill="none", stroke=PAPER if filled else paint.icon_fill, stroke_width=1.2
    )


def _timer(canvas: Canvas, cx: float, cy: float, half: float, paint: Paint) -> None:
    canvas.circle(cx, cy, half, fill=PAPER, stroke=paint.icon_fill, stroke_width=1.5)
    for i in range(12):
        angle = math.radians(30 * i)
        inner, outer = half * 0.72, half * 0.9
        canvas.line(
            Point(cx + inner * math.cos(angle), cy + inner * math.sin(angle)),
            Point(cx + outer * math.cos(angle), cy + outer * math.sin(angle)),
            stroke=paint.icon_fill,
            stroke_width=1,
        )
    hands = [
        Point(cx + half * 0.5, cy - half * 0.25),
        Point(cx, cy),
        Point(cx + half * 0.1, cy - half * 0.65),
    ]
    canvas.polyline(hands, fill="none", stroke=paint.icon_fill, stroke_width=1.2)


def _conditional(canvas: Canvas, cx: float, cy: float, half: float, paint: Paint) -> None:
    w, h = half * 1.2, half * 1.6
    canvas.rect(cx - w / 2, cy - h / 2, w, h, fill=PAPER, stroke=paint.icon_fill, stroke_width=1.2)
    for i in range(4):
        y = cy - h / 2 + h * (i + 1) / 5
        canvas.line(
            Point(cx - w * 0.3, y), Point(cx + w * 0.3, y), stroke=paint.icon_fill, stroke_width=1
        )


def compensation(
    canvas: Canvas, cx: float, cy: float, half: float, paint: Paint, *, filled: bool
) -> None:
    left = ((-0.95, 0), (0, -0.6), (0, 0.6))
    right = ((0, 0), (0.95, -0.6), (0.95, 0.6))
    _shape(canvas, left, Point(cx, cy), half, paint, filled=filled)
    _shape(canvas, right, Point(cx, cy), half, paint, filled=filled)


def event_icon(
    canvas: Canvas, kind: str, at: Point, radius: float, paint: Paint, *, filled: bool
) -> None:
    """The marker of an event definition ``kind`` inside an event circle centred ``at``."""
    cx, cy = at.x, at.y
    half = radius * 0.55
    if kind == "message":
        envelope(canvas, cx, cy, half * 0.95, paint, filled=filled)
    elif kind == "timer":
        _timer(canvas, cx, cy, radius * 0.68, paint)
    elif kind == "error":
        _shape(canvas, _ERROR, Point(cx, cy), half, paint, filled=filled)
    elif kind == "escalation":
        _shape(canvas, _ESCALATION, Point(cx, cy), half, paint, filled=filled)
    elif kind == "signal":
        _shape(canvas, _SIGNAL, Point(cx, cy - half * 0.1), half, paint, filled=filled)
    elif kind == "conditional":
        _conditional(canvas, cx, cy, half, paint)
    elif kind == "link":
        _shape(canvas, _LINK, Point(cx, cy), half, paint, filled=filled)
    elif kind == "compensate":
        compensation(canvas, cx - half * 0.1, cy, half, paint, filled=filled)
    elif kind == "terminate":
        canvas.circle(cx, cy, radius * 0.6, fill=paint.icon_fill, stroke="none")
    elif kind == "cancel":
        _shape(canvas, _CANCEL, Point(cx, cy), half, paint, filled=filled)
    elif kind == "multiple":
        _shape(canvas, _pentagon(), Point(cx, cy), half, paint, filled=filled)
    elif kind == "parallelMultiple":
        _shape(canvas, _PLUS, Point(cx, cy), half, paint, filled=False)


def gear(canvas: Canvas, cx: float, cy: float, radius: float, paint: Paint) -> None:
    teeth = 8
    pts: list[Point] = []
    for i in range(teeth * 4):
        angle = math.radians(360 / (teeth * 4) * i - 90)
        r = radius if (i % 4) in {1, 2} else radius * 0.75
        pts.append(Point(cx + r * math.cos(angle), cy + r * math.sin(angle)))
    canvas.polygon(pts, fill=PAPER, stroke=paint.icon_fill, stroke_width=1)
    canvas.circle(cx, cy, radius * 0.32, fill=PAPER, stroke=paint.icon_fill, stroke_width=1)


def task_marker(canvas: Canvas, kind: str, x: float, y: float, paint: Paint) -> None:
    """The task type marker in the top-left corner; (x, y) is that corner of a 16px box."""
    ink = paint.icon_fill
    cx, cy = x + 8, y + 8
    if kind == "userTask":
        canvas.circle(cx, y + 5, 3.6, fill=PAPER, stroke=ink, stroke_width=1.1)
        body = f"M{num(x + 1)},{num(y + 16)} v-3.5 q0,-4.5 7,-4.8 q7,0.3 7,4.8 v3.5 z"
        canvas.path(body, fill=PAPER, stroke=ink, stroke_width=1.1, stroke_linejoin="round")
    elif kind == "manualTask":
        hand = (
            f"M{num(x)},{num(y + 7)} h9 a1.2,1.2 0 0 1 0,2.4 h-3 h6 a1.2,1.2 0 0 1 0,2.4 h-6 "
            "h5 a1.2,1.2 0 0 1 0,2.4 h-5 h3.5 a1.2,1.2 0 0 1 0,2.4 h-7.5 q-2,0 -2,-2 z"
        )
        canvas.path(hand, fill=PAPER, stroke=ink, stroke_width=1, stroke_linejoin="round")
        canvas.path(
            f"M{num(x + 3)},{num(y + 7)} l4,-4 a1.2,1.2 0 0 1 1.8,1.6 l-2,2.4",
            fill="none",
            stroke=ink,
            stroke_width=1,
        )
    elif kind == "serviceTask":
        gear(canvas, x + 6, y + 6, 6, paint)
        gear(canvas, x + 11, y + 11, 6, paint)
    elif kind == "scriptTask":
        scroll = (
            f"M{num(x + 4)},{num(y + 1)} h11 c-3,3 -3,5 0,8 c3,3 3,5 0,7 h-11 "
            "c3,-2 3,-4 0,-7 c-3,-3 -3,-5 0,-8 z"
        )
        canvas.path(scroll, fill=PAPER, stroke=ink, stroke_width=1)
        for i in range(4):
            yy = y + 4.5 + i * 3
            canvas.line(
                Point(x + 5 + (i % 2), yy), Point(x + 11 + (i % 2), yy), stroke=ink, stroke_width=1
            )
    elif kind in {"sendTask", "receiveTask"}:
        envelope(canvas, cx, cy, 7.5, paint, filled=kind == "sendTask")
    elif kind == "businessRuleTask":
        canvas.rect(x, y + 2, 16, 12, fill=PAPER, stroke=ink, stroke_width=1)
        canvas.rect(x, y + 2, 16, 3.5, fill=ink, stroke=ink, stroke_width=1)
        canvas.line(Point(x, y + 9.5), Point(x + 16, y + 9.5), stroke=ink, stroke_width=1)
        canvas.line(Point(x + 5, y + 5.5), Point(x + 5, y + 14), stroke=ink, stroke_width=1)


def activity_marker(canvas: Canvas, kind: str, cx: float, bottom: float, paint: Paint) -> None:
    """One marker (14px box) centred at ``cx`` sitting on ``bottom``."""
    ink = paint.icon_fill
    x, y = cx - 7, bottom - 14
    if kind == "collapsed":
        canvas.rect(x, y, 14, 14, fill=PAPER, stroke=ink, stroke_width=1)
        canvas.line(Point(cx, y + 3), Point(cx, y + 11), stroke=ink, stroke_width=1.5)
        canvas.line(Point(x + 3, y + 7), Point(x + 11, y + 7), stroke=ink, stroke_width=1.5)
    elif kind == "loop":
        arc = f"M{num(cx - 3.5)},{num(y + 12.5)} A5.5,5.5 0 1 1 {num(cx + 3.5)},{num(y + 12.5)}"
        canvas.path(arc, fill="none", stroke=ink, stroke_width=1.5)
        canvas.polyline(
            [Point(cx - 7, y + 11), Point(cx - 3.5, y + 12.5), Point(cx - 4, y + 8.5)],
            fill="none",
            stroke=ink,
            stroke_width=1.5,
        )
    elif kind == "parallel":
        for dx in (-4.5, 0, 4.5):
            canvas.line(Point(cx + dx, y + 1), Point(cx + dx, y + 13), stroke=ink, stroke_width=2)
    elif kind == "sequential":
        for dy in (2.5, 7, 11.5):
            canvas.line(Point(x + 1, y + dy), Point(x + 13, y + dy), stroke=ink, stroke_width=2)
    elif kind == "compensation":
        compensation(canvas, cx, y + 7, 7, paint, filled=False)
    elif kind == "adhoc":
        tilde = f"M{num(x + 1)},{num(y + 8)} q3,-5 6,0 t6,0"
        canvas.path(tilde, fill="none", stroke=ink, stroke_width=1.5)
