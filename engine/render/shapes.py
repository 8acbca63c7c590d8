"""BPMN node shapes: pools, lanes, activities, events, gateways, data and artifacts."""

from __future__ import annotations

import math
from typing import Final

from engine.model.elements import Bounds, DataItem, FlowNode, Point
from engine.render.icons import activity_marker, event_icon, task_marker
from engine.render.svg import Attr, Canvas, num
from engine.render.text import fit, has_cjk
from engine.render.theme import BAND, FONT_SIZE, GROUP, PAPER, SMALL_FONT_SIZE, Paint

BAND_SIZE: Final = 30.0
EXTERNAL_LABEL_WIDTH: Final = 90.0  # wrapping width of labels under events, gateways, data
THROWING: Final = frozenset({"endEvent", "intermediateThrowEvent", "implicitThrowEvent"})


def _stroke(paint: Paint, width: float) -> dict[str, Attr]:
    return {"fill": paint.fill, "stroke": paint.stroke, "stroke-width": width * paint.weight}


def centred_text(
    canvas: Canvas, text: str, box: Bounds, paint: Paint, *, size: float = FONT_SIZE
) -> None:
    """``text`` wrapped and centred in ``box`` (shrunk a little if it would overflow)."""
    lines, size = fit(text, box.width, box.height, size)
    block = len(lines) * size * 1.2
    first = box.y + (box.height - block) / 2 + size * 0.95
    canvas.text_lines(lines, box.x + box.width / 2, first, size, fill=paint.text)


def _vertical_name(canvas: Canvas, name: str, band: Bounds, paint: Paint) -> None:
    """A name written in a vertical band: upright characters top to bottom for Japanese."""
    cx, cy = band.x + band.width / 2, band.y + band.height / 2
    if not has_cjk(name):
        lines, size = fit(name, band.height - 12, band.width - 4, FONT_SIZE)
        first = cy - len(lines) * size * 1.2 / 2 + size * 0.95
        rotation = f"rotate(-90 {num(cx)} {num(cy)})"
        canvas.text_lines(lines, cx, first, size, fill=paint.text, attrs={"transform": rotation})
        return
    chars = [c for c in name if not c.isspace()]
    size = FONT_SIZE
    while True:
        per_column = max(1, int((band.height - 12) // (size * 1.1)))
        columns = math.ceil(len(chars) / per_column)
        if columns * size * 1.15 <= band.width - 4 or size <= 8:
            break
        size -= 1
    per_column = math.ceil(len(chars) / columns)
    for column in range(columns):
        part = chars[column * per_column : (column + 1) * per_column]
        # Japanese vertical columns run right to left.
        x = cx + (columns - 1) / 2 * size * 1.15 - column * size * 1.15
        top = cy - len(part) * size * 1.1 / 2 + size * 0.9
        # Screen readers and text search get the whole name, not single characters.
        label = name if column == 0 else None
        canvas.open("text", {"font-size": size, "text-anchor": "middle", "fill": paint.text,
                             "aria-label": label})  # fmt: skip
        for index, char in enumerate(part):
            y = top + index * size * 1.1
            if char in "ー－—〜~-()（）「」":
                attrs: dict[str, Attr] = {"x": x, "y": y, "rotate": "90"}
                canvas.raw_text("tspan", attrs, char)
            else:
                canvas.raw_text("tspan", {"x": x, "y": y}, char)
        canvas.close("text")


def pool(canvas: Canvas, bounds: Bounds, name: str, *, horizontal: bool, paint: Paint) -> None:
    canvas.rect(bounds.x, bounds.y, bounds.width, bounds.height, **_stroke(paint, 1.5))
    _band(canvas, bounds, name, horizontal=horizontal, paint=paint, width=1.5)


def lane(canvas: Canvas, bounds: Bounds, name: str, *, horizontal: bool, paint: Paint) -> None:
    canvas.rect(bounds.x, bounds.y, bounds.width, bounds.height, **_stroke(paint, 1))
    _band(canvas, bounds, name, horizontal=horizontal, paint=paint, width=1)


def _band(
    canvas: Canvas, bounds: Bounds, name: str, *, horizontal: bool, paint: Paint, width: float
) -> None:
    if horizontal:
        band = Bounds(bounds.x, bounds.y, min(BAND_SIZE, bounds.width), bounds.height)
    else:
        band = Bounds(bounds.x, bounds.y, bounds.width, min(BAND_SIZE, bounds.height))
    fill = BAND if paint.fill == PAPER else paint.fill
    canvas.rect(band.x, band.y, band.width, band.height, fill=fill, stroke=paint.stroke,
                stroke_width=width * paint.weight)  # fmt: skip
    if not name:
        return
    if horizontal:
        _vertical_name(canvas, name, band, paint)
    else:
        centred_text(canvas, name, Bounds(band.x + 4, band.y, band.width - 8, band.height), paint)


def _markers(node: FlowNode, *, collapsed: bool) -> list[str]:
    out: list[str] = []
    if node.loop is not None:
        if node.loop.kind == "standard":
            out.append("loop")
        else:
            out.append("sequential" if node.loop.sequential else "parallel")
    if node.kind == "adHocSubProcess":
        out.append("adhoc")
    if node.is_for_compensation:
        out.append("compensation")
    if collapsed:
        out.insert(len(out) // 2, "collapsed")
    return out


def activity(
    canvas: Canvas, node: FlowNode, bounds: Bounds, *, expanded: bool, paint: Paint
) -> None:
    x, y, w, h = bounds.x, bounds.y, bounds.width, bounds.height
    attrs = _stroke(paint, 1.5) | {"rx": 10.0, "ry": 10.0}
    if node.kind == "callActivity":
        attrs["stroke-width"] = 4 * paint.weight
    if node.triggered_by_event:
        attrs |= {"stroke-dasharray": "2,3", "stroke-linecap": "round"}
    if expanded and paint.fill == PAPER:
        attrs["fill"] = "none" if node.triggered_by_event else PAPER
    canvas.rect(x, y, w, h, **attrs)
    if node.kind == "transaction":
        canvas.rect(x + 3, y + 3, w - 6, h - 6, rx=7.0, ry=7.0, fill="none",
                    stroke=paint.stroke, stroke_width=1.5 * paint.weight)  # fmt: skip
    task_marker(canvas, node.kind, x + 6, y + 6, paint)
    markers = _markers(node, collapsed=node.is_subprocess and not expanded)
    if node.kind == "callActivity" and node.child_ids and not expanded:
        markers.append("collapsed")
    for index, marker in enumerate(markers):
        cx = x + w / 2 + (index - (len(markers) - 1) / 2) * 18
        activity_marker(canvas, marker, cx, y + h - 4, paint)
    name = (node.name or "").strip()
    if not name:
        return
    if expanded:
        lines, size = fit(name, w - 16, max(FONT_SIZE * 1.2, h / 3), FONT_SIZE)
        canvas.text_lines(lines, x + 8, y + 8 + size, size, anchor="start", fill=paint.text)
        return
    bottom = 16 if markers else 4
    top = 14 if node.kind in {"sendTask", "receiveTask"} or node.kind.endswith("Task") else 4
    top = 4 if node.kind == "task" else top
    box = Bounds(x + 6, y + top, w - 12, h - top - bottom)
    centred_text(canvas, name, box, paint)


def event(canvas: Canvas, node: FlowNode, bounds: Bounds, paint: Paint) -> None:
    centre = bounds.center
    radius = min(bounds.width, bounds.height) / 2
    dashed = (node.kind == "boundaryEvent" and not node.cancel_activity) or (
        node.kind == "startEvent" and not node.is_interrupting
    )
    dash: dict[str, Attr] = {"stroke-dasharray": "5,3"} if dashed else {}
    if node.kind == "startEvent":
        canvas.circle(centre.x, centre.y, radius, **_stroke(paint, 1.5), **dash)
    elif node.kind == "endEvent":
        ring = _stroke(paint, 4) | {"stroke-width": 4 + (paint.weight - 1)}
        canvas.circle(centre.x, centre.y, radius - 1.5, **ring)
    else:
        canvas.circle(centre.x, centre.y, radius, **_stroke(paint, 1.2), **dash)
        canvas.circle(centre.x, centre.y, radius - 3, fill="none", stroke=paint.stroke,
                      stroke_width=1.2 * paint.weight, **dash)  # fmt: skip
    kinds = [d.kind for d in node.event_definitions]
    if len(kinds) > 1:
        parallel = node.attributes.get("parallelMultiple", "").strip().lower() == "true"
        kind = "parallelMultiple" if parallel else "multiple"
    elif kinds:
        kind = kinds[0]
    else:
        return
    event_icon(canvas, kind, centre, radius, paint, filled=node.kind in THROWING)


def gateway(
    canvas: Canvas, node: FlowNode, bounds: Bounds, *, marker_visible: bool, paint: Paint
) -> None:
    c = bounds.center
    hw, hh = bounds.width / 2, bounds.height / 2
    diamond = [
        Point(c.x, c.y - hh),
        Point(c.x + hw, c.y),
        Point(c.x, c.y + hh),
        Point(c.x - hw, c.y),
    ]
    canvas.polygon(diamond, **_stroke(paint, 1.5), stroke_linejoin="round")
    ink = paint.icon_fill
    s = min(hw, hh)
    thick: dict[str, Attr] = {
        "stroke": ink,
        "stroke-width": max(2.0, s * 0.14),
        "stroke-linecap": "round",
    }
    if node.kind == "exclusiveGateway" and marker_visible:
        d = s * 0.3
        canvas.line(Point(c.x - d, c.y - d), Point(c.x + d, c.y + d), **thick)
        canvas.line(Point(c.x - d, c.y + d), Point(c.x + d, c.y - d), **thick)
    elif node.kind == "parallelGateway":
        d = s * 0.45
        canvas.line(Point(c.x, c.y - d), Point(c.x, c.y + d), **thick)
        canvas.line(Point(c.x - d, c.y), Point(c.x + d, c.y), **thick)
    elif node.kind == "inclusiveGateway":
        canvas.circle(c.x, c.y, s * 0.42, fill="none", **thick)
    elif node.kind == "complexGateway":
        d = s * 0.45
        e = d * 0.72
        for a, b in (((0, -d), (0, d)), ((-d, 0), (d, 0)), ((-e, -e), (e, e)), ((-e, e), (e, -e))):
            canvas.line(Point(c.x + a[0], c.y + a[1]), Point(c.x + b[0], c.y + b[1]), **thick)
    elif node.kind == "eventBasedGateway":
        thin: dict[str, Attr] = {"fill": "none", "stroke": ink, "stroke-width": 1.0}
        canvas.circle(c.x, c.y, s * 0.5, **thin)
        parallel = (node.event_gateway_type or "").lower() == "parallel"
        if not node.instantiate and not parallel:
            canvas.circle(c.x, c.y, s * 0.42, **thin)
        kind = "parallelMultiple" if parallel else "multiple"
        event_icon(canvas, kind, c, s * 0.5, paint, filled=False)


def data(canvas: Canvas, item: DataItem, bounds: Bounds, *, collection: bool, paint: Paint) -> None:
    x, y, w, h = bounds.x, bounds.y, bounds.width, bounds.height
    if item.kind in {"dataStore", "dataStoreReference"}:
        ry = min(h * 0.12, 8.0)
        body = (
            f"M{num(x)},{num(y + ry)} a{num(w / 2)},{num(ry)} 0 0 1 {num(w)},0 v{num(h - 2 * ry)} "
            f"a{num(w / 2)},{num(ry)} 0 0 1 {num(-w)},0 z"
        )
        canvas.path(body, **_stroke(paint, 1.5))
        for k in (0, 1, 2):
            arc = f"M{num(x)},{num(y + ry + k * 4)} a{num(w / 2)},{num(ry)} 0 0 0 {num(w)},0"
            canvas.path(arc, fill="none", stroke=paint.stroke, stroke_width=1.2 * paint.weight)
        return
    fold = min(12.0, w / 3)
    page = (
        f"M{num(x)},{num(y)} h{num(w - fold)} l{num(fold)},{num(fold)} v{num(h - fold)} "
        f"h{num(-w)} z"
    )
    canvas.path(page, **_stroke(paint, 1.5), stroke_linejoin="round")
    corner = f"M{num(x + w - fold)},{num(y)} v{num(fold)} h{num(fold)}"
    canvas.path(corner, fill="none", stroke=paint.stroke, stroke_width=1.2 * paint.weight)
    if item.kind in {"dataInput", "dataOutput"}:
        arrow = [
            Point(x + 4, y + 7), Point(x + 10, y + 7), Point(x + 10, y + 4), Point(x + 16, y + 9.5),
            Point(x + 10, y + 15), Point(x + 10, y + 12), Point(x + 4, y + 12),
        ]  # fmt: skip
        fill = paint.icon_fill if item.kind == "dataOutput" else PAPER
        canvas.polygon(arrow, fill=fill, stroke=paint.icon_fill, stroke_width=1)
    if collection:
        for dx in (-4.0, 0.0, 4.0):
            cx = x + w / 2 + dx
            canvas.line(Point(cx, y + h - 12), Point(cx, y + h - 3), stroke=paint.icon_fill,
                        stroke_width=1.8)  # fmt: skip


def annotation(canvas: Canvas, text: str, bounds: Bounds, paint: Paint) -> None:
    x, y, w, h = bounds.x, bounds.y, bounds.width, bounds.height
    canvas.rect(x, y, w, h, fill=paint.fill if paint.fill != PAPER else "none", stroke="none")
    bracket = f"M{num(x + 12)},{num(y)} h-12 v{num(h)} h12"
    canvas.path(bracket, fill="none", stroke=paint.stroke, stroke_width=1.5 * paint.weight)
    if not text.strip():
        return
    lines, size = fit(text, max(w - 10, 20), max(h - 6, SMALL_FONT_SIZE * 1.2), SMALL_FONT_SIZE)
    block = len(lines) * size * 1.2
    first = y + max(3.0, (h - block) / 2) + size * 0.95
    canvas.text_lines(lines, x + 6, first, size, anchor="start", fill=paint.text)


def group(canvas: Canvas, bounds: Bounds, paint: Paint) -> None:
    stroke = GROUP if paint.stroke == "#1a1a1a" else paint.stroke
    canvas.rect(bounds.x, bounds.y, bounds.width, bounds.height, rx=10.0, ry=10.0, fill="none",
                stroke=stroke, stroke_width=1.5 * paint.weight,
                stroke_dasharray="10,4,2,4")  # fmt: skip
