"""Variants of one Japanese procedure (保育所の入所申請), drawn separately: ids never agree.

``document(steps, ...)`` writes a whole BPMN file with lanes, bpr annotations and DI from a
compact description, so tests can make a variant by editing a list. ``AS_IS``, ``CAN_BE``
and ``TO_BE`` are the three variants a BPR team would compare.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace

from lxml import etree

from tests.factories import definitions

LANES = (
    ("保護者", "resident"),
    ("窓口", "staff"),
    ("審査担当", "staff"),
    ("基幹システム", "system"),
)
LANE_HEIGHT = 150
SIZES = {"event": (36, 36), "gateway": (50, 50), "activity": (110, 80)}


@dataclass(frozen=True)
class Step:
    """A flow node: ``key`` names it inside the description; ids come from ``prefix``."""

    key: str
    kind: str
    name: str
    lane: int
    column: float
    attrs: str = ""
    row: int = 0


@dataclass(frozen=True)
class Link:
    source: str
    target: str
    name: str = ""
    attrs: str = ""
    condition: str | None = None


def family(kind: str) -> str:
    if kind.endswith("Event"):
        return "event"
    if kind.endswith("Gateway"):
        return "gateway"
    return "activity"


def document(
    steps: list[Step],
    links: list[Link],
    *,
    prefix: str,
    variant: str,
    dx: float = 0.0,
    lanes: tuple[tuple[str, str], ...] = LANES,
    default: dict[str, str] | None = None,
) -> bytes:
    """A BPMN file; element ids are ``{prefix}_{key}`` and lanes ``{prefix}_Lane{n}``."""
    ids = {s.key: f"{prefix}_{s.key}" for s in steps}
    flow_ids = {(k.source, k.target): f"{prefix}_F_{k.source}_{k.target}" for k in links}
    boxes: dict[str, tuple[float, float, float, float]] = {}
    for step in steps:
        w, h = (float(v) for v in SIZES[family(step.kind)])
        cx = 200 + dx + step.column * 150
        cy = step.lane * LANE_HEIGHT + LANE_HEIGHT / 2 + step.row * 100
        boxes[step.key] = (cx - w / 2, cy - h / 2, w, h)
    lane_xml = []
    for index, (name, actor) in enumerate(lanes):
        refs = "".join(
            f"<bpmn:flowNodeRef>{ids[s.key]}</bpmn:flowNodeRef>" for s in steps if s.lane == index
        )
        lane_xml.append(
            f'<bpmn:lane id="{prefix}_Lane{index}" name="{name}" bpr:actor="{actor}">{refs}'
            "</bpmn:lane>"
        )
    defaults = default or {}
    node_xml = []
    for step in steps:
        extra = ""
        if step.key in defaults:
            extra = f' default="{flow_ids[(step.key, defaults[step.key])]}"'
        node_xml.append(
            f'<bpmn:{step.kind} id="{ids[step.key]}" name="{step.name}"{extra} {step.attrs}/>'
        )
    flow_xml = []
    for link in links:
        label = f' name="{link.name}"' if link.name else ""
        head = (
            f'<bpmn:sequenceFlow id="{flow_ids[(link.source, link.target)]}"{label} '
            f'sourceRef="{ids[link.source]}" targetRef="{ids[link.target]}" {link.attrs}'
        )
        if link.condition is None:
            flow_xml.append(head + "/>")
        else:
            flow_xml.append(
                f'{head}><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">'
                f"{link.condition}</bpmn:conditionExpression></bpmn:sequenceFlow>"
            )
    width = 200 + dx + max(s.column for s in steps) * 150 + 150
    shapes = [
        f'<bpmndi:BPMNShape id="{prefix}_Pool_di" bpmnElement="{prefix}_Pool" '
        f'isHorizontal="true"><dc:Bounds x="{80 + dx}" y="0" width="{width - 80 - dx}" '
        f'height="{LANE_HEIGHT * len(lanes)}"/></bpmndi:BPMNShape>'
    ]
    for index in range(len(lanes)):
        shapes.append(
            f'<bpmndi:BPMNShape id="{prefix}_Lane{index}_di" bpmnElement="{prefix}_Lane{index}" '
            f'isHorizontal="true"><dc:Bounds x="{110 + dx}" y="{index * LANE_HEIGHT}" '
            f'width="{width - 110 - dx}" height="{LANE_HEIGHT}"/></bpmndi:BPMNShape>'
        )
    for step in steps:
        left, top, w, h = boxes[step.key]
        shapes.append(
            f'<bpmndi:BPMNShape id="{ids[step.key]}_di" bpmnElement="{ids[step.key]}">'
            f'<dc:Bounds x="{left}" y="{top}" width="{w}" height="{h}"/></bpmndi:BPMNShape>'
        )
    for link in links:
        sx, sy, sw, sh = boxes[link.source]
        tx, ty, tw, th = boxes[link.target]
        start = (sx + sw, sy + sh / 2)
        end = (tx, ty + th / 2)
        if end[0] < start[0]:  # back to an earlier step: below both
            low = max(sy + sh, ty + th) + 20
            points = [(sx + sw / 2, sy + sh), (sx + sw / 2, low), (tx + tw / 2, low),
                      (tx + tw / 2, ty + th)]  # fmt: skip
        elif start[1] == end[1]:
            points = [start, end]
        else:
            middle = (start[0] + end[0]) / 2
            points = [start, (middle, start[1]), (middle, end[1]), end]
        waypoints = "".join(f'<di:waypoint x="{px}" y="{py}"/>' for px, py in points)
        flow_id = flow_ids[(link.source, link.target)]
        shapes.append(
            f'<bpmndi:BPMNEdge id="{flow_id}_di" bpmnElement="{flow_id}">{waypoints}'
            "</bpmndi:BPMNEdge>"
        )
    body = "\n".join(
        [
            f'<bpmn:collaboration id="{prefix}_Collab"><bpmn:participant id="{prefix}_Pool" '
            f'name="子ども家庭課" processRef="{prefix}_Process"/>'
            "</bpmn:collaboration>",
            f'<bpmn:process id="{prefix}_Process" name="保育所入所申請（{variant}）" '
            f'isExecutable="false" bpr:procedure="hoikusho" bpr:variant="{variant}">',
            f'<bpmn:laneSet id="{prefix}_LaneSet">{"".join(lane_xml)}</bpmn:laneSet>',
            *node_xml,
            *flow_xml,
            "</bpmn:process>",
            f'<bpmndi:BPMNDiagram id="{prefix}_Diagram"><bpmndi:BPMNPlane id="{prefix}_Plane" '
            f'bpmnElement="{prefix}_Collab">',
            *shapes,
            "</bpmndi:BPMNPlane></bpmndi:BPMNDiagram>",
        ]
    )
    return definitions(body, root_id=f"{prefix}_Definitions")


# --- the three variants --------------------------------------------------------------------

AS_IS_STEPS = [
    Step("start", "startEvent", "入所を希望", 0, 0),
    Step("get", "manualTask", "申請書を窓口で受け取る", 0, 1,
         'bpr:duration="PT30M" bpr:wait="P1D" bpr:channel="counter"'),
    Step("fill", "manualTask", "申請書を記入する", 0, 2, 'bpr:duration="PT40M" bpr:paper="4"'),
    Step("submit", "manualTask", "窓口に提出する", 0, 3,
         'bpr:duration="PT30M" bpr:channel="counter" bpr:seal="true"'),
    Step("check", "userTask", "書類を確認する", 1, 4, 'bpr:duration="PT20M"'),
    Step("complete", "exclusiveGateway", "書類は揃っているか", 1, 5),
    Step("enter", "userTask", "システムに入力する", 1, 6, 'bpr:duration="PT15M" bpr:rekey="true"'),
    Step("score", "task", "指数を計算する", 2, 7, 'bpr:duration="PT20M"'),
    Step("approve", "userTask", "決裁する", 2, 8,
         'bpr:duration="PT10M" bpr:wait="P5D" bpr:approval="true" bpr:seal="true"'),
    Step("notify", "sendTask", "結果を郵送する", 1, 9,
         'bpr:duration="PT5M" bpr:wait="P3D" bpr:paper="1"'),
    Step("end", "endEvent", "審査完了", 1, 10),
]  # fmt: skip
AS_IS_LINKS = [
    Link("start", "get"),
    Link("get", "fill"),
    Link("fill", "submit"),
    Link("submit", "check"),
    Link("check", "complete"),
    Link("complete", "enter", "はい", 'bpr:probability="0.7"'),
    Link("complete", "fill", "いいえ（補正）", 'bpr:probability="0.3"', condition="not ok"),
    Link("enter", "score"),
    Link("score", "approve"),
    Link("approve", "notify"),
    Link("notify", "end"),
]

CAN_BE_STEPS = [
    Step("start", "startEvent", "入所を希望", 0, 0),
    Step("fill", "userTask", "申請書を記入する", 0, 1,
         'bpr:duration="PT30M" bpr:paper="4" bpr:channel="online"'),
    Step("submit", "manualTask", "窓口に提出する", 0, 2,
         'bpr:duration="PT20M" bpr:channel="counter"'),
    Step("check", "userTask", "書類を確認する", 1, 3, 'bpr:duration="PT15M"'),
    Step("complete", "exclusiveGateway", "書類は揃っているか", 1, 4),
    Step("enter", "userTask", "システムに入力する", 1, 5, 'bpr:duration="PT15M" bpr:rekey="true"'),
    Step("score", "scriptTask", "指数を計算する", 3, 6, 'bpr:duration="PT1M"'),
    Step("approve", "userTask", "決裁する", 2, 7,
         'bpr:duration="PT10M" bpr:wait="P3D" bpr:approval="true"'),
    Step("notify", "sendTask", "結果を郵送する", 1, 8,
         'bpr:duration="PT5M" bpr:wait="P3D" bpr:paper="1"'),
    Step("end", "endEvent", "審査完了", 1, 9),
]  # fmt: skip
CAN_BE_LINKS = [
    Link("start", "fill"),
    Link("fill", "submit"),
    Link("submit", "check"),
    Link("check", "complete"),
    Link("complete", "enter", "はい", 'bpr:probability="0.8"'),
    Link("complete", "fill", "いいえ（補正）", 'bpr:probability="0.2"', condition="not ok"),
    Link("enter", "score"),
    Link("score", "approve"),
    Link("approve", "notify"),
    Link("notify", "end"),
]

TO_BE_STEPS = [
    Step("start", "startEvent", "入所を希望", 0, 0),
    Step("apply", "userTask", "オンラインで申請する", 0, 1,
         'bpr:duration="PT20M" bpr:channel="online" bpr:lifts="ordinance,form"'),
    Step("check", "userTask", "書類を確認する", 1, 2, 'bpr:duration="PT5M"'),
    Step("complete", "exclusiveGateway", "書類は揃っているか", 1, 3),
    Step("fix", "userTask", "補正する", 0, 4, 'bpr:duration="PT10M" bpr:channel="online"'),
    Step("score", "scriptTask", "指数を計算する", 3, 5, 'bpr:duration="PT1M"'),
    Step("approve", "userTask", "決裁する", 2, 6,
         'bpr:duration="PT3M" bpr:wait="P1D" bpr:approval="true"'),
    Step("notify", "sendTask", "結果を通知する", 3, 7, 'bpr:duration="PT1M" bpr:channel="online"'),
    Step("end", "endEvent", "審査完了", 1, 8),
]  # fmt: skip
TO_BE_LINKS = [
    Link("start", "apply"),
    Link("apply", "check"),
    Link("check", "complete"),
    Link("complete", "score", "はい", 'bpr:probability="0.9"'),
    Link("complete", "fix", "いいえ（補正）", 'bpr:probability="0.1"', condition="not ok"),
    Link("fix", "check"),
    Link("score", "approve"),
    Link("approve", "notify"),
    Link("notify", "end"),
]

AS_IS = document(
    AS_IS_STEPS, AS_IS_LINKS, prefix="AsIs", variant="as-is", default={"complete": "enter"}
)
CAN_BE = document(
    CAN_BE_STEPS,
    CAN_BE_LINKS,
    prefix="Activity_0cb",
    variant="can-be",
    dx=40,
    default={"complete": "enter"},
)
TO_BE = document(
    TO_BE_STEPS,
    TO_BE_LINKS,
    prefix="Activity_1tb",
    variant="to-be",
    dx=-30,
    default={"complete": "score"},
)


def step(steps: list[Step], key: str, **changes: object) -> list[Step]:
    """``steps`` with the step ``key`` changed (dataclasses.replace)."""
    return [replace(s, **changes) if s.key == key else s for s in steps]  # type: ignore[arg-type]


# --- the same model, written differently ---------------------------------------------------


def renamed(data: bytes, *, seed: int = 0, shuffle: bool = False) -> bytes:
    """``data`` with every id replaced (and every reference to it), as a separately drawn
    copy would have; with ``shuffle`` the elements are also written in another order."""
    root = etree.fromstring(data)
    rng = random.Random(seed)
    elements = [e for e in root.iter() if isinstance(e.tag, str)]
    mapping = {
        old: f"Id_{rng.randrange(16**8):08x}_{n}"
        for n, old in enumerate(e.get("id") for e in elements if e.get("id"))
        if old is not None
    }
    for element in elements:
        for name, given in list(element.attrib.items()):
            value = str(given)
            if value in mapping:
                element.set(name, mapping[value])
            elif value.split() and all(v in mapping for v in value.split()):
                element.set(name, " ".join(mapping[v] for v in value.split()))
        text = (element.text or "").strip()
        if len(element) == 0 and text in mapping:
            element.text = mapping[text]
    if shuffle:
        for parent in elements:
            children = [c for c in parent if isinstance(c.tag, str)]
            local = etree.QName(parent).localname
            if local in {"process", "laneSet", "lane", "subProcess", "BPMNPlane", "definitions"}:
                movable = [c for c in children if etree.QName(c).localname != "laneSet"]
                rng.shuffle(movable)
                for child in movable:
                    parent.remove(child)
                    parent.append(child)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")
