"""Draws one BPMN diagram (DI shapes and edges, or a computed layout) as an SVG document."""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from engine.model.elements import Bounds, Definitions, Diagram, Edge, Point, Shape
from engine.render import edges, shapes
from engine.render.index import EdgeTarget, ElementIndex, ShapeTarget
from engine.render.shapes import EXTERNAL_LABEL_WIDTH
from engine.render.svg import Canvas, num
from engine.render.text import has_cjk, text_width, wrap
from engine.render.theme import FONT_STACK, SMALL_FONT_SIZE, paint_for

MARGIN = 20.0


@dataclass(slots=True)
class _Extent:
    """The box around everything drawn, for the viewBox."""

    x0: float = math.inf
    y0: float = math.inf
    x1: float = -math.inf
    y1: float = -math.inf

    def add_box(self, box: Bounds) -> None:
        self.x0 = min(self.x0, box.x)
        self.y0 = min(self.y0, box.y)
        self.x1 = max(self.x1, box.x + box.width)
        self.y1 = max(self.y1, box.y + box.height)

    def add_point(self, point: Point) -> None:
        self.add_box(Bounds(point.x, point.y, 0, 0))

    def view_box(self) -> Bounds:
        if self.x0 > self.x1:
            return Bounds(0, 0, 100, 100)
        return Bounds(
            self.x0 - MARGIN,
            self.y0 - MARGIN,
            self.x1 - self.x0 + 2 * MARGIN,
            self.y1 - self.y0 + 2 * MARGIN,
        )


@dataclass(slots=True)
class _Drawing:
    definitions: Definitions
    diagram: Diagram
    highlight: Mapping[str, str]
    process_id: str | None
    index: ElementIndex
    extent: _Extent = field(default_factory=_Extent)
    labels: Canvas = field(default_factory=Canvas)


def draw(
    definitions: Definitions,
    diagram: Diagram,
    *,
    highlight: Mapping[str, str],
    process_id: str | None = None,
    title: str | None = None,
) -> str:
    """The SVG document for ``diagram``; only ``process_id``'s elements when given."""
    drawing = _Drawing(definitions, diagram, highlight, process_id, ElementIndex(definitions))
    body = Canvas()
    placed = _placed_shapes(drawing)
    for shape, target in _ordered(drawing, placed):
        _shape(drawing, body, shape, target)
    for edge, edge_target in _placed_edges(drawing):
        _edge(drawing, body, edge, edge_target)
    for shape, target in placed:
        if target.role == "group":
            _shape(drawing, body, shape, target)
    box = drawing.extent.view_box()
    names = [t.name for _s, t in placed]
    lang = "ja" if any(has_cjk(n) for n in names) else "en"
    head = {
        "xmlns": "http://www.w3.org/2000/svg",
        "version": "1.1",
        "class": "mf-diagram",
        "viewBox": f"{num(box.x)} {num(box.y)} {num(box.width)} {num(box.height)}",
        "width": num(math.ceil(box.width)),
        "height": num(math.ceil(box.height)),
        "font-family": FONT_STACK,
        "xml:lang": lang,
        "data-diagram-id": diagram.id,
    }
    out = Canvas()
    out.parts.append('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.open("svg", head)
    if title:
        out.raw_text("title", {}, title)
    out.rect(box.x, box.y, box.width, box.height, fill="#ffffff", stroke="none",
             **{"class": "mf-background"})  # fmt: skip
    out.parts.extend(body.parts)
    out.open("g", {"class": "mf-labels"})
    out.parts.extend(drawing.labels.parts)
    out.close("g")
    out.close("svg")
    return out.markup() + "\n"


def _wanted(drawing: _Drawing, process_id: str | None) -> bool:
    return drawing.process_id is None or process_id == drawing.process_id


def _placed_shapes(drawing: _Drawing) -> list[tuple[Shape, ShapeTarget]]:
    out = []
    for element_id, shape in drawing.diagram.shapes.items():
        target = drawing.index.shapes.get(element_id)
        if target is not None and _wanted(drawing, target.process_id):
            out.append((shape, target))
    return out


def _placed_edges(drawing: _Drawing) -> list[tuple[Edge, EdgeTarget]]:
    out = []
    for element_id, edge in drawing.diagram.edges.items():
        target = drawing.index.edges.get(element_id)
        if target is not None and len(edge.waypoints) >= 2 and _wanted(drawing, target.process_id):
            out.append((edge, target))
    return out


def _area(shape: Shape) -> float:
    return shape.bounds.width * shape.bounds.height


def _is_expanded(drawing: _Drawing, shape: Shape, target: ShapeTarget) -> bool:
    node = target.node
    if node is None or not (node.is_subprocess or node.kind == "callActivity"):
        return False
    if shape.is_expanded is not None:
        return shape.is_expanded
    # Exporters often omit isExpanded: a sub-process whose children are drawn is expanded.
    return any(child in drawing.diagram.shapes for child in node.child_ids)


def _ordered(
    drawing: _Drawing, placed: list[tuple[Shape, ShapeTarget]]
) -> list[tuple[Shape, ShapeTarget]]:
    """Back to front: pools, lanes, expanded containers, activities and data, then events."""

    def rank(item: tuple[Shape, ShapeTarget]) -> tuple[int, float]:
        shape, target = item
        node = target.node
        if target.role == "pool":
            return 0, -_area(shape)
        if target.role == "lane":
            return 1, -_area(shape)
        if node is not None and _is_expanded(drawing, shape, target):
            return 2, -_area(shape)
        if node is None or node.is_activity:
            return 3, 0.0
        if node.kind == "boundaryEvent":
            return 5, 0.0
        return 4, 0.0

    drawn = [item for item in placed if item[1].role != "group"]
    return sorted(drawn, key=rank)


def _group_attrs(kind: str, element_id: str, state: str | None, role: str) -> dict[str, str]:
    classes = f"mf-{role} mf-{kind}"
    if state:
        classes += f" mf-state-{state}"
    attrs = {"class": classes, "data-element-id": element_id}
    if state:
        attrs["data-state"] = state
    return attrs


def _shape(drawing: _Drawing, canvas: Canvas, shape: Shape, target: ShapeTarget) -> None:
    state = drawing.highlight.get(shape.element_id)
    paint = paint_for(state)
    b = shape.bounds
    node = target.node
    kind = node.kind if node else (target.item.kind if target.item else target.role)
    canvas.open("g", _group_attrs(kind, shape.element_id, state, "shape"))
    drawing.extent.add_box(b)
    horizontal = shape.is_horizontal is not False
    if target.role == "pool":
        shapes.pool(canvas, b, target.name, horizontal=horizontal, paint=paint)
    elif target.role == "lane":
        shapes.lane(canvas, b, target.name, horizontal=horizontal, paint=paint)
    elif target.role == "annotation":
        shapes.annotation(canvas, target.name, b, paint)
    elif target.role == "group":
        shapes.group(canvas, b, paint)
    elif target.role == "data" and target.item is not None:
        shapes.data(canvas, target.item, b, collection=target.collection, paint=paint)
        _external_label(drawing, shape, target.name, state)
    elif node is not None and node.is_activity:
        expanded = _is_expanded(drawing, shape, target)
        shapes.activity(canvas, node, b, expanded=expanded, paint=paint)
    elif node is not None and node.family == "gateway":
        visible = shape.is_marker_visible is not False
        shapes.gateway(canvas, node, b, marker_visible=visible, paint=paint)
        _external_label(drawing, shape, target.name, state)
    elif node is not None:
        shapes.event(canvas, node, b, paint)
        _external_label(drawing, shape, target.name, state)
    canvas.close("g")


def _external_label(drawing: _Drawing, shape: Shape, name: str, state: str | None) -> None:
    if not name:
        return
    b = shape.bounds
    lb = shape.label_bounds
    size = SMALL_FONT_SIZE
    if lb is not None and lb.width > 1 and lb.height > 1:
        lines = wrap(name, max(lb.width, EXTERNAL_LABEL_WIDTH), size)
        cx, top = lb.x + lb.width / 2, lb.y
    else:
        lines = wrap(name, EXTERNAL_LABEL_WIDTH, size)
        cx, top = b.x + b.width / 2, b.y + b.height + 4
    _label(drawing, shape.element_id, lines, Point(cx, top), state=state)


def _label(
    drawing: _Drawing,
    element_id: str,
    lines: Sequence[str],
    at: Point,
    *,
    state: str | None,
) -> None:
    """A centred label whose first line's top is at ``at``."""
    size = SMALL_FONT_SIZE
    paint = paint_for(state)
    width = max((text_width(line, size) for line in lines), default=0.0)
    drawing.extent.add_box(Bounds(at.x - width / 2, at.y, width, len(lines) * size * 1.2))
    attrs = {"class": "mf-label", "data-label-for": element_id}
    drawing.labels.open("g", attrs)
    drawing.labels.text_lines(lines, at.x, at.y + size * 0.95, size, fill=paint.text)
    drawing.labels.close("g")


def _midpoint(pts: Sequence[Point]) -> tuple[Point, bool]:
    """The point halfway along a polyline and whether that segment is vertical."""
    lengths = [math.dist((a.x, a.y), (b.x, b.y)) for a, b in itertools.pairwise(pts)]
    half = sum(lengths) / 2
    for (a, b), length in zip(itertools.pairwise(pts), lengths, strict=True):
        if half <= length and length > 0:
            t = half / length
            return Point(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t), abs(b.x - a.x) < abs(
                b.y - a.y
            )
        half -= length
    return pts[0], False


def _edge(drawing: _Drawing, canvas: Canvas, edge: Edge, target: EdgeTarget) -> None:
    state = drawing.highlight.get(edge.element_id)
    paint = paint_for(state)
    pts = edge.waypoints
    for point in pts:
        drawing.extent.add_point(point)
    canvas.open("g", _group_attrs(target.role, edge.element_id, state, "edge"))
    if target.role == "sequence" and target.flow is not None:
        flow = target.flow
        source = drawing.index.nodes.get(flow.source_id)
        is_default = source is not None and source.default_flow == flow.id
        conditional = (
            flow.condition is not None
            and not is_default
            and source is not None
            and source.is_activity
        )
        edges.sequence_flow(canvas, pts, paint, default=is_default, conditional=conditional)
    elif target.role == "message":
        edges.message_flow(canvas, pts, paint)
    elif target.role == "association" and target.association is not None:
        direction = (target.association.direction or "None").lower()
        edges.association(
            canvas, pts, paint, head=direction in {"one", "both"}, tail=direction == "both"
        )
    else:
        edges.association(canvas, pts, paint, head=True)
    canvas.close("g")
    if target.name:
        size = SMALL_FONT_SIZE
        lb = edge.label_bounds
        if lb is not None and lb.width > 1:
            lines = wrap(target.name, max(lb.width, EXTERNAL_LABEL_WIDTH), size)
            _label(drawing, edge.element_id, lines, Point(lb.x + lb.width / 2, lb.y), state=state)
        else:
            mid, vertical = _midpoint(pts)
            lines = wrap(target.name, EXTERNAL_LABEL_WIDTH, size)
            width = max(text_width(line, size) for line in lines)
            block = len(lines) * size * 1.2
            at = (
                Point(mid.x + width / 2 + 4, mid.y - block / 2)
                if vertical
                else Point(mid.x, mid.y - block - 3)
            )
            _label(drawing, edge.element_id, lines, at, state=state)
