"""Swimlane layout without Graphviz: columns by flow rank, rows by lane, for writing BPMN DI.

The flow runs left to right. A node's column is the length of the longest path to it from
the start, with loops (back edges found by a depth-first walk from the start events) left
out of the ranking; its row band is its lane, and several nodes of one lane in one column
are stacked. Every flow is routed orthogonally (``engine.render.layout.route``). Collapsed
sub-processes get their own diagram (a drill-down plane, as bpmn.io draws them).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Final

from engine.model.elements import (
    Bounds,
    Definitions,
    Diagram,
    Edge,
    FlowNode,
    Lane,
    Point,
    Process,
    SequenceFlow,
    Shape,
)
from engine.render.layout import route
from engine.render.text import text_width, wrap

BAND: Final = 30.0  # width of the name band of a pool or lane
TASK_SIZE: Final = (100.0, 80.0)  # bpmn.io's default task size
EVENT_SIZE: Final = (36.0, 36.0)
GATEWAY_SIZE: Final = (50.0, 50.0)
DATA_SIZE: Final = (36.0, 50.0)
NOTE_SIZE: Final = (100.0, 30.0)
COLUMN: Final = 150.0  # distance between the centres of neighbouring columns
ROW: Final = 120.0  # distance between the centres of stacked nodes in one lane
LANE_PAD: Final = 15.0  # space above the first and below the last row of a lane
ARTIFACT_ROW: Final = 80.0  # extra strip of a lane holding its data objects and notes
MARGIN: Final = 50.0  # space between the lane band and the first column
POOL_GAP: Final = 40.0
BLACK_BOX_HEIGHT: Final = 80.0
LABEL_FONT: Final = 11.0
LABEL_WIDTH: Final = 90.0


def node_size(node: FlowNode) -> tuple[float, float]:
    """BPMN's usual sizes, as bpmn.io draws them."""
    if node.family == "event":
        return EVENT_SIZE
    if node.family == "gateway":
        return GATEWAY_SIZE
    return TASK_SIZE


def label_box(text: str, center_x: float, top: float) -> Bounds:
    """An external label of ``text`` centred on ``center_x`` from ``top`` down."""
    lines = wrap(text.strip(), LABEL_WIDTH, LABEL_FONT) or [""]
    width = max(10.0, *(text_width(line, LABEL_FONT) for line in lines))
    height = len(lines) * LABEL_FONT * 1.3
    return Bounds(round(center_x - width / 2), round(top), round(width), round(height))


def leaf_lanes(lanes: Iterable[Lane]) -> list[Lane]:
    out: list[Lane] = []
    for lane in lanes:
        out.extend(leaf_lanes(lane.lanes) if lane.lanes else [lane])
    return out


def _depth(lanes: Iterable[Lane]) -> int:
    return max((1 + _depth(lane.lanes) for lane in lanes), default=0)


@dataclass(slots=True)
class Scope:
    """The nodes and flows drawn on one plane level: a process, or a sub-process's content."""

    nodes: list[FlowNode]  # without boundary events, in file order
    boundaries: list[FlowNode]
    flows: list[SequenceFlow]

    @classmethod
    def of(cls, process: Process, parent_id: str | None) -> Scope:
        inside = [n for n in process.nodes.values() if n.parent_id == parent_id]
        return cls(
            nodes=[n for n in inside if n.kind != "boundaryEvent"],
            boundaries=[n for n in inside if n.kind == "boundaryEvent" and n.attached_to],
            flows=[f for f in process.flows.values() if f.parent_id == parent_id],
        )


def ranks(scope: Scope) -> dict[str, int]:
    """Column of every node: longest path from a source, loops ignored."""
    ids = [n.id for n in scope.nodes]
    known = set(ids)
    host = {b.id: b.attached_to for b in scope.boundaries if b.attached_to in known}
    successors: dict[str, list[str]] = {i: [] for i in ids}
    for flow in scope.flows:
        source = host.get(flow.source_id, flow.source_id)
        if source in known and flow.target_id in known and flow.target_id != source:
            successors[source].append(flow.target_id)
    has_incoming = {t for targets in successors.values() for t in targets}
    kinds = {n.id: n.kind for n in scope.nodes}
    roots = [i for i in ids if kinds[i] == "startEvent"]
    roots += [i for i in ids if i not in has_incoming and i not in roots]
    roots += ids  # whatever a loop keeps unreachable
    back: set[tuple[str, str]] = set()
    state: dict[str, int] = {}  # 1 on the walk's path, 2 done
    for root in roots:
        if root in state:
            continue
        stack: list[tuple[str, int]] = [(root, 0)]
        state[root] = 1
        while stack:
            current, index = stack.pop()
            if index < len(successors[current]):
                stack.append((current, index + 1))
                target = successors[current][index]
                if state.get(target) == 1:
                    back.add((current, target))
                elif target not in state:
                    state[target] = 1
                    stack.append((target, 0))
            else:
                state[current] = 2
    forward = {i: [t for t in successors[i] if (i, t) not in back] for i in ids}
    indegree = dict.fromkeys(ids, 0)
    for targets in forward.values():
        for target in targets:
            indegree[target] += 1
    rank = dict.fromkeys(ids, 0)
    ready = [i for i in ids if indegree[i] == 0]
    while ready:
        current = ready.pop(0)
        for target in forward[current]:
            rank[target] = max(rank[target], rank[current] + 1)
            indegree[target] -= 1
            if indegree[target] == 0:
                ready.append(target)
    return rank


@dataclass(slots=True)
class _Band:
    """One horizontal band of a plane: a leaf lane, or a process without lanes."""

    key: str
    nodes: list[FlowNode] = field(default_factory=list)
    artifacts: list[str] = field(default_factory=list)
    rows: int = 1
    top: float = 0.0
    height: float = 0.0


class PlaneLayout:
    """Shapes and edges of one diagram, built process by process."""

    def __init__(self, definitions: Definitions) -> None:
        self.definitions = definitions
        self.shapes: dict[str, Shape] = {}
        self.edges: dict[str, Edge] = {}

    def add(
        self,
        element_id: str,
        bounds: Bounds,
        *,
        is_horizontal: bool | None = None,
        is_expanded: bool | None = None,
        label_bounds: Bounds | None = None,
    ) -> None:
        rounded = Bounds(
            round(bounds.x), round(bounds.y), round(bounds.width), round(bounds.height)
        )
        self.shapes[element_id] = Shape(
            None,
            element_id,
            rounded,
            0,
            is_horizontal=is_horizontal,
            is_expanded=is_expanded,
            label_bounds=label_bounds,
        )

    def diagram(self, plane_element_id: str) -> Diagram:
        return Diagram(None, None, plane_element_id, 0, dict(self.shapes), dict(self.edges))

    # --- one scope ---------------------------------------------------------------------
    def place_scope(
        self, process: Process, scope: Scope, lanes: list[Lane], left: float, top: float
    ) -> tuple[float, float, dict[str, _Band]]:
        """Places ``scope`` in bands from (left, top); returns content width, bottom, bands."""
        rank = ranks(scope)
        leaves = leaf_lanes(lanes)
        bands: dict[str, _Band] = {leaf.id: _Band(leaf.id) for leaf in leaves} or {"": _Band("")}
        first = next(iter(bands))
        lane_of: dict[str, str] = {}
        for leaf in leaves:
            for ref in leaf.flow_node_refs:
                lane_of.setdefault(ref, leaf.id)
        for node in scope.nodes:
            key = lane_of.get(node.id) or (node.lane_id if node.lane_id in bands else None)
            bands[key or first].nodes.append(node)
        row: dict[str, int] = {}
        predecessors: dict[str, list[str]] = {}
        for flow in scope.flows:
            predecessors.setdefault(flow.target_id, []).append(flow.source_id)
        for band in bands.values():
            used: dict[int, int] = {}
            for node in sorted(band.nodes, key=lambda n: rank[n.id]):
                column = rank[node.id]
                wished = [row[p] for p in predecessors.get(node.id, []) if p in row]
                want = min(wished) if wished else 0
                row[node.id] = max(want, used.get(column, 0))
                used[column] = row[node.id] + 1
            band.rows = max(used.values(), default=1)
        self._artifacts(process, scope, bands, lane_of, first)
        columns = max(rank.values(), default=0) + 1
        width = MARGIN * 2 + columns * COLUMN
        y = top
        for band in bands.values():
            band.top = y
            band.height = band.rows * ROW + 2 * LANE_PAD + (ARTIFACT_ROW if band.artifacts else 0)
            y += band.height
        centre: dict[str, Point] = {}
        for band in bands.values():
            for node in band.nodes:
                centre[node.id] = Point(
                    left + MARGIN + rank[node.id] * COLUMN + COLUMN / 2,
                    band.top + LANE_PAD + row[node.id] * ROW + ROW / 2,
                )
        rising = {
            f.source_id
            for f in scope.flows
            if f.source_id in centre
            and f.target_id in centre
            and centre[f.target_id].y < centre[f.source_id].y
        }
        for band in bands.values():
            for node in band.nodes:
                w, h = node_size(node)
                c = centre[node.id]
                bounds = Bounds(c.x - w / 2, c.y - h / 2, w, h)
                named = bool(node.name and node.name.strip())
                label = None
                if named and (node.family == "event" or node.id in rising):
                    label = label_box(node.name or "", c.x, bounds.y + h + 5)
                elif named and node.family == "gateway":
                    # Above: its branches leave to the right and downwards.
                    box = label_box(node.name or "", c.x, 0)
                    label = Bounds(box.x, bounds.y - box.height - 5, box.width, box.height)
                if node.is_subprocess:
                    self.add(node.id, bounds, is_expanded=False)
                else:
                    self.add(node.id, bounds, label_bounds=label)
        self._boundaries(scope)
        self._place_artifacts(process, bands, left, width)
        self._flows(scope, left + MARGIN)
        return width, y, bands

    def _artifacts(
        self,
        process: Process,
        scope: Scope,
        bands: dict[str, _Band],
        lane_of: dict[str, str],
        first: str,
    ) -> None:
        """Data references and text annotations go to the band of an element they touch."""
        in_scope = {n.id for n in scope.nodes}
        parent = scope.nodes[0].parent_id if scope.nodes else None
        touching: dict[str, str] = {}
        for data in process.data_associations:
            if data.activity_id in in_scope:
                for item in (*data.source_ids, data.target_id):
                    if item:
                        touching.setdefault(item, data.activity_id)
        for link in process.associations:
            touching.setdefault(link.source_id, link.target_id)
            touching.setdefault(link.target_id, link.source_id)
        drawable = [
            d.id
            for d in process.data.values()
            if d.kind in {"dataObjectReference", "dataStoreReference"} and d.parent_id == parent
        ]
        if parent is None:
            drawable += [a.id for a in process.annotations]
        for item in drawable:
            anchor = touching.get(item)
            key = lane_of.get(anchor or "") or first
            bands[key].artifacts.append(item)

    def _place_artifacts(
        self, process: Process, bands: dict[str, _Band], left: float, width: float
    ) -> None:
        notes = {a.id for a in process.annotations}
        for band in bands.values():
            x = left + MARGIN
            for item in band.artifacts:
                w, h = NOTE_SIZE if item in notes else DATA_SIZE
                bottom = band.top + band.height - LANE_PAD
                self.add(item, Bounds(x, bottom - h, w, h))
                x = min(x + w + 30, left + width - w)
        for assoc in process.associations:
            self._straight(assoc.id, assoc.source_id, assoc.target_id)
        for data in process.data_associations:
            if data.id is None:
                continue
            if data.direction == "input" and data.source_ids:
                self._straight(data.id, data.source_ids[0], data.activity_id)
            elif data.direction == "output" and data.target_id:
                self._straight(data.id, data.activity_id, data.target_id)

    def _straight(self, element_id: str, source_id: str, target_id: str) -> None:
        a, b = self.shapes.get(source_id), self.shapes.get(target_id)
        if a is not None and b is not None:
            self.edges[element_id] = Edge(None, element_id, (a.bounds.center, b.bounds.center), 0)

    def _boundaries(self, scope: Scope) -> None:
        by_host: dict[str, list[FlowNode]] = {}
        for event in scope.boundaries:
            by_host.setdefault(event.attached_to or "", []).append(event)
        for host_id, events in by_host.items():
            host = self.shapes.get(host_id)
            if host is None:
                continue
            hb = host.bounds
            for index, event in enumerate(events):
                cx = hb.x + hb.width * (index + 1) / (len(events) + 1)
                bounds = Bounds(cx - 18, hb.y + hb.height - 18, 36, 36)
                label = None
                if event.name and event.name.strip():
                    label = label_box(event.name, cx + 30, bounds.y + 38)
                self.add(event.id, bounds, label_bounds=label)

    def _flows(self, scope: Scope, grid: float) -> None:
        kinds: dict[str, str] = {n.id: n.family for n in scope.nodes}
        kinds.update({b.id: "boundary" for b in scope.boundaries})
        for flow in scope.flows:
            source = self.shapes.get(flow.source_id)
            target = self.shapes.get(flow.target_id)
            if source is None or target is None:
                continue
            points = route(
                source.bounds,
                target.bounds,
                source_kind=kinds.get(flow.source_id, ""),
                target_kind=kinds.get(flow.target_id, ""),
            )
            ends = {flow.source_id, flow.target_id}
            ends |= {b.attached_to for b in scope.boundaries if b.id in ends and b.attached_to}
            obstacles = [
                self.shapes[n.id].bounds
                for n in (*scope.nodes, *scope.boundaries)
                if n.id not in ends and n.id in self.shapes
            ]
            if any(_crosses(points, box) for box in obstacles):
                boundary = kinds.get(flow.source_id) == "boundary"
                points = _detour(source.bounds, target.bounds, points, obstacles, grid, boundary)
            points = [Point(round(p.x), round(p.y)) for p in points]
            label = None
            if flow.name and flow.name.strip() and len(points) >= 2:
                a, b = points[0], points[1]
                if abs(a.x - b.x) < 1 and len(points) >= 3:  # leaves up or down: by the turn
                    a, b = points[1], points[2]
                label = label_box(flow.name, (a.x + b.x) / 2, (a.y + b.y) / 2 - 18)
            self.edges[flow.id] = Edge(None, flow.id, tuple(points), 0, label_bounds=label)

    # --- pools and lanes -----------------------------------------------------------------
    def lane_shapes(
        self, lanes: list[Lane], bands: dict[str, _Band], x: float, right: float
    ) -> tuple[float, float]:
        """Shapes of ``lanes`` (nested ones inside their parent); returns their top, bottom."""
        top = bottom = None
        for lane in lanes:
            if lane.lanes:
                t, b = self.lane_shapes(lane.lanes, bands, x + BAND, right)
            else:
                band = bands[lane.id]
                t, b = band.top, band.top + band.height
            self.add(lane.id, Bounds(x, t, right - x, b - t), is_horizontal=True)
            top = t if top is None else min(top, t)
            bottom = b if bottom is None else max(bottom, b)
        return top or 0.0, bottom or 0.0


def _crosses(points: list[Point], box: Bounds) -> bool:
    """Whether the path runs through ``box`` (touching its border does not count)."""
    left, right = box.x + 2, box.x + box.width - 2
    top, bottom = box.y + 2, box.y + box.height - 2
    for a, b in itertools.pairwise(points):
        if a.y == b.y and top < a.y < bottom and min(a.x, b.x) < right and max(a.x, b.x) > left:
            return True
        if a.x == b.x and left < a.x < right and min(a.y, b.y) < bottom and max(a.y, b.y) > top:
            return True
    return False


def _detour(
    a: Bounds,
    b: Bounds,
    points: list[Point],
    obstacles: list[Bounds],
    grid: float,
    boundary: bool,
) -> list[Point]:
    """Round the shapes in the way: along the gap under (else over) the row, in from below."""
    s, t = a.center, b.center
    low, high = min(s.x, t.x), max(s.x, t.x)
    # The shapes in the way are those of the rows of both ends.
    row = [
        o
        for o in obstacles
        if o.x < high
        and o.x + o.width > low
        and (o.y < s.y < o.y + o.height or o.y < t.y < o.y + o.height)
    ]
    below = max([a.y + a.height, b.y + b.height] + [o.y + o.height for o in row]) + 10
    down = [
        Point(s.x, a.y + a.height),
        Point(s.x, below),
        Point(t.x, below),
        Point(t.x, b.y + b.height),
    ]
    above = min([a.y, b.y] + [o.y for o in row]) - 10
    up = [Point(s.x, a.y), Point(s.x, above), Point(t.x, above), Point(t.x, b.y)]
    ways = [down, up, _through_gaps(a, b, grid, boundary)]
    for way in ways:
        if not any(_crosses(way, o) for o in obstacles):
            return way
    # Else the way that runs through the fewest shapes.
    return min([points, *ways], key=lambda path: sum(_crosses(path, o) for o in obstacles))


def _through_gaps(a: Bounds, b: Bounds, grid: float, boundary: bool) -> list[Point]:
    """Along the empty lanes of the grid: out to the gap right of the source's column, to the
    gap above the target's row, to the gap left of the target's column, and in from the left.
    Shapes sit in the middle of their column and row, so these lines cross none of them."""
    s, t = a.center, b.center
    right = grid + (int((s.x - grid) // COLUMN) + 1) * COLUMN
    left = grid + int((t.x - grid) // COLUMN) * COLUMN
    if boundary:  # on its host's lower edge: just under it, then along
        start = [Point(s.x, a.y + a.height), Point(s.x, a.y + a.height + 1)]
        start.append(Point(right, start[-1].y))
    elif a.height < TASK_SIZE[1]:  # a small shape: leave downwards, under the row's tasks
        start = [Point(s.x, a.y + a.height), Point(s.x, s.y + TASK_SIZE[1] / 2 + 10)]
        start.append(Point(right, start[-1].y))
    else:
        start = [Point(a.x + a.width, s.y), Point(right, s.y)]
    # Under the boundary events of the row above, over the tasks of the target's row.
    above = t.y - TASK_SIZE[1] / 2 - 10
    return [
        *start,
        Point(right, above),
        Point(left, above),
        Point(left, t.y),
        Point(b.x, t.y),
    ]


def _process_order(definitions: Definitions) -> list[str]:
    order = [p.process_ref for p in definitions.participants() if p.process_ref]
    order += list(definitions.processes)
    seen: list[str] = []
    for pid in order:
        if pid in definitions.processes and pid not in seen:
            seen.append(pid)
    return seen


def _message_flows(definitions: Definitions, plane: PlaneLayout) -> None:
    for message in definitions.message_flows():
        a = plane.shapes.get(message.source_id)
        b = plane.shapes.get(message.target_id)
        if a is None or b is None:
            continue
        ab, bb = a.bounds, b.bounds
        down = bb.center.y > ab.center.y
        x = ab.center.x if ab.width < 200 else bb.center.x
        end_x = bb.center.x if bb.width < 200 else x
        start = Point(x, ab.y + ab.height if down else ab.y)
        end = Point(end_x, bb.y if down else bb.y + bb.height)
        mid = round((start.y + end.y) / 2)
        points = (start, Point(x, mid), Point(end_x, mid), end) if x != end_x else (start, end)
        label = None
        if message.name and message.name.strip():  # beside the line, halfway
            box = label_box(message.name, 0, 0)
            label = Bounds(x + 5, mid - box.height - 4, box.width, box.height)
        plane.edges[message.id] = Edge(None, message.id, points, 0, label_bounds=label)


def layout(definitions: Definitions) -> list[Diagram]:
    """Diagrams for the whole document: the main plane, then one per collapsed sub-process."""
    main = PlaneLayout(definitions)
    participants = definitions.participants()
    pooled = any(p.process_ref in definitions.processes for p in participants)
    y = 0.0
    placed: list[tuple[Process, float, float, float, dict[str, _Band]]] = []
    for pid in _process_order(definitions):
        process = definitions.processes[pid]
        scope = Scope.of(process, None)
        participant = definitions.participant_for(pid)
        if not scope.nodes and participant is None:
            continue
        left = (BAND if participant is not None else 0.0) + _depth(process.lanes) * BAND
        width, bottom, bands = main.place_scope(process, scope, process.lanes, left, y)
        placed.append((process, y, bottom, left + width, bands))
        y = bottom + POOL_GAP
    right = max((p[3] for p in placed), default=600.0)
    for process, top, bottom, _end, bands in placed:
        participant = definitions.participant_for(process.id)
        x = BAND if participant is not None else 0.0
        if process.lanes:
            main.lane_shapes(process.lanes, bands, x, right)
        if participant is not None:
            main.add(participant.id, Bounds(0, top, right, bottom - top), is_horizontal=True)
    for participant in participants:
        if participant.id not in main.shapes:  # a black box, or a pool of an empty process
            main.add(participant.id, Bounds(0, y, right, BLACK_BOX_HEIGHT), is_horizontal=True)
            y += BLACK_BOX_HEIGHT + POOL_GAP
    _message_flows(definitions, main)
    if definitions.collaborations and pooled:
        plane_id = definitions.collaborations[0].id
    elif placed:
        plane_id = placed[0][0].id
    else:
        plane_id = definitions.collaborations[0].id if definitions.collaborations else ""
    diagrams = [main.diagram(plane_id)] if plane_id else []
    for process, *_rest in placed:
        diagrams.extend(_subprocess_planes(definitions, process))
    return diagrams


def _subprocess_planes(definitions: Definitions, process: Process) -> list[Diagram]:
    out: list[Diagram] = []
    for node in process.nodes.values():
        if not node.is_subprocess or not node.child_ids:
            continue
        plane = PlaneLayout(definitions)
        plane.place_scope(process, Scope.of(process, node.id), [], 0.0, 0.0)
        out.append(plane.diagram(node.id))
    return out
