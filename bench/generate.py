"""Realistic generated BPMN models of a chosen size, for benchmarks.

A municipal procedure grows block by block: plain steps, review loops on exclusive
gateways, choices with probabilities, parallel checks and sub-processes, spread over four
lanes with bpr annotations, and DI for every element. Deterministic for a given seed.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass, field

NAMESPACES = (
    'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" '
    'xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" '
    'xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" '
    'xmlns:di="http://www.omg.org/spec/DD/20100524/DI" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    'xmlns:bpr="urn:machiflow:bpr:1"'
)
LANES: tuple[tuple[str, str, str], ...] = (
    ("Lane_Resident", "住民", "resident"),
    ("Lane_Counter", "窓口", "staff"),
    ("Lane_Chief", "課長", "staff"),
    ("Lane_System", "基幹システム", "system"),
)
LANE_HEIGHT = 300
STEP = 150  # horizontal distance between consecutive columns
TASK_W, TASK_H = 100, 80
SMALL = 36  # events
GATEWAY = 50
TASK_TYPES = ("userTask", "manualTask", "serviceTask", "task")
CHANNELS = ("counter", "online", "mail", "phone")


@dataclass
class Node:
    id: str
    kind: str
    name: str
    lane: int
    x: float
    y: float
    width: float
    height: float
    attrs: str = ""
    parent: str | None = None
    children: list[Node] = field(default_factory=list)
    flows: list[Flow] = field(default_factory=list)  # flows inside a sub-process

    @property
    def right(self) -> tuple[float, float]:
        return self.x + self.width, self.y + self.height / 2

    @property
    def left(self) -> tuple[float, float]:
        return self.x, self.y + self.height / 2


@dataclass
class Flow:
    id: str
    source: Node
    target: Node
    attrs: str = ""
    condition: str | None = None


class _Builder:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.nodes: list[Node] = []  # process level
        self.flows: list[Flow] = []
        self.counter = 0
        self.column = 0
        self.count = 0  # flow nodes at every level

    def new_id(self, prefix: str) -> str:
        self.counter += 1
        return f"{prefix}_{self.counter}"

    def place(self, kind: str, lane: int, *, column: float, row: int = 0, name: str = "") -> Node:
        width, height = {"event": (SMALL, SMALL), "gateway": (GATEWAY, GATEWAY)}.get(
            _family(kind), (TASK_W, TASK_H)
        )
        x = 200 + column * STEP + (TASK_W - width) / 2
        y = lane * LANE_HEIGHT + 40 + row * 120 + (TASK_H - height) / 2
        node = Node(self.new_id(kind), kind, name, lane, x, y, width, height)
        self.count += 1
        return node

    def task(self, lane: int, column: float, row: int = 0) -> Node:
        kind = self.rng.choice(TASK_TYPES) if lane != 3 else "serviceTask"
        node = self.place(kind, lane, column=column, row=row, name=f"手順{self.counter + 1}")
        minutes = self.rng.randint(1, 30)
        node.attrs = f'bpr:duration="PT{minutes}M" bpr:paper="{self.rng.randint(0, 3)}"'
        if lane == 0:
            node.attrs += f' bpr:channel="{self.rng.choice(CHANNELS)}"'
        if lane == 2:
            node.attrs += ' bpr:approval="true" bpr:seal="true" bpr:wait="P2D"'
        return node

    def flow(self, source: Node, target: Node, into: list[Flow], **kw: str) -> Flow:
        made = Flow(self.new_id("Flow"), source, target, **kw)
        into.append(made)
        return made

    def link(self, source: Node, target: Node, **kw: str) -> Flow:
        return self.flow(source, target, self.flows, **kw)

    # --- blocks: each takes the node to continue from and returns the new tail ----------
    def step(self, tail: Node) -> Node:
        self.column += 1
        node = self.task(self.rng.randrange(len(LANES)), self.column)
        self.nodes.append(node)
        self.link(tail, node)
        return node

    def review_loop(self, tail: Node) -> Node:
        """Check, and send back to the resident for corrections in one case out of five."""
        lane = self.rng.choice((1, 2))
        merge = self.place("exclusiveGateway", lane, column=self.column + 1, name="再確認")
        check = self.task(lane, self.column + 2)
        split = self.place("exclusiveGateway", lane, column=self.column + 3, name="不備あり?")
        fix = self.task(0, self.column + 2, row=1)
        accept = self.task(lane, self.column + 4)
        self.column += 4
        self.nodes += [merge, check, split, fix, accept]
        self.link(tail, merge)
        self.link(merge, check)
        self.link(check, split)
        self.link(split, fix, attrs='name="不備" bpr:probability="0.2"', condition="ng")
        self.link(fix, merge)
        split.attrs = f'default="{self.link(split, accept).id}"'
        return accept

    def choice(self, tail: Node) -> Node:
        lane = self.rng.choice((1, 3))
        split = self.place("exclusiveGateway", lane, column=self.column + 1, name="区分")
        merge = self.place("exclusiveGateway", lane, column=self.column + 3, name="合流")
        self.nodes.append(split)
        self.link(tail, split)
        usual = self.task(lane, self.column + 2)
        special = self.task(lane, self.column + 2, row=1)
        self.nodes += [usual, special]
        default = self.link(split, usual, attrs='bpr:probability="0.7"')
        split.attrs = f'default="{default.id}"'
        self.link(split, special, attrs='name="特例" bpr:probability="0.3"', condition="special")
        self.link(usual, merge)
        self.link(special, merge)
        self.nodes.append(merge)
        self.column += 3
        return merge

    def parallel(self, tail: Node) -> Node:
        lane = 1
        split = self.place("parallelGateway", lane, column=self.column + 1, name="並行確認")
        join = self.place("parallelGateway", lane, column=self.column + 4, name="確認完了")
        self.nodes.append(split)
        self.link(tail, split)
        for row, branch_lane in enumerate((1, 3, 2)):
            first = self.task(branch_lane, self.column + 2, row=row % 2)
            second = self.task(branch_lane, self.column + 3, row=row % 2)
            self.nodes += [first, second]
            self.link(split, first)
            self.link(first, second)
            self.link(second, join)
        self.nodes.append(join)
        self.column += 4
        return join

    def sub_process(self, tail: Node) -> Node:
        lane = 1
        inner = 3
        sub = self.place("subProcess", lane, column=self.column + 1, name="書類審査")
        sub.width = (inner + 2) * STEP
        sub.height = 200
        sub.attrs = 'bpr:wait="P1D"'
        start = self.place("startEvent", lane, column=self.column + 1.3, name="審査開始")
        nodes = [start] + [self.task(lane, self.column + 2 + i) for i in range(inner)]
        end = self.place("endEvent", lane, column=self.column + 2 + inner - 0.3, name="審査終了")
        nodes.append(end)
        for child in nodes:
            child.parent = sub.id
            child.y += 40
        sub.children = nodes
        for source, target in itertools.pairwise(nodes):
            self.flow(source, target, sub.flows)
        self.nodes.append(sub)
        self.link(tail, sub)
        self.column += inner + 2
        return sub

    def build(self, size: int) -> None:
        start = self.place("startEvent", 0, column=0, name="申請")
        start.attrs = 'bpr:channel="online"'
        self.nodes.append(start)
        tail = start
        # Plain steps twice as often as each kind of structure.
        blocks = [self.step, self.step, self.review_loop, self.choice, self.parallel]
        blocks.append(self.sub_process)
        while self.count < size - 1:
            tail = self.rng.choice(blocks)(tail)
        end = self.place("endEvent", 1, column=self.column + 1, name="完了")
        self.nodes.append(end)
        self.link(tail, end)


def _family(kind: str) -> str:
    if kind.endswith("Event"):
        return "event"
    if kind.endswith("Gateway"):
        return "gateway"
    return "activity"


def _node_xml(node: Node) -> str:
    name = f' name="{node.name}"' if node.name else ""
    if node.kind != "subProcess":
        return f'<bpmn:{node.kind} id="{node.id}"{name} {node.attrs}/>'
    inner = "\n".join(_node_xml(child) for child in node.children)
    flows = "\n".join(_flow_xml(flow) for flow in node.flows)
    return (
        f'<bpmn:subProcess id="{node.id}"{name} {node.attrs}>\n{inner}\n{flows}\n</bpmn:subProcess>'
    )


def _flow_xml(flow: Flow) -> str:
    head = (
        f'<bpmn:sequenceFlow id="{flow.id}" sourceRef="{flow.source.id}" '
        f'targetRef="{flow.target.id}" {flow.attrs}'
    )
    if flow.condition is None:
        return head + "/>"
    return (
        f'{head}><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression" language="python">'
        f"{flow.condition}"
        "</bpmn:conditionExpression></bpmn:sequenceFlow>"
    )


def _shape(node: Node, extra: str = "") -> str:
    return (
        f'<bpmndi:BPMNShape id="{node.id}_di" bpmnElement="{node.id}"{extra}>'
        f'<dc:Bounds x="{node.x:.0f}" y="{node.y:.0f}" width="{node.width:.0f}" '
        f'height="{node.height:.0f}"/></bpmndi:BPMNShape>'
    )


def _edge(flow: Flow) -> str:
    (x1, y1), (x2, y2) = flow.source.right, flow.target.left
    if x2 < x1:  # a loop back: go below both nodes
        low = max(flow.source.y + flow.source.height, flow.target.y + flow.target.height) + 30
        points = [(x1, y1), (x1 + 20, y1), (x1 + 20, low), (x2 - 20, low), (x2 - 20, y2), (x2, y2)]
    elif y1 == y2:
        points = [(x1, y1), (x2, y2)]
    else:
        middle = (x1 + x2) / 2
        points = [(x1, y1), (middle, y1), (middle, y2), (x2, y2)]
    waypoints = "".join(f'<di:waypoint x="{x:.0f}" y="{y:.0f}"/>' for x, y in points)
    return (
        f'<bpmndi:BPMNEdge id="{flow.id}_di" bpmnElement="{flow.id}">{waypoints}</bpmndi:BPMNEdge>'
    )


def generate(size: int, *, seed: int = 1) -> bytes:
    """A model with about ``size`` flow nodes (at every level), as BPMN 2.0 XML bytes."""
    builder = _Builder(seed)
    builder.build(size)
    nodes = builder.nodes
    every = [n for node in nodes for n in (node, *node.children)]
    lanes = []
    for index, (lane_id, name, actor) in enumerate(LANES):
        refs = "".join(
            f"<bpmn:flowNodeRef>{n.id}</bpmn:flowNodeRef>" for n in nodes if n.lane == index
        )
        lanes.append(
            f'<bpmn:lane id="{lane_id}" name="{name}" bpr:actor="{actor}">{refs}</bpmn:lane>'
        )
    width = 400 + (builder.column + 2) * STEP
    shapes = [
        f'<bpmndi:BPMNShape id="Pool_di" bpmnElement="Pool" isHorizontal="true">'
        f'<dc:Bounds x="100" y="0" width="{width}" height="{LANE_HEIGHT * len(LANES)}"/>'
        "</bpmndi:BPMNShape>"
    ]
    for index, (lane_id, _, _) in enumerate(LANES):
        shapes.append(
            f'<bpmndi:BPMNShape id="{lane_id}_di" bpmnElement="{lane_id}" isHorizontal="true">'
            f'<dc:Bounds x="130" y="{index * LANE_HEIGHT}" width="{width - 30}" '
            f'height="{LANE_HEIGHT}"/></bpmndi:BPMNShape>'
        )
    shapes += [_shape(n, ' isExpanded="true"' if n.children else "") for n in every]
    all_flows = builder.flows + [f for node in nodes for f in node.flows]
    edges = [_edge(f) for f in all_flows]
    body = "\n".join(
        [
            '<bpmn:collaboration id="Collaboration_1">'
            '<bpmn:participant id="Pool" name="区役所" processRef="Process_1"/>'
            "</bpmn:collaboration>",
            '<bpmn:process id="Process_1" name="生成された手続" isExecutable="false" '
            'bpr:procedure="generated" bpr:variant="as-is">',
            f'<bpmn:laneSet id="LaneSet_1">{"".join(lanes)}</bpmn:laneSet>',
            *(_node_xml(n) for n in nodes),
            *(_flow_xml(f) for f in builder.flows),
            "</bpmn:process>",
            '<bpmndi:BPMNDiagram id="Diagram_1"><bpmndi:BPMNPlane id="Plane_1" '
            'bpmnElement="Collaboration_1">',
            *shapes,
            *edges,
            "</bpmndi:BPMNPlane></bpmndi:BPMNDiagram>",
        ]
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<bpmn:definitions {NAMESPACES} id="Definitions_generated" '
        'targetNamespace="http://example.org/machiflow-bench">\n'
        f"{body}\n</bpmn:definitions>\n"
    ).encode()


if __name__ == "__main__":
    import sys

    sys.stdout.buffer.write(generate(int(sys.argv[1]) if len(sys.argv) > 1 else 100))
