"""Automatic layout with Graphviz ``dot`` for models without DI: the same Shape/Edge geometry.

dot places the nodes (rankdir=LR, one cluster per lane); we then straighten the lanes into
full-width swimlane bands in model order and route every flow orthogonally, BPMN style.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Final

from engine.errors import InputError, InternalError, SetupError
from engine.model.elements import (
    Bounds,
    Definitions,
    Diagram,
    Edge,
    FlowNode,
    Lane,
    Point,
    Process,
    Shape,
)
from engine.render.shapes import BAND_SIZE, EXTERNAL_LABEL_WIDTH
from engine.render.text import fit, text_width, wrap
from engine.render.theme import SMALL_FONT_SIZE

DOT_TIMEOUT: Final = 30.0
LANE_PAD: Final = 28.0
MIN_LANE: Final = 110.0
POOL_GAP: Final = 40.0
CONTENT_PAD: Final = 30.0

DotRunner = Callable[[str], str]
"""Takes dot source, returns ``dot -Tjson`` output: the seam tests can swap."""


class GraphvizMissingError(SetupError):
    """``dot`` is not installed: the user has to install Graphviz."""

    def __init__(self) -> None:
        super().__init__("render.graphviz-missing")


class GraphvizTimeoutError(InputError):
    def __init__(self, seconds: float) -> None:
        super().__init__("render.graphviz-timeout", seconds=int(seconds))


def run_dot(source: str) -> str:
    """``dot -Tjson`` on ``source``; raises our errors when dot is missing or fails."""
    dot = shutil.which("dot")
    if dot is None:
        raise GraphvizMissingError
    try:
        result = subprocess.run(
            [dot, "-Tjson"], input=source, capture_output=True, text=True,
            timeout=DOT_TIMEOUT, check=False,
        )  # fmt: skip
    except subprocess.TimeoutExpired as exc:
        raise GraphvizTimeoutError(DOT_TIMEOUT) from exc
    except OSError as exc:
        raise GraphvizMissingError from exc
    if result.returncode != 0:
        raise InternalError("render.graphviz-failed", detail=result.stderr.strip()[:500])
    return result.stdout


def node_size(node: FlowNode) -> tuple[float, float]:
    """Width and height of a flow node in the automatic layout (BPMN's usual sizes)."""
    if node.family == "event":
        return 36.0, 36.0
    if node.family == "gateway":
        return 50.0, 50.0
    lines, _size = fit(node.name or "", 104, 1000, 12)
    return 120.0, max(80.0, len(lines) * 14.4 + 30)


@dataclass(slots=True)
class _Graph:
    """The dot graph under construction and the names it uses for our elements."""

    lines: list[str] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)  # dot name -> element id
    sizes: dict[str, tuple[float, float]] = field(default_factory=dict)

    def node(self, element_id: str, size: tuple[float, float]) -> str:
        name = f"n{len(self.names)}"
        self.names[name] = element_id
        self.sizes[element_id] = size
        w, h = size
        self.lines.append(f'{name} [width={w / 72:.4f}, height={h / 72:.4f}, label=""];')
        return name


def _leaf_lanes(lanes: Iterable[Lane]) -> list[Lane]:
    out: list[Lane] = []
    for lane in lanes:
        out.extend(_leaf_lanes(lane.lanes) if lane.lanes else [lane])
    return out


def _laid_out_nodes(process: Process) -> list[FlowNode]:
    return [n for n in process.top_nodes() if n.kind != "boundaryEvent"]


def _lane_key(process: Process, node: FlowNode) -> str:
    """The leaf lane a node is drawn in ('' when the process has no lanes)."""
    leaves = _leaf_lanes(process.lanes)
    if not leaves:
        return ""
    for leaf in leaves:
        if node.id in leaf.flow_node_refs or leaf.id == node.lane_id:
            return leaf.id
    return leaves[0].id


def _dot_source(processes: list[Process], graph: _Graph) -> str:
    ids: dict[str, str] = {}
    for p_index, process in enumerate(processes):
        graph.lines.append(f"subgraph cluster_p{p_index} {{")
        by_lane: dict[str, list[FlowNode]] = {}
        for node in _laid_out_nodes(process):
            by_lane.setdefault(_lane_key(process, node), []).append(node)
        for l_index, key in enumerate([leaf.id for leaf in _leaf_lanes(process.lanes)] or [""]):
            graph.lines.append(f"subgraph cluster_p{p_index}_l{l_index} {{")
            for node in by_lane.get(key, []):
                ids[node.id] = graph.node(node.id, node_size(node))
            graph.lines.append("}")
        graph.lines.append("}")
    for process in processes:
        hosts = {n.id: n.attached_to for n in process.nodes.values() if n.kind == "boundaryEvent"}
        for flow in process.flows.values():
            source = hosts.get(flow.source_id) or flow.source_id
            if source in ids and flow.target_id in ids:
                graph.lines.append(f"{ids[source]} -> {ids[flow.target_id]};")
    header = (
        "digraph G { rankdir=LR; nodesep=0.55; ranksep=0.65; splines=false; "
        'node [shape=box, fixedsize=true]; graph [margin=0, label=""];'
    )
    return "\n".join([header, *graph.lines, "}"])


def _positions(output: str, graph: _Graph) -> dict[str, Bounds]:
    """Top-down bounds of every node from dot's JSON (dot's y axis points up)."""
    data = json.loads(output)
    height = float(str(data.get("bb", "0,0,0,0")).split(",")[3])
    out: dict[str, Bounds] = {}
    for obj in data.get("objects", []):
        element_id = graph.names.get(str(obj.get("name")))
        if element_id is None or "pos" not in obj:
            continue
        x, y = (float(v) for v in str(obj["pos"]).split(",")[:2])
        w, h = graph.sizes[element_id]
        out[element_id] = Bounds(x - w / 2, (height - y) - h / 2, w, h)
    return out


def compute_layout(
    definitions: Definitions, *, process_id: str | None = None, runner: DotRunner = run_dot
) -> Diagram:
    """A diagram for ``process_id`` (or every process with nodes), laid out by dot."""
    if process_id is not None:
        processes = [definitions.processes[process_id]]
    else:
        order = [p.process_ref for p in definitions.participants() if p.process_ref]
        order += [pid for pid in definitions.processes if pid not in order]
        processes = [
            definitions.processes[pid]
            for pid in order
            if pid in definitions.processes and definitions.processes[pid].nodes
        ]
    graph = _Graph()
    source = _dot_source(processes, graph)
    placed = _positions(runner(source), graph) if graph.names else {}
    return _Assembler(definitions, processes, placed).diagram()


def _lane_depth(lanes: Iterable[Lane]) -> int:
    return max((1 + _lane_depth(lane.lanes) for lane in lanes), default=0)


class _Assembler:
    """Turns dot's node positions into pools, swimlanes, shapes and routed edges."""

    def __init__(
        self, definitions: Definitions, processes: list[Process], placed: dict[str, Bounds]
    ) -> None:
        self.definitions = definitions
        self.processes = processes
        self.placed = placed
        self.shapes: dict[str, Shape] = {}
        self.kinds: dict[str, str] = {}
        pools = any(definitions.participant_for(p.id) for p in processes)
        depth = max((_lane_depth(p.lanes) for p in processes), default=0)
        x_min = min((b.x for b in placed.values()), default=0.0)
        x_max = max((b.x + b.width for b in placed.values()), default=0.0)
        self.content_x = (BAND_SIZE if pools else 0.0) + depth * BAND_SIZE + CONTENT_PAD
        self.dx = self.content_x - x_min
        self.width = self.content_x + (x_max - x_min) + CONTENT_PAD

    def diagram(self) -> Diagram:
        y = 0.0
        for process in self.processes:
            participant = self.definitions.participant_for(process.id)
            x = BAND_SIZE if participant is not None else 0.0
            bottom = self._bands(process, process.lanes, x, y) if process.lanes else None
            if bottom is None:
                bottom = self._band_nodes(process, "", y)
            if participant is not None:
                self._add(participant.id, Bounds(0, y, self.width, bottom - y), horizontal=True)
            self._boundaries(process)
            y = bottom + POOL_GAP
        diagram = Diagram(id=None, name=None, plane_element_id=None, line=0)
        # Containers first, so that drawing order and DI order agree.
        for element_id, shape in self.shapes.items():
            if element_id not in self.kinds:
                diagram.shapes[element_id] = shape
        for element_id, shape in self.shapes.items():
            if element_id in self.kinds:
                diagram.shapes[element_id] = shape
        diagram.edges = self._edges()
        return diagram

    def _add(self, element_id: str, bounds: Bounds, *, horizontal: bool | None = None,
             expanded: bool | None = None, label: Bounds | None = None) -> None:  # fmt: skip
        self.shapes[element_id] = Shape(
            None, element_id, bounds, 0, is_horizontal=horizontal, is_expanded=expanded,
            label_bounds=label,
        )  # fmt: skip

    def _bands(self, process: Process, lanes: list[Lane], x: float, y: float) -> float:
        for lane in lanes:
            top = y
            if lane.lanes:
                y = self._bands(process, lane.lanes, x + BAND_SIZE, y)
            else:
                y = self._band_nodes(process, lane.id, y)
            self._add(lane.id, Bounds(x, top, self.width - x, y - top), horizontal=True)
        return y

    def _band_nodes(self, process: Process, lane_key: str, top: float) -> float:
        """Moves a lane's nodes into the band starting at ``top``; returns its bottom."""
        nodes = [
            n
            for n in _laid_out_nodes(process)
            if _lane_key(process, n) == lane_key and n.id in self.placed
        ]
        if not nodes:
            return top + MIN_LANE
        y0 = min(self.placed[n.id].y for n in nodes)
        y1 = max(self.placed[n.id].y + self.placed[n.id].height for n in nodes)
        height = max(MIN_LANE, y1 - y0 + LANE_PAD * 2 + 16)
        offset = top + LANE_PAD + (height - LANE_PAD * 2 - 16 - (y1 - y0)) / 2 - y0
        for node in nodes:
            b = self.placed[node.id]
            bounds = Bounds(b.x + self.dx, b.y + offset, b.width, b.height)
            label = _gateway_label(node, bounds) if node.family == "gateway" else None
            self._add(node.id, bounds, expanded=False if node.is_subprocess else None, label=label)
            self.kinds[node.id] = node.family
        return top + height

    def _boundaries(self, process: Process) -> None:
        by_host: dict[str, list[FlowNode]] = {}
        for node in process.top_nodes():
            if node.kind == "boundaryEvent" and node.attached_to:
                by_host.setdefault(node.attached_to, []).append(node)
        for host_id, events in by_host.items():
            host = self.shapes.get(host_id)
            if host is None:
                continue
            hb = host.bounds
            for index, event in enumerate(events):
                cx = hb.x + hb.width * (index + 1) / (len(events) + 1)
                self._add(event.id, Bounds(cx - 18, hb.y + hb.height - 18, 36, 36))
                self.kinds[event.id] = "boundary"

    def _edges(self) -> dict[str, Edge]:
        out: dict[str, Edge] = {}
        for process in self.processes:
            for flow in process.flows.values():
                source = self.shapes.get(flow.source_id)
                target = self.shapes.get(flow.target_id)
                if source is None or target is None:
                    continue
                points = route(
                    source.bounds,
                    target.bounds,
                    source_kind=self.kinds.get(flow.source_id, ""),
                    target_kind=self.kinds.get(flow.target_id, ""),
                )
                out[flow.id] = Edge(None, flow.id, tuple(points), 0)
        for message in self.definitions.message_flows():
            source = self.shapes.get(message.source_id)
            target = self.shapes.get(message.target_id)
            if source is not None and target is not None:
                points = _vertical_route(source.bounds, target.bounds)
                out[message.id] = Edge(None, message.id, tuple(points), 0)
        return out


def _gateway_label(node: FlowNode, bounds: Bounds) -> Bounds | None:
    """Above and left of a gateway, where no flow runs (branches leave up, down and right)."""
    name = (node.name or "").strip()
    if not name:
        return None
    lines = wrap(name, EXTERNAL_LABEL_WIDTH, SMALL_FONT_SIZE)
    width = max(text_width(line, SMALL_FONT_SIZE) for line in lines)
    height = len(lines) * SMALL_FONT_SIZE * 1.2
    return Bounds(bounds.x + bounds.width / 2 - 6 - width, bounds.y - height - 2, width, height)


def _vertical_route(a: Bounds, b: Bounds) -> list[Point]:
    """A message flow between pools: leave through the bottom or top, arrive the other way."""
    down = b.center.y > a.center.y
    start = Point(a.center.x, a.y + a.height if down else a.y)
    end = Point(b.center.x, b.y if down else b.y + b.height)
    mid = (start.y + end.y) / 2
    return [start, Point(start.x, mid), Point(end.x, mid), end]


def route(a: Bounds, b: Bounds, *, source_kind: str, target_kind: str) -> list[Point]:
    """An orthogonal path from box ``a`` to box ``b``, the way people draw BPMN flows."""
    s, t = a.center, b.center
    if abs(s.y - t.y) < min(a.height, b.height) / 2:
        # Nearly level: one straight line at the smaller shape's centre.
        level = s.y if a.height <= b.height else t.y
        s, t = Point(s.x, level), Point(t.x, level)
    if source_kind == "boundary":
        start = Point(s.x, a.y + a.height)
        if t.y > start.y + 10:
            end_x = b.x if b.x > s.x else b.x + b.width
            return [start, Point(s.x, t.y), Point(end_x, t.y)]
        below = start.y + 20
        return [start, Point(s.x, below), Point(t.x, below), Point(t.x, b.y + b.height)]
    if b.x >= a.x + a.width - 1:  # forward
        if abs(s.y - t.y) < 2:
            return [Point(a.x + a.width, s.y), Point(b.x, s.y)]
        if source_kind == "gateway":
            start = Point(s.x, a.y if t.y < s.y else a.y + a.height)
            return [start, Point(s.x, t.y), Point(b.x, t.y)]
        if target_kind == "gateway":
            end = Point(t.x, b.y if s.y < t.y else b.y + b.height)
            return [Point(a.x + a.width, s.y), Point(t.x, s.y), end]
        mid = (a.x + a.width + b.x) / 2
        return [Point(a.x + a.width, s.y), Point(mid, s.y), Point(mid, t.y), Point(b.x, t.y)]
    if b.x + b.width <= a.x + 1 and abs(s.y - t.y) > (a.height + b.height) / 2:
        # Backward to another row: leave towards it, enter from its near side.
        down = t.y > s.y
        start = Point(s.x, a.y + a.height if down else a.y)
        end = Point(t.x, b.y if down else b.y + b.height)
        mid = (start.y + end.y) / 2
        return [start, Point(s.x, mid), Point(t.x, mid), end]
    if b.x + b.width <= a.x + 1:  # backward in the same row: loop around underneath
        below = max(a.y + a.height, b.y + b.height) + 25
        start, end = Point(s.x, a.y + a.height), Point(t.x, b.y + b.height)
        return [start, Point(s.x, below), Point(t.x, below), end]
    # Same column: go straight down or up.
    if t.y >= s.y:
        start, end = Point(s.x, a.y + a.height), Point(t.x, b.y)
    else:
        start, end = Point(s.x, a.y), Point(t.x, b.y + b.height)
    mid = (start.y + end.y) / 2
    return [start, Point(s.x, mid), Point(t.x, mid), end]
